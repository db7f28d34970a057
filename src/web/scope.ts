// The agency tree as the access rules see it: a user works for one agency; a supervisor oversees the subtree under
// theirs (region → agencies → departments).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';

export interface AgencyNode {
  readonly id: number;
  readonly parentId: number | null;
  readonly name: string;
  readonly code: string;
  readonly level: string;
  readonly kind: string;
  readonly depth: number;
  readonly children: AgencyNode[];
}

/** The ids of `rootId` and every agency below it. */
export async function subtreeIds(db: Executor, rootId: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`with recursive t(id) as (select id from agencies where id = ${rootId}
          union all select a.id from agencies a join t on a.parent_id = t.id)
        select id from t`,
  );
  return rows.map((r) => Number(r.id));
}

/** Whether `agencyId` is `rootId` or lies below it. */
export async function inSubtree(db: Executor, rootId: number, agencyId: number): Promise<boolean> {
  if (rootId === agencyId) return true;
  const [row] = await queryRows<{ ok: boolean }>(
    db,
    sql`with recursive up(id, parent_id) as (select id, parent_id from agencies where id = ${agencyId}
          union all select a.id, a.parent_id from agencies a join up on a.id = up.parent_id)
        select exists(select 1 from up where id = ${rootId}) as ok`,
  );
  return Boolean(row?.ok);
}

/** The subtree under `rootId` as nested nodes, children ordered by name. */
export async function agencyTree(db: Executor, rootId: number): Promise<AgencyNode | null> {
  const rows = await queryRows<{
    id: number;
    parent_id: number | null;
    name: string;
    code: string;
    level: string;
    kind: string;
    depth: number;
  }>(
    db,
    sql`with recursive t(id, depth) as (select id, 0 from agencies where id = ${rootId}
          union all select a.id, t.depth + 1 from agencies a join t on a.parent_id = t.id)
        select a.id, a.parent_id, a.name, a.code, a.level, a.kind, t.depth from t join agencies a on a.id = t.id
        order by t.depth, a.name`,
  );
  const nodes = new Map<number, AgencyNode>();
  for (const r of rows)
    nodes.set(Number(r.id), {
      id: Number(r.id),
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      name: r.name,
      code: r.code,
      level: r.level,
      kind: r.kind,
      depth: Number(r.depth),
      children: [],
    });
  for (const n of nodes.values())
    if (n.id !== rootId && n.parentId !== null) nodes.get(n.parentId)?.children.push(n);
  return nodes.get(rootId) ?? null;
}

/** Depth-first list of a tree's nodes (the order the pages print them in). */
export function flattenTree(root: AgencyNode | null): AgencyNode[] {
  const out: AgencyNode[] = [];
  const walk = (n: AgencyNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  if (root) walk(root);
  return out;
}

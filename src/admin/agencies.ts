// The agency tree, as the operator manages it (`gongkai agency …` and the administration page): add, rename, move
// under another parent, and mark an internal office as not receiving applications. Every change is audited in its
// transaction. Renaming changes the name printed on new letters and reports; letters already issued keep theirs.
import { eq, sql } from 'drizzle-orm';
import { type Agency, type AgencyInput, createAgency, PARENT_LEVELS } from '../cases/agencies.ts';
import { CaseError } from '../cases/errors.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencies } from '../db/schema/agencies.ts';
import type { AgencyLevel } from '../db/schema/vocabulary.ts';
import { AdminError } from './errors.ts';

export type { Agency };

/** By code (as the CLI takes it) or numeric id (the web). */
export async function findAgency(db: Executor, codeOrId: string | number): Promise<Agency> {
  const [row] = await db
    .select()
    .from(agencies)
    .where(typeof codeOrId === 'number' ? eq(agencies.id, codeOrId) : eq(agencies.code, codeOrId.trim()));
  if (!row) throw new AdminError('NOT_FOUND', `机关 ${codeOrId} 不存在`, 'agency');
  return row;
}

export interface AddAgencyInput extends AgencyInput {
  /** False for an internal office that does not receive applications in its own name. */
  readonly receivesApplications?: boolean;
}

export async function addAgency(db: Db, input: AddAgencyInput, actor: string): Promise<Agency> {
  return db.transaction(async (tx) => {
    let row: Agency;
    try {
      row = await createAgency(tx, input, { actor });
    } catch (e) {
      if (e instanceof CaseError)
        throw new AdminError(
          e.code === 'CONFLICT' ? 'CONFLICT' : e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID',
          e.message,
          e.code === 'CONFLICT' ? 'code' : undefined,
        );
      throw e;
    }
    if (input.receivesApplications === false) {
      row = await changeAgency(
        tx,
        row.id,
        actor,
        'agency.receiving',
        { receivesApplications: true },
        {
          receivesApplications: false,
        },
      );
    }
    return row;
  });
}

/** The columns an administrator changes, as they were and as they become. */
type AgencyChange = Partial<Pick<Agency, 'name' | 'parentId' | 'receivesApplications'>>;

/** Change an agency's columns and write the audit entry, both in the caller's transaction. */
async function changeAgency(
  tx: Executor,
  id: number,
  actor: string,
  action: 'agency.rename' | 'agency.move' | 'agency.receiving',
  before: AgencyChange,
  after: AgencyChange,
): Promise<Agency> {
  const [row] = await tx.update(agencies).set(after).where(eq(agencies.id, id)).returning();
  await writeAudit(tx, { actor, action, entity: 'agency', entityId: id, before, after });
  return row as Agency;
}

export async function renameAgency(
  db: Db,
  agency: string | number,
  name: string,
  actor: string,
): Promise<{ agency: Agency; changed: boolean }> {
  const next = name.trim();
  if (!next) throw new AdminError('INVALID', '机关名称不能为空', 'name');
  if (next.length > 100) throw new AdminError('INVALID', '机关名称过长（最多 100 个字）', 'name');
  return db.transaction(async (tx) => {
    const a = await findAgency(tx, agency);
    if (a.name === next) return { agency: a, changed: false };
    const row = await changeAgency(tx, a.id, actor, 'agency.rename', { name: a.name }, { name: next });
    return { agency: row, changed: true };
  });
}

/**
 * Move an agency (with everything below it) under another parent, or to the top (`parent` null). The tree rules
 * of createAgency hold: a department sits under an agency or department, an agency or region under a region or
 * at the top; and an agency cannot move under itself or its own descendants.
 */
export async function moveAgency(
  db: Db,
  agency: string | number,
  parent: string | number | null,
  actor: string,
): Promise<{ agency: Agency; parent: Agency | null; changed: boolean }> {
  return db.transaction(async (tx) => {
    const a = await findAgency(tx, agency);
    const p =
      parent === null
        ? null
        : await findAgency(tx, parent).catch((e) => {
            if (e instanceof AdminError)
              throw new AdminError('NOT_FOUND', `上级机关 ${parent} 不存在`, 'parentId');
            throw e;
          });
    if ((p?.id ?? null) === a.parentId) return { agency: a, parent: p, changed: false };
    if (p) {
      const [inside] = await queryRows<{ ok: boolean }>(
        tx,
        sql`with recursive t(id) as (select ${a.id}::int union all
              select x.id from agencies x join t on x.parent_id = t.id)
            select exists(select 1 from t where id = ${p.id}) as ok`,
      );
      if (inside?.ok)
        throw new AdminError('INVALID', `不能把 ${a.name} 移到它自己或它的下级 ${p.name} 之下`, 'parentId');
    }
    const allowed = PARENT_LEVELS[a.level as AgencyLevel] ?? [];
    if (!allowed.includes((p?.level as AgencyLevel | undefined) ?? null))
      throw new AdminError(
        'INVALID',
        `${LEVEL_NAMES[a.level] ?? a.level}“${a.name}”不能${p ? `隶属于${LEVEL_NAMES[p.level] ?? p.level}“${p.name}”` : '没有上级'}`,
        'parentId',
      );
    const row = await changeAgency(
      tx,
      a.id,
      actor,
      'agency.move',
      { parentId: a.parentId },
      { parentId: p?.id ?? null },
    );
    return { agency: row, parent: p, changed: true };
  });
}

export const LEVEL_NAMES: Record<string, string> = {
  region: '行政区域',
  agency: '机关',
  department: '内设机构',
};

/**
 * Whether an agency receives applications in its own name (《条例》第二十七条). An internal office such as a
 * 党政办公室 does not: intake refuses it as the receiving agency, and no reply is issued in its name.
 */
export async function setReceivesApplications(
  db: Db,
  agency: string | number,
  receives: boolean,
  actor: string,
): Promise<{ agency: Agency; changed: boolean }> {
  return db.transaction(async (tx) => {
    const a = await findAgency(tx, agency);
    if (a.receivesApplications === receives) return { agency: a, changed: false };
    if (receives && a.level === 'region')
      throw new AdminError('INVALID', `${a.name}是行政区域，不是受理机关`, 'receivesApplications');
    const row = await changeAgency(
      tx,
      a.id,
      actor,
      'agency.receiving',
      { receivesApplications: a.receivesApplications },
      { receivesApplications: receives },
    );
    return { agency: row, changed: true };
  });
}

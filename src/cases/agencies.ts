// Agencies: the tree region → agency → department. Annual reports are compiled per agency, and an agency's report
// counts the cases of its departments (内设机构 handle applications on the agency's behalf).
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencies } from '../db/schema/agencies.ts';
import { AGENCY_KINDS, AGENCY_LEVELS, type AgencyKind, type AgencyLevel } from '../db/schema/vocabulary.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError, invalid, notFound } from './errors.ts';

export type Agency = typeof agencies.$inferSelect;

export interface AgencyInput {
  code: string;
  name: string;
  level: AgencyLevel;
  kind: AgencyKind;
  /** Code of the parent. */
  parent?: string | null;
}

export const PARENT_LEVELS: Record<AgencyLevel, readonly (AgencyLevel | null)[]> = {
  region: [null, 'region'],
  agency: [null, 'region'],
  department: ['agency', 'department'],
};

export async function createAgency(
  db: Executor,
  input: AgencyInput,
  ctx: Pick<UseCaseContext, 'actor'>,
): Promise<Agency> {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(input.code))
    throw invalid(`机关代码“${input.code}”无效：应为 1–32 位字母、数字或连字符（用于案件编号）`);
  if (!input.name?.trim()) throw invalid('机关名称不能为空');
  if (!AGENCY_LEVELS.includes(input.level))
    throw invalid(`层级“${String(input.level)}”无效（region / agency / department）`);
  if (!AGENCY_KINDS.includes(input.kind))
    throw invalid(`机关类型“${String(input.kind)}”无效（${AGENCY_KINDS.join(' / ')}）`);
  const parent = input.parent ? await findAgency(db, input.parent) : null;
  if (!PARENT_LEVELS[input.level].includes((parent?.level as AgencyLevel | undefined) ?? null))
    throw invalid(`${input.level} 不能隶属于 ${parent ? parent.level : '（无上级）'}`);
  const [exists] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, input.code));
  if (exists) throw new CaseError('CONFLICT', `机关代码“${input.code}”已被使用`);
  const [row] = await db
    .insert(agencies)
    .values({
      code: input.code,
      name: input.name.trim(),
      level: input.level,
      kind: input.kind,
      parentId: parent?.id ?? null,
    })
    .returning();
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'agency.create',
    entity: 'agency',
    entityId: row!.id,
    after: row,
  });
  return row!;
}

/** By code (as the CLI takes it) or numeric id. */
export async function findAgency(db: Executor, codeOrId: string | number): Promise<Agency> {
  const [row] = await db
    .select()
    .from(agencies)
    .where(typeof codeOrId === 'number' ? eq(agencies.id, codeOrId) : eq(agencies.code, codeOrId));
  if (!row) throw notFound('机关', codeOrId);
  return row;
}

/**
 * The agency whose annual report counts a case of `agencyId`: the nearest ancestor-or-self that is not a
 * department. Year locks are kept on it.
 */
export async function reportingAgencyId(db: Executor, agencyId: number): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`with recursive up(id, parent_id, level, depth) as (
          select id, parent_id, level, 0 from agencies where id = ${agencyId}
          union all
          select a.id, a.parent_id, a.level, u.depth + 1 from up u join agencies a on a.id = u.parent_id
           where u.level = 'department'
        )
        select id from up where level <> 'department' order by depth limit 1`,
  );
  return row?.id ?? agencyId;
}

/** The agency and its departments, recursively (not the agencies of a region below it). */
export function agencyAndDepartmentsSql(agencyId: number) {
  return sql`with recursive scope(id) as (
      select id from agencies where id = ${agencyId}
      union all
      select a.id from agencies a join scope s on a.parent_id = s.id where a.level = 'department'
    )`;
}

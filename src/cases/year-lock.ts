// Year lock. Once an agency's annual report for a year is published, the numbers of that year are public record:
// a later change to a case in that period must not move them silently. It needs an explicit amendment (with a
// reason), which the audit log keeps; without one the change is refused with YEAR_LOCKED.
import { and, eq, inArray } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { yearLocks } from '../db/schema/year-locks.ts';
import { findAgency, reportingAgencyId } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError, invalid } from './errors.ts';

export async function lockYear(
  db: Executor,
  input: { agency: string | number; year: number; note?: string | null },
  ctx: Pick<UseCaseContext, 'actor'>,
): Promise<void> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2200)
    throw invalid(`年份“${input.year}”无效`);
  const agency = await findAgency(db, input.agency);
  if (agency.level === 'department')
    throw invalid(`${agency.name}是内设机构，年度报告按其所属机关锁定（请指定所属机关）`);
  const [exists] = await db
    .select()
    .from(yearLocks)
    .where(and(eq(yearLocks.agencyId, agency.id), eq(yearLocks.year, input.year)));
  if (exists)
    throw new CaseError(
      'CONFLICT',
      `${agency.name} ${input.year} 年度已于 ${exists.lockedAt.toISOString().slice(0, 10)} 锁定`,
    );
  const [row] = await db
    .insert(yearLocks)
    .values({ agencyId: agency.id, year: input.year, lockedBy: ctx.actor, note: input.note ?? null })
    .returning();
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'year.lock',
    entity: 'year_lock',
    entityId: `${agency.id}:${input.year}`,
    after: row,
  });
}

export async function lockedYears(db: Executor, agencyId: number): Promise<number[]> {
  const reporting = await reportingAgencyId(db, agencyId);
  const rows = await db
    .select({ year: yearLocks.year })
    .from(yearLocks)
    .where(eq(yearLocks.agencyId, reporting));
  return rows.map((r) => r.year).sort((a, b) => a - b);
}

/** Every year from `from` to `to` inclusive: the years a case spans in the reports (received … concluded). */
export function yearsBetween(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}

export interface GuardTarget {
  /** The audit action of the change being guarded, e.g. "case.event.replied". */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | number;
  /** A short Chinese description of the change for the message: "案件 X 的答复". */
  readonly what: string;
}

/**
 * Refuse a change that touches a locked year of the case's agency, unless `ctx.amendment` gives a reason — then
 * record the amendment in the audit log (in the caller's transaction).
 */
export async function guardLockedYears(
  db: Executor,
  agencyId: number,
  years: readonly number[],
  ctx: Pick<UseCaseContext, 'actor' | 'amendment'>,
  target: GuardTarget,
): Promise<void> {
  const wanted = [...new Set(years)].filter((y) => Number.isInteger(y));
  if (wanted.length === 0) return;
  const reporting = await reportingAgencyId(db, agencyId);
  const locks = await db
    .select({ year: yearLocks.year })
    .from(yearLocks)
    .where(and(eq(yearLocks.agencyId, reporting), inArray(yearLocks.year, wanted)));
  if (locks.length === 0) return;
  const locked = locks.map((l) => l.year).sort((a, b) => a - b);
  const reason = ctx.amendment?.reason?.trim();
  if (!reason) {
    throw new CaseError(
      'YEAR_LOCKED',
      `${target.what}：涉及 ${locked.join('、')} 年度，该年度的政府信息公开工作年度报告已发布、数据已锁定；如确需更改，请以更正方式办理（注明更正理由，如 --amend "理由"），更正将记入审计日志`,
      { years: locked, ...target },
    );
  }
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'year.amendment',
    entity: target.entity,
    entityId: target.entityId,
    after: { years: locked, reason, change: target.action },
  });
}

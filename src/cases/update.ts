// Correcting a case's particulars after intake. A change of the applicant type moves the case between 表三
// columns in every year it spans, so every one of those years must be open (or the change an amendment).
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/handle.ts';
import { cases } from '../db/schema/cases.ts';
import type { ApplicantType } from '../db/schema/vocabulary.ts';
import { assertApplicantType } from './applicants.ts';
import type { UseCaseContext } from './context.ts';
import { invalid } from './errors.ts';
import { lockCase } from './events.ts';
import type { CaseRow } from './timeline.ts';
import { guardLockedYears, yearsBetween } from './year-lock.ts';

export interface CasePatch {
  description?: string;
  formWanted?: string | null;
  deliveryWanted?: string | null;
  applicantType?: ApplicantType;
}

export async function updateCaseDetails(
  db: Db,
  code: string,
  patch: CasePatch,
  ctx: UseCaseContext,
): Promise<CaseRow> {
  if (patch.applicantType !== undefined) assertApplicantType(patch.applicantType);
  if (patch.description !== undefined && !patch.description.trim()) throw invalid('所需信息的描述不能为空');
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, code);
    if (patch.applicantType !== undefined && patch.applicantType !== before.applicantType) {
      const to = before.closedOn ?? ctx.today ?? '2200-12-31';
      await guardLockedYears(tx, before.agencyId, yearsBetween(before.receivedOn, to), ctx, {
        action: 'case.update',
        entity: 'case',
        entityId: code,
        what: `更改案件 ${code} 的申请人类型`,
      });
    }
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return before;
    const [after] = await tx
      .update(cases)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(cases.id, before.id))
      .returning();
    const changed = Object.keys(set) as (keyof CaseRow)[];
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.update',
      entity: 'case',
      entityId: code,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after![k]])),
    });
    return after!;
  });
}

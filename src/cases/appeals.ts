// 行政复议 and 行政诉讼 over a case (表四). Filed, then decided: 维持 (upheld), 纠正 (corrected) or another result;
// until then it counts as 尚未审结. When the 复议机关 is co-defendant (复议维持后起诉), the litigation is recorded
// here, on the original agency's case, and counted for the original agency only (国办公开办函〔2016〕201号).
import { eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { appeals } from '../db/schema/appeals.ts';
import { cases } from '../db/schema/cases.ts';
import { APPEAL_KINDS, APPEAL_RESULTS, type AppealKind, type AppealResult } from '../db/schema/vocabulary.ts';
import { findAgency } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { assertDate, assertNotFuture, yearOfDate } from './dates.ts';
import { invalid, notFound } from './errors.ts';
import { lockCase } from './events.ts';
import { guardLockedYears } from './year-lock.ts';

export type AppealRow = typeof appeals.$inferSelect;

export const APPEAL_KIND_LABELS: Record<AppealKind, string> = {
  review: '行政复议',
  'litigation.direct': '行政诉讼（未经复议直接起诉）',
  'litigation.afterReview': '行政诉讼（复议后起诉）',
};
export const APPEAL_RESULT_LABELS: Record<AppealResult, string> = {
  upheld: '维持',
  corrected: '纠正',
  other: '其他结果',
};

export interface FileAppealInput {
  case: string;
  kind: AppealKind;
  filedOn: string;
  /** 复议机关 or court. */
  body?: string | null;
  /** The 复议机关 as an agency of this installation (code). */
  reviewAgency?: string | null;
  /** 复议机关 is co-defendant (only for litigation after review). */
  coDefendant?: boolean;
  note?: string | null;
}

export async function fileAppeal(db: Db, input: FileAppealInput, ctx: UseCaseContext): Promise<AppealRow> {
  if (!APPEAL_KINDS.includes(input.kind))
    throw invalid(`类型“${String(input.kind)}”无效，应为 ${APPEAL_KINDS.join(' / ')}`);
  assertDate(input.filedOn, '申请复议或起诉之日');
  assertNotFuture(input.filedOn, '申请复议或起诉之日', ctx);
  if (input.coDefendant && input.kind !== 'litigation.afterReview')
    throw invalid('复议机关作共同被告只发生在复议后起诉（litigation.afterReview）');
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, input.case);
    if (input.filedOn < c.receivedOn)
      throw invalid(`申请复议或起诉之日（${input.filedOn}）早于收到申请之日（${c.receivedOn}）`);
    const reviewAgency = input.reviewAgency ? await findAgency(tx, input.reviewAgency) : null;
    await guardLockedYears(tx, c.agencyId, [yearOfDate(input.filedOn)], ctx, {
      action: 'appeal.file',
      entity: 'case',
      entityId: c.code,
      what: `案件 ${c.code} 的${APPEAL_KIND_LABELS[input.kind]}`,
    });
    const [row] = await tx
      .insert(appeals)
      .values({
        caseId: c.id,
        kind: input.kind,
        filedOn: input.filedOn,
        body: input.body?.trim() || null,
        reviewAgencyId: reviewAgency?.id ?? null,
        reviewAgencyCoDefendant: input.coDefendant === true,
        note: input.note?.trim() || null,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'appeal.file',
      entity: 'appeal',
      entityId: row!.id,
      after: { ...row, case: c.code },
    });
    return row!;
  });
}

export async function decideAppeal(
  db: Db,
  input: { id: number; result: AppealResult; closedOn: string; note?: string | null },
  ctx: UseCaseContext,
): Promise<AppealRow> {
  if (!APPEAL_RESULTS.includes(input.result))
    throw invalid(`结果“${String(input.result)}”无效，应为 upheld（维持）/ corrected（纠正）/ other（其他）`);
  assertDate(input.closedOn, '审结之日');
  assertNotFuture(input.closedOn, '审结之日', ctx);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(appeals).where(eq(appeals.id, input.id)).for('update');
    if (!before) throw notFound('复议/诉讼记录', input.id);
    if (before.closedOn)
      throw invalid(`该${APPEAL_KIND_LABELS[before.kind as AppealKind]}已于 ${before.closedOn} 审结`);
    if (input.closedOn < before.filedOn)
      throw invalid(
        `审结之日（${input.closedOn}）早于申请复议或起诉之日（${before.filedOn}）：请核对${APPEAL_KIND_LABELS[before.kind as AppealKind]}的两个日期`,
      );
    const [c] = await tx.select().from(cases).where(eq(cases.id, before.caseId));
    await guardLockedYears(tx, c!.agencyId, [yearOfDate(input.closedOn)], ctx, {
      action: 'appeal.decide',
      entity: 'appeal',
      entityId: input.id,
      what: `案件 ${c!.code} 的${APPEAL_KIND_LABELS[before.kind as AppealKind]}结果`,
    });
    const [after] = await tx
      .update(appeals)
      .set({ result: input.result, closedOn: input.closedOn, ...(input.note ? { note: input.note } : {}) })
      .where(eq(appeals.id, input.id))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'appeal.decide',
      entity: 'appeal',
      entityId: input.id,
      before,
      after,
    });
    return after!;
  });
}

export async function appealsOfCase(db: Executor, caseId: number): Promise<AppealRow[]> {
  return db.select().from(appeals).where(eq(appeals.caseId, caseId)).orderBy(appeals.filedOn, appeals.id);
}

// 行政复议 and 行政诉讼 over a case (表四). Filed, then decided: 维持 (upheld), 纠正 (corrected) or another result;
// until then it counts as 尚未审结. A suit records who the defendant is (《行政诉讼法》第二十六条): the original
// agency, the 复议机关 with it (复议维持: counted for the original agency only, 国办公开办函〔2016〕201号), or the
// 复议机关 alone (复议改变: counted for the 复议机关 where it is an agency of this installation, else for neither).
// A 纠正 may order a new reply (责令重新答复): the applicant's case then waits for it, with its own deadline, and the
// new reply is recorded here (`reReply`) — not through the statutory clock, which ended with the first reply.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { appeals } from '../db/schema/appeals.ts';
import { caseEvents } from '../db/schema/case-events.ts';
import { cases } from '../db/schema/cases.ts';
import {
  APPEAL_DEFENDANTS,
  APPEAL_KINDS,
  APPEAL_RESULTS,
  type AppealDefendant,
  type AppealKind,
  type AppealResult,
  REDO_UNITS,
  type RedoUnit,
} from '../db/schema/vocabulary.ts';
import { addDays, addWorkdays } from '../domain/calendar/index.ts';
import { findAgency } from './agencies.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { assertDate, assertNotFuture, yearOfDate } from './dates.ts';
import { invalid, notFound } from './errors.ts';
import { lockCase, type ReplyInput } from './events.ts';
import { OUTCOME_DEFS } from './outcomes.ts';
import { guardLockedYears } from './year-lock.ts';

export type AppealRow = typeof appeals.$inferSelect;
export type AppealDefendantKey = AppealDefendant;

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

export const APPEAL_DEFENDANT_LABELS: Record<AppealDefendant, string> = {
  original: '本机关（作出原答复的机关）',
  joint: '复议机关与本机关为共同被告（复议维持）',
  review: '复议机关单独为被告（复议改变）',
};

/**
 * 《行政复议法》(2023) 第六十四条 lets a 复议机关 that 撤销 a reply order a new one "在一定期限内" without fixing the
 * period, and a judgment does the same (《行政诉讼法》第七十条). Where the decision sets no period the product
 * assumes the period of a first reply — 20 working days (《条例》第三十三条第二款) — counted from the day after the
 * agency received the decision, as that is the time the 《条例》 itself gives for answering the same application.
 * [DERIVED] — labelled as the product's assumption wherever it is shown.
 */
export const DEFAULT_REDO_WORKDAYS = 20;

/**
 * The statutory time for the agency's own papers, in calendar days from the day after it received the copy:
 * 行政复议答复书 10 days (《行政复议法》第四十八条 (2023); 第二十三条 before 2024), 答辩状 15 days
 * (《行政诉讼法》第六十七条). Counted as calendar days and not moved off a holiday: the earlier, safe reading. The
 * 2023 law may count its "十日" as working days (its article on periods; not verified here), which would only give
 * more time.
 */
export const PAPER_DAYS: Record<'review' | 'litigation', number> = { review: 10, litigation: 15 };

/** The last day for the 答复书 (复议) or 答辩状 (诉讼), when the day the copy was received is recorded. */
export function paperDueOn(a: Pick<AppealRow, 'kind' | 'copyReceivedOn'>): string | null {
  if (!a.copyReceivedOn) return null;
  return addDays(a.copyReceivedOn, PAPER_DAYS[a.kind === 'review' ? 'review' : 'litigation']);
}

/**
 * The defendant a suit after review has by law, from the review's result where the product knows it
 * (《行政诉讼法》第二十六条第二款; 最高人民法院《关于适用〈行政诉讼法〉的解释》(2018) 第二十二条: 改变 means the result
 * changed — a 纠正 here — and 维持 includes a rejected request). No review decided: the original agency (第三款).
 */
export function defendantAfterReview(review: Pick<AppealRow, 'result'> | null): AppealDefendant {
  if (!review?.result) return 'original';
  return review.result === 'upheld' ? 'joint' : review.result === 'corrected' ? 'review' : 'original';
}

export interface FileAppealInput {
  case: string;
  kind: AppealKind;
  filedOn: string;
  /** 复议机关 or court. */
  body?: string | null;
  /** The 复议机关 as an agency of this installation (code). */
  reviewAgency?: string | null;
  /** 复议机关 is co-defendant (only for litigation after review). Superseded by `defendant` where both are given. */
  coDefendant?: boolean;
  /** Who the suit is against; by default from the review's result (defendantAfterReview), else this agency. */
  defendant?: AppealDefendant | null;
  /** The day the agency received the copy of the application / complaint (答复书 and 答辩状 deadlines). */
  copyReceivedOn?: string | null;
  note?: string | null;
}

export async function fileAppeal(db: Db, input: FileAppealInput, ctx: UseCaseContext): Promise<AppealRow> {
  if (!APPEAL_KINDS.includes(input.kind))
    throw invalid(`类型“${String(input.kind)}”无效，应为 ${APPEAL_KINDS.join(' / ')}`);
  assertDate(input.filedOn, '申请复议或起诉之日');
  assertNotFuture(input.filedOn, '申请复议或起诉之日', ctx);
  if (input.coDefendant && input.kind !== 'litigation.afterReview')
    throw invalid('复议机关作共同被告只发生在复议后起诉（litigation.afterReview）');
  if (input.defendant != null && !APPEAL_DEFENDANTS.includes(input.defendant))
    throw invalid(`被告“${String(input.defendant)}”无效，应为 ${APPEAL_DEFENDANTS.join(' / ')}`);
  if (input.defendant && input.defendant !== 'original' && input.kind !== 'litigation.afterReview')
    throw invalid('复议机关作被告只发生在复议后起诉（《行政诉讼法》第二十六条第二款）');
  if (input.copyReceivedOn != null) {
    assertDate(
      input.copyReceivedOn,
      input.kind === 'review' ? '收到复议申请书副本之日' : '收到起诉状副本之日',
    );
    assertNotFuture(input.copyReceivedOn, '收到副本之日', ctx);
    if (input.copyReceivedOn < input.filedOn)
      throw invalid(`收到副本之日（${input.copyReceivedOn}）早于申请复议或起诉之日（${input.filedOn}）`);
  }
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, input.case);
    if (input.filedOn < c.receivedOn)
      throw invalid(`申请复议或起诉之日（${input.filedOn}）早于收到申请之日（${c.receivedOn}）`);
    const reviewAgency = input.reviewAgency ? await findAgency(tx, input.reviewAgency) : null;
    let reviewAgencyId = reviewAgency?.id ?? null;
    let defendant: AppealDefendant | null = null;
    if (input.kind === 'litigation.direct') defendant = 'original';
    if (input.kind === 'litigation.afterReview') {
      // The review this suit follows: the latest decided 复议 of the case filed before the suit.
      const reviews = (await appealsOfCase(tx, c.id)).filter(
        (a) => a.kind === 'review' && a.filedOn <= input.filedOn,
      );
      const review = reviews.filter((a) => a.closedOn && a.closedOn <= input.filedOn).at(-1) ?? null;
      const byLaw = review ? defendantAfterReview(review) : null;
      // Given explicitly, or by the older flags (co-defendant: 共同被告; a 复议机关 of this installation named without
      // it: the 复议机关 alone, as stored suits meant — migration 0018), else by the review's result.
      defendant =
        input.defendant ??
        (input.coDefendant ? 'joint' : input.reviewAgency ? 'review' : (byLaw ?? 'original'));
      // 复议维持 makes both co-defendants (第二十六条第二款); the court adds the missing one (解释第一百三十四条), so
      // a suit after an upheld review cannot be against one of them alone.
      if (review?.result === 'upheld' && defendant !== 'joint')
        throw invalid(
          `本案的行政复议已于 ${review.closedOn} 决定维持：复议后起诉的，复议机关与本机关为共同被告（《行政诉讼法》第二十六条第二款），请选择“${APPEAL_DEFENDANT_LABELS.joint}”`,
        );
      // The 复议机关 of the review, when it is an agency here, stands for the one of the suit.
      if (reviewAgencyId === null) reviewAgencyId = review?.reviewAgencyId ?? null;
    }
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
        reviewAgencyId,
        reviewAgencyCoDefendant: defendant === 'joint',
        defendant,
        copyReceivedOn: input.copyReceivedOn || null,
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

export interface DecideAppealInput {
  id: number;
  result: AppealResult;
  closedOn: string;
  note?: string | null;
  /** The decision or judgment orders a new reply (only with 纠正). */
  redoOrdered?: boolean;
  /** The day the agency received the decision; the period runs from the next day. Default: `closedOn`. */
  decisionReceivedOn?: string | null;
  /** The period the decision sets, as a count of `redoUnit` … */
  redoDays?: number | null;
  redoUnit?: RedoUnit | null;
  /** … or as a date. Neither: DEFAULT_REDO_WORKDAYS working days, labelled as the product's assumption. */
  redoDueOn?: string | null;
}

export async function decideAppeal(
  db: Db,
  input: DecideAppealInput,
  ctx: UseCaseContext,
): Promise<AppealRow> {
  if (!APPEAL_RESULTS.includes(input.result))
    throw invalid(`结果“${String(input.result)}”无效，应为 upheld（维持）/ corrected（纠正）/ other（其他）`);
  assertDate(input.closedOn, '审结之日');
  assertNotFuture(input.closedOn, '审结之日', ctx);
  if (input.redoOrdered && input.result !== 'corrected')
    throw invalid('只有结果为“纠正”（撤销或确认违法）时才会责令重新答复（《行政复议法》第六十四条）');
  if (!input.redoOrdered && (input.redoDays != null || input.redoDueOn))
    throw invalid('填写了重新答复期限，但没有选择“责令重新答复”');
  if (input.redoDays != null && input.redoDueOn) throw invalid('重新答复期限请填写天数或截止日期中的一项');
  if (
    input.redoDays != null &&
    (!Number.isInteger(input.redoDays) || input.redoDays < 1 || input.redoDays > 365)
  )
    throw invalid(`重新答复期限天数“${String(input.redoDays)}”无效，应为 1 至 365 的整数`);
  if (input.redoUnit != null && !REDO_UNITS.includes(input.redoUnit))
    throw invalid(`期限单位“${String(input.redoUnit)}”无效，应为 days（日）或 workdays（工作日）`);
  const receivedOn = input.decisionReceivedOn || input.closedOn;
  assertDate(receivedOn, '收到决定书或判决书之日');
  assertNotFuture(receivedOn, '收到决定书或判决书之日', ctx);
  if (receivedOn < input.closedOn)
    throw invalid(`收到决定书或判决书之日（${receivedOn}）早于审结之日（${input.closedOn}）`);
  if (input.redoDueOn) {
    assertDate(input.redoDueOn, '重新答复截止日期');
    if (input.redoDueOn < receivedOn)
      throw invalid(`重新答复截止日期（${input.redoDueOn}）早于收到决定书或判决书之日（${receivedOn}）`);
  }
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
    // An appeal against a case not yet answered (逾期不答复) ends in 责令履行 (《行政复议法》第六十六条): the first
    // reply is still owed under its own clock, so it is not a 重新答复.
    if (input.redoOrdered && !c!.closedOn)
      throw invalid(`案件 ${c!.code} 尚未答复：责令履行答复职责的，按原答复期限答复，不记为重新答复`);
    await guardLockedYears(tx, c!.agencyId, [yearOfDate(input.closedOn)], ctx, {
      action: 'appeal.decide',
      entity: 'appeal',
      entityId: input.id,
      what: `案件 ${c!.code} 的${APPEAL_KIND_LABELS[before.kind as AppealKind]}结果`,
    });
    let redo: Partial<AppealRow> = {};
    if (input.redoOrdered) {
      const unit = input.redoUnit ?? 'days';
      let due: string;
      if (input.redoDueOn) due = input.redoDueOn;
      else if (input.redoDays != null)
        due =
          unit === 'days'
            ? addDays(receivedOn, input.redoDays)
            : addWorkdays(receivedOn, input.redoDays, await loadCalendar(tx, c!.agencyId)).date;
      else due = addWorkdays(receivedOn, DEFAULT_REDO_WORKDAYS, await loadCalendar(tx, c!.agencyId)).date;
      redo = {
        redoOrdered: true,
        decisionReceivedOn: receivedOn,
        redoDays: input.redoDays ?? null,
        redoUnit: input.redoDays != null ? unit : null,
        redoDueOn: due,
        redoDueDefault: input.redoDays == null && !input.redoDueOn,
      };
    }
    const [after] = await tx
      .update(appeals)
      .set({
        result: input.result,
        closedOn: input.closedOn,
        ...(input.note ? { note: input.note } : {}),
        ...redo,
      })
      .where(eq(appeals.id, input.id))
      .returning();
    if (after!.redoOrdered) {
      // The case's lists and dashboard change (a running deadline again): touch the case, whose write moves the
      // change feed that the cached pages are keyed on (src/web/cases/page-cache.ts).
      await tx.update(cases).set({ updatedAt: sql`now()` }).where(eq(cases.id, before.caseId));
      // On the case's timeline: the decision that reopens the case for a new reply, with the new deadline.
      await tx.insert(caseEvents).values({
        caseId: before.caseId,
        type: 'redoOrdered',
        on: input.closedOn,
        data: {
          appeal: after!.id,
          kind: before.kind,
          dueOn: after!.redoDueOn,
          default: after!.redoDueDefault,
          decisionReceivedOn: receivedOn,
        },
        actor: ctx.actor,
      });
    }
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

/** The appeals of a case whose decision ordered a new reply not yet made (oldest first). */
export async function pendingRedos(db: Executor, caseId: number): Promise<AppealRow[]> {
  return db
    .select()
    .from(appeals)
    .where(and(eq(appeals.caseId, caseId), eq(appeals.redoOrdered, true), isNull(appeals.redoneOn)))
    .orderBy(appeals.redoDueOn, appeals.id);
}

/**
 * 重新答复: the new reply a 复议 decision or judgment ordered, on the same application (not a new one: 表三's 一、新收
 * does not grow). It is stored on the case's timeline as `reReplied` with its outcome and article; the case keeps the
 * outcome and closing date of its first reply, which is what 表三 counted — see compile.ts. Refuses the same outcome
 * on the same article (《行政复议法》第六十四条第二款, 《行政诉讼法》第七十一条: not the same act on the same facts and
 * reasons) unless the officer explains in the note what changed.
 */
export async function reReply(
  db: Db,
  code: string,
  input: ReplyInput & { appeal?: number | null },
  ctx: UseCaseContext,
): Promise<AppealRow> {
  assertDate(input.on, '重新答复日期');
  assertNotFuture(input.on, '重新答复日期', ctx);
  const def = OUTCOME_DEFS.get(input.outcome);
  if (def?.via !== 'reply') throw invalid(`重新答复的办理结果“${input.outcome}”不是可以答复的表三结果行`);
  const legalBasis = input.legalBasis?.trim() || def.basis;
  if (!legalBasis) throw invalid(`“${def.label}”没有默认的法律依据，请写明答复依据`);
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, code);
    const pending = await pendingRedos(tx, c.id);
    const redo = input.appeal != null ? pending.find((a) => a.id === input.appeal) : pending[0];
    if (!redo) throw invalid(`案件 ${code} 没有待重新答复的复议决定或判决`);
    if (input.on < redo.closedOn!)
      throw invalid(`重新答复日期（${input.on}）早于复议决定或判决之日（${redo.closedOn}）`);
    if (c.outcome === input.outcome && c.legalBasis === legalBasis && !input.note?.trim())
      throw invalid(
        '重新答复与原答复的结果和依据相同：被责令重新答复的，不得以同一事实和理由作出相同或者基本相同的答复（《行政复议法》第六十四条第二款、《行政诉讼法》第七十一条）；如事实或理由已有不同，请在说明中写明',
      );
    await guardLockedYears(tx, c.agencyId, [yearOfDate(input.on)], ctx, {
      action: 'case.event.reReplied',
      entity: 'case',
      entityId: code,
      what: `案件 ${code} 的“重新答复”`,
    });
    await tx.insert(caseEvents).values({
      caseId: c.id,
      type: 'reReplied',
      on: input.on,
      data: {
        appeal: redo.id,
        outcome: input.outcome,
        legalBasis,
        dueOn: redo.redoDueOn,
        late: input.on > redo.redoDueOn!,
        ...(input.note ? { note: input.note } : {}),
        ...(input.partial ? { partial: input.partial } : {}),
      },
      actor: ctx.actor,
    });
    await tx.update(cases).set({ updatedAt: sql`now()` }).where(eq(cases.id, c.id));
    const [after] = await tx
      .update(appeals)
      .set({ redoneOn: input.on })
      .where(eq(appeals.id, redo.id))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.event.reReplied',
      entity: 'case',
      entityId: code,
      before: { appeal: redo.id, redoDueOn: redo.redoDueOn, redoneOn: null },
      after: { appeal: redo.id, redoneOn: input.on, outcome: input.outcome, legalBasis },
    });
    return after!;
  });
}

export async function appealsOfCase(db: Executor, caseId: number): Promise<AppealRow[]> {
  return db.select().from(appeals).where(eq(appeals.caseId, caseId)).orderBy(appeals.filedOn, appeals.id);
}

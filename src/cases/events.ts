// Recording what happens to a case. Every step is one use case that reads as the procedure: it checks the step
// against the law (through the statutory clock, which refuses impossible histories), stores the event, updates the
// case's state and due dates, and writes the audit log — all in one transaction.
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { caseEvents } from '../db/schema/case-events.ts';
import { cases } from '../db/schema/cases.ts';
import { users } from '../db/schema/users.ts';
import { applicationUnitPrice, FeeError, feeByPages } from '../domain/fees/index.ts';
import { agencyAndDepartmentsSql, reportingAgencyId } from './agencies.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { assertDate, assertNotFuture, yearOfDate } from './dates.ts';
import { invalid, notFound } from './errors.ts';
import { OUTCOME_DEFS, WITHDRAWAL_OUTCOME } from './outcomes.ts';
import { type CaseRow, clockColumns, loadEvents, type NewEvent, runClock } from './timeline.ts';
import { guardLockedYears } from './year-lock.ts';

export interface EventOutcome {
  /** The case after the event. */
  readonly case: CaseRow;
  readonly warnings: readonly string[];
}

/** The columns shown in the audit log's before/after of an event. */
const auditView = (c: CaseRow) => ({
  status: c.status,
  outcome: c.outcome,
  legalBasis: c.legalBasis,
  closedOn: c.closedOn,
  dueOn: c.dueOn,
  correctionDueOn: c.correctionDueOn,
  feeDueOn: c.feeDueOn,
  feeMethod: c.feeMethod,
  calendarVersion: c.calendarVersion,
  provisional: c.provisional,
  dueProvisional: c.dueProvisional,
  feeDueProvisional: c.feeDueProvisional,
});

export async function lockCase(db: Executor, code: string): Promise<CaseRow> {
  const [row] = await db.select().from(cases).where(eq(cases.code, code)).for('update');
  if (!row) throw notFound('案件', code);
  return row;
}

interface Closing {
  outcome: string;
  legalBasis: string | null;
}

/**
 * The common path of every event: guard, replay the clock with the new event, store, update, audit.
 * `prepare` sees the locked case and its stored events and returns the event (and, for a closing event, the
 * outcome) — so checks that need the history run inside the transaction.
 */
async function record(
  db: Db,
  code: string,
  ctx: UseCaseContext,
  label: string,
  prepare: (
    tx: Executor,
    c: CaseRow,
    stored: NewEvent[],
  ) => Promise<{ event: NewEvent; closing?: Closing; extra?: Partial<CaseRow> }>,
): Promise<EventOutcome> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, code);
    const stored: NewEvent[] = (await loadEvents(tx, before.id)).map((e) => ({
      type: e.type,
      on: e.on,
      data: e.data,
    }));
    const { event, closing, extra } = await prepare(tx, before, stored);
    assertDate(event.on, `${label}日期`);
    assertNotFuture(event.on, `${label}日期`, ctx);
    await guardLockedYears(tx, before.agencyId, [yearOfDate(event.on)], ctx, {
      action: `case.event.${event.type}`,
      entity: 'case',
      entityId: code,
      what: `案件 ${code} 的“${label}”`,
    });
    const clock = runClock(stored, event, await loadCalendar(tx, before.agencyId), ctx, code);
    const closes = clock.closure !== null && before.closedOn === null;
    if (closes && !closing) throw new Error(`event ${event.type} closed the case without an outcome`);
    const [after] = await tx
      .update(cases)
      .set({
        ...clockColumns(clock, [...stored, event]),
        ...(closes && closing
          ? { outcome: closing.outcome, legalBasis: closing.legalBasis, closedOn: clock.closure!.on }
          : {}),
        ...(extra ?? {}),
        updatedAt: sql`now()`,
      })
      .where(eq(cases.id, before.id))
      .returning();
    await tx
      .insert(caseEvents)
      .values({ caseId: before.id, type: event.type, on: event.on, data: event.data, actor: ctx.actor });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: `case.event.${event.type}`,
      entity: 'case',
      entityId: code,
      before: auditView(before),
      after: { ...auditView(after!), event },
    });
    return { case: after!, warnings: clock.warnings };
  });
}

// ------------------------------------------------------------------------------------------------ 补正

/** 补正告知 (《条例》第三十条): one notice listing everything to correct, with a reasonable period. */
export function requestCorrection(
  db: Db,
  code: string,
  input: { on: string; items: string; correctionDue?: string | null },
  ctx: UseCaseContext,
): Promise<EventOutcome> {
  return record(db, code, ctx, '补正告知', async () => {
    if (!input.items?.trim()) throw invalid('补正告知应一次性写明需要补正的事项（《条例》第三十条）');
    if (input.correctionDue != null) assertDate(input.correctionDue, '补正期限');
    return {
      event: {
        type: 'correctionRequested',
        on: input.on,
        data: {
          items: input.items.trim(),
          ...(input.correctionDue ? { correctionDue: input.correctionDue } : {}),
        },
      },
    };
  });
}

/** The corrected application arrived: the 20 working days start again (《条例》第三十条). */
export function receiveCorrection(db: Db, code: string, input: { on: string }, ctx: UseCaseContext) {
  return record(db, code, ctx, '收到补正', async () => ({
    event: { type: 'correctionReceived', on: input.on, data: {} },
  }));
}

// ------------------------------------------------------------------------------------------------ 征求意见

/** 征求意见 of a third party (第三十二条) or another agency (第三十四条): the time is not counted (第三十三条第三款). */
export function startConsultation(
  db: Db,
  code: string,
  input: { on: string; party: 'thirdParty' | 'otherAgency'; consultee: string; ref?: string | null },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '征求意见', async () => {
    if (input.party !== 'thirdParty' && input.party !== 'otherAgency')
      throw invalid(
        `征求意见对象应为 thirdParty（第三方）或 otherAgency（其他机关），收到“${String(input.party)}”`,
      );
    if (!input.consultee?.trim()) throw invalid('请填写被征求意见的第三方或机关名称');
    return {
      event: {
        type: 'consultationStarted',
        on: input.on,
        data: {
          party: input.party,
          consultee: input.consultee.trim(),
          ...(input.ref ? { ref: input.ref } : {}),
        },
      },
    };
  });
}

export const OPINIONS = ['agree', 'object', 'none'] as const;

export function endConsultation(
  db: Db,
  code: string,
  input: { on: string; ref?: string | null; opinion?: (typeof OPINIONS)[number] | null },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '征求意见结束', async () => {
    if (input.opinion != null && !OPINIONS.includes(input.opinion))
      throw invalid(
        `意见应为 agree（同意公开）/ object（不同意）/ none（逾期未答复），收到“${String(input.opinion)}”`,
      );
    return {
      event: {
        type: 'consultationEnded',
        on: input.on,
        data: {
          ...(input.ref ? { ref: input.ref } : {}),
          ...(input.opinion ? { opinion: input.opinion } : {}),
        },
      },
    };
  });
}

// ------------------------------------------------------------------------------------------------ 延期

/**
 * 延长答复期限 (《条例》第三十三条第二款): once, at most 20 working days, with the consent of the head of the
 * 政府信息公开工作机构 — the approver. When the approver is a user of the system, they must hold the approver role.
 */
export function extendDeadline(
  db: Db,
  code: string,
  input: { on: string; workdays: number; approver: string; reason?: string | null },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '延长答复期限', async (tx) => {
    const approver = input.approver?.trim();
    if (approver) {
      const [u] = await tx.select().from(users).where(eq(users.username, approver));
      if (u && !u.roles.includes('approver'))
        throw invalid(
          `用户 ${approver} 没有审批人（工作机构负责人）角色，不能批准延期（《条例》第三十三条第二款）`,
        );
    }
    return {
      event: {
        type: 'extended',
        on: input.on,
        data: {
          workdays: input.workdays,
          approver: approver ?? '',
          ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
        },
      },
    };
  });
}

// ------------------------------------------------------------------------------------------------ 收费

export interface FeeNoticeInput {
  on: string;
  /** 按量 (pages of this application) or 按件 (this application's rank in the applicant's month). */
  method: 'pages' | 'applications';
  pages?: number | null;
  /** Day the applicant received the notice (the 20 working days run from the next day); defaults to `on`. */
  receivedOn?: string | null;
}

/** The applicant's applications to this reporting agency in the natural month of this one, up to it (1-based). */
export async function rankInMonth(tx: Executor, c: CaseRow): Promise<number> {
  const reporting = await reportingAgencyId(tx, c.agencyId);
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`${agencyAndDepartmentsSql(reporting)}
        select count(*)::int as n from cases
         where agency_id in (select id from scope) and applicant_id = ${c.applicantId}
           and date_trunc('month', received_on) = date_trunc('month', ${c.receivedOn}::date)
           and (received_on, id) <= (${c.receivedOn}::date, ${c.id})`,
  );
  return row?.n ?? 1;
}

/**
 * 收费通知 (国办函〔2020〕109号). The amount comes from the fee domain: 按量 from the page count, 按件 from the
 * rank of this application in the applicant's natural month. A notice for a free quantity is refused.
 */
export function notifyFee(db: Db, code: string, input: FeeNoticeInput, ctx: UseCaseContext) {
  return record(db, code, ctx, '收费通知', async (tx, c) => {
    let amount: number;
    let basis: Record<string, unknown>;
    try {
      if (input.method === 'pages') {
        if (input.pages == null) throw invalid('按量计收须填写页数（--pages）');
        const q = feeByPages(input.pages);
        amount = q.amount;
        basis = { pages: input.pages, lines: q.lines };
      } else if (input.method === 'applications') {
        const rank = await rankInMonth(tx, c);
        amount = applicationUnitPrice(rank);
        basis = { rankInMonth: rank };
      } else
        throw invalid(`计费方式应为 pages（按量）或 applications（按件），收到“${String(input.method)}”`);
    } catch (e) {
      if (e instanceof FeeError) throw invalid(e.message);
      throw e;
    }
    if (amount === 0)
      throw invalid(
        input.method === 'pages'
          ? `${input.pages} 页未超过免费额度（30页），不应收费（国办函〔2020〕109号第五条）`
          : `本件是申请人本月第 ${(basis as { rankInMonth: number }).rankInMonth} 件申请，未超过免费额度（10件），不应收费（国办函〔2020〕109号第四条）`,
      );
    if (input.receivedOn != null) assertDate(input.receivedOn, '申请人收到收费通知之日');
    return {
      event: {
        type: 'feeNotified',
        on: input.on,
        data: {
          method: input.method,
          amount,
          ...basis,
          ...(input.receivedOn ? { receivedOn: input.receivedOn } : {}),
        },
      },
      extra: { feeMethod: input.method },
    };
  });
}

export function payFee(
  db: Db,
  code: string,
  input: { on: string; amount?: number | null },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '缴纳信息处理费', async (_tx, _c, stored) => {
    const notice = stored.find((e) => e.type === 'feeNotified');
    const billed = (notice?.data.amount as number | undefined) ?? 0;
    const amount = input.amount ?? billed;
    if (!Number.isFinite(amount) || amount < 0) throw invalid(`缴费金额应为非负数，收到 ${String(amount)}`);
    if (notice && amount !== billed) throw invalid(`缴费金额 ${amount} 元与收费通知的 ${billed} 元不一致`);
    return { event: { type: 'feePaid', on: input.on, data: { amount } } };
  });
}

// ------------------------------------------------------------------------------------------------ 办结

/** 视为放弃申请: no correction (第三十条) or no payment (国办函〔2020〕109号) in time. */
export function abandon(
  db: Db,
  code: string,
  input: { on: string; reason: 'correction' | 'fee' },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '视为放弃申请', async () => {
    const outcome =
      input.reason === 'correction'
        ? 'other.noCorrection'
        : input.reason === 'fee'
          ? 'other.feeUnpaid'
          : null;
    if (!outcome)
      throw invalid(
        `放弃原因应为 correction（逾期不补正）或 fee（逾期未缴费），收到“${String(input.reason)}”`,
      );
    return {
      event: { type: 'abandoned', on: input.on, data: { reason: input.reason } },
      closing: { outcome, legalBasis: OUTCOME_DEFS.get(outcome)!.basis },
    };
  });
}

/** The applicant withdrew. Counted in 表三 （六）其他处理 unless the officer names another row. */
export function withdraw(
  db: Db,
  code: string,
  input: { on: string; outcome?: string | null; note?: string | null },
  ctx: UseCaseContext,
) {
  return record(db, code, ctx, '撤回申请', async () => {
    const outcome = input.outcome ?? WITHDRAWAL_OUTCOME;
    if (!OUTCOME_DEFS.has(outcome)) throw invalid(`办理结果“${outcome}”不是表三的结果行`);
    // A withdrawn request was never decided: it cannot be counted as 予以公开, 不予公开 … — only under （六）其他处理.
    if (outcome !== WITHDRAWAL_OUTCOME)
      throw invalid(
        `撤回的申请没有作出答复决定，只能计入“${OUTCOME_DEFS.get(WITHDRAWAL_OUTCOME)!.label}”，不能计为“${OUTCOME_DEFS.get(outcome)!.label}”`,
      );
    return {
      event: {
        type: 'withdrawn',
        on: input.on,
        data: { outcome, ...(input.note ? { note: input.note } : {}) },
      },
      closing: { outcome, legalBasis: null },
    };
  });
}

export interface ReplyInput {
  on: string;
  /** The 表三 result row (fields.md key, 2021 layout). */
  outcome: string;
  /** The article relied on; defaults to the outcome's (outcomes.ts). */
  legalBasis?: string | null;
  /** 当场答复 (第三十三条第一款). */
  onTheSpot?: boolean;
  note?: string | null;
  /** 区分处理 (第三十七条): what was given and each withheld part with its ground and article, kept on the record. */
  partial?: {
    readonly disclosed: string;
    readonly withheld: readonly {
      readonly part: string;
      readonly ground: string;
      readonly article: string;
    }[];
  } | null;
}

/**
 * 答复 with its outcome — exactly one 表三 result row — and legal basis (第三十六至三十九条). 视为放弃 outcomes
 * go through `abandon`, whose deadlines the clock checks.
 */
export function reply(db: Db, code: string, input: ReplyInput, ctx: UseCaseContext) {
  return record(db, code, ctx, '答复', async (_tx, _c, stored) => {
    const def = OUTCOME_DEFS.get(input.outcome);
    if (!def)
      throw invalid(
        `办理结果“${input.outcome}”不是表三的结果行（可选：${[...OUTCOME_DEFS.keys()].join('、')}）`,
      );
    if (def.via === 'abandonedCorrection' || def.via === 'abandonedFee')
      throw invalid(
        `“${def.label}”应记录为视为放弃申请（case event <编号> abandon --reason ${def.via === 'abandonedFee' ? 'fee' : 'correction'}），由系统核对期限`,
      );
    if (
      input.outcome === 'unavailable.unclearAfterCorrection' &&
      !stored.some((e) => e.type === 'correctionReceived')
    )
      throw invalid('“补正后申请内容仍不明确”须先有补正告知和收到补正的记录');
    const legalBasis = input.legalBasis?.trim() || def.basis;
    if (!legalBasis) throw invalid(`“${def.label}”没有默认的法律依据，请写明答复依据（--basis）`);
    return {
      event: {
        type: 'replied',
        on: input.on,
        data: {
          outcome: input.outcome,
          legalBasis,
          ...(input.onTheSpot ? { onTheSpot: true } : {}),
          ...(input.note ? { note: input.note } : {}),
          ...(input.partial ? { partial: input.partial } : {}),
        },
      },
      closing: { outcome: input.outcome, legalBasis },
    };
  });
}

/** A note on the timeline; does not move the clock. */
export function addNote(db: Db, code: string, input: { on: string; text: string }, ctx: UseCaseContext) {
  return record(db, code, ctx, '备注', async () => {
    if (!input.text?.trim()) throw invalid('备注内容不能为空');
    return { event: { type: 'note', on: input.on, data: { text: input.text.trim() } } };
  });
}

export async function findCase(db: Executor, code: string): Promise<CaseRow> {
  const [row] = await db.select().from(cases).where(eq(cases.code, code));
  if (!row) throw notFound('案件', code);
  return row;
}

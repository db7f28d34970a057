// Intake (登记): an application becomes a case with its tracking code, its receipt date under the channel's rule
// (《条例》第三十一条) and its first deadlines.
import { sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { caseEvents } from '../db/schema/case-events.ts';
import { cases } from '../db/schema/cases.ts';
import { CHANNELS, type Channel } from '../db/schema/vocabulary.ts';
import { RECEIPT_CHANNELS } from '../domain/clock/index.ts';
import { type Agency, findAgency } from './agencies.ts';
import { type ApplicantInput, createApplicant, findApplicant } from './applicants.ts';
import { loadCalendar } from './calendar.ts';
import type { UseCaseContext } from './context.ts';
import { assertDate, assertNotFuture, yearOfDate } from './dates.ts';
import { CaseError, invalid } from './errors.ts';
import { clockColumns, type NewEvent, runClock } from './timeline.ts';
import { newTrackingCode } from './tracking-code.ts';
import { guardLockedYears } from './year-lock.ts';

export interface IntakeInput {
  /** Agency code or id. */
  agency: string | number;
  /** An existing applicant's id, or a new applicant. */
  applicant: number | ApplicantInput;
  channel: Channel;
  /** 收到申请之日 under the channel's rule: hand-in day, signature day or confirmation day. */
  receivedOn: string;
  /** The day it arrived, when earlier than the receipt date (post without signature, online, fax). */
  arrivedOn?: string | null;
  /** How the receipt was confirmed with the applicant (电话、短信、平台回执 …): required for the channels whose
   *  receipt date is a confirmation date. */
  confirmation?: string | null;
  description: string;
  formWanted?: string | null;
  deliveryWanted?: string | null;
  /** An explicit tracking code (imports); by default `<agency code>-<year>-<00001>`. */
  code?: string;
}

/** Channels whose receipt date is the day both sides confirmed (《条例》第三十一条第二、三项). */
export const CONFIRMATION_CHANNELS: ReadonlySet<Channel> = new Set([
  'ordinaryMail',
  'online',
  'email',
  'fax',
]);

export interface IntakeResult {
  caseId: number;
  code: string;
  /** The applicant's 查询码 (tracking-code.ts), stored form. */
  trackingCode: string;
  /** An earlier case this one repeats (same applicant and text within minutes), flagged for the officer. */
  duplicateOf: string | null;
  /** Irregularities worth telling the officer (e.g. a confirmation later than the day of arrival). */
  warnings: string[];
}

/** Checks of the receipt-date rule; returns warnings, throws on what cannot be right. */
export function checkReceiptRule(
  input: Pick<IntakeInput, 'channel' | 'receivedOn' | 'arrivedOn' | 'confirmation'>,
): string[] {
  const rule = RECEIPT_CHANNELS[input.channel];
  if (!rule) throw invalid(`申请渠道“${String(input.channel)}”无效，应为 ${CHANNELS.join(' / ')}`);
  assertDate(input.receivedOn, '收到申请之日');
  const warnings: string[] = [];
  if (input.arrivedOn != null) {
    assertDate(input.arrivedOn, '申请送达之日');
    if (input.arrivedOn > input.receivedOn)
      throw invalid(`申请送达之日（${input.arrivedOn}）不能晚于收到申请之日（${input.receivedOn}）`);
    if (
      (input.channel === 'inPerson' || input.channel === 'registeredMail') &&
      input.arrivedOn !== input.receivedOn
    )
      throw invalid(
        `${rule.label}：${rule.rule}，送达之日即收到申请之日（收到 ${input.arrivedOn} 与 ${input.receivedOn}）`,
      );
  }
  if (CONFIRMATION_CHANNELS.has(input.channel)) {
    if (!input.confirmation?.trim())
      throw invalid(`${rule.label}：${rule.rule}；请记录确认方式（如：电话确认、平台回执）`);
    // 平常信函: 工作机构应于收到申请的当日与申请人进行确认.
    if (input.channel === 'ordinaryMail' && input.arrivedOn && input.arrivedOn < input.receivedOn)
      warnings.push(
        `平常信函应于收到当日与申请人确认（《条例》第三十一条第二项），本件 ${input.arrivedOn} 收到、${input.receivedOn} 确认`,
      );
  }
  return warnings;
}

/** How close two identical applications must be to be flagged as a double submission. */
export const DUPLICATE_WINDOW_MINUTES = 10;

/**
 * The case an application repeats: same agency, same applicant (by identity number or phone when given, else by
 * name), same text, created within the window. Flagged, not refused: a person may really ask twice.
 */
async function findRecentDuplicate(
  tx: Executor,
  agencyId: number,
  applicantId: number,
  description: string,
): Promise<string | null> {
  const [row] = await queryRows<{ code: string }>(
    tx,
    sql`select c.code from cases c
          join applicants a on a.id = c.applicant_id
          join applicants me on me.id = ${applicantId}
         where c.agency_id = ${agencyId} and c.description = ${description}
           and c.created_at > now() - make_interval(mins => ${DUPLICATE_WINDOW_MINUTES})
           and a.type = me.type
           and (a.id = me.id
                or (me.id_number is not null and a.id_number = me.id_number)
                or (me.phone is not null and a.phone = me.phone)
                or (me.id_number is null and me.phone is null and a.name = me.name))
         order by c.id limit 1`,
  );
  return row?.code ?? null;
}

async function nextCode(db: Executor, agency: Agency, year: number): Promise<string> {
  const prefix = `${agency.code}-${year}-`;
  // Serialise code allocation per agency inside the transaction.
  await db.execute(sql`select pg_advisory_xact_lock(${agency.id})`);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select coalesce(max(substring(code from ${`^${prefix}(\\d+)$`})::int), 0) as n from cases
         where agency_id = ${agency.id} and code like ${`${prefix}%`}`,
  );
  return `${prefix}${String((row?.n ?? 0) + 1).padStart(5, '0')}`;
}

export async function intakeCase(db: Db, input: IntakeInput, ctx: UseCaseContext): Promise<IntakeResult> {
  const warnings = checkReceiptRule(input);
  assertNotFuture(input.receivedOn, '收到申请之日', ctx);
  if (!input.description?.trim())
    throw invalid(
      '请填写所需政府信息的名称、文号或便于查询的特征性描述（《条例》第二十九条第二款第（二）项）',
    );
  return db.transaction(async (tx) => {
    const agency = await findAgency(tx, input.agency);
    if (agency.level === 'region') throw invalid(`${agency.name}是行政区域，不是受理机关`);
    // 《条例》第二十七条: applications go to a body acting in its own name; an internal office marked as not
    // receiving applications (e.g. 党政办公室) is never the receiving agency, so no reply goes out in its name.
    if (!agency.receivesApplications)
      throw invalid(`${agency.name}是内设机构，不以自己名义受理申请，请选择其所属机关作为受理机关`);
    const applicant =
      typeof input.applicant === 'number'
        ? await findApplicant(tx, input.applicant)
        : await createApplicant(tx, input.applicant, ctx);
    const code = input.code ?? (await nextCode(tx, agency, yearOfDate(input.receivedOn)));
    await guardLockedYears(tx, agency.id, [yearOfDate(input.receivedOn)], ctx, {
      action: 'case.intake',
      entity: 'case',
      entityId: code,
      what: `登记案件 ${code}`,
    });
    const received: NewEvent = {
      type: 'received',
      on: input.receivedOn,
      data: {
        channel: input.channel,
        ...(input.arrivedOn ? { arrivedOn: input.arrivedOn } : {}),
        ...(input.confirmation?.trim() ? { confirmation: input.confirmation.trim() } : {}),
      },
    };
    const clock = runClock([], received, await loadCalendar(tx, agency.id), ctx, code);
    const [exists] = await queryRows<{ id: number }>(tx, sql`select id from cases where code = ${code}`);
    if (exists) throw new CaseError('CONFLICT', `案件编号“${code}”已存在`);
    const trackingCode = newTrackingCode();
    const duplicateOf = await findRecentDuplicate(tx, agency.id, applicant.id, input.description.trim());
    const [row] = await tx
      .insert(cases)
      .values({
        code,
        trackingCode,
        duplicateOf,
        agencyId: agency.id,
        applicantId: applicant.id,
        applicantType: applicant.type,
        channel: input.channel,
        arrivedOn: input.arrivedOn ?? null,
        receivedOn: input.receivedOn,
        confirmation: input.confirmation?.trim() || null,
        description: input.description.trim(),
        formWanted: input.formWanted?.trim() || null,
        deliveryWanted: input.deliveryWanted?.trim() || null,
        ...clockColumns(clock, [received]),
      })
      .returning();
    await tx.insert(caseEvents).values({
      caseId: row!.id,
      type: received.type,
      on: received.on,
      data: received.data,
      actor: ctx.actor,
    });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.intake',
      entity: 'case',
      entityId: code,
      after: { ...row, applicantId: applicant.id },
    });
    if (duplicateOf)
      warnings.push(
        `同一申请人在 ${DUPLICATE_WINDOW_MINUTES} 分钟内提交过相同内容的申请 ${duplicateOf}，可能是重复提交`,
      );
    return { caseId: row!.id, code, trackingCode, duplicateOf, warnings: [...warnings, ...clock.warnings] };
  });
}

// 依申请公开 cases. A case is concluded exactly when it has an outcome (one 表三 result row) and a closing date;
// the compile of 表三 (src/cases/compile.ts) relies on that invariant, so the database enforces it.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { applicants } from './applicants.ts';
import { APPLICANT_TYPES, CASE_STATUSES, CHANNELS, FEE_METHODS, OUTCOMES, oneOf } from './vocabulary.ts';

export const cases = pgTable(
  'cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The internal case number (`<agency>-<year>-<00001>`), shown to staff; unique across the installation. */
    code: text('code').notNull().unique(),
    /** The applicant's 查询码: 80 random bits in 16 characters of an alphabet without 0/O/1/I, stored upper-case
     *  without separators (src/cases/tracking-code.ts). Not derivable from the case number; null only for cases
     *  from before it existed until `assignMissingTrackingCodes` runs. */
    trackingCode: text('tracking_code').unique(),
    /** The officer the case is assigned to (“我的案件”). */
    assignedTo: integer('assigned_to'),
    /** An earlier case of the same applicant with the same text, received within minutes (a double submission). */
    duplicateOf: text('duplicate_of'),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    applicantId: integer('applicant_id')
      .notNull()
      .references(() => applicants.id),
    /** The 表三 column as of intake (an applicant's later correction does not move past reports). */
    applicantType: text('applicant_type').notNull(),
    channel: text('channel').notNull(),
    /** The day the application physically or electronically arrived, when it differs from the receipt date. */
    arrivedOn: date('arrived_on', { mode: 'string' }),
    /** 收到申请之日 per 《条例》第三十一条 (signature day, confirmation day …): the clock and 表三 count from it. */
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** How the receipt was confirmed with the applicant (post without signature, internet, fax). */
    confirmation: text('confirmation'),
    description: text('description').notNull(),
    /** 形式要求 (《条例》第二十九条第二款第三项): paper, electronic … and how to deliver it. */
    formWanted: text('form_wanted'),
    deliveryWanted: text('delivery_wanted'),
    status: text('status').notNull().default('open'),
    outcome: text('outcome'),
    /** The article the reply relies on, e.g. "《条例》第三十六条第（三）项、第十四条". */
    legalBasis: text('legal_basis'),
    closedOn: date('closed_on', { mode: 'string' }),
    feeMethod: text('fee_method').notNull().default('none'),
    /** Due dates from the statutory clock, with the calendar version they were computed with. */
    dueOn: date('due_on', { mode: 'string' }),
    /** Last day for the agency's 补正告知 (7 working days, 《条例》第三十条); null once one is issued or closed. */
    correctionDueOn: date('correction_due_on', { mode: 'string' }),
    feeDueOn: date('fee_due_on', { mode: 'string' }),
    calendarVersion: text('calendar_version'),
    /** Some date or count of the case relies on a year without a 国务院办公厅 holiday notice (the whole-case view:
     *  loading that notice moves this case). Not for printing beside a date: see the per-date flags below. */
    provisional: boolean('provisional').notNull().default(false),
    /** `dueOn` itself is 暂定 (its own window reaches a year without a notice). */
    dueProvisional: boolean('due_provisional').notNull().default(false),
    /** `feeDueOn` itself is 暂定. */
    feeDueProvisional: boolean('fee_due_provisional').notNull().default(false),
    /** The clock's warnings (late 补正告知, late extension …), in Chinese. */
    clockWarnings: jsonb('clock_warnings').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('cases_applicant_type_check', oneOf(t.applicantType, APPLICANT_TYPES)),
    check('cases_channel_check', oneOf(t.channel, CHANNELS)),
    check('cases_status_check', oneOf(t.status, CASE_STATUSES)),
    check('cases_outcome_check', sql`${t.outcome} is null or ${oneOf(t.outcome, OUTCOMES)}`),
    check('cases_fee_method_check', oneOf(t.feeMethod, FEE_METHODS)),
    // One 表三 result row per concluded case, and only concluded cases have one.
    check('cases_outcome_iff_closed', sql`(${t.outcome} is null) = (${t.closedOn} is null)`),
    check('cases_closed_status', sql`(${t.status} = 'closed') = (${t.closedOn} is not null)`),
    check('cases_closed_after_received', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.receivedOn}`),
    check('cases_arrived_before_received', sql`${t.arrivedOn} is null or ${t.arrivedOn} <= ${t.receivedOn}`),
    // The case list of one agency, newest first (keyset on received_on, id): an ordered walk that stops after a page.
    index('cases_agency_received_idx').on(t.agencyId, t.receivedOn, t.id),
    // The list's default view (the open cases), likewise, without stepping over the closed ones.
    index('cases_open_received_idx').on(t.agencyId, t.receivedOn, t.id).where(sql`${t.closedOn} is null`),
    index('cases_agency_closed_idx').on(t.agencyId, t.closedOn),
    // The dashboard's overdue and due-soon lists (open cases by deadline): an ordered walk that stops at 100 rows.
    index('cases_open_due_idx').on(t.agencyId, t.dueOn, t.code).where(sql`${t.closedOn} is null`),
    // The dashboard's list of cases waiting for the applicant or a third party (补正, 缴费, 征求意见).
    index('cases_waiting_due_idx')
      .on(t.agencyId, t.dueOn, t.code)
      .where(sql`${t.status} in ('awaitingCorrection', 'awaitingFee', 'paused')`),
    index('cases_applicant_idx').on(t.applicantId),
    // The case list: newest first with keyset pagination, filtered by status / assignee.
    index('cases_received_id_idx').on(t.receivedOn, t.id),
    index('cases_status_received_idx').on(t.status, t.receivedOn, t.id),
    index('cases_assigned_idx').on(t.assignedTo, t.status),
  ],
);

/**
 * How many cases each agency has, by the year received and the year concluded (0: still open): kept by statement
 * triggers on `cases` (insert, update, delete, truncate; migration 0012) in the same transaction as the write, so
 * the staff dashboard's “本年收到 / 本年办结 / 办理中” are exact sums of a few rows instead of counts over every case
 * of the agency (issue 18). Never written by the application.
 */
export const caseCounts = pgTable(
  'case_counts',
  {
    agencyId: integer('agency_id').notNull(),
    receivedYear: integer('received_year').notNull(),
    /** The year of closed_on; 0 while the case is open. */
    closedYear: integer('closed_year').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.receivedYear, t.closedYear] })],
);

// 行政复议 and 行政诉讼 brought over a case (表四). A record counts for the agency of its case only: where the
// 复议机关 is co-defendant in the litigation it is recorded here but never counted for the 复议机关
// (国办公开办函〔2016〕201号).
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { cases } from './cases.ts';
import { APPEAL_DEFENDANTS, APPEAL_KINDS, APPEAL_RESULTS, oneOf, REDO_UNITS } from './vocabulary.ts';

export const appeals = pgTable(
  'appeals',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    filedOn: date('filed_on', { mode: 'string' }).notNull(),
    result: text('result'),
    closedOn: date('closed_on', { mode: 'string' }),
    /** 复议机关 or court, as named in the papers. */
    body: text('body'),
    /** The 复议机关 when it is an agency of this installation. */
    reviewAgencyId: integer('review_agency_id').references(() => agencies.id),
    /** 复议机关 is co-defendant (复议维持后起诉, 《行政诉讼法》第二十六条第二款). */
    reviewAgencyCoDefendant: boolean('review_agency_co_defendant').notNull().default(false),
    /** Who the suit is against (APPEAL_DEFENDANTS); null for a 复议. Kept in step with the flag above. */
    defendant: text('defendant'),
    /** 收到复议申请书副本 / 起诉状副本之日: the 10 days of the 答复书 and the 15 days of the 答辩状 run from it. */
    copyReceivedOn: date('copy_received_on', { mode: 'string' }),
    /** The decision or judgment orders a new reply (责令重新答复, 《行政复议法》第六十四条, 《行政诉讼法》第七十条). */
    redoOrdered: boolean('redo_ordered').notNull().default(false),
    /** 收到决定书/判决书之日: the period of the new reply runs from it. */
    decisionReceivedOn: date('decision_received_on', { mode: 'string' }),
    /** The period the decision sets, as a count (with its unit) — null when it sets a date or nothing. */
    redoDays: integer('redo_days'),
    redoUnit: text('redo_unit'),
    /** The last day for the new reply; `redoDueDefault` when the decision set no period (the product's default). */
    redoDueOn: date('redo_due_on', { mode: 'string' }),
    redoDueDefault: boolean('redo_due_default').notNull().default(false),
    /** The day the new reply was made. */
    redoneOn: date('redone_on', { mode: 'string' }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appeals_kind_check', oneOf(t.kind, APPEAL_KINDS)),
    check('appeals_result_check', sql`${t.result} is null or ${oneOf(t.result, APPEAL_RESULTS)}`),
    check('appeals_result_iff_closed', sql`(${t.result} is null) = (${t.closedOn} is null)`),
    check('appeals_closed_after_filed', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.filedOn}`),
    check(
      'appeals_codefendant_only_after_review',
      sql`not ${t.reviewAgencyCoDefendant} or ${t.kind} = 'litigation.afterReview'`,
    ),
    check(
      'appeals_defendant_check',
      sql`${t.defendant} is null or (${t.kind} <> 'review' and ${oneOf(t.defendant, APPEAL_DEFENDANTS)})`,
    ),
    check('appeals_redo_unit_check', sql`${t.redoUnit} is null or ${oneOf(t.redoUnit, REDO_UNITS)}`),
    check(
      'appeals_redo_only_corrected',
      sql`not ${t.redoOrdered} or (${t.result} = 'corrected' and ${t.redoDueOn} is not null)`,
    ),
    check(
      'appeals_redone_after_decided',
      sql`${t.redoneOn} is null or (${t.redoOrdered} and ${t.redoneOn} >= ${t.closedOn})`,
    ),
    index('appeals_case_idx').on(t.caseId),
    index('appeals_filed_idx').on(t.filedOn),
  ],
);

// 行政复议 and 行政诉讼 brought over a case (表四). A record counts for the agency of its case only: where the
// 复议机关 is co-defendant in the litigation it is recorded here but never counted for the 复议机关
// (国办公开办函〔2016〕201号).
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { cases } from './cases.ts';
import { APPEAL_KINDS, APPEAL_RESULTS, oneOf } from './vocabulary.ts';

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
    index('appeals_case_idx').on(t.caseId),
    index('appeals_filed_idx').on(t.filedOn),
  ],
);

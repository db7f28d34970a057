// Each collected report's numbers as typed columns, one per field key of either layout (issue 18): a year's
// combined tables are a plain sum() over this table and a ranking is an ORDER BY on one column, where reading the
// jsonb of 100,000 rows cost seconds. annual_reports.fields stays the record (with blank/uncertain/provenance
// beside it); this table is derived from it by a statement trigger on annual_reports (drizzle/…_report_year_sums.sql,
// which replaced the row trigger of …_report_numbers.sql: one INSERT per batch), so every way a report is stored
// (upload, compile and publish, bulk collect, demo, restore) fills it, and the backup leaves it out
// (src/backup/backup.ts rebuilds nothing: the trigger does).
import { boolean, doublePrecision, index, integer, numeric, pgTable } from 'drizzle-orm/pg-core';
import { LAYOUTS } from '../../domain/report/layout.ts';
import { annualReports } from './annual-reports.ts';

/** Every field key of both layouts, in a fixed order (2021's, then the keys only 2019 has). */
export const REPORT_NUMBER_KEYS: readonly string[] = [
  ...new Set([...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key)),
];

export const reportNumbers = pgTable(
  'report_numbers',
  {
    reportId: integer('report_id')
      .primaryKey()
      .references(() => annualReports.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    // Whether this report is the one that stands for its agency-year (src/supervision/report-choice.ts), kept by a
    // statement trigger on annual_reports (drizzle/…_report_year_sums.sql) whenever a copy is stored, chosen,
    // dated, moved to another agency or deleted.
    stands: boolean('stands').notNull().default(false),
    // float8: counts are exact far beyond any report's, 万元 amounts are rounded to 6 places when summed.
    ...Object.fromEntries(REPORT_NUMBER_KEYS.map((k) => [k, doublePrecision(k)])),
  },
  (t) => [index('report_numbers_year_idx').on(t.year)],
);

/** The count column of `key` in report_year_sums: how many standing reports carry the field. */
export const carriedColumn = (key: string) => `#${key}`;

/**
 * A year's combined tables kept on write (issue 18: a year of 100,000 reports summed in ≤ 0.5 s): per year, the sum
 * of every field over the reports that stand (report_numbers.stands), and how many of them carry it — a field no
 * standing report carries is absent from the sums, not 0. numeric, so adding and taking away a report's 万元 amount
 * leaves no rounding behind. Kept by statement triggers on report_numbers; derived, so left out of backups.
 */
export const reportYearSums = pgTable('report_year_sums', {
  year: integer('year').primaryKey(),
  reports: integer('reports').notNull().default(0),
  ...Object.fromEntries(REPORT_NUMBER_KEYS.map((k) => [k, numeric(k)])),
  ...Object.fromEntries(
    REPORT_NUMBER_KEYS.map((k) => [carriedColumn(k), integer(carriedColumn(k)).notNull().default(0)]),
  ),
});

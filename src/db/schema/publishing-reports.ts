// The annual report builder's own records: the agency's edited section templates and the link to last year's
// report (per agency-year), and the rendered files of a published report (DOCX, HTML) beside its annual_reports row.
import { check, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { SectionKey } from '../../domain/report/layout.ts';
import { agencies } from './agencies.ts';
import { annualReports } from './annual-reports.ts';
import { bytea } from './publishing.ts';
import { oneOf } from './vocabulary.ts';

export const reportDrafts = pgTable(
  'report_drafts',
  {
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    /** The agency's own section templates; a section absent here uses the default. */
    templates: jsonb('templates').$type<Partial<Record<SectionKey, string>>>().notNull().default({}),
    /** Last year's report for the cross-year checks (compiled here, or imported from a file). */
    prevReportId: integer('prev_report_id').references(() => annualReports.id),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
);

export const REPORT_FILE_FORMS = ['docx', 'html'] as const;

export const reportFiles = pgTable(
  'report_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    annualReportId: integer('annual_report_id')
      .notNull()
      .references(() => annualReports.id),
    form: text('form').notNull(),
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('report_files_form_check', oneOf(t.form, REPORT_FILE_FORMS)),
    unique('report_files_report_form').on(t.annualReportId, t.form),
  ],
);

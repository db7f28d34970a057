// The supervisor's bulk upload as a queue: the request stores the files here and returns at once; the server reads
// them one by one in the reading pipeline's worker (src/web/reports/upload-queue.ts) and records each file's
// outcome. The queue lives in the database, so files not yet read when the server stops are read after it starts
// again. A report that matches no agency in the uploader's subtree waits here for a supervisor to assign it or
// discard it (the review list); only then does it become an annual_reports row.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import type { StoredFinding } from './annual-reports.ts';
import { annualReports } from './annual-reports.ts';
import { bytea } from './publishing.ts';
import { users } from './users.ts';
import { oneOf } from './vocabulary.ts';

export const uploadBatches = pgTable('upload_batches', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  /** The uploader's agency: reports are matched only to agencies in its subtree. */
  scopeAgencyId: integer('scope_agency_id')
    .notNull()
    .references(() => agencies.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const UPLOAD_STATUSES = ['queued', 'reading', 'done'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** collected, duplicate: stored; review: waits for a supervisor; the rest: refused with a message. */
export const UPLOAD_OUTCOMES = [
  'collected',
  'duplicate',
  'review',
  'unreadable',
  'noYear',
  'tooLarge',
  'empty',
  'failed',
] as const;
export type UploadFileOutcome = (typeof UPLOAD_OUTCOMES)[number];

export const REVIEW_STATES = ['pending', 'assigned', 'discarded'] as const;

export const uploadFiles = pgTable(
  'upload_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => uploadBatches.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Where the bytes are: relative to the data folder's `files` (src/web/reports/stored-files.ts), by hash. */
    path: text('path'),
    /** Legacy: the bytes of files queued before they were stored on disk (read once, then dropped). */
    content: bytea('content'),
    status: text('status').notNull().default('queued'),
    outcome: text('outcome'),
    message: text('message'),
    form: text('form'),
    agencyName: text('agency_name'),
    year: integer('year'),
    errors: integer('errors'),
    warnings: integer('warnings'),
    reportId: integer('report_id').references(() => annualReports.id),
    /** For the review list: the report as read (`parse --json` shape) and its findings. */
    parsed: jsonb('parsed').$type<Record<string, unknown>>(),
    findings: jsonb('findings').$type<StoredFinding[]>(),
    reviewState: text('review_state'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('upload_files_status_check', oneOf(t.status, UPLOAD_STATUSES)),
    check('upload_files_outcome_check', sql`${t.outcome} is null or ${oneOf(t.outcome, UPLOAD_OUTCOMES)}`),
    check(
      'upload_files_review_check',
      sql`${t.reviewState} is null or ${oneOf(t.reviewState, REVIEW_STATES)}`,
    ),
    index('upload_files_batch_idx').on(t.batchId, t.position),
    index('upload_files_status_idx').on(t.status),
  ],
);

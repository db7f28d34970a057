// Files of a case: what the applicant sent with the application (identity proof, the application letter) and what
// the agency released with its reply (given to the holder of the tracking code). Bytes are kept in the database,
// with their SHA-256, like the letters.
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const CASE_FILE_ROLES = ['identityProof', 'applicationLetter', 'released'] as const;
export type CaseFileRole = (typeof CASE_FILE_ROLES)[number];

export const caseFiles = pgTable(
  'case_files',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    role: text('role').notNull(),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('case_files_role_check', sql`${t.role} in ('identityProof', 'applicationLetter', 'released')`),
    index('case_files_case_idx').on(t.caseId),
  ],
);

/**
 * 延长答复期限 asked by the officer and decided by the head of the 政府信息公开工作机构 (《条例》第三十三条第二款):
 * pending until an approver approves (the extension event is then recorded) or refuses.
 */
export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    workdays: integer('workdays').notNull(),
    reason: text('reason').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedOn: date('decided_on', { mode: 'string' }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('extension_requests_status_check', sql`${t.status} in ('pending', 'approved', 'refused')`),
    check('extension_requests_workdays_check', sql`${t.workdays} between 1 and 20`),
    index('extension_requests_status_idx').on(t.status, t.caseId),
  ],
);

/** One-time tokens of the public application form: a second submission of the same form is caught. */
export const formTokens = pgTable('form_tokens', {
  token: text('token').primaryKey(),
  usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
  caseCode: text('case_code'),
});

/**
 * What was typed into a form whose session or token had expired (the staff intake form, the public application
 * form): kept under a one-time random key for a short while, so that the form comes back filled after login
 * without personal data travelling in an address. Taken (deleted) when the form is shown again.
 */
export const formDrafts = pgTable('form_drafts', {
  key: text('key').primaryKey(),
  path: text('path').notNull(),
  fields: jsonb('fields').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

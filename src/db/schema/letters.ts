// Letters to the applicant (登记回执, 补正告知书, 答复书 …): the templates are data an administrator edits; every
// issued letter is kept with the exact fields and bytes that went out.
import { customType, date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const letterTemplates = pgTable(
  'letter_templates',
  {
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    /** Paragraphs with {{placeholders}} (src/letters/templates.ts). */
    body: jsonb('body').$type<string[]>().notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.version] })],
);

export const letters = pgTable('letters', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  caseId: integer('case_id')
    .notNull()
    .references(() => cases.id),
  kind: text('kind').notNull(),
  templateVersion: integer('template_version').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  fields: jsonb('fields').$type<Record<string, string>>().notNull(),
  docx: bytea('docx').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

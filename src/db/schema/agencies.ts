// Agencies as a tree: region → agency → department. The annual report is compiled per agency.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { AGENCY_KINDS, AGENCY_LEVELS, oneOf } from './vocabulary.ts';

export const agencies = pgTable(
  'agencies',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => agencies.id),
    level: text('level').notNull(),
    kind: text('kind').notNull(),
    /** Short stable code used by the CLI and in tracking codes (e.g. "dxq-pgz"). */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** False for an internal office (e.g. 党政办公室) that does not receive applications in its own name: intake
     *  refuses it as the receiving agency, so no reply is issued in its name (《条例》第二十七条: applications go to
     *  the 行政机关). */
    receivesApplications: boolean('receives_applications').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('agencies_level_check', oneOf(t.level, AGENCY_LEVELS)),
    check('agencies_kind_check', oneOf(t.kind, AGENCY_KINDS)),
    check('agencies_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    index('agencies_parent_idx').on(t.parentId),
  ],
);

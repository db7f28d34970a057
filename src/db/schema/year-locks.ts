// A year whose annual report an agency has published is locked: changing a case in that period then needs an
// explicit, audited amendment (src/cases/year-lock.ts).
import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';

export const yearLocks = pgTable(
  'year_locks',
  {
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    lockedBy: text('locked_by').notNull(),
    lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
    /** What was published (title, URL …). */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
);

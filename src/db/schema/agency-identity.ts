// What supervision knows of an agency beyond the tree: the other names reports print for it (full and short names,
// a district with and without its city's name), and its population by year, for applications per 万人.
import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';

export const agencyAliases = pgTable(
  'agency_aliases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** The name as a report prints it (matched with spaces removed). */
    alias: text('alias').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('agency_aliases_agency_idx').on(t.agencyId)],
);

export const agencyPopulations = pgTable(
  'agency_populations',
  {
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    /** 常住人口, persons. */
    population: integer('population').notNull(),
    /** Where the figure comes from (a statistical yearbook, a bulletin): shown beside every rate built on it. */
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.year] })],
);

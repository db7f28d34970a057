// People who work in the system. A user belongs to one agency and holds one or more roles.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { ROLES } from './vocabulary.ts';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** argon2id hash (@node-rs/argon2), never the password. */
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'users_roles_check',
      sql`${t.roles} <@ array[${sql.raw(ROLES.map((r) => `'${r}'`).join(', '))}]::text[]`,
    ),
  ],
);

// Installation settings an administrator sets in the web or the CLI, one row per key (the value's shape is the
// setting's own, checked by its use case). First key: 'report-deadlines' (src/admin/report-deadlines.ts), the local
// rule for the annual report deadline of 乡镇、街道 that 《条例》第四十九条 leaves to local rules.
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

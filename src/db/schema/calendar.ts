// The working-day calendar as data (../shared/domain/05-working-day-calendar.md §4): one row per year as the
// 国务院办公厅 notice published it, plus local adjustments an administrator enters (regional holidays, ad-hoc
// changes) that national data sets never contain.
import { check, date, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { HolidayNotice } from '../../domain/calendar/index.ts';
import { agencies } from './agencies.ts';
import { oneOf } from './vocabulary.ts';

/** One row = one `YearSchedule` of src/domain/calendar. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  /** Rest days of the national schedule: date → holiday name (春节 …). */
  holidays: jsonb('holidays').$type<Record<string, string>>().notNull(),
  /** 调休上班日 (Saturdays/Sundays worked): date → the holiday they make up for. */
  workdays: jsonb('workdays').$type<Record<string, string>>().notNull(),
  /** The notice(s) behind the dates (`HolidayNotice[]`: title, 文号, URL, publication date). */
  source: jsonb('source').$type<HolidayNotice[]>().notNull(),
  /** Content version of this year alone (createCalendar's version of a one-year calendar). */
  version: text('version').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const calendarAdjustments = pgTable(
  'calendar_adjustments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** null = applies to every agency of the installation. */
    agencyId: integer('agency_id').references(() => agencies.id),
    on: date('on', { mode: 'string' }).notNull(),
    /** 'holiday' = a local day off; 'workday' = a local working day. */
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    /** Who decided it (机关、文号). */
    authority: text('authority'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('calendar_adjustments_kind_check', oneOf(t.kind, ['holiday', 'workday'])),
    unique('calendar_adjustments_agency_on').on(t.agencyId, t.on).nullsNotDistinct(),
  ],
);

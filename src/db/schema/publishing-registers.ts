// The registers behind the annual report's other figures: public consultations (公开征集意见) and their opinions,
// work records (trainings, 政务开放日, inspections), the normative-documents register (表二 第二十条第（一）项) and
// the enforcement and fee statistics of 表二 entered or imported per year, with the source of every import.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { WORK_KINDS } from '../../domain/report-builder/facts.ts';
import { NORM_KINDS } from '../../domain/report-builder/table2.ts';
import { agencies } from './agencies.ts';
import { oneOf } from './vocabulary.ts';

export const consultations = pgTable(
  'consultations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    title: text('title').notNull(),
    description: text('description'),
    /** The period opinions are taken in (inclusive). */
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    closesOn: date('closes_on', { mode: 'string' }).notNull(),
    /** 意见采纳情况反馈, as published. */
    feedback: text('feedback'),
    feedbackPublishedOn: date('feedback_published_on', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('consultations_period_check', sql`${t.closesOn} >= ${t.opensOn}`),
    check(
      'consultations_feedback_check',
      sql`(${t.feedbackPublishedOn} is null) or (${t.feedback} is not null and ${t.feedbackPublishedOn} >= ${t.closesOn})`,
    ),
    index('consultations_agency_idx').on(t.agencyId, t.opensOn),
  ],
);

export const consultationOpinions = pgTable(
  'consultation_opinions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    consultationId: integer('consultation_id')
      .notNull()
      .references(() => consultations.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** Who sent it, as they gave it (may be anonymous). */
    author: text('author'),
    content: text('content').notNull(),
    /** 门户网站, 信函, 电子邮件 … */
    channel: text('channel'),
    /** The category it is counted under in the report (基本公共服务, 便民服务 …); null until classified. */
    category: text('category'),
    classifiedBy: text('classified_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consultation_opinions_consultation_idx').on(t.consultationId, t.category)],
);

export const workRecords = pgTable(
  'work_records',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    on: date('on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    /** How many sessions / events this record stands for. */
    count: integer('count').notNull().default(1),
    participants: integer('participants').notNull().default(0),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('work_records_kind_check', oneOf(t.kind, WORK_KINDS)),
    check('work_records_counts_check', sql`${t.count} >= 0 and ${t.participants} >= 0`),
    index('work_records_agency_on_idx').on(t.agencyId, t.on),
  ],
);

export const normativeDocuments = pgTable(
  'normative_documents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** 规章 or 行政规范性文件. */
    kind: text('kind').notNull(),
    docNo: text('doc_no').notNull(),
    title: text('title').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    publishedOn: date('published_on', { mode: 'string' }),
    /** The first day it no longer has effect. */
    repealedOn: date('repealed_on', { mode: 'string' }),
    repealNote: text('repeal_note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('normative_documents_kind_check', oneOf(t.kind, NORM_KINDS)),
    check(
      'normative_documents_published_check',
      sql`${t.publishedOn} is null or ${t.publishedOn} >= ${t.issuedOn}`,
    ),
    check(
      'normative_documents_repealed_check',
      sql`${t.repealedOn} is null or ${t.repealedOn} > ${t.issuedOn}`,
    ),
    unique('normative_documents_agency_doc_no').on(t.agencyId, t.docNo),
  ],
);

/** One import or hand entry of statistics: the file (name, sha256), who and when. */
export const statisticSources = pgTable(
  'statistic_sources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    fileName: text('file_name'),
    sha256: text('sha256'),
    /** The values as this source gave them. */
    values: jsonb('values').$type<Record<string, number>>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('statistic_sources_kind_check', oneOf(t.kind, ['csv', 'manual'])),
    check(
      'statistic_sources_file_check',
      sql`${t.kind} <> 'csv' or (${t.fileName} is not null and ${t.sha256} is not null)`,
    ),
  ],
);

/** The current value of each 表二 statistic of an agency-year (field keys of fields.md), with its source. */
export const statistics = pgTable(
  'statistics',
  {
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    year: integer('year').notNull(),
    key: text('key').notNull(),
    value: numeric('value', { precision: 18, scale: 6, mode: 'number' }).notNull(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => statisticSources.id),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.year, t.key] }),
    check('statistics_key_check', sql`${t.key} like 't2.%'`),
  ],
);

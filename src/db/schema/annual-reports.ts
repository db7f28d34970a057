// Annual reports as published or collected: uploaded by a supervisor, compiled from the cases and published by an
// agency, read in bulk (ingest) or loaded as demo data. One row per distinct source file (sha256). The numbers are
// stored in the `parse --json` shape (fields / blank / uncertain / sections, keyed as in fields.md), with the
// findings of checkReport at the time of collection, so the status board and the aggregations need no re-parse.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { oneOf } from './vocabulary.ts';

export const ANNUAL_REPORT_ORIGINS = ['upload', 'compiled', 'ingest', 'demo'] as const;
export type AnnualReportOrigin = (typeof ANNUAL_REPORT_ORIGINS)[number];

/** Where a number read by OCR stood on the scan: its provenance page (1-based) and box ([x, y, w, h] in points
 *  from the page's top left), so the report page can show the crop of the scan beside it (issue 17). */
export interface StoredOcrBox {
  page: number;
  box: [number, number, number, number];
}

/**
 * What the reader saw at a cell it could not read with certainty (uncertain, or unknown: a glued run with several
 * cuts, a row the page does not list), kept at collection so the supervisor who settles it sees the reason, the
 * candidates and the source text; and, once settled, the person's confirmation (src/supervision/cell-confirm.ts).
 */
export interface StoredReading {
  /** The reader's own cell: a number it was unsure of, a printed blank, or nothing read. */
  read: { state: 'number'; value: number } | { state: 'blank' } | { state: 'unknown' };
  /** Why the reader was not sure, in Chinese (the report's `uncertain` reason), when it gave one. */
  reason?: string;
  /** The values a glued run could be cut into, when known. */
  candidates?: number[];
  /** The source text of the cell as printed, and where. */
  text?: string;
  line?: number;
  page?: number;
  /** The row's printed line(s) around the cell, bounded (cell-readings.ts EXCERPT_MAX): context for the person. */
  excerpt?: string;
  confirmed?: StoredConfirmation;
}

/** A person's settling of a cell: the value (or a printed blank), who, when (ISO), and their note. */
export interface StoredConfirmation {
  state: 'number' | 'blank';
  value?: number;
  /** The actor (`user:<username>` / the CLI's operator), as the audit log names them. */
  by: string;
  at: string;
  note: string;
  /** Confirmed against the printed glued run with an explicit override (a misprint): the run as printed. */
  departs?: string;
}

/** A finding as stored: the shape of src/domain/rules `Finding`. */
export interface StoredFinding {
  rule: string;
  severity: 'error' | 'warning';
  cells: string[];
  message: string;
}

export const annualReports = pgTable(
  'annual_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The agency of this installation the report belongs to, when it could be matched. */
    agencyId: integer('agency_id').references(() => agencies.id),
    /** The agency as the report names itself. */
    agencyName: text('agency_name').notNull(),
    year: integer('year').notNull(),
    /** '2019' | '2021' (the layout of its table 三). */
    format: text('format'),
    fields: jsonb('fields').$type<Record<string, number>>().notNull(),
    blank: jsonb('blank').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    uncertain: jsonb('uncertain').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sections: jsonb('sections').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    findings: jsonb('findings').$type<StoredFinding[]>().notNull().default(sql`'[]'::jsonb`),
    errors: integer('errors').notNull().default(0),
    warnings: integer('warnings').notNull().default(0),
    sourceName: text('source_name').notNull(),
    /** The form the parser read: text / html / docx / pdf / json, or 'compiled'. */
    sourceForm: text('source_form').notNull(),
    /** SHA-256 (hex) of the source bytes: the same file collected twice is one report. */
    sha256: text('sha256').notNull().unique(),
    publishedOn: date('published_on', { mode: 'string' }),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull().defaultNow(),
    origin: text('origin').notNull(),
    /** Keys whose value was inferred (from an identity) rather than read: the API's provenance kind. */
    inferred: jsonb('inferred').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * Keys read by OCR (provenance kind `ocr`) with their page and box on the scan whose bytes are kept under
     * `sha256` (src/web/reports/stored-files.ts). Empty for reports read from a text layer, and for rows stored
     * before issue 17 (they show no crop).
     */
    ocrBoxes: jsonb('ocr_boxes').$type<Record<string, StoredOcrBox>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The copy of the same agency-year that replaced this one, chosen by a supervisor after comparing both
     * (src/supervision/report-choice.ts): a superseded copy never stands for the agency-year.
     */
    supersededBy: integer('superseded_by').references((): AnyPgColumn => annualReports.id),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    /**
     * Per cell the reader was not sure of: what it saw, and a supervisor's confirmation once settled
     * (src/supervision/cell-confirm.ts). The confirmed value itself is in `fields`/`blank` like any other, so the
     * side table and the year sums follow through their triggers; this keeps who, when, why and what was read.
     */
    readings: jsonb('readings').$type<Record<string, StoredReading>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The version of the checking rules whose findings `findings`/`errors`/`warnings` hold
     * (src/supervision/rules-version.ts), set by a recheck (src/supervision/recheck.ts); null when not known (a
     * row stored before, or collected since the last recheck): such a row is checked again in the background.
     */
    rulesVersion: text('rules_version'),
  },
  (t) => [
    check('annual_reports_origin_check', oneOf(t.origin, ANNUAL_REPORT_ORIGINS)),
    index('annual_reports_year_idx').on(t.year),
    index('annual_reports_agency_year_idx').on(t.agencyId, t.year),
  ],
);

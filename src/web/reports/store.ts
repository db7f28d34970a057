// The annual_reports table: collect a report (upload, compile, ingest, demo) with its findings, read reports back
// as the Report model. A file is identified by its SHA-256: collecting the same bytes twice is one report.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type AnnualReportRow, annualReportValues, rowToReport } from '../../db/annual-report-values.ts';
import { cleanText } from '../../db/clean-text.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { type AnnualReportOrigin, annualReports } from '../../db/schema/annual-reports.ts';
import { type Report, toParsedJson } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { matchAgencyName } from '../../supervision/agency-names.ts';
import type { CellSource } from '../../supervision/cell-excerpts.ts';
import { standingReports } from '../../supervision/report-choice.ts';
import { audit } from '../audit.ts';
import { reportPages } from './page-cache.ts';

export type { AnnualReportRow };
export { rowToReport };

export interface Collect {
  readonly report: Report;
  /** Where each flagged cell stood and its row's printed line, from the reading (src/supervision/cell-excerpts.ts). */
  readonly sources?: Readonly<Record<string, CellSource>>;
  readonly findings: readonly Finding[];
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly sha256: string;
  readonly origin: AnnualReportOrigin;
  readonly publishedOn?: string | null;
  /** The agency it belongs to; by default matched on the agency name the report prints. */
  readonly agencyId?: number | null;
}

/** The agency a report's printed name means: names, short forms and aliases (src/supervision/agency-names.ts).
 *  Cleaned first: a name with a NUL in it (a damaged file) could not even be a query parameter. */
export const matchAgency = (db: Executor, name: string | null): Promise<number | null> =>
  matchAgencyName(db, name === null ? null : cleanText(name).text);

/**
 * Store a report unless the same file is already stored. Returns the row id and whether it was new. The caller
 * has checked that the report names its year (a report of no year cannot be placed on any board).
 */
export async function collectReport(
  db: Executor,
  input: Collect,
  actor: string,
): Promise<{ id: number; created: boolean }> {
  const j = toParsedJson(input.report);
  if (j.year === null) throw new Error('collectReport: report without a year');
  const agencyId = input.agencyId !== undefined ? input.agencyId : await matchAgency(db, j.agency);
  const values = annualReportValues({ ...input, parsed: j, agencyId });
  const errors = values.errors ?? 0;
  const [row] = await db
    .insert(annualReports)
    .values(values)
    .onConflictDoNothing({ target: annualReports.sha256 })
    .returning({ id: annualReports.id });
  if (!row) {
    const [old] = await db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(eq(annualReports.sha256, input.sha256));
    return { id: old!.id, created: false };
  }
  reportPages.invalidate();
  await audit(db, {
    actor,
    action: 'annualReport.collect',
    entity: 'annual_report',
    entityId: row.id,
    after: {
      agencyId,
      agencyName: j.agency,
      year: j.year,
      source: input.sourceName,
      origin: input.origin,
      errors,
    },
  });
  return { id: row.id, created: true };
}

export async function getReportRow(db: Executor, id: number): Promise<AnnualReportRow | null> {
  const [r] = await db.select().from(annualReports).where(eq(annualReports.id, id));
  return r ?? null;
}

export interface ReportListItem {
  readonly id: number;
  readonly agencyId: number | null;
  readonly agencyName: string;
  readonly year: number;
  readonly format: string | null;
  readonly errors: number;
  readonly warnings: number;
  readonly publishedOn: string | null;
  readonly origin: string;
  readonly sourceName: string;
  readonly received: number | null;
}

const listColumns = {
  id: annualReports.id,
  agencyId: annualReports.agencyId,
  agencyName: annualReports.agencyName,
  year: annualReports.year,
  format: annualReports.format,
  errors: annualReports.errors,
  warnings: annualReports.warnings,
  publishedOn: annualReports.publishedOn,
  origin: annualReports.origin,
  sourceName: annualReports.sourceName,
  received: sql<number | null>`(${annualReports.fields} ->> 't3.received.total')::numeric`,
};

/** Reports, newest year first, optionally of one year and/or of some agencies. */
export async function listReports(
  db: Executor,
  f: {
    year?: number;
    agencyIds?: readonly number[];
    limit?: number;
    /** What the public sees: the copy that stands for each agency-year, matched to an agency and dated. */
    publicOnly?: boolean;
  } = {},
): Promise<ReportListItem[]> {
  const where = [
    // Public lists show only the copy that stands for each agency-year (the others are in its history), and only
    // once it is matched to an agency and dated (issue 12; supervision/report-choice.ts isPublicReport).
    f.publicOnly
      ? sql`${annualReports.id} in (select id from ${standingReports(
          f.year !== undefined ? sql`year = ${f.year}` : sql`true`,
        )} s) and ${annualReports.agencyId} is not null and ${annualReports.publishedOn} is not null`
      : undefined,
    f.year !== undefined ? eq(annualReports.year, f.year) : undefined,
    f.agencyIds
      ? f.agencyIds.length
        ? inArray(annualReports.agencyId, [...f.agencyIds])
        : sql`false`
      : undefined,
  ].filter(Boolean);
  const rows = await db
    .select(listColumns)
    .from(annualReports)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(annualReports.year), annualReports.agencyName, desc(annualReports.id))
    .limit(f.limit ?? 1000);
  return rows.map((r) => ({ ...r, received: r.received === null ? null : Number(r.received) }));
}

/** The years any report exists for, newest first. */
export async function reportYears(db: Executor, f: { publicOnly?: boolean } = {}): Promise<number[]> {
  const rows = await queryRows<{ year: number }>(
    db,
    f.publicOnly
      ? sql`select distinct year from annual_reports where agency_id is not null and published_on is not null
            order by year desc`
      : sql`select distinct year from annual_reports order by year desc`,
  );
  return rows.map((r) => Number(r.year));
}

/** Record the date a report was published (the status board's on-time test). */
export async function setPublishedOn(
  db: Executor,
  id: number,
  on: string | null,
  actor: string,
): Promise<void> {
  const [before] = await db
    .select({ publishedOn: annualReports.publishedOn })
    .from(annualReports)
    .where(eq(annualReports.id, id));
  await db.update(annualReports).set({ publishedOn: on }).where(eq(annualReports.id, id));
  reportPages.invalidate();
  await audit(db, {
    actor,
    action: 'annualReport.publishedOn',
    entity: 'annual_report',
    entityId: id,
    before,
    after: { publishedOn: on },
  });
}

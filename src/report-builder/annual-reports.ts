// Reading and writing rows of the annual_reports table (the web's schema, src/db/schema/annual-reports.ts) for the
// builder: last year's report as a Report, a report imported from a file, a compiled report as published.
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { type AnnualReportRow, annualReportValues, rowToReport } from '../db/annual-report-values.ts';
import type { Executor } from '../db/handle.ts';
import { type AnnualReportOrigin, annualReports } from '../db/schema/annual-reports.ts';
import { type Report, toParsedJson } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';

export { storedFindings } from '../db/annual-report-values.ts';
export type { AnnualReportRow };
export { rowToReport };

export interface NewAnnualReport {
  readonly report: Report;
  readonly agencyId: number;
  readonly findings: readonly Finding[];
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly sha256: string;
  readonly origin: AnnualReportOrigin;
  readonly publishedOn: string | null;
}

/** Insert a report; a file already stored (same SHA-256) is returned as it is. */
export async function insertAnnualReport(
  db: Executor,
  r: NewAnnualReport,
): Promise<{ row: AnnualReportRow; created: boolean }> {
  const j = toParsedJson(r.report, { provenance: false });
  if (j.year === null) throw new Error('insertAnnualReport: report without a year');
  const [row] = await db
    .insert(annualReports)
    .values(annualReportValues({ ...r, parsed: j }))
    .onConflictDoNothing({ target: annualReports.sha256 })
    .returning();
  if (row) return { row, created: true };
  const [old] = await db.select().from(annualReports).where(eq(annualReports.sha256, r.sha256));
  return { row: old!, created: false };
}

export async function annualReportById(db: Executor, id: number): Promise<AnnualReportRow | null> {
  const [r] = await db.select().from(annualReports).where(eq(annualReports.id, id));
  return r ?? null;
}

/** The agency's report on `year` in the system: the one compiled and published here first, else the latest stored. */
export async function reportOfYear(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<AnnualReportRow | null> {
  const rows = await db
    .select()
    .from(annualReports)
    .where(and(eq(annualReports.agencyId, agencyId), eq(annualReports.year, year)))
    .orderBy(desc(annualReports.collectedAt), desc(annualReports.id));
  return rows.find((r) => r.origin === 'compiled') ?? rows[0] ?? null;
}

/** The report this system published for the agency-year, if any. */
export async function publishedReport(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<AnnualReportRow | null> {
  const [r] = await db
    .select()
    .from(annualReports)
    .where(
      and(
        eq(annualReports.agencyId, agencyId),
        eq(annualReports.year, year),
        eq(annualReports.origin, 'compiled'),
        isNotNull(annualReports.publishedOn),
      ),
    );
  return r ?? null;
}

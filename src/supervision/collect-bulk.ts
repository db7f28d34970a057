// Bulk collection of parsed reports into annual_reports: batches of multi-row inserts, idempotent by the source's
// SHA-256, so several `gongkai collect` processes on different machines can feed one PostgreSQL (shard the file
// list between them; a file loaded twice is skipped, not duplicated).
import { annualReportValues } from '../db/annual-report-values.ts';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import type { AnnualReportOrigin, StoredOcrBox } from '../db/schema/annual-reports.ts';
import { annualReports } from '../db/schema/annual-reports.ts';
import type { ParsedJson } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import { loadNameIndex } from './agency-names.ts';
import type { CellSource } from './cell-excerpts.ts';
import { storeSignatures } from './report-signatures.ts';

export interface BulkItem {
  readonly parsed: ParsedJson;
  readonly findings: readonly Finding[];
  readonly sha256: string;
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly publishedOn?: string | null;
  /** The page and box of each OCR-read number when `parsed` has no provenance (annual-report-values.ts). */
  readonly ocrBoxes?: Record<string, StoredOcrBox>;
  /** Where each flagged cell stood and its row's printed line (cell-excerpts.ts): the confirm page's context. */
  readonly sources?: Readonly<Record<string, CellSource>>;
}

/** Insert a batch; returns how many were new. Agencies are matched by name and alias (agency-names.ts). */
export async function collectBatch(
  db: Executor,
  items: readonly BulkItem[],
  origin: AnnualReportOrigin,
  actor: string,
): Promise<number> {
  const usable = items.filter((i) => i.parsed.year !== null);
  if (!usable.length) return 0;
  const names = await loadNameIndex(db);
  const values = usable.map((i) =>
    annualReportValues({ ...i, agencyId: names.match(i.parsed.agency), origin }),
  );
  const inserted = await db
    .insert(annualReports)
    .values(values)
    .onConflictDoNothing({ target: annualReports.sha256 })
    .returning({ id: annualReports.id, sha256: annualReports.sha256 });
  // Copy detection's signatures, once, now (report-signatures.ts).
  const bySha = new Map(usable.map((i) => [i.sha256, i]));
  await storeSignatures(
    db,
    inserted.map((r) => ({
      id: r.id,
      sections: bySha.get(r.sha256)?.parsed.sections as Record<string, string>,
    })),
  );
  if (inserted.length)
    await writeAudit(db, {
      actor,
      action: 'annualReport.bulkCollect',
      entity: 'annual_report',
      entityId: `${inserted[0]!.id}..${inserted[inserted.length - 1]!.id}`,
      after: { count: inserted.length, origin },
    });
  return inserted.length;
}

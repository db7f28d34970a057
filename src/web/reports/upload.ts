// Collecting many report files at once (the supervisor's upload): each file is read by content (any form the
// parser reads), checked (with last year's report of the same agency when one is stored), and stored once per
// distinct file. The bytes stay in memory, except a scan's: a report read by OCR keeps its source in StoredFiles
// (by SHA-256, the row's own hash) so the crop of the scan can be drawn beside each number later (issue 17). One
// bad file never stops the others.
import { and, desc, eq } from 'drizzle-orm';
import { ocrBoxesOf, SCAN_FORMS } from '../../db/annual-report-values.ts';
import type { Executor } from '../../db/handle.ts';
import { annualReports } from '../../db/schema/annual-reports.ts';
import type { Report } from '../../domain/report/model.ts';
import { checkReport } from '../../domain/rules/index.ts';
import { type ReadingPipeline, sharedPipeline } from '../../reading/pipeline.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { collectReport, matchAgency, rowToReport } from './store.ts';
import type { StoredFiles } from './stored-files.ts';

export type UploadOutcome = 'collected' | 'duplicate' | 'unreadable' | 'noYear' | 'tooLarge' | 'empty';

export interface UploadResult {
  readonly file: string;
  readonly bytes: number;
  readonly outcome: UploadOutcome;
  readonly message: string;
  readonly reportId?: number;
  readonly agency?: string | null;
  readonly agencyMatched?: boolean;
  readonly year?: number | null;
  readonly errors?: number;
  readonly warnings?: number;
}

export const OUTCOME_LABELS: Readonly<Record<UploadOutcome, string>> = {
  collected: '已收集',
  duplicate: '已存在（同一文件）',
  unreadable: '无法读取',
  noYear: '未识别年度',
  tooLarge: '文件过大',
  empty: '空文件',
};

/** Only the last path segment of a client-given name, without control characters. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || '（未命名文件）';
}

export async function previousReport(
  db: Executor,
  agencyId: number | null,
  year: number,
): Promise<Report | undefined> {
  if (agencyId === null) return undefined;
  const [row] = await db
    .select()
    .from(annualReports)
    .where(and(eq(annualReports.agencyId, agencyId), eq(annualReports.year, year - 1)))
    .orderBy(desc(annualReports.collectedAt))
    .limit(1);
  return row ? rowToReport(row) : undefined;
}

export async function collectFile(
  db: Executor,
  file: { name: string; bytes: Uint8Array },
  opts: {
    maxFileBytes: number;
    actor: string;
    origin?: 'upload' | 'ingest' | 'demo';
    agencyId?: number | null;
    publishedOn?: string | null;
    pipeline?: ReadingPipeline;
    /** Where a scan's bytes are kept for the crop view (the server's or the data folder's StoredFiles). */
    files?: StoredFiles;
  },
): Promise<UploadResult> {
  const name = displayName(file.name);
  const size = file.bytes.byteLength;
  if (size === 0) return { file: name, bytes: 0, outcome: 'empty', message: '文件是空的' };
  if (size > opts.maxFileBytes)
    return {
      file: name,
      bytes: size,
      outcome: 'tooLarge',
      message: `文件大小 ${(size / 1048576).toFixed(1)} MB，超过单个文件上限 ${(opts.maxFileBytes / 1048576).toFixed(0)} MB`,
    };
  // Read in the reading pipeline's worker (time and memory limits), never on the caller's thread.
  const r = await (opts.pipeline ?? sharedPipeline()).read(file.bytes, name);
  if (!r.ok)
    return {
      file: name,
      bytes: size,
      outcome: r.kind === 'tooLarge' ? 'tooLarge' : 'unreadable',
      message: r.message,
    };
  const report = r.report;
  const form = r.form;
  if (report.year === null)
    return {
      file: name,
      bytes: size,
      outcome: 'noYear',
      message: `${name}：未能从标题或正文中识别报告年度，未收集`,
      agency: report.agency,
    };
  const agencyId = opts.agencyId !== undefined ? opts.agencyId : await matchAgency(db, report.agency);
  const findings = checkReport(report, { prev: await previousReport(db, agencyId, report.year) });
  const errors = findings.filter((f) => f.severity === 'error').length;
  // Written before the row, so a row with OCR boxes never lacks its scan (a file left without a row is harmless:
  // content-addressed, the next collect of the same bytes finds it).
  if (opts.files && SCAN_FORMS.has(form) && Object.keys(ocrBoxesOf(report.provenance)).length)
    await opts.files.put(file.bytes);
  const { id, created } = await collectReport(
    db,
    {
      report,
      ...(r.sources ? { sources: r.sources } : {}),
      findings,
      sourceName: name,
      sourceForm: form,
      sha256: sha256Hex(file.bytes),
      origin: opts.origin ?? 'upload',
      agencyId,
      publishedOn: opts.publishedOn ?? null,
    },
    opts.actor,
  );
  return {
    file: name,
    bytes: size,
    outcome: created ? 'collected' : 'duplicate',
    message: created ? '已读取、检查并收集' : '该文件此前已收集，未重复保存',
    reportId: id,
    agency: report.agency,
    agencyMatched: agencyId !== null,
    year: report.year,
    errors,
    warnings: findings.length - errors,
  };
}

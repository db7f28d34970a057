// Checks across the reports of a year in the database: each agency against its own previous year (carry-over,
// stock-flow, repeated text), outliers against the peer group, and text copied between agencies of the same year.
import { sql } from 'drizzle-orm';
import { rowToReport } from '../db/annual-report-values.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { findOutliers } from '../domain/outliers/outliers.ts';
import type { Report } from '../domain/report/model.ts';
import { checkReport, RULES } from '../domain/rules/index.ts';
import { findSimilarSketched, sketch } from '../domain/similarity/index.ts';
import { REPORT_CHOICE_ORDER } from './report-choice.ts';
import { comparedText, loadSignatures } from './report-signatures.ts';

export interface CrossFinding {
  readonly reportId: number;
  readonly agencyName: string;
  readonly year: number;
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly cells: readonly string[];
  readonly message: string;
}

interface Row {
  id: number;
  agency_id: number | null;
  agency_name: string;
  year: number;
  format: string | null;
  fields: Record<string, number>;
  blank: string[];
  uncertain: string[];
  sections: Record<string, string>;
}

// The one row → Report mapping. The readings (reasons, candidates, who confirmed a cell) are not read: a confirmed
// value is already in `fields` and out of `uncertain`, and these checks need the numbers only.
const toReport = (r: Row): Report =>
  rowToReport({
    agencyName: r.agency_name,
    year: r.year,
    format: r.format,
    fields: r.fields,
    blank: r.blank,
    uncertain: r.uncertain,
    sections: r.sections,
  });

async function latestReports(db: Executor, year: number, rootAgencyId: number | null): Promise<Row[]> {
  const subtree =
    rootAgencyId === null
      ? sql`true`
      : sql`agency_id in (with recursive t(id) as (select ${rootAgencyId}::int union all
              select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;
  return queryRows<Row>(
    db,
    sql`select distinct on (coalesce(agency_id, -id), year) id, agency_id, agency_name, year, format, fields, blank,
          uncertain, sections
        from annual_reports where year = ${year} and ${subtree}
        order by ${REPORT_CHOICE_ORDER}`,
  );
}

export async function crossChecks(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null; similarityThreshold?: number },
): Promise<CrossFinding[]> {
  const root = opts.rootAgencyId ?? null;
  const now = await latestReports(db, opts.year, root);
  const before = await latestReports(db, opts.year - 1, root);
  const prevByAgency = new Map(before.filter((r) => r.agency_id !== null).map((r) => [r.agency_id!, r]));
  const out: CrossFinding[] = [];
  const crossRules = RULES.filter((r) => r.needsPrev);
  const reports = now.map((r) => ({ row: r, report: toReport(r) }));
  for (const { row, report } of reports) {
    const prevRow = row.agency_id === null ? undefined : prevByAgency.get(row.agency_id);
    if (!prevRow) continue;
    for (const f of checkReport(report, { prev: toReport(prevRow), rules: crossRules }))
      out.push({ reportId: row.id, agencyName: row.agency_name, year: row.year, ...f });
  }
  for (const o of findOutliers(reports.map((x) => ({ id: String(x.row.id), report: x.report })))) {
    const row = now.find((r) => String(r.id) === o.id)!;
    out.push({
      reportId: row.id,
      agencyName: row.agency_name,
      year: row.year,
      rule: `outlier.${o.ratio}`,
      severity: 'warning',
      cells: o.cells,
      message: `${o.label}为${(o.value * 100).toFixed(1)}%，同级机关中位数为${(o.median * 100).toFixed(1)}%（稳健Z值 ${o.score}），明显偏离`,
    });
  }
  // Signatures stored at collection; one missing is computed here (a report stored before, or another way).
  const stored = await loadSignatures(
    db,
    now.map((r) => r.id),
  );
  const docs = now.map((r) => ({
    id: String(r.id),
    sig: stored.get(r.id) ?? sketch(comparedText(r.sections)),
    text: () => comparedText(r.sections),
  }));
  for (const p of findSimilarSketched(docs, { threshold: opts.similarityThreshold ?? 0.6 })) {
    const a = now.find((r) => String(r.id) === p.a)!;
    const b = now.find((r) => String(r.id) === p.b)!;
    if (a.agency_id !== null && a.agency_id === b.agency_id) continue;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const)
      out.push({
        reportId: x.id,
        agencyName: x.agency_name,
        year: x.year,
        rule: 'copy.sameYear',
        severity: 'warning',
        cells: [],
        message: `正文与${y.agency_name}同年度报告的相似度为${Math.round(p.similarity * 100)}%，重复段落如：“${(p.passages[0] ?? '').slice(0, 40)}”`,
      });
  }
  return out;
}

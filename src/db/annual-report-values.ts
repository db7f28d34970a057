// The one way a parsed report becomes an annual_reports row (upload, compile-and-publish, bulk collect, demo): the
// `parse --json` fields with the findings at collection time and their counts.

import type { ParsedJson } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import type { AnnualReportOrigin, annualReports, StoredFinding } from './schema/annual-reports.ts';

export interface ReportRowInput {
  readonly parsed: ParsedJson;
  readonly findings: readonly Finding[];
  readonly agencyId: number | null;
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly sha256: string;
  readonly origin: AnnualReportOrigin;
  readonly publishedOn?: string | null;
}

export const storedFindings = (findings: readonly Finding[]): StoredFinding[] =>
  findings.map((f) => ({ rule: f.rule, severity: f.severity, cells: [...f.cells], message: f.message }));

export function annualReportValues(r: ReportRowInput): typeof annualReports.$inferInsert {
  const j = r.parsed;
  if (j.year === null) throw new Error('annualReportValues: a report without a year cannot be stored');
  const findings = storedFindings(r.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    agencyId: r.agencyId,
    agencyName: j.agency ?? r.sourceName,
    year: j.year,
    format: j.format,
    fields: j.fields,
    blank: j.blank,
    uncertain: j.uncertain,
    sections: j.sections as Record<string, string>,
    findings,
    errors,
    warnings: findings.length - errors,
    sourceName: r.sourceName,
    sourceForm: r.sourceForm,
    inferred: Object.entries(j.provenance ?? {})
      .filter(([, p]) => p.inferred)
      .map(([k]) => k),
    sha256: r.sha256,
    // A crawled page states its 发布时间: the status board's on-time check uses it unless the caller knows better.
    publishedOn: r.publishedOn ?? j.published ?? null,
    origin: r.origin,
  };
}

// The report builder of an agency-year: 表三 and 表四 compiled from the cases (src/cases/compile.ts, every cell
// drilling down to its cases), 表二 and the six sections entered by the agency, all checked by the rule engine as
// the page is submitted ("live checks"), and published as an annual report (which locks the year).
import { and, desc, eq } from 'drizzle-orm';
import { type CompiledReport, compileYear } from '../../cases/compile.ts';
import type { Executor } from '../../db/handle.ts';
import { annualReports } from '../../db/schema/annual-reports.ts';
import { expectedFormat, LAYOUTS, SECTIONS, type SectionKey } from '../../domain/report/layout.ts';
import { num, type Report } from '../../domain/report/model.ts';
import { checkReport, type Finding } from '../../domain/rules/index.ts';
import { rowToReport } from './store.ts';

export interface BuilderInput {
  /** 表二 values as entered (a blank input leaves the cell unknown, which the checks report). */
  readonly t2: Readonly<Record<string, number>>;
  readonly sections: Readonly<Partial<Record<SectionKey, string>>>;
}

export interface Built {
  readonly compiled: CompiledReport;
  readonly report: Report;
  readonly findings: readonly Finding[];
  readonly prevSource: 'published' | 'compiled' | null;
}

export const t2Fields = (year: number) =>
  LAYOUTS[expectedFormat(year)].fields.filter((f) => f.table === 't2');

/** Last year's report for the cross-year checks: the one published if there is one, else compiled from the cases. */
async function previous(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<{ report?: Report; source: Built['prevSource'] }> {
  const [row] = await db
    .select()
    .from(annualReports)
    .where(and(eq(annualReports.agencyId, agencyId), eq(annualReports.year, year - 1)))
    .orderBy(desc(annualReports.collectedAt))
    .limit(1);
  if (row) return { report: rowToReport(row), source: 'published' };
  const prev = await compileYear(db, { agency: agencyId, year: year - 1, drillDown: false });
  const any = Object.entries(prev.report.cells).some(
    ([k, c]) => k.startsWith('t3.') && c.state === 'number' && c.value > 0,
  );
  return any ? { report: prev.report, source: 'compiled' } : { source: null };
}

export async function buildReport(
  db: Executor,
  agencyId: number,
  year: number,
  input: BuilderInput,
): Promise<Built> {
  const compiled = await compileYear(db, { agency: agencyId, year });
  const report = compiled.report;
  for (const f of t2Fields(year)) {
    const v = input.t2[f.key];
    if (v !== undefined) report.cells[f.key] = num(v);
  }
  for (const s of SECTIONS) {
    const text = input.sections[s.key]?.trim();
    if (text) report.sections[s.key] = text;
  }
  const prev = await previous(db, agencyId, year);
  return { compiled, report, findings: checkReport(report, { prev: prev.report }), prevSource: prev.source };
}

/** The draft's text for each section before anyone has written one: what the compiled figures already say. */
export function draftSections(c: CompiledReport): Partial<Record<SectionKey, string>> {
  const v = (k: string) => {
    const cell = c.report.cells[k];
    return cell?.state === 'number' ? cell.value : 0;
  };
  return {
    requests: `本年度新收政府信息公开申请${v('t3.received.total')}件，上年结转${v('t3.carriedOver.total')}件；办结${v('t3.total.total')}件，其中予以公开${v('t3.granted.total')}件、部分公开${v('t3.partiallyGranted.total')}件；结转下年度继续办理${v('t3.carriedForward.total')}件。`,
    appeals: `本年度因政府信息公开被申请行政复议${v('t4.review.total')}件，提起行政诉讼${v('t4.litigation.direct.total') + v('t4.litigation.afterReview.total')}件。`,
    other: c.report.sections.other ?? '',
  };
}

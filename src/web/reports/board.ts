// The supervisor's status board for a year: every reporting body of a subtree, whether its report is published, on
// time or late (《条例》第四十九条 deadlines, src/domain/deadlines), with its errors and warnings; and the subtree's
// combined tables (field sums, src/domain/aggregate).
import { aggregateReports } from '../../domain/aggregate/index.ts';
import {
  DEFAULT_DEADLINE_RULES,
  type DeadlineRules,
  type ReportingKind,
  type ReportStatus,
  reportStatus,
} from '../../domain/deadlines/report-deadline.ts';
import { expectedFormat } from '../../domain/report/layout.ts';
import { type Report, reportFromFields } from '../../domain/report/model.ts';
import { type AgencyNode, flattenTree } from '../scope.ts';
import { type AnnualReportRow, rowToReport } from './store.ts';

export type BoardStatus = ReportStatus | 'undated';

export interface BoardLine {
  readonly agency: AgencyNode;
  readonly report: AnnualReportRow | null;
  readonly status: BoardStatus;
  readonly deadline: string;
  readonly daysLate: number;
}

const KINDS: readonly ReportingKind[] = ['localGovernment', 'department', 'township', 'other'];
const kindOf = (k: string): ReportingKind =>
  KINDS.includes(k as ReportingKind) ? (k as ReportingKind) : 'other';

/** Departments (内设机构) publish no report of their own: the board lists regions and agencies. */
export const reportsOwnReport = (n: AgencyNode): boolean => n.level !== 'department';

export function boardLines(
  tree: AgencyNode | null,
  rows: readonly AnnualReportRow[],
  year: number,
  today: string,
  rules: DeadlineRules = DEFAULT_DEADLINE_RULES,
): BoardLine[] {
  const byAgency = latestPerAgency(rows, year);
  return flattenTree(tree)
    .filter(reportsOwnReport)
    .map((agency) => {
      const report = byAgency.get(agency.id) ?? null;
      const s = reportStatus(year, kindOf(agency.kind), report?.publishedOn ?? null, today, rules);
      const status: BoardStatus = report && !report.publishedOn ? 'undated' : s.status;
      return {
        agency,
        report,
        status,
        deadline: s.deadline,
        daysLate: status === 'undated' ? 0 : s.daysLate,
      };
    });
}

/** The latest collected report of each agency for the year (two files of one report must not count twice). */
export function latestPerAgency(
  rows: readonly AnnualReportRow[],
  year: number,
): Map<number, AnnualReportRow> {
  const byAgency = new Map<number, AnnualReportRow>();
  for (const r of rows)
    if (r.year === year && r.agencyId !== null) {
      const old = byAgency.get(r.agencyId);
      if (!old || old.collectedAt < r.collectedAt || (old.collectedAt === r.collectedAt && old.id < r.id))
        byAgency.set(r.agencyId, r);
    }
  return byAgency;
}

export const BOARD_LABELS: Readonly<Record<BoardStatus, string>> = {
  onTime: '按时发布',
  late: '逾期发布',
  missing: '逾期未发布',
  notYetDue: '未发布（未到期）',
  undated: '已收集（发布日期未记录）',
};

export interface Combined {
  readonly report: Report;
  readonly count: number;
  /** Fields some report could not supply: the sum is a lower bound there. */
  readonly incomplete: readonly string[];
}

/** The subtree's combined tables for a year: each field summed over the reports, in the year's layout. */
export function combine(rows: readonly AnnualReportRow[], year: number, name: string): Combined {
  const reports = [...latestPerAgency(rows, year).values()].map(rowToReport);
  const format = expectedFormat(year);
  const agg = aggregateReports(reports, { as: format });
  const report = reportFromFields(format, agg.fields, { agency: `${name}（合计）`, year });
  return { report, count: agg.reports, incomplete: Object.keys(agg.incomplete) };
}

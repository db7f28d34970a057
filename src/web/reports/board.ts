// What the supervisor's pages show of a subtree for a year, over the supervision module: the status board
// (src/supervision/status-board.ts — who owes a report, published on time or late, errors and warnings), the
// combined tables summed in the database (src/supervision/aggregate-sql.ts), each agency's findings, and the
// figures of the charts.

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { expectedFormat, LAYOUTS, T4_GROUPS } from '../../domain/report/layout.ts';
import { type Report, reportFromFields } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { aggregateInDb, sumByYear } from '../../supervision/aggregate-sql.ts';
import { STATUS_TEXT, type StatusRow, statusBoard } from '../../supervision/status-board.ts';
import { correctionRates, OUTCOME_GROUPS, outcomeMix, received as receivedOf } from './figures.ts';
import { getReportRow, reportYears } from './store.ts';

export type { StatusRow };

export const BOARD_LABELS = STATUS_TEXT;

export function board(db: Executor, rootId: number, year: number, today: string): Promise<StatusRow[]> {
  return statusBoard(db, { year, today, rootAgencyId: rootId });
}

export interface Combined {
  readonly report: Report;
  readonly count: number;
}

/** The subtree's combined tables for a year: each field summed over the latest report of each agency. */
export async function combined(db: Executor, rootId: number, name: string, year: number): Promise<Combined> {
  const agg = await aggregateInDb(db, { year, rootAgencyId: rootId });
  const format = expectedFormat(year);
  const keys = new Set(LAYOUTS[format].fields.map((f) => f.key));
  const fields: Record<string, number> = {};
  for (const [k, v] of Object.entries(agg.fields)) if (keys.has(k)) fields[k] = v;
  return {
    report: reportFromFields(format, fields, { agency: `${name}（合计）`, year }),
    count: agg.reports,
  };
}

/** The findings of each agency's report on the board. */
export async function findingsPerAgency(
  db: Executor,
  rows: readonly StatusRow[],
): Promise<{ row: StatusRow; findings: readonly Finding[] }[]> {
  const out: { row: StatusRow; findings: readonly Finding[] }[] = [];
  for (const row of rows) {
    if (row.reportId === null) continue;
    const r = await getReportRow(db, row.reportId);
    if (r) out.push({ row, findings: r.findings });
  }
  return out;
}

/** The fields the board's charts read: 新收, the 办理结果 groups' 总计 cells, and the 复议/诉讼 results. */
const TREND_KEYS: readonly string[] = [
  't3.received.total',
  ...T4_GROUPS.flatMap((g) => ['upheld', 'corrected', 'other'].map((c) => `t4.${g.key}.${c}`)),
];
const MIX_KEYS: readonly string[] = [
  ...new Set(
    [...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields]
      .map((f) => f.key)
      .filter((k) => OUTCOME_GROUPS.some((g) => k.startsWith(g.prefix)) && k.endsWith('.total')),
  ),
];

export interface ChartSet {
  /** Every year from the first to the last with a report anywhere; null where the subtree has none that year. */
  readonly byYear: readonly { year: number; received: number | null }[];
  readonly mix: readonly { name: string; value: number }[];
  readonly rates: readonly { year: number; review: number | null; litigation: number | null }[];
  readonly ranking: readonly { name: string; value: number }[];
}

/** Which of the charts' figures to compute: all (the page, with its data tables), or one chart's (its SVG). */
export type ChartPart = 'all' | 'trend' | 'mix' | 'ranking';

/**
 * The figures of the four charts: applications by year, outcome mix, correction rates, ranking of agencies. A chart's
 * SVG is a request of its own: it computes only its part (the trend and rates charts need neither the year's mix nor
 * the board), so the page and its four images do not compute everything five times.
 */
export async function chartFigures(
  db: Executor,
  rootId: number,
  year: number,
  rows: readonly StatusRow[],
  part: ChartPart = 'all',
): Promise<ChartSet> {
  const want = (p: ChartPart) => part === 'all' || part === p;
  const known = want('trend') ? await reportYears(db) : [];
  const years = known.length
    ? Array.from({ length: Math.max(...known) - Math.min(...known) + 1 }, (_, i) => Math.min(...known) + i)
    : [];
  // Every year: 新收 and the 复议/诉讼 results; the outcome groups only for the year on screen.
  const sums = want('trend') ? await sumByYear(db, { rootAgencyId: rootId, keys: TREND_KEYS }) : new Map();
  const mixOfYear = want('mix')
    ? await sumByYear(db, { rootAgencyId: rootId, keys: MIX_KEYS, year })
    : new Map();
  const perYear = years.map((y) => {
    const agg = sums.get(y);
    return { year: y, fields: agg?.reports ? agg.fields : null };
  });
  const thisYear = mixOfYear.get(year)?.fields ?? {};
  // Leading and trailing years without any report of the subtree are dropped; gaps inside stay gaps.
  const first = perYear.findIndex((p) => p.fields !== null);
  const last = perYear.length - 1 - [...perYear].reverse().findIndex((p) => p.fields !== null);
  const span = first < 0 ? [] : perYear.slice(first, last + 1);
  const chosen = new Map(
    want('ranking') ? rows.filter((r) => r.reportId !== null).map((r) => [r.reportId!, r.name]) : [],
  );
  // 新收 of each agency's standing report, from its typed row (report_numbers).
  const received = chosen.size
    ? await queryRows<{ id: number; v: number | null }>(
        db,
        sql`select report_id as id, "t3.received.total" as v from report_numbers
            where report_id in (${sql.join(
              [...chosen.keys()].map((id) => sql`${id}`),
              sql`, `,
            )})`,
      )
    : [];
  const ranking = received
    .map((r) => ({ name: chosen.get(Number(r.id))!, value: Number(r.v ?? 0) }))
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'zh'));
  return {
    byYear: span.map((p) => ({ year: p.year, received: p.fields ? receivedOf(p.fields) : null })),
    mix: want('mix') ? outcomeMix(thisYear) : [],
    rates: span.map((p) =>
      p.fields
        ? { year: p.year, ...correctionRates(p.fields) }
        : { year: p.year, review: null, litigation: null },
    ),
    ranking,
  };
}

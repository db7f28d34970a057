// Combined tables in the database: every field summed over a year's reports (of a subtree) in one pass, so a
// national corpus aggregates without loading 100,000 reports into memory. The sums run over report_numbers, the typed
// side table a trigger fills from each stored report's fields (src/db/schema/report-numbers.ts): a plain sum() per
// column, no jsonb read. Keys come from the layouts (never from input), so they are safe to splice into the statement.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { carriedColumn, REPORT_NUMBER_KEYS } from '../db/schema/report-numbers.ts';
import { REPORT_CHOICE_ORDER } from './report-choice.ts';

const KEYS = REPORT_NUMBER_KEYS;
const column = (k: string) => `n."${k.replace(/"/g, '""')}"`;

export interface DbAggregate {
  readonly fields: Record<string, number>;
  readonly reports: number;
}

const subtreeOf = (rootAgencyId: number | null | undefined) =>
  rootAgencyId == null
    ? sql`true`
    : sql`r.agency_id in (with recursive t(id) as (select ${rootAgencyId}::int union all
            select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;

const readSums = (
  row: Record<string, string | number | null> | undefined,
  carried?: (i: number) => boolean,
) => {
  const fields: Record<string, number> = {};
  KEYS.forEach((k, i) => {
    const v = row?.[`c${i}`];
    if (v !== null && v !== undefined && (carried?.(i) ?? true))
      fields[k] = Math.round(Number(v) * 1e6) / 1e6;
  });
  return { fields, reports: Number(row?.reports ?? 0) };
};

/**
 * Sum of every field over the reports that stand for `year` (one per agency-year, src/supervision/report-choice.ts),
 * optionally of a subtree. The whole year is one row of report_year_sums, kept on write; a subtree sums its standing
 * rows of report_numbers (a district is hundreds of rows, not 100,000).
 */
export async function aggregateInDb(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null },
): Promise<DbAggregate> {
  if (opts.rootAgencyId == null) {
    const cols = sql.raw(
      KEYS.map(
        (k, i) => `s."${k.replace(/"/g, '""')}"::float8 as c${i}, s."${carriedColumn(k)}" as n${i}`,
      ).join(', '),
    );
    const [row] = await queryRows<Record<string, string | number | null>>(
      db,
      sql`select s.reports, ${cols} from report_year_sums s where s.year = ${opts.year}`,
    );
    // A field no standing report carries is absent (its sum may read 0 after reports were taken away).
    return readSums(row, (i) => Number(row?.[`n${i}`] ?? 0) > 0);
  }
  // sum() of no values is NULL, which tells a field no report carries; float8 sums are exact for counts and, rounded
  // to 6 places, for 万元 amounts.
  const sums = sql.raw(KEYS.map((k, i) => `sum(${column(k)}) as c${i}`).join(', '));
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select count(*)::int as reports, ${sums} from report_numbers n join annual_reports r on r.id = n.report_id
        where n.year = ${opts.year} and n.stands and ${subtreeOf(opts.rootAgencyId)}`,
  );
  return readSums(row);
}

/**
 * The same sums computed from annual_reports alone: the reports that stand picked by REPORT_CHOICE_ORDER, their
 * numbers read from report_numbers. What the kept sums must equal, field by field (tests and `npm run bench`).
 */
export async function aggregateByChoice(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null },
): Promise<DbAggregate> {
  const sums = sql.raw(KEYS.map((k, i) => `sum(${column(k)}) as c${i}`).join(', '));
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select count(*)::int as reports, ${sums} from report_numbers n
        join (select distinct on (coalesce(agency_id, -id), year) id from annual_reports r
              where year = ${opts.year} and ${subtreeOf(opts.rootAgencyId)} order by ${REPORT_CHOICE_ORDER}) r
          on r.id = n.report_id`,
  );
  return readSums(row);
}

/** Agencies ranked by one field of their report for a year (e.g. applications received, errors). */
export async function rankAgencies(
  db: Executor,
  opts: { year: number; key: string; limit?: number; descending?: boolean },
): Promise<{ agencyName: string; agencyId: number | null; value: number }[]> {
  if (!KEYS.includes(opts.key) && opts.key !== 'errors' && opts.key !== 'warnings')
    throw new Error(`未知字段：${opts.key}`);
  const value =
    opts.key === 'errors' || opts.key === 'warnings' ? sql.raw(`a.${opts.key}`) : sql.raw(column(opts.key));
  const rows = await queryRows<{
    agency_name: string;
    agency_id: number | null;
    value: string | number | null;
  }>(
    db,
    sql`select a.agency_name, a.agency_id, ${value} as value from report_numbers n
        join annual_reports a on a.id = n.report_id
        where n.year = ${opts.year} and n.stands
        order by value ${sql.raw(opts.descending === false ? 'asc' : 'desc')} nulls last, a.agency_name
        limit ${opts.limit ?? 20}`,
  );
  return rows.map((r) => ({ agencyName: r.agency_name, agencyId: r.agency_id, value: Number(r.value ?? 0) }));
}

/**
 * A few fields summed per year over the reports that stand in a subtree, every year in one pass: what the board's
 * charts need (applications, outcome groups, 复议/诉讼 results) without summing every field of every year, from the
 * typed columns of the standing rows of report_numbers (no jsonb read).
 */
export async function sumByYear(
  db: Executor,
  opts: { rootAgencyId: number | null; keys: readonly string[]; year?: number },
): Promise<Map<number, DbAggregate>> {
  const keys = opts.keys.filter((k) => KEYS.includes(k));
  const out = new Map<number, DbAggregate>();
  if (!keys.length) return out;
  const sums = sql.raw(keys.map((k, i) => `sum(${column(k)}) as c${i}`).join(', '));
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select n.year, count(*)::int as reports, ${sums} from report_numbers n
        join annual_reports r on r.id = n.report_id
        where n.stands and ${opts.year === undefined ? sql`true` : sql`n.year = ${opts.year}`}
          and ${subtreeOf(opts.rootAgencyId)}
        group by n.year`,
  );
  for (const row of rows) {
    const fields: Record<string, number> = {};
    keys.forEach((k, i) => {
      const v = row[`c${i}`];
      if (v !== null && v !== undefined) fields[k] = Math.round(Number(v) * 1e6) / 1e6;
    });
    out.set(Number(row.year), { fields, reports: Number(row.reports) });
  }
  return out;
}

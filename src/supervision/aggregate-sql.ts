// Combined tables in the database: every field summed over a year's reports (of a subtree) in one pass, so a
// national corpus aggregates without loading 100,000 reports into memory. The sums run over report_numbers, the typed
// side table a trigger fills from each stored report's fields (src/db/schema/report-numbers.ts): a plain sum() per
// column, no jsonb read. Keys come from the layouts (never from input), so they are safe to splice into the statement.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { REPORT_NUMBER_KEYS } from '../db/schema/report-numbers.ts';
import { REPORT_CHOICE_ORDER, standingReports } from './report-choice.ts';

const KEYS = REPORT_NUMBER_KEYS;
const column = (k: string) => `n."${k.replace(/"/g, '""')}"`;

export interface DbAggregate {
  readonly fields: Record<string, number>;
  readonly reports: number;
}

/** Sum of every field over the reports of `year` (one per agency when `latestPerAgency`), optionally a subtree. */
export async function aggregateInDb(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null; latestPerAgency?: boolean },
): Promise<DbAggregate> {
  // sum() of no values is NULL, which tells a field no report carries; float8 sums are exact for counts and, rounded
  // to 6 places below, for 万元 amounts.
  const sums = sql.raw(KEYS.map((k, i) => `sum(${column(k)}) as c${i}`).join(', '));
  const subtree =
    opts.rootAgencyId == null
      ? sql`true`
      : sql`r.agency_id in (with recursive t(id) as (select ${opts.rootAgencyId}::int union all
              select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;
  // The whole year needs no join; a subtree or the one report that stands for each agency-year picks report ids
  // from annual_reports first.
  const from = opts.latestPerAgency
    ? sql`report_numbers n join (select distinct on (coalesce(agency_id, -id), year) id from annual_reports r
              where year = ${opts.year} and ${subtree} order by ${REPORT_CHOICE_ORDER}) r on r.id = n.report_id`
    : opts.rootAgencyId != null
      ? sql`report_numbers n join annual_reports r on r.id = n.report_id and r.year = ${opts.year} and ${subtree}`
      : sql`report_numbers n where n.year = ${opts.year}`;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select count(*)::int as reports, ${sums} from ${from}`,
  );
  const fields: Record<string, number> = {};
  KEYS.forEach((k, i) => {
    const v = row?.[`c${i}`];
    if (v !== null && v !== undefined) fields[k] = Math.round(Number(v) * 1e6) / 1e6;
  });
  return { fields, reports: Number(row?.reports ?? 0) };
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
        join ${standingReports(sql`year = ${opts.year}`)} a on a.id = n.report_id
        order by value ${sql.raw(opts.descending === false ? 'asc' : 'desc')} nulls last, a.agency_name
        limit ${opts.limit ?? 20}`,
  );
  return rows.map((r) => ({ agencyName: r.agency_name, agencyId: r.agency_id, value: Number(r.value ?? 0) }));
}

/**
 * A few fields summed per year over the reports that stand in a subtree, every year in one pass: what the board's
 * charts need (applications, outcome groups, 复议/诉讼 results) without summing all 222 fields of every year.
 */
export async function sumByYear(
  db: Executor,
  opts: { rootAgencyId: number | null; keys: readonly string[]; year?: number },
): Promise<Map<number, DbAggregate>> {
  const keys = opts.keys.filter((k) => KEYS.includes(k));
  const out = new Map<number, DbAggregate>();
  if (!keys.length) return out;
  const sums = sql.raw(keys.map((_, i) => `sum(x.c${i}) as c${i}`).join(', '));
  const columns = sql.raw(keys.map((k) => `"${k}" float8`).join(', '));
  const rename = sql.raw(keys.map((k, i) => `"${k}" as c${i}`).join(', '));
  const subtree =
    opts.rootAgencyId == null
      ? sql`true`
      : sql`agency_id in (with recursive t(id) as (select ${opts.rootAgencyId}::int union all
              select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select r.year, count(*)::int as reports, ${sums} from ${standingReports(
      opts.year === undefined ? subtree : sql`year = ${opts.year} and ${subtree}`,
    )} r,
        lateral (select ${rename} from jsonb_to_record(r.fields) as j(${columns})) x group by r.year`,
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

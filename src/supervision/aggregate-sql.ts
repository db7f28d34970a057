// Combined tables in the database: every field summed over a year's reports (of a subtree) in one pass, so a
// national corpus aggregates without loading 100,000 reports into memory. Keys come from the layouts (never from
// input), so they are safe to splice into the statement.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { LAYOUTS } from '../domain/report/layout.ts';
import { REPORT_CHOICE_ORDER, standingReports } from './report-choice.ts';

const KEYS = [...new Set([...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key))];

export interface DbAggregate {
  readonly fields: Record<string, number>;
  readonly reports: number;
}

/** Sum of every field over the reports of `year` (one per agency when `latestPerAgency`), optionally a subtree. */
export async function aggregateInDb(
  db: Executor,
  opts: { year: number; rootAgencyId?: number | null; latestPerAgency?: boolean },
): Promise<DbAggregate> {
  // jsonb_to_record reads all the keys of a row's fields in one pass: the value is de-TOASTed once per row, not
  // once per key (222 `fields ->> key` lookups made this 500× slower).
  // sum() of no values is NULL, which tells a field no report carries; float8 sums are exact for counts and, rounded
  // to 6 places below, for 万元 amounts.
  const sums = sql.raw(KEYS.map((_, i) => `sum(x.c${i}) as c${i}`).join(', '));
  const columns = sql.raw(KEYS.map((k) => `"${k}" float8`).join(', '));
  const rename = sql.raw(KEYS.map((k, i) => `"${k}" as c${i}`).join(', '));
  const subtree =
    opts.rootAgencyId == null
      ? sql`true`
      : sql`agency_id in (with recursive t(id) as (select ${opts.rootAgencyId}::int union all
              select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;
  const source = opts.latestPerAgency
    ? sql`(select distinct on (coalesce(agency_id, -id), year) * from annual_reports where year = ${opts.year} and ${subtree}
          order by ${REPORT_CHOICE_ORDER}) r`
    : sql`(select * from annual_reports where year = ${opts.year} and ${subtree}) r`;
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select count(*)::int as reports, ${sums} from ${source},
        lateral (select ${rename} from jsonb_to_record(r.fields) as j(${columns})) x`,
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
    opts.key === 'errors' || opts.key === 'warnings'
      ? sql.raw(opts.key)
      : sql`(fields ->> ${opts.key})::numeric`;
  const rows = await queryRows<{
    agency_name: string;
    agency_id: number | null;
    value: string | number | null;
  }>(
    db,
    sql`select agency_name, agency_id, ${value} as value from ${standingReports(sql`year = ${opts.year}`)} r
        order by value ${sql.raw(opts.descending === false ? 'asc' : 'desc')} nulls last, agency_name
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

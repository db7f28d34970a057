// Per-agency performance, what FOI watchers ask for most (cf. Alaveteli's per-body statistics): for each agency of a
// subtree and each year, from the report that stands — applications received and per 万人 where the population
// is recorded, the outcome mix, 复议/诉讼 correction rates, whether the report came on time (《条例》第四十九条),
// its errors — and, where the agency handles its cases in Gongkai, the share of its own cases answered late
// (《条例》第三十三条). Every figure carries where it comes from: the report and cell, the population's source, the
// cases counted.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import type { ReportStatus } from '../domain/deadlines/report-deadline.ts';
import { standingReports } from './report-choice.ts';
import { statusBoard } from './status-board.ts';

type Fields = Readonly<Record<string, number>>;

export const OUTCOMES = [
  { key: 'granted', label: '予以公开' },
  { key: 'partiallyGranted', label: '部分公开' },
  { key: 'withheld', label: '不予公开' },
  { key: 'unavailable', label: '无法提供' },
  { key: 'declined', label: '不予处理' },
  { key: 'other', label: '其他处理' },
] as const;

export interface AgencyYear {
  readonly agencyId: number;
  readonly name: string;
  readonly year: number;
  readonly reportId: number | null;
  readonly status: ReportStatus;
  readonly daysLate: number;
  readonly publishedOn: string | null;
  readonly errors: number | null;
  readonly warnings: number | null;
  /** t3.received.total of the report. */
  readonly received: number | null;
  readonly population: { readonly value: number; readonly year: number; readonly source: string } | null;
  /** Applications per 10,000 residents, one decimal. */
  readonly perTenThousand: number | null;
  /** Outcome groups of 表三 (总计 column) and their share of all concluded, in percent. */
  readonly outcomes: readonly { key: string; label: string; value: number; share: number | null }[];
  readonly reviewCorrection: {
    readonly corrected: number;
    readonly concluded: number;
    readonly rate: number | null;
  };
  readonly litigationCorrection: {
    readonly corrected: number;
    readonly concluded: number;
    readonly rate: number | null;
  };
  /** From the agency's own cases in Gongkai (closed in the year): null when it handles none here. */
  readonly lateCases: { readonly closed: number; readonly late: number; readonly share: number } | null;
}

const pct = (a: number, b: number): number | null => (b ? Math.round((a / b) * 1000) / 10 : null);

function outcomes(f: Fields) {
  const values = OUTCOMES.map((o) => ({
    ...o,
    value: Object.entries(f)
      .filter(([k]) => k.startsWith(`t3.${o.key}.`) && k.endsWith('.total'))
      .reduce((a, [, v]) => a + v, 0),
  }));
  const all = values.reduce((a, v) => a + v.value, 0);
  return values.map((v) => ({ ...v, share: pct(v.value, all) }));
}

function correction(f: Fields, groups: readonly string[]) {
  let corrected = 0;
  let concluded = 0;
  for (const g of groups) {
    const c = f[`t4.${g}.corrected`] ?? 0;
    corrected += c;
    concluded += c + (f[`t4.${g}.upheld`] ?? 0) + (f[`t4.${g}.other`] ?? 0);
  }
  return { corrected, concluded, rate: pct(corrected, concluded) };
}

const LITIGATION = ['litigation.direct', 'litigation.afterReview'];

/** The performance of every reporting agency of `rootId`'s subtree, for each of `years` (oldest first). */
export async function performance(
  db: Executor,
  opts: { rootId: number | null; years: readonly number[]; today: string },
): Promise<AgencyYear[]> {
  const out: AgencyYear[] = [];
  const years = [...opts.years].sort((a, b) => a - b);
  if (!years.length) return out;
  const reports = await queryRows<{ id: number; fields: Record<string, number> }>(
    db,
    sql`select id, fields from ${standingReports(
      sql`year in (${sql.join(
        years.map((y) => sql`${y}`),
        sql`, `,
      )}) and agency_id is not null`,
    )} s`,
  );
  const fieldsOf = new Map(reports.map((r) => [Number(r.id), r.fields]));
  const pops = await queryRows<{ agency_id: number; year: number; population: number; source: string }>(
    db,
    sql`select agency_id, year, population, source from agency_populations order by agency_id, year`,
  );
  // Cases closed in each year, per reporting agency (an agency with its departments: one report, one count).
  const cases = await queryRows<{ agency_id: number; year: number; closed: number; late: number }>(
    db,
    sql`select coalesce(case when a.level = 'department' then a.parent_id end, a.id) as agency_id,
          extract(year from c.closed_on)::int as year, count(*)::int as closed,
          count(*) filter (where c.due_on is not null and c.closed_on > c.due_on)::int as late
        from cases c join agencies a on a.id = c.agency_id
        where c.closed_on is not null group by 1, 2`,
  );
  const caseOf = new Map(cases.map((c) => [`${c.agency_id}:${c.year}`, c]));
  for (const year of years) {
    for (const row of await statusBoard(db, { year, today: opts.today, rootAgencyId: opts.rootId })) {
      const f: Fields = row.reportId !== null ? (fieldsOf.get(row.reportId) ?? {}) : {};
      const received = row.reportId !== null ? (f['t3.received.total'] ?? null) : null;
      // The population of the report year, else the nearest earlier year on record.
      const p = pops.filter((x) => Number(x.agency_id) === row.agencyId && Number(x.year) <= year).pop();
      const population = p ? { value: Number(p.population), year: Number(p.year), source: p.source } : null;
      const cs = caseOf.get(`${row.agencyId}:${year}`);
      out.push({
        agencyId: row.agencyId,
        name: row.name,
        year,
        reportId: row.reportId,
        status: row.status,
        daysLate: row.daysLate,
        publishedOn: row.publishedOn,
        errors: row.errors,
        warnings: row.warnings,
        received,
        population,
        perTenThousand:
          received !== null && population && population.value > 0
            ? Math.round((received / population.value) * 100_000) / 10
            : null,
        outcomes: outcomes(f),
        reviewCorrection: correction(f, ['review']),
        litigationCorrection: correction(f, LITIGATION),
        lateCases: cs
          ? {
              closed: Number(cs.closed),
              late: Number(cs.late),
              share: pct(Number(cs.late), Number(cs.closed)) ?? 0,
            }
          : null,
      });
    }
  }
  return out;
}

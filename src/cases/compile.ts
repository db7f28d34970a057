// Compiling an agency's 表三 and 表四 for a year from its cases, in SQL (GROUP BY over the case table, never
// loading the cases), into a Report whose every cell lists the cases behind it (provenance.cases).
//
//   一 received        = received in the year                 二 carriedOver  = received before, open on 1 January
//   三 by outcome      = concluded in the year, by outcome    四 carriedForward = open on 31 December
// so per column 一 + 二 = 三（七） + 四 holds by construction (a case is concluded on or after its receipt).
// 表四 = the 复议/诉讼 filed in the year, with their result as of 31 December (尚未审结 while open). A co-defendant
// 复议机关 never counts a litigation: only the case's own agency does (国办公开办函〔2016〕201号); a 复议机关 that is
// the sole defendant (the review changed the act, 《行政诉讼法》第二十六条第二款) counts it instead.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import {
  APPLICANT_PARTS,
  type ApplicantColumn,
  expectedFormat,
  type FormatVersion,
  LAYOUTS,
  T4_COLUMNS,
  T4_GROUPS,
  t3Key,
  t4Key,
} from '../domain/report/layout.ts';
import { type Report, reportFromFields } from '../domain/report/model.ts';
import { type Agency, agencyAndDepartmentsSql, findAgency } from './agencies.ts';
import { invalid } from './errors.ts';
import { outcomeRow } from './outcomes.ts';

export interface CompileInput {
  agency: string | number;
  year: number;
  /** Layout; by default the one prescribed for the year (2019 试行 up to 2020, 2021 from 2021). */
  format?: FormatVersion;
  /** List the cases behind every cell (provenance.cases). Default true. */
  drillDown?: boolean;
}

export interface FeeFigures {
  /** 收费通知 issued in the year. */
  notices: number;
  /** Their total amount (元). */
  billed: number;
  /** Payments received in the year. */
  paid: number;
  /** Their total amount (元). */
  collected: number;
}

export interface CompiledReport {
  report: Report;
  agency: Agency;
  fees: FeeFigures;
}

interface Bucket {
  n: number;
  cases: string[];
}

export async function compileYear(db: Executor, input: CompileInput): Promise<CompiledReport> {
  if (!Number.isInteger(input.year) || input.year < 2008 || input.year > 2200)
    throw invalid(`年份“${input.year}”无效`);
  const agency = await findAgency(db, input.agency);
  if (agency.level === 'department') throw invalid(`${agency.name}是内设机构，年度报告按其所属机关汇总`);
  const format = input.format ?? expectedFormat(input.year);
  const drill = input.drillDown !== false;
  const start = `${input.year}-01-01`;
  const end = `${input.year}-12-31`;
  const scope = agencyAndDepartmentsSql(agency.id);
  const codes = (filter: string) =>
    drill
      ? sql.raw(`, coalesce(array_agg(code order by code) filter (where ${filter}), '{}') `)
      : sql.raw(', null ');

  // 一、二、四 per applicant column.
  const flows = await queryRows<{
    col: string;
    received: number;
    carried_over: number;
    carried_forward: number;
    received_cases: string[] | null;
    over_cases: string[] | null;
    forward_cases: string[] | null;
  }>(
    db,
    sql`${scope}
        select applicant_type as col,
               count(*) filter (where received_on >= ${start}::date)::int as received,
               count(*) filter (where received_on < ${start}::date)::int as carried_over,
               count(*) filter (where closed_on is null or closed_on > ${end}::date)::int as carried_forward
               ${codes(`received_on >= '${start}'::date`)} as received_cases
               ${codes(`received_on < '${start}'::date`)} as over_cases
               ${codes(`closed_on is null or closed_on > '${end}'::date`)} as forward_cases
          from cases
         where agency_id in (select id from scope)
           and received_on <= ${end}::date and (closed_on is null or closed_on >= ${start}::date)
         group by applicant_type`,
  );

  // 三 by outcome per applicant column.
  const results = await queryRows<{ col: string; outcome: string; n: number; cases: string[] | null }>(
    db,
    sql`${scope}
        select applicant_type as col, outcome, count(*)::int as n ${codes('true')} as cases
          from cases
         where agency_id in (select id from scope) and closed_on between ${start}::date and ${end}::date
         group by applicant_type, outcome`,
  );

  // 表四: filed in the year, result as of 31 December.
  const appeals = await queryRows<{ kind: string; col: string; n: number; cases: string[] | null }>(
    db,
    sql`${scope}
        select a.kind, case when a.closed_on <= ${end}::date then a.result else 'pending' end as col,
               count(*)::int as n
               ${drill ? sql`, array_agg(c.code order by c.code) as cases` : sql`, null as cases`}
          from appeals a join cases c on c.id = a.case_id
         where a.filed_on between ${start}::date and ${end}::date
           and (
             -- 复议维持后起诉: the 复议机关 is co-defendant and the suit counts for the original agency only
             -- (国办公开办函〔2016〕201号); any other suit counts for the case's agency …
             (c.agency_id in (select id from scope)
               and not (a.kind = 'litigation.afterReview' and a.review_agency_id is not null
                        and not a.review_agency_co_defendant))
             -- … except one after a review that changed the act: the 复议机关 alone is the defendant
             -- (《行政诉讼法》第二十六条第二款) [DERIVED], so the suit is the 复议机关's.
             or (a.kind = 'litigation.afterReview' and a.review_agency_id in (select id from scope)
                 and not a.review_agency_co_defendant))
         group by 1, 2`,
  );

  // Section 六: 信息处理费.
  const [fee] = await queryRows<{ notices: number; billed: string; paid: number; collected: string }>(
    db,
    sql`${scope}
        select count(*) filter (where e.type = 'feeNotified')::int as notices,
               coalesce(sum((e.data->>'amount')::numeric) filter (where e.type = 'feeNotified'), 0)::text as billed,
               count(*) filter (where e.type = 'feePaid')::int as paid,
               coalesce(sum((e.data->>'amount')::numeric) filter (where e.type = 'feePaid'), 0)::text as collected
          from case_events e join cases c on c.id = e.case_id
         where c.agency_id in (select id from scope) and e.type in ('feeNotified', 'feePaid')
           and e."on" between ${start}::date and ${end}::date`,
  );
  const fees: FeeFigures = {
    notices: fee?.notices ?? 0,
    billed: Number(fee?.billed ?? 0),
    paid: fee?.paid ?? 0,
    collected: Number(fee?.collected ?? 0),
  };

  // Assemble the cells: every t3/t4 cell of the layout, zero unless counted.
  const layout = LAYOUTS[format];
  const cells = new Map<string, Bucket>();
  const bucket = (key: string): Bucket => {
    let b = cells.get(key);
    if (!b) {
      b = { n: 0, cases: [] };
      cells.set(key, b);
    }
    return b;
  };
  const add = (key: string, n: number, cs: readonly string[] | null) => {
    const b = bucket(key);
    b.n += n;
    if (cs) b.cases.push(...cs);
  };
  for (const f of layout.fields) if (f.table !== 't2') bucket(f.key);

  for (const r of flows) {
    const col = r.col as ApplicantColumn;
    add(t3Key('received', col), r.received, r.received_cases);
    add(t3Key('carriedOver', col), r.carried_over, r.over_cases);
    add(t3Key('carriedForward', col), r.carried_forward, r.forward_cases);
  }
  for (const r of results) add(t3Key(outcomeRow(r.outcome, format), r.col as ApplicantColumn), r.n, r.cases);
  // Row （七）总计 = the sum of the result rows; column 总计 = the sum of the six applicant columns.
  const resultRows = layout.t3Rows.filter((r) => r.result).map((r) => r.key);
  for (const col of APPLICANT_PARTS)
    for (const row of resultRows) {
      const b = bucket(t3Key(row, col));
      add(t3Key('total', col), b.n, b.cases);
    }
  for (const row of layout.t3Rows)
    for (const col of APPLICANT_PARTS) {
      const b = bucket(t3Key(row.key, col));
      add(t3Key(row.key, 'total'), b.n, b.cases);
    }

  for (const r of appeals) add(t4Key(r.kind, r.col), r.n, r.cases);
  for (const g of T4_GROUPS)
    for (const c of T4_COLUMNS) {
      if (c.key === 'total') continue;
      const b = bucket(t4Key(g.key, c.key));
      add(t4Key(g.key, 'total'), b.n, b.cases);
    }

  const fields: Record<string, number> = {};
  for (const [k, b] of cells) fields[k] = b.n;
  const report = reportFromFields(format, fields, {
    agency: agency.name,
    year: input.year,
    sections: { other: feeSentence(fees) },
  });
  if (drill) for (const [k, b] of cells) report.provenance[k] = { cases: [...b.cases].sort() };
  report.title = `${agency.name}${input.year}年政府信息公开工作年度报告`;
  report.notes.push('表三、表四由依申请公开案件库汇总；表二（主动公开）不由案件汇总，需另行填报');
  return { report, agency, fees };
}

/** The sentence of section 六 on 信息处理费 (《条例》第四十二条; 国办函〔2020〕109号). */
export function feeSentence(f: FeeFigures): string {
  if (f.notices === 0 && f.paid === 0) return '本年度未收取信息处理费。';
  return `本年度共发出收费通知${f.notices}件，应收信息处理费${f.billed}元；实收${f.paid}件、${f.collected}元。`;
}

// Compiling an agency's 表三 and 表四 for a year from its cases, in SQL (GROUP BY over the case table, never
// loading the cases), into a Report whose every cell lists the cases behind it (provenance.cases).
//
//   一 received        = received in the year                 二 carriedOver  = received before, open on 1 January
//   三 by outcome      = concluded in the year, by outcome    四 carriedForward = open on 31 December
// so per column 一 + 二 = 三（七） + 四 holds by construction (a case is concluded on or after its receipt).
//
// A 重新答复 ordered by a 复议 decision or a judgment (appeals.ts reReply) is not counted again in 表三. The format
// counts applications: 一 新收 and 二 上年结转 are applications, and its header prints the identity "第一项加第二项之
// 和，等于第三项加第四项之和" for every column — a second 办理结果 for the same application (new reply, no new
// application) would make 三 exceed 一 + 二 − 四. And an application is counted under one 办理结果 only (表三 （二）
// "只计这一情形，不计其他情形"; 04-consistency-checks A.4). So the case stays in the row and year of its first reply,
// which the published report already counted; the correction itself shows in 表四 (结果纠正). [DERIVED from the
// format's identity; no official text on 重新答复 was found — uncertain, and said so in the docs.]
//
// 表四 = the 复议/诉讼 filed in the year, with their result as of 31 December (尚未审结 while open): a suit filed in
// December and decided in March is 尚未审结 in this year's report and is not counted again next year. The format does
// not say whether 表四 counts by filing or by result year (04-consistency-checks B.11 [UNCERTAIN]); filing year is
// kept because it is the reading under which 总计 counts each appeal exactly once across years and 尚未审结 is a
// state "as of 31 December", as the column's name says. Searched (session 10): no official text on the 口径 was found
// (国办公开办函〔2019〕60号 and 〔2021〕30号 print the columns only); the real reports at hand (../shared/corpus: 洪泽区
// 2023 and 2024, the crawled 平潭 reports) have no 尚未审结 that could show how one reappears the next year — so
// the rule stays [UNCERTAIN], and the builder's 表四 drill-down lists each appeal with its
// filing and result dates (appealsOfCell) so the officer sees why it counts where it does.
//
// Who counts a suit (《行政诉讼法》第二十六条, appeals.defendant): the original agency when it is the defendant alone
// or with the 复议机关 (复议维持: only the original agency, 国办公开办函〔2016〕201号); the 复议机关 when it alone is
// the defendant (复议改变, 第二十六条第二款) — and then only where the 复议机关 is an agency of this installation
// (review_agency_id), else in neither agency's 表四 of this case: the suit is the 复议机关's, which reports it in its
// own annual report [DERIVED: 201号 answers only the co-defendant case].
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
         where ${appealsCountedSql(start, end)}
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

/** The appeals of `scope` (a CTE in the query) 表四 of the year counts, over `appeals a join cases c`. */
function appealsCountedSql(start: string, end: string) {
  return sql`a.filed_on between ${start}::date and ${end}::date
           and (
             -- 复议维持后起诉: the 复议机关 is co-defendant and the suit counts for the original agency only
             -- (国办公开办函〔2016〕201号); any suit against the original agency counts for the case's agency …
             (c.agency_id in (select id from scope) and a.defendant is distinct from 'review')
             -- … a suit against the 复议机关 alone (复议改变, 《行政诉讼法》第二十六条第二款) is the 复议机关's:
             -- counted for it where it is an agency here, else for neither [DERIVED].
             or (a.defendant = 'review' and a.review_agency_id in (select id from scope)))`;
}

export interface AppealLine {
  readonly case: string;
  readonly kind: string;
  readonly filedOn: string;
  readonly closedOn: string | null;
  readonly result: string | null;
  readonly defendant: string | null;
  /** The 表四 column it counts in for this year: its result as of 31 December, or pending. */
  readonly column: string;
}

/**
 * The appeals behind a 表四 cell (`t4.<kind>.<column>`), each with its filing and result dates, so the builder's
 * drill-down shows why it counts in this year and column (filed in the year; result as of 31 December).
 */
export async function appealsOfCell(
  db: Executor,
  input: { agency: string | number; year: number; key: string },
): Promise<AppealLine[]> {
  const m =
    /^t4\.(review|litigation\.direct|litigation\.afterReview)\.(upheld|corrected|other|pending|total)$/.exec(
      input.key,
    );
  if (!m) return [];
  const agency = await findAgency(db, input.agency);
  const start = `${input.year}-01-01`;
  const end = `${input.year}-12-31`;
  const rows = await queryRows<{
    code: string;
    kind: string;
    filed_on: string;
    closed_on: string | null;
    result: string | null;
    defendant: string | null;
    col: string;
  }>(
    db,
    sql`${agencyAndDepartmentsSql(agency.id)}
        select c.code, a.kind, a.filed_on::text, a.closed_on::text, a.result, a.defendant,
               case when a.closed_on <= ${end}::date then a.result else 'pending' end as col
          from appeals a join cases c on c.id = a.case_id
         where ${appealsCountedSql(start, end)} and a.kind = ${m[1]}
         order by a.filed_on, c.code, a.id`,
  );
  return rows
    .filter((r) => m[2] === 'total' || r.col === m[2])
    .map((r) => ({
      case: r.code,
      kind: r.kind,
      filedOn: r.filed_on,
      closedOn: r.closed_on,
      result: r.result,
      defendant: r.defendant,
      column: r.col,
    }));
}

/** The sentence of section 六 on 信息处理费 (《条例》第四十二条; 国办函〔2020〕109号). */
export function feeSentence(f: FeeFigures): string {
  if (f.notices === 0 && f.paid === 0) return '本年度未收取信息处理费。';
  return `本年度共发出收费通知${f.notices}件，应收信息处理费${f.billed}元；实收${f.paid}件、${f.collected}元。`;
}

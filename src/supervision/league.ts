// The league table of a subtree (per-agency performance, src/supervision/performance.ts) as a file: one row per
// reporting agency and year, every figure beside what it is computed from (the report, the population's source,
// the cases counted), so a reader can check each rate. One code path for the console's download
// (src/web/routes/supervise-exports.tsx) and `gongkai export --db --league`.
import { maskIdNumber, maskPhone } from '../cases/mask.ts';
import { csvDocument, xlsxOf } from './dataset.ts';
import { type AgencyYear, OUTCOMES } from './performance.ts';
import { STATUS_TEXT } from './status-board.ts';

export const LEAGUE_COLUMNS: readonly string[] = [
  '机关',
  '年度',
  '报告编号',
  '发布情况',
  '逾期天数',
  '发布日期',
  '错误',
  '提示',
  '新收申请（件）',
  '人口（人）',
  '人口年度',
  '人口来源',
  '每万人申请（件）',
  ...OUTCOMES.flatMap((o) => [`${o.label}（件）`, `${o.label}占比（%）`]),
  '行政复议纠错（件）',
  '行政复议审结（件）',
  '行政复议纠错率（%）',
  '行政诉讼纠错（件）',
  '行政诉讼审结（件）',
  '行政诉讼纠错率（%）',
  '本系统办结案件（件）',
  '其中逾期答复（件）',
  '逾期答复占比（%）',
];

/** The order of the console's league table: most applications first, agencies without a report last. */
export const leagueOrder = (a: AgencyYear, b: AgencyYear): number =>
  a.year - b.year || (b.received ?? -1) - (a.received ?? -1) || a.name.localeCompare(b.name, 'zh');

// A population's source is typed by a supervisor: a phone or ID number in it is masked as in every export.
const scrub = (s: string): string =>
  s
    .replace(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, (m) => maskIdNumber(m))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));

/** One line per agency-year; a figure that cannot be computed (no report, no population, nothing concluded) is empty. */
export function leagueLines(rows: readonly AgencyYear[]): (string | number | null)[][] {
  return [...rows].sort(leagueOrder).map((a) => {
    const has = a.reportId !== null;
    return [
      a.name,
      a.year,
      a.reportId,
      STATUS_TEXT[a.status],
      a.daysLate,
      a.publishedOn,
      a.errors,
      a.warnings,
      a.received,
      a.population?.value ?? null,
      a.population?.year ?? null,
      a.population ? scrub(a.population.source) : null,
      a.perTenThousand,
      ...OUTCOMES.flatMap((o) => {
        const v = a.outcomes.find((x) => x.key === o.key);
        return has && v ? [v.value, v.share] : [null, null];
      }),
      ...(has
        ? [
            a.reviewCorrection.corrected,
            a.reviewCorrection.concluded,
            a.reviewCorrection.rate,
            a.litigationCorrection.corrected,
            a.litigationCorrection.concluded,
            a.litigationCorrection.rate,
          ]
        : [null, null, null, null, null, null]),
      a.lateCases?.closed ?? null,
      a.lateCases?.late ?? null,
      a.lateCases?.share ?? null,
    ];
  });
}

export const leagueCsv = (rows: readonly AgencyYear[]): string =>
  csvDocument([LEAGUE_COLUMNS, ...leagueLines(rows)]);

export const leagueXlsx = (rows: readonly AgencyYear[]): Promise<Uint8Array> =>
  xlsxOf([{ name: '机关绩效', header: [[...LEAGUE_COLUMNS]], rows: leagueLines(rows), freeze: [1, 1] }]);

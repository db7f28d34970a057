// Downloads of every supervisor console view, scoped to the subtree the path names (the guard checks it is the
// user's): the status board, the findings, the combined tables (XLSX in the official layout, CSV) and the dataset
// (one row per report, one column per field key) and the league table of per-agency performance — written by
// src/supervision/dataset.ts and league.ts, as `gongkai export`.
import { type Context, Hono } from 'hono';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../../db/schema/vocabulary.ts';
import { renderReport } from '../../render/index.ts';
import {
  csvDocument,
  datasetCsv,
  datasetFromDb,
  datasetJsonl,
  datasetXlsx,
  FINDING_COLUMNS,
  FINDING_LABELS,
  findingLines,
  xlsxOf,
} from '../../supervision/dataset.ts';
import { leagueCsv, leagueXlsx } from '../../supervision/league.ts';
import { performance } from '../../supervision/performance.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { BOARD_LABELS, board, combined } from '../reports/board.ts';
import { attachment } from './reports.tsx';
import { rootOf, yearOf } from './supervise.tsx';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
} as const;
type Form = keyof typeof TYPES;

function download(c: Context<AppEnv>, name: string, form: Form, body: string | Uint8Array) {
  c.header('Content-Type', TYPES[form]);
  c.header('Content-Disposition', attachment(`${name}.${form}`));
  c.header('Cache-Control', 'no-store');
  return c.body(typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>));
}

const BOARD_COLUMNS = [
  '机关',
  '机关代码',
  '类别',
  '截止日期',
  '状态',
  '逾期天数',
  '发布日期',
  '错误',
  '提示',
  '报告编号',
  '副本数',
  // Added after the columns tools already read by position (session 8): the deadline's basis, 条例 article or the
  // local rule stored in /admin/report-deadlines.
  '截止日期依据',
  // Session 9, appended likewise: cells of the standing report left to confirm (status-board.ts pendingCells).
  '待核对格数',
  // Session 9: the tree as a column. The name cell used to carry it as leading full-width spaces, so a name in
  // this file matched no name in the league table or the dataset (筛选, VLOOKUP, a join in any tool).
  '上级机关',
];

/** Each board row's superior among the rows (tree order): the nearest row above it that sits one level up. */
function superiors(rows: readonly { depth: number; name: string }[]): string[] {
  const above: string[] = [];
  return rows.map((r) => {
    above[r.depth] = r.name;
    above.length = r.depth + 1;
    for (let d = r.depth - 1; d >= 0; d--) if (above[d] !== undefined) return above[d]!;
    return '';
  });
}

export function superviseExportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/agencies/:agencyId/export/:file', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const id = Number(c.req.param('agencyId'));
    const root = await rootOf(db, id);
    const { year } = await yearOf(c);
    const m = /^(board|findings|combined|dataset|league)\.(csv|xlsx|jsonl)$/.exec(c.req.param('file'));
    if (!m) throw notFound('导出文件');
    const [, what, form] = m as unknown as [string, string, Form];
    const stem = `${root.name}${year}年`;
    switch (what) {
      case 'board': {
        const status = await board(db, id, year, deps.today());
        const up = superiors(status);
        const rows = status.map((r, i) => [
          r.name,
          r.code,
          AGENCY_KIND_LABELS[r.kind as AgencyKind] ?? r.kind,
          r.deadline,
          BOARD_LABELS[r.status],
          r.daysLate,
          r.publishedOn,
          r.errors,
          r.warnings,
          r.reportId,
          r.copies,
          r.basis,
          r.pendingCells,
          up[i]!,
        ]);
        if (form === 'csv')
          return download(c, `${stem}年度报告发布情况`, form, csvDocument([BOARD_COLUMNS, ...rows]));
        if (form === 'xlsx')
          return download(
            c,
            `${stem}年度报告发布情况`,
            form,
            await xlsxOf([{ name: '发布情况', header: [BOARD_COLUMNS], rows, freeze: [1, 1] }]),
          );
        break;
      }
      case 'findings': {
        const lines = findingLines(await datasetFromDb(db, { year, rootAgencyId: id }));
        if (form === 'csv')
          return download(c, `${stem}检查结果`, form, csvDocument([FINDING_COLUMNS, ...lines]));
        if (form === 'xlsx')
          return download(
            c,
            `${stem}检查结果`,
            form,
            await xlsxOf([
              {
                name: '检查结果',
                header: [FINDING_COLUMNS, FINDING_LABELS],
                rows: lines.map((l) => l.map((v) => v ?? '')),
                freeze: [2, 2],
              },
            ]),
          );
        break;
      }
      case 'combined': {
        if (form === 'jsonl') break;
        const sum = await combined(db, id, root.name, year);
        // The official layout (表二/表三/表四 sheets with their merges) and the key/label/value CSV of `render`.
        return download(c, `${stem}合计表`, form, await renderReport(sum.report, form));
      }
      case 'league': {
        // The league table on screen (src/supervision/league.ts, as `gongkai export --db --league`).
        const rows = await performance(db, { rootId: id, years: [year], today: deps.today() });
        const name = `${stem}各机关办理情况`;
        if (form === 'csv') return download(c, name, form, leagueCsv(rows));
        if (form === 'xlsx') return download(c, name, form, await leagueXlsx(rows));
        break;
      }
      case 'dataset': {
        const entries = await datasetFromDb(db, { year, rootAgencyId: id });
        const rows = entries.map((e) => e.row);
        const name = `${stem}数据集`;
        if (form === 'csv') return download(c, name, form, datasetCsv(rows));
        if (form === 'xlsx') return download(c, name, form, await datasetXlsx(rows));
        return download(c, name, form, datasetJsonl(entries));
      }
    }
    throw notFound('导出文件');
  });

  return app;
}

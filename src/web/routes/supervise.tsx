// The supervisor's console: status board of the subtree, combined tables with each agency's findings, charts, the
// bulk upload, and recording a report's publication date.

import { eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { annualReports } from '../../db/schema/annual-reports.ts';
import { checkReport } from '../../domain/rules/index.ts';
import { reportTitle } from '../../render/view.ts';
import { audit, userActor } from '../audit.ts';
import { barChart, pieChart, rankingChart } from '../charts.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { board, type ChartPart, chartFigures, combined, findingsPerAgency } from '../reports/board.ts';
import { reportPages } from '../reports/page-cache.ts';
import { getReportRow, reportYears, rowToReport, setPublishedOn } from '../reports/store.ts';
import { agencyTree, flattenTree, inSubtree } from '../scope.ts';
import { formValues, one, validate } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import { BoardPage, CombinedPage, EditReportPage } from '../views/supervise.tsx';
import { svgResponse } from './reports.tsx';
import { superviseUploadRoutes } from './supervise-upload.tsx';

export { UPLOAD_PATH } from './supervise-upload.tsx';

/** The report year a board shows by default: last year (reports on year Y are published early in Y+1). */
export const defaultYear = (today: string) => Number(today.slice(0, 4)) - 1;

export async function rootOf(db: Executor, id: number) {
  const [a] = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, id));
  if (!a) throw notFound('机关');
  return a;
}

/** The report year asked for, else the latest year any report exists for, else last year. */
export async function yearOf(c: Context<AppEnv>): Promise<{ year: number; years: number[] }> {
  const deps = c.get('deps');
  const years = await reportYears(deps.handle.db);
  const q = Number(c.req.query('year'));
  const year = Number.isInteger(q) && q > 2000 && q < 2200 ? q : (years[0] ?? defaultYear(deps.today()));
  if (!years.includes(year)) years.unshift(year);
  return { year, years };
}

const EditSchema = z.object({
  publishedOn: z.union([z.literal(''), z.iso.date('发布日期格式应为 年-月-日')]),
  agencyId: z.union([z.literal(''), z.coerce.number().int().positive()]),
});

/** The part of the figures each chart's SVG needs (the ranking: the board's standing reports). */
const CHART_PARTS: Readonly<Record<string, Exclude<ChartPart, 'all' | 'ranking'>>> = {
  'received.svg': 'trend',
  'corrections.svg': 'trend',
  'outcomes.svg': 'mix',
};

export function superviseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', superviseUploadRoutes());

  const boardPage = async (c: Context<AppEnv>, rootId: number) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const root = await rootOf(db, rootId);
    const { year, years } = await yearOf(c);
    const rows = await board(db, rootId, year, deps.today());
    return page(
      c,
      <BoardPage
        {...frame(c)}
        root={root}
        year={year}
        years={years}
        lines={rows}
        charts={await chartFigures(db, rootId, year, rows)}
        base={`/supervise/agencies/${rootId}`}
      />,
    );
  };

  app.get('/', guard('supervise.board'), (c) => boardPage(c, c.get('user')!.agencyId));
  app.get('/agencies/:agencyId', guard('supervise.agency'), (c) =>
    boardPage(c, Number(c.req.param('agencyId'))),
  );

  app.get('/agencies/:agencyId/combined', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const id = Number(c.req.param('agencyId'));
    const root = await rootOf(db, id);
    const { year } = await yearOf(c);
    const sum = await combined(db, id, root.name, year);
    const rows = await board(db, id, year, deps.today());
    return page(
      c,
      <CombinedPage
        {...frame(c)}
        root={root}
        year={year}
        combined={sum}
        // The combined tables' own identities: an agency's imbalance carries into the sum.
        findings={checkReport(sum.report).filter((f) => f.rule.startsWith('identity'))}
        perAgency={await findingsPerAgency(db, rows)}
        base={`/supervise/agencies/${id}`}
      />,
    );
  });

  app.get('/agencies/:agencyId/charts/:chart', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const id = Number(c.req.param('agencyId'));
    const { year } = await yearOf(c);
    const chart = c.req.param('chart');
    const part = CHART_PARTS[chart];
    // Only the ranking needs the board (the report that stands for each agency); each chart computes its own part.
    const ch = part
      ? await chartFigures(db, id, year, [], part)
      : await chartFigures(db, id, year, await board(db, id, year, deps.today()), 'ranking');
    switch (chart) {
      case 'received.svg':
        return svgResponse(
          c,
          barChart({
            title: '历年新收申请数量',
            categories: ch.byYear.map((y) => `${y.year}年`),
            series: [{ name: '新收申请', data: ch.byYear.map((y) => y.received) }],
            yName: '件',
          }),
        );
      case 'outcomes.svg':
        return svgResponse(c, pieChart({ title: `${year}年办理结果构成`, items: ch.mix }));
      case 'corrections.svg':
        return svgResponse(
          c,
          barChart({
            title: '行政复议、行政诉讼纠错率',
            categories: ch.rates.map((r) => `${r.year}年`),
            series: [
              { name: '行政复议', data: ch.rates.map((r) => r.review) },
              { name: '行政诉讼', data: ch.rates.map((r) => r.litigation) },
            ],
            percent: true,
          }),
        );
      case 'ranking.svg':
        return svgResponse(
          c,
          rankingChart({ title: `${year}年新收申请排名`, items: ch.ranking.slice(0, 20) }),
        );
      default:
        throw notFound('图表');
    }
  });

  const editPage = async (c: Context<AppEnv>, errors?: Record<string, string>) => {
    const db = c.get('deps').handle.db;
    const row = await getReportRow(db, Number(c.req.param('reportId')));
    if (!row) throw notFound('年度报告');
    const tree = await agencyTree(db, c.get('user')!.agencyId);
    const agencies = flattenTree(tree).map((n) => ({ id: n.id, name: n.name }));
    return page(
      c,
      <EditReportPage
        {...frame(c)}
        id={row.id}
        title={reportTitle(rowToReport(row))}
        publishedOn={row.publishedOn}
        agencyId={row.agencyId}
        agencies={agencies}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get('/reports/:reportId/edit', guard('supervise.report'), (c) => editPage(c));

  app.post('/reports/:reportId/edit', guard('supervise.report'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const user = c.get('user')!;
    const values = await formValues(c);
    const v = validate(EditSchema, { publishedOn: one(values.publishedOn), agencyId: one(values.agencyId) });
    if (!v.ok) return editPage(c, v.errors);
    const id = Number(c.req.param('reportId'));
    const agencyId = v.data.agencyId === '' ? null : v.data.agencyId;
    // The new agency must lie in the supervisor's subtree too.
    if (
      agencyId !== null &&
      !user.roles.includes('administrator') &&
      !(await inSubtree(db, user.agencyId, agencyId))
    )
      return editPage(c, { agencyId: '只能选择您监督范围内的机关' });
    const [report] = await db
      .select({ year: annualReports.year })
      .from(annualReports)
      .where(eq(annualReports.id, id));
    if (!report) throw notFound('年度报告');
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ agencyId: annualReports.agencyId })
        .from(annualReports)
        .where(eq(annualReports.id, id));
      await setPublishedOn(tx, id, v.data.publishedOn || null, userActor(user.username));
      if (before && before.agencyId !== agencyId) {
        await tx.update(annualReports).set({ agencyId }).where(eq(annualReports.id, id));
        reportPages.invalidate();
        await audit(tx, {
          actor: userActor(user.username),
          action: 'annualReport.agency',
          entity: 'annual_report',
          entityId: id,
          before,
          after: { agencyId },
        });
      }
    });
    // Back to the board the supervisor came from, on the report's year (issue 16: not the public page).
    return c.redirect(`/supervise?year=${report.year}`, 303);
  });

  return app;
}

// The supervisor's console: status board of the subtree, combined tables with each agency's findings, charts, the
// bulk upload, and recording a report's publication date.

import { eq } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Executor } from '../../db/handle.ts';
import { annualReports } from '../../db/schema/annual-reports.ts';
import { checkReport } from '../../domain/rules/index.ts';
import { reportTitle } from '../../render/view.ts';
import { audit, userActor } from '../audit.ts';
import { barChart, pieChart, rankingChart } from '../charts.ts';
import type { AppEnv } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { boardLines, combine, latestPerAgency } from '../reports/board.ts';
import { correctionRates, outcomeMix, received } from '../reports/figures.ts';
import { getReportRow, reportRows, reportYears, rowToReport, setPublishedOn } from '../reports/store.ts';
import { collectFile, type UploadResult } from '../reports/upload.ts';
import { type AgencyNode, agencyTree, flattenTree, inSubtree } from '../scope.ts';
import { formValues, one, validate } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import {
  BoardPage,
  type ChartSet,
  CombinedPage,
  EditReportPage,
  UploadPage,
  UploadResultsPage,
} from '../views/supervise.tsx';
import { svgResponse } from './reports.tsx';

export const UPLOAD_PATH = '/supervise/upload';

/** The report year a board shows by default: last year (reports on year Y are published early in Y+1). */
export const defaultYear = (today: string) => Number(today.slice(0, 4)) - 1;

async function subtreeData(db: Executor, rootId: number) {
  const tree = await agencyTree(db, rootId);
  if (!tree) throw notFound('机关');
  const nodes = flattenTree(tree);
  const rows = await reportRows(db, { agencyIds: nodes.map((n) => n.id) });
  return { tree, nodes, rows };
}

function chartsOf(tree: AgencyNode, rows: Awaited<ReturnType<typeof reportRows>>, year: number): ChartSet {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const byYear = years.map((y) => {
    const latest = [...latestPerAgency(rows, y).values()];
    const sum = (f: (fields: Record<string, number>) => number) =>
      latest.reduce((a, r) => a + f(r.fields), 0);
    return { year: y, received: sum(received), latest };
  });
  const rates = byYear.map((y) => {
    const fields: Record<string, number> = {};
    for (const r of y.latest)
      for (const [k, v] of Object.entries(r.fields))
        if (k.startsWith('t4.')) fields[k] = (fields[k] ?? 0) + v;
    return { year: y.year, ...correctionRates(fields) };
  });
  const combined = combine(rows, year, tree.name);
  const mixFields: Record<string, number> = {};
  for (const [k, c] of Object.entries(combined.report.cells))
    if (c.state === 'number') mixFields[k] = c.value;
  const ranking = [...latestPerAgency(rows, year).values()]
    .map((r) => ({ name: r.agencyName, value: received(r.fields) }))
    .sort((a, b) => b.value - a.value);
  return {
    byYear: byYear.map(({ year: y, received: n }) => ({ year: y, received: n })),
    mix: outcomeMix(mixFields),
    rates,
    ranking,
  };
}

const EditSchema = z.object({
  publishedOn: z.union([z.literal(''), z.iso.date('发布日期格式应为 年-月-日')]),
  agencyId: z.union([z.literal(''), z.coerce.number().int().positive()]),
});

export function superviseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const board = async (c: Context<AppEnv>, rootId: number, base: string) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const { tree, rows } = await subtreeData(db, rootId);
    const years = await reportYears(db);
    const q = Number(c.req.query('year'));
    const year = Number.isInteger(q) && q > 1999 && q < 3000 ? q : (years[0] ?? defaultYear(deps.today()));
    if (!years.includes(year)) years.unshift(year);
    return page(
      c,
      <BoardPage
        {...frame(c)}
        root={tree}
        year={year}
        years={years}
        lines={boardLines(tree, rows, year, deps.today())}
        charts={chartsOf(tree, rows, year)}
        base={base}
      />,
    );
  };

  app.get('/', guard('supervise.board'), (c) =>
    board(c, c.get('user')!.agencyId, `/supervise/agencies/${c.get('user')!.agencyId}`),
  );
  app.get('/agencies/:agencyId', guard('supervise.agency'), (c) => {
    const id = Number(c.req.param('agencyId'));
    return board(c, id, `/supervise/agencies/${id}`);
  });

  app.get('/agencies/:agencyId/combined', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const id = Number(c.req.param('agencyId'));
    const { tree, rows } = await subtreeData(deps.handle.db, id);
    const q = Number(c.req.query('year'));
    const year = Number.isInteger(q) && q > 1999 ? q : defaultYear(deps.today());
    const combined = combine(rows, year, tree.name);
    const lines = boardLines(tree, rows, year, deps.today()).filter((l) => l.report);
    return page(
      c,
      <CombinedPage
        {...frame(c)}
        root={tree}
        year={year}
        combined={combined}
        findings={checkReport(combined.report).filter(
          (f) => f.rule.startsWith('identity') || f.severity === 'error',
        )}
        perAgency={lines.map((line) => ({ line, findings: line.report!.findings }))}
        base={`/supervise/agencies/${id}`}
      />,
    );
  });

  app.get('/agencies/:agencyId/charts/:chart', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const id = Number(c.req.param('agencyId'));
    const { tree, rows } = await subtreeData(deps.handle.db, id);
    const q = Number(c.req.query('year'));
    const year = Number.isInteger(q) && q > 1999 ? q : defaultYear(deps.today());
    const ch = chartsOf(tree, rows, year);
    switch (c.req.param('chart')) {
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

  app.get('/upload', guard('supervise.upload'), (c) => {
    const u = c.get('deps').options.upload;
    return page(
      c,
      <UploadPage
        {...frame(c)}
        maxFiles={u.maxFiles}
        maxFileMb={Math.round(u.maxFileBytes / 1048576)}
        maxTotalMb={Math.round(u.maxTotalBytes / 1048576)}
      />,
    );
  });

  app.post('/upload', guard('supervise.upload'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const body = await c.req.parseBody({ all: true });
    const raw = body.files;
    const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
      (f): f is File => typeof f !== 'string',
    );
    if (!files.length) throw badRequest('请选择至少一个报告文件。');
    if (files.length > deps.options.upload.maxFiles)
      throw badRequest(
        `一次最多上传 ${deps.options.upload.maxFiles} 个文件，本次选择了 ${files.length} 个。`,
      );
    const results: UploadResult[] = [];
    for (const f of files)
      results.push(
        await collectFile(
          deps.handle.db,
          { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) },
          { maxFileBytes: deps.options.upload.maxFileBytes, actor: userActor(user.username) },
        ),
      );
    return page(c, <UploadResultsPage {...frame(c)} results={results} />);
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
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ agencyId: annualReports.agencyId })
        .from(annualReports)
        .where(eq(annualReports.id, id));
      await setPublishedOn(tx, id, v.data.publishedOn || null, userActor(user.username));
      if (before && before.agencyId !== agencyId) {
        await tx.update(annualReports).set({ agencyId }).where(eq(annualReports.id, id));
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
    return c.redirect(`/reports/${id}`, 303);
  });

  return app;
}

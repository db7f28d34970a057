// The supervisor decides which copy stands for an agency-year: compare a copy with the one that stands, cell by
// cell, then confirm (src/supervision/report-choice.ts; audited). Mounted under /supervise.
import { Hono } from 'hono';
import { diffReports } from '../../domain/report/diff.ts';
import { reportTitle } from '../../render/view.ts';
import { ChoiceError, copiesOf, supersede } from '../../supervision/report-choice.ts';
import { userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { WebError } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { reportPages } from '../reports/page-cache.ts';
import { getReportRow, rowToReport } from '../reports/store.ts';
import { frame, page } from '../views/render.ts';
import { ComparePage } from '../views/report-choice.tsx';
import { loadReport } from './reports.tsx';

export function superviseChoiceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/reports/:reportId/compare', guard('supervise.compare'), async (c) => {
    const db = c.get('deps').handle.db;
    const { row } = await loadReport(db, c.req.param('reportId'));
    const copies = await copiesOf(db, row.id);
    const candidate = copies.find((x) => x.id === row.id)!;
    // Against the copy that stands; when this one stands, against the newest other copy.
    const other = candidate.stands ? copies.find((x) => x.id !== row.id) : copies.find((x) => x.stands);
    if (!other)
      throw new WebError(409, '无需比较', `${row.agencyName}${row.year}年只收集到这一份报告，无需选择。`);
    const otherRow = (await getReportRow(db, other.id))!;
    const [standing, cand] = candidate.stands ? [candidate, other] : [other, candidate];
    const [standingRow, candRow] = candidate.stands ? [row, otherRow] : [otherRow, row];
    const diff = diffReports(rowToReport(standingRow), rowToReport(candRow));
    return page(
      c,
      <ComparePage
        {...frame(c)}
        candidate={cand}
        standing={standing}
        title={reportTitle(rowToReport(row))}
        cells={diff.cells}
        same={diff.same}
        copies={copies}
      />,
    );
  });

  app.post('/reports/:reportId/supersede', guard('supervise.choose'), async (c) => {
    const deps = c.get('deps');
    const { row } = await loadReport(deps.handle.db, c.req.param('reportId'));
    try {
      await supersede(deps.handle.db, row.id, userActor(c.get('user')!.username), deps.now());
    } catch (e) {
      if (e instanceof ChoiceError) throw new WebError(409, '无法确认', e.message);
      throw e;
    }
    reportPages.invalidate();
    return c.redirect(`/supervise?year=${row.year}`, 303);
  });

  return app;
}

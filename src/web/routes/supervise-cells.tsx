// The supervisor settles the cells of a collected report the reader could not read with certainty
// (src/supervision/cell-confirm.ts, the same use case as `gongkai report confirm`): the list "待核对 N 处", one
// cell's form, confirm (POST → redirect → GET), restore the reader's reading. Mounted under /supervise.
import { type Context, Hono } from 'hono';
import type { StoredReading } from '../../db/schema/annual-reports.ts';
import { reportTitle } from '../../render/view.ts';
import { ConfirmError, confirmCell, restoreReading } from '../../supervision/cell-confirm.ts';
import {
  brokenRules,
  type ConfirmValue,
  confirmedCells,
  fieldOf,
  parseConfirmValue,
  pendingCells,
  readingAt,
} from '../../supervision/cell-readings.ts';
import { userActor } from '../audit.ts';
import { actorNames } from '../cases/people.ts';
import type { AppEnv } from '../env.ts';
import { notFound, WebError } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { reportPages } from '../reports/page-cache.ts';
import type { AnnualReportRow } from '../reports/store.ts';
import { rowToReport } from '../reports/store.ts';
import { formValues, one } from '../validate.ts';
import { CellsPage, ConfirmCellPage } from '../views/cell-confirm.tsx';
import { frame, page } from '../views/render.ts';
import { cropsFor, loadReport } from './reports.tsx';

const NOTICES: Readonly<Record<string, string>> = {
  confirmed: '已保存核对结果：该单元格按核对的值计入合计，检查结果已更新。',
  restored: '已恢复解析器的解析结果。',
};

const ackOf = (v: ConfirmValue) => (v.state === 'number' ? `n:${v.value}` : 'blank');

export function superviseCellRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/reports/:reportId/cells', guard('supervise.report'), async (c) => {
    const db = c.get('deps').handle.db;
    const { row } = await loadReport(db, c.req.param('reportId'));
    const report = rowToReport(row, { withActor: true });
    const confirmed = confirmedCells(row.readings);
    return page(
      c,
      <CellsPage
        {...frame(c)}
        id={row.id}
        year={row.year}
        title={reportTitle(report)}
        report={report}
        findings={row.findings}
        pending={pendingCells(report, row.readings)}
        confirmed={confirmed}
        names={
          await actorNames(
            db,
            confirmed.map((x) => x.confirmed.by),
          )
        }
        notice={NOTICES[c.req.query('done') ?? '']}
      />,
    );
  });

  const cellPage = async (
    c: Context<AppEnv>,
    row: AnnualReportRow,
    key: string,
    typed: { choice: string; value: string; note: string },
    extra: { errors?: Record<string, string>; broken?: ReturnType<typeof brokenRules>; ack?: string } = {},
  ) => {
    const report = rowToReport(row, { withActor: true });
    let def: ReturnType<typeof fieldOf>;
    try {
      def = fieldOf(report, key);
    } catch (e) {
      if (e instanceof ConfirmError) throw new WebError(404, '没有这个单元格', e.message);
      throw e;
    }
    const reading: StoredReading = readingAt(report, row.readings, key);
    const crop = (await cropsFor(c, row))?.(key)?.href ?? null;
    return page(
      c,
      <ConfirmCellPage
        {...frame(c)}
        id={row.id}
        year={row.year}
        title={reportTitle(report)}
        def={def}
        reading={reading}
        crop={crop}
        typed={typed}
        {...extra}
      />,
      extra.errors ? 400 : 200,
    );
  };

  app.get('/reports/:reportId/cells/:field', guard('supervise.report'), async (c) => {
    const { row } = await loadReport(c.get('deps').handle.db, c.req.param('reportId'));
    const key = c.req.param('field');
    const kept = row.readings[key]?.confirmed;
    return cellPage(c, row, key, {
      choice: '',
      value: kept ? (kept.state === 'number' ? String(kept.value) : '空白') : '',
      note: '',
    });
  });

  app.post('/reports/:reportId/cells/:field', guard('supervise.confirm'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const { row } = await loadReport(db, c.req.param('reportId'));
    const key = c.req.param('field');
    const values = await formValues(c);
    const typed = { choice: one(values.choice), value: one(values.value), note: one(values.note) };
    const report = rowToReport(row);
    let value: ConfirmValue;
    const errors: Record<string, string> = {};
    try {
      const def = fieldOf(report, key);
      // The typed number wins over the radio: it is there for a value the reader did not offer.
      value = parseConfirmValue(def, typed.value.trim() !== '' ? typed.value : typed.choice);
    } catch (e) {
      if (!(e instanceof ConfirmError)) throw e;
      if (e.field === 'field') throw new WebError(404, '没有这个单元格', e.message);
      errors.value = e.message;
      value = { state: 'blank' };
    }
    if (!typed.note.trim()) errors.note = '请填写核对说明，如“核对原文PDF第3页”';
    if (Object.keys(errors).length) return cellPage(c, row, key, typed, { errors });
    // Warn before saving when the value breaks a 勾稽 rule of the cell's table; saving it anyway is allowed.
    const broken = brokenRules(report, key, value);
    if (broken.length && one(values.ack) !== ackOf(value))
      return cellPage(c, row, key, typed, { broken, ack: ackOf(value) });
    try {
      await confirmCell(db, {
        reportId: row.id,
        key,
        value,
        note: typed.note,
        actor: userActor(c.get('user')!.username),
        at: deps.now(),
      });
    } catch (e) {
      if (!(e instanceof ConfirmError)) throw e;
      if (e.field === 'note' || e.field === 'value')
        return cellPage(c, row, key, typed, { errors: { [e.field]: e.message } });
      throw new WebError(409, '无法核对', e.message);
    }
    reportPages.invalidate();
    return c.redirect(`/supervise/reports/${row.id}/cells?done=confirmed`, 303);
  });

  app.post('/reports/:reportId/cells/:field/restore', guard('supervise.confirm'), async (c) => {
    const deps = c.get('deps');
    const { row } = await loadReport(deps.handle.db, c.req.param('reportId'));
    const values = await formValues(c);
    try {
      await restoreReading(deps.handle.db, {
        reportId: row.id,
        key: c.req.param('field'),
        actor: userActor(c.get('user')!.username),
        at: deps.now(),
        note: one(values.note),
      });
    } catch (e) {
      if (e instanceof ConfirmError)
        throw e.field === 'field' && !row.readings[c.req.param('field')]
          ? notFound('核对记录')
          : new WebError(409, '无法恢复', e.message);
      throw e;
    }
    reportPages.invalidate();
    return c.redirect(`/supervise/reports/${row.id}/cells?done=restored`, 303);
  });

  return app;
}

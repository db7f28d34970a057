// The supervisor settles the cells of a collected report the reader could not read with certainty
// (src/supervision/cell-confirm.ts, the same use case as `gongkai report confirm`): the list "待核对 N 格", one
// cell's form, confirm (POST → redirect → GET), restore the reader's reading. Mounted under /supervise.
import { type Context, Hono } from 'hono';
import type { StoredReading } from '../../db/schema/annual-reports.ts';
import { reportTitle } from '../../render/view.ts';
import { ConfirmError, confirmCell, confirmCells, restoreReading } from '../../supervision/cell-confirm.ts';
import {
  brokenRules,
  type ConfirmValue,
  confirmedCells,
  cutText,
  fieldOf,
  type GluedRun,
  gluedRuns,
  parseConfirmValue,
  pendingCells,
  readingAt,
  runOf,
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
import { CellsPage, ConfirmCellPage, ConfirmRunPage } from '../views/cell-confirm.tsx';
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
    const pending = pendingCells(report, row.readings);
    const runs = gluedRuns(report, row.readings).filter((r) =>
      r.keys.some((k) => pending.some((p) => p.key === k)),
    );
    return page(
      c,
      <CellsPage
        {...frame(c)}
        id={row.id}
        year={row.year}
        title={reportTitle(report)}
        report={report}
        findings={row.findings}
        pending={pending}
        confirmed={confirmed}
        runs={runs}
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
    typed: { choice: string; value: string; note: string; override?: boolean },
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
        run={runOf(report, row.readings, key)}
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
    const typed = {
      choice: one(values.choice),
      value: one(values.value),
      note: one(values.note),
      override: one(values.override) === '1',
    };
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
        override: typed.override,
      });
    } catch (e) {
      if (!(e instanceof ConfirmError)) throw e;
      if (e.field === 'note' || e.field === 'value' || e.field === 'run')
        return cellPage(c, row, key, typed, {
          errors: { [e.field === 'run' ? 'override' : e.field]: e.message },
        });
      throw new WebError(409, '无法核对', e.message);
    }
    reportPages.invalidate();
    return c.redirect(`/supervise/reports/${row.id}/cells?done=confirmed`, 303);
  });

  // One glued run's cells on one form (cell-readings.ts gluedRuns): `:field` is any cell of the run.
  const runPage = async (
    c: Context<AppEnv>,
    row: AnnualReportRow,
    run: GluedRun,
    typed: { split: string; values: readonly string[]; note: string; override?: boolean },
    errors?: Record<string, string>,
  ) => {
    const report = rowToReport(row, { withActor: true });
    const pending = new Set(pendingCells(report, row.readings).map((p) => p.key));
    const cells = run.keys.map((key) => ({
      key,
      def: fieldOf(report, key),
      reading: readingAt(report, row.readings, key),
      settle: pending.has(key) || row.readings[key]?.confirmed !== undefined,
    }));
    return page(
      c,
      <ConfirmRunPage
        {...frame(c)}
        id={row.id}
        year={row.year}
        title={reportTitle(report)}
        run={run}
        cells={cells}
        typed={typed}
        {...(errors ? { errors } : {})}
      />,
      errors ? 400 : 200,
    );
  };
  const runAt = (row: AnnualReportRow, key: string): GluedRun => {
    const run = runOf(rowToReport(row), row.readings, key);
    if (!run) throw new WebError(404, '没有这一行连写数字', `单元格 ${key} 不在连写的一行中，请逐格核对`);
    return run;
  };

  app.get('/reports/:reportId/runs/:field', guard('supervise.report'), async (c) => {
    const { row } = await loadReport(c.get('deps').handle.db, c.req.param('reportId'));
    const run = runAt(row, c.req.param('field'));
    return runPage(c, row, run, { split: '', values: [], note: '' });
  });

  app.post('/reports/:reportId/runs/:field', guard('supervise.confirm'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const { row } = await loadReport(db, c.req.param('reportId'));
    const run = runAt(row, c.req.param('field'));
    const form = await formValues(c);
    const typed = {
      split: one(form.split),
      values: run.keys.map((_, i) => one(form[`v${i}`])),
      note: one(form.note),
      override: one(form.override) === '1',
    };
    const report = rowToReport(row);
    const pending = new Set(pendingCells(report, row.readings).map((p) => p.key));
    const errors: Record<string, string> = {};
    const chosen = run.splits.find((sp) => cutText(sp) === typed.split);
    if (typed.split && !chosen) errors.split = `“${typed.split}”不是解析器给出的拆分，请重新选择`;
    const values: Record<string, ConfirmValue> = {};
    run.keys.forEach((key, i) => {
      if (!pending.has(key) && !row.readings[key]?.confirmed) return;
      const def = fieldOf(report, key);
      // A number typed for a cell wins over the chosen cut: it is there for what the reader did not offer.
      const input = typed.values[i]?.trim() ? typed.values[i]! : chosen ? String(chosen[i]) : '';
      if (!input) {
        errors[`v${i}`] = `请选择一种拆分，或填写“${def.label}”`;
        return;
      }
      try {
        values[key] = parseConfirmValue(def, input);
      } catch (e) {
        if (!(e instanceof ConfirmError)) throw e;
        errors[`v${i}`] = e.message;
      }
    });
    if (!typed.note.trim()) errors.note = '请填写核对说明，如“核对原文网页第10行”';
    if (Object.keys(errors).length) return runPage(c, row, run, typed, errors);
    try {
      await confirmCells(db, {
        reportId: row.id,
        values,
        note: typed.note,
        actor: userActor(c.get('user')!.username),
        at: deps.now(),
        override: typed.override,
      });
    } catch (e) {
      if (!(e instanceof ConfirmError)) throw e;
      if (e.field === 'note' || e.field === 'run')
        return runPage(c, row, run, typed, { [e.field === 'run' ? 'override' : 'note']: e.message });
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

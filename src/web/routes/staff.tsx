// The staff console: dashboard, case list, intake for every channel, the case page with its actions (each previewed
// with its new deadlines before it is saved), the letters, and the report builder. Each route: guard (policies.ts)
// → validate (zod) → use case (src/cases) → view.

import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { agencyAndDepartmentsSql } from '../../cases/agencies.ts';
import { appealsOfCell, compileYear } from '../../cases/compile.ts';
import { CaseError } from '../../cases/errors.ts';
import { intakeCase } from '../../cases/intake.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { addWorkdays } from '../../domain/calendar/index.ts';
import { expectedFormat, fieldDef, SECTIONS, type SectionKey } from '../../domain/report/layout.ts';
import { statisticKeys } from '../../domain/report-builder/table2.ts';
import type { PublishingContext } from '../../publishing/context.ts';
import { PublishingError } from '../../publishing/errors.ts';
import { setStatistics } from '../../publishing/statistics.ts';
import { renderReport } from '../../render/index.ts';
import { reportTitle } from '../../render/view.ts';
import { buildReport, publishReport, setSectionTemplate } from '../../report-builder/index.ts';
import { userActor } from '../audit.ts';
import { AppealCellPage } from '../cases/appeal-cell.tsx';
import { issueReceipt } from '../cases/letters.ts';
import { cachedPage, renderHtml, scopeKey } from '../cases/page-cache.ts';
import { dashboard, listCases, type Scope } from '../cases/queries.ts';
import type { AppEnv, CurrentUser } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { takeDraft } from '../form-drafts.ts';
import { DELIVERY_OPTIONS, FORM_OPTIONS, labelOf } from '../forms/apply.ts';
import { INTAKE_LABELS, IntakeSchema } from '../forms/intake.ts';
import { guard } from '../middleware/authorize.ts';
import { hasRole } from '../policies.ts';
import { formValues, one, validate } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import { BuilderPage, CellCasesPage, PublishConfirmPage } from '../views/report-builder.tsx';
import { DashboardBody, DashboardPage, IntakePage } from '../views/staff.tsx';
import { attachment } from './reports.tsx';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const scopeOf = (u: CurrentUser): Scope => ({
  agencyId: u.roles.includes('administrator') ? null : u.agencyId,
});

/** The agencies a user registers applications for: their agency and its departments (not regions, not the
 *  internal offices marked as not receiving applications — 《条例》第二十七条). */
async function unitAgencies(db: Executor, agencyId: number) {
  return queryRows<{ id: number; name: string }>(
    db,
    sql`${agencyAndDepartmentsSql(agencyId)}
        select a.id, a.name from agencies a join scope s on s.id = a.id
        where a.level <> 'region' and a.receives_applications order by a.id`,
  );
}

const NOTICES: Record<string, string> = {
  password: '密码已修改。',
  intake: '申请已登记。',
  saved: '已保存。',
  letter: '已保存，答复书已生成。',
  published: '年度报告已发布，该年度已锁定。',
};

export function staffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', guard('staff.dashboard'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const today = deps.today();
    const scope = scopeOf(user);
    // The scope's figures and lists on this day; “due soon” by the calendar of the user's agency (page-cache.ts).
    const key = `dashboard|${scopeKey(scope.agencyId)}|calendar:${user.agencyId}|${today}`;
    const notice = NOTICES[c.req.query('notice') ?? ''];
    return cachedPage(
      c,
      key,
      notice ?? '',
      async () => {
        const soon = addWorkdays(today, 3, await deps.calendar(user.agencyId)).date;
        const d = await dashboard(deps.handle.db, scope, today, soon);
        return { html: await renderHtml(<DashboardBody d={d} today={today} />), status: 200 };
      },
      (body) => (
        <DashboardPage
          {...frame(c)}
          body={raw(body)}
          year={Number(today.slice(0, 4))}
          agencyId={user.agencyId}
          notice={notice}
        />
      ),
    );
  });

  // ---------------------------------------------------------------------------------------------- intake

  app.get('/intake', guard('case.intake'), async (c) => {
    const deps = c.get('deps');
    const list = await unitAgencies(deps.handle.db, c.get('user')!.agencyId);
    // Back after an expired session: the fields typed before (app.tsx keeps them under a one-time key).
    const draft = await takeDraft(deps.handle.db, '/staff/intake', c.req.query('draft'), deps.now());
    const values = draft
      ? Object.fromEntries(Object.keys(INTAKE_LABELS).map((k) => [k, String(draft[k] ?? '')]))
      : undefined;
    return page(
      c,
      <IntakePage {...frame(c)} agencies={list} today={deps.today()} {...(values ? { values } : {})} />,
    );
  });

  app.post('/intake', guard('case.intake'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const form = await formValues(c);
    const values: Record<string, string> = {};
    for (const k of Object.keys(INTAKE_LABELS)) values[k] = one(form[k]);
    const list = await unitAgencies(db, c.get('user')!.agencyId);
    const v = validate(IntakeSchema, values);
    const errors: Record<string, string> = v.ok ? {} : { ...v.errors };
    const agencyId = Number(values.agencyId);
    if (!list.some((a) => a.id === agencyId)) errors.agencyId = '请选择本机关或其内设机构';
    if (!v.ok || Object.keys(errors).length)
      return page(
        c,
        <IntakePage {...frame(c)} agencies={list} values={values} errors={errors} today={deps.today()} />,
        400,
      );
    const d = v.data;
    try {
      const { code, caseId } = await intakeCase(
        db,
        {
          agency: agencyId,
          applicant: {
            type: d.applicantType,
            name: d.name,
            idNumber: d.idNumber.toUpperCase(),
            phone: d.phone,
            email: d.email || null,
            address: d.address || null,
          },
          channel: d.channel,
          receivedOn: d.receivedOn,
          arrivedOn: d.arrivedOn || null,
          confirmation: d.confirmation || null,
          description: d.description,
          formWanted: labelOf(FORM_OPTIONS, d.formWanted),
          deliveryWanted: labelOf(DELIVERY_OPTIONS, d.deliveryWanted),
        },
        { actor: userActor(c.get('user')!.username), today: deps.today() },
      );
      await issueReceipt(db, caseId, userActor(c.get('user')!.username));
      return c.redirect(`/staff/cases/${encodeURIComponent(code)}?notice=intake`, 303);
    } catch (e) {
      if (!(e instanceof CaseError) || e.code === 'NOT_FOUND') throw e;
      return page(
        c,
        <IntakePage
          {...frame(c)}
          agencies={list}
          values={values}
          errors={{ receivedOn: e.message }}
          today={deps.today()}
        />,
        422,
      );
    }
  });

  // ---------------------------------------------------------------------------------------------- report builder

  const yearParam = (c: Context<AppEnv>) => {
    const y = Number(c.req.param('year'));
    if (!Number.isInteger(y) || y < 2019 || y > 2200) throw notFound('年度');
    return y;
  };

  const publishingCtx = async (c: Context<AppEnv>, agencyId: number): Promise<PublishingContext> => {
    const u = c.get('user')!;
    const deps = c.get('deps');
    return {
      actor: userActor(u.username),
      roles: u.roles,
      today: deps.today(),
      calendar: await deps.calendar(agencyId),
    };
  };

  /** The section templates posted by the editor (only those that differ from what the build used). */
  const postedTemplates = async (c: Context<AppEnv>) => {
    const form = await formValues(c);
    const out: Partial<Record<SectionKey, string>> = {};
    for (const s of SECTIONS) {
      const v = one(form[`template.${s.key}`]).replace(/\r\n?/g, '\n').slice(0, 50_000);
      if (v.trim()) out[s.key] = v;
    }
    return out;
  };

  const builderPage = async (
    c: Context<AppEnv>,
    opts: {
      templates?: Partial<Record<SectionKey, string>>;
      problem?: string;
      status?: 200 | 400 | 409 | 422;
    } = {},
  ) => {
    const db = c.get('deps').handle.db;
    const user = c.get('user')!;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const ctx = await publishingCtx(c, agencyId);
    const build = await buildReport(
      db,
      { agency: agencyId, year, ...(opts.templates ? { templates: opts.templates } : {}) },
      ctx,
    );
    const templates: Record<string, string> = {};
    for (const s of SECTIONS) templates[s.key] = opts.templates?.[s.key] ?? build.templates[s.key].text;
    const base = `/staff/agencies/${agencyId}/report/${year}`;
    const statistics = statisticKeys(expectedFormat(year)).map((key) => {
      const cell = build.report.cells[key];
      return {
        key,
        label: fieldDef(key)?.label ?? key,
        value: cell?.state === 'number' ? String(cell.value) : '',
      };
    });
    return page(
      c,
      <BuilderPage
        {...frame(c)}
        build={build}
        templates={templates}
        statistics={statistics}
        canSave={hasRole(user, 'report.build')}
        canPublish={hasRole(user, 'report.publish')}
        cellHref={(key) =>
          (build.report.provenance[key]?.cases?.length ?? 0) > 0 ? `${base}/cells/${key}` : null
        }
        today={ctx.today}
        problem={opts.problem}
        notice={NOTICES[c.req.query('notice') ?? '']}
      />,
      opts.status ?? 200,
    );
  };

  /** Save the templates that differ from the ones in use; a template the builder refuses comes back as a message. */
  const saveTemplates = async (c: Context<AppEnv>, templates: Partial<Record<SectionKey, string>>) => {
    const db = c.get('deps').handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const ctx = await publishingCtx(c, agencyId);
    const current = await buildReport(db, { agency: agencyId, year }, ctx);
    for (const s of SECTIONS) {
      const v = templates[s.key];
      if (v !== undefined && v.trim() !== current.templates[s.key].text.trim())
        await setSectionTemplate(db, { agency: agencyId, year, section: s.key, template: v }, ctx);
    }
  };

  app.get('/agencies/:agencyId/report/:year', guard('report.build'), (c) => builderPage(c));
  app.post('/agencies/:agencyId/report/:year/check', guard('report.build'), async (c) =>
    builderPage(c, { templates: await postedTemplates(c) }),
  );

  app.post('/agencies/:agencyId/report/:year/save', guard('report.build'), async (c) => {
    const templates = await postedTemplates(c);
    try {
      await saveTemplates(c, templates);
    } catch (e) {
      if (e instanceof PublishingError && e.code !== 'NOT_FOUND')
        return builderPage(c, { templates, problem: e.message, status: e.code === 'CONFLICT' ? 409 : 422 });
      throw e;
    }
    return c.redirect(
      `/staff/agencies/${c.req.param('agencyId')}/report/${c.req.param('year')}?notice=saved`,
      303,
    );
  });

  // 表二's enforcement and fee figures, entered by hand (src/publishing/statistics.ts keeps their source).
  app.post('/agencies/:agencyId/report/:year/statistics', guard('report.build'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const form = await formValues(c);
    const values: Record<string, number> = {};
    const bad: string[] = [];
    for (const key of statisticKeys(expectedFormat(year))) {
      const raw = one(form[key]).trim();
      if (!raw) continue;
      const n = Number(raw);
      if (Number.isFinite(n)) values[key] = n;
      else bad.push(`${fieldDef(key)?.label ?? key}应为数字`);
    }
    if (bad.length) return builderPage(c, { problem: bad.join('；'), status: 422 });
    try {
      await setStatistics(db, { agency: agencyId, year, values }, await publishingCtx(c, agencyId));
    } catch (e) {
      if (e instanceof PublishingError && e.code !== 'NOT_FOUND')
        return builderPage(c, { problem: e.message, status: 422 });
      throw e;
    }
    return c.redirect(`/staff/agencies/${agencyId}/report/${year}?notice=saved`, 303);
  });

  // The draft as the file it will be published as (the same renderer as publishing and /reports/:id/docx), so the
  // officer reads the official layout before publishing locks the year; the PDF is that DOCX through LibreOffice.
  app.get('/agencies/:agencyId/report/:year/draft/:form{docx|pdf}', guard('report.build'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const form = c.req.param('form') as 'docx' | 'pdf';
    const build = await buildReport(db, { agency: agencyId, year }, await publishingCtx(c, agencyId));
    const bytes = await renderReport(build.report, form);
    const name = `${reportTitle(build.report)}${build.published ? '' : '（草稿）'}.${form}`;
    c.header('Content-Type', form === 'pdf' ? 'application/pdf' : DOCX_TYPE);
    c.header('Content-Disposition', attachment(name));
    c.header('Cache-Control', 'no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/agencies/:agencyId/report/:year/cells/:key', guard('report.build'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const key = c.req.param('key');
    const def = fieldDef(key);
    if (!def || def.table === 't2') throw notFound('单元格');
    // 表四: the appeals themselves, with the filing and result dates that place them in this year and column.
    if (def.table === 't4')
      return page(
        c,
        <AppealCellPage
          {...frame(c)}
          title={`${year}年 ${def.label}`}
          back={`/staff/agencies/${agencyId}/report/${year}`}
          year={year}
          lines={await appealsOfCell(db, { agency: agencyId, year, key })}
        />,
      );
    const { report } = await compileYear(db, { agency: agencyId, year });
    const codes = report.provenance[key]?.cases ?? [];
    const lines = await listCases(db, { agencyId }, { status: 'all', codes, limit: 2000 });
    return page(
      c,
      <CellCasesPage
        {...frame(c)}
        title={`${year}年 ${def.label}`}
        back={`/staff/agencies/${agencyId}/report/${year}`}
        lines={lines}
        today={deps.today()}
      />,
    );
  });

  // Publishing locks the year: the editor's button saves the templates and shows what will happen; only the
  // confirmation page's form (confirm=1, the box ticked) publishes.
  app.post('/agencies/:agencyId/report/:year/publish/confirm', guard('report.publish'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const templates = await postedTemplates(c);
    try {
      await saveTemplates(c, templates);
    } catch (e) {
      if (e instanceof PublishingError && e.code !== 'NOT_FOUND')
        return builderPage(c, { templates, problem: e.message, status: e.code === 'CONFLICT' ? 409 : 400 });
      throw e;
    }
    const build = await buildReport(db, { agency: agencyId, year }, await publishingCtx(c, agencyId));
    if (build.published)
      return builderPage(c, {
        problem: `${year}年度报告已于 ${build.published.publishedOn} 发布`,
        status: 409,
      });
    return page(c, <PublishConfirmPage {...frame(c)} build={build} />);
  });

  app.post('/agencies/:agencyId/report/:year/publish', guard('report.publish'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = Number(c.req.param('agencyId'));
    const year = yearParam(c);
    const form = await formValues(c);
    if (one(form.confirm) !== '1' || one(form.understood) !== '1')
      throw badRequest('发布年度报告会锁定该年度，须在确认页勾选确认后发布。');
    try {
      await publishReport(db, { agency: agencyId, year }, await publishingCtx(c, agencyId));
    } catch (e) {
      if (e instanceof PublishingError && e.code !== 'NOT_FOUND')
        return builderPage(c, { problem: e.message, status: e.code === 'CONFLICT' ? 409 : 400 });
      throw e;
    }
    return c.redirect(`/staff/agencies/${agencyId}/report/${year}?notice=published`, 303);
  });

  return app;
}

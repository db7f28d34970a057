// The case in the staff console: the list (search, filters, keyset pages, CSV/XLSX export with ID and phone
// masked), the case page with every action the CLI has, each previewed (new dates, the amount of a fee, the letter
// it will issue) by a GET that saves nothing, then saved by a POST that redirects (POST → redirect → GET); the
// letters of every event as DOCX and PDF; the approver's queue of extension requests. Each route: guard
// (policies.ts) → validate (zod) → use case (src/cases) → view.
import { PassThrough, Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import {
  APPEAL_DEFENDANT_LABELS,
  APPEAL_KIND_LABELS,
  APPEAL_RESULT_LABELS,
  type AppealDefendantKey,
  appealsOfCase,
  paperDueOn,
} from '../../cases/appeals.ts';
import { officersOfUnit } from '../../cases/assign.ts';
import { CaseError } from '../../cases/errors.ts';
import { extensionQueue, extensionRequestsOf, pendingExtension } from '../../cases/extension-requests.ts';
import { maskIdNumber, maskName, maskPhone } from '../../cases/mask.ts';
import {
  addReleasedFiles,
  MAX_RELEASED_BYTES,
  MAX_RELEASED_FILES,
  withdrawReleasedFile,
} from '../../cases/released.ts';
import { clockColumns, runClock } from '../../cases/timeline.ts';
import { formatTrackingCode } from '../../cases/tracking-code.ts';
import { auditLog } from '../../db/schema/audit-log.ts';
import { caseFiles } from '../../db/schema/case-files.ts';
import { isIsoDate } from '../../domain/calendar/index.ts';
import { ClockError } from '../../domain/clock/index.ts';
import { LetterError } from '../../letters/index.ts';
import { csvField } from '../../render/csv.ts';
import { audit, userActor } from '../audit.ts';
import {
  type ActionContext,
  type ActionExtra,
  CASE_ACTIONS,
  type CaseAction,
  type FieldSpec,
} from '../cases/actions.ts';
import { appealPaperFacts, writesPaper } from '../cases/appeal-papers.ts';
import { calendarDriftNotice } from '../cases/calendar-drift.ts';
import { caseLetters, issueEventLetter, letterBytes, renderEventLetter } from '../cases/letters.ts';
import { cachedPage, renderHtml, scopeKey } from '../cases/page-cache.ts';
import { actorNames, userNames } from '../cases/people.ts';
import { caseDetail, clockOf, LIST_STATUSES, type Scope, searchCases } from '../cases/queries.ts';
import type { AppEnv, CurrentUser } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { hasRole } from '../policies.ts';
import { formValues, one, validate } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import {
  type ApplicantView,
  ApprovalsPage,
  CaseListBody,
  CaseListPage,
  CasePage,
  outcomeLabel,
  PreviewPage,
  statusLabel,
} from '../views/staff.tsx';
import { fileDownload, letterDownload } from './case-downloads.ts';
import { attachment } from './reports.tsx';

const scopeOf = (u: CurrentUser): Scope => ({
  agencyId: u.roles.includes('administrator') ? null : u.agencyId,
});

export const CASE_NOTICES: Record<string, string> = {
  saved: '已保存。',
  letter: '已保存，文书已生成。',
  requested: '延期申请已提交，等待审批人审批。',
  refused: '已记录：不同意延期。',
  intake: '申请已登记，登记回执已生成。',
  released: '公开的文件已上传，申请人可凭查询码在答复后下载。',
  withdrawn: '文件已撤回，申请人不能再下载；撤回的理由已记入操作日志。',
};

/** The path of the released documents' upload (app.tsx gives it a larger body limit). */
export const RELEASED_PATH = /^\/staff\/cases\/[^/]+\/released$/;
/** The body limit of that upload: its files and the form. */
export const RELEASED_BODY_LIMIT = MAX_RELEASED_FILES * MAX_RELEASED_BYTES + 256 * 1024;

const notOffered = (a: CaseAction) =>
  `本案当前的状态下不能“${a.label}”（可能已由他人办理，请刷新页面查看）。`;

const PAGE_SIZE = 50;
const EXPORT_LIMIT = 100_000;
const EXPORT_PAGE = 1000;

/** The list's filters from the query string, checked (a bad date is dropped with a message, never a 500). */
function listFilters(c: Context<AppEnv>) {
  const q = (k: string) => (c.req.query(k) ?? '').trim().slice(0, 60);
  const status = LIST_STATUSES.some(([k]) => k === q('status')) ? q('status') : 'open';
  const problems: string[] = [];
  const date = (k: string, label: string) => {
    const v = q(k);
    if (v && !isIsoDate(v)) {
      problems.push(`${label}“${v}”不是有效日期（年-月-日）`);
      return '';
    }
    return v;
  };
  const from = date('from', '起始日期');
  const to = date('to', '截止日期');
  let after: { receivedOn: string; id: number } | undefined;
  const m = /^(\d{4}-\d{2}-\d{2})\.(\d+)$/.exec(q('after'));
  if (m && isIsoDate(m[1])) after = { receivedOn: m[1]!, id: Number(m[2]) };
  return {
    status,
    number: q('number'),
    applicant: q('applicant'),
    words: q('words'),
    from,
    to,
    mine: q('mine') === '1',
    after,
    problems,
  };
}

type Filters = ReturnType<typeof listFilters>;

const searchOf = (f: Filters, user: CurrentUser, today: string, limit: number) => ({
  status: f.status,
  ...(f.number ? { number: f.number } : {}),
  ...(f.applicant ? { applicant: f.applicant } : {}),
  ...(f.words ? { words: f.words } : {}),
  ...(f.from ? { from: f.from } : {}),
  ...(f.to ? { to: f.to } : {}),
  ...(f.mine ? { assignedTo: user.id } : {}),
  ...(f.after ? { after: f.after } : {}),
  limit,
  today,
});

const EXPORT_COLUMNS = [
  ['编号', 'code'],
  ['受理机关', 'agency'],
  ['收到日期', 'receivedOn'],
  ['申请人', 'applicant'],
  ['身份证明号码', 'idNumber'],
  ['电话', 'phone'],
  ['状态', 'status'],
  ['答复期限', 'dueOn'],
  ['办结日期', 'closedOn'],
  ['办理结果', 'outcome'],
  ['经办人', 'assignee'],
  ['所需信息', 'description'],
] as const;

export function caseRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // ---------------------------------------------------------------------------------------------- the list

  app.get('/cases', guard('case.list'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const f = listFilters(c);
    const scope = scopeOf(user);
    const today = deps.today();
    // Everything the fragment depends on (page-cache.ts): scope, “my cases” (whose), the day, the filters as read.
    const key = `list|${scopeKey(scope.agencyId)}|${f.mine ? user.id : ''}|${today}|${JSON.stringify(f)}`;
    return cachedPage(
      c,
      key,
      '',
      async () => {
        const { lines, next } = await searchCases(deps.handle.db, scope, searchOf(f, user, today, PAGE_SIZE));
        return {
          html: await renderHtml(<CaseListBody lines={lines} next={next} filters={f} today={today} />),
          status: f.problems.length ? 400 : 200,
        };
      },
      (body) => <CaseListPage {...frame(c)} mine={f.mine} body={raw(body)} />,
    );
  });

  // The same search, every matching row, ID and phone numbers masked as on screen; audited (personal data leaves).
  // Streamed: read a keyset page of EXPORT_PAGE rows at a time and written out as it comes, so 100,000 cases never
  // sit in memory at once (CSV as text, XLSX through ExcelJS's streaming writer).
  const exportList = (format: 'csv' | 'xlsx') => async (c: Context<AppEnv>) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const f = { ...listFilters(c), after: undefined };
    const scope = scopeOf(user);
    const today = deps.today();
    await audit(deps.handle.db, {
      actor: userActor(user.username),
      action: 'case.export',
      entity: 'case',
      after: { format, limit: EXPORT_LIMIT, filters: { ...f, problems: undefined } },
    });
    async function* rows() {
      let after: Filters['after'];
      for (let sent = 0; sent < EXPORT_LIMIT; ) {
        const { lines, next } = await searchCases(
          deps.handle.db,
          scope,
          searchOf({ ...f, after }, user, today, Math.min(EXPORT_PAGE, EXPORT_LIMIT - sent)),
        );
        for (const l of lines)
          yield {
            ...l,
            // The words of the list on screen: 办理中 / 已逾期 / 待申请人补正 …, and the 表三 result row by name.
            status: statusLabel(l.status, !l.closedOn && l.dueOn !== null && l.dueOn < today),
            outcome: outcomeLabel(l.outcome),
            dueOn: l.dueOn ? `${l.dueOn}${l.dueProvisional ? '（暂定）' : ''}` : '',
            closedOn: l.closedOn ?? '',
            assignee: l.assignee ?? '',
          };
        sent += lines.length;
        if (!next) return;
        after = next;
      }
    }
    const name = `申请列表-${today}`;
    c.header('Cache-Control', 'no-store');
    const encoder = new TextEncoder();
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', attachment(`${name}.csv`));
      const it = rows();
      let first = true;
      return c.body(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (first) {
              first = false;
              // BOM: Excel opens UTF-8 CSV as such only with it.
              controller.enqueue(
                encoder.encode(`\ufeff${EXPORT_COLUMNS.map(([h]) => csvField(h)).join(',')}\r\n`),
              );
              return;
            }
            const { value: r, done } = await it.next();
            if (done) return controller.close();
            controller.enqueue(
              encoder.encode(`${EXPORT_COLUMNS.map(([, k]) => csvField(String(r[k] ?? ''))).join(',')}\r\n`),
            );
          },
        }),
      );
    }
    // Loaded on first use: ExcelJS and its dependencies cost ~0.6 s of CPU, paid by every start if imported above.
    const { default: ExcelJS } = await import('exceljs');
    const out = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    wb.creator = 'Gongkai';
    const ws = wb.addWorksheet('申请列表', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = EXPORT_COLUMNS.map(([h, k]) => ({
      header: h,
      key: k,
      width: k === 'description' ? 50 : 18,
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    void (async () => {
      try {
        for await (const r of rows())
          ws.addRow(Object.fromEntries(EXPORT_COLUMNS.map(([, k]) => [k, String(r[k] ?? '')]))).commit();
        ws.commit();
        await wb.commit();
      } catch (e) {
        out.destroy(e as Error);
      }
    })();
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', attachment(`${name}.xlsx`));
    return c.body(Readable.toWeb(out) as ReadableStream<Uint8Array>);
  };
  app.get('/cases/export.csv', guard('case.export'), exportList('csv'));
  app.get('/cases/export.xlsx', guard('case.export'), exportList('xlsx'));

  // ---------------------------------------------------------------------------------------------- the approver's queue

  app.get('/approvals', guard('case.approvals'), async (c) => {
    const deps = c.get('deps');
    const lines = await extensionQueue(deps.handle.db, scopeOf(c.get('user')!).agencyId);
    return page(c, <ApprovalsPage {...frame(c)} lines={lines} />);
  });

  // ---------------------------------------------------------------------------------------------- one case

  const extraOf = async (c: Context<AppEnv>, caseId: number, agencyId: number): Promise<ActionExtra> => {
    const db = c.get('deps').handle.db;
    const appeals = await appealsOfCase(db, caseId);
    return {
      pendingExtension: await pendingExtension(db, caseId),
      officers: await officersOfUnit(db, agencyId),
      openAppeals: appeals
        .filter((a) => !a.closedOn)
        .map((a) => ({
          id: a.id,
          label: `${APPEAL_KIND_LABELS[a.kind as keyof typeof APPEAL_KIND_LABELS]}（${a.filedOn}）`,
        })),
      pendingRedos: appeals
        .filter((a) => a.redoOrdered && !a.redoneOn)
        .sort((x, y) => (x.redoDueOn! < y.redoDueOn! ? -1 : x.redoDueOn! > y.redoDueOn! ? 1 : x.id - y.id))
        .map((a) => ({
          id: a.id,
          label: `${APPEAL_KIND_LABELS[a.kind as keyof typeof APPEAL_KIND_LABELS]}（${a.filedOn}）`,
          dueOn: a.redoDueOn!,
        })),
    };
  };

  const ctxOf = (c: Context<AppEnv>, extra: ActionExtra): ActionContext => {
    const u = c.get('user')!;
    return {
      actor: userActor(u.username),
      username: u.username,
      displayName: u.displayName,
      today: c.get('deps').today(),
      extra,
    };
  };

  /** An action's fields with the options that depend on the case filled in. */
  const fieldsOf = (a: CaseAction, x: ActionExtra): FieldSpec[] =>
    a.fields.map((f) => (f.optionsFrom ? { ...f, options: f.optionsFrom(x) } : f));

  const load = async (c: Context<AppEnv>) => {
    const detail = await caseDetail(c.get('deps').handle.db, c.req.param('code')!);
    if (!detail) throw notFound('申请');
    const stored = detail.events.map((e) => ({ type: e.type, on: e.on, data: e.data }));
    return { detail, stored, extra: await extraOf(c, detail.row.id, detail.row.agencyId) };
  };

  const casePage = async (
    c: Context<AppEnv>,
    opts: {
      reveal?: boolean;
      failed?: Parameters<typeof CasePage>[0]['failed'];
      status?: 200 | 400 | 409 | 422;
    } = {},
  ) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const user = c.get('user')!;
    const { detail, stored, extra } = await load(c);
    const live = clockOf(stored, await deps.calendar(detail.row.agencyId), deps.today());
    const drift = calendarDriftNotice(
      detail.row,
      clockColumns(live, stored),
      hasRole(user, 'calendar.manage'),
    );
    const clock = drift ? { ...live, warnings: [...live.warnings, drift] } : live;
    const a = detail.applicant;
    const full = Boolean(opts.reveal);
    const applicant: ApplicantView = {
      type: a.type,
      name: full || a.type !== 'naturalPerson' ? a.name : maskName(a.name),
      idNumber: full ? (a.idNumber ?? '') : maskIdNumber(a.idNumber),
      phone: full ? (a.phone ?? '') : maskPhone(a.phone),
      email: a.email ?? '',
      address: a.address ?? '',
      full,
    };
    // The action that failed is shown even when the case no longer offers it: the form keeps what was typed.
    const actions = [...CASE_ACTIONS.values()]
      .filter(
        (x) =>
          hasRole(user, x.policy) && (x.offered(detail.row, stored, extra) || opts.failed?.action === x.key),
      )
      .map((x) => ({ action: x, fields: fieldsOf(x, extra) }));
    const names = await actorNames(
      db,
      detail.events.map((e) => e.actor),
    );
    const requests = await extensionRequestsOf(db, detail.row.id);
    const people = await userNames(db, [
      ...requests.flatMap((r) => [r.requestedBy, r.decidedBy ?? '']).filter(Boolean),
      ...detail.events.filter((e) => e.type === 'extended').map((e) => String(e.data.approver ?? '')),
    ]);
    const assignee = extra.officers.find((o) => o.id === detail.row.assignedTo)?.name ?? null;
    const appealRows = await appealsOfCase(db, detail.row.id);
    // Who recorded each 复议/诉讼 and its result: the audit log keeps it (the appeals table does not).
    const recorders = appealRows.length
      ? await db
          .select({ entityId: auditLog.entityId, action: auditLog.action, actor: auditLog.actor })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.entity, 'appeal'),
              inArray(
                auditLog.entityId,
                appealRows.map((a) => String(a.id)),
              ),
              inArray(auditLog.action, ['appeal.file', 'appeal.decide']),
            ),
          )
      : [];
    const recorderNames = await actorNames(
      db,
      recorders.map((r) => r.actor),
    );
    const recorderOf = (id: number, action: string) => {
      const r = recorders.find((x) => x.entityId === String(id) && x.action === action);
      return r ? (recorderNames.get(r.actor) ?? '工作人员') : null;
    };
    const appeals = appealRows.map((x) => ({
      id: x.id,
      kind: APPEAL_KIND_LABELS[x.kind as keyof typeof APPEAL_KIND_LABELS],
      isReview: x.kind === 'review',
      filedOn: x.filedOn,
      body: x.body,
      coDefendant: x.reviewAgencyCoDefendant,
      // Who the defendant is matters only after a review (a direct suit is always against this agency).
      defendant:
        x.kind === 'litigation.afterReview' && x.defendant
          ? APPEAL_DEFENDANT_LABELS[x.defendant as AppealDefendantKey]
          : null,
      copyReceivedOn: x.copyReceivedOn,
      paperDueOn: writesPaper(x) ? paperDueOn(x) : null,
      writesPaper: writesPaper(x),
      redoDueOn: x.redoDueOn,
      redoDueDefault: x.redoDueDefault,
      redoneOn: x.redoneOn,
      result: x.result ? APPEAL_RESULT_LABELS[x.result as keyof typeof APPEAL_RESULT_LABELS] : null,
      closedOn: x.closedOn,
      recordedBy: recorderOf(x.id, 'appeal.file'),
      decidedBy: x.closedOn ? recorderOf(x.id, 'appeal.decide') : null,
    }));
    const files = await db
      .select({ id: caseFiles.id, role: caseFiles.role, filename: caseFiles.filename, size: caseFiles.size })
      .from(caseFiles)
      .where(eq(caseFiles.caseId, detail.row.id))
      .orderBy(caseFiles.id);
    return page(
      c,
      <CasePage
        {...frame(c)}
        c={detail.row}
        trackingCode={detail.row.trackingCode ? formatTrackingCode(detail.row.trackingCode) : null}
        agency={detail.agency}
        applicant={applicant}
        events={detail.events}
        actorName={(a) => names.get(a) ?? '工作人员'}
        personName={(u) => people.get(u) ?? u}
        clock={clock}
        actions={actions}
        today={deps.today()}
        letters={await caseLetters(db, detail.row.id)}
        requests={requests}
        appeals={appeals}
        files={files}
        canRelease={hasRole(user, 'case.act')}
        assignee={assignee}
        canReveal={hasRole(user, 'case.act') || hasRole(user, 'case.letter')}
        failed={opts.failed}
        notice={CASE_NOTICES[c.req.query('notice') ?? '']}
      />,
      opts.status ?? 200,
    );
  };

  app.get('/cases/:code', guard('case.view'), (c) => casePage(c));

  // Seeing an applicant's full identity and phone numbers is itself recorded (《个人信息保护法》第五十一条). The
  // answer is a page (nothing changes but the audit log); reloading it asks again, by design.
  app.post('/cases/:code/reveal', guard('case.view'), async (c) => {
    const user = c.get('user')!;
    if (!hasRole(user, 'case.act') && !hasRole(user, 'case.letter'))
      throw badRequest('您的角色不需要查看完整身份信息。');
    await audit(c.get('deps').handle.db, {
      actor: userActor(user.username),
      action: 'applicant.reveal',
      entity: 'case',
      entityId: c.req.param('code'),
    });
    return casePage(c, { reveal: true });
  });

  const valuesOf = (fields: readonly FieldSpec[], src: (k: string) => string) => {
    const values: Record<string, string> = {};
    for (const f of fields) values[f.name] = src(f.name);
    return values;
  };

  for (const action of CASE_ACTIONS.values()) {
    /** The form against the action's schema and the case as it stands: the data and context to go on with, or the
     *  case page again with what was typed and why not (400 a field, 409 the step is not open now). */
    const check = async (
      c: Context<AppEnv>,
      { detail, stored, extra }: Awaited<ReturnType<typeof load>>,
      values: Record<string, string>,
    ) => {
      const v = validate(action.schema, values);
      if (!v.ok)
        return {
          refused: await casePage(c, {
            failed: { action: action.key, message: '请修改标出的内容。', errors: v.errors, values },
            status: 400,
          }),
        } as const;
      const ctx = ctxOf(c, extra);
      if (!action.offered(detail.row, stored, extra))
        return {
          refused: await casePage(c, {
            failed: { action: action.key, message: notOffered(action), values },
            status: 409,
          }),
        } as const;
      return { data: v.data, ctx } as const;
    };

    // Preview: a GET (nothing is saved; back and reload work), the clock replayed with the new event, the letter
    // the step will issue rendered, the amount of a fee computed.
    app.get(`/cases/:code/preview/${action.key}`, guard(action.policy), async (c) => {
      const deps = c.get('deps');
      const db = deps.handle.db;
      const loaded = await load(c);
      const { detail, stored, extra } = loaded;
      const fields = fieldsOf(action, extra);
      const values = valuesOf(fields, (k) => (c.req.query(k) ?? '').slice(0, 4000));
      const checked = await check(c, loaded, values);
      if ('refused' in checked) return checked.refused;
      const { data, ctx } = checked;
      const calendar = await deps.calendar(detail.row.agencyId);
      const event = action.event(data, ctx);
      try {
        if (event && event.on > deps.today())
          throw new CaseError('INVALID_INPUT', `日期 ${event.on} 晚于今天，请核对`);
        const before = clockOf(stored, calendar, deps.today());
        const after = event ? runClock(stored, event, calendar, {}, detail.row.code) : before;
        const facts = action.letter ? await action.letter(db, detail.row, data, after, ctx) : null;
        const letter = facts ? await renderEventLetter(db, detail.row, facts) : null;
        const extraLines = action.preview ? await action.preview(db, detail.row, data) : [];
        const summary = [
          ...fields
            .filter((f) => values[f.name])
            .map(
              (f) =>
                [f.label, f.options?.find(([k]) => k === values[f.name])?.[1] ?? values[f.name]!] as const,
            ),
          ...extraLines,
        ];
        return page(
          c,
          <PreviewPage
            {...frame(c)}
            c={detail.row}
            action={action}
            values={values}
            summary={summary}
            before={before}
            after={after}
            moves={event !== null}
            letter={letter ? { label: letter.letter.title, html: letter.html } : null}
          />,
        );
      } catch (e) {
        if (e instanceof CaseError || e instanceof ClockError || e instanceof LetterError)
          return casePage(c, { failed: { action: action.key, message: e.message, values }, status: 422 });
        throw e;
      }
    });

    app.post(`/cases/:code/do/${action.key}`, guard(action.policy), async (c) => {
      const deps = c.get('deps');
      const db = deps.handle.db;
      const code = c.req.param('code')!;
      const loaded = await load(c);
      const fields = fieldsOf(action, loaded.extra);
      const form = await formValues(c);
      const values = valuesOf(fields, (k) => one(form[k]));
      const checked = await check(c, loaded, values);
      if ('refused' in checked) return checked.refused;
      const { data, ctx } = checked;
      let notice = 'saved';
      try {
        await action.save(db, code, data, ctx);
        if (action.key === 'extensionRequest') notice = 'requested';
        if (action.key === 'extensionRefuse') notice = 'refused';
        if (action.letter) {
          // The letter of the step, from the case as saved and the clock after it.
          const saved = (await caseDetail(db, code))!;
          const stored = saved.events.map((e) => ({ type: e.type, on: e.on, data: e.data }));
          const after = clockOf(stored, await deps.calendar(saved.row.agencyId), deps.today());
          const facts = await action.letter(db, saved.row, data, after, ctx);
          if (facts) {
            await issueEventLetter(db, saved.row, facts, ctx.actor);
            notice = 'letter';
          }
        }
      } catch (e) {
        if (e instanceof CaseError && e.code !== 'NOT_FOUND')
          return casePage(c, {
            failed: { action: action.key, message: e.message, values },
            status: e.code === 'YEAR_LOCKED' ? 409 : 422,
          });
        // The step is saved; a letter the data cannot fill is reported on the page, not lost silently.
        if (e instanceof LetterError) {
          deps.log?.(`文书未生成 ${code} ${action.key}: ${e.message}`);
          return c.redirect(`/staff/cases/${encodeURIComponent(code)}?notice=saved`, 303);
        }
        throw e;
      }
      // An approval from the queue goes back to the queue.
      const back =
        action.policy === 'case.extend' && c.req.query('from') === 'approvals'
          ? '/staff/approvals?notice=saved'
          : `/staff/cases/${encodeURIComponent(code)}?notice=${notice}`;
      return c.redirect(back, 303);
    });
  }

  // A refused upload or withdrawal of released documents: the case page again, the message beside the section.
  const releasedFailure = (c: Context<AppEnv>, e: unknown) => {
    if (e instanceof CaseError && e.code !== 'NOT_FOUND')
      return casePage(c, {
        failed: { action: 'released', message: e.message },
        status: e.code === 'CONFLICT' ? 409 : 400,
      });
    throw e;
  };

  // The released documents (公开的政府信息) uploaded with the reply; the holder of the 查询码 downloads them
  // from /track once the case is answered. Every file checked by its bytes; one bad file stores none.
  app.post('/cases/:code/released', guard('case.act'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const code = c.req.param('code');
    const body = await c.req.parseBody({ all: true });
    const raw = body.file;
    const list = (Array.isArray(raw) ? raw : [raw]).filter((f): f is File => f instanceof File && f.size > 0);
    try {
      const files = [];
      for (const f of list) files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      await addReleasedFiles(deps.handle.db, code, files, {
        actor: userActor(user.username),
        today: deps.today(),
      });
    } catch (e) {
      return releasedFailure(c, e);
    }
    return c.redirect(`/staff/cases/${encodeURIComponent(code)}?notice=released`, 303);
  });

  // A released document withdrawn (uploaded by mistake, or disclosing what 《条例》第十五条 protects): gone from /track,
  // its name, hash and the reason kept in the audit log.
  app.post('/cases/:code/released/:id{[0-9]+}/withdraw', guard('case.act'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const code = c.req.param('code');
    const body = await c.req.parseBody();
    try {
      await withdrawReleasedFile(
        deps.handle.db,
        code,
        Number(c.req.param('id')),
        typeof body.reason === 'string' ? body.reason : '',
        { actor: userActor(user.username), today: deps.today() },
      );
    } catch (e) {
      return releasedFailure(c, e);
    }
    return c.redirect(`/staff/cases/${encodeURIComponent(code)}?notice=withdrawn`, 303);
  });

  // The 行政复议答复书 / 行政诉讼答辩状 draft of one appeal of the case, filled with the facts the case holds
  // (《行政复议法》第四十八条, 《行政诉讼法》第六十七条); made on request, never stored: it is the officer's draft.
  app.get('/cases/:code/appeals/:id{[0-9]+}/paper.docx', guard('case.letter'), async (c) => {
    const db = c.get('deps').handle.db;
    const detail = await caseDetail(db, c.req.param('code'));
    const id = Number(c.req.param('id'));
    const appeal = detail ? (await appealsOfCase(db, detail.row.id)).find((a) => a.id === id) : undefined;
    if (!detail || !appeal) throw notFound('复议或诉讼记录');
    if (!writesPaper(appeal))
      throw badRequest(
        '复议机关单独为被告（复议改变），本机关不是被告，不提交答辩状（《行政诉讼法》第二十六条第二款）。',
      );
    const facts = await appealPaperFacts(db, detail.row, appeal);
    const { appealPaperDocx, APPEAL_PAPER_TITLES } = await import('../../letters/appeal-papers.ts');
    const bytes = await appealPaperDocx(facts);
    return letterDownload(
      c,
      { docx: bytes },
      `${detail.row.code} ${APPEAL_PAPER_TITLES[facts.kind]}（草稿）`,
      'docx',
    );
  });

  // The letters: the DOCX that went out, and its PDF (LibreOffice converts those very bytes).
  app.get('/cases/:code/letters/:file{[0-9]+\\.(docx|pdf)|[0-9]+}', guard('case.letter'), async (c) => {
    const db = c.get('deps').handle.db;
    const [idText, ext = 'docx'] = c.req.param('file').split('.');
    const detail = await caseDetail(db, c.req.param('code'));
    const id = Number(idText);
    const letter = detail && Number.isInteger(id) ? await letterBytes(db, detail.row.id, id) : null;
    if (!detail || !letter) throw notFound('文书');
    const name = `${detail.row.code} ${letter.label.replace(/ · /g, ' ')}`;
    return letterDownload(c, letter, name, ext);
  });

  // What the applicant sent (identity proof, the application letter), to staff of the case's unit.
  app.get('/cases/:code/files/:id{[0-9]+}', guard('case.view'), async (c) => {
    const db = c.get('deps').handle.db;
    const detail = await caseDetail(db, c.req.param('code'));
    if (!detail) throw notFound('附件');
    const [f] = await db
      .select()
      .from(caseFiles)
      .where(and(eq(caseFiles.caseId, detail.row.id), eq(caseFiles.id, Number(c.req.param('id')))));
    if (!f) throw notFound('附件');
    return fileDownload(c, f);
  });

  return app;
}

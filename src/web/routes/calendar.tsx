// The working-day calendar in the browser (/admin/calendar): the same use cases as `gongkai calendar …`
// (src/cases/calendar.ts, src/cases/recompute.ts). Staff and supervisors see it (calendar.view: why a date is or is
// not a 工作日); administrators import a year's 国务院办公厅 notice, add local adjustments and recompute the stored
// deadlines of open cases (calendar.manage). Nothing here moves a deadline silently: importing or adjusting says how
// many open cases now rest on an older calendar, and the recompute is its own audited step.
import { and, eq, sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import {
  addCalendarAdjustment,
  getCalendarYear,
  importCalendarYear,
  listCalendarAdjustments,
  listCalendarYears,
  loadCalendar,
  yearScheduleSchema,
  yearVersion,
} from '../../cases/calendar.ts';
import { CaseError } from '../../cases/errors.ts';
import {
  findStaleOpenCases,
  movedDates,
  previewRecompute,
  RECOMPUTE_DATE_KINDS,
  recomputeDeadlines,
} from '../../cases/recompute.ts';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { auditLog } from '../../db/schema/audit-log.ts';
import { addDays, dayInfo, isIsoDate, weekday } from '../../domain/calendar/index.ts';
import { userActor } from '../audit.ts';
import { actorNames } from '../cases/people.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { hasRole } from '../policies.ts';
import { agencyTree, flattenTree } from '../scope.ts';
import { formValues, one } from '../validate.ts';
import {
  CalendarImportPage,
  type CalendarOverview,
  CalendarOverviewPage,
  CalendarYearPage,
  type GridDay,
  type ImportConflict,
  type MovedCase,
  RecomputePreviewPage,
  RecomputeResultPage,
} from '../views/calendar.tsx';
import type { FieldErrors } from '../views/components.tsx';
import { frame, page } from '../views/render.ts';

const EXAMPLE = `{
  "year": 2027,
  "holidays": {"2027-01-01": "元旦", "2027-01-02": "元旦", "2027-01-03": "元旦", …},
  "workdays": {"2027-02-20": "春节", …},
  "notices": [{"title": "国务院办公厅关于2027年部分节假日安排的通知",
               "docNumber": "国办发明电〔2026〕N号",
               "url": "https://www.gov.cn/…",
               "published": "2026-11-05"}]
}`;

const NOTICES: Record<string, string> = {
  added: '已录入',
  replaced: '已替换（旧内容已记入审计日志）',
  unchanged: '内容与已录入的相同，未作改变',
};

/** Beijing time of an audit timestamp, to the minute. */
const beijing = (at: Date | string): string =>
  new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function overview(c: Context<AppEnv>): Promise<CalendarOverview> {
  const deps = c.get('deps');
  const db = deps.handle.db;
  const user = c.get('user')!;
  const today = deps.today();
  const years = await listCalendarYears(db);
  const next = Number(today.slice(0, 4)) + 1;
  const stale = await findStaleOpenCases(db);
  const names = new Map(
    (await db.select({ id: agencies.id, name: agencies.name }).from(agencies)).map((a) => [a.id, a.name]),
  );
  const [prov] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from cases where status <> 'closed' and provisional`,
  );
  const runs = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'calendar.recompute-deadlines'))
    .orderBy(sql`${auditLog.id} desc`)
    .limit(5);
  const runBy = await actorNames(
    db,
    runs.map((r) => r.actor),
  );
  const admins = await queryRows<{ display_name: string }>(
    db,
    sql`select display_name from users where active and 'administrator' = any(roles) order by display_name`,
  );
  const roots = await db.select({ id: agencies.id }).from(agencies).where(sql`${agencies.parentId} is null`);
  const nodes = [];
  for (const r of roots) nodes.push(...flattenTree(await agencyTree(db, r.id)));
  return {
    today,
    canManage: hasRole(user, 'calendar.manage'),
    years,
    adjustments: await listCalendarAdjustments(db),
    nextYear: { year: next, onRecord: years.some((y) => y.year === next) },
    provisionalOpen: Number(prov?.n ?? 0),
    stale: stale.map((s) => ({
      code: s.code,
      agencyName: names.get(s.agencyId) ?? '',
      dueOn: s.dueOn,
    })),
    runs: runs.map((r) => {
      const after = (r.after ?? {}) as { checked?: number; moved?: string[] };
      return {
        id: r.id,
        at: beijing(r.at),
        by: runBy.get(r.actor) ?? '',
        checked: after.checked ?? 0,
        moved: after.moved?.length ?? 0,
      };
    }),
    administrators: admins.map((a) => a.display_name),
    agencies: nodes.map((n) => [n.code, `${'　'.repeat(n.depth)}${n.name}`] as const),
  };
}

async function overviewPage(
  c: Context<AppEnv>,
  extra: { notice?: string; errors?: FieldErrors; values?: Record<string, string> } = {},
  status: 200 | 400 | 409 | 422 = 200,
) {
  return page(c, <CalendarOverviewPage {...frame(c)} {...(await overview(c))} {...extra} />, status);
}

/** The twelve months of `year`, Monday-first weeks, each day as the calendar of `agencyId` sees it. */
function monthsOf(year: number, info: (d: string) => GridDay): GridDay[][][] {
  const months: GridDay[][][] = [];
  for (let m = 1; m <= 12; m++) {
    const first = `${year}-${String(m).padStart(2, '0')}-01`;
    const weeks: (GridDay | null)[][] = [];
    let week: (GridDay | null)[] = Array((weekday(first) + 6) % 7).fill(null);
    for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) {
      week.push(info(d));
      if (week.length === 7) {
        weeks.push(week);
        week = [];
      }
    }
    if (week.length) weeks.push([...week, ...Array(7 - week.length).fill(null)]);
    months.push(weeks as GridDay[][]);
  }
  return months;
}

// ------------------------------------------------------------------------------------------------ the manual form

const RANGE =
  /^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|—|–|--|-(?=\s))\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$/;

/** '2027-2-5' → '2027-02-05' (what people type from the notice). */
const pad = (d: string) =>
  d.replace(
    /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
    (_m, y, mo, da) => `${y}-${mo.padStart(2, '0')}-${da.padStart(2, '0')}`,
  );

const linesOf = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l, i) => [i + 1, l.trim()] as const)
    .filter(([, l]) => l);

/** The hand-entered form as the JSON the CLI takes, or the errors of its lines (named by line and date). */
function scheduleFromForm(
  v: Record<string, string>,
): { input: unknown } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const year = Number(v.year);
  if (!/^\d{4}$/.test(v.year ?? '')) errors.year = '请填写四位数的年份，如 2027';
  const holidays: Record<string, string> = {};
  const bad = (field: string, n: number, line: string, why: string) => {
    errors[field] ??= `第 ${n} 行“${line}”：${why}`;
  };
  for (const [n, line] of linesOf(v.holidays ?? '')) {
    const m = RANGE.exec(line);
    if (!m) {
      bad('holidays', n, line, '应写作“起始日期 至 结束日期 节日名称”，日期如 2027-02-05');
      continue;
    }
    const from = pad(m[1]!);
    const to = pad(m[2] ?? m[1]!);
    const name = (m[3] ?? '').trim();
    if (!isIsoDate(from)) bad('holidays', n, line, `“${m[1]}”不是有效日期`);
    else if (!isIsoDate(to)) bad('holidays', n, line, `“${m[2]}”不是有效日期`);
    else if (to < from) bad('holidays', n, line, '结束日期早于起始日期');
    else if (!name) bad('holidays', n, line, '请写明节日名称（如 春节）');
    else {
      let d = from;
      for (let k = 0; d <= to; k++, d = addDays(d, 1)) {
        if (k >= 31) {
          bad('holidays', n, line, '一段放假超过 31 天，请核对日期');
          break;
        }
        holidays[d] = name;
      }
    }
  }
  if (!linesOf(v.holidays ?? '').length) errors.holidays = '请至少填写一段放假安排';
  const workdays: Record<string, string> = {};
  for (const [n, line] of linesOf(v.workdays ?? '')) {
    const m = /^(\d{4}-\d{1,2}-\d{1,2})\s*(.*)$/.exec(line);
    const d = m ? pad(m[1]!) : '';
    if (!m || !isIsoDate(d)) bad('workdays', n, line, '应写作“日期 节日名称”，日期如 2027-02-20');
    else workdays[d] = (m[2] ?? '').trim();
  }
  if (!v.noticeTitle?.trim()) errors.noticeTitle = '请填写通知标题';
  if (v.url?.trim() && !/^https?:\/\/\S+$/.test(v.url.trim()))
    errors.url = '网址应以 http:// 或 https:// 开头';
  if (v.published?.trim() && !isIsoDate(v.published.trim())) errors.published = '日期应写作 YYYY-MM-DD';
  if (Object.keys(errors).length) return { errors };
  return {
    input: {
      year,
      holidays,
      workdays,
      notices: [
        {
          title: v.noticeTitle!.trim(),
          docNumber: v.docNumber?.trim() || null,
          url: v.url?.trim() || null,
          published: v.published?.trim() || null,
        },
      ],
    },
  };
}

/** What a replacement changes, for the confirmation: dates added or changed, dates removed. */
async function conflictOf(c: Context<AppEnv>, input: unknown, json: string): Promise<ImportConflict | null> {
  const parsed = yearScheduleSchema.safeParse(input);
  if (!parsed.success) return null;
  const p = parsed.data;
  const before = await getCalendarYear(c.get('deps').handle.db, p.year);
  if (!before) return null;
  const label = (d: string, map: Record<string, string>, kind: string) =>
    `${d} ${kind}${map[d] ? `（${map[d]}）` : ''}`;
  const added: string[] = [];
  const removed: string[] = [];
  for (const [kind, now, was] of [
    ['放假', p.holidays, before.holidays],
    ['上班', p.workdays, before.workdays],
  ] as const) {
    for (const d of Object.keys(now).sort())
      if (!(d in was) || was[d] !== now[d]) added.push(label(d, now, kind));
    for (const d of Object.keys(was).sort()) if (!(d in now)) removed.push(label(d, was, kind));
  }
  const notices = p.notices.map((n) => n.title).join('；');
  let version = '—';
  try {
    version = yearVersion({ ...p, notices: [] });
  } catch {}
  return {
    year: p.year,
    json,
    before: {
      version: before.version,
      holidays: Object.keys(before.holidays).length,
      workdays: Object.keys(before.workdays).length,
      notice: before.notices.map((n) => n.title).join('；'),
    },
    after: {
      version,
      holidays: Object.keys(p.holidays).length,
      workdays: Object.keys(p.workdays).length,
      notice: notices,
    },
    added,
    removed,
  };
}

export function calendarRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', guard('calendar.view'), (c) => {
    const n = c.req.query('notice');
    const notice =
      n === 'adjusted'
        ? '本地调整已添加。已计算的期限不会自动改变：如下方提示有案件按旧版日历计算，请重算期限。'
        : undefined;
    return overviewPage(c, notice ? { notice } : {});
  });

  // One year as it applies to one agency (the national calendar + the local adjustments of the agency and the
  // agencies above it; the nearest wins, as in loadCalendar): by default the viewer's own agency.
  app.get('/:year{[0-9]{4}}', guard('calendar.view'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const user = c.get('user')!;
    const year = Number(c.req.param('year'));
    if (year < 1990 || year > 2200) throw notFound('该年份的日历');
    const roots = await db
      .select({ id: agencies.id })
      .from(agencies)
      .where(sql`${agencies.parentId} is null`);
    const nodes = [];
    for (const r of roots) nodes.push(...flattenTree(await agencyTree(db, r.id)));
    const asked = c.req.query('agency');
    // By id (the selector) or code (the overview's links); by default the viewer's own agency.
    const agency = asked
      ? nodes.find((n) => String(n.id) === asked || n.code === asked)
      : nodes.find((n) => n.id === user.agencyId);
    if (!agency) throw notFound('该机关');
    const cal = await loadCalendar(db, agency.id);
    const row = cal.years.find((y) => y.year === year);
    const projected = cal.projected.find((p) => p.year === year);
    const stored = row ? await getCalendarYear(db, year) : null;
    // The agency and the agencies above it, nearest first: their adjustments apply, the nearest one per date wins.
    const chain = await queryRows<{ code: string }>(
      db,
      sql`with recursive up(id, depth) as (
            select id, 0 from agencies where id = ${agency.id}
            union all select a.parent_id, u.depth + 1 from up u join agencies a on a.id = u.id
             where a.parent_id is not null)
          select a.code from up join agencies a on a.id = up.id order by up.depth`,
    );
    const rank = new Map(chain.map((r, i) => [r.code, i]));
    const applying = (await listCalendarAdjustments(db))
      .filter((a) => a.agencyCode === null || rank.has(a.agencyCode))
      .sort((x, y) => (rank.get(x.agencyCode ?? '') ?? 1e9) - (rank.get(y.agencyCode ?? '') ?? 1e9));
    const winner = new Map<string, (typeof applying)[number]>();
    for (const a of applying) if (!winner.has(a.date)) winner.set(a.date, a);
    const info = (d: string): GridDay => {
      const x = dayInfo(d, cal);
      const w = winner.get(d);
      const name =
        w && (x.kind === 'localHoliday' || x.kind === 'localWorkday')
          ? `${w.reason}（${w.agencyName ?? '全部机关'}）`
          : x.name;
      return { date: d, day: Number(d.slice(8)), kind: x.kind, name };
    };
    const months = monthsOf(year, info);
    const days = months.flat(2).filter((d): d is GridDay => d !== null);
    // With ?agency=, the stale cases are those this calendar governs: the agency's and its subtree's (a local
    // adjustment applies to the agency and every agency below it, loadCalendar); without it, the installation's.
    const scope = asked
      ? (
          await queryRows<{ id: number }>(
            db,
            sql`with recursive down(id) as (
                  select id from agencies where id = ${agency.id}
                  union all select a.id from agencies a join down d on a.parent_id = d.id)
                select id from down`,
          )
        ).map((r) => Number(r.id))
      : undefined;
    const stale = await findStaleOpenCases(db, scope);
    const staleNames = new Map(nodes.map((a) => [a.id, a.name]));
    const n = c.req.query('notice');
    return page(
      c,
      <CalendarYearPage
        {...frame(c)}
        year={year}
        status={row ? 'confirmed' : projected ? 'projected' : 'none'}
        notices={row?.notices ?? []}
        version={stored?.version ?? null}
        basis={projected?.basis ?? null}
        months={months}
        holidays={days.filter((d) => d.kind === 'holiday')}
        workdays={days.filter((d) => d.kind === 'makeupWorkday')}
        local={applying
          .filter((a) => a.date.startsWith(`${year}-`))
          .sort((x, y) => x.date.localeCompare(y.date))
          .map((a) => ({ ...a, overridden: winner.get(a.date) !== a }))}
        agency={{ id: agency.id, name: agency.name, own: agency.id === user.agencyId }}
        agencies={nodes.map((a) => ({ id: a.id, name: `${'　'.repeat(a.depth)}${a.name}` }))}
        canManage={hasRole(user, 'calendar.manage')}
        staleOpenCases={stale.length}
        stale={{
          scope: scope ? 'agency' : 'all',
          cases: stale.map((s) => ({
            code: s.code,
            agencyName: staleNames.get(s.agencyId) ?? '',
            dueOn: s.dueOn,
          })),
        }}
        years={cal.years.map((y) => y.year)}
        {...(n && NOTICES[n] ? { notice: `${year} 年的放假安排${NOTICES[n]}。` } : {})}
      />,
    );
  });

  app.get('/import', guard('calendar.manage'), (c) =>
    page(c, <CalendarImportPage {...frame(c)} example={EXAMPLE} />),
  );

  app.post('/import', guard('calendar.manage'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const body = await c.req.parseBody({ all: true });
    const values = await formValues(c);
    const v: Record<string, string> = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, one(x)]));
    const again = (errors: FieldErrors, status: 400 | 422 = 400) =>
      page(c, <CalendarImportPage {...frame(c)} example={EXAMPLE} errors={errors} values={v} />, status);
    let input: unknown;
    let json: string;
    let origin = '粘贴的内容';
    if (v.mode === 'form') {
      const r = scheduleFromForm(v);
      if ('errors' in r) return again(r.errors);
      input = r.input;
      json = JSON.stringify(input, null, 2);
      origin = '填写的内容';
    } else {
      const file = body.file;
      if (file instanceof File && file.size > 0) {
        json = await file.text();
        origin = file.name || '上传的文件';
        v.json = json.slice(0, 20_000);
      } else json = v.json ?? '';
      if (!json.trim()) return again({ json: '请上传 JSON 文件或粘贴 JSON 内容' });
      try {
        input = JSON.parse(json);
      } catch (e) {
        return again({ json: `${origin}不是有效的 JSON（${(e as Error).message}）` });
      }
    }
    try {
      const r = await db.transaction((tx) =>
        importCalendarYear(tx, input, {
          actor: userActor(c.get('user')!.username),
          replace: v.replace === 'yes',
          origin,
        }),
      );
      return c.redirect(`/admin/calendar/${r.year}?notice=${r.status}`, 303);
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      if (e.code === 'CONFLICT') {
        const conflict = await conflictOf(c, input, json);
        if (conflict)
          return page(
            c,
            <CalendarImportPage {...frame(c)} example={EXAMPLE} conflict={conflict} values={v} />,
            409,
          );
      }
      return again({ [v.mode === 'form' ? 'year' : 'json']: e.message }, 422);
    }
  });

  app.post('/adjustments', guard('calendar.manage'), async (c) => {
    const db = c.get('deps').handle.db;
    const values = await formValues(c);
    const v: Record<string, string> = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, one(x)]));
    const errors: Record<string, string> = {};
    if (!isIsoDate(v.date ?? '')) errors.date = '请填写日期（YYYY-MM-DD）';
    if (v.kind !== 'holiday' && v.kind !== 'workday') errors.kind = '请选择放假或上班';
    if (!v.reason?.trim()) errors.reason = '请填写调整理由（如：本省春节假期延长）';
    if (Object.keys(errors).length) return overviewPage(c, { errors, values: v }, 400);
    try {
      await db.transaction((tx) =>
        addCalendarAdjustment(
          tx,
          {
            date: v.date!,
            kind: v.kind as 'holiday' | 'workday',
            reason: v.reason!,
            authority: v.authority?.trim() || null,
            agency: v.agency || null,
          },
          { actor: userActor(c.get('user')!.username) },
        ),
      );
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      const field = e.code === 'NOT_FOUND' ? 'agency' : e.code === 'CONFLICT' ? 'date' : 'reason';
      return overviewPage(
        c,
        { errors: { [field]: e.message }, values: v },
        e.code === 'CONFLICT' ? 409 : 422,
      );
    }
    return c.redirect('/admin/calendar?notice=adjusted', 303);
  });

  // The dry run: the same use case's plan, computed and not written (nothing audited), with the button that runs it.
  app.get('/recompute/preview', guard('calendar.manage'), async (c) => {
    const deps = c.get('deps');
    const actor = userActor(c.get('user')!.username);
    const p = await previewRecompute(deps.handle.db, { actor, today: deps.today() });
    const versions = new Map<string, readonly [string | null, string]>();
    for (const k of p.cases)
      versions.set(`${k.before.calendarVersion}>${k.after.calendarVersion}`, [
        k.before.calendarVersion,
        k.after.calendarVersion,
      ]);
    return page(
      c,
      <RecomputePreviewPage
        {...frame(c)}
        checked={p.checked}
        moving={p.cases
          .map((k) => ({
            code: k.code,
            agencyName: k.agencyName,
            applicant: k.applicant,
            changes: movedDates(k),
          }))
          .filter((k) => k.changes.length)}
        versions={[...versions.values()]}
      />,
    );
  });

  app.post('/recompute', guard('calendar.manage'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const actor = userActor(c.get('user')!.username);
    const run = await recomputeDeadlines(db, { actor, today: deps.today() });
    return c.redirect(`/admin/calendar/recompute/${run.auditId}`, 303);
  });

  // The result of a run, from the audit log it wrote: the run's entry, and the per-case entries written in its
  // transaction (same actor, same `at`: now() is the transaction's start).
  app.get('/recompute/:id{[0-9]{1,15}}', guard('calendar.manage'), async (c) => {
    const db = c.get('deps').handle.db;
    const [run] = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.id, Number(c.req.param('id'))), eq(auditLog.action, 'calendar.recompute-deadlines')),
      );
    if (!run) throw notFound('期限重算记录');
    const rows = await queryRows<{
      code: string;
      before: Record<string, string | null>;
      after: Record<string, string | null>;
      agency: string | null;
    }>(
      db,
      sql`select l.entity_id as code, l.before, l.after, a.name as agency
            from audit_log l left join cases k on k.code = l.entity_id left join agencies a on a.id = k.agency_id
           where l.action = 'case.recompute-deadlines' and l.actor = ${run.actor}
             and l.at = (select at from audit_log where id = ${run.id})
             and l.id < ${run.id}
           order by l.id`,
    );
    const moved: MovedCase[] = [];
    const versions = new Map<string, readonly [string | null, string]>();
    for (const r of rows) {
      const changes = RECOMPUTE_DATE_KINDS.filter(
        ([k]) => (r.before[k] ?? null) !== (r.after[k] ?? null),
      ).map(([k, label]) => [label, r.before[k] ?? null, r.after[k] ?? null] as const);
      if (changes.length) moved.push({ code: r.code, agencyName: r.agency ?? '', changes });
      const pair = [r.before.calendarVersion ?? null, r.after.calendarVersion ?? ''] as const;
      versions.set(`${pair[0]}>${pair[1]}`, pair);
    }
    const by = (await actorNames(db, [run.actor])).get(run.actor) ?? '';
    return page(
      c,
      <RecomputeResultPage
        {...frame(c)}
        at={beijing(run.at)}
        by={by}
        checked={rows.length}
        moved={moved}
        versions={[...versions.values()]}
      />,
    );
  });

  return app;
}

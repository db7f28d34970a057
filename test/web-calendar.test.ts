// The working-day calendar in the browser (/admin/calendar): the same use cases as `gongkai calendar …`.
// Today is 2026-12-05: the national data on record ends with 2026, so 2027 is projected from 《全国年节及纪念日放假办法》
// (元旦 2027-01-01 is a Friday) and every date from 2026-12-25 on is 暂定 until 2027's notice is entered.
//
// The date table (20 working days, 《条例》第三十三条第一款; the day of receipt not counted; +20 on extension,
// 第二款), counted by hand:
//   P  received 2026-12-01 (Tue)                            → 2026-12-29
//   Q  received 2026-12-04 (Fri)                            → 2027-01-04 (Dec 7–31 = 19 working days, 01-01 元旦)
//   R  received 2026-11-20 (Fri), extended on 2026-12-04    → 2026-12-18 + 20 → 2027-01-18
//   S  like Q but at agency C (another region)              → 2027-01-04
// Entering 2027's 元旦 as 1月1日至3日 confirms these dates (nothing moves, 暂定 goes). A local holiday block for
// region R on 2027-01-04 and 01-05 (two working days) then moves Q and R by exactly two working days — Q to
// 2027-01-06, R to 2027-01-20 — and leaves P (due before the block) and S (agency outside region R) alone.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendDeadline } from '../src/cases/events.ts';
import { createApp } from '../src/web/app.tsx';
import { intakeTestCase, openWebTest, type WebTest, type Who } from './support/web.ts';

const TODAY = '2026-12-05';
let t: WebTest;
let app: ReturnType<typeof createApp>;
const code: Record<'P' | 'Q' | 'R' | 'S', string> = { P: '', Q: '', R: '', S: '' };

/** A 2027 schedule for the tests (not the real notice, which is not out on 2026-12-05). */
const YEAR_2027 = {
  year: 2027,
  holidays: {
    '2027-01-01': '元旦',
    '2027-01-02': '元旦',
    '2027-01-03': '元旦',
    '2027-02-05': '春节',
    '2027-02-06': '春节',
    '2027-02-07': '春节',
    '2027-02-08': '春节',
    '2027-02-09': '春节',
    '2027-02-10': '春节',
    '2027-02-11': '春节',
  },
  workdays: { '2027-02-20': '春节' },
  notices: [
    {
      title: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
      docNumber: '国办发明电〔2026〕99号',
      url: 'https://www.gov.cn/zhengce/test-2027.htm',
      published: '2026-11-05',
    },
  ],
};

const sessions = new Map<Who, { cookie: string; csrf: string }>();
async function req(
  path: string,
  init: { as?: Who | null; form?: Record<string, string>; body?: FormData } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  let csrf = '';
  if (init.as) {
    if (!sessions.has(init.as)) sessions.set(init.as, await t.session(init.as));
    const s = sessions.get(init.as)!;
    headers.cookie = s.cookie;
    csrf = s.csrf;
  }
  if (init.body) {
    init.body.append('_csrf', csrf);
    return app.request(path, { method: 'POST', headers, body: init.body });
  }
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const body = new URLSearchParams({ ...init.form, _csrf: csrf }).toString();
    return app.request(path, { method: 'POST', headers, body });
  }
  return app.request(path, { headers });
}

const dues = async () => {
  const rows = (await t.handle.db.execute(
    sql`select code, to_char(due_on, 'YYYY-MM-DD') as due, provisional from cases order by code`,
  )) as unknown as { rows: { code: string; due: string; provisional: boolean }[] };
  const by = new Map(rows.rows.map((r) => [r.code, r]));
  return Object.fromEntries(
    (['P', 'Q', 'R', 'S'] as const).map((k) => [
      k,
      `${by.get(code[k])!.due}${by.get(code[k])!.provisional ? ' 暂定' : ''}`,
    ]),
  );
};

const auditOf = async (action: string) =>
  (
    (await t.handle.db.execute(
      sql`select actor, entity_id, before, after from audit_log where action = ${action} order by id`,
    )) as unknown as { rows: { actor: string; entity_id: string | null; before: unknown; after: unknown }[] }
  ).rows;

beforeAll(async () => {
  t = await openWebTest();
  app = createApp({ ...t.deps, today: () => TODAY });
  const intake = async (agency: number, receivedOn: string) =>
    (await intakeTestCase(t, { agency, receivedOn, description: '某文件', today: TODAY })).code;
  code.P = await intake(t.agency.A, '2026-12-01');
  code.Q = await intake(t.agency.A, '2026-12-04');
  code.R = await intake(t.agency.A, '2026-11-20');
  code.S = await intake(t.agency.C, '2026-12-04');
  await extendDeadline(
    t.handle.db,
    code.R,
    { on: '2026-12-04', workdays: 20, approver: 'approver', reason: '需要协调' },
    { actor: 'test', today: TODAY },
  );
}, 120_000);
afterAll(async () => t?.close());

describe('who may see and change the calendar', () => {
  it('anonymous visitors are sent to sign in; officers and supervisors see it read-only', async () => {
    const anon = await req('/admin/calendar');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    for (const who of ['officer', 'reviewer', 'approver', 'supervisor'] as const) {
      const r = await req('/admin/calendar', { as: who });
      expect(r.status, who).toBe(200);
      const html = await r.text();
      expect(html).toContain('已录入的年份');
      expect(html).not.toContain('action="/admin/calendar/adjustments"');
      expect(html).not.toContain('action="/admin/calendar/recompute"');
      // whom to ask, by name
      expect(html).toContain('系统管理员（administrator）');
    }
    expect((await req('/admin/calendar/2026', { as: 'officer' })).status).toBe(200);
  });

  it('an officer may not import, adjust or recompute (403); anonymous posts go to sign in', async () => {
    for (const [path, form] of [
      ['/admin/calendar/import', { mode: 'json', json: JSON.stringify(YEAR_2027) }],
      ['/admin/calendar/adjustments', { date: '2027-01-04', kind: 'holiday', reason: '测试' }],
      ['/admin/calendar/recompute', {}],
    ] as const) {
      expect((await req(path, { as: 'officer', form })).status, path).toBe(403);
      expect((await req(path, { as: 'supervisor', form })).status, path).toBe(403);
      const anon = await req(path, { form });
      expect([303, 403], path).toContain(anon.status);
    }
    expect((await req('/admin/calendar/import', { as: 'officer' })).status).toBe(403);
    expect(await auditOf('calendar.year.add')).toEqual([]);
    expect(await auditOf('calendar.adjustment.add')).toEqual([]);
  });
});

describe('importing a year, adjusting, recomputing', () => {
  it('warns that 2027 is missing and says how the deadlines running into it are counted', async () => {
    const html = await (await req('/admin/calendar', { as: 'administrator' })).text();
    expect(html).toContain('尚未录入 2027 年的放假安排');
    expect(html).toContain('《全国年节及纪念日放假办法》规定的法定节假日');
    expect(html).toContain('2026 年 12 月 25 日以后');
    // P (due 2026-12-29), Q, R and S all reach past 2026-12-25
    expect(html).toContain('目前有 4 件未办结案件的期限为暂定');
    expect(await dues()).toEqual({
      P: '2026-12-29 暂定',
      Q: '2027-01-04 暂定',
      R: '2027-01-18 暂定',
      S: '2027-01-04 暂定',
    });
    const grid = await (await req('/admin/calendar/2027', { as: 'administrator' })).text();
    expect(grid).toContain('2027 年的放假安排尚未录入');
    expect(grid).toContain('title="2027-01-01 放假（国务院办公厅通知）：元旦"');
  });

  it('refuses bad input with the field or date named, keeping what was typed', async () => {
    const notJson = await req('/admin/calendar/import', {
      as: 'administrator',
      form: { mode: 'json', json: '{"year": 2027,' },
    });
    expect(notJson.status).toBe(400);
    const a = await notJson.text();
    expect(a).toContain('粘贴的内容不是有效的 JSON');
    expect(a).toContain('{&quot;year&quot;: 2027,');

    const badDate = await req('/admin/calendar/import', {
      as: 'administrator',
      form: {
        mode: 'json',
        json: JSON.stringify({ ...YEAR_2027, holidays: { '2027-1-01': '元旦' }, notices: [] }),
      },
    });
    expect(badDate.status).toBe(422);
    const b = await badDate.text();
    expect(b).toContain('holidays 中的日期“2027-1-01”：日期应写作 YYYY-MM-DD');
    expect(b).toContain('notices：请至少填写一份放假通知');

    const wrongYear = await req('/admin/calendar/import', {
      as: 'administrator',
      form: { mode: 'json', json: JSON.stringify({ ...YEAR_2027, workdays: { '2026-02-20': '春节' } }) },
    });
    expect(wrongYear.status).toBe(422);
    expect(await wrongYear.text()).toContain('调休上班日 2026-02-20 不属于 2027 年');

    const lines = await req('/admin/calendar/import', {
      as: 'administrator',
      form: {
        mode: 'form',
        year: '2027',
        holidays: '2027-01-01 至 2027-01-03 元旦\n2027-02-11 至 2027-02-05 春节',
        workdays: '',
        noticeTitle: '国务院办公厅关于2027年部分节假日安排的通知',
      },
    });
    expect(lines.status).toBe(400);
    expect(await lines.text()).toContain('第 2 行“2027-02-11 至 2027-02-05 春节”：结束日期早于起始日期');
    expect(await auditOf('calendar.year.add')).toEqual([]);
  });

  it('imports 2027 from an uploaded file: the dates are confirmed, no deadline moves, 暂定 goes', async () => {
    const fd = new FormData();
    fd.append('mode', 'json');
    fd.append('file', new File([JSON.stringify(YEAR_2027)], '2027.json', { type: 'application/json' }));
    const r = await req('/admin/calendar/import', { as: 'administrator', body: fd });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/admin/calendar/2027?notice=added');
    const grid = await (await req(r.headers.get('location')!, { as: 'administrator' })).text();
    expect(grid).toContain('2027 年的放假安排已录入');
    expect(grid).toContain('国务院办公厅关于2027年部分节假日安排的通知（测试数据）');
    expect(grid).toContain('2027-02-05 至 2027-02-11（7 天） 春节');
    expect(grid).toContain('title="2027-02-20 调休上班日：春节"');
    expect(grid).toContain('有 4 件未办结案件的期限是按旧版日历计算的');
    // One agency's calendar counts (and lists) only the stale cases it governs: C's own (S), region R's subtree
    // (P, Q, R at A), B none. The installation-wide count above stays as it was.
    const ofAgency = async (agency: string) =>
      (await req(`/admin/calendar/2027?agency=${agency}`, { as: 'administrator' })).text();
    const cPage = await ofAgency('c');
    expect(cPage).toContain('另一区丙镇人民政府及所属机关有 1 件未办结案件的期限是按旧版日历计算的');
    expect(cPage).toContain(`>${code.S}</a>`);
    expect(cPage).not.toContain(`>${code.P}</a>`);
    const rPage = await ofAgency('r');
    expect(rPage).toContain('测试区人民政府及所属机关有 3 件未办结案件的期限是按旧版日历计算的');
    for (const k of ['P', 'Q', 'R'] as const) expect(rPage).toContain(`>${code[k]}</a>`);
    expect(rPage).not.toContain(`>${code.S}</a>`);
    const bPage = await ofAgency('b');
    expect(bPage).not.toContain('件未办结案件的期限是按旧版日历计算的');
    expect(bPage).toContain('测试区乙街道办事处及所属机关的未办结案件，期限都已按现行日历计算');
    const [added] = await auditOf('calendar.year.add');
    expect(added!.actor).toBe('user:administrator');
    expect(added!.entity_id).toBe('2027');

    const overview = await (await req('/admin/calendar', { as: 'administrator' })).text();
    expect(overview).not.toContain('尚未录入 2027 年');

    // Confirming the projection moves no date: the preview says so before anything is run.
    const calm = await (await req('/admin/calendar/recompute/preview', { as: 'administrator' })).text();
    expect(calm).toContain('重算不会改变任何案件的期限，只更新所记录的日历版本。');
    expect(calm).toContain('按现行日历重算 4 件案件的期限');
    const run = await req('/admin/calendar/recompute', { as: 'administrator', form: {} });
    expect(run.status).toBe(303);
    const result = await (await req(run.headers.get('location')!, { as: 'administrator' })).text();
    expect(result).toContain('没有案件的期限改变');
    expect(await dues()).toEqual({
      P: '2026-12-29',
      Q: '2027-01-04',
      R: '2027-01-18',
      S: '2027-01-04',
    });
  });

  it('replacing 2027 with different content asks for confirmation; the old content goes to the audit log', async () => {
    const amended = {
      ...YEAR_2027,
      holidays: { ...YEAR_2027.holidays, '2027-02-12': '春节' },
      notices: [{ ...YEAR_2027.notices[0]!, title: '国务院办公厅关于调整2027年春节假期的通知（测试数据）' }],
    };
    const first = await req('/admin/calendar/import', {
      as: 'administrator',
      form: { mode: 'json', json: JSON.stringify(amended) },
    });
    expect(first.status).toBe(409);
    const html = await first.text();
    expect(html).toContain('2027 年的日历已存在，内容不同');
    expect(html).toContain('2027-02-12 放假（春节）');
    expect(html).toContain('确认以新内容替换 2027 年');
    expect(await auditOf('calendar.year.replace')).toEqual([]);

    const confirmed = await req('/admin/calendar/import', {
      as: 'administrator',
      form: { mode: 'json', json: JSON.stringify(amended), replace: 'yes' },
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/admin/calendar/2027?notice=replaced');
    const [replaced] = await auditOf('calendar.year.replace');
    expect((replaced!.before as { holidays: Record<string, string> }).holidays).not.toHaveProperty(
      '2027-02-12',
    );
    expect((replaced!.after as { holidays: Record<string, string> }).holidays).toHaveProperty('2027-02-12');

    // Importing the same content again changes nothing.
    const same = await req('/admin/calendar/import', {
      as: 'administrator',
      form: { mode: 'json', json: JSON.stringify(amended) },
    });
    expect(same.headers.get('location')).toBe('/admin/calendar/2027?notice=unchanged');
    await req('/admin/calendar/recompute', { as: 'administrator', form: {} });
  });

  it('a local holiday block moves the deadlines after it by exactly its working days, audited', async () => {
    const empty = await req('/admin/calendar/adjustments', {
      as: 'administrator',
      form: { date: '2027-01-04', kind: 'holiday', reason: ' ', agency: 'r' },
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请填写调整理由');

    for (const date of ['2027-01-04', '2027-01-05']) {
      const r = await req('/admin/calendar/adjustments', {
        as: 'administrator',
        form: {
          date,
          kind: 'holiday',
          reason: '本区元旦假期延长（测试）',
          authority: '测试区人民政府办公室',
          agency: 'r',
        },
      });
      expect(r.status, date).toBe(303);
      expect(r.headers.get('location')).toBe('/admin/calendar?notice=adjusted');
    }
    const twice = await req('/admin/calendar/adjustments', {
      as: 'administrator',
      form: { date: '2027-01-04', kind: 'holiday', reason: '重复', agency: 'r' },
    });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('2027-01-04 已有本机关的本地调整');

    const overview = await (await req('/admin/calendar', { as: 'administrator' })).text();
    expect(overview).toContain('本区元旦假期延长（测试）');
    expect(overview).toContain('测试区人民政府');
    // P, Q, R are at agency A, under region R; S is at C (another region): its calendar did not change.
    expect(overview).toMatch(/有 <strong>3<\/strong>\s*件未办结案件/);

    // The preview first: the same plan, nothing written, nothing audited; the applicant masked as lists mask.
    expect(overview).toContain('href="/admin/calendar/recompute/preview"');
    const auditBefore = (await auditOf('case.recompute-deadlines')).length;
    const dueBefore = await dues();
    const preview = await req('/admin/calendar/recompute/preview', { as: 'administrator' });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('这是预览：尚未改变任何期限');
    expect(previewHtml).toContain('将检查的未办结案件');
    const previewRows = [
      ...previewHtml.matchAll(
        /<tr><td>(?:<a[^>]*>)?([^<]*)(?:<\/a>)?<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="nowrap">([^<]*)<\/td><td class="nowrap"><strong>([^<]*)<\/strong>/g,
      ),
    ].map((m) => m.slice(1).join(' | '));
    expect(previewRows).toEqual([
      `${code.Q} | 测* | 测试区甲镇人民政府 | 答复期限 | 2027-01-04 | 2027-01-06`,
      `${code.R} | 测* | 测试区甲镇人民政府 | 答复期限 | 2027-01-18 | 2027-01-20`,
    ]);
    expect(previewHtml).not.toContain('11010519491231002X');
    expect(previewHtml).toContain('action="/admin/calendar/recompute"');
    expect(await dues()).toEqual(dueBefore);
    expect((await auditOf('case.recompute-deadlines')).length).toBe(auditBefore);
    expect((await req('/admin/calendar/recompute/preview', { as: 'officer' })).status).toBe(403);

    const run = await req('/admin/calendar/recompute', { as: 'administrator', form: {} });
    expect(run.status).toBe(303);
    const result = await (await req(run.headers.get('location')!, { as: 'administrator' })).text();
    expect(result).toContain('期限改变');
    const rows = [
      ...result.matchAll(
        /<tr><td>(?:<a[^>]*>)?([^<]*)(?:<\/a>)?<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="nowrap">([^<]*)<\/td><td class="nowrap"><strong>([^<]*)<\/strong>/g,
      ),
    ].map((m) => m.slice(1).join(' | '));
    expect(rows).toEqual([
      `${code.Q} | 测试区甲镇人民政府 | 答复期限 | 2027-01-04 | 2027-01-06`,
      `${code.R} | 测试区甲镇人民政府 | 答复期限 | 2027-01-18 | 2027-01-20`,
    ]);
    expect(await dues()).toEqual({
      P: '2026-12-29',
      Q: '2027-01-06',
      R: '2027-01-20',
      S: '2027-01-04',
    });
    const perCase = await auditOf('case.recompute-deadlines');
    const moved = perCase.filter(
      (e) => (e.before as { dueOn: string }).dueOn !== (e.after as { dueOn: string }).dueOn,
    );
    expect(moved.map((e) => e.entity_id)).toEqual([code.Q, code.R]);
    const runs = await auditOf('calendar.recompute-deadlines');
    expect(runs.at(-1)!.actor).toBe('user:administrator');
    expect((runs.at(-1)!.after as { moved: string[] }).moved).toEqual([code.Q, code.R]);
    expect((await auditOf('calendar.adjustment.add')).length).toBe(2);
  });
});

describe('the calendar as it applies to one agency', () => {
  // After the test above, region R has a local holiday block on 2027-01-04/05; agency A lies under R, C does not.
  const localDays = (html: string) =>
    [...html.matchAll(/<td class="cal-localHoliday" title="([^"]*)"/g)].map((m) => m[1]);

  it('an officer of A sees, by default, A’s calendar: the national one plus R’s block', async () => {
    const html = await (await req('/admin/calendar/2027', { as: 'officer' })).text();
    expect(html).toContain('下表是<strong>测试区甲镇人民政府</strong>（本机关）适用的工作日历');
    expect(localDays(html)).toEqual([
      '2027-01-04 本地调整：放假：本区元旦假期延长（测试）（测试区人民政府）',
      '2027-01-05 本地调整：放假：本区元旦假期延长（测试）（测试区人民政府）',
    ]);
    expect(html).toContain('适用范围：测试区人民政府及其下级机关');
    // The selector offers every agency, the viewer's own chosen.
    expect(html).toMatch(new RegExp(`<option value="${t.agency.A}" selected`));
    expect(html).toContain(`<option value="${t.agency.C}"`);
  });

  it('the same officer choosing C (another region) sees no local day; a supervisor of S sees none by default', async () => {
    const c = await (await req(`/admin/calendar/2027?agency=${t.agency.C}`, { as: 'officer' })).text();
    expect(c).toContain('下表是<strong>另一区丙镇人民政府</strong>适用的工作日历');
    expect(localDays(c)).toEqual([]);
    expect(c).toContain('2027 年没有适用于该机关的本地调整');
    // The year links keep the chosen agency.
    expect(c).toContain(`href="/admin/calendar/2028?agency=${t.agency.C}"`);
    const s = await (await req('/admin/calendar/2027', { as: 'supervisorS' })).text();
    expect(localDays(s)).toEqual([]);
    expect((await req('/admin/calendar/2027?agency=999999', { as: 'officer' })).status).toBe(404);
    // The overview's list of adjustments links each to the calendar of the agency it was made for (by code).
    const overview = await (await req('/admin/calendar', { as: 'officer' })).text();
    expect(overview).toContain('href="/admin/calendar/2027?agency=r"');
    const r = await (await req('/admin/calendar/2027?agency=r', { as: 'officer' })).text();
    expect(r).toContain('下表是<strong>测试区人民政府</strong>适用的工作日历');
    expect(localDays(r)).toHaveLength(2);
  });
});

describe('the case page’s notice of a deadline computed on an older calendar', () => {
  it('links the administrator to the recompute button and tells an officer whom to ask', async () => {
    await req('/admin/calendar/adjustments', {
      as: 'administrator',
      form: { date: '2026-12-28', kind: 'holiday', reason: '本镇调整（测试）', agency: 'a' },
    });
    const asAdmin = await (
      await req(`/staff/cases/${encodeURIComponent(code.P)}`, { as: 'administrator' })
    ).text();
    expect(asAdmin).toContain('答复期限：系统记录为 2026-12-29，按现行日历为 2026-12-30');
    expect(asAdmin).toContain('<a href="/admin/calendar#recompute">工作日历页</a>');
    const asOfficer = await (
      await req(`/staff/cases/${encodeURIComponent(code.P)}`, { as: 'officer' })
    ).text();
    expect(asOfficer).toContain('请联系系统管理员在工作日历页重算期限');
    expect(asOfficer).toContain('<a href="/admin/calendar">工作日历页</a>');
  });
});

describe('entering a year by hand', () => {
  it('date ranges with names and make-up days become the same schedule the JSON gives', async () => {
    const r = await req('/admin/calendar/import', {
      as: 'administrator',
      form: {
        mode: 'form',
        year: '2028',
        holidays: '2028-1-1 元旦\n2028-01-25 至 2028-01-31 春节',
        workdays: '2028-01-22 春节\n2028-02-12 春节',
        noticeTitle: '国务院办公厅关于2028年部分节假日安排的通知（测试数据）',
        docNumber: '国办发明电〔2027〕99号',
        url: 'https://www.gov.cn/zhengce/test-2028.htm',
        published: '2027-11-05',
      },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/admin/calendar/2028?notice=added');
    const [added] = (await auditOf('calendar.year.add')).filter((e) => e.entity_id === '2028');
    const after = added!.after as { holidays: Record<string, string>; workdays: Record<string, string> };
    expect(Object.keys(after.holidays).sort()).toEqual([
      '2028-01-01',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-01-29',
      '2028-01-30',
      '2028-01-31',
    ]);
    expect(after.workdays).toEqual({ '2028-01-22': '春节', '2028-02-12': '春节' });
    const grid = await (await req('/admin/calendar/2028', { as: 'officer' })).text();
    expect(grid).toContain('2028-01-25 至 2028-01-31（7 天） 春节');
    expect(grid).not.toContain('action="/admin/calendar/recompute"');
  });
});

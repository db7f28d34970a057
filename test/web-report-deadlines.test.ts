// The annual report deadlines as an administrator sets them (/admin/report-deadlines, src/admin/report-deadlines.ts)
// and as every reader applies them. 《条例》第四十九条: 部门 1月31日前, 县级以上地方人民政府本级 3月31日前 (law, not
// editable); 乡镇、街道 by local rule (default 1月31日前).
//
// The agencies of test/support/web.ts: R (测试区人民政府, localGovernment), A and B (townships), C (township, under S).
// Reports on 2023: A published 2024-01-21, B 2024-01-20, R 2024-03-31. With the default rule both townships are on
// time; with the township rule set to 01-20, A is late by one day and B on time; R stays on time (law).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeadlineRules } from '../src/admin/report-deadlines.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { deadlineBoard } from '../src/report-builder/deadlines.ts';
import { statusBoard } from '../src/supervision/status-board.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const SOURCE = '某省政务公开办公室关于做好年度报告工作的通知（某政公开〔2024〕1号）';

const audits = async () =>
  (
    (await t.handle.db.execute(
      sql`select actor, entity_id, before, after from audit_log where action = 'settings.report-deadlines' order by id`,
    )) as unknown as { rows: { actor: string; entity_id: string; before: unknown; after: unknown }[] }
  ).rows;

beforeAll(async () => {
  t = await openWebTest();
  const report = (agencyId: number, name: string, publishedOn: string) => ({
    agencyId,
    agencyName: name,
    year: 2023,
    fields: {},
    sourceName: `${name}.html`,
    sourceForm: 'html',
    sha256: `${agencyId}`.padStart(64, '0'),
    publishedOn,
    origin: 'upload' as const,
  });
  await t.handle.db
    .insert(annualReports)
    .values([
      report(t.agency.A, '测试区甲镇人民政府', '2024-01-21'),
      report(t.agency.B, '测试区乙街道办事处', '2024-01-20'),
      report(t.agency.R, '测试区人民政府', '2024-03-31'),
    ]);
}, 120_000);
afterAll(async () => t?.close());

const statuses = async () =>
  Object.fromEntries(
    (await statusBoard(t.handle.db, { year: 2023, today: '2024-06-01', rootAgencyId: t.agency.R })).map(
      (r) => [r.code, `${r.deadline} ${r.status} ${r.daysLate}`],
    ),
  );

describe('the report deadlines page', () => {
  it('shows the two statutory deadlines read-only with their article, and the local rule with its default', async () => {
    const r = await t.request('/admin/report-deadlines', { as: 'administrator' });
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('《条例》第四十九条第一款');
    expect(html).toContain('《条例》第四十九条第二款');
    expect(html).toContain('每年3月31日前');
    expect(html).toContain('未修改过（默认值）');
    // Only the two local kinds and the last-day rule are fields; the law's two are not.
    expect(html).toContain('name="township"');
    expect(html).toContain('name="subdistrict"');
    expect(html).toContain('每年1月31日前（同乡镇）');
    expect(html).toContain('name="other"');
    expect(html).not.toContain('name="department"');
    expect(html).not.toContain('name="localGovernment"');
    expect((await t.request('/admin/report-deadlines', { as: 'supervisor' })).status).toBe(403);
  });

  it('with the default rule (1月31日), both townships are on time', async () => {
    expect(await statuses()).toMatchObject({
      a: '2024-01-31 onTime 0',
      b: '2024-01-31 onTime 0',
      r: '2024-03-31 onTime 0',
    });
  });

  it('refuses an invalid date with the field named, keeping what was typed, and writes nothing', async () => {
    const r = await t.request('/admin/report-deadlines', {
      as: 'administrator',
      form: { township: '02-30', other: '01-31', lastDayIncluded: 'yes', source: SOURCE },
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('乡镇的截止日期：“02-30”不是有效日期：2月只有28天'); // the summary names the field
    expect(html).toContain('<span class="error" id="township-error">“02-30”不是有效日期：2月只有28天</span>');
    expect(html).toContain('value="02-30"');
    expect(html).toContain(`value="${SOURCE}"`);
    const noSource = await t.request('/admin/report-deadlines', {
      as: 'administrator',
      form: { township: '01-20', other: '01-31', lastDayIncluded: 'yes', source: '' },
    });
    expect(noSource.status).toBe(400);
    expect(await noSource.text()).toContain('请写明依据的地方规定');
    expect(await audits()).toEqual([]);
    expect((await loadDeadlineRules(t.handle.db)).byKind.township).toBe('01-31');
  });

  it('a POST without the CSRF token is refused', async () => {
    const r = await t.request('/admin/report-deadlines', {
      as: 'administrator',
      csrf: false,
      form: { township: '01-20', other: '01-31', lastDayIncluded: 'yes', source: SOURCE },
    });
    expect(r.status).toBe(403);
    expect(await audits()).toEqual([]);
  });

  it('saves 01-20 for townships (audited), and the board and its export apply it', async () => {
    const r = await t.request('/admin/report-deadlines', {
      as: 'administrator',
      form: { township: '1月20日', other: '01-31', lastDayIncluded: 'yes', source: SOURCE },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/admin/report-deadlines?notice=saved');
    const html = await (
      await t.request('/admin/report-deadlines?notice=saved', { as: 'administrator' })
    ).text();
    expect(html).toContain('已保存');
    expect(html).toContain('value="01-20"');
    expect(html).toContain(SOURCE);
    expect(html).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}，administrator/);

    const log = await audits();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor: 'user:administrator',
      entity_id: 'report-deadlines',
      before: { township: '01-31', source: null },
      after: { township: '01-20', other: '01-31', lastDayIncluded: true, source: SOURCE },
    });

    // A published 01-21: late by one day; B 01-20: on time; R (本级) keeps 3月31日 by law.
    expect(await statuses()).toMatchObject({
      a: '2024-01-20 late 1',
      b: '2024-01-20 onTime 0',
      r: '2024-03-31 onTime 0',
    });
    const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    expect(board).toContain('2024-01-20');
    expect(board).toContain(`地方规定：每年1月20日前（依据：${SOURCE}）`);
    const csv = await (
      await t.request(`/supervise/agencies/${t.agency.R}/export/board.csv?year=2023`, { as: 'supervisor' })
    ).text();
    expect(csv).toContain('截止日期依据');
    expect(csv).toMatch(/测试区甲镇人民政府,a,[^,]*,2024-01-20,逾期发布,1,.*1月20日/);
  });

  it('the deadline watch reminds a township by the stored rule', async () => {
    // On 2025-01-18 nothing on 2024 is published: townships are due 01-20 (2 days left), not 01-31.
    const watch = await deadlineBoard(t.handle.db, '2025-01-18', t.agency.R);
    const a = watch.find((w) => w.code === 'a')!;
    expect(a.warnings[0]).toMatchObject({ deadline: '2025-01-20', daysLeft: 2, severity: 'warning' });
    expect(a.warnings[0]!.message).toContain('应于1月20日前发布，还剩2天');
  });

  it('excluding the last day makes a report published on the deadline late', async () => {
    const r = await t.request('/admin/report-deadlines', {
      as: 'administrator',
      form: { township: '01-20', other: '01-31', lastDayIncluded: 'no', source: SOURCE },
    });
    expect(r.status).toBe(303);
    expect(await statuses()).toMatchObject({
      a: '2024-01-20 late 2',
      b: '2024-01-20 late 1',
      r: '2024-03-31 late 1',
    });
    // Saving the same values again changes and audits nothing.
    await t.request('/admin/report-deadlines', {
      as: 'administrator',
      form: { township: '01-20', other: '01-31', lastDayIncluded: 'no', source: SOURCE },
    });
    expect(await audits()).toHaveLength(2);
  });

  it('街道 gets its own date: B (测试区乙街道办事处) is judged and reminded by it, A (a 镇) is not; empty puts it back', async () => {
    const save = (subdistrict: string) =>
      t.request('/admin/report-deadlines', {
        as: 'administrator',
        form: { township: '01-20', subdistrict, other: '01-31', lastDayIncluded: 'yes', source: SOURCE },
      });
    const bad = await save('13-01');
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('街道的截止日期：“13-01”：月份应在 1 至 12 之间');
    expect(badHtml).toContain('value="13-01"');

    expect((await save('1月19日')).status).toBe(303);
    expect(await statuses()).toMatchObject({ a: '2024-01-20 late 1', b: '2024-01-19 late 1' });
    const page = await (await t.request('/admin/report-deadlines', { as: 'administrator' })).text();
    expect(page).toContain('每年1月19日前');
    expect(page).toContain('name="subdistrict"');
    expect(page).toContain('value="01-19"');
    const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    expect(board).toContain(`街道办事处：地方规定：每年1月19日前（依据：${SOURCE}）`);
    expect(board).toContain(`乡镇人民政府：地方规定：每年1月20日前（依据：${SOURCE}）`);
    const watch = await deadlineBoard(t.handle.db, '2025-01-18', t.agency.R);
    expect(watch.find((w) => w.code === 'b')!.warnings[0]).toMatchObject({
      deadline: '2025-01-19',
      daysLeft: 1,
    });
    expect(watch.find((w) => w.code === 'a')!.warnings[0]).toMatchObject({
      deadline: '2025-01-20',
      daysLeft: 2,
    });
    expect((await audits()).at(-1)).toMatchObject({
      before: { subdistrict: null },
      after: { township: '01-20', subdistrict: '01-19' },
    });

    expect((await save('')).status).toBe(303);
    expect(await statuses()).toMatchObject({ a: '2024-01-20 late 1', b: '2024-01-20 onTime 0' });
  });
});

// 暂定 is said of a date, not of a case: a pay-by date in a year whose 国务院办公厅 holiday notice is not out yet
// (2027 here; the seed calendar has 2026) is 暂定, the reply due date in 2026 beside it is certain. Checked where
// the officer and the applicant read them: the case page, the case list and its export, /track.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeTestCase, openWebTest, type WebTest } from './support/web.ts';

const DAY = '2026-12-06';
let t: WebTest;
let code: string;
let tracking: string;
beforeAll(async () => {
  t = await openWebTest();
  // The fixture's day is in 2024; these dates need a December 2026 "today".
  (t.deps as { today: () => string }).today = () => DAY;
  t.setNow(new Date(`${DAY}T02:00:00Z`));
  const c = await intakeTestCase(t, { receivedOn: '2026-11-16', today: DAY });
  code = c.code;
  tracking = c.trackingCode;
  // 收费通知 on 12-04: pay-by = 20 working days from the day after receipt (国办函〔2020〕109号) = 2027-01-04.
  const r = await t.request(`/staff/cases/${code}/do/fee`, {
    as: 'officer',
    form: { on: '2026-12-04', method: 'pages', pages: '68', receivedOn: '' },
  });
  expect(r.status, (await r.clone().text()).slice(0, 300)).toBe(303);
}, 120_000);
afterAll(async () => t?.close());

const text = async (path: string, as: 'officer' | null = 'officer') => {
  const r = await t.request(path, { as });
  expect(r.status).toBe(200);
  return r.text();
};

describe('a fee notice whose pay-by date falls in 2027', () => {
  it('case page: the reply due date 2026-12-14 is certain, the pay-by date 2027-01-04 is 暂定', async () => {
    const html = await text(`/staff/cases/${code}`);
    expect(html).toContain('答复期限 2026-12-14，');
    expect(html).not.toContain('2026-12-14（暂定）');
    expect(html).toContain('缴费期限 2027-01-04（暂定）');
    // The fee period is kept out by the clock setting, not by 《条例》第三十三条第三款 (which is about consultations).
    expect(html).toContain('等待缴纳信息处理费的时间不计入答复期限');
    expect(html).not.toContain('征求第三方或其他机关意见');
    expect(html).not.toContain('（《条例》第三十三条第三款）');
  });

  it('case list and CSV export: the due date without 暂定', async () => {
    const list = await text('/staff/cases?status=all');
    expect(list).toContain(code);
    expect(list).toContain('2026-12-14');
    expect(list).not.toContain('2026-12-14（暂定）');
    const csv = await text('/staff/cases/export.csv?status=all');
    expect(csv).toContain('2026-12-14');
    expect(csv).not.toContain('暂定');
  });

  it('/track: the due date without 暂定, the pay-by date with it', async () => {
    const html = await text(`/track?code=${tracking}`, null);
    expect(html).toContain('2026-12-14');
    expect(html).not.toContain('2026-12-14（暂定');
    expect(html).toContain('2027-01-04（暂定');
  });

  it('after payment: still no 暂定 on the due date, and no pay-by date shown', async () => {
    const r = await t.request(`/staff/cases/${code}/do/feePaid`, {
      as: 'officer',
      form: { on: '2026-12-05' },
    });
    expect(r.status).toBe(303);
    const page = await text(`/staff/cases/${code}`);
    expect(page).toContain('答复期限 2026-12-14，');
    expect(page).not.toContain('暂定');
    const track = await text(`/track?code=${tracking}`, null);
    expect(track).toContain('2026-12-14');
    expect(track).not.toContain('暂定');
  });
});

describe('a 延期 (《条例》第三十三条第二款) carrying the due date into 2027', () => {
  it('marks the new due date 暂定 in the list and on /track', async () => {
    const c = await intakeTestCase(t, { receivedOn: '2026-11-16', today: DAY });
    const ask = await t.request(`/staff/cases/${c.code}/do/extensionRequest`, {
      as: 'officer',
      form: { on: '2026-12-04', workdays: '20', reason: '需核查' },
    });
    expect(ask.status).toBe(303);
    const ok = await t.request(`/staff/cases/${c.code}/do/extensionApprove`, {
      as: 'approver',
      form: { on: '2026-12-04', note: '' },
    });
    expect(ok.status, (await ok.clone().text()).slice(0, 300)).toBe(303);
    const track = await text(`/track?code=${c.trackingCode}`, null);
    expect(track).toContain('2027-01-12（暂定');
    const list = await text('/staff/cases?status=all');
    expect(list).toContain('2027-01-12（暂定）');
  });
});

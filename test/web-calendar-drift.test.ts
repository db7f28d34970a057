// After a calendar adjustment the stored deadlines of open cases (list, dashboard, reminders, letters) stay as they
// were until an administrator runs recompute-deadlines (audited; nothing moves them silently). The case page's live
// clock uses the adjusted calendar, so it must say that the two disagree instead of showing another date silently.
// Dates: received 2024-03-14 (Thu); 20 working days (《条例》第三十三条) with 清明 2024-04-04–06 off and Sunday
// 2024-04-07 worked → due 2024-04-12. A local holiday on 2024-03-20 moves it one working day: 2024-04-15 (Mon).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCalendarAdjustment } from '../src/cases/calendar.ts';
import { recomputeDeadlines } from '../src/cases/recompute.ts';
import { openWebTest, PERSON, type WebTest } from './support/web.ts';

let t: WebTest;
beforeEach(async () => {
  t = await openWebTest();
});
afterEach(async () => {
  await t.close();
});

async function intake(): Promise<string> {
  const r = await t.request('/staff/intake', {
    as: 'officer',
    form: {
      ...PERSON,
      agencyId: String(t.agency.A),
      channel: 'registeredMail',
      arrivedOn: '',
      receivedOn: '2024-03-14',
      confirmation: '',
      description: '某文件',
    },
  });
  expect(r.status).toBe(303);
  return decodeURIComponent(/\/staff\/cases\/([^?]+)/.exec(r.headers.get('location')!)![1]!);
}

const pageOf = async (code: string) =>
  (await t.request(`/staff/cases/${encodeURIComponent(code)}`, { as: 'officer' })).text();
const listRow = async (code: string) => {
  const html = await (await t.request('/staff/cases?status=open', { as: 'officer' })).text();
  const row = html.split('<tr>').find((r) => r.includes(`>${code}<`));
  return row ?? '';
};

describe('case page and list after a calendar adjustment', () => {
  it('the case page names the stored and the recomputed deadline until recompute-deadlines reconciles them', async () => {
    const code = await intake();
    expect(await pageOf(code)).toContain('答复期限 2024-04-12');
    expect(await listRow(code)).toContain('2024-04-12');
    expect(await pageOf(code)).not.toContain('节假日日历已调整');

    await addCalendarAdjustment(
      t.handle.db,
      { date: '2024-03-20', kind: 'holiday', reason: '本省调整' },
      { actor: 'test' },
    );
    const page = await pageOf(code);
    expect(page).toContain('节假日日历已调整');
    expect(page).toContain('答复期限：系统记录为 2024-04-12，按现行日历为 2024-04-15');
    expect(page).toContain('gongkai calendar recompute-deadlines');
    // The list keeps the stored date (what the letters said) until the audited step.
    expect(await listRow(code)).toContain('2024-04-12');

    const r = await recomputeDeadlines(t.handle.db, { actor: 'test' });
    expect(r.changed.map((c) => [c.code, c.before.dueOn, c.after.dueOn])).toEqual([
      [code, '2024-04-12', '2024-04-15'],
    ]);
    const after = await pageOf(code);
    expect(after).not.toContain('节假日日历已调整');
    expect(after).toContain('答复期限 2024-04-15');
    expect(await listRow(code)).toContain('2024-04-15');
  }, 120_000);
});

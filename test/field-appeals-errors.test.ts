// An officer records the 行政复议 and 行政诉讼 of a replied case from the case page (HTTP, real database): each kind
// and result lands in its own cell of 表四 (2021 format: 结果维持/结果纠正/其他结果/尚未审结/总计), and a wrong entry is
// refused with a Chinese message that names the dates the officer typed, on the page, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCodeOf, intakeForm, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const pick = (html: string, re: RegExp) => re.exec(html)?.[1];
const cell = (html: string, key: string) =>
  Number(pick(html, new RegExp(`id="cell-${key.replace(/\./g, '\\.')}"[^>]*>(?:<a [^>]*>)?(\\d+)<`)));
const alertOf = (html: string) => pick(html, /class="error-box" role="alert">([^<]*)</) ?? '';

let code = '';

async function post(action: string, form: Record<string, string>) {
  // The form's select always sends 复议机关是否为共同被告, as a browser does.
  const body = action === 'appeal' ? { coDefendant: 'no', ...form } : form;
  return t.request(`/staff/cases/${code}/do/${action}`, { as: 'officer', form: body });
}

async function appealId(label: string): Promise<string> {
  const page = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
  return pick(page, new RegExp(`<option value="(\\d+)">${label}</option>`))!;
}

describe('复议 and 诉讼 of a replied case', () => {
  beforeAll(async () => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'inPerson',
        receivedOn: '2023-03-01',
        description: '甲镇2022年征地补偿标准',
      }),
    });
    code = caseCodeOf(r);
    const reply = await post('reply', {
      on: '2023-03-20',
      outcome: 'unavailable.notHeld',
      legalBasis: '',
      note: '本机关不掌握',
    });
    expect(reply.status).toBe(303);
  });

  it('refuses a result dated before the 复议 was applied for, naming both dates', async () => {
    expect((await post('appeal', { on: '2023-04-10', kind: 'review', body: '测试区人民政府' })).status).toBe(
      303,
    );
    const id = await appealId('行政复议（2023-04-10）');
    const r = await post('appealDecide', { appeal: id, on: '2023-04-01', result: 'upheld' });
    expect(r.status).toBe(422);
    const msg = alertOf(await r.text());
    expect(msg).toContain('审结之日（2023-04-01）早于申请复议或起诉之日（2023-04-10）');
    expect(msg).not.toMatch(/Error|at \w+ \(/);
  });

  it('refuses a 复议 applied for before the application was received', async () => {
    const r = await post('appeal', { on: '2023-02-01', kind: 'litigation.direct', body: '测试区人民法院' });
    expect(r.status).toBe(422);
    expect(alertOf(await r.text())).toContain(
      '申请复议或起诉之日（2023-02-01）早于收到申请之日（2023-03-01）',
    );
  });

  it('refuses a co-defendant 复议机关 on anything but a suit after review', async () => {
    const r = await post('appeal', {
      on: '2023-05-01',
      kind: 'review',
      body: '测试区人民政府',
      coDefendant: 'yes',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('复议机关作共同被告只发生在复议后起诉');
  });

  it('counts each result in its own cell of 表四', async () => {
    const review = await appealId('行政复议（2023-04-10）');
    expect(
      (await post('appealDecide', { appeal: review, on: '2023-06-01', result: 'corrected' })).status,
    ).toBe(303);
    expect(
      (await post('appeal', { on: '2023-05-02', kind: 'litigation.direct', body: '测试区人民法院' })).status,
    ).toBe(303);
    const suit = await appealId('行政诉讼（未经复议直接起诉）（2023-05-02）');
    expect((await post('appealDecide', { appeal: suit, on: '2023-11-30', result: 'other' })).status).toBe(
      303,
    );
    expect(
      (
        await post('appeal', {
          on: '2023-06-15',
          kind: 'litigation.afterReview',
          body: '测试区人民法院',
          coDefendant: 'yes',
        })
      ).status,
    ).toBe(303);
    // A suit against this agency alone after the 复议机关 failed to decide (《行政诉讼法》第二十六条第三款) is also this
    // agency's: the form says so beside 本机关.
    const form = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
    expect(form).toContain('本机关（作出原答复的机关）：计入本机关');
    expect(
      (await post('appeal', { on: '2023-07-01', kind: 'litigation.afterReview', body: '测试区人民法院' }))
        .status,
    ).toBe(303);
    const html = await (
      await t.request(`/staff/agencies/${t.agency.A}/report/2023`, { as: 'officer' })
    ).text();
    const row = (group: string) =>
      ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => cell(html, `t4.${group}.${c}`));
    expect(row('review')).toEqual([0, 1, 0, 0, 1]);
    expect(row('litigation.direct')).toEqual([0, 0, 1, 0, 1]);
    expect(row('litigation.afterReview')).toEqual([0, 0, 0, 2, 2]);
    // The case page shows them in words, as the officer recorded them.
    const page = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
    expect(page).toContain('2023-04-10 行政复议（测试区人民政府）：2023-06-01 审结，纠正');
    // People by name: who recorded the 复议 and who recorded its result (the test users' names are their roles).
    expect(page).toMatch(/2023-06-01 审结，纠正\s*<span class="hint">officer登记，officer记录结果<\/span>/);
    expect(page).toContain(
      '2023-05-02 行政诉讼（未经复议直接起诉）（测试区人民法院）：2023-11-30 审结，其他结果',
    );
  });
});

// The staff console over HTTP on a real database: intake for a channel, the masked list, the case page, each action
// previewed with its new deadline before it is saved, the reply with its letter, the report builder with its live
// checks and cells drilling down to cases, and publication locking the year.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActions,
  caseCodeOf,
  intakeForm,
  openWebTest,
  templateForm,
  type WebTest,
} from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

let code = '';

const text = async (r: Response) => r.text();
const pick = (html: string, re: RegExp) => re.exec(html)?.[1];

describe('intake and list', () => {
  it('registers a posted application with the signature date as receipt date', async () => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'registeredMail',
        receivedOn: '2024-03-01',
        description: '2023年甲镇道路维修工程的招标文件',
      }),
    });
    expect(r.status, pick(await r.clone().text(), /class="error"[^>]*>([^<]*)/)).toBe(303);
    code = caseCodeOf(r);
    expect(code).toMatch(/^a-2024-\d{5}$/);
  });

  it('refuses an online application without the confirmation the receipt rule needs, next to the field', async () => {
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, { channel: 'online', receivedOn: '2024-03-01', description: 'x' }),
    });
    expect(r.status).toBe(400);
    const html = await text(r);
    expect(html).toMatch(/id="confirmation-error"[^>]*>互联网渠道：以双方确认之日为收到申请之日/);
  });

  it('lists cases with ID, phone and a natural person’s name masked', async () => {
    const html = await text(await t.request('/staff/cases', { as: 'reviewer' }));
    expect(html).toContain(code);
    expect(html).toContain('110***********002X');
    expect(html).toContain('138****5678');
    expect(html).toContain('王**');
    expect(html).not.toContain('11010519491231002X');
    expect(html).not.toContain('13812345678');
    expect(html).not.toContain('王小明');
  });

  it('shows the dashboard with this year’s counts', async () => {
    const html = await text(await t.request('/staff', { as: 'officer' }));
    expect(html).toContain('2024年新收');
    expect(html).toMatch(/2024年新收<\/h2><div class="stat">1</);
  });
});

describe('the case page and its actions', () => {
  const base = () => `/staff/cases/${code}`;
  /** The preview is a GET (nothing saved): the form's fields in the query string. */
  const preview = (action: string, as: 'officer' | 'approver' | 'reviewer', form: Record<string, string>) =>
    t.request(`${base()}/preview/${action}?${new URLSearchParams(form)}`, { as });

  it('shows the due date: 20 working days after the signature day', async () => {
    const html = await text(await t.request(base(), { as: 'officer' }));
    expect(html).toContain('答复期限 2024-03-29');
    expect(html).toContain('预览（期限和文书）');
  });

  it('reveals the full identity only on request, and audits it', async () => {
    const page = await text(await t.request(base(), { as: 'officer' }));
    expect(page).not.toContain('11010519491231002X');
    const r = await t.request(`${base()}/reveal`, { as: 'officer', form: {} });
    const html = await text(r);
    expect(html).toContain('11010519491231002X');
    expect(html).toContain('王小明');
    expect(await auditActions(t.handle)).toContain('applicant.reveal');
  });

  it('previews a third-party consultation without saving it', async () => {
    const r = await preview('consult', 'officer', {
      on: '2024-03-05',
      party: 'thirdParty',
      consultee: '某建设公司',
    });
    const html = await text(r);
    expect(r.status).toBe(200);
    expect(html).toContain('确认：征求意见');
    // The 征求意见书 it will issue, before anything is saved.
    expect(html).toContain('将生成的文书');
    expect(html).toContain('办理中（征求意见，期限暂停计算）');
    const page = await text(await t.request(base(), { as: 'officer' }));
    expect(page).not.toContain('某建设公司');
  });

  it('saves it after confirmation; the clock pauses until the opinion arrives', async () => {
    const r = await t.request(`${base()}/do/consult`, {
      as: 'officer',
      form: { on: '2024-03-05', party: 'thirdParty', consultee: '某建设公司' },
    });
    expect(r.status).toBe(303);
    const end = await t.request(`${base()}/do/consultEnd`, {
      as: 'officer',
      form: { on: '2024-03-08', opinion: 'object' },
    });
    expect(end.status).toBe(303);
    const html = await text(await t.request(base(), { as: 'officer' }));
    expect(html).toContain('某建设公司');
    // Three working days (03-06, 03-07, 03-08) are not counted: 03-29 → 04-03 (清明 04-04 to 04-06 off).
    expect(html).toContain('答复期限 2024-04-03');
  });

  it('the officer asks for an extension, the approver consents; only then does the date move', async () => {
    const tooLong = await preview('extensionRequest', 'officer', {
      on: '2024-03-12',
      workdays: '25',
      reason: '需调取档案',
    });
    expect(tooLong.status).toBe(400);
    expect(await text(tooLong)).toContain('延长期限最长不得超过 20 个工作日');
    // Only an approver consents (《条例》第三十三条第二款).
    expect((await preview('extensionApprove', 'officer', { on: '2024-03-12' })).status).toBe(403);
    const asked = await t.request(`${base()}/do/extensionRequest`, {
      as: 'officer',
      form: { on: '2024-03-12', workdays: '10', reason: '需调取档案' },
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toContain('notice=requested');
    expect(await text(await t.request(base(), { as: 'officer' }))).toContain('答复期限 2024-04-03');
    const queue = await text(await t.request('/staff/approvals', { as: 'approver' }));
    expect(queue).toContain(code);
    expect(queue).toContain('需调取档案');
    const ok = await preview('extensionApprove', 'approver', { on: '2024-03-12', note: '' });
    const html = await text(ok);
    expect(html).toMatch(/答复期限<\/th><td>2024-04-03<\/td><td><strong>2024-04-18<\/strong>/);
    expect(html).toContain('延期答复告知书');
    const done = await t.request(`${base()}/do/extensionApprove`, {
      as: 'approver',
      form: { on: '2024-03-12', note: '' },
    });
    expect(done.status).toBe(303);
    const page = await text(await t.request(base(), { as: 'officer' }));
    expect(page).toContain('答复期限 2024-04-18');
    expect(page).toMatch(/延期答复告知书（2024-03-12）/);
    expect(await text(await t.request('/staff/approvals', { as: 'approver' }))).not.toContain(code);
  });

  it('refuses a reply whose letter would lack the reasons the 条例 requires', async () => {
    const r = await preview('reply', 'officer', {
      on: '2024-03-14',
      outcome: 'withheld.thirdPartyRights',
      legalBasis: '',
      note: '',
    });
    expect(r.status).toBe(422);
    expect(await text(r)).toMatch(/理由/);
  });

  it('replies, generates the 答复书, and the letter downloads as DOCX naming the applicant', async () => {
    const form = {
      on: '2024-03-14',
      outcome: 'withheld.thirdPartyRights',
      legalBasis: '',
      note: '所申请信息涉及第三方商业秘密，第三方不同意公开。',
    };
    const shown = await preview('reply', 'officer', form);
    expect(shown.status).toBe(200);
    expect(await text(shown)).toContain('已办结');
    const r = await t.request(`${base()}/do/reply`, { as: 'officer', form });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('notice=letter');
    const html = await text(await t.request(base(), { as: 'officer' }));
    expect(html).toContain('2024-03-14 办结：（三）不予公开 4.保护第三方合法权益');
    const href = pick(html, /href="([^"]+\/letters\/\d+\.docx)"[^>]*data-letter="reply:/)!;
    const letter = await t.request(href, { as: 'reviewer' });
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-disposition')).toContain('.docx');
    const zip = await JSZip.loadAsync(await letter.arrayBuffer());
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toContain('王小明');
    expect(doc).toContain('第十五条');
    expect(await auditActions(t.handle)).toEqual(
      expect.arrayContaining(['case.event.replied', 'letter.issue']),
    );
  });

  it('a closed case offers no more procedural actions', async () => {
    const html = await text(await t.request(base(), { as: 'officer' }));
    expect(html).not.toContain('<summary>答复</summary>');
    expect(html).toContain('<summary>备注</summary>');
  });
});

describe('report builder', () => {
  const base = () => `/staff/agencies/${t.agency.A}/report/2023`;
  let old = '';

  it('compiles 表三 from the cases; each number drills down to its cases', async () => {
    // A case of 2023, concluded in 2023.
    const r = await t.request('/staff/intake', {
      as: 'officer',
      form: intakeForm(t, {
        channel: 'inPerson',
        receivedOn: '2023-06-01',
        description: '2022年甲镇财政决算',
      }),
    });
    old = caseCodeOf(r);
    expect(
      (
        await t.request(`/staff/cases/${old}/do/reply`, {
          as: 'officer',
          form: { on: '2023-06-20', outcome: 'granted', legalBasis: '', note: '' },
        })
      ).status,
    ).toBe(303);
    const html = await text(await t.request(base(), { as: 'officer' }));
    expect(html).toMatch(/id="cell-t3\.received\.naturalPerson"[^>]*><a href="([^"]+)">1<\/a>/);
    expect(html).toMatch(/id="cell-t3\.granted\.total"[^>]*><a [^>]*>1<\/a>/);
    const cell = pick(html, /id="cell-t3\.received\.naturalPerson"[^>]*><a href="([^"]+)"/)!;
    const list = await text(await t.request(cell, { as: 'officer' }));
    expect(list).toContain(old);
    expect(list).not.toContain(code);
  });

  it('re-checks with an edited section template without saving it', async () => {
    const r = await t.request(`${base()}/check`, {
      as: 'officer',
      form: { 'template.overview': '本年度共收到申请{{t3.received.total}}件。' },
    });
    const html = await text(r);
    expect(r.status).toBe(200);
    expect(html).toContain('本年度共收到申请1件。');
    const again = await text(await t.request(base(), { as: 'officer' }));
    expect(again).not.toContain('本年度共收到申请1件。');
  });

  it('an officer cannot publish; the approver can, and the year is then locked', async () => {
    expect((await t.request(`${base()}/publish`, { as: 'officer', form: {} })).status).toBe(403);
    // 表二's statistics are entered on the builder page.
    const stats = await t.request(`${base()}/statistics`, {
      as: 'officer',
      form: {
        't2.licensing.decisions': '12',
        't2.penalty.decisions': '3',
        't2.coercion.decisions': '0',
        't2.fees.amount': '0',
      },
    });
    expect(stats.status).toBe(303);
    expect(await text(await t.request(base(), { as: 'officer' }))).toMatch(
      /id="cell-t2\.licensing\.decisions"[^>]*>12</,
    );
    const before = await text(await t.request(base(), { as: 'approver' }));
    const form = templateForm(before);
    // The editor's button saves the text and asks for confirmation: publishing locks the year.
    const ask = await t.request(`${base()}/publish/confirm`, { as: 'approver', form });
    expect(ask.status, pick(await ask.clone().text(), /class="error-box" role="alert">([^<]*)/)).toBe(200);
    expect(await text(ask)).toContain('确认发布');
    expect(await text(await t.request(base(), { as: 'approver' }))).not.toContain('年度已锁定');
    // Without the box ticked nothing is published.
    const unticked = await t.request(`${base()}/publish`, { as: 'approver', form: { confirm: '1' } });
    expect(unticked.status).toBe(400);
    const r = await t.request(`${base()}/publish`, {
      as: 'approver',
      form: { confirm: '1', understood: '1' },
    });
    expect(r.status, pick(await r.clone().text(), /class="error-box" role="alert">([^<]*)/)).toBe(303);
    const html = await text(await t.request(base(), { as: 'approver' }));
    expect(html).toContain('年度已锁定');
    const reports = await text(await t.request('/reports?year=2023'));
    expect(reports).toContain('测试区甲镇人民政府');
    // A later change to a 2023 case needs an amendment: refused here with the use case's message.
    const note = await t.request(`/staff/cases/${old}/do/note`, {
      as: 'officer',
      form: { on: '2023-12-01', text: '补记' },
    });
    expect(note.status).toBe(409);
    expect(await auditActions(t.handle)).toEqual(expect.arrayContaining(['report.publish', 'year.lock']));
  });
});

// The letters a case sends, read as their addressees read them (field walk, session 8). The 查询码 opens the case
// on /track — its progress, its letters with the applicant's name, the documents released — and the receipt tells
// the applicant to keep it to themselves; the 征求意见书 of 《条例》第三十二条 goes to the third party, so it must
// not print it (it used to, as “登记编号”).
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplate } from '../src/letters/index.ts';
import { validateTemplate } from '../src/letters/validate.ts';
import { intakeTestCase, openWebTest, PERSON, type WebTest } from './support/web.ts';

let t: WebTest;
let code = '';
let tracking = '';

beforeAll(async () => {
  t = await openWebTest();
  const r = await t.request('/apply', {
    form: {
      ...PERSON,
      agencyId: String(t.agency.A),
      description: '甲镇某地块的土地征收补偿方案',
      formWanted: 'electronic',
      deliveryWanted: 'email',
      email: 'wang@example.com',
      formToken: 'field-letters-token-0123456789',
    },
  });
  expect(r.status).toBe(303);
  tracking = /\/apply\/receipt\/([A-Z0-9]+)/.exec(r.headers.get('location')!)![1]!;
  const status = await (await t.request(`/track?code=${tracking}`)).text();
  code = /(a-\d{4}-\d{5})/.exec(status)?.[1] ?? '';
  if (!code) {
    const list = await (await t.request('/staff/cases', { as: 'officer' })).text();
    code = /\/staff\/cases\/(a-\d{4}-\d{5})/.exec(list)![1]!;
  }
}, 60_000);
afterAll(async () => t?.close());

const docxText = async (bytes: ArrayBuffer) =>
  (await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string'))
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');
const letterLinks = async (of = code) => {
  const html = await (await t.request(`/staff/cases/${of}`, { as: 'officer' })).text();
  return [...html.matchAll(/href="([^"]+\/letters\/\d+\.docx)"[^>]*data-letter="([^"]+)"/g)].map((m) => ({
    href: m[1]!,
    kind: m[2]!,
  }));
};
const grouped = (s: string) => s.match(/.{4}/g)!.join('-');

describe('the 查询码 stays with the applicant', () => {
  it('the receipt gives the applicant the code', async () => {
    const receipt = (await letterLinks()).find((l) => l.kind === 'receipt');
    expect(receipt).toBeDefined();
    const text = await docxText(await (await t.request(receipt!.href, { as: 'officer' })).arrayBuffer());
    expect(text).toContain(grouped(tracking));
  });

  it('the 征求意见书 to the third party names neither the code nor the applicant', async () => {
    const r = await t.request(`/staff/cases/${code}/do/consult`, {
      as: 'officer',
      form: { on: '2024-03-15', party: 'thirdParty', consultee: '某房地产开发有限公司' },
    });
    expect(r.status).toBe(303);
    const letter = (await letterLinks()).find((l) => l.kind === 'consultation');
    expect(letter).toBeDefined();
    const text = await docxText(await (await t.request(letter!.href, { as: 'officer' })).arrayBuffer());
    expect(text).toContain('某房地产开发有限公司：');
    expect(text).toContain('土地征收补偿方案');
    expect(text).toContain('第三十二条');
    expect(text).not.toContain(grouped(tracking));
    expect(text).not.toContain(tracking);
    expect(text).not.toContain(PERSON.name);
  });

  it('an edited 征求意见书 template that prints the code is refused when saved', () => {
    const base = defaultTemplate('consultation');
    const check = validateTemplate({
      ...base,
      paragraphs: [
        `申请（登记编号：{{case.trackingCode}}）。${base.paragraphs[0]}`,
        ...base.paragraphs.slice(1),
      ],
    });
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.errors.join('\n')).toContain('{{case.trackingCode}}');
  });
});

// 《条例》第三十六条第（六）项: a repeated request is answered by pointing to the earlier reply. The default 答复书
// states that reply's date, and the reply form had no field for it: the letter could not be generated, so a
// 不予处理·重复申请 could not be recorded from the web at all.
describe('不予处理 · 重复申请', () => {
  const form = (extra: Record<string, string>) => ({
    on: '2024-03-12',
    outcome: 'declined.duplicate',
    legalBasis: '',
    note: '',
    disclosed: '',
    ...Object.fromEntries(
      [1, 2, 3].flatMap((i) => [
        [`withheld${i}`, ''],
        [`ground${i}`, ''],
      ]),
    ),
    ...extra,
  });

  it('asks for the date of the earlier reply, naming the field and keeping what was typed', async () => {
    const { code: c } = await intakeTestCase(t, { description: '某路段道路维修工程的招标文件' });
    const r = await t.request(`/staff/cases/${c}/do/reply`, {
      as: 'officer',
      form: form({ previousReplyOn: '', previousReplyNumber: '甲政信复〔2024〕3号' }),
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('重复申请须写明本机关此前答复的日期');
    expect(html).toContain('value="甲政信复〔2024〕3号"');
  });

  it('answers with a letter that names the earlier reply by date and 文号', async () => {
    const { code: c } = await intakeTestCase(t, { description: '某路段道路维修工程的中标结果' });
    const preview = await t.request(
      `/staff/cases/${c}/preview/reply?${new URLSearchParams(form({ previousReplyOn: '2024-02-20', previousReplyNumber: '甲政信复〔2024〕3号' }))}`,
      { as: 'officer' },
    );
    expect(preview.status).toBe(200);
    const r = await t.request(`/staff/cases/${c}/do/reply`, {
      as: 'officer',
      form: form({ previousReplyOn: '2024-02-20', previousReplyNumber: '甲政信复〔2024〕3号' }),
    });
    expect(r.status).toBe(303);
    const letter = (await letterLinks(c)).find((l) => l.kind === 'reply:declined.duplicate');
    expect(letter).toBeDefined();
    const text = await docxText(await (await t.request(letter!.href, { as: 'officer' })).arrayBuffer());
    expect(text).toContain(
      '本机关已于2024年2月20日就您提出的相同政府信息公开申请作出答复（甲政信复〔2024〕3号）',
    );
    expect(text).toContain('第三十六条第（六）项');
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('refuses an earlier reply dated after this one', async () => {
    const { code: c } = await intakeTestCase(t, { description: '某路段道路维修工程的验收报告' });
    const r = await t.request(`/staff/cases/${c}/do/reply`, {
      as: 'officer',
      form: form({ previousReplyOn: '2024-03-13' }),
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('此前答复的日期不能晚于本次答复日期');
  });
});

// Every letter addresses an organisation as 贵单位 (placeholders.ts `you`); the 予以公开 reply's 提供方式, written
// by the case layer, said “按您申请的形式” to a company.
describe('予以公开 to an organisation', () => {
  it('the 提供方式 addresses it as 贵单位, as the rest of the letter does', async () => {
    const r = await t.request('/apply', {
      form: {
        ...PERSON,
        applicantType: 'commercial',
        name: '北京某某科技有限公司',
        idNumber: '91110000600037341L',
        agencyId: String(t.agency.A),
        description: '甲镇2023年道路养护合同',
        formWanted: 'electronic',
        deliveryWanted: 'email',
        email: 'office@example.com',
        formToken: 'field-letters-token-organisation-01',
      },
    });
    expect(r.status).toBe(303);
    const list = await (await t.request('/staff/cases?status=all', { as: 'officer' })).text();
    const c = /\/staff\/cases\/(a-\d{4}-\d{5})"[^>]*>[^<]*<\/a>[\s\S]*?北京某某科技有限公司/.exec(list)?.[1];
    expect(c).toBeDefined();
    const done = await t.request(`/staff/cases/${c}/do/reply`, {
      as: 'officer',
      form: {
        on: '2024-03-15',
        outcome: 'granted',
        legalBasis: '',
        note: '',
        disclosed: '',
        ...Object.fromEntries(
          [1, 2, 3].flatMap((i) => [
            [`withheld${i}`, ''],
            [`ground${i}`, ''],
          ]),
        ),
        previousReplyOn: '',
        previousReplyNumber: '',
      },
    });
    expect(done.status).toBe(303);
    const letter = (await letterLinks(c)).find((l) => l.kind === 'reply:granted');
    const text = await docxText(await (await t.request(letter!.href, { as: 'officer' })).arrayBuffer());
    expect(text).toContain('北京某某科技有限公司：');
    expect(text).toContain('提供方式：按贵单位申请的形式（电子文件），以电子邮件提供');
    expect(text).not.toContain('您');
  });
});

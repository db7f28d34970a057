// The letters a case sends, read as their addressees read them (field walk, session 8). The 查询码 opens the case
// on /track — its progress, its letters with the applicant's name, the documents released — and the receipt tells
// the applicant to keep it to themselves; the 征求意见书 of 《条例》第三十二条 goes to the third party, so it must
// not print it (it used to, as “登记编号”).
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplate } from '../src/letters/index.ts';
import { validateTemplate } from '../src/letters/validate.ts';
import { openWebTest, PERSON, type WebTest } from './support/web.ts';

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
const letterLinks = async () => {
  const html = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
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

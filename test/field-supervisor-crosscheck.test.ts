// The supervisor's journey (session 9 field walk): a district supervisor looks for reports copied from another
// agency's — `gongkai crosscheck` finds them, with each agency's carry-over against its previous year and ratios far
// from the peer group, but the console had no way to it: the board linked to the sums and the league table only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const id = { a: 0, b: 0 };
beforeAll(async () => {
  t = await openWebTest();
  const text = seed('000').text;
  // 乙街道 files 甲镇's report with its own name on it: the same narrative word for word.
  const copied = text.replaceAll('北京市大兴区庞各庄镇人民政府', '测试区乙街道办事处');
  for (const [key, agencyId, body] of [
    ['a', t.agency.A, text],
    ['b', t.agency.B, copied],
  ] as const)
    id[key] = (
      await collectFile(
        t.handle.db,
        { name: `${key}.txt`, bytes: Buffer.from(body) },
        { maxFileBytes: 1 << 22, actor: 'test', agencyId, publishedOn: '2024-01-19' },
      )
    ).reportId!;
  reportPages.invalidate();
});
afterAll(async () => t?.close());

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('cross-report checks in the console', () => {
  it('the board leads to them, and both agencies of a copied report are listed with the similarity', async () => {
    const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    const href = `/supervise/agencies/${t.agency.R}/crosscheck?year=2023`;
    expect(board).toContain(`href="${href}"`);
    const r = await t.request(href, { as: 'supervisor' });
    expect(r.status).toBe(200);
    const html = await r.text();
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .map((m) => m[1]!)
      .filter((row) => row.includes('正文雷同'));
    expect(rows.length).toBe(2);
    const a = rows.find((row) => row.includes(`href="/reports/${id.a}"`))!;
    const b = rows.find((row) => row.includes(`href="/reports/${id.b}"`))!;
    expect(plain(a)).toMatch(/正文与测试区乙街道办事处同年度报告的相似度为\d+%/);
    expect(plain(b)).toMatch(/相似度为(9\d|100)%/);
  });

  it('another district’s supervisor may not open this one’s', async () => {
    const r = await t.request(`/supervise/agencies/${t.agency.R}/crosscheck?year=2023`, {
      as: 'supervisorS',
    });
    expect([403, 404]).toContain(r.status);
  });
});

// The researcher's journey, continued (session 9 field walk): from the public report list a researcher must find the
// open data, download a year, learn what every column means, and trace a row back to its report page. Before, the
// public site linked to no dataset and no API (only a guessed /api/v1 address led there), the columns were
// documented in a file of the source tree (fields.md), and a dataset row named its source file only — nothing led
// from a row to the report page whose numbers it repeats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldDef } from '../src/domain/report/layout.ts';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let pgz = 0;

beforeAll(async () => {
  t = await openWebTest({ apiLimit: { max: 10_000, windowMs: 60_000 } });
  const s = seed('000');
  pgz = (
    await collectFile(
      t.handle.db,
      { name: 'pgz.txt', bytes: Buffer.from(s.text) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-19' },
    )
  ).reportId!;
  // 太师屯 2019 (the 2019 layout): a second public year.
  await collectFile(
    t.handle.db,
    { name: 'tst.txt', bytes: Buffer.from(seed('003').text) },
    { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.B, publishedOn: '2020-01-21' },
  );
  reportPages.invalidate();
});
afterAll(async () => t?.close());

const html = async (path: string) => {
  const r = await t.request(path);
  expect(r.status, path).toBe(200);
  return r.text();
};
const hrefs = (page: string) =>
  [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
const cells = (row: string) =>
  [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());

describe('the open data, found from the public pages', () => {
  it('the report list leads to the open-data page, which offers every public year as CSV and JSON Lines', async () => {
    expect(hrefs(await html('/reports'))).toContain('/open-data');
    const page = await html('/open-data');
    const links = hrefs(page);
    for (const y of [2023, 2019]) {
      expect(links).toContain(`/api/v1/datasets/${y}.csv`);
      expect(links).toContain(`/api/v1/datasets/${y}.jsonl`);
    }
    // No year without a public report.
    expect(
      new Set(links.filter((h) => h.startsWith('/api/v1/datasets/')).map((h) => h.slice(17, 21))),
    ).toEqual(new Set(['2023', '2019']));
    expect(links).toContain('/api/v1/openapi.json');
  });

  it('every column of the CSV is explained on the page, in Chinese', async () => {
    const page = await html('/open-data');
    const table = /<table class="data" id="columns">([\s\S]*?)<\/table>/.exec(page)![1]!;
    const documented = new Map(
      [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
        .map((m) => cells(m[1]!))
        .filter((c) => c.length === 3)
        .map(([key, label, note]) => [key!, { label: label!, note: note! }]),
    );
    const csv = await t.request('/api/v1/datasets/2023.csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // A Chinese Excel user opens the CSV by double-click: the BOM makes it read as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    for (const key of header) {
      const d = documented.get(key);
      expect(d, key).toBeDefined();
      expect(d!.label, key).toMatch(/[\u4e00-\u9fff]/);
      if (!fieldDef(key)) expect(d!.note, key).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(documented.get('t3.received.total')!.label).toBe(fieldDef('t3.received.total')!.label);
    // The columns of one layout only say so: a 2021 report leaves 2019's empty.
    expect(documented.get('t2.regulations.made')!.note).toMatch(/仅 2019 版/);
  });

  it('a row leads to its report page, whose numbers it repeats', async () => {
    const text = (await (await t.request('/api/v1/datasets/2023.csv')).text()).replace(/^\uFEFF/, '');
    const [head, row] = text
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const value = (k: string) => row![head!.indexOf(k)];
    expect(value('reportId')).toBe(String(pgz));
    expect(value('publishedOn')).toBe('2024-01-19');
    // The provenance columns come after every field key: tools that read the older columns by position still can.
    expect(head!.indexOf('reportId')).toBeGreaterThan(head!.indexOf('t3.other.total'));
    const report = await html(`/reports/${value('reportId')}`);
    expect(report).toContain('北京市大兴区庞各庄镇人民政府');
    const api = (await (await t.request(`/api/v1/reports/${value('reportId')}`)).json()) as {
      fields: Record<string, number>;
    };
    for (const k of ['t3.received.total', 't3.granted.total', 't2.penalty.decisions'])
      expect(Number(value(k)), k).toBe(api.fields[k]);
    const jsonl = JSON.parse((await (await t.request('/api/v1/datasets/2023.jsonl')).text()).trim());
    expect(jsonl.reportId).toBe(pgz);
    expect(jsonl.publishedOn).toBe('2024-01-19');
  });
});

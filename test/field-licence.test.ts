// The open data's licence (ADR 0011: CC BY 4.0, attribution to the agencies and to the reading): a researcher who
// reuses the datasets must be told under what terms, wherever the data reaches them — the /open-data page, every
// answer of the API (a Link header; a `license` member in JSON), the OpenAPI document, and the README inside the
// dataset archive. The software's MIT licence is not the data's.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFile } from '../src/web/reports/upload.ts';
import { SEEDS } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let id: number;
let year: number;
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';

beforeAll(async () => {
  t = await openWebTest({ apiLimit: { max: 10_000, windowMs: 60_000 } });
  const s = SEEDS[0]!;
  const r = await collectFile(
    t.handle.db,
    { name: `${s.name}.txt`, bytes: readFileSync(s.file) },
    { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-19' },
  );
  id = r.reportId!;
  year = s.expected.year as number;
});
afterAll(async () => t?.close());

describe('the data licence', () => {
  it('/open-data names the licence, links its text and says whom to credit', async () => {
    const html = await (await t.request('/open-data')).text();
    expect(html).toContain('CC BY 4.0');
    expect(html).toMatch(/<a href="https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/[^"]*" rel="license"/);
    expect(html).toContain('须署名');
    expect(html).toContain('第五十条');
    // The software licence is said apart, not as the data's.
    expect(html).toContain('软件以 MIT');
    expect(html).toContain(`/api/v1/datasets/${year}.zip`);
  });

  it('every API answer carries the licence link; JSON answers a license member, without renaming a field', async () => {
    for (const path of ['/api/v1/reports', `/api/v1/reports/${id}`, `/api/v1/datasets/${year}.csv`]) {
      const r = await t.request(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('link'), path).toMatch(
        /^<https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/[^>]*>; rel="license"$/,
      );
    }
    const list = (await (await t.request('/api/v1/reports')).json()) as Record<string, unknown>;
    expect(list.license).toMatchObject({ id: 'CC-BY-4.0' });
    expect((list.license as { url: string }).url.startsWith(CC_BY)).toBe(true);
    expect(Object.keys(list)).toEqual(
      expect.arrayContaining(['apiVersion', 'page', 'perPage', 'total', 'items']),
    );
    const one = (await (await t.request(`/api/v1/reports/${id}`)).json()) as Record<string, unknown>;
    expect(one.license).toMatchObject({ id: 'CC-BY-4.0' });
    expect((one.license as { attribution: string }).attribution).toContain('机关');
    expect(one.fields).toBeTypeOf('object');
    // A conditional request still learns the licence.
    const first = await t.request(`/api/v1/reports/${id}`);
    const again = await t.request(`/api/v1/reports/${id}`, {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('link')).toContain('rel="license"');
  });

  it('the OpenAPI document gives the data licence', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as {
      info: { license: { identifier: string } };
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.info.license.identifier).toBe('CC-BY-4.0');
    expect(doc.components.schemas.License).toBeDefined();
  });

  it('the year archive holds the CSV and JSON Lines as served, and a README with licence and columns', async () => {
    const r = await t.request(`/api/v1/datasets/${year}.zip`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(r.headers.get('content-disposition')).toContain(`gongkai-${year}.zip`);
    const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['README.txt', `gongkai-${year}.csv`, `gongkai-${year}.jsonl`]);
    const dec = new TextDecoder();
    const csv = await (await t.request(`/api/v1/datasets/${year}.csv`)).text();
    expect(dec.decode(files[`gongkai-${year}.csv`]!)).toBe(csv);
    const readme = dec.decode(files['README.txt']!);
    expect(readme).toContain('CC BY 4.0');
    expect(readme).toContain(CC_BY);
    expect(readme).toContain('第五十条');
    expect(readme).toMatch(/t3\.received\.total\t/);
    // A year without public reports is the API's 404 in Chinese, not an empty archive.
    const none = await t.request('/api/v1/datasets/1999.zip');
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toContain('1999年度没有已公开的年度报告');
  });
});

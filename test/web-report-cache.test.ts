// The public report page is served from memory to anonymous visitors, and a change to the reports is seen at once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { setPublishedOn } from '../src/web/reports/store.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let id = 0;
beforeAll(async () => {
  t = await openWebTest();
  const r = await collectFile(
    t.handle.db,
    { name: 'seed-001.txt', bytes: readFileSync(seed('001').file) },
    { maxFileBytes: 1 << 20, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-19', origin: 'demo' },
  );
  id = r.reportId!;
});
afterAll(async () => t?.close());

it('serves the same page from memory, and a new publication date at once', async () => {
  reportPages.invalidate();
  const first = await (await t.request(`/reports/${id}`)).text();
  expect(first).toContain('北苑街道');
  expect(reportPages.get(String(id), Date.now())).toBe(first);
  expect(await (await t.request(`/reports/${id}`)).text()).toBe(first);
  await setPublishedOn(t.handle.db, id, '2024-01-25', 'test');
  expect(reportPages.get(String(id), Date.now())).toBeNull();
  const after = await (await t.request(`/reports/${id}`)).text();
  expect(after).toContain('2024-01-25');
});

it('never serves a signed-in user the anonymous page (their name is in the header)', async () => {
  const page = await (await t.request(`/reports/${id}`, { as: 'officer' })).text();
  expect(page).toContain('退出');
  expect(reportPages.get(String(id), Date.now())).not.toContain('退出');
});

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

it('answers an anonymous visitor from memory with an entity tag, and 304 when the browser has the page', async () => {
  reportPages.invalidate();
  const first = await t.request(`/reports/${id}`);
  expect(first.status).toBe(200);
  const etag = first.headers.get('etag');
  expect(etag).toMatch(/^"[\w-]+"$/);
  // Served from memory ahead of the session and CSRF middleware: no cookie is set on an anonymous cached page.
  const second = await t.request(`/reports/${id}`);
  expect(second.headers.get('etag')).toBe(etag);
  expect(second.headers.get('set-cookie')).toBeNull();
  expect(second.headers.get('content-security-policy')).not.toBeNull();
  const again = await t.request(`/reports/${id}`, { headers: { 'If-None-Match': etag! } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  // A changed page has a new tag: the browser's copy no longer matches.
  await setPublishedOn(t.handle.db, id, '2024-02-01', 'test');
  const changed = await t.request(`/reports/${id}`, { headers: { 'If-None-Match': etag! } });
  expect(changed.status).toBe(200);
  expect(changed.headers.get('etag')).not.toBe(etag);
});

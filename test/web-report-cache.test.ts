// The public report page is served from memory to anonymous visitors, and a change to the reports is seen at once.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

it('sends the cached page compressed to a browser that accepts it, the same page byte for byte', async () => {
  reportPages.invalidate();
  const plain = await t.request(`/reports/${id}`);
  const html = await plain.text();
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(plain.headers.get('vary')).toBe('Accept-Encoding');
  // A browser lists gzip first and br later: brotli is still chosen, and each encoding has its own entity tag.
  const asked = { 'Accept-Encoding': 'gzip, deflate, br, zstd' };
  const br = await t.request(`/reports/${id}`, { headers: asked });
  expect(br.headers.get('content-encoding')).toBe('br');
  expect(br.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  expect(br.headers.get('content-security-policy')).not.toBeNull();
  expect(br.headers.get('set-cookie')).toBeNull();
  expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8')).toBe(html);
  expect(br.headers.get('etag')).not.toBe(plain.headers.get('etag'));
  const gz = await t.request(`/reports/${id}`, { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(html);
  const none = await t.request(`/reports/${id}`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(none.headers.get('content-encoding')).toBeNull();
  expect(await none.text()).toBe(html);
  // The browser's tag of the compressed page answers 304 while the page is unchanged.
  const again = await t.request(`/reports/${id}`, {
    headers: { ...asked, 'If-None-Match': br.headers.get('etag')! },
  });
  expect(again.status).toBe(304);
  // A report written is a new page in every encoding.
  await setPublishedOn(t.handle.db, id, '2024-03-01', 'test');
  const changed = await t.request(`/reports/${id}`, { headers: asked });
  expect(brotliDecompressSync(Buffer.from(await changed.arrayBuffer())).toString('utf8')).toContain(
    '2024-03-01',
  );
});

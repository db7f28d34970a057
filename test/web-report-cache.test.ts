// The public report page is served from memory to anonymous visitors, and a change to the reports is seen at once.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/web/observability/logger.ts';
import { httpRequests } from '../src/web/observability/metrics.ts';
import { reportPageListener } from '../src/web/reports/anonymous-page.ts';
import { etagMatches, pageEncodingFor, reportPages } from '../src/web/reports/page-cache.ts';
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

it('answers from memory with every security header the chain sends, its own request id, and counts the request', async () => {
  reportPages.invalidate();
  const viaChain = await t.request(`/reports/${id}`); // rendered, through the whole middleware chain
  const before = await metricValue('/reports/:id', '200');
  const fromMemory = await t.request(`/reports/${id}`);
  expect(fromMemory.headers.get('set-cookie')).toBeNull();
  const security = [
    'content-security-policy',
    'x-frame-options',
    'x-content-type-options',
    'referrer-policy',
    'cross-origin-opener-policy',
    'cross-origin-resource-policy',
    'origin-agent-cluster',
    'x-permitted-cross-domain-policies',
    'x-xss-protection',
    'x-dns-prefetch-control',
    'x-download-options',
  ];
  for (const h of security) {
    expect(viaChain.headers.get(h), h).not.toBeNull();
    expect(fromMemory.headers.get(h), h).toBe(viaChain.headers.get(h));
  }
  expect(fromMemory.headers.get('frame-ancestors')).toBeNull();
  expect(fromMemory.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(fromMemory.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(fromMemory.headers.get('x-request-id')).not.toBe(viaChain.headers.get('x-request-id'));
  // The metrics label is the route, not the address (a bounded set of series).
  expect(await metricValue('/reports/:id', '200')).toBe(before + 1);
  const notModified = await t.request(`/reports/${id}`, {
    headers: { 'If-None-Match': fromMemory.headers.get('etag')! },
  });
  expect(notModified.status).toBe(304);
  expect(notModified.headers.get('content-security-policy')).toBe(
    viaChain.headers.get('content-security-policy'),
  );
  expect(await metricValue('/reports/:id', '304')).toBeGreaterThanOrEqual(1);
  // Not GET, or a session cookie: the usual chain (a POST is refused by the CSRF check, not answered from memory).
  const post = await t.request(`/reports/${id}`, { method: 'POST', form: {}, csrf: false });
  expect(post.status).toBe(403);
});

it('chooses the encoding by what the browser accepts, and matches entity tags as RFC 9110 says', () => {
  expect(pageEncodingFor(undefined)).toBe('identity');
  expect(pageEncodingFor('gzip, deflate, br, zstd')).toBe('br');
  expect(pageEncodingFor('gzip, deflate, br, zstd')).toBe('br'); // remembered, same answer
  expect(pageEncodingFor('br;q=0, gzip;q=0.5')).toBe('gzip');
  expect(pageEncodingFor('BR ; q=1.0')).toBe('br');
  expect(pageEncodingFor('gzip;q=0, br;q=0')).toBe('identity');
  expect(pageEncodingFor('deflate')).toBe('identity');
  expect(etagMatches('"abc"', '"abc"')).toBe(true);
  expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
  expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
  expect(etagMatches('*', '"abc"')).toBe(true);
  expect(etagMatches('"abd"', '"abc"')).toBe(false);
  expect(etagMatches(undefined, '"abc"')).toBe(false);
});

/** A request over HTTP, as a browser sends it, and the answer as it came on the wire (headers as sent, body raw). */
function http(
  server: Server,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

it('answers in the Node request listener, ahead of Hono, with every header of the chain and the same bytes', async () => {
  // The server as src/web/server.ts builds it: the listener first, Hono's for everything it hands on.
  const lines: string[] = [];
  const deps = { ...t.deps, logger: createLogger((l) => lines.push(l)) };
  const fast = await reportPageListener(deps);
  let answered = 0;
  const hono = getRequestListener((req, env) => t.app.fetch(req, env));
  const server = createServer((req, res) => {
    if (fast(req, res)) answered++;
    else void hono(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    reportPages.invalidate();
    const asked = { 'Accept-Encoding': 'gzip, deflate, br, zstd' };
    // Rendered through the whole chain (and cached, its brotli body made): the answer to compare with.
    const chain = await http(server, `/reports/${id}`, asked);
    expect(chain.status).toBe(200);
    expect(answered).toBe(0);
    const before = await metricValue('/reports/:id', '200');
    const quick = await http(server, `/reports/${id}?from=list`, asked);
    expect(answered).toBe(1);
    expect(quick.status).toBe(200);
    expect(quick.body.equals(chain.body)).toBe(true);
    expect(brotliDecompressSync(quick.body).toString('utf8')).toContain('北苑街道');
    // Every header the chain sends, with the chain's value — the security headers among them — and nothing else but
    // the length; what is per request (date, request id) or per visitor (the chain's CSRF cookie) aside.
    const aside = new Set([
      'date',
      'x-request-id',
      'set-cookie',
      'connection',
      'keep-alive',
      'transfer-encoding',
    ]);
    const own = (h: IncomingHttpHeaders) =>
      Object.keys(h).filter((k) => !aside.has(k) && k !== 'content-length');
    expect(own(chain.headers)).toContain('content-security-policy');
    expect(own(chain.headers)).toContain('x-content-type-options');
    expect(own(quick.headers).sort()).toEqual(own(chain.headers).sort());
    for (const k of own(chain.headers)) expect(quick.headers[k], k).toBe(chain.headers[k]);
    expect(quick.headers['content-length']).toBe(String(quick.body.byteLength));
    expect(quick.headers['set-cookie']).toBeUndefined();
    expect(quick.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(quick.headers['x-request-id']).not.toBe(chain.headers['x-request-id']);
    // Counted under the route's label, and one access log line naming the path, not the query.
    expect(await metricValue('/reports/:id', '200')).toBe(before + 1);
    const log = lines.map((l) => JSON.parse(l)).find((l) => l.reqId === quick.headers['x-request-id']);
    expect(log).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: `/reports/${id}`,
      route: '/reports/:id',
      status: 200,
    });
    expect(log.ip).toBe('127.0.0.1');

    // The browser has the page: 304, no body, the same headers but the body's.
    const revalidated = await http(server, `/reports/${id}`, {
      ...asked,
      'If-None-Match': chain.headers.etag!,
    });
    expect(answered).toBe(2);
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.byteLength).toBe(0);
    expect(revalidated.headers['content-security-policy']).toBe(chain.headers['content-security-policy']);
    expect(revalidated.headers.etag).toBe(chain.headers.etag);
    // HEAD: the head of the GET, no body.
    const head = await http(server, `/reports/${id}`, asked, 'HEAD');
    expect(answered).toBe(3);
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers['content-length']).toBe(String(chain.body.byteLength));
    expect(head.headers['content-encoding']).toBe('br');
    // No Accept-Encoding: the plain page (made with the page), the plain page's tag.
    const plain = await http(server, `/reports/${id}`);
    expect(answered).toBe(4);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(brotliDecompressSync(chain.body).toString('utf8'));
    expect(plain.headers.etag).not.toBe(chain.headers.etag);

    // Not for the listener: a session cookie, another method, another path, a page not cached, gzip not made yet.
    const { cookie } = await t.session('officer');
    const signedIn = await http(server, `/reports/${id}`, { cookie });
    expect(signedIn.body.toString('utf8')).toContain('退出');
    await http(server, `/reports/${id}`, { 'Content-Type': 'application/x-www-form-urlencoded' }, 'POST');
    await http(server, `/reports/${id}/`);
    await http(server, '/reports');
    const gzip = await http(server, `/reports/${id}`, { 'Accept-Encoding': 'gzip' });
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect(answered).toBe(4);
    // …which the middleware made: the next gzip request is the listener's.
    await http(server, `/reports/${id}`, { 'Accept-Encoding': 'gzip' });
    expect(answered).toBe(5);
    reportPages.invalidate();
    await http(server, `/reports/${id}`);
    expect(answered).toBe(5);
    // Re-rendered, its brotli body not made again yet: a revalidation needs only the tag, and is the listener's.
    const stillFresh = await http(server, `/reports/${id}`, {
      ...asked,
      'If-None-Match': chain.headers.etag!,
    });
    expect(stillFresh.status).toBe(304);
    expect(answered).toBe(6);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

async function metricValue(route: string, status: string): Promise<number> {
  const metric = await httpRequests.get();
  return (
    metric.values.find(
      (v) => v.labels.route === route && v.labels.status === status && v.labels.method === 'GET',
    )?.value ?? 0
  );
}

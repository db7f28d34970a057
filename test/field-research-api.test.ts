// The researcher's journey (session 9 field walk): an anonymous visitor reads the public report pages, the open-data
// API and the yearly dataset, and expects them to agree. A report the public page withholds — matched to no agency,
// or its publication date not yet entered (a supervisor's upload nobody has dated, a newer copy waiting for the
// supervisor's comparison) — was still served by /api/v1/reports/:id, listed by /api/v1/reports and counted in
// /api/v1/datasets/<year>.csv: numbers nobody had vetted, and rows whose report page is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { setPublishedOn } from '../src/web/reports/store.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
// 庞各庄 2023 (dated, at agency A), its newer undated copy, 北苑 2023 at agency B (undated), 郭店 2023 unmatched.
const id = { dated: 0, pendingCopy: 0, undated: 0, unmatched: 0 };

const collect = async (name: string, bytes: Buffer, agencyId: number | null, publishedOn?: string) =>
  (
    await collectFile(
      t.handle.db,
      { name, bytes },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId, publishedOn: publishedOn ?? null },
    )
  ).reportId!;

beforeAll(async () => {
  t = await openWebTest({ apiLimit: { max: 10_000, windowMs: 60_000 } });
  const pgz = seed('000');
  id.dated = await collect('pgz.txt', Buffer.from(pgz.text), t.agency.A, '2024-01-19');
  id.pendingCopy = await collect('pgz-copy.txt', Buffer.from(`${pgz.text}\n`), t.agency.A);
  id.undated = await collect('by.txt', Buffer.from(seed('001').text), t.agency.B);
  id.unmatched = await collect('gd.txt', Buffer.from(seed('002').text), null, '2024-01-26');
  reportPages.invalidate();
});
afterAll(async () => t?.close());

const api = async (path: string) => {
  const r = await t.request(path);
  return { status: r.status, body: r.status === 200 ? await r.json() : null };
};

const datasetRows = async (year: number) => {
  const r = await t.request(`/api/v1/datasets/${year}.csv`);
  expect(r.status).toBe(200);
  const lines = (await r.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
};

describe('the open data shows what the public report pages show, no more', () => {
  it('a report the page withholds is a 404 in the API too', async () => {
    for (const key of ['pendingCopy', 'undated', 'unmatched'] as const) {
      expect((await t.request(`/reports/${id[key]}`)).status, `page of ${key}`).toBe(404);
      const r = await t.request(`/api/v1/reports/${id[key]}`);
      expect(r.status, `API of ${key}`).toBe(404);
      expect((await r.json()).error).toMatch(/未找到/);
    }
    expect((await t.request(`/reports/${id.dated}`)).status).toBe(200);
    const dated = await api(`/api/v1/reports/${id.dated}`);
    expect(dated.status).toBe(200);
    expect(dated.body.publishedOn).toBe('2024-01-19');
  });

  it('the public page and the API of a report do not list a copy the public cannot open', async () => {
    const anonymous = await (await t.request(`/reports/${id.dated}`)).text();
    expect(anonymous).not.toContain(`href="/reports/${id.pendingCopy}"`);
    expect(anonymous).not.toContain('pgz-copy.txt');
    const dated = await api(`/api/v1/reports/${id.dated}`);
    expect(dated.body.copies.map((k: { id: number }) => k.id)).not.toContain(id.pendingCopy);
    // The supervisor still sees both, to compare them and choose.
    const supervisor = await (await t.request(`/reports/${id.dated}`, { as: 'supervisor' })).text();
    expect(supervisor).toContain(`href="/reports/${id.pendingCopy}"`);
  });

  it('the list and the dataset hold the dated, matched reports only, as /reports does', async () => {
    const list = await api('/api/v1/reports?year=2023');
    expect(list.body.total).toBe(1);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([id.dated]);
    const page = await (await t.request('/reports?year=2023')).text();
    expect(page).toContain(`/reports/${id.dated}`);
    expect(page).not.toContain(`/reports/${id.undated}"`);
    const rows = await datasetRows(2023);
    expect(rows.map((r) => r.file)).toEqual(['pgz.txt']);
    // The numbers of the row are the report's, as its API answer and its seed's tables give them.
    expect(Number(rows[0]!['t3.received.total'])).toBe(seed('000').expected.fields['t3.received.total']);
    const jsonl = (await (await t.request('/api/v1/datasets/2023.jsonl')).text()).trim().split('\n');
    expect(jsonl.length).toBe(1);
  });

  it('a year with no public report is a 404 naming the years there are, not an empty file', async () => {
    for (const form of ['csv', 'jsonl']) {
      const r = await t.request(`/api/v1/datasets/2099.${form}`);
      expect(r.status).toBe(404);
      expect((await r.json()).error).toBe('2099年度没有已公开的年度报告；有数据的年度：2023');
    }
  });

  it('once the supervisor enters the publication date, the report is in the API and the dataset', async () => {
    await setPublishedOn(t.handle.db, id.undated, '2024-02-06', 'test');
    expect((await t.request(`/reports/${id.undated}`)).status).toBe(200);
    const one = await api(`/api/v1/reports/${id.undated}`);
    expect(one.status).toBe(200);
    expect(one.body.fields['t3.received.total']).toBe(seed('001').expected.fields['t3.received.total']);
    const list = await api('/api/v1/reports?year=2023');
    expect(list.body.items.map((i: { id: number }) => i.id).sort()).toEqual([id.dated, id.undated].sort());
    const rows = await datasetRows(2023);
    expect(rows.map((r) => r.file).sort()).toEqual(['by.txt', 'pgz.txt']);
  });
});

// The open-data API (/api/v1): a seed's JSON is what `gongkai parse --json` reads from it, lists page and filter,
// superseded copies are not listed, the per-address limit answers 429, and the OpenAPI document is valid.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supersede } from '../src/supervision/report-choice.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { runCli } from './support/cli.ts';
import { SEEDS } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await openWebTest({ apiLimit: { max: 10_000, windowMs: 60_000 } });
  // The first seed belongs to agency A (in region R); the others to region S (S itself, then C: one agency-year
  // each). All dated: the API serves what the public report pages show, matched and dated reports only.
  const outside = [t.agency.S, t.agency.C, t.agency.C, t.agency.C];
  for (const [i, s] of SEEDS.entries()) {
    const r = await collectFile(
      t.handle.db,
      { name: `${s.name}.txt`, bytes: readFileSync(s.file) },
      {
        maxFileBytes: 1 << 22,
        actor: 'test',
        agencyId: i === 0 ? t.agency.A : outside[i - 1]!,
        publishedOn: '2024-01-19',
      },
    );
    ids[s.name] = r.reportId!;
  }
});
afterAll(async () => t?.close());

const json = async (path: string) => {
  const r = await t.request(path);
  expect(r.status, path).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/application\/json/);
  return r.json() as Promise<Record<string, unknown>>;
};

describe('one report', () => {
  for (const s of SEEDS)
    it(`${s.name}: fields, blanks and uncertain cells equal parse --json`, async () => {
      const cli = await runCli(['parse', '--json', s.file]);
      expect(cli.code).toBe(0);
      const parsed = JSON.parse(cli.stdout);
      const api = await json(`/api/v1/reports/${ids[s.name]}`);
      expect(api.fields).toEqual(parsed.fields);
      expect(api.blank).toEqual(parsed.blank);
      expect(api.uncertain).toEqual(parsed.uncertain);
      expect(api.year).toBe(parsed.year);
      expect(api.agencyName).toBe(parsed.agency);
      expect(api.format).toBe(parsed.format);
      // And what the seed's tables print (../shared/seeds/*.expected.json).
      for (const [k, v] of Object.entries(s.expected.fields))
        expect((api.fields as Record<string, number>)[k]).toBe(v);
      const kinds = api.provenanceKind as Record<string, string>;
      for (const k of Object.keys(parsed.fields))
        expect(kinds[k]).toBe(
          parsed.blank.includes(k) ? 'blank' : parsed.uncertain.includes(k) ? 'uncertain' : 'read',
        );
      expect(Array.isArray(api.findings)).toBe(true);
      expect(api.stands).toBe(true);
    });

  it('a number read by OCR from a scan says so, with its page, box and the address of its crop', async () => {
    // A report whose 表三 total was read from a scan: the row keeps page and box (issue 17), as the upload stores them.
    // (A copy of its own: the API keeps answers for a while, and the other tests have asked for the seeds.)
    const { reportId } = await collectFile(
      t.handle.db,
      { name: 'scan.txt', bytes: Buffer.concat([readFileSync(SEEDS[1]!.file), Buffer.from('\n')]) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.B, publishedOn: '2024-01-19' },
    );
    const id = reportId!;
    try {
      await check(id);
    } finally {
      // The lists below count the seeds only.
      await t.handle.db.execute(sql`delete from annual_reports where id = ${id}`);
    }
  });
  const check = async (id: number) => {
    await t.handle.db.execute(
      sql`update annual_reports set ocr_boxes = '{"t3.received.total": {"page": 3, "box": [400, 210, 38, 16]}}'::jsonb
          where id = ${id}`,
    );
    const api = await json(`/api/v1/reports/${id}`);
    expect((api.provenanceKind as Record<string, string>)['t3.received.total']).toBe('ocr');
    expect((api.provenanceKind as Record<string, string>)['t3.received.naturalPerson']).toBe('read');
    expect(api.ocr).toEqual({
      't3.received.total': {
        page: 3,
        box: [400, 210, 38, 16],
        crop: `/reports/${id}/crop/t3.received.total`,
      },
    });
  };

  it('an unknown report is a 404 in JSON with a Chinese message', async () => {
    const r = await t.request('/api/v1/reports/999999');
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatch(/未找到/);
  });
});

describe('the list', () => {
  it('pages through every report that stands, with links', async () => {
    const p1 = await json('/api/v1/reports?perPage=2');
    expect(p1.total).toBe(SEEDS.length);
    expect((p1.items as unknown[]).length).toBe(2);
    const links = p1.links as { next: string; prev: string | null };
    expect(links.prev).toBeNull();
    const p2 = await json(links.next);
    const p3 = await json((p2.links as { next: string }).next);
    expect((p3.items as unknown[]).length).toBe(SEEDS.length - 4);
    expect((p3.links as { next: string | null }).next).toBeNull();
    const all = [
      ...(p1.items as { id: number }[]),
      ...(p2.items as { id: number }[]),
      ...(p3.items as { id: number }[]),
    ];
    expect(new Set(all.map((i) => i.id)).size).toBe(SEEDS.length);
  });

  it('filters by year, by agency and by region (the subtree)', async () => {
    const seed = SEEDS[0]!;
    const byYear = await json(`/api/v1/reports?year=${seed.expected.year}`);
    expect((byYear.items as { year: number }[]).every((i) => i.year === seed.expected.year)).toBe(true);
    const byAgency = await json('/api/v1/reports?agency=a');
    expect((byAgency.items as { id: number }[]).map((i) => i.id)).toEqual([ids[seed.name]]);
    const byRegion = await json(`/api/v1/reports?region=${t.agency.R}`);
    expect(byRegion.total).toBe(1);
    expect((byRegion.items as { agency: { code: string } }[])[0]!.agency.code).toBe('a');
    const other = await json('/api/v1/reports?region=s');
    expect(other.total).toBe(SEEDS.length - 1);
  });

  it('rejects a bad parameter with 400 naming it', async () => {
    const r = await t.request('/api/v1/reports?perPage=5000');
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/perPage/);
    const r2 = await t.request('/api/v1/reports?region=nowhere');
    expect(r2.status).toBe(400);
    expect((await r2.json()).error).toMatch(/region.*nowhere/);
  });

  it('lists only the copy that stands once a supervisor has chosen, and the report shows its copies', async () => {
    const seed = SEEDS[0]!;
    const copy = await collectFile(
      t.handle.db,
      { name: 'copy.txt', bytes: Buffer.from(`${seed.text}\n`) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-20' },
    );
    let list = await json('/api/v1/reports?agency=a');
    // Not confirmed yet: the first copy still stands.
    expect((list.items as { id: number }[]).map((i) => i.id)).toEqual([ids[seed.name]]);
    await supersede(t.handle.db, copy.reportId!, 'test', new Date());
    const { reportPages } = await import('../src/web/reports/page-cache.ts');
    reportPages.invalidate();
    list = await json('/api/v1/reports?agency=a');
    expect((list.items as { id: number }[]).map((i) => i.id)).toEqual([copy.reportId]);
    const old = await json(`/api/v1/reports/${ids[seed.name]}`);
    expect(old.stands).toBe(false);
    expect(old.supersededBy).toBe(copy.reportId);
    expect((old.copies as unknown[]).length).toBe(2);
  });
});

describe('bulk dataset', () => {
  it('a year as CSV (one row per report, one column per field key) and as JSON Lines', async () => {
    const year = SEEDS[0]!.expected.year;
    const csv = await t.request(`/api/v1/datasets/${year}.csv`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['file', 'agency', 'year']);
    expect(header).toContain('t3.received.total');
    const sameYear = SEEDS.filter((s) => s.expected.year === year).length;
    expect(lines.length - 1).toBe(sameYear);
    const jl = await t.request(`/api/v1/datasets/${year}.jsonl`);
    const rows = (await jl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(sameYear);
    expect(rows[0].fields['t3.received.total']).toBeTypeOf('number');
    expect((await t.request('/api/v1/datasets/2023.xml')).status).toBe(404);
  });

  it('answers a conditional request with 304', async () => {
    const a = await t.request('/api/v1/reports?perPage=1');
    const etag = a.headers.get('etag')!;
    expect(a.headers.get('cache-control')).toMatch(/max-age/);
    const b = await t.request('/api/v1/reports?perPage=1', { headers: { 'If-None-Match': etag } });
    expect(b.status).toBe(304);
  });
});

describe('every answer is JSON, errors included', () => {
  const errorOf = async (path: string, status: number, init?: { method?: string }) => {
    const r = await t.request(path, init);
    expect(r.status, path).toBe(status);
    expect(r.headers.get('content-type'), path).toMatch(/application\/json/);
    const body = (await r.json()) as { error: string };
    // A Chinese message a researcher can act on, never an HTML page or a stack trace.
    expect(body.error, path).toMatch(/[\u4e00-\u9fff]/);
    expect(body.error, path).not.toMatch(/at .*\.ts:\d+/);
    return body.error;
  };

  it('an unknown address under /api is a 404 pointing at the description', async () => {
    expect(await errorOf('/api/v1/nothing-here', 404)).toMatch(/接口不存在.*openapi\.json/);
    expect(await errorOf('/api/v1/reports/1/extra', 404)).toMatch(/接口不存在/);
    expect(await errorOf('/api/v2/reports', 404)).toMatch(/接口不存在/);
    expect(await errorOf('/api', 404)).toMatch(/接口不存在/);
  });

  it('a report or a dataset that is not there is a 404', async () => {
    expect(await errorOf('/api/v1/reports/abc', 404)).toMatch(/abc/);
    expect(await errorOf('/api/v1/reports/999999', 404)).toMatch(/999999/);
    expect(await errorOf('/api/v1/datasets/2023.txt', 404)).toMatch(/2023\.csv/);
  });

  it('bad parameters are a 400 naming the parameter and what was sent', async () => {
    expect(await errorOf('/api/v1/reports?year=abc', 400)).toMatch(/year.*abc/);
    expect(await errorOf('/api/v1/reports?page=0', 400)).toMatch(/page/);
    expect(await errorOf('/api/v1/reports?perPage=-1', 400)).toMatch(/perPage/);
  });

  it('the API is read-only: another method is a 405 naming the allowed one, before any CSRF check', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await t.request('/api/v1/reports', { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect((await r.json()).error).toMatch(/只读.*GET/);
    }
  });
});

describe('limits and description', () => {
  it('answers 429 with Retry-After past the per-address limit', async () => {
    const small = await openWebTest({ apiLimit: { max: 3, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await small.request('/api/v1/reports')).status).toBe(200);
      const r = await small.request('/api/v1/reports');
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await r.json()).error).toMatch(/过于频繁/);
      small.setNow(new Date(small.deps.now().getTime() + 61_000));
      expect((await small.request('/api/v1/reports')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('the OpenAPI document validates against the OpenAPI 3.1 schema', async () => {
    const doc = await json('/api/v1/openapi.json');
    const res = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(Object.keys(doc.paths as object)).toContain('/api/v1/reports/{id}');
  });

  it('no personal data: mobile and ID numbers in the narrative are masked', async () => {
    const { scrubText } = await import('../src/web/api/report-json.ts');
    expect(scrubText('联系人手机13812345678，身份证11010519491231002X。电话010-69271234')).toBe(
      '联系人手机138****5678，身份证110***********002X。电话010-69271234',
    );
  });
});

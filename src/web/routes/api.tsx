// The open-data API, version 1: read-only JSON of the annual reports that stand (one per agency-year, as on the
// public pages), one report with every field, its provenance kind and findings, the bulk dataset of a year, and
// the OpenAPI description. Every request counts against a per-address limit (429 with Retry-After past it);
// answers are cached in memory until a report changes, and carry an ETag for conditional requests.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { datasetCsv, datasetFromDb, datasetJsonl } from '../../supervision/dataset.ts';
import {
  copiesOf,
  isPublicReport,
  PUBLIC_STANDING_REPORT,
  standingReports,
} from '../../supervision/report-choice.ts';
import { datasetColumns } from '../api/dataset-columns.ts';
import { datasetReadme, LICENSE_LINK, licenseJson } from '../api/licence.ts';
import { OPENAPI } from '../api/openapi.ts';
import { type AgencyRef, reportJson, summaryJson } from '../api/report-json.ts';
import type { AppEnv } from '../env.ts';
import { clientIp } from '../middleware/client-ip.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';
import { PageCache, reportPages } from '../reports/page-cache.ts';
import { getReportRow, reportYears } from '../reports/store.ts';

class ApiError extends Error {
  constructor(
    readonly status: 400 | 404 | 405,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a request is for the API: its every answer is JSON (errors included), never the HTML error page. */
export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** An API error answer: JSON with a Chinese message, what the request asked for, and no caching. */
export function apiError(c: Context, status: 400 | 404 | 405 | 413 | 429 | 500, message: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Access-Control-Allow-Origin', '*');
  return c.json({ error: message, status, path: c.req.path.slice(0, 200) }, status);
}

/** The API is read-only: any other method is a 405 in JSON before a session, a body or a CSRF token is looked at. */
export const readOnlyApi: MiddlewareHandler = async (c, next) => {
  if (!isApiPath(c.req.path) || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  c.header('Allow', 'GET, HEAD');
  return apiError(c, 405, `开放数据接口只读，仅支持 GET 请求，收到 ${c.req.method.slice(0, 10)}`);
};

/** An unknown address under /api: 404 in JSON pointing at the description. */
export const apiNotFound = (c: Context) =>
  apiError(c, 404, `接口不存在：${c.req.path.slice(0, 200)}。可用的接口见 /api/v1/openapi.json`);

/** Answers of this process, cleared whenever a report is collected, edited or chosen (with the report pages). */
const answers = new PageCache(5 * 60_000, 2000);
reportPages.dependents.push(answers);

const TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  zip: 'application/zip',
} as const;

function send(c: Context<AppEnv>, body: string | Uint8Array, type: keyof typeof TYPES, name?: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'public, max-age=60');
  c.header('Access-Control-Allow-Origin', '*');
  // The data's licence (ADR 0011) on every answer, 304s included: a CSV or JSON Lines file has no room for it.
  c.header('Link', LICENSE_LINK);
  if (name) c.header('Content-Disposition', `attachment; filename="${name}"`);
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
  c.header('Content-Type', TYPES[type]);
  return c.body(body as string);
}

async function cached(c: Context<AppEnv>, make: () => Promise<string>): Promise<string> {
  const key = c.req.url.slice(c.req.url.indexOf('/api/'));
  const now = c.get('deps').now().getTime();
  const hit = answers.get(key, now);
  if (hit !== null) return hit;
  const body = await make();
  answers.set(key, body, now);
  return body;
}

/** A year's public dataset entries, or the API's 404 naming the years there are. */
async function yearEntries(db: Executor, year: number) {
  const entries = await datasetFromDb(db, { year, publishedOnly: true });
  // A year with no public report is not an empty file a script would take for "no reports were filed": say so,
  // with the years there are.
  if (!entries.length) {
    const years = await reportYears(db, { publicOnly: true });
    throw new ApiError(
      404,
      `${year}年度没有已公开的年度报告${years.length ? `；有数据的年度：${years.join('、')}` : ''}`,
    );
  }
  return entries;
}

const positive = (s: string | undefined, name: string, max: number, fallback: number | null) => {
  if (s === undefined || s === '') return fallback;
  if (!/^\d{1,9}$/.test(s) || Number(s) < 1 || Number(s) > max)
    throw new ApiError(400, `参数 ${name} 应为 1 至 ${max} 之间的整数，收到“${s.slice(0, 40)}”`);
  return Number(s);
};

/** An agency named by its code or its number. */
async function agencyOf(db: Executor, v: string, name: string): Promise<number> {
  const [a] = await queryRows<{ id: number }>(
    db,
    /^\d{1,9}$/.test(v)
      ? sql`select id from agencies where id = ${Number(v)}`
      : sql`select id from agencies where code = ${v}`,
  );
  if (!a) throw new ApiError(400, `参数 ${name}：未找到代码或编号为“${v.slice(0, 40)}”的机关`);
  return Number(a.id);
}

async function agencyRef(db: Executor, id: number | null): Promise<AgencyRef | null> {
  if (id === null) return null;
  const [a] = await queryRows<AgencyRef>(db, sql`select id, code, name from agencies where id = ${id}`);
  return a ? { id: Number(a.id), code: a.code, name: a.name } : null;
}

export function apiRoutes(limiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const wait = limiter.hit(`api:${clientIp(c)}`, c.get('deps').now().getTime());
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      c.header('Cache-Control', 'no-store');
      c.header('Access-Control-Allow-Origin', '*');
      return c.json({ error: `请求过于频繁，请 ${wait} 秒后再试`, status: 429, retryAfter: wait }, 429);
    }
    await next();
  });
  // A bad parameter or a missing report: JSON with the Chinese message, not the HTML error page.
  app.onError((e, c) => {
    if (e instanceof ApiError) return apiError(c, e.status, e.message);
    throw e; // the app's handler logs it and answers 500 in JSON for an API path
  });

  app.get('/openapi.json', (c) => send(c, JSON.stringify(OPENAPI), 'json'));

  app.get('/reports', async (c) => {
    const db = c.get('deps').handle.db;
    const q = c.req.query();
    const year = positive(q.year, 'year', 2199, null);
    const perPage = positive(q.perPage, 'perPage', 200, 50)!;
    const pageNo = positive(q.page, 'page', 1_000_000, 1)!;
    const agency = q.agency ? await agencyOf(db, q.agency, 'agency') : null;
    const region = q.region ? await agencyOf(db, q.region, 'region') : null;
    const body = await cached(c, async () => {
      const conds = [sql`true`];
      if (year !== null) conds.push(sql`year = ${year}`);
      if (agency !== null) conds.push(sql`agency_id = ${agency}`);
      if (region !== null)
        conds.push(sql`agency_id in (with recursive t(id) as (select ${region}::int union all
            select a.id from agencies a join t on a.parent_id = t.id) select id from t)`);
      const where = sql.join(conds, sql` and `);
      const rows = await queryRows<{
        id: number;
        agency_id: number | null;
        code: string | null;
        name: string | null;
        agency_name: string;
        year: number;
        format: string | null;
        published_on: string | null;
        errors: number;
        warnings: number;
        received: string | null;
        total: number;
      }>(
        db,
        sql`select s.id, s.agency_id, a.code, a.name, s.agency_name, s.year, s.format, s.published_on::text,
              s.errors, s.warnings, s.fields ->> 't3.received.total' as received, count(*) over ()::int as total
            from ${standingReports(where)} s left join agencies a on a.id = s.agency_id
            where ${PUBLIC_STANDING_REPORT} order by s.year desc, s.agency_name, s.id
            limit ${perPage} offset ${(pageNo - 1) * perPage}`,
      );
      const total = rows.length
        ? Number(rows[0]!.total)
        : Number(
            (
              await queryRows<{ n: number }>(
                db,
                sql`select count(*)::int as n from ${standingReports(where)} s where ${PUBLIC_STANDING_REPORT}`,
              )
            )[0]?.n ?? 0,
          );
      const link = (p: number) => {
        const u = new URLSearchParams(q);
        u.set('page', String(p));
        u.set('perPage', String(perPage));
        return `/api/v1/reports?${u}`;
      };
      return JSON.stringify({
        apiVersion: 'v1',
        page: pageNo,
        perPage,
        total,
        items: rows.map((r) =>
          summaryJson({
            id: Number(r.id),
            agency:
              r.agency_id === null
                ? null
                : { id: Number(r.agency_id), code: r.code ?? '', name: r.name ?? '' },
            agencyName: r.agency_name,
            year: Number(r.year),
            format: r.format,
            publishedOn: r.published_on,
            errors: Number(r.errors),
            warnings: Number(r.warnings),
            received: r.received === null ? null : Number(r.received),
          }),
        ),
        license: licenseJson,
        links: {
          self: link(pageNo),
          next: pageNo * perPage < total ? link(pageNo + 1) : null,
          prev: pageNo > 1 ? link(pageNo - 1) : null,
        },
      });
    });
    return send(c, body, 'json');
  });

  app.get('/reports/:id', async (c) => {
    const db = c.get('deps').handle.db;
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id)) throw new ApiError(404, `未找到编号为“${id.slice(0, 40)}”的年度报告`);
    const body = await cached(c, async () => {
      const row = await getReportRow(db, Number(id));
      // A copy the public report page withholds (matched to no agency, or its publication date not yet entered) is
      // withheld here too: the same 404, so the API tells no more than the page does.
      if (!row || !isPublicReport(row)) throw new ApiError(404, `未找到编号为 ${id} 的年度报告`);
      // Its copies as the public page lists them: the public ones.
      const copies = (await copiesOf(db, row.id)).filter(isPublicReport);
      return JSON.stringify({
        ...reportJson(row, await agencyRef(db, row.agencyId), copies),
        license: licenseJson,
      });
    });
    return send(c, body, 'json');
  });

  app.get('/datasets/:file', async (c) => {
    const m = /^(\d{4})\.(csv|jsonl|zip)$/.exec(c.req.param('file'));
    if (!m) throw new ApiError(404, '数据集文件名应为“年度.csv”“年度.jsonl”或“年度.zip”，如 2023.csv');
    const [, year, form] = m as unknown as [string, string, 'csv' | 'jsonl' | 'zip'];
    const db = c.get('deps').handle.db;
    if (form === 'zip') {
      // Both files with a README.txt saying the licence, the attribution and each column (ADR 0011). Kept in the
      // answers cache as base64 (the cache holds strings); rebuilt after a report changes like the others.
      const packed = await cached(c, async () => {
        const entries = await yearEntries(db, Number(year));
        const enc = new TextEncoder();
        const zip = zipSync(
          {
            [`gongkai-${year}.csv`]: enc.encode(datasetCsv(entries.map((e) => e.row))),
            [`gongkai-${year}.jsonl`]: enc.encode(datasetJsonl(entries)),
            'README.txt': enc.encode(datasetReadme(Number(year), datasetColumns())),
          },
          { level: 6, mtime: new Date('2020-01-01T00:00:00Z') },
        );
        return Buffer.from(zip).toString('base64');
      });
      return send(c, new Uint8Array(Buffer.from(packed, 'base64')), 'zip', `gongkai-${year}.zip`);
    }
    const body = await cached(c, async () => {
      const entries = await yearEntries(db, Number(year));
      return form === 'csv' ? datasetCsv(entries.map((e) => e.row)) : datasetJsonl(entries);
    });
    return send(c, body, form, `gongkai-${year}.${form}`);
  });

  app.all('*', apiNotFound);

  return app;
}

// Published annual reports, public: the list by agency and year, one report (tables, findings, charts), its DOCX and
// PDF in the official layout, the original file of a collected report, its data as JSON, its charts as SVG, and the
// crop of the scan behind each OCR-read number.

import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { fieldDef } from '../../domain/report/layout.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import { renderReport } from '../../render/index.ts';
import { reportTitle } from '../../render/view.ts';
import { copiesOf, isPublicReport, standingReports } from '../../supervision/report-choice.ts';
import { barChart, pieChart } from '../charts.ts';
import type { AppEnv } from '../env.ts';
import { notFound, WebError } from '../errors.ts';
import { guard, guardUnlessPublic } from '../middleware/authorize.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { RateLimiter, TooManyRequests } from '../middleware/rate-limit.ts';
import { cropRendererOf } from '../reports/crops.ts';
import { outcomeMix } from '../reports/figures.ts';
import { type CachedPage, etagMatches, pageEncodingFor, reportPages } from '../reports/page-cache.ts';
import { ORIGINAL_FORMS, PdfBusy, pdfKey, reportPdfsOf } from '../reports/report-pdf.ts';
import {
  type AnnualReportRow,
  getReportRow,
  listReports,
  reportYears,
  rowToReport,
} from '../reports/store.ts';
import { CellsLink } from '../views/cell-confirm.tsx';
import { ReportPage, ReportsPage } from '../views/public-reports.tsx';
import { frame, page } from '../views/render.ts';
import { CopiesHistory } from '../views/report-choice.tsx';
import type { CellCrop } from '../views/report-tables.tsx';

/**
 * A cached report page through the usual chain (the first request after a render; src/web/reports/anonymous-page.ts
 * answers the later ones ahead of the chain), with its entity tag: a browser that has it already gets 304 Not
 * Modified. `no-cache`: it may keep the page but asks each time, so a new publication date shows at once. A browser
 * that accepts brotli or gzip gets the page compressed once and kept (~50 KB of HTML to a few KB on the wire).
 */
async function cachedReportPage(c: Context<AppEnv>, page: CachedPage): Promise<Response> {
  const encoding = pageEncodingFor(c.req.header('accept-encoding'));
  const etag = page.etagOf(encoding);
  c.header('Cache-Control', 'no-cache');
  c.header('Vary', 'Accept-Encoding');
  c.header('ETag', etag);
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
  c.header('Content-Type', 'text/html; charset=UTF-8');
  if (encoding !== 'identity') c.header('Content-Encoding', encoding);
  return c.body((await page.body(encoding)) as Uint8Array<ArrayBuffer>);
}

const intParam = (s: string | undefined): number | null => (s && /^\d{1,9}$/.test(s) ? Number(s) : null);

/** Received applications of the same agency over the years (by agency id, else by the printed name). */
async function historyOf(
  db: Executor,
  row: AnnualReportRow,
): Promise<{ year: number; received: number | null }[]> {
  const rows = await queryRows<{ year: number; received: string | null }>(
    db,
    sql`select year, fields ->> 't3.received.total' as received from ${standingReports(
      row.agencyId !== null ? sql`agency_id = ${row.agencyId}` : sql`agency_name = ${row.agencyName}`,
    )} s order by year`,
  );
  const known = new Map(
    rows.filter((r) => r.received !== null).map((r) => [Number(r.year), Number(r.received)] as const),
  );
  if (!known.size) return [];
  // Every year between the first and the last: a year without a report is a gap (null), not left out.
  const from = Math.min(...known.keys());
  const to = Math.max(...known.keys());
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    year: from + i,
    received: known.get(from + i) ?? null,
  }));
}

/**
 * A report is public once it is matched to an agency and its publication date is recorded: an upload that matched
 * no agency, or whose date nobody has entered, is seen by supervisors and administrators only.
 */

const seesUnpublished = (c: Context<AppEnv>): boolean =>
  Boolean(c.get('user')?.roles.some((r) => r === 'supervisor' || r === 'administrator'));

export async function loadReport(db: Executor, id: string | undefined, c?: Context<AppEnv>) {
  const n = intParam(id);
  const row = n === null ? null : await getReportRow(db, n);
  if (!row || (c && !isPublicReport(row) && !seesUnpublished(c))) throw notFound('年度报告');
  return { row, report: rowToReport(row) };
}

/**
 * Who may see the crops of a report's scan (issue 17): anyone for a public report; otherwise the policy
 * 'report.crop' (supervisors of the report's subtree, administrators). Anonymous visitors of a report that is not
 * public get the 404 its page gives them.
 */
const cropAccess: MiddlewareHandler<AppEnv> = guardUnlessPublic('report.crop', async (c) => {
  const n = intParam(c.req.param('id'));
  const row = n === null ? null : await getReportRow(c.get('deps').handle.db, n);
  if (!row) throw notFound('年度报告');
  if (isPublicReport(row)) return true;
  if (!c.get('user')) throw notFound('年度报告');
  return false;
});

/** Crops one address may ask for per minute: a scanned report's page loads a few dozen, a scraper thousands. */
const CROPS_PER_MINUTE = 300;

const noCrop = (label: string) =>
  new WebError(
    404,
    '没有原件截图',
    `“${label}”不是从扫描件中识别（OCR）的数字，或扫描件原件已不在服务器上，没有原件截图。`,
  );

/** The crop links of a report's page: only where the reader may load them (a supervisor of another subtree sees an
 *  unpublished report's page, not its scan). */
export async function cropsFor(c: Context<AppEnv>, row: AnnualReportRow): Promise<CellCrop | undefined> {
  if (!Object.keys(row.ocrBoxes).length) return undefined;
  if (!isPublicReport(row)) {
    let allowed = false;
    await guard('report.crop')(c, async () => {
      allowed = true;
    }).catch(() => {});
    if (!allowed) return undefined;
  }
  return (key) => {
    const b = row.ocrBoxes[key];
    return b ? { href: `/reports/${row.id}/crop/${encodeURIComponent(key)}`, page: b.page } : null;
  };
}

/** What the report page offers of the original file: its kind, when a collected report's bytes are kept. */
async function originalOf(c: Context<AppEnv>, row: AnnualReportRow): Promise<string | undefined> {
  if (row.origin === 'compiled') return undefined;
  const form = ORIGINAL_FORMS[row.sourceForm];
  return form && (await c.get('deps').files.has(row.sha256)) ? form.label : undefined;
}

/** A download name that any browser accepts: ASCII fallback plus the UTF-8 name (RFC 6266/5987). */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function reportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/reports', async (c) => {
    const db = c.get('deps').handle.db;
    const year = intParam(c.req.query('year'));
    const agencyId = intParam(c.req.query('agency'));
    const items = await listReports(db, {
      publicOnly: true,
      ...(year !== null ? { year } : {}),
      ...(agencyId !== null ? { agencyIds: [agencyId] } : {}),
    });
    const agencies = await queryRows<{ id: number; name: string }>(
      db,
      sql`select distinct a.id, a.name from agencies a join annual_reports r on r.agency_id = a.id
          where r.published_on is not null order by a.name`,
    );
    return page(
      c,
      <ReportsPage
        {...frame(c)}
        items={items}
        years={await reportYears(db, { publicOnly: true })}
        agencies={agencies.map((a) => ({ id: Number(a.id), name: a.name }))}
        year={year}
        agencyId={agencyId}
      />,
    );
  });

  app.get('/reports/:id', async (c) => {
    const db = c.get('deps').handle.db;
    // Anonymous visitors all see the same page (no name, no token in it): serve it from memory when we can.
    const anonymous = !c.get('user');
    const key = c.req.param('id');
    const now = Date.now();
    const cached = anonymous ? reportPages.entry(key, now) : null;
    if (cached !== null) return cachedReportPage(c, cached);
    const { row, report } = await loadReport(db, key, c);
    const res = await page(
      c,
      <ReportPage
        {...frame(c)}
        row={row}
        report={report}
        findings={row.findings}
        base={`/reports/${row.id}`}
        crumbs={[['年度报告', '/reports']]}
        mix={outcomeMix(row.fields)}
        history={await historyOf(db, row)}
        extra={
          <>
            {seesUnpublished(c) ? <CellsLink row={row} report={report} /> : null}
            {/* The public sees the public copies only: a copy not yet dated or matched is a 404 to it. */}
            <CopiesHistory
              copies={(await copiesOf(db, row.id)).filter((k) => seesUnpublished(c) || isPublicReport(k))}
              current={row.id}
            />
          </>
        }
        crop={await cropsFor(c, row)}
        original={await originalOf(c, row)}
        staff={seesUnpublished(c)}
      />,
    );
    if (anonymous && res.status === 200)
      return cachedReportPage(c, reportPages.set(key, await res.text(), now));
    return res;
  });

  app.get('/reports/:id/docx', async (c) => {
    const { report } = await loadReport(c.get('deps').handle.db, c.req.param('id'), c);
    const bytes = await renderReport(report, 'docx');
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    c.header('Content-Disposition', attachment(`${reportTitle(report)}.docx`));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  // The report in the official layout as PDF (src/web/reports/report-pdf.ts: rendered on the first request, kept
  // on disk). The ETag is the key of what is drawn, so a browser that has it gets 304 without any rendering.
  app.get('/reports/:id/pdf', async (c) => {
    const deps = c.get('deps');
    const { row, report } = await loadReport(deps.handle.db, c.req.param('id'), c);
    const key = pdfKey(report);
    const etag = `"pdf-${key.slice(0, 32)}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', `${isPublicReport(row) ? 'public' : 'private'}, no-cache`);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    let bytes: Uint8Array;
    try {
      bytes = await reportPdfsOf(deps.files).pdf(report, key);
    } catch (e) {
      if (!(e instanceof PdfBusy)) throw e;
      c.header('Retry-After', '30');
      throw new WebError(429, '服务器繁忙', '正在生成的 PDF 较多，请稍后再下载；DOCX 版本可以立即下载。');
    }
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', attachment(`${reportTitle(report)}.pdf`));
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  // A collected report's file as the agency published it: the source of every number on the page (provenance).
  app.get('/reports/:id/original', async (c) => {
    const deps = c.get('deps');
    const { row, report } = await loadReport(deps.handle.db, c.req.param('id'), c);
    const form = row.origin === 'compiled' ? null : (ORIGINAL_FORMS[row.sourceForm] ?? null);
    const etag = `"orig-${row.sha256.slice(0, 32)}"`;
    const cache = `${isPublicReport(row) ? 'public' : 'private'}, max-age=86400`;
    if (form && etagMatches(c.req.header('if-none-match'), etag) && (await deps.files.has(row.sha256))) {
      c.header('ETag', etag);
      c.header('Cache-Control', cache);
      return c.body(null, 304);
    }
    const bytes = form ? await deps.files.readStoredSource(row.sha256) : null;
    if (!form || !bytes)
      throw new WebError(
        404,
        '没有原件',
        row.origin === 'compiled'
          ? '本报告由机关在本平台编制发布，发布的文件即本页的 DOCX 和 PDF。'
          : '本报告收集时的原件没有保存在服务器上，请到发布机关的政府信息公开专栏查阅原文。',
      );
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(row.sourceName)?.[1]?.toLowerCase() ?? form.ext;
    c.header('Content-Type', form.type);
    c.header('Content-Disposition', attachment(`${reportTitle(report)}（原件）.${ext}`));
    c.header('ETag', etag);
    c.header('Cache-Control', cache);
    c.header('X-Content-Type-Options', 'nosniff');
    // Whatever the file holds, it never runs as a page of this site.
    c.header('Content-Security-Policy', "sandbox; default-src 'none'");
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/reports/:id/json', async (c) => {
    const { row, report } = await loadReport(c.get('deps').handle.db, c.req.param('id'), c);
    return c.json({
      ...toParsedJson(report, { provenance: false }),
      findings: row.findings,
      publishedOn: row.publishedOn,
    });
  });

  const cropLimiter = new RateLimiter(CROPS_PER_MINUTE, 60_000);
  app.get('/reports/:id/crop/:field', cropAccess, async (c) => {
    const deps = c.get('deps');
    const row = (await getReportRow(deps.handle.db, Number(c.req.param('id'))))!;
    const key = c.req.param('field');
    const def = fieldDef(key);
    if (!def) throw notFound('字段');
    const at = row.ocrBoxes[key];
    if (!at) throw noCrop(def.label);
    // The bytes never change for a report's field: the scan is content-addressed and the box is stored with it.
    const etag = `"crop-${createHash('sha256')
      .update(`${row.sha256}:${at.page}:${at.box.join(',')}`)
      .digest('hex')
      .slice(0, 32)}"`;
    const cache = `${isPublicReport(row) ? 'public' : 'private'}, max-age=31536000, immutable`;
    const match = c.req.header('if-none-match');
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      c.header('ETag', etag);
      c.header('Cache-Control', cache);
      return c.body(null, 304);
    }
    // Each crop costs the crop worker ~50–200 ms of CPU: limited per address like the other heavy public routes.
    const wait = cropLimiter.hit(clientIp(c), deps.now().getTime());
    if (wait > 0) throw new TooManyRequests(wait, '查看原件截图');
    const png = await cropRendererOf(deps.files).crop(row.sha256, at.page, at.box);
    if (png === 'missing' || png === 'failed') throw noCrop(def.label);
    if (png === 'busy') {
      c.header('Retry-After', '5');
      throw new WebError(429, '服务器繁忙', '正在生成的原件截图较多，请稍后刷新页面。');
    }
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', cache);
    c.header('ETag', etag);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(png as Uint8Array<ArrayBuffer>);
  });

  app.get('/reports/:id/charts/:chart', async (c) => {
    const db = c.get('deps').handle.db;
    const { row } = await loadReport(db, c.req.param('id'), c);
    let svg: string;
    switch (c.req.param('chart')) {
      case 'outcomes.svg':
        svg = pieChart({ title: `${row.year}年办理结果构成`, items: outcomeMix(row.fields) });
        break;
      case 'received.svg': {
        const h = await historyOf(db, row);
        svg = barChart({
          title: '历年新收申请数量',
          categories: h.map((x) => `${x.year}年`),
          series: [{ name: '新收申请', data: h.map((x) => x.received) }],
          yName: '件',
        });
        break;
      }
      default:
        throw notFound('图表');
    }
    return svgResponse(c, svg);
  });

  return app;
}

export function svgResponse(
  c: { header: (k: string, v: string) => void; body: (b: string) => Response },
  svg: string,
) {
  c.header('Content-Type', 'image/svg+xml; charset=utf-8');
  c.header('Cache-Control', 'no-cache');
  return c.body(svg);
}

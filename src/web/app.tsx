// The web application: one Hono app for the public portal, the staff console, the supervisor console and the
// administration pages. The middleware chain is the same for every request — security headers, body limit,
// session, CSRF — and each route adds its own: rate limit → guard (policies.ts) → validate (zod) → use case → view.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { routePath } from 'hono/route';
import { CaseError } from '../cases/errors.ts';
import { LETTER_CSS } from '../letters/preview.ts';
import { MAX_ATTACHMENT_BYTES } from '../publishing/attachments.ts';
import { PublishingError } from '../publishing/errors.ts';
import { RenderError } from '../render/errors.ts';
import type { WebDeps } from './deps.ts';
import '../zod-zh.ts';
import type { AppEnv } from './env.ts';
import { StaleForm, WebError } from './errors.ts';
import { DRAFT_FORMS, stashDraft } from './form-drafts.ts';
import { redirectToLogin } from './middleware/authorize.ts';
import { FORM_LIMIT, limitBody } from './middleware/body-limit.ts';
import { csrf } from './middleware/csrf.ts';
import { RateLimiter, TooManyRequests } from './middleware/rate-limit.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { loadSession } from './middleware/session.ts';
import { httpErrors } from './observability/metrics.ts';
import { observe, requestIdOf } from './observability/request.ts';
import { anonymousReportPage } from './reports/anonymous-page.ts';
import { adminRoutes } from './routes/admin.tsx';
import { apiError, apiNotFound, apiRoutes, isApiPath, readOnlyApi } from './routes/api.tsx';
import { APPLY_BODY_LIMIT } from './routes/apply.tsx';
import { authRoutes } from './routes/auth.tsx';
import { calendarRoutes } from './routes/calendar.tsx';
import { caseRoutes, RELEASED_BODY_LIMIT, RELEASED_PATH } from './routes/cases.tsx';
import { metricsRoutes } from './routes/metrics.ts';
import { publicRoutes } from './routes/public.tsx';
import { ATTACHMENT_PATH, publishingRoutes } from './routes/publishing.tsx';
import { reportDeadlineRoutes } from './routes/report-deadlines.tsx';
import { staffRoutes } from './routes/staff.tsx';
import { superviseRoutes, UPLOAD_PATH } from './routes/supervise.tsx';
import { superviseCellRoutes } from './routes/supervise-cells.tsx';
import { superviseChoiceRoutes } from './routes/supervise-choice.tsx';
import { superviseExportRoutes } from './routes/supervise-exports.tsx';
import { supervisePerformanceRoutes } from './routes/supervise-performance.tsx';
import { templateRoutes } from './routes/templates.tsx';
import { UPLOAD_OVERHEAD_BYTES } from './settings.ts';
import { ErrorPage } from './views/error.tsx';
import { page } from './views/render.ts';
import { SessionExpiredPage } from './views/session-expired.tsx';

// The letter preview's styles (src/letters/preview.ts) follow the site's, so a preview looks like the DOCX.
const CSS = `${readFileSync(new URL('./static/style.css', import.meta.url), 'utf8')}\n${LETTER_CSS}\n`;
const CHARTS_JS = readFileSync(new URL('./static/charts.js', import.meta.url), 'utf8');

/** Consoles: an anonymous visitor is sent to the login page (the guards then check role and scope). */
const CONSOLES = ['/staff', '/supervise', '/admin', '/account'];

export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const loginLimiter = new RateLimiter(deps.options.loginLimit.max, deps.options.loginLimit.windowMs);
  const applyLimiter = new RateLimiter(deps.options.applyLimit.max, deps.options.applyLimit.windowMs);
  const apiLimiter = new RateLimiter(deps.options.apiLimit.max, deps.options.apiLimit.windowMs);

  // An anonymous visitor's cached report page is answered first, with the same security headers, request id,
  // metrics and log line, and without what it does not need (session, CSRF cookie): src/web/reports/anonymous-page.ts.
  app.use('/reports/*', anonymousReportPage(deps));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('user', null);
    c.set('session', null);
    c.set('csrfToken', '');
    c.set('requestId', '');
    await next();
  });
  app.use('*', observe());
  app.use('*', securityHeaders(deps.options.secureCookies));
  // The open-data API is read-only and answers JSON only: other methods stop here (no session, body or CSRF check).
  app.use('*', readOnlyApi);

  app.get('/health', async (c) => {
    await deps.handle.db.execute(sql`select 1`);
    return c.json({ ok: true });
  });
  app.get('/static/style.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS);
  });

  app.get('/static/charts.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CHARTS_JS);
  });

  app.use('*', loadSession());
  // Only a signed-in supervisor may send the large body of a bulk upload; everyone else is held to a form's size
  // before anything reads the body (the CSRF check parses it).
  // The bulk upload's body is streamed to disk by its route (routes/supervise-upload.tsx), never buffered before it.
  const streamedUpload = (c: Context<AppEnv>) =>
    c.req.method === 'POST' &&
    c.req.path === UPLOAD_PATH &&
    (c.get('user')?.roles ?? []).includes('supervisor');
  app.use('*', async (c, next) => {
    const roles = c.get('user')?.roles ?? [];
    const uploader = roles.includes('supervisor') && c.req.path === UPLOAD_PATH;
    // An officer attaches files to a 主动公开 draft (src/publishing/attachments.ts sets the per-file limit).
    // The application form carries its attachments (routes/apply.tsx checks each one's size and type).
    const applying = c.req.path === '/apply' && c.req.method === 'POST';
    const attacher = roles.includes('officer') && ATTACHMENT_PATH.test(c.req.path);
    // An officer uploads the documents released with a reply (src/cases/released.ts checks each one).
    const releasing = roles.includes('officer') && RELEASED_PATH.test(c.req.path);
    const max = releasing
      ? RELEASED_BODY_LIMIT
      : uploader
        ? deps.options.upload.maxTotalBytes + UPLOAD_OVERHEAD_BYTES
        : attacher
          ? MAX_ATTACHMENT_BYTES + UPLOAD_OVERHEAD_BYTES
          : applying
            ? APPLY_BODY_LIMIT
            : FORM_LIMIT;
    return limitBody(max, { streamed: streamedUpload(c) })(c, next);
  });
  app.use('*', csrf({ streamed: streamedUpload }));
  for (const prefix of CONSOLES)
    for (const path of [prefix, `${prefix}/*`])
      app.use(path, async (c, next) => {
        if (!c.get('user')) return redirectToLogin(c);
        await next();
      });

  app.route('/api/v1', apiRoutes(apiLimiter));
  app.route('/', publicRoutes(applyLimiter));
  app.route('/', authRoutes(loginLimiter));
  app.route('/staff/publishing', publishingRoutes());
  app.route('/staff', staffRoutes());
  app.route('/staff', caseRoutes());
  app.route('/supervise', superviseRoutes());
  app.route('/supervise', superviseChoiceRoutes());
  app.route('/supervise', superviseCellRoutes());
  app.route('/supervise', superviseExportRoutes());
  app.route('/supervise', supervisePerformanceRoutes());
  app.route('/admin/templates', templateRoutes());
  app.route('/admin/calendar', calendarRoutes());
  app.route('/admin/report-deadlines', reportDeadlineRoutes());
  app.route('/admin', adminRoutes());
  app.route('/', metricsRoutes());

  app.notFound((c) =>
    isApiPath(c.req.path)
      ? apiNotFound(c)
      : page(
          c,
          <ErrorPage
            user={c.get('user')}
            csrf={c.get('csrfToken')}
            title="未找到"
            message="您访问的页面不存在。"
          />,
          404,
        ),
  );
  app.onError((err, c) => {
    const api = isApiPath(c.req.path);
    if (api && err instanceof TooManyRequests) {
      c.header('Retry-After', String(err.retryAfter));
      return apiError(c, 429, `请求过于频繁，请 ${err.retryAfter} 秒后再试`);
    }
    if (api && err instanceof WebError)
      return apiError(
        c,
        err.status === 413 || err.status === 429 ? err.status : err.status === 404 ? 404 : 400,
        err.message,
      );
    const frame = { user: c.get('user') ?? null, csrf: c.get('csrfToken') ?? '' };
    if (err instanceof TooManyRequests) {
      c.header('Retry-After', String(err.retryAfter));
      return page(
        c,
        <ErrorPage
          {...frame}
          title="请求过于频繁"
          message={`${err.what}过于频繁，已暂时限制来自您所在网络地址的提交。这是为了防止滥用。`}
          retryAfter={err.retryAfter}
        />,
        429,
      );
    }
    if (err instanceof StaleForm) return staleFormPage(c);
    if (err instanceof WebError)
      return page(c, <ErrorPage {...frame} title={err.title} message={err.message} />, err.status);
    if (err instanceof PublishingError) {
      const status =
        err.code === 'NOT_FOUND'
          ? 404
          : err.code === 'NOT_ALLOWED'
            ? 403
            : err.code === 'INVALID_INPUT'
              ? 422
              : 409;
      return page(c, <ErrorPage {...frame} title="无法完成操作" message={err.message} />, status);
    }
    if (err instanceof RenderError) {
      // A PDF asked for where LibreOffice is missing or failed (a letter, a report draft): the server is fine and
      // the DOCX of the same document can be downloaded, so this is a 503 that says what to do, not a 500.
      // What LibreOffice printed may name server paths: it goes to the log, the user gets what to do.
      deps.logger?.warn({ path: c.req.path, code: err.code }, err.message);
      const what =
        err.code === 'soffice-missing' ? err.message : 'LibreOffice 转换 PDF 失败，详情已记入服务器日志。';
      if (api) return apiError(c, 500, what);
      return page(
        c,
        <ErrorPage
          {...frame}
          title="暂时无法生成 PDF"
          message={`${what.replace(/。$/, '')}。同一文书的 DOCX 版本仍可下载，可用 WPS 或 Word 打开后打印。`}
        />,
        503,
      );
    }
    if (err instanceof CaseError) {
      // The use cases' typed errors carry a Chinese message meant for the user.
      const status =
        err.code === 'NOT_FOUND' ? 404 : err.code === 'YEAR_LOCKED' || err.code === 'CONFLICT' ? 409 : 422;
      return page(c, <ErrorPage {...frame} title="无法完成操作" message={err.message} />, status);
    }
    const requestId = requestIdOf(c);
    httpErrors.inc({ route: routePath(c, -1) || 'unmatched' });
    if (deps.logger)
      deps.logger.error(
        { reqId: requestId, method: c.req.method, path: c.req.path, err },
        `内部错误 ${c.req.method} ${c.req.path}`,
      );
    else deps.log?.(`内部错误 ${c.req.method} ${c.req.path} [${requestId}]: ${err.stack ?? err.message}`);
    if (api) return apiError(c, 500, `服务器处理请求时出错，请稍后再试。问题已记录（编号 ${requestId}）。`);
    return page(
      c,
      <ErrorPage
        {...frame}
        title="系统错误"
        message="服务器处理请求时出错，请稍后再试。问题已记录。"
        requestId={requestId}
      />,
      500,
    );
  });
  return app;
}

/** Fields never carried back: the token itself and secrets. */
const NOT_CARRIED = new Set(['_csrf', 'password', 'current', 'next', 'confirm', 'formToken']);

/**
 * A stale form: back to where it came from after login, with what was typed. A case action returns as its preview
 * (a GET whose address holds the values); any other form returns to its page, and the typed text is shown here.
 */
async function staleFormPage(c: Context<AppEnv>) {
  let body: Record<string, unknown> = {};
  try {
    body = await c.req.parseBody({ all: true });
  } catch {}
  const typed = Object.entries(body)
    .filter(([k, v]) => !NOT_CARRIED.has(k) && typeof v === 'string' && v.trim())
    .map(([k, v]) => [k, String(v).slice(0, 2000)] as const);
  const m = /^\/staff\/cases\/([^/]+)\/do\/([A-Za-z]+)$/.exec(c.req.path);
  let back = '/';
  // The intake and application forms hold ID and phone numbers: their fields wait server-side under a one-time
  // key (form-drafts.ts) and the form comes back filled from it.
  const drafted = DRAFT_FORMS.has(c.req.path) && typed.length > 0;
  if (m) back = `/staff/cases/${m[1]}/preview/${m[2]}?${new URLSearchParams(typed.map(([k, v]) => [k, v]))}`;
  else if (drafted) {
    const key = await stashDraft(
      c.get('deps').handle.db,
      c.req.path,
      Object.fromEntries(typed),
      c.get('deps').now(),
    );
    back = `${c.req.path}?draft=${key}`;
  } else {
    const ref = c.req.header('referer');
    try {
      const u = ref ? new URL(ref) : null;
      if (u && u.host === new URL(c.req.url).host) back = `${u.pathname}${u.search}`;
    } catch {}
  }
  return page(
    c,
    <SessionExpiredPage
      user={c.get('user') ?? null}
      csrf={c.get('csrfToken') ?? ''}
      back={back}
      signedIn={Boolean(c.get('user')) || !c.req.path.startsWith('/staff')}
      typed={m ? [] : typed}
    />,
    403,
  );
}

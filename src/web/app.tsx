// The web application: one Hono app for the public portal, the staff console, the supervisor console and the
// administration pages. The middleware chain is the same for every request — security headers, body limit,
// session, CSRF — and each route adds its own: rate limit → guard (policies.ts) → validate (zod) → use case → view.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { CaseError } from '../cases/errors.ts';
import { PublishingError } from '../publishing/errors.ts';
import type { WebDeps } from './deps.ts';
import '../zod-zh.ts';
import type { AppEnv } from './env.ts';
import { WebError } from './errors.ts';
import { redirectToLogin } from './middleware/authorize.ts';
import { FORM_LIMIT, limitBody } from './middleware/body-limit.ts';
import { csrf } from './middleware/csrf.ts';
import { RateLimiter, TooManyRequests } from './middleware/rate-limit.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { loadSession } from './middleware/session.ts';
import { adminRoutes } from './routes/admin.tsx';
import { authRoutes } from './routes/auth.tsx';
import { publicRoutes } from './routes/public.tsx';
import { staffRoutes } from './routes/staff.tsx';
import { superviseRoutes, UPLOAD_PATH } from './routes/supervise.tsx';
import { ErrorPage } from './views/error.tsx';
import { page } from './views/render.ts';

const CSS = readFileSync(new URL('./static/style.css', import.meta.url), 'utf8');

/** Consoles: an anonymous visitor is sent to the login page (the guards then check role and scope). */
const CONSOLES = ['/staff', '/supervise', '/admin', '/account'];

export function createApp(deps: WebDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const loginLimiter = new RateLimiter(deps.options.loginLimit.max, deps.options.loginLimit.windowMs);
  const applyLimiter = new RateLimiter(deps.options.applyLimit.max, deps.options.applyLimit.windowMs);

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('user', null);
    c.set('session', null);
    c.set('csrfToken', '');
    await next();
  });
  app.use('*', securityHeaders());

  app.get('/health', async (c) => {
    await deps.handle.db.execute(sql`select 1`);
    return c.json({ ok: true });
  });
  app.get('/static/style.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(CSS);
  });

  app.use('*', loadSession());
  // Only a signed-in supervisor may send the large body of a bulk upload; everyone else is held to a form's size
  // before anything reads the body (the CSRF check parses it).
  app.use('*', async (c, next) => {
    const uploader = c.get('user')?.roles.includes('supervisor') && c.req.path === UPLOAD_PATH;
    return limitBody(uploader ? deps.options.upload.maxTotalBytes + 1024 * 1024 : FORM_LIMIT)(c, next);
  });
  app.use('*', csrf());
  for (const prefix of CONSOLES)
    for (const path of [prefix, `${prefix}/*`])
      app.use(path, async (c, next) => {
        if (!c.get('user')) return redirectToLogin(c);
        await next();
      });

  app.route('/', publicRoutes(applyLimiter));
  app.route('/', authRoutes(loginLimiter));
  app.route('/staff', staffRoutes());
  app.route('/supervise', superviseRoutes());
  app.route('/admin', adminRoutes());

  app.notFound((c) =>
    page(
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
    if (err instanceof CaseError) {
      // The use cases' typed errors carry a Chinese message meant for the user.
      const status =
        err.code === 'NOT_FOUND' ? 404 : err.code === 'YEAR_LOCKED' || err.code === 'CONFLICT' ? 409 : 422;
      return page(c, <ErrorPage {...frame} title="无法完成操作" message={err.message} />, status);
    }
    const id = randomBytes(4).toString('hex');
    deps.log?.(`内部错误 [${id}] ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return page(
      c,
      <ErrorPage
        {...frame}
        title="系统错误"
        message={`服务器处理请求时出错，请稍后再试。问题已记录（编号 ${id}）。`}
      />,
      500,
    );
  });
  return app;
}

// The last line of defence: an exception that escapes every handler — thrown in a callback outside the request's
// promise, or a promise rejected with nobody to catch it (a library's stray timer or promise) — is logged with an
// id, the request it came from (if any) is answered 500 with a Chinese page naming the id, and the server keeps
// serving. Which request: each request runs in an AsyncLocalStorage context, which Node keeps for the callbacks and
// promises the request starts, and exposes in the 'uncaughtException' and 'unhandledRejection' handlers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { html } from 'hono/html';
import { ErrorPage } from './views/error.tsx';

interface RequestScope {
  readonly method: string;
  readonly path: string;
  /** Answer the request with the error page of `id`; no-op once it has been answered. */
  readonly fail: (id: string) => void;
}

export interface SafetyNet {
  /** Wrap the app's fetch: each request runs in a scope an escaped exception can answer. */
  wrap<E>(
    fetch: (req: Request, env: E) => Response | Promise<Response>,
  ): (req: Request, env: E) => Promise<Response>;
  /** Stop listening for escaped exceptions (server stop). */
  close(): void;
}

/** The 500 page of an escaped exception, with its id. */
export async function escapedPage(id: string): Promise<Response> {
  const el = (
    <ErrorPage
      user={null}
      csrf=""
      title="系统错误"
      message="服务器处理请求时出错，请稍后再试。问题已记录。"
      requestId={id}
    />
  );
  return new Response((await html`<!doctype html>${el}`).toString(), {
    status: 500,
    headers: { 'content-type': 'text/html; charset=UTF-8', 'cache-control': 'no-store' },
  });
}

export function installSafetyNet(log: (fields: Record<string, unknown>, message: string) => void): SafetyNet {
  const scope = new AsyncLocalStorage<RequestScope>();
  const onEscaped = (kind: 'uncaughtException' | 'unhandledRejection') => (e: unknown) => {
    const id = randomBytes(4).toString('hex');
    const s = scope.getStore();
    log(
      {
        errId: id,
        kind,
        ...(s ? { method: s.method, path: s.path } : {}),
        err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e),
      },
      `未处理的异常 [${id}]${s ? ` ${s.method} ${s.path}` : ''}：${e instanceof Error ? e.message : String(e)}`,
    );
    s?.fail(id);
  };
  const uncaught = onEscaped('uncaughtException');
  const rejected = onEscaped('unhandledRejection');
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', rejected);
  return {
    wrap(fetch) {
      return (req, env) => {
        let answer!: (r: Promise<Response>) => void;
        const escaped = new Promise<Response>((r) => {
          answer = r;
        });
        // The path is parsed only if an exception escapes (it is logged), not on every request.
        const s: RequestScope = {
          method: req.method,
          get path() {
            return new URL(req.url).pathname;
          },
          fail: (id) => answer(escapedPage(id)),
        };
        return scope.run(s, () => Promise.race([Promise.resolve().then(() => fetch(req, env)), escaped]));
      };
    },
    close() {
      process.off('uncaughtException', uncaught);
      process.off('unhandledRejection', rejected);
    },
  };
}

/**
 * For the safety net's test only, never in production: with GONGKAI_TEST_ESCAPE=1 (and NODE_ENV not
 * 'production'), two paths whose handlers let an exception escape, one thrown from a timer and one an unhandled
 * rejection. Without the variable the paths do not exist.
 */
export function testEscapeRoutes(
  env: Readonly<Record<string, string | undefined>>,
): ((req: Request) => Promise<Response> | null) | null {
  if (env.GONGKAI_TEST_ESCAPE !== '1' || env.NODE_ENV === 'production') return null;
  return (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/__test/escape/throw')
      return new Promise<Response>(() => {
        setTimeout(() => {
          throw new Error('test: thrown outside the request promise');
        }, 10);
      });
    if (path === '/__test/escape/reject')
      return new Promise<Response>(() => {
        setTimeout(() => {
          void Promise.reject(new Error('test: unhandled rejection'));
        }, 10);
      });
    return null;
  };
}

// Request body size limits: small for ordinary forms, the configured total for the bulk upload of reports.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { mb } from '../../util/units.ts';
import type { AppEnv } from '../env.ts';
import { WebError } from '../errors.ts';

export const FORM_LIMIT = 256 * 1024;

/** The answer to a body over `maxSize`: 413 and a Chinese message (also the streamed upload's, when it counts). */
export const tooLargeBody = (maxSize: number, detail = ''): WebError =>
  new WebError(413, '提交内容过大', `提交的内容超过了上限（${mb(maxSize)}）。${detail}`);

/** Methods whose body nothing reads: not checked (looking at the body makes @hono/node-server build a full
 *  Request for the request, ~80 µs of a cached page's ~300: issue 18's profile). */
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Hold a request's body to `maxSize`. Hono's bodyLimit reads a body sent without Content-Length (chunked) into memory
 * to count it; a `streamed` route (the bulk upload) counts the bytes itself as it writes them to disk, so here only
 * the announced length is checked and the body is left unread.
 */
export const limitBody =
  (maxSize: number, opts: { streamed?: boolean } = {}): MiddlewareHandler<AppEnv> =>
  (c, next) => {
    if (BODILESS.has(c.req.method)) return next();
    if (opts.streamed) {
      const announced = c.req.header('content-length');
      if (announced && !c.req.header('transfer-encoding') && Number(announced) > maxSize)
        throw tooLargeBody(maxSize);
      return next();
    }
    return bodyLimit({
      maxSize,
      onError: () => {
        throw tooLargeBody(maxSize);
      },
    })(c, next);
  };

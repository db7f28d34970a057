// Request body size limits: small for ordinary forms, the configured total for the bulk upload of reports.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.ts';
import { WebError } from '../errors.ts';

export const FORM_LIMIT = 256 * 1024;

/** Methods whose body nothing reads: not checked (looking at the body makes @hono/node-server build a full
 *  Request for the request, ~80 µs of a cached page's ~300: issue 18's profile). */
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const limitBody =
  (maxSize: number): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    BODILESS.has(c.req.method)
      ? next()
      : bodyLimit({
          maxSize,
          onError: () => {
            throw new WebError(
              413,
              '提交内容过大',
              `提交的内容超过了上限（${(maxSize / 1024 / 1024).toFixed(maxSize < 1024 * 1024 ? 2 : 0)} MB）。`,
            );
          },
        })(c, next);

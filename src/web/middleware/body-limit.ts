// Request body size limits: small for ordinary forms, the configured total for the bulk upload of reports.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env.ts';
import { WebError } from '../errors.ts';

export const FORM_LIMIT = 256 * 1024;

export const limitBody =
  (maxSize: number): MiddlewareHandler<AppEnv> =>
  (c, next) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new WebError(
          413,
          '提交内容过大',
          `提交的内容超过了上限（${(maxSize / 1024 / 1024).toFixed(maxSize < 1024 * 1024 ? 2 : 0)} MB）。`,
        );
      },
    })(c, next);

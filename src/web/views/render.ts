// Sending a page: the doctype (hono/jsx writes none) and the status.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../env.ts';

export function page(
  c: Context<AppEnv>,
  el: JSX.Element,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503 = 200,
) {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!doctype html>${el}`, status);
}

/** The layout props every page takes from the request. */
export const frame = (c: Context<AppEnv>) => ({ user: c.get('user'), csrf: c.get('csrfToken') });

// Loads the session of the request's cookie (if any) and its user onto the context.
//
// A repeated request of the same session is answered from memory, without a database round trip (issue 18: at
// 1,000 requests a second a round trip is most of a request's budget): the lookup's result is kept per cookie
// (by the token's SHA-256, as the table keys it) while the change feed's session generation is unchanged
// (src/web/change-feed.ts: logout, password change or reset, deactivation, role or agency change — in this process
// at once, in another through NOTIFY), and the idle and maximum ages are checked against the clock on every
// request as the query checks them. With the listener down nothing is served from memory. `last_seen_at` is still
// written at most once a minute, outside the request's path.
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { DatabaseHandle } from '../../db/handle.ts';
import {
  type FoundSession,
  lookupSession,
  SESSION_COOKIE,
  TOUCH_EVERY_MS,
  touchSession,
} from '../auth/sessions.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { changeFeedOf } from '../change-feed.ts';
import type { AppEnv } from '../env.ts';
import { Lru } from '../lru.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

interface Cached {
  readonly found: FoundSession;
  /** The session generation it was read under. */
  readonly gen: number;
  /** `last_seen_at` as this process last wrote or read it (ms). */
  lastSeenAt: number;
}

/** Live sessions held per database (a few thousand officers at most; the oldest go first beyond that). */
const MAX_SESSIONS = 10_000;
const caches = new WeakMap<DatabaseHandle, Lru<Cached>>();

function cacheOf(handle: DatabaseHandle): Lru<Cached> {
  let cache = caches.get(handle);
  if (!cache) {
    cache = new Lru<Cached>(MAX_SESSIONS);
    caches.set(handle, cache);
  }
  return cache;
}

export const loadSession = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('user', null);
  c.set('session', null);
  const token = getCookie(c, SESSION_COOKIE);
  const deps = c.get('deps');
  const feed = changeFeedOf(deps.handle);
  if (token) {
    const now = deps.now();
    const at = now.getTime();
    const db = deps.handle.db;
    let found: FoundSession | null = null;
    if (TOKEN.test(token)) {
      const id = sha256Hex(token);
      const cache = cacheOf(deps.handle);
      const hit = feed.live ? cache.get(id) : undefined;
      // The same conditions as lookupSession's query: not past its maximum age, not idle too long.
      if (
        hit &&
        hit.gen === feed.sessions &&
        at < hit.found.expiresAt &&
        at - hit.lastSeenAt < deps.options.sessionIdleMs
      ) {
        found = hit.found;
        if (at - hit.lastSeenAt > TOUCH_EVERY_MS) {
          hit.lastSeenAt = at;
          touchSession(db, id, now).catch((e: Error) => deps.log?.(`会话活动时间未能记录：${e.message}`));
        }
      } else {
        const gen = feed.sessions;
        found = await lookupSession(db, token, {
          now,
          idleMs: deps.options.sessionIdleMs,
          maxMs: deps.options.sessionMaxMs,
        });
        if (found && feed.live && feed.sessions === gen)
          cache.set(id, { found, gen, lastSeenAt: found.lastSeenAt });
        else cache.delete(id);
      }
    }
    if (found) {
      c.set('user', found.user);
      c.set('session', found.session);
    } else deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }
  if (SAFE.has(c.req.method)) return next();
  try {
    await next();
  } finally {
    // Read-your-writes: whatever this request wrote, this process's next request reads afresh (the NOTIFY of
    // PostgreSQL may still be on its way when the redirect comes back).
    feed.changed();
  }
};

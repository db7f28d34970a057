// The rendered part of the staff case list and dashboard that is the same for every user of one scope: the table
// fragment (filters, rows, next-page link; the tiles and lists), kept in memory so that a repeated request makes
// no database round trip (issue 18). The frame around it — the user's name, CSRF token, navigation — is rendered
// per request.
//
// A fragment is keyed by everything that decides it: which page, the scope (the agency whose unit the user sees, or
// every agency), the filters, sort and keyset cursor of the query string (and the user, for “my cases”), and the
// date in China (deadlines, 已逾期 and working days left change at midnight). It is served only while the change
// feed's page generation is the one it was rendered under (every write of cases, applicants, agencies, users or
// the calendar moves it: src/web/change-feed.ts) and while the feed is listening. Bounded: at most MAX_ENTRIES
// fragments and MAX_CHARS characters, least recently used first out.

import type { JSX } from 'hono/jsx/jsx-runtime';
import type { DatabaseHandle } from '../../db/handle.ts';
import { changeFeedOf } from '../change-feed.ts';
import { Lru } from '../lru.ts';

const MAX_ENTRIES = 2_000;
/** ~64 MB of UTF-16 (a list page's fragment is ~40 KB, a full dashboard's ~200 KB). */
const MAX_CHARS = 32 * 1024 * 1024;

export interface Fragment {
  readonly html: string;
  /** The page's status (a list with a bad date in its filters answers 400). */
  readonly status: 200 | 400;
}

interface Entry extends Fragment {
  readonly gen: number;
}

const caches = new WeakMap<DatabaseHandle, Lru<Entry>>();

function cacheOf(handle: DatabaseHandle): Lru<Entry> {
  let cache = caches.get(handle);
  if (!cache) {
    const lru = new Lru<Entry>(MAX_ENTRIES, MAX_CHARS);
    cache = lru;
    caches.set(handle, lru);
    // Entries of an older generation are never served; dropping them at once frees their memory.
    changeFeedOf(handle).onChange(() => lru.clear());
  }
  return cache;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/** Counts since start (tests assert that a page came from the cache, or did not). */
export const pageCacheStats: CacheStats = { hits: 0, misses: 0 };

/**
 * The fragment under `key`, from memory when it is current, else rendered by `render` (which reads the database)
 * and kept if nothing changed meanwhile.
 */
export async function cachedFragment(
  handle: DatabaseHandle,
  key: string,
  render: () => Promise<Fragment>,
): Promise<Fragment> {
  const feed = changeFeedOf(handle);
  const cache = cacheOf(handle);
  if (feed.live) {
    const hit = cache.get(key);
    if (hit && hit.gen === feed.pages) {
      pageCacheStats.hits++;
      return hit;
    }
  }
  pageCacheStats.misses++;
  // The generation before reading: a write that lands while the page is read moves it, and the page is not kept.
  const gen = feed.pages;
  const f = await render();
  if (feed.live && feed.pages === gen) cache.set(key, { ...f, gen }, f.html.length);
  return f;
}

/** The scope part of a key: a unit's agency, or every agency (an administrator). */
export const scopeKey = (agencyId: number | null): string => (agencyId === null ? 'all' : `unit:${agencyId}`);

/** A fragment's HTML (the components are synchronous; awaiting covers an asynchronous one too). */
export async function renderHtml(el: JSX.Element): Promise<string> {
  return String(await el.toString());
}

// The staff case list and dashboard from memory, so that a repeated request makes no database round trip and
// renders nothing (issue 18). Two levels:
// - the fragment that is the same for every user of one scope — the list's filters, rows and next-page link; the
//   dashboard's tiles and lists — rendered once per key and shared;
// - the whole page of one session (the frame adds the user's name, CSRF token and navigation), kept as the UTF-8
//   bytes that are sent.
//
// A fragment is keyed by everything that decides it: which page, the scope (the agency whose unit the user sees, or
// every agency), the filters, sort and keyset cursor of the query string (and the user, for “my cases”), and the
// date in China (deadlines, 已逾期 and working days left change at midnight). A page adds the session and what the
// frame shows of the request (a notice). Both are served only while the change feed's generations are the ones they
// were rendered under (every write of cases, applicants, agencies, users, the calendar or sessions moves them:
// src/web/change-feed.ts) and while the feed is listening. Bounded: entries and characters, least recently used
// first out.
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { DatabaseHandle } from '../../db/handle.ts';
import { type ChangeFeed, changeFeedOf } from '../change-feed.ts';
import type { AppEnv } from '../env.ts';
import { Lru } from '../lru.ts';

/** ~32 M characters each (a list fragment is ~40 KB, a full dashboard's ~200 KB). */
const MAX_CHARS = 32 * 1024 * 1024;

export interface Fragment {
  readonly html: string;
  /** The page's status (a list with a bad date in its filters answers 400). */
  readonly status: 200 | 400;
}

interface FragmentEntry extends Fragment {
  readonly gen: number;
}

interface PageEntry {
  readonly bytes: Uint8Array;
  readonly status: 200 | 400;
  readonly pages: number;
  readonly sessions: number;
}

interface Caches {
  readonly feed: ChangeFeed;
  readonly fragments: Lru<FragmentEntry>;
  readonly pages: Lru<PageEntry>;
}

const caches = new WeakMap<DatabaseHandle, Caches>();

function cachesOf(handle: DatabaseHandle): Caches {
  let c = caches.get(handle);
  if (!c) {
    const feed = changeFeedOf(handle);
    const made: Caches = { feed, fragments: new Lru(2_000, MAX_CHARS), pages: new Lru(5_000, MAX_CHARS) };
    c = made;
    caches.set(handle, made);
    // Entries of an older generation are never served; dropping them at once frees their memory.
    feed.onChange(() => {
      made.fragments.clear();
      made.pages.clear();
    });
  }
  return c;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/** Fragments served from memory or rendered, since start (tests assert where a page came from). */
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
  const { feed, fragments } = cachesOf(handle);
  if (feed.live) {
    const hit = fragments.get(key);
    if (hit && hit.gen === feed.pages) {
      pageCacheStats.hits++;
      return hit;
    }
  }
  pageCacheStats.misses++;
  // The generation before reading: a write that lands while the page is read moves it, and the page is not kept.
  const gen = feed.pages;
  const f = await render();
  if (feed.live && feed.pages === gen) fragments.set(key, { ...f, gen }, f.html.length);
  return f;
}

const encoder = new TextEncoder();

/**
 * A signed-in page made of a shared fragment (`fragmentKey`, `render`) in a frame of the session's own (`frame`),
 * sent as the bytes kept for this session and key when they are current. `frameKey`: what else of the request the
 * frame shows (e.g. a notice).
 */
export async function cachedPage(
  c: Context<AppEnv>,
  fragmentKey: string,
  frameKey: string,
  render: () => Promise<Fragment>,
  frame: (body: string) => JSX.Element,
): Promise<Response> {
  const handle = c.get('deps').handle;
  const { feed, pages } = cachesOf(handle);
  const session = c.get('session');
  const key = session ? `${session.id}\n${frameKey}\n${fragmentKey}` : null;
  const hit = key && feed.live ? pages.get(key) : undefined;
  if (hit && hit.pages === feed.pages && hit.sessions === feed.sessions) {
    pageCacheStats.hits++;
    return send(c, hit.bytes, hit.status);
  }
  const gens = { pages: feed.pages, sessions: feed.sessions };
  const f = await cachedFragment(handle, fragmentKey, render);
  const bytes = encoder.encode(`<!doctype html>${await renderHtml(frame(f.html))}`);
  if (key && feed.live && feed.pages === gens.pages && feed.sessions === gens.sessions)
    pages.set(key, { bytes, status: f.status, ...gens }, bytes.length);
  return send(c, bytes, f.status);
}

function send(c: Context<AppEnv>, bytes: Uint8Array, status: 200 | 400): Response {
  // As views/render.ts's page(): personal data, never stored by a browser or a proxy.
  c.header('Cache-Control', 'no-store');
  c.header('Content-Type', 'text/html; charset=UTF-8');
  return c.body(bytes as Uint8Array<ArrayBuffer>, status);
}

/** The scope part of a key: a unit's agency, or every agency (an administrator). */
export const scopeKey = (agencyId: number | null): string => (agencyId === null ? 'all' : `unit:${agencyId}`);

/** A fragment's HTML (the components are synchronous; awaiting covers an asynchronous one too). */
export async function renderHtml(el: JSX.Element): Promise<string> {
  return String(await el.toString());
}

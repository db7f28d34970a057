// Rendered public report pages, kept in memory for anonymous visitors: a published report does not change, and
// rendering its tables is most of the page's cost. Any write to the reports in this process clears the cache; a
// write by another process (a `gongkai collect` feeding the same PostgreSQL) shows within the time-to-live.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { Lru } from '../lru.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The encodings a cached page is kept in; `identity` is the page's UTF-8 bytes. */
export type PageEncoding = 'br' | 'gzip' | 'identity';

/**
 * A page as cached: its HTML, its UTF-8 bytes (encoded once, not on every answer: a report page is ~50 KB of mostly
 * Chinese text), and the entity tag it is served with (a digest of the HTML). The compressed bodies are made on the
 * first request that accepts them, off the event loop, and kept with the page.
 */
export interface CachedPage {
  readonly html: string;
  readonly etag: string;
  readonly bytes: Uint8Array;
  /** The entity tag of the page in `encoding`: each representation has its own (RFC 9110 §8.8.3). */
  etagOf(encoding: PageEncoding): string;
  /** The body in `encoding`. */
  body(encoding: PageEncoding): Promise<Uint8Array>;
  /** The body in `encoding` if it is made already (the compressed ones are made on first request), else undefined. */
  ready(encoding: PageEncoding): Uint8Array | undefined;
}

class Page implements CachedPage {
  readonly bytes: Uint8Array;
  readonly etag: string;
  private readonly variants = new Map<PageEncoding, Promise<Uint8Array>>();
  private readonly made = new Map<PageEncoding, Uint8Array>();
  constructor(
    readonly html: string,
    readonly at: number,
    readonly generation: number,
  ) {
    this.bytes = Buffer.from(html, 'utf8');
    this.etag = `"${createHash('sha1').update(this.bytes).digest('base64url')}"`;
    this.variants.set('identity', Promise.resolve(this.bytes));
    this.made.set('identity', this.bytes);
  }

  ready(encoding: PageEncoding): Uint8Array | undefined {
    return this.made.get(encoding);
  }

  etagOf(encoding: PageEncoding): string {
    return encoding === 'identity' ? this.etag : `${this.etag.slice(0, -1)}-${encoding}"`;
  }

  body(encoding: PageEncoding): Promise<Uint8Array> {
    let v = this.variants.get(encoding);
    if (!v) {
      v =
        encoding === 'br'
          ? brotli(this.bytes, {
              params: {
                // Quality 9: within a few per cent of 11's size at a tenth of its time (it is paid once per page).
                [constants.BROTLI_PARAM_QUALITY]: 9,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                [constants.BROTLI_PARAM_SIZE_HINT]: this.bytes.byteLength,
              },
            })
          : gzipAsync(this.bytes, { level: 9 });
      v.then(
        (b) => this.made.set(encoding, b),
        () => {},
      );
      this.variants.set(encoding, v);
    }
    return v;
  }
}

export class PageCache {
  private readonly pages: Lru<Page>;
  private generation = 0;
  /** Caches built on the same reports (the open-data API's responses): cleared with this one. */
  readonly dependents: PageCache[] = [];
  constructor(
    readonly ttlMs = 30_000,
    readonly maxEntries = 500,
  ) {
    this.pages = new Lru(maxEntries);
  }

  get(key: string, now: number): string | null {
    return this.entry(key, now)?.html ?? null;
  }

  entry(key: string, now: number): CachedPage | null {
    const hit = this.pages.get(key);
    if (!hit || hit.generation !== this.generation || now - hit.at >= this.ttlMs) return null;
    return hit;
  }

  set(key: string, html: string, now: number): CachedPage {
    const page = new Page(html, now, this.generation);
    this.pages.set(key, page);
    return page;
  }

  /** Forget every page (a report was collected, edited or published). */
  invalidate(): void {
    this.generation++;
    this.pages.clear();
    for (const d of this.dependents) d.invalidate();
  }
}

/** The one cache of this process's public report pages. */
export const reportPages = new PageCache();

const encodings = new Map<string, PageEncoding>();

/**
 * The encoding of a cached page for an Accept-Encoding header: brotli when the client accepts it (whatever the order
 * it lists them in), else gzip, else the plain page; `q=0` refuses. Browsers send a handful of distinct headers, so
 * the answers are remembered (up to 200 distinct headers).
 */
export function pageEncodingFor(acceptEncoding: string | undefined): PageEncoding {
  if (!acceptEncoding) return 'identity';
  let known = encodings.get(acceptEncoding);
  if (known) return known;
  const ok = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) ok.add(name);
  }
  known = ok.has('br') ? 'br' : ok.has('gzip') ? 'gzip' : 'identity';
  if (encodings.size >= 200) encodings.clear();
  encodings.set(acceptEncoding, known);
  return known;
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

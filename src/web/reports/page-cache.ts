// Rendered public report pages, kept in memory for anonymous visitors: a published report does not change, and
// rendering its tables is most of the page's cost. Any write to the reports in this process clears the cache; a
// write by another process (a `gongkai collect` feeding the same PostgreSQL) shows within the time-to-live.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

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
}

class Page implements CachedPage {
  readonly bytes: Uint8Array;
  readonly etag: string;
  private readonly variants = new Map<PageEncoding, Promise<Uint8Array>>();
  constructor(
    readonly html: string,
    readonly at: number,
    readonly generation: number,
  ) {
    this.bytes = Buffer.from(html, 'utf8');
    this.etag = `"${createHash('sha1').update(this.bytes).digest('base64url')}"`;
    this.variants.set('identity', Promise.resolve(this.bytes));
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
      this.variants.set(encoding, v);
    }
    return v;
  }
}

export class PageCache {
  private readonly pages = new Map<string, Page>();
  private generation = 0;
  /** Caches built on the same reports (the open-data API's responses): cleared with this one. */
  readonly dependents: PageCache[] = [];
  constructor(
    readonly ttlMs = 30_000,
    readonly maxEntries = 500,
  ) {}

  get(key: string, now: number): string | null {
    return this.entry(key, now)?.html ?? null;
  }

  entry(key: string, now: number): CachedPage | null {
    const hit = this.pages.get(key);
    if (!hit || hit.generation !== this.generation || now - hit.at >= this.ttlMs) return null;
    return hit;
  }

  set(key: string, html: string, now: number): CachedPage {
    if (this.pages.size >= this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
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

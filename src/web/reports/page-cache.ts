// Rendered public report pages, kept in memory for anonymous visitors: a published report does not change, and
// rendering its tables is most of the page's cost. Any write to the reports in this process clears the cache; a
// write by another process (a `gongkai collect` feeding the same PostgreSQL) shows within the time-to-live.
import { createHash } from 'node:crypto';

/** A page as cached: its HTML and the entity tag it is served with (a digest of the HTML). */
export interface CachedPage {
  readonly html: string;
  readonly etag: string;
}

export class PageCache {
  private readonly pages = new Map<string, CachedPage & { at: number; generation: number }>();
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
    const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
    const page = { html, etag, at: now, generation: this.generation };
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

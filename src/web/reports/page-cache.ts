// Rendered public report pages, kept in memory for anonymous visitors: a published report does not change, and
// rendering its tables is most of the page's cost. Any write to the reports in this process clears the cache; a
// write by another process (a `gongkai collect` feeding the same PostgreSQL) shows within the time-to-live.
export class PageCache {
  private readonly pages = new Map<string, { html: string; at: number; generation: number }>();
  private generation = 0;
  /** Caches built on the same reports (the open-data API's responses): cleared with this one. */
  readonly dependents: PageCache[] = [];
  constructor(
    readonly ttlMs = 30_000,
    readonly maxEntries = 500,
  ) {}

  get(key: string, now: number): string | null {
    const hit = this.pages.get(key);
    if (!hit || hit.generation !== this.generation || now - hit.at >= this.ttlMs) return null;
    return hit.html;
  }

  set(key: string, html: string, now: number): void {
    if (this.pages.size >= this.maxEntries) this.pages.delete(this.pages.keys().next().value!);
    this.pages.set(key, { html, at: now, generation: this.generation });
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

// A bounded map that drops the least recently used entries first, by entries and by a weight (e.g. characters of
// cached HTML, bytes of PNG), so no query string can grow it. The one cache structure of the web layer: sessions,
// MACs, the staff pages, the public report pages, the scan crops.
//
// Recency is kept the CLOCK way ("second chance"): a hit only marks its entry used, so a read costs a Map lookup
// and no reordering (the report page's cached path reads it on every request); eviction walks from the oldest,
// and gives an entry used since it was last passed one more round at the end instead of dropping it.
export class Lru<V> {
  private readonly map = new Map<string, { v: V; w: number; used: boolean }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The total weight held. */
  get held(): number {
    return this.weight;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    e.used = true;
    return e.v;
  }

  /** Keep `v` under `key`, weighing `w`; an entry heavier than the whole bound is not kept. */
  set(key: string, v: V, w = 1): void {
    if (w > this.maxWeight) return;
    this.delete(key);
    this.map.set(key, { v, w, used: false });
    this.weight += w;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      // The entry just set stays (it fits: w ≤ maxWeight).
      if (k === key) continue;
      this.map.delete(k);
      if (e.used) {
        // Used since the hand last passed: a second chance, at the young end.
        e.used = false;
        this.map.set(k, e);
      } else this.weight -= e.w;
    }
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.map.delete(key);
    this.weight -= e.w;
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }
}

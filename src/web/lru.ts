// A bounded least-recently-used map (Map keeps insertion order: a hit moves its key to the end; the oldest go
// first). Bounded by entries and by a weight (e.g. characters of cached HTML), so no query string can grow it.
export class Lru<V> {
  private readonly map = new Map<string, { v: V; w: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.v;
  }

  set(key: string, v: V, w = 1): void {
    if (w > this.maxWeight) return;
    this.delete(key);
    this.map.set(key, { v, w });
    this.weight += w;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      this.map.delete(k);
      this.weight -= e.w;
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

// A short, stable content hash. Pure TypeScript (no node:crypto) so the domain core runs anywhere.
// cyrb53 (public domain, bryc): 53-bit, well mixed; collisions are irrelevant at the scale of calendar revisions.

export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 12 hex digits of the hash. */
export function shortHash(text: string): string {
  return hash53(text).toString(16).padStart(14, '0').slice(-12);
}

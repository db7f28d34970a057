// Random tokens and their digests. The cookie carries the token; the database keeps only the SHA-256 of it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Lru } from '../lru.ts';

export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256Hex = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

/** HMAC-SHA256, base64url. Remembered per (secret, message) for the live sessions: the CSRF token of a signed-in
 *  request is the HMAC of its session's secret (middleware/csrf.ts), the same on every request of the session, and
 *  computing it was ~10 % of a cached page's CPU (issue 18's profile). */
export function hmac(secret: string, message: string): string {
  const key = `${secret}\u0000${message}`;
  let mac = macs.get(key);
  if (mac === undefined) {
    mac = createHmac('sha256', secret).update(message).digest('base64url');
    macs.set(key, mac);
  }
  return mac;
}
const macs = new Lru<string>(10_000);

/** Constant-time string comparison (a different length is simply unequal). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Random tokens and their digests. The cookie carries the token; the database keeps only the SHA-256 of it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256Hex = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

export const hmac = (secret: string, message: string): string =>
  createHmac('sha256', secret).update(message).digest('base64url');

/** Constant-time string comparison (a different length is simply unequal). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

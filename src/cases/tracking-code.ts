// The applicant's 查询码: what the receipt gives and /track takes. It must not be guessable — the case numbers are
// sequential, so the code is separate from them: 80 random bits (node:crypto), written in 16 characters of a
// 32-letter alphabet that leaves out 0/O and 1/I (read aloud, copied by hand), shown in groups of four. Input is
// case-insensitive and may carry spaces or hyphens.
import { randomBytes } from 'node:crypto';
import { isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { cases } from '../db/schema/cases.ts';

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 16 characters × 5 bits = 80 random bits. */
export const TRACKING_LENGTH = 16;

/** A fresh code (stored form: upper-case, no separators). */
export function newTrackingCode(): string {
  const bytes = randomBytes(10); // 80 bits
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < TRACKING_LENGTH; i++) {
    out = TRACKING_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** The stored form of what someone typed, or null when it cannot be a code. */
export function normaliseTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
  if (s.length !== TRACKING_LENGTH) return null;
  for (const ch of s) if (!TRACKING_ALPHABET.includes(ch)) return null;
  return s;
}

/** "ABCD-EFGH-JKLM-NPQR": how the code is printed. */
export function formatTrackingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** Give a code to every case from before codes existed. Returns how many were given. */
export async function assignMissingTrackingCodes(db: Executor): Promise<number> {
  const rows = await db.select({ id: cases.id }).from(cases).where(isNull(cases.trackingCode));
  for (const r of rows)
    await db.execute(sql`update cases set tracking_code = ${newTrackingCode()} where id = ${r.id}`);
  return rows.length;
}

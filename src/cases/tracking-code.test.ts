import { describe, expect, it } from 'vitest';
import {
  formatTrackingCode,
  newTrackingCode,
  normaliseTrackingCode,
  TRACKING_ALPHABET,
  TRACKING_LENGTH,
} from './tracking-code.ts';

describe('tracking codes', () => {
  it('carry at least 80 random bits in a readable alphabet without 0/O/1/I', () => {
    expect(TRACKING_ALPHABET).toHaveLength(32);
    expect(TRACKING_LENGTH * Math.log2(TRACKING_ALPHABET.length)).toBeGreaterThanOrEqual(80);
    for (const ch of '0O1I') expect(TRACKING_ALPHABET).not.toContain(ch);
    const codes = new Set(Array.from({ length: 2000 }, newTrackingCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{16}$/);
    // Every symbol is used: the bits are spread over the whole alphabet.
    expect(new Set([...codes].join('')).size).toBe(32);
  });

  it('are read case-insensitively, with or without the hyphens they are printed with', () => {
    const c = newTrackingCode();
    const printed = formatTrackingCode(c);
    expect(printed).toMatch(/^(\w{4}-){3}\w{4}$/);
    expect(normaliseTrackingCode(printed)).toBe(c);
    expect(normaliseTrackingCode(printed.toLowerCase())).toBe(c);
    expect(normaliseTrackingCode(` ${c.slice(0, 8)} ${c.slice(8)} `)).toBe(c);
  });

  it('refuse what cannot be a code (a case number, a wrong length, a letter outside the alphabet)', () => {
    expect(normaliseTrackingCode('demo-pgz-2026-00001')).toBeNull();
    expect(normaliseTrackingCode('ABCD')).toBeNull();
    expect(normaliseTrackingCode('ABCD-EFGH-JKLM-NPQ0')).toBeNull();
  });
});

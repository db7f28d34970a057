import { describe, expect, it } from 'vitest';
import { mb } from './units.ts';

describe('mb', () => {
  it('states whole MB by default, the decimals asked for, and two below 1 MB', () => {
    expect(mb(200 * 1024 * 1024)).toBe('200 MB');
    expect(mb(64 * 1024 * 1024 + 300 * 1024, 1)).toBe('64.3 MB');
    expect(mb(512 * 1024)).toBe('0.50 MB');
    expect(mb(300 * 1024, 1)).toBe('0.29 MB');
  });
});

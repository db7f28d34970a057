import { describe, expect, it } from 'vitest';
import { Lru } from './lru.ts';

describe('Lru', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const l = new Lru<number>(2);
    l.set('a', 1);
    l.set('b', 2);
    expect(l.get('a')).toBe(1); // a is now the most recent
    l.set('c', 3);
    expect(l.get('b')).toBeUndefined();
    expect(l.get('a')).toBe(1);
    expect(l.get('c')).toBe(3);
    expect(l.size).toBe(2);
  });

  it('keeps the total weight under its bound and refuses an entry heavier than the bound', () => {
    const l = new Lru<string>(100, 10);
    l.set('a', 'x', 6);
    l.set('b', 'y', 6);
    expect(l.get('a')).toBeUndefined();
    expect(l.get('b')).toBe('y');
    l.set('c', 'z', 11);
    expect(l.get('c')).toBeUndefined();
    l.set('b', 'y2', 4);
    l.set('d', 'w', 6);
    expect([l.get('b'), l.get('d')]).toEqual(['y2', 'w']);
  });
});

describe('Lru as a byte budget (the crops, the report pages)', () => {
  it('holds at most its weight, keeps what was read, and drops the unread oldest first', () => {
    const l = new Lru<Uint8Array>(Number.POSITIVE_INFINITY, 100);
    for (const k of ['a', 'b', 'c']) l.set(k, new Uint8Array(30), 30);
    expect(l.held).toBe(90);
    l.get('a');
    l.set('d', new Uint8Array(30), 30);
    expect(l.held).toBe(90);
    expect([l.get('a'), l.get('b'), l.get('c'), l.get('d')].map((x) => x !== undefined)).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  it('when every entry was read, the oldest still goes first', () => {
    const l = new Lru<number>(2);
    l.set('a', 1);
    l.set('b', 2);
    l.get('a');
    l.get('b');
    l.set('c', 3);
    expect([l.get('a'), l.get('b'), l.get('c')]).toEqual([undefined, 2, 3]);
  });
});

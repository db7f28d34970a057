import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.ts';

describe('PageCache', () => {
  it('when full, the page read least recently goes first (a popular report stays cached)', () => {
    const c = new PageCache(60_000, 2);
    c.set('/reports/1', '<p>1</p>', 0);
    c.set('/reports/2', '<p>2</p>', 0);
    expect(c.get('/reports/1', 1)).toBe('<p>1</p>');
    c.set('/reports/3', '<p>3</p>', 2);
    expect(c.get('/reports/2', 3)).toBeNull();
    expect(c.get('/reports/1', 3)).toBe('<p>1</p>');
    expect(c.get('/reports/3', 3)).toBe('<p>3</p>');
  });

  it('a page older than its time-to-live, or cached before a write, is not served', () => {
    const c = new PageCache(1_000, 10);
    const d = new PageCache(1_000, 10);
    c.dependents.push(d);
    c.set('a', 'A', 0);
    d.set('b', 'B', 0);
    expect(c.get('a', 999)).toBe('A');
    expect(c.get('a', 1_000)).toBeNull();
    c.set('a', 'A2', 1_000);
    c.invalidate();
    expect(c.get('a', 1_001)).toBeNull();
    expect(d.get('b', 1)).toBeNull();
  });
});

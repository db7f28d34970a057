import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const turn = () => new Promise((r) => setImmediate(r));

describe('createLogger', () => {
  it('writes the lines of one turn together, every one of them, in order', async () => {
    const writes: string[] = [];
    const log = createLogger((s) => writes.push(s));
    log.info({ n: 1 }, 'request');
    log.info({ n: 2 }, 'request');
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { n: number; msg: string });
    expect(lines.map((l) => l.n)).toEqual([1, 2]);
  });

  it('writes an error at once, with what waited before it and the lines of its turn after it', async () => {
    const writes: string[] = [];
    const log = createLogger((s) => writes.push(s));
    log.info({ n: 1 }, 'request');
    log.error({ n: 2 }, '内部错误');
    expect(writes.join('').trim().split('\n')).toHaveLength(2);
    log.info({ n: 3 }, 'request');
    expect(writes.join('').trim().split('\n')).toHaveLength(3);
    await turn();
    log.info({ n: 4 }, 'request');
    expect(writes.join('').trim().split('\n')).toHaveLength(3);
    await turn();
    const all = writes
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { n: number; level: number });
    expect(all.map((l) => l.n)).toEqual([1, 2, 3, 4]);
    expect(all[1]!.level).toBe(50);
  });
});

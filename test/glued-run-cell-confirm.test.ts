// The glued runs of the real crawled pages as the confirm pages see them (src/supervision/cell-readings.ts
// gluedRuns / runMismatch): the cells of the run, the reader's cuts, and whether confirmed values spell what the page
// printed — including a run printed in 元 whose amount the reader stores in 万元.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReportBytes } from '../src/parse/index.ts';
import { cutText, gluedRuns, runMismatch } from '../src/supervision/cell-readings.ts';
import { SHARED } from './support/seeds.ts';

const read = async (name: string) => {
  const file = `${SHARED}/corpus/crawled/${name}`;
  return (await readReportBytes(readFileSync(file), file)).report;
};
const n = (value: number) => ({ state: 'number', value }) as const;

describe('glued runs of real pages', () => {
  it('pt-lyy-2024: 规范性文件 "7030" — three cells, the cuts 7|0|30 and 70|3|0', async () => {
    const r = await read('pt-lyy-2024.txt');
    const runs = gluedRuns(r, {});
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run!.text).toBe('7030');
    expect(run!.keys).toEqual([
      't2.normativeDocuments.issued',
      't2.normativeDocuments.repealed',
      't2.normativeDocuments.inForce',
    ]);
    expect(run!.splits.map(cutText)).toEqual(['7|0|30', '70|3|0']);
    const [a, b, c] = run!.keys as [string, string, string];
    expect(runMismatch(r, {}, run!, { [a]: n(7), [b]: n(0), [c]: n(30) })).toBeNull();
    expect(runMismatch(r, {}, run!, { [a]: n(70), [b]: n(3), [c]: n(0) })).toBeNull();
    // One cell alone: fine while some cut still holds it; 70 and 0 together cannot come from "7030".
    expect(runMismatch(r, {}, run!, { [a]: n(70) })).toBeNull();
    expect(runMismatch(r, {}, run!, { [a]: n(70), [b]: n(0) })).toMatch(/“7030”.*拆不出/);
    expect(runMismatch(r, {}, run!, { [a]: n(7), [b]: n(0), [c]: n(31) })).toMatch(/连起来不是原文的“7030”/);
    expect(runMismatch(r, {}, run!, { [b]: { state: 'blank' } })).toMatch(/空白/);
  });

  it('pt-htp-2019: 政府采购 "1018703元" — the amount in 万元 spells the printed 元', async () => {
    const r = await read('pt-htp-2019.txt');
    const run = gluedRuns(r, {}).find((x) => x.text === '1018703元')!;
    expect(run.keys).toEqual(['t2.procurement.projects', 't2.procurement.amount']);
    expect(run.splits).toContainEqual([10, 1.8703]);
    const [p, a] = run.keys as [string, string];
    expect(runMismatch(r, {}, run, { [p]: n(10), [a]: n(1.8703) })).toBeNull();
    // 18703 万元 is not what the page printed (18703 元).
    expect(runMismatch(r, {}, run, { [p]: n(10), [a]: n(18703) })).not.toBeNull();
  });

  it('a row the page does not list is no glued run', async () => {
    const r = await read('pt-jsp-2025.txt');
    expect(gluedRuns(r, {}).some((x) => x.keys.some((k) => k.startsWith('t2.regulations.')))).toBe(false);
  });
});

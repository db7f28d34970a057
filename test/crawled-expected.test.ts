// The twenty crawled pages of ../shared/corpus/crawled/ against a human reading of them
// (test/fixtures/crawled-expected/<page>.json: written by a person from the page text and the layouts of
// ../shared/domain/03-annual-report-format.md, never by running the reader). For every cell the person read, the
// reader either reads exactly that number with certainty, or flags the cell (unknown, or uncertain with its reason —
// and then the person's value is among the candidates it gives). A certain number that differs from the person's is
// the silently wrong number: a failure. A cell the person could not tell (null) must not be read as certain either.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/domain/report/model.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { readReportFile } from '../src/parse/index.ts';

const DIR = join(import.meta.dirname, '../../shared/corpus/crawled');
const FIXTURES = join(import.meta.dirname, 'fixtures/crawled-expected');

interface Human {
  page: string;
  format: '2019' | '2021';
  covered: string;
  fields: Record<string, number | null>;
  notes?: string[];
  faults?: string[];
  /** Cells the page's own faults touch: each must be flagged by the reader or named by a check (reported, not repaired). */
  faultCells?: string[];
}

const humans: Human[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Human);

type Verdict = 'correct' | 'uncertain' | 'unknown' | 'wrong' | 'missed-candidate' | 'guessed';

/** How the reader's cell compares with the person's value. */
function judge(report: Report, key: string, want: number | null): { verdict: Verdict; detail: string } {
  const cell = report.cells[key];
  const why = report.uncertain[key];
  const candidates = report.candidates?.[key];
  const certain = cell?.state === 'number' && why === undefined;
  if (want === null) {
    // The person could not tell: a reader that claims a number is guessing.
    if (certain) return { verdict: 'guessed', detail: `读作确定的 ${cell.value}，而人工无法确定` };
    return { verdict: candidates?.length ? 'uncertain' : 'unknown', detail: why ?? cell?.state ?? '缺' };
  }
  if (certain) {
    if (Math.abs(cell.value - want) < 1e-6) return { verdict: 'correct', detail: '' };
    return { verdict: 'wrong', detail: `读作确定的 ${cell.value}，人工读作 ${want}` };
  }
  if (candidates?.length) {
    if (!candidates.some((c) => Math.abs(c - want) < 1e-6))
      return { verdict: 'missed-candidate', detail: `候选 ${candidates.join('、')} 不含人工值 ${want}` };
    return { verdict: 'uncertain', detail: why ?? '' };
  }
  return { verdict: 'unknown', detail: why ?? cell?.state ?? '缺' };
}

describe('crawled pages against a human reading', () => {
  it('there is a human reading for each of the twenty pages', () => {
    const pages = readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.replace(/\.txt$/, ''))
      .sort();
    expect(humans.map((h) => h.page)).toEqual(pages);
  });

  for (const h of humans)
    it(`${h.page}: no certain number differs from the human reading`, async () => {
      const { report } = await readReportFile(join(DIR, `${h.page}.txt`));
      const bad: string[] = [];
      for (const [key, want] of Object.entries(h.fields)) {
        const { verdict, detail } = judge(report, key, want);
        if (verdict === 'wrong' || verdict === 'missed-candidate' || verdict === 'guessed')
          bad.push(`${key}: ${detail}`);
      }
      expect(bad).toEqual([]);
    });

  for (const h of humans.filter((x) => x.faultCells?.length))
    it(`${h.page}: the page's own faults are reported, not repaired`, async () => {
      const { report } = await readReportFile(join(DIR, `${h.page}.txt`));
      const named = new Set(checkReport(report).flatMap((f) => f.cells));
      const silent = h.faultCells!.filter(
        (k) => report.cells[k]?.state === 'number' && report.uncertain[k] === undefined && !named.has(k),
      );
      expect(silent).toEqual([]);
    });

  it('counts: cells read certainly and correctly / uncertain / unknown, and pages read fully', async () => {
    const totals: Record<Verdict, number> = {
      correct: 0,
      uncertain: 0,
      unknown: 0,
      wrong: 0,
      'missed-candidate': 0,
      guessed: 0,
    };
    let humanCells = 0;
    let full = 0;
    let fullAsHuman = 0;
    const doubts: string[] = [];
    const neither = new Map<string, string>();
    for (const h of humans) {
      const { report } = await readReportFile(join(DIR, `${h.page}.txt`));
      let allCorrect = true;
      for (const [key, want] of Object.entries(h.fields)) {
        if (want === null) {
          // One line per row: why the reader could not tell either.
          const blankPage = Object.values(h.fields).every((v) => v === null);
          const row = blankPage
            ? `  ${h.page} (every cell)`
            : `  ${h.page} ${key.slice(0, key.lastIndexOf('.'))}`;
          if (!neither.has(row)) neither.set(row, judge(report, key, want).detail);
          continue;
        }
        humanCells++;
        const { verdict, detail } = judge(report, key, want);
        totals[verdict]++;
        if (verdict !== 'correct') {
          allCorrect = false;
          doubts.push(`  ${h.page} ${key} [${verdict}] ${detail}`);
        }
      }
      if (allCorrect && humanCells > 0) fullAsHuman++;
      if (Object.entries(report.cells).every(([k, c]) => c.state !== 'unknown' && !report.uncertain[k]))
        full++;
    }
    console.info(
      [
        `crawled pages vs human reading: ${humanCells} cells a person can read —`,
        `${totals.correct} certain and correct, ${totals.uncertain} uncertain, ${totals.unknown} unknown,`,
        `${totals.wrong + totals['missed-candidate'] + totals.guessed} wrong;`,
        `pages read fully: ${full}/${humans.length}; pages where every cell a person can read is read: ${fullAsHuman}/${humans.length}`,
        'cells a person can read but the reader flags:',
        ...doubts,
        'rows neither a person nor the reader can tell (page faults, or digit runs with several readings):',
        ...[...neither].map(([row, why]) => `${row}: ${why}`),
      ].join('\n'),
    );
    expect(totals.wrong + totals['missed-candidate'] + totals.guessed).toBe(0);
    expect(totals.correct).toBeGreaterThanOrEqual(3735);
  });
});

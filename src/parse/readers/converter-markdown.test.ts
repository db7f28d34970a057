// Markdown as PDF converters leave it (issue 13, item 2), made from random reports of both layouts: wrapped header
// labels, value rows in label-less tables after their label line, the 结转 总计 lost, a 表二 cell lifted above its
// table. Each reads back exactly, or every cell not pinned down is uncertain with the true value among candidates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../../domain/report/layout.ts';
import { prng, synthesizeReport } from '../../domain/report/synthesize.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import { converterMarkdown } from '../degrade.ts';
import { extractReport } from '../extract.ts';
import { readText } from './text.ts';

const RUNS = Math.max(50, Math.floor(Number(process.env.GONGKAI_PROPERTY_RUNS ?? 200) / 2));

describe('converter markdown of random reports', () => {
  it('reads back exactly or flags every doubtful cell', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('2019' as const, '2021' as const), (seed, format) => {
        const truth = synthesizeReport(prng(seed), { format });
        const md = converterMarkdown(truth, prng(seed ^ 0x2545f491), renderMarkdown(truth));
        const got = extractReport(readText(new TextEncoder().encode(md), 'r.md'));
        expect(got.agency).toBe(truth.agency);
        expect(got.year).toBe(truth.year);
        for (const f of LAYOUTS[format].fields) {
          const want = (truth.cells[f.key] as { value: number }).value;
          if (got.uncertain[f.key] === undefined)
            expect({ key: f.key, cell: got.cells[f.key] }).toEqual({
              key: f.key,
              cell: expect.objectContaining({ value: want }),
            });
          else
            expect({ key: f.key, c: got.candidates?.[f.key] ?? [] }).toEqual({
              key: f.key,
              c: expect.arrayContaining([want]),
            });
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});

describe('plain text with a markdown-style 表四 (issue 13, item 3)', () => {
  it('the fifteen cells of 表四 are read, the rest as before', async () => {
    const { SEEDS } = await import('../../../test/support/seeds.ts');
    for (const s of SEEDS) {
      const i = s.text.search(/四、政府信息公开行政复议/);
      const j = s.text.search(/五、(政府信息公开工作)?存在/);
      expect(i, s.name).toBeGreaterThan(0);
      const groups = ['review', 'litigation.direct', 'litigation.afterReview'];
      const cols = ['upheld', 'corrected', 'other', 'pending', 'total'];
      const values = groups.flatMap((g) => cols.map((c) => s.expected.fields[`t4.${g}.${c}`]));
      const md = [
        '四、政府信息公开行政复议、行政诉讼情况',
        '',
        `| 行政复议 |${' |'.repeat(4)} 行政诉讼 |${' |'.repeat(9)}`,
        `|${' --- |'.repeat(15)}`,
        `| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |${' |'.repeat(4)} 复议后起诉 |${' |'.repeat(4)}`,
        `|${' |'.repeat(5)}${' 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |'.repeat(2)}`,
        `| ${values.join(' | ')} |`,
        '',
      ].join('\n');
      const text = `${s.text.slice(0, i)}${md}\n${s.text.slice(j)}`;
      const got = extractReport(readText(new TextEncoder().encode(text), s.file));
      for (const g of groups)
        for (const c of cols)
          expect(got.cells[`t4.${g}.${c}`], `${s.name} t4.${g}.${c}`).toMatchObject({
            value: s.expected.fields[`t4.${g}.${c}`],
          });
      expect(got.cells['t3.received.total']).toMatchObject({ value: s.expected.fields['t3.received.total'] });
    }
  });
});

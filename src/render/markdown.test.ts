import { describe, expect, it } from 'vitest';
import { reportFromFields } from '../domain/report/model.ts';
import { renderMarkdown } from './markdown.ts';

const report = reportFromFields(
  '2019',
  { 't2.fees.change': -2, 't3.other.total': 4 },
  {
    agency: '某某市人民政府办公室',
    year: 2020,
    sections: { overview: '# 不是标题\n| 不是表格 |\n含<script>alert(1)</script>的文字' },
  },
);
const md = renderMarkdown(report);
const lines = md.split('\n');

describe('renderMarkdown', () => {
  it('has a # title and ## section headings', () => {
    expect(lines[0]).toBe('# 某某市人民政府办公室2020年政府信息公开工作年度报告');
    expect(lines).toContain('## 三、收到和处理政府信息公开申请情况');
  });

  it('draws each table as a pipe table with a separator row and the same number of cells in every row', () => {
    const tables = md
      .split(/\n(?!\|)/)
      .map((block) => block.split('\n').filter((l) => l.startsWith('|')))
      .filter((t) => t.length > 0);
    expect(tables).toHaveLength(3);
    const width = (l: string) => l.split(/(?<!\\)\|/).length - 2;
    expect(tables.map((t) => width(t[0]!))).toEqual([4, 10, 15]);
    for (const t of tables) {
      expect(t[1]).toMatch(/^\|( --- \|)+$/);
      for (const l of t) expect(width(l)).toBe(width(t[0]!));
    }
  });

  it('puts the 2019 （六）其他处理 row label next to its numbers, under the merged 三、本年度办理结果', () => {
    expect(lines.find((l) => l.includes('（六）其他处理'))).toBe(
      '|  |  | （六）其他处理 |  |  |  |  |  |  | 4 |',
    );
    expect(lines.find((l) => l.includes('三、本年度办理结果'))).toMatch(
      /^\| 三、本年度办理结果 \| {2}\| （一）予以公开 \|/,
    );
  });

  it('prints a negative 本年增/减 as printed', () => {
    expect(lines.find((l) => l.startsWith('| 行政事业性收费'))).toBe('| 行政事业性收费 |  | -2 |  |');
  });

  it('escapes narrative that would become a heading, a table row or raw HTML', () => {
    expect(md).toContain('\\# 不是标题');
    expect(md).toContain('\\| 不是表格 |');
    expect(md).not.toContain('<script>');
  });
});

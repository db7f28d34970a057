import { describe, expect, it } from 'vitest';
import { barChart, pieChart, rankingChart } from './charts.ts';

/** Every tag of the SVG is well-formed XML (attributes quoted, nothing stray): browsers refuse the image otherwise. */
function wellFormed(svg: string): string[] {
  const bad: string[] = [];
  for (const m of svg.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').matchAll(/<[^>]*>/g)) {
    const tag = m[0];
    if (/^<\/[\w:-]+>$/.test(tag) || /^<!--.*-->$/.test(tag)) continue;
    if (!/^<[\w:-]+(\s+[\w:-]+="[^"<]*")*\s*\/?>$/.test(tag)) bad.push(tag);
  }
  return bad;
}

describe('server-side charts', () => {
  const charts = {
    bar: barChart({
      title: '历年新收申请数量',
      categories: ['2022年', '2023年'],
      series: [{ name: '新收', data: [3, 5] }],
    }),
    percent: barChart({
      title: '纠错率',
      categories: ['2023年'],
      series: [
        { name: '行政复议', data: [50] },
        { name: '行政诉讼', data: [null] },
      ],
      percent: true,
    }),
    pie: pieChart({
      title: '办理结果',
      items: [
        { name: '予以公开', value: 4 },
        { name: '不予公开', value: 1 },
      ],
    }),
    empty: pieChart({ title: '办理结果', items: [] }),
    ranking: rankingChart({ title: '排名', items: [{ name: '某镇 & "某街道" <办事处>', value: 9 }] }),
  };

  it.each(Object.entries(charts))(
    '%s is a well-formed SVG with a white background and Chinese text',
    (_, svg) => {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(wellFormed(svg)).toEqual([]);
      expect(svg).toContain('fill="#ffffff"');
    },
  );

  it('escapes names it draws', () => {
    expect(charts.ranking).toContain('&amp;');
    expect(charts.ranking).not.toContain('<办事处>');
  });
});

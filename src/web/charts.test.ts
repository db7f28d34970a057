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

describe('legible charts (issue 16)', () => {
  const sizes = (svg: string) => [...svg.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
  it('every label is at least 12 px at the natural width the page shows', () => {
    for (const svg of [
      barChart({ title: 't', categories: ['2019年', '2020年'], series: [{ name: 'a', data: [1, 2] }] }),
      rankingChart({ title: 't', items: [{ name: '淮安市洪泽区人民政府办公室', value: 3 }] }),
      pieChart({ title: 't', items: [{ name: '予以公开', value: 1 }] }),
    ]) {
      expect(sizes(svg).length).toBeGreaterThan(0);
      expect(Math.min(...sizes(svg))).toBeGreaterThanOrEqual(12);
    }
  });
  it('a year whose outcomes are all 0 says so in words, without an empty grey ring that looks like data', () => {
    const svg = pieChart({
      title: '2021年办理结果构成',
      items: [
        { name: '予以公开', value: 0 },
        { name: '不予公开', value: 0 },
      ],
    });
    expect(svg).toContain('各项均为 0');
    expect(svg).not.toContain('lightgray');
    expect(Math.min(...sizes(svg))).toBeGreaterThanOrEqual(12);
  });
  it('a year without data is a labelled gap, not a zero bar', () => {
    const svg = barChart({
      title: 't',
      categories: ['2019年', '2020年', '2021年'],
      series: [{ name: 'a', data: [3, null, 5] }],
    });
    expect(svg).toContain('（无数据）');
    expect(svg).not.toMatch(/>0<\/text>\s*<\/g>?\s*$/);
  });
  it('ranking labels are whole names, not cut off', () => {
    const svg = rankingChart({ title: 't', items: [{ name: '北京市大兴区庞各庄镇人民政府', value: 3 }] });
    expect(svg).toContain('北京市大兴区庞各庄镇人民政府');
  });
});

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { T3_HEADER_NOTE } from '../domain/report/layout.ts';
import { blank, reportFromFields } from '../domain/report/model.ts';
import { balancedLines, renderDocx } from './docx.ts';

interface Tc {
  text: string;
  gridSpan: number;
  vMerge: 'restart' | 'continue' | null;
}

async function open(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const document = await zip.file('word/document.xml')!.async('string');
  const styles = await zip.file('word/styles.xml')!.async('string');
  const tables = [...document.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
      [...tr[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc): Tc => {
        const x = tc[1]!;
        const vm = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(x);
        return {
          text: [...x.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
          gridSpan: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(x)?.[1] ?? 1),
          vMerge: vm ? ((vm[1] ?? 'continue') as 'restart' | 'continue') : null,
        };
      }),
    ),
  );
  return { document, styles, tables };
}

const fields2021 = { 't3.received.naturalPerson': 10, 't3.received.total': 13, 't4.review.upheld': 1 };

describe('renderDocx', () => {
  it('writes the title, the six headings and three tables', async () => {
    const r = reportFromFields('2021', fields2021, {
      agency: '某某镇人民政府',
      year: 2023,
      sections: { overview: '第一段\n第二段' },
    });
    const { document, tables } = await open(await renderDocx(r));
    expect(document).toContain('某某镇人民政府2023年政府信息公开工作年度报告');
    for (const h of ['一、总体情况', '三、收到和处理政府信息公开申请情况', '六、其他需要报告的事项'])
      expect(document).toContain(`<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">${h}`);
    expect(document).toContain('>第二段<');
    expect(tables).toHaveLength(3);
  });

  it('draws 表三 (2021) with the merged corner, 申请人情况 over 7 and 三、本年度办理结果 down 22 rows', async () => {
    const { tables } = await open(await renderDocx(reportFromFields('2021', fields2021)));
    const t3 = tables[1]!;
    expect(t3).toHaveLength(3 + 25);
    expect(t3[0]![0]).toEqual({ text: T3_HEADER_NOTE, gridSpan: 3, vMerge: 'restart' });
    expect(t3[0]![1]).toMatchObject({ text: '申请人情况', gridSpan: 7 });
    expect(t3[1]![0]).toEqual({ text: '', gridSpan: 3, vMerge: 'continue' });
    expect(t3[1]![2]).toMatchObject({ text: '法人或其他组织', gridSpan: 5 });
    const start = t3.findIndex((row) => row[0]!.text === '三、本年度办理结果');
    expect(t3[start]![0]!.vMerge).toBe('restart');
    const continued = t3.slice(start + 1).filter((row) => row[0]!.vMerge === 'continue').length;
    expect(continued).toBe(21);
    // Every row spans the 10 grid columns.
    for (const row of t3) expect(row.reduce((n, c) => n + c.gridSpan, 0)).toBe(10);
  });

  it('draws 表三 (2019) with 三、本年度办理结果 down 20 rows', async () => {
    const { tables } = await open(await renderDocx(reportFromFields('2019', {})));
    const t3 = tables[1]!;
    expect(t3).toHaveLength(3 + 23);
    const start = t3.findIndex((row) => row[0]!.text === '三、本年度办理结果');
    expect(t3.slice(start + 1).filter((row) => row[0]!.vMerge === 'continue')).toHaveLength(19);
  });

  it('draws 表四 with its two-level header and 15 numbers', async () => {
    const { tables } = await open(await renderDocx(reportFromFields('2021', fields2021)));
    const t4 = tables[2]!;
    expect(t4[0]!.map((c) => [c.text, c.gridSpan])).toEqual([
      ['行政复议', 5],
      ['行政诉讼', 10],
    ]);
    expect(t4[1]!.slice(5).map((c) => [c.text, c.gridSpan])).toEqual([
      ['未经复议直接起诉', 5],
      ['复议后起诉', 5],
    ]);
    expect(t4[2]!.slice(0, 5).every((c) => c.vMerge === 'continue')).toBe(true);
    expect(t4[3]!).toHaveLength(15);
    expect(t4[3]![0]!.text).toBe('1');
  });

  it('prints a printed blank as printed, an unknown cell empty, and never invents a 0', async () => {
    const r = reportFromFields('2021', { 't3.received.total': 13 });
    r.cells['t3.received.naturalPerson'] = blank('—');
    const { tables } = await open(await renderDocx(r));
    const numbers = tables.flat(2).filter((c) => /^\d+$/.test(c.text));
    expect(numbers.map((c) => c.text)).toEqual(['13']);
    const received = tables[1]!.find((row) => row[0]!.text.startsWith('一、本年新收'))!;
    expect(received.map((c) => c.text)).toEqual([
      '一、本年新收政府信息公开申请数量',
      '—',
      '',
      '',
      '',
      '',
      '',
      '13',
    ]);
  });

  it('sets A4 with the GB/T 9704 type area and the official faces', async () => {
    const { document, styles } = await open(await renderDocx(reportFromFields('2021', {})));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    const style = (id: string) =>
      styles.slice(
        styles.indexOf(`w:styleId="${id}"`),
        styles.indexOf('</w:style>', styles.indexOf(`w:styleId="${id}"`)),
      );
    expect(style('Title')).toContain('w:eastAsia="方正小标宋简体"');
    expect(style('Heading1')).toContain('w:eastAsia="黑体"');
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*<\/w:docDefaults>/);
    // Chinese text tagged zh-CN: LibreOffice then draws the simplified-Chinese glyphs of a pan-CJK face.
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('names other faces when asked (the PDF path on a machine without the official ones)', async () => {
    const fonts = { title: 'Noto Serif CJK SC', heading: 'Noto Sans CJK SC', body: 'Noto Serif CJK SC' };
    const { styles } = await open(await renderDocx(reportFromFields('2021', {}), { fonts }));
    expect(styles).not.toContain('仿宋_GB2312');
    expect(styles).toContain('w:eastAsia="Noto Sans CJK SC"');
  });
});

describe('balancedLines', () => {
  it('breaks a column heading into even lines ("商业/企业"), not "商业企/业"', () => {
    expect(balancedLines('商业企业', 12, 18)).toEqual(['商业', '企业']);
    expect(balancedLines('结果维持', 10.4, 18)).toEqual(['结果', '维持']);
    expect(balancedLines('自然人', 12, 18)).toEqual(['自然人']);
  });
});

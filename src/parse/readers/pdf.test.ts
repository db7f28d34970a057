// The PDF reader. Acceptance: the three published reports of ../shared/corpus read to exactly the values on their
// page images (test/fixtures/corpus-expected/*.json, read off the pages by hand). Then crafted PDFs for the parts
// the corpus does not show: tables without rules, labels wrapped around their numbers, tables over page breaks
// with page furniture, and broken or protected files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type MiniPage,
  type MiniText,
  miniPdf,
  predefinedCMapPdf,
  ruledTable,
} from '../../../test/fixtures/readers/mini-pdf.ts';
import { reportPdf } from '../../../test/fixtures/readers/report-pdf.ts';
import { brokenPdf } from '../../../test/support/hostile-files.ts';
import { SEEDS, SHARED } from '../../../test/support/seeds.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import { readReportBytes, UnreadableError } from '../index.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import type { SourceBlock, SourceDocument } from '../source.ts';
import { endsWithEof, read } from './pdf.ts';

type Row = Extract<SourceBlock, { kind: 'row' }>;
const rows = (d: SourceDocument) => d.blocks.filter((b): b is Row => b.kind === 'row');
const show = (r: Row) => r.cells.map((c) => `${c.merged ? '^' : ''}${c.text}${c.span ? `*${c.span}` : ''}`);
const paras = (d: SourceDocument) =>
  d.blocks.filter((b) => b.kind === 'para').map((b) => (b.kind === 'para' ? b.text : ''));
const rowWith = (d: SourceDocument, label: string) =>
  rows(d).find((r) => r.cells.some((c) => c.text.includes(label)));

const CORPUS = ['huaian-hongze-2023', 'huaian-hongze-2024', 'huaian-city-2024'] as const;
const corpusFile = (name: string) => join(SHARED, 'corpus', `${name}.pdf`);
const expected = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/corpus-expected/${name}.json`, import.meta.url), 'utf8'),
  ) as {
    agency: string;
    year: number;
    format: string;
    tableFormats: { t2: string; t3: string };
    fields: Record<string, number>;
  };
const docs = new Map<string, SourceDocument>();
async function corpusDoc(name: string): Promise<SourceDocument> {
  if (!docs.has(name))
    docs.set(name, await read(new Uint8Array(readFileSync(corpusFile(name))), `${name}.pdf`));
  return docs.get(name)!;
}

describe('the published reports of the corpus', () => {
  it.each(CORPUS)('%s reads to the values on its pages, every field', async (name) => {
    const exp = expected(name);
    const { report, form } = await readReportBytes(
      new Uint8Array(readFileSync(corpusFile(name))),
      `${name}.pdf`,
    );
    expect(form).toBe('pdf');
    const j = toParsedJson(report);
    expect(j.fields).toEqual(exp.fields);
    expect(j.agency).toBe(exp.agency);
    expect(j.year).toBe(exp.year);
    expect(j.format).toBe(exp.format);
    expect(report.tableFormats).toEqual(exp.tableFormats);
    expect(j.unknown ?? []).toEqual([]);
    expect(Object.keys(report.sections)).toHaveLength(6);
  });

  it('huaian-hongze-2024 with its ruling lines removed reads to the same values, through the borderless path', async () => {
    // test/fixtures/readers/huaian-hongze-2024-no-rules.pdf: gs -sDEVICE=pdfwrite -dFILTERVECTOR (text kept, lines gone).
    const exp = expected('huaian-hongze-2024');
    const b = readFileSync(
      new URL('../../../test/fixtures/readers/huaian-hongze-2024-no-rules.pdf', import.meta.url),
    );
    const { report } = await readReportBytes(new Uint8Array(b), 'no-rules.pdf');
    expect(toParsedJson(report).fields).toEqual(exp.fields);
  });

  it('joins the （四） group label cut by the page break and keeps the rows below it merged', async () => {
    const d = await corpusDoc('huaian-city-2024');
    expect(show(rowWith(d, '1.本机关不掌握相关政府信息')!).slice(0, 3)).toEqual([
      '^',
      '（四）无法提供',
      '1.本机关不掌握相关政府信息',
    ]);
    const next = rowWith(d, '2.没有现成信息需要另行制作')!;
    expect(show(next).slice(0, 3)).toEqual(['^', '^', '2.没有现成信息需要另行制作']);
    expect(next.prov.page).toBe(5);
    // One table over the break, its rows numbered on.
    const before = rowWith(d, '1.本机关不掌握相关政府信息')!;
    expect(next.table).toBe(before.table);
    expect(next.prov.row).toBe(before.prov.row! + 1);
  });

  it.each(['huaian-hongze-2023', 'huaian-hongze-2024'])(
    '%s: the group label set in vertical writing is read whole, where it stands',
    async (name) => {
      // The one change of reading when the engine moved from pdf.js to MuPDF (ADR 0003): pdf.js kept three or four
      // of the nine characters of this vertical-font label and placed the run ~9 pt above the printed glyphs.
      const d = await corpusDoc(name);
      const row = rowWith(d, '（一）予以公开')!;
      expect(row.cells[0]!.text).toBe('三、本年度办理结果');
      if (name === 'huaian-hongze-2024') {
        // Its glyphs start below the top of row 2.其他法律行政法规禁止公开, which is therefore line 25 of page 3.
        const two = rowWith(d, '2.其他法律行政')!;
        expect(two.prov).toMatchObject({ page: 3, line: 25 });
        expect(row.cells[0]!.prov).toMatchObject({ page: 3, line: 26 });
      }
    },
  );

  it('reads labels wrapped inside their cell as one cell beside the numbers', async () => {
    const d = await corpusDoc('huaian-hongze-2024');
    expect(show(rowWith(d, '部分公开')!)).toEqual([
      '^',
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）*2',
      ...'9 0 0 0 0 0 9'.split(' '),
    ]);
    expect(show(rowWith(d, '确认或重新出具')!)).toEqual([
      '^',
      '^',
      '5.要求行政机关确认或重新出具已获取信息',
      ...'0 0 0 0 0 0 0'.split(' '),
    ]);
  });

  it('reads the last row of a page whose table has no closing line', async () => {
    const d = await corpusDoc('huaian-hongze-2023');
    const r = rowWith(d, '2.没有现成信息需要另行制作')!;
    expect(show(r)).toEqual(['^', '^', '2.没有现成信息需要另行制作', ...'3 0 0 0 0 0 3'.split(' ')]);
    expect(r.prov).toMatchObject({ page: 3 });
  });

  it('drops page numbers, joins paragraphs over page breaks and the spaces converters put beside digits', async () => {
    const d = await corpusDoc('huaian-hongze-2024');
    const ps = paras(d);
    expect(ps.filter((p) => /^-\s*\d+\s*-$/.test(p))).toEqual([]);
    expect(ps).toContain('一、总体情况');
    expect(ps.some((p) => p.includes('统计期限自2024年1月1日起至2024年12月31日止'))).toBe(true);
    // "…答复书模板，使" at the foot of page 4 runs on to "各行政机关答复的方式…" on page 5.
    expect(ps.some((p) => p.includes('答复书模板，使各行政机关答复的方式'))).toBe(true);
  });

  it('gives every cell its page and line', async () => {
    const d = await corpusDoc('huaian-city-2024');
    const cell = rowWith(d, '行政处罚')!.cells[1]!;
    expect(cell.prov).toMatchObject({ page: 4, text: '3985758' });
    expect(cell.prov.line).toBeGreaterThan(0);
  });
});

const page = (...parts: MiniPage[]): MiniPage => ({
  texts: parts.flatMap((p) => p.texts ?? []),
  lines: parts.flatMap((p) => p.lines ?? []),
});
const t = (x: number, y: number, text: string, size = 9): MiniText => ({ x, y, size, text });

describe('crafted tables', () => {
  it('a ruled cell spanning rows gives its text to the first row and merged cells to the others', async () => {
    const xs = [70, 140, 260, 320, 380];
    const grid = ruledTable(
      [
        ['', '1.属于国家秘密', '0', '0'],
        ['', '2.其他法律行政法规禁止公开', '1', '1'],
        ['', '3.危及“三安全一稳定”', '0', '0'],
      ],
      xs,
      100,
    );
    // No lines between the rows in the first column, and its label vertically centred.
    const lines = grid.lines!.filter(
      (l) => !(l.y0 === l.y1 && l.y0 > 100 && l.y0 < 160 && l.x0 === 70 && l.x1 === 380),
    );
    for (const y of [120, 140]) lines.push({ x0: 140, y0: y, x1: 380, y1: y });
    const d = await read(
      miniPdf([{ texts: [...grid.texts!, t(73, 133, '（三）不予公开')], lines }]),
      'a.pdf',
    );
    expect(rows(d).map(show)).toEqual([
      ['（三）不予公开', '1.属于国家秘密', '0', '0'],
      ['^', '2.其他法律行政法规禁止公开', '1', '1'],
      ['^', '3.危及“三安全一稳定”', '0', '0'],
    ]);
  });

  it('without rules, a label wrapped above and below its numbers is one row', async () => {
    const nums = (y: number, v: string[]) => v.map((s, i) => t(300 + i * 30, y, s));
    const d = await read(
      miniPdf([
        {
          texts: [
            t(70, 100, '（一）予以公开', 8),
            ...nums(100, ['3', '0', '3']),
            t(70, 116, '（二）部分公开（区分处理的，只计这一情', 8),
            ...nums(121, ['1', '1', '2']),
            t(70, 126, '形，不计其他情形）', 8),
            t(70, 142, '5.要求行政机关确认或重新出具', 8),
            t(70, 152, '已获取信息', 8),
            ...nums(160, ['0', '0', '0']),
            t(70, 176, '（七）总计', 8),
            ...nums(176, ['4', '1', '5']),
          ],
        },
      ]),
      'a.pdf',
    );
    expect(rows(d).map(show)).toEqual([
      ['（一）予以公开', '3', '0', '3'],
      ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '1', '1', '2'],
      ['5.要求行政机关确认或重新出具已获取信息', '0', '0', '0'],
      ['（七）总计', '4', '1', '5'],
    ]);
  });

  it('a table over a page break stays one table, without the page number and running head between', async () => {
    const head = t(240, 40, '某某区2023年政府信息公开工作年度报告', 9);
    const xs = [70, 250, 330, 410];
    const part1 = ruledTable(
      [
        ['信息内容', '本年制发件数', '本年废止件数'],
        ['规章', '1', '0'],
      ],
      xs,
      700,
    );
    const part2 = ruledTable([['行政规范性文件', '2', '0']], xs, 70);
    const pages = [
      page({ texts: [head, t(90, 680, '二、主动公开政府信息情况', 14), t(280, 815, '— 1 —', 10)] }, part1),
      page({ texts: [head, t(280, 815, '— 2 —', 10)] }, part2),
      page({ texts: [head, t(90, 100, '三、收到和处理政府信息公开申请情况', 14), t(280, 815, '第3页', 10)] }),
    ];
    const d = await read(miniPdf(pages), 'a.pdf');
    expect(paras(d)).toEqual(['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况']);
    expect(rows(d).map(show)).toEqual([
      ['信息内容', '本年制发件数', '本年废止件数'],
      ['规章', '1', '0'],
      ['行政规范性文件', '2', '0'],
    ]);
    expect(rows(d).map((r) => [r.table, r.prov.row, r.prov.page])).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [0, 2, 2],
    ]);
  });

  it.each([true, false])('whole reports, ruled=%s, read back to their fields', async (ruled) => {
    for (const s of SEEDS) {
      const { report } = await readReportBytes(reportPdf(s.expected, { ruled }), `${s.name}.pdf`);
      const j = toParsedJson(report);
      expect(j.fields, s.name).toEqual(s.expected.fields);
      expect([j.agency, j.year, j.format], s.name).toEqual([
        s.expected.agency,
        s.expected.year,
        s.expected.format,
      ]);
      expect(j.uncertain, s.name).toEqual([]);
      expect(report.sections.problems, s.name).toBe('一是宣传力度有待加强。');
    }
  });
});

describe('a PDF LibreOffice made from the project’s DOCX (test/fixtures/readers/libreoffice-2021.pdf, seed 004)', () => {
  const bytes = () =>
    new Uint8Array(
      readFileSync(new URL('../../../test/fixtures/readers/libreoffice-2021.pdf', import.meta.url)),
    );
  const s = SEEDS.find((x) => x.name.startsWith('004'))!;

  it('reads back to the seed’s fields', async () => {
    const { report } = await readReportBytes(bytes(), 'lo.pdf');
    const j = toParsedJson(report);
    expect(j.fields).toEqual(s.expected.fields);
    expect([j.agency, j.year, j.format]).toEqual([s.expected.agency, s.expected.year, s.expected.format]);
    expect(Object.keys(report.sections)).toHaveLength(6);
  });

  it('drops the header rows LibreOffice repeats on the next page and joins the label cut by the break', async () => {
    const d = await read(bytes(), 'lo.pdf');
    expect(rows(d).filter((r) => r.cells.some((c) => c.text.includes('勾稽关系')))).toHaveLength(1);
    expect(rowWith(d, '（一）予以公开')!.cells[0]!.text).toBe('三、本年度办理结果');
    const next = rowWith(d, '部分公开')!;
    expect([next.prov.page, next.cells[0]!.merged]).toEqual([2, true]);
    // The title, wrapped over two lines at the full width, is one paragraph.
    expect(paras(d)[0]).toBe('北京市大兴区人民政府政府办公室2021年政府信息公开工作年度报告');
  });
});

describe('fonts', () => {
  it('reads text set in a non-embedded Chinese font through its predefined CMap (apt: poppler-data)', async () => {
    const d = await read(predefinedCMapPdf('2023年政府信息公开工作年度报告'), 'a.pdf');
    expect(paras(d)).toEqual(['2023年政府信息公开工作年度报告']);
  });
});

describe('files that cannot be read', () => {
  async function message(bytes: Uint8Array, limits = DEFAULT_LIMITS): Promise<string> {
    try {
      await read(bytes, 'in/r.pdf', limits);
    } catch (e) {
      if (e instanceof UnreadableError) {
        expect(e.file).toBe('in/r.pdf');
        return e.message;
      }
      throw e;
    }
    throw new Error('read without error');
  }

  it('an encrypted PDF that needs a password', async () => {
    expect(await message(miniPdf([{ texts: [t(100, 100, '机密')] }], { encrypted: true }))).toBe(
      'in/r.pdf：PDF 已加密，需要密码才能打开，无法读取（请提供未加密的文件）',
    );
  });

  it('a PDF encrypted by qpdf (AES-256) with a user password', async () => {
    const b = readFileSync(
      new URL('../../../test/fixtures/readers/aes256-user-password.pdf', import.meta.url),
    );
    expect(await message(new Uint8Array(b))).toMatch(/PDF 已加密，需要密码/);
  });

  it('but reads one encrypted with an owner password only (permissions, no secret)', async () => {
    const b = readFileSync(new URL('../../../test/fixtures/readers/aes256-owner-only.pdf', import.meta.url));
    expect(paras(await read(new Uint8Array(b), 'a.pdf'))).toEqual(['2023年政府信息公开工作年度报告']);
  });

  it('a whole PDF whose cross-reference table is wrong (as pdfunite writes it) reads like the original, with a note', {
    timeout: 120_000,
  }, async () => {
    const bytes = readFileSync(corpusFile('huaian-city-2024'));
    // Point `startxref` a few bytes off: MuPDF must rebuild the table; the file still ends with %%EOF.
    const text = bytes.toString('latin1');
    const at = text.lastIndexOf('startxref');
    const m = /startxref\s+(\d+)/.exec(text.slice(at))!;
    const wrong = Buffer.from(
      text.slice(0, at) + text.slice(at).replace(m[1]!, String(Number(m[1]) + 7)),
      'latin1',
    );
    const fixed = await read(new Uint8Array(wrong), 'joined.pdf');
    const original = await read(new Uint8Array(bytes), 'original.pdf');
    expect(fixed.notes).toContain('PDF 的交叉引用表有误（文件完整），已按文件内容修复后读取');
    expect(paras(fixed)).toEqual(paras(original));
    // The same file cut short is still refused: it no longer ends with %%EOF.
    expect(await message(new Uint8Array(wrong.subarray(0, wrong.length - 40)))).toMatch(
      /PDF 文件已损坏或不完整/,
    );
  });

  it('a PDF with a hole in its middle also ends with %%EOF, and is still refused: its streams do not inflate', async () => {
    const holed = brokenPdf();
    expect(endsWithEof(holed)).toBe(true);
    expect(await message(holed)).toMatch(/PDF 文件已损坏或不完整/);
  });

  it.each([0.2, 0.6, 0.95])('a PDF cut at %s of its length', async (frac) => {
    const bytes = readFileSync(corpusFile('huaian-city-2024'));
    expect(await message(new Uint8Array(bytes.subarray(0, Math.floor(bytes.length * frac))))).toMatch(
      /PDF 文件已损坏或不完整/,
    );
  });

  it('a PDF with no text, only drawings (a scan): refused, naming OCR and why it found nothing', {
    timeout: 120_000,
  }, async () => {
    // OCR (src/parse/ocr) runs unless GONGKAI_OCR=0; either way the refusal names it.
    expect(await message(miniPdf([{ lines: [{ x0: 10, y0: 10, x1: 300, y1: 10 }] }]))).toMatch(
      process.env.GONGKAI_OCR !== '0'
        ? /没有可提取的文字.*OCR.*(识别不出文字|apt-get install tesseract-ocr)/
        : /没有可提取的文字.*OCR.*GONGKAI_OCR=0/,
    );
  });

  it('reads only the pages up to the cap, and says so', async () => {
    const pages = Array.from({ length: 4 }, (_, i) => ({ texts: [t(100, 100, `第${i + 1}页正文`)] }));
    const d = await read(miniPdf(pages), 'a.pdf', { ...DEFAULT_LIMITS, pdfMaxPages: 2 });
    expect(d.notes).toEqual(['PDF 共 4 页，只读取了前 2 页']);
  });
});

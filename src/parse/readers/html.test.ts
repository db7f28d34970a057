// The HTML reader: table structure as the browser lays it out (rowspan, colspan, row groups), cell text through
// nested markup, page encodings, what is not report text, hostile nesting, and whole reports to their fields.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../../test/fixtures/readers/report-html.ts';
import { SEEDS } from '../../../test/support/seeds.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import { readReportBytes, UnreadableError } from '../index.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import type { SourceBlock, SourceDocument } from '../source.ts';
import { read } from './html.ts';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const page = (body: string, head = '<meta charset="utf-8">') =>
  utf8(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
type Row = Extract<SourceBlock, { kind: 'row' }>;
const rows = (d: SourceDocument) => d.blocks.filter((b): b is Row => b.kind === 'row');
/** A row as strings: "^" marks a merged continuation, "*n" a span. */
const show = (r: Row) => r.cells.map((c) => `${c.merged ? '^' : ''}${c.text}${c.span ? `*${c.span}` : ''}`);
const paras = (d: SourceDocument) =>
  d.blocks.filter((b) => b.kind === 'para').map((b) => (b.kind === 'para' ? b.text : ''));

describe('tables', () => {
  it('when a cell spans rows, the rows below carry an empty merged cell in its column', async () => {
    const d = await read(
      page(`<table>
        <tr><td rowspan="3">三、本年度办理结果</td><td>（一）予以公开</td><td>3</td></tr>
        <tr><td>（二）部分公开</td><td>1</td></tr>
        <tr><td>（七）总计</td><td>4</td></tr></table>`),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['三、本年度办理结果', '（一）予以公开', '3'],
      ['^', '（二）部分公开', '1'],
      ['^', '（七）总计', '4'],
    ]);
    expect(rows(d)[1]!.cells[2]!.prov).toMatchObject({ table: 0, row: 1, col: 2, text: '1' });
  });

  it('when a cell spans columns, it carries the span and the next cell lands after it', async () => {
    const d = await read(
      page(
        '<table><tr><td colspan="2">（七）总计</td><td>9</td></tr><tr><td>a</td><td>b</td><td>1</td></tr></table>',
      ),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['（七）总计*2', '9'],
      ['a', 'b', '1'],
    ]);
    expect(rows(d)[0]!.cells[1]!.prov.col).toBe(2);
  });

  it('when a rowspan runs past a short row, the gap before it is an empty cell', async () => {
    const d = await read(
      page('<table><tr><td>a</td><td>b</td><td rowspan="2">x</td></tr><tr><td>c</td></tr></table>'),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['a', 'b', 'x'],
      ['c', '', '^'],
    ]);
  });

  it('when header and body disagree, a rowspan in <thead> stops at the header, as browsers draw it', async () => {
    const d = await read(
      page(`<table><thead><tr><td rowspan="3">项目</td><td colspan="9">申请人情况</td></tr></thead>
        <tbody><tr><td>一、本年新收</td><td>5</td></tr></tbody></table>`),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['项目', '申请人情况*9'],
      ['一、本年新收', '5'],
    ]);
  });

  it('rowspan="0" runs to the end of its row group', async () => {
    const d = await read(
      page(
        '<table><tbody><tr><td rowspan="0">组</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></tbody></table>',
      ),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['组', '1'],
      ['^', '2'],
      ['^', '3'],
    ]);
  });

  it('reads a cell through nested markup, line breaks and no-break spaces', async () => {
    const d = await read(
      page(
        `<table><tr><td><p><span>3</span></p></td><td><b>商业</b><br>企业</td><td>&nbsp;</td><td>&nbsp;<span> </span></td></tr></table>`,
      ),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([['3', '商业企业', '', '']]);
  });

  it('keeps numbers with units and full-width digits as printed, for the extractor to read', async () => {
    const d = await read(
      page('<table><tr><td>行政事业性收费</td><td>251000元</td><td>３件</td></tr></table>'),
      'a.html',
    );
    expect(show(rows(d)[0]!)).toEqual(['行政事业性收费', '251000元', '３件']);
  });

  it('reads a layout table around the article as text and the table inside it as rows', async () => {
    const d = await read(
      page(`<table width="100%"><tr><td><h1>某某镇2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>
        <table><tr><td>规章</td><td>0</td></tr></table></td></tr></table>`),
      'a.html',
    );
    expect(paras(d)).toEqual(['某某镇2023年政府信息公开工作年度报告', '一、总体情况']);
    expect(rows(d).map(show)).toEqual([['规章', '0']]);
    expect(rows(d)[0]!.table).toBe(0);
  });

  it('reads a one-column table as paragraphs', async () => {
    const d = await read(
      page('<table><tr><td>一、总体情况</td></tr><tr><td>本年度……</td></tr></table>'),
      'a.html',
    );
    expect(paras(d)).toEqual(['一、总体情况', '本年度……']);
    expect(rows(d)).toEqual([]);
  });
});

describe('text outside tables', () => {
  it('splits paragraphs on block elements and <br>, joins a line broken inside Chinese text', async () => {
    const d = await read(
      page(
        '<h1>某某区人民政府<br>2023年政府信息公开工作年度报告</h1><div>一、总体情况<p>本年度收到申请\n3件。</p></div>',
      ),
      'a.html',
    );
    expect(paras(d)).toEqual([
      '某某区人民政府',
      '2023年政府信息公开工作年度报告',
      '一、总体情况',
      '本年度收到申请3件。',
    ]);
    expect(d.blocks[0]!.prov.line).toBe(1);
  });

  it('ignores scripts, styles, navigation, hidden elements and the head', async () => {
    const d = await read(
      page(
        '<nav>首页 &gt; 信息公开</nav><script>document.write("<table><tr><td>9</td></tr></table>")</script><style>p{}</style><div style="display:none">访问量 88</div><p hidden>x</p><p>正文</p>',
        '<meta charset="utf-8"><title>站点名称</title>',
      ),
      'a.html',
    );
    expect(paras(d)).toEqual(['正文']);
  });
});

describe('encodings', () => {
  const body = '<p>政府信息公开工作年度报告</p>';
  it.each([
    ['<meta charset="gbk">', 'gbk', /GB18030.*网页声明 gbk/],
    [
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
      'gbk',
      /GB18030.*网页声明 gb2312/,
    ],
    ['', 'gbk', /GB18030.*未声明编码/],
    ['<meta charset="utf-8">', 'utf8', /UTF-8.*依据：网页声明/],
    ['<meta charset="gb2312">', 'utf8', /UTF-8.*声明为 gb2312，但内容是有效的 UTF-8/],
    ['<meta charset="utf-8">', 'gbk', /GB18030.*声明为 utf-8，但内容不是有效的 UTF-8/],
    ['<meta charset="big5">', 'big5', /Big5/],
  ])('with %s and %s bytes, decodes the text and notes the encoding and why', async (meta, enc, note) => {
    const html = `<html><head>${meta}</head><body>${enc === 'big5' ? '<p>政府資訊公開</p>' : body}</body></html>`;
    const d = await read(new Uint8Array(iconv.encode(html, enc)), 'a.html');
    expect(paras(d)).toEqual([enc === 'big5' ? '政府資訊公開' : '政府信息公开工作年度报告']);
    expect(d.notes?.[0]).toMatch(note);
  });

  it('with a UTF-8 byte-order mark, ignores a contrary declaration', async () => {
    const d = await read(
      new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`<meta charset="gbk">${body}`)]),
      'a.html',
    );
    expect(paras(d)).toEqual(['政府信息公开工作年度报告']);
    expect(d.notes?.[0]).toMatch(/字节顺序标记/);
  });
});

describe('hostile input', () => {
  it('when elements nest deeper than the limit, throws an UnreadableError naming the file, without overflowing the stack', async () => {
    const deep = utf8(`${'<div>'.repeat(50_000)}x${'</div>'.repeat(50_000)}`);
    await expect(read(deep, 'deep.html')).rejects.toThrow(UnreadableError);
    await expect(read(deep, 'deep.html')).rejects.toThrow(/deep\.html：HTML 嵌套层级过深/);
  });

  it('reads a page nested just under the limit', async () => {
    const n = DEFAULT_LIMITS.markupMaxDepth - 10;
    const d = await read(utf8(`${'<span>'.repeat(n)}深${'</span>'.repeat(n)}`), 'a.html');
    expect(paras(d)).toEqual(['深']);
  });

  it('when spans are absurd, caps them as browsers do', async () => {
    const d = await read(
      page(
        '<table><tr><td colspan="99999">a</td><td rowspan="99999999">b</td></tr><tr><td>c</td></tr></table>',
      ),
      'a.html',
    );
    expect(rows(d).map(show)).toEqual([
      ['a*1000', 'b'],
      ['c', '*999', '^'],
    ]);
  });
});

describe('whole reports', () => {
  it.each(SEEDS.map((s) => [s.name, s] as const))(
    '%s as a GB2312 government page reads back to its fields',
    async (_n, s) => {
      const html = reportHtml(s.expected);
      const { report, form } = await readReportBytes(
        new Uint8Array(iconv.encode(html, 'gbk')),
        `${s.name}.html`,
      );
      expect(form).toBe('html');
      const j = toParsedJson(report);
      expect(j.fields).toEqual(s.expected.fields);
      expect(j.agency).toBe(s.expected.agency);
      expect(j.year).toBe(s.expected.year);
      expect(j.format).toBe(s.expected.format);
      expect(j.uncertain).toEqual([]);
      expect(j.notes).toContain('网页按GB18030（GBK）解码（依据：网页声明 gb2312）');
      expect(report.sections.problems).toBe('一是宣传力度有待加强。');
    },
  );
});

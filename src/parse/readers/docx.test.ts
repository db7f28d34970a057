// The DOCX reader: Word's table grid (gridSpan, vMerge, gridBefore), the wrappers Word puts around content (content
// controls, tracked changes, compatibility blocks, text boxes), the container's failure modes (zip bombs, damage,
// other Office files) and whole reports to their fields.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SEEDS } from '../../../test/support/seeds.ts';
import { reportFromFields, toParsedJson } from '../../domain/report/model.ts';
import { renderReport } from '../../render/index.ts';
import { readReportBytes, UnreadableError } from '../index.ts';
import { DEFAULT_LIMITS, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceDocument } from '../source.ts';
import { read } from './docx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A DOCX whose body is `body` (WordprocessingML with the w: prefix). */
function docx(body: string, extra: Record<string, string> = {}, docXml?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(
      docXml ??
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr/></w:body></w:document>`,
    ),
  };
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return zipSync(files);
}
const p = (text: string, pPr = '') => `<w:p>${pPr}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${p(text)}</w:tc>`;

type Row = Extract<SourceBlock, { kind: 'row' }>;
const rows = (d: SourceDocument) => d.blocks.filter((b): b is Row => b.kind === 'row');
const show = (r: Row) => r.cells.map((c) => `${c.merged ? '^' : ''}${c.text}${c.span ? `*${c.span}` : ''}`);
const paras = (d: SourceDocument) =>
  d.blocks.filter((b) => b.kind === 'para').map((b) => (b.kind === 'para' ? b.text : ''));

async function unreadable(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): Promise<string> {
  try {
    await read(bytes, 'in/r.docx', limits);
  } catch (e) {
    if (e instanceof UnreadableError) {
      expect(e.file).toBe('in/r.docx');
      return e.message;
    }
    throw e;
  }
  throw new Error('read without error');
}

describe('tables', () => {
  it('keeps vertically merged cells as empty merged cells and gridSpan as span', async () => {
    const d = await read(
      docx(`<w:tbl>
        <w:tr>${tc('三、本年度办理结果', '<w:vMerge w:val="restart"/>')}${tc('（一）予以公开', '<w:gridSpan w:val="2"/>')}${tc('3')}</w:tr>
        <w:tr>${tc('', '<w:vMerge/>')}${tc('（三）不予公开', '<w:vMerge w:val="restart"/>')}${tc('1.属于国家秘密')}${tc('0')}</w:tr>
        <w:tr>${tc('ignored', '<w:vMerge w:val="continue"/>')}${tc('', '<w:vMerge/>')}${tc('2.其他法律行政法规禁止公开')}${tc('１')}</w:tr>
      </w:tbl>`),
      'a.docx',
    );
    expect(rows(d).map(show)).toEqual([
      ['三、本年度办理结果', '（一）予以公开*2', '3'],
      ['^', '（三）不予公开', '1.属于国家秘密', '0'],
      ['^', '^', '2.其他法律行政法规禁止公开', '１'],
    ]);
    expect(rows(d)[2]!.cells[3]!.prov).toMatchObject({ table: 0, row: 2, col: 3, text: '１' });
  });

  it('turns gridBefore and gridAfter into empty cells so the values stay under their columns', async () => {
    const d = await read(
      docx(
        `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/><w:gridAfter w:val="1"/></w:trPr>${tc('5')}</w:tr></w:tbl>`,
      ),
      'a.docx',
    );
    expect(rows(d).map(show)).toEqual([['*2', '5', '']]);
    expect(rows(d)[0]!.cells[1]!.prov.col).toBe(2);
  });

  it('reads rows and cells wrapped in content controls, and a cell with several paragraphs as one text', async () => {
    const d = await read(
      docx(`<w:tbl><w:sdt><w:sdtPr/><w:sdtContent><w:tr><w:sdt><w:sdtContent>${tc('规章')}</w:sdtContent></w:sdt>
        <w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>`),
      'a.docx',
    );
    expect(rows(d).map(show)).toEqual([['规章', '商业企业']]);
  });

  it('numbers the tables of the document in order', async () => {
    const d = await read(
      docx(
        `<w:tbl><w:tr>${tc('a')}${tc('1')}</w:tr></w:tbl>${p('中间')}<w:tbl><w:tr>${tc('b')}${tc('2')}</w:tr></w:tbl>`,
      ),
      'a.docx',
    );
    expect(rows(d).map((r) => r.table)).toEqual([0, 1]);
    expect(d.blocks.map((b) => b.kind)).toEqual(['row', 'para', 'row']);
  });
});

describe('paragraphs', () => {
  it('shows what Word shows: insertions yes, deletions and field codes no, one compatibility branch', async () => {
    const d = await read(
      docx(
        `<w:p><w:r><w:t>收到申请</w:t></w:r><w:ins><w:r><w:t>13</w:t></w:r></w:ins><w:del><w:r><w:delText>12</w:delText></w:r></w:del><w:r><w:t>件</w:t></w:r></w:p>
         <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
         <w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>选择</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>后备</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
      ),
      'a.docx',
    );
    expect(paras(d)).toEqual(['收到申请13件', '第', '选择']);
  });

  it('splits a paragraph at line breaks and reads tabs as spaces', async () => {
    const d = await read(
      docx(
        '<w:p><w:r><w:t>某某镇人民政府</w:t><w:br/><w:t>2023年政府信息公开工作年度报告</w:t></w:r></w:p><w:p><w:r><w:t>一、</w:t><w:tab/><w:t>总体情况</w:t></w:r></w:p>',
      ),
      'a.docx',
    );
    expect(paras(d)).toEqual(['某某镇人民政府', '2023年政府信息公开工作年度报告', '一、总体情况']);
  });

  it('keeps the text of a heading Word numbers itself, without the number Word would show', async () => {
    const d = await read(
      docx(p('总体情况', '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>')),
      'a.docx',
    );
    expect(paras(d)).toEqual(['总体情况']);
  });

  it('reads text boxes after the paragraph that anchors them', async () => {
    const d = await read(
      docx(
        '<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:drawing><wp:anchor xmlns:wp="x"><w:txbxContent><w:p><w:r><w:t>文本框标题</w:t></w:r></w:p></w:txbxContent></wp:anchor></w:drawing></w:r></w:p>',
      ),
      'a.docx',
    );
    expect(paras(d)).toEqual(['正文', '文本框标题']);
  });

  it('reads a document that binds WordprocessingML to another prefix, from a main part not named document.xml', async () => {
    const xml = `<?xml version="1.0"?><ns0:document xmlns:ns0="${W}"><ns0:body><ns0:p><ns0:r><ns0:t>其他前缀 &amp; 实体 &#x4E00;</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>`;
    const bytes = zipSync({
      '_rels/.rels': strToU8(RELS.replace('word/document.xml', 'word/main.xml')),
      'word/main.xml': strToU8(xml),
    });
    expect(paras(await read(bytes, 'a.docx'))).toEqual(['其他前缀&实体一']);
  });
});

describe('hostile and broken files', () => {
  it('when one part inflates past the cap, refuses it as a zip bomb before using it', async () => {
    const big = docx(p(`${'<!-- padding -->'.repeat(20_000)}x`));
    const msg = await unreadable(big, { ...DEFAULT_LIMITS, zipMaxPartBytes: 64 * 1024 });
    expect(msg).toMatch(/word\/document\.xml.*疑似压缩炸弹/);
  });

  it('when the directory lies about a part size, the cap still holds while inflating', async () => {
    const bytes = docx(p(`${'0'.repeat(2_000_000)}`));
    // Rewrite the declared uncompressed size of every entry to 100 bytes.
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < bytes.length - 4; i++)
      if (dv.getUint32(i, true) === 0x02014b50) dv.setUint32(i + 24, 100, true);
      else if (dv.getUint32(i, true) === 0x04034b50) dv.setUint32(i + 22, 100, true);
    const msg = await unreadable(bytes, { ...DEFAULT_LIMITS, zipMaxPartBytes: 1024 * 1024 });
    expect(msg).toMatch(/解压后超过 1 MB，疑似压缩炸弹/);
  });

  it('when the archive holds too many entries, refuses it before inflating anything', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) files[`junk/${i}.xml`] = strToU8('x');
    const msg = await unreadable(zipSync(files), { ...DEFAULT_LIMITS, zipMaxEntries: 20 });
    expect(msg).toMatch(/文件过多（50 个，上限 20）/);
  });

  it('when the declared total is too large, refuses it', async () => {
    const msg = await unreadable(docx(p('x'.repeat(5000))), { ...DEFAULT_LIMITS, zipMaxTotalBytes: 1000 });
    expect(msg).toMatch(/解压后总大小超过上限/);
  });

  it('when the file is cut short, says it is incomplete', async () => {
    const bytes = docx(p('完整的段落'.repeat(100)));
    expect(await unreadable(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(
      /DOCX 文件已损坏或不完整/,
    );
  });

  it('when the zip is an Excel workbook, says so', async () => {
    const xlsx = zipSync({
      'xl/workbook.xml': strToU8('<workbook/>'),
      '[Content_Types].xml': strToU8('<Types/>'),
    });
    expect(await unreadable(xlsx)).toMatch(/Excel 表格（XLSX）/);
  });

  it('never expands entities declared in a DOCTYPE (no billion laughs)', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>`;
    expect(paras(await read(docx('', {}, lol), 'a.docx'))).toEqual(['&c;']);
  });

  it('when the XML nests deeper than the limit, says so', async () => {
    const deep = `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body>${'<w:sdt><w:sdtContent>'.repeat(600)}</w:body></w:document>`;
    expect(await unreadable(docx('', {}, deep), { ...DEFAULT_LIMITS, markupMaxDepth: 500 })).toMatch(
      /嵌套层级超过 500 层/,
    );
  });
});

describe('whole reports', () => {
  it.each(SEEDS.map((s) => [s.name, s] as const))(
    '%s written by the project’s DOCX renderer reads back to its fields',
    async (_n, s) => {
      const report = reportFromFields(s.expected.format, s.expected.fields, {
        agency: s.expected.agency,
        year: s.expected.year,
      });
      const bytes = await renderReport(report, 'docx');
      const { report: back, form } = await readReportBytes(bytes, `${s.name}.docx`);
      expect(form).toBe('docx');
      const j = toParsedJson(back);
      expect(j.fields).toEqual(s.expected.fields);
      expect([j.agency, j.year, j.format]).toEqual([s.expected.agency, s.expected.year, s.expected.format]);
    },
  );
});

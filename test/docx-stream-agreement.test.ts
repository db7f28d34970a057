// Issue 18: the DOCX reader reads word/document.xml in one pass (src/parse/readers/docx/stream.ts) instead of
// building a tree and walking it (docx/tree.ts, the reader up to session 6, kept as the reference). No number may be
// read differently: both must give the same blocks — text, cells, spans, merged flags, provenance (table, row,
// column) — and fail alike, on the seeds rendered to DOCX, on documents carrying what Word and WPS put around content
// (merged cells, tracked changes, content controls, fields, smart tags, text boxes, breaks, nested tables) and on
// random, damaged markup.
import fc from 'fast-check';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { reportFromFields } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { streamBlocks } from '../src/parse/readers/docx/stream.ts';
import { HOLLOW, treeBlocks } from '../src/parse/readers/docx/tree.ts';
import { parseXmlBytes, XmlError } from '../src/parse/readers/docx/xml.ts';
import { read } from '../src/parse/readers/docx.ts';
import { renderReport } from '../src/render/index.ts';
import { SEEDS } from './support/seeds.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const doc = (body: string, decl = `xmlns:w="${W}" xmlns:mc="${MC}"`) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${decl}><w:body>${body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>`;

/** What a reader makes of a main part: its blocks, null (not a document with a body), or the XML error. */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    if (e instanceof XmlError) return `XmlError: ${e.message}`;
    throw e;
  }
}
const byTree = (bytes: Buffer, depth: number) =>
  outcome(() => treeBlocks(parseXmlBytes(bytes, depth, HOLLOW)));
const byStream = (bytes: Buffer, depth: number) => outcome(() => streamBlocks(bytes, depth));

function agree(xml: string | Buffer, depth = 1000): unknown {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  const tree = byTree(bytes, depth);
  // toStrictEqual: the same keys in the same places (a cell without `span` is not one with span: undefined).
  expect(byStream(bytes, depth)).toStrictEqual(tree);
  // Key order too: the collected JSON (and its digests) must not change.
  expect(JSON.stringify(byStream(bytes, depth))).toBe(JSON.stringify(tree));
  return tree;
}

const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, tcPr = '') => `<w:tc>${tcPr ? `<w:tcPr>${tcPr}</w:tcPr>` : ''}${p(text)}</w:tc>`;

describe('the streaming DOCX reader reads what the tree reader read', () => {
  it('the seeds and generated reports, rendered to DOCX by our renderer', async () => {
    const docs: Uint8Array[] = [];
    for (const s of SEEDS)
      docs.push(
        await renderReport(
          reportFromFields(s.expected.format, s.expected.fields, {
            agency: s.expected.agency,
            year: s.expected.year,
          }),
          'docx',
        ),
      );
    // Generated reports as the bench's corpus has them (both formats, every table layout the renderer makes).
    for (let i = 0; i < 12; i++) docs.push(await renderReport(synthesizeReport(prng(1000 + i)), 'docx'));
    for (const d of docs) {
      const main = Buffer.from(unzipSync(d)['word/document.xml']!);
      const blocks = agree(main) as unknown[];
      expect(blocks.length).toBeGreaterThan(20);
    }
  }, 120_000);

  it('Word and WPS wrappers: merged cells, tracked changes, content controls, fields, text boxes, nested tables', () => {
    const cases = [
      // gridSpan, vMerge restart/continue (with and without val), hMerge, gridBefore/gridAfter, bad values.
      `<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>
        <w:tr><w:trPr><w:gridBefore w:val="2"/><w:gridAfter w:val="1"/></w:trPr>${tc('三、本年度办理结果', '<w:vMerge w:val="restart"/>')}${tc('（一）予以公开', '<w:gridSpan w:val="2"/>')}${tc('3')}</w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="x"/></w:trPr>${tc('', '<w:vMerge/>')}${tc('a', '<w:hMerge w:val="restart"/>')}${tc('b', '<w:hMerge/>')}${tc('0', '<w:gridSpan w:val="-3"/>')}</w:tr>
        <w:tr>${tc('ignored', '<w:vMerge w:val="continue"/>')}${tc('x', '<w:gridSpan w:val="99999"/><w:gridSpan w:val="2"/>')}</w:tr>
        <w:tr/><w:tr><w:trPr/><w:trPr><w:gridBefore w:val="3"/></w:trPr>${tc('first trPr counts')}</w:tr>
        <w:tr><w:sdt><w:sdtContent><w:trPr><w:gridBefore w:val="2"/></w:trPr>${tc('wrapped trPr is not the row’s')}</w:sdtContent></w:sdt></w:tr>
        <w:tr><w:tc><w:sdt><w:sdtContent><w:tcPr><w:gridSpan w:val="3"/></w:tcPr>${p('wrapped tcPr is not the cell’s')}</w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>`,
      // Tracked changes: insertions read, deletions and moved-away text not.
      `<w:p><w:ins w:id="1"><w:r><w:t>新增</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>删除</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>`,
      // Content controls around paragraphs, rows and cells; custom XML; smart tags.
      `<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>${p('控件内段落')}<w:tbl><w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent>${tc('控件内单元格')}</w:sdtContent></w:sdt>${tc('5')}</w:tr></w:sdtContent></w:sdt></w:tbl></w:sdtContent></w:sdt>
       <w:customXml><w:p><w:smartTag w:uri="u" w:element="date"><w:r><w:t>2025年</w:t></w:r></w:smartTag></w:p></w:customXml>`,
      // Fields: simple, complex (instruction hidden, result read), hyperlinks.
      `<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>`,
      // Text boxes: Choice read, Fallback not; a box in a cell dropped; a box in a box; a table in a box.
      `<w:p><w:r><w:t>正文前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${p('文本框标题')}<w:p><w:r><w:pict><w:txbxContent>${p('框中框')}</w:txbxContent></w:pict></w:r></w:p><w:tbl><w:tr>${tc('框内表格')}</w:tr></w:tbl></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Choice><w:t>second choice</w:t></mc:Choice><mc:Fallback><w:pict><w:txbxContent>${p('备用')}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文后</w:t></w:r></w:p>
       <w:tbl><w:tr><w:tc><w:p><w:r><w:pict><w:txbxContent>${p('单元格内文本框')}</w:txbxContent></w:pict></w:r><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
      // Breaks, tabs, symbols, soft and non-breaking hyphens, a paragraph inside a run.
      `<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t><w:cr/><w:softHyphen/><w:t>四</w:t><w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:char="2460"/><w:sym w:char="zz"/><w:ptab w:alignment="right"/></w:r><w:r><w:drawing><w:p><w:r><w:t>图中段落</w:t></w:r></w:p></w:drawing></w:r></w:p>`,
      // A table inside a table cell: its cells' text joins the outer cell's.
      `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${p('外层')}<w:tbl><w:tblPr/><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('内1', '<w:vMerge/>')}${tc('内2')}</w:tr></w:tbl></w:tc>${tc('12')}</w:tr></w:tbl>`,
      // Compatibility blocks at body level and in cells.
      `<mc:AlternateContent><mc:Choice Requires="w14">${p('兼容选择')}</mc:Choice><mc:Fallback>${p('兼容备用')}</mc:Fallback></mc:AlternateContent><w:tbl><w:tr><w:tc><mc:AlternateContent><mc:Choice>${p('选')}</mc:Choice></mc:AlternateContent></w:tc></w:tr></w:tbl>`,
      // Entities, character references, CDATA, comments, processing instructions, whitespace inside w:t.
      `<w:p><w:r><w:t xml:space="preserve">  收到 &amp; 办结&#x3000;&#12288;&lt;57&gt; &bogus; &#0;</w:t><w:t><![CDATA[<原样>&amp;]]></w:t><!-- 注释 --><?pi x?><w:t>a<!--x-->b</w:t></w:r></w:p><w:p><w:r><w:t>\u00a0 \u3000 </w:t></w:r></w:p>`,
      // Attribute values with '>' and quotes; non-ASCII element and attribute names.
      `<w:p w:rsidR="a>b" w14:paraId='c"d'><w:r><w:t>引号</w:t></w:r></w:p><字 属性="值"><w:p><w:r><w:t>外来元素内</w:t></w:r></w:p></字><w:p 属性="值"><w:r><w:t 名="字">非ASCII属性</w:t></w:r></w:p>`,
      // Lenient end tags: a stray one, one closing several elements, a missing one at the end.
      `<w:p><w:r><w:t>未闭合</w:p></w:r>${p('之后')}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:tr><w:tr>${tc('下一行')}</w:tbl></w:body><w:p><w:r><w:t>体外</w:t></w:r></w:p>`,
    ];
    for (const body of cases) agree(doc(body));
    // Other prefixes, a default namespace, a namespace redeclared inside the body, the strict namespace.
    agree(
      doc(
        `<x:p xmlns:x="${W}"><x:r><x:t>前缀x</x:t></x:r></x:p><p xmlns="${W}"><r><t>默认命名空间</t></r></p><w:p xmlns:w="urn:other"><w:r><w:t>不是WordML</w:t></w:r></w:p><w:p><w:r><w:t>恢复</w:t></w:r></w:p>`,
      ),
    );
    agree(
      `<s:document xmlns:s="http://purl.oclc.org/ooxml/wordprocessingml/main"><s:body>${p('strict').replaceAll('w:', 's:')}</s:body></s:document>`,
    );
    // Not a document with a body; no root element; too deep; not UTF-8.
    expect(agree(`<w:document xmlns:w="${W}"/>`)).toBeNull();
    expect(agree(`<w:documents xmlns:w="${W}"><w:body/></w:documents>`)).toBeNull();
    expect(agree('<?xml version="1.0"?> 只有文字')).toBe('XmlError: 没有 XML 根元素');
    expect(agree(doc(`${'<w:sdt>'.repeat(30)}${p('深')}`), 20)).toBe('XmlError: XML 嵌套层级超过 20 层');
    agree(doc(`${'<w:rPr>'.repeat(30)}`), 20);
    agree(
      Buffer.concat([
        Buffer.from(doc('<w:p><w:r><w:t>').split('<w:t>')[0]!),
        Buffer.from('<w:t>'),
        Buffer.from([0xb1, 0xed, 0xc8, 0xfd]), // GBK 表三
        Buffer.from('</w:t></w:r></w:p></w:body></w:document>'),
      ]),
    );
  });

  it('random and damaged markup', () => {
    let read = 0;
    // Whole pieces (what keeps most inputs readable), loose tags (nesting of any kind), and damage.
    const whole = fc.constantFrom(
      p('表三'),
      p('57'),
      p(' 收到 &amp; 办结 '),
      '<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>带属性</w:t></w:r></w:p>',
      `<w:tbl><w:tr>${tc('12')}${tc('办结', '<w:gridSpan w:val="2"/>')}</w:tr><w:tr>${tc('', '<w:vMerge/>')}${tc('3')}</w:tr></w:tbl>`,
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('5')}</w:tr>`,
      `<w:tr><w:sdt><w:sdtContent><w:trPr><w:gridAfter w:val="1"/></w:trPr>${tc('6')}</w:sdtContent></w:sdt></w:tr>`,
      tc('7', '<w:hMerge/>'),
      tc('8'),
      '<w:r><w:t>字</w:t></w:r>',
      '<w:r><w:tab/><w:br/><w:sym w:char="2460"/><w:noBreakHyphen/></w:r>',
      '<w:r><w:instrText>PAGE</w:instrText><w:delText>删</w:delText></w:r>',
    );
    const loose = fc.constantFrom(
      '<w:p>',
      '</w:p>',
      '<w:p/>',
      '<w:r>',
      '</w:r>',
      '<w:t>',
      '</w:t>',
      '<w:t xml:space="preserve">',
      '<w:tbl>',
      '</w:tbl>',
      '<w:tbl/>',
      '<w:tr>',
      '</w:tr>',
      '<w:tr/>',
      '<w:tc>',
      '</w:tc>',
      '<w:tc/>',
      '<w:tcPr>',
      '</w:tcPr>',
      '<w:tcPr/>',
      '<w:trPr>',
      '</w:trPr>',
      '<w:gridSpan w:val="2"/>',
      '<w:gridSpan w:val="x"/>',
      '<w:vMerge/>',
      '<w:vMerge w:val="restart"/>',
      '<w:hMerge/>',
      '<w:gridBefore w:val="1"/>',
      '<w:gridAfter w:val="2"/>',
      '<w:pPr>',
      '</w:pPr>',
      '<w:rPr>',
      '</w:rPr>',
      '<w:sdt>',
      '</w:sdt>',
      '<w:sdtContent>',
      '</w:sdtContent>',
      '<w:sdtPr>',
      '</w:sdtPr>',
      '<w:ins>',
      '</w:ins>',
      '<w:del>',
      '</w:del>',
      '<w:smartTag>',
      '</w:smartTag>',
      '<w:fldSimple w:instr="PAGE">',
      '</w:fldSimple>',
      '<mc:AlternateContent>',
      '</mc:AlternateContent>',
      '<mc:Choice>',
      '</mc:Choice>',
      '<mc:Fallback>',
      '</mc:Fallback>',
      '<w:txbxContent>',
      '</w:txbxContent>',
      '<w:drawing>',
      '</w:drawing>',
      '<w:tab/>',
      '<w:br/>',
      '<w:cr/>',
      '<w:softHyphen/>',
      '<w:sym w:char="F020"/>',
      '文字',
      ' ',
      '\n',
      '57',
      '&#x4e00;',
    );
    const damage = fc.constantFrom(
      '<w:body>',
      '</w:body>',
      `<x:p xmlns:x="${W}">`,
      '</x:p>',
      `<t xmlns="${W}">`,
      '</t>',
      '<w:r xmlns:w="urn:other">',
      '<w:t 名="字">',
      '<名>',
      '</名>',
      '<w:p\u3000a="1">',
      '<w:p a="&gt;>">',
      '</ w:p >',
      '<![CDATA[数<字>]]>',
      '<!-- c -->',
      '<?pi x?>',
      '<!DOCTYPE x [<!ENTITY a "b">]>',
      '\u00a0',
      '\u3000',
      '&amp;',
      '<',
      '>',
    );
    const piece = fc.oneof(
      { weight: 4, arbitrary: whole },
      { weight: 5, arbitrary: loose },
      { weight: 1, arbitrary: damage },
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.integer({ min: 6, max: 40 }),
        fc.integer({ min: 0, max: 9 }),
        (parts, depth, form) => {
          const wrapped = form > 0;
          const body = parts.join('');
          const got = agree(
            wrapped ? doc(body) : `<w:document xmlns:w="${W}" xmlns:mc="${MC}">${body}`,
            depth,
          );
          if (Array.isArray(got) && got.length > 0) read++;
        },
      ),
      { numRuns: 4000 },
    );
    // Most inputs read to some blocks (not only to errors), so the comparison is about content.
    expect(read).toBeGreaterThan(1000);
  }, 120_000);

  it('the reader uses it: a DOCX reads to the streamed blocks, and a bad main part names the file', async () => {
    const { zipSync } = await import('fflate');
    const rels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
    const pack = (xml: string) =>
      zipSync({ '_rels/.rels': strToU8(rels), 'word/document.xml': strToU8(xml) });
    const xml = doc(
      `${p('标题')}<w:tbl><w:tr>${tc('办结', '<w:gridSpan w:val="2"/>')}${tc('58')}</w:tr></w:tbl>`,
    );
    const d = await read(pack(xml), 'in/a.docx');
    expect(d.blocks).toStrictEqual(byTree(Buffer.from(xml), 1000));
    expect(d.blocks[1]).toMatchObject({
      kind: 'row',
      cells: [
        { text: '办结', span: 2, prov: { col: 0 } },
        { text: '58', prov: { table: 0, row: 0, col: 2 } },
      ],
    });
    await expect(read(pack(`<w:document xmlns:w="${W}"/>`), 'in/a.docx')).rejects.toThrow(
      'in/a.docx：DOCX 正文格式不正确（缺少 w:body）',
    );
    await expect(read(pack('只有文字'), 'in/a.docx')).rejects.toThrow(
      'in/a.docx：DOCX 中 word/document.xml 无法解析（没有 XML 根元素）',
    );
  });
});

// parseXmlBytes scans a part as Latin-1 and decodes only its non-ASCII pieces (issue 18); it must build exactly the
// tree that decoding the whole part as UTF-8 builds — including where Unicode whitespace (NBSP, U+3000, U+0085,
// a byte-order mark) decides whether a text node is kept, and for bytes that are not UTF-8 at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOLLOW } from './tree.ts';
import { ByteTagEnds, parseXml, parseXmlBytes, TagEnds, type XmlElement, XmlError } from './xml.ts';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const both = (bytes: Buffer) => ({
  bytes: parseXmlBytes(bytes, 64),
  whole: parseXml(bytes.toString('utf8'), 64),
});

describe('parseXmlBytes', () => {
  it('reads Chinese text, attributes and names as decoding the whole part does', () => {
    const xml = `\ufeff<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:pPr><w:pStyle w:val="标题 1"/></w:pPr><w:r><w:t xml:space="preserve">收到申请 57 件&amp;其他</w:t></w:r></w:p>\u3000<w:p>\u00a0</w:p><字 属性="值">正文<![CDATA[表三　<原文>]]></字></w:body></w:document>\n尾`;
    const { bytes, whole } = both(Buffer.from(xml, 'utf8'));
    expect(bytes).toEqual(whole);
    expect(JSON.stringify(bytes)).toContain('收到申请 57 件&其他');
    expect(JSON.stringify(bytes)).toContain('标题 1');
  });

  it('decodes a part that is not valid UTF-8 whole, as before', () => {
    const bad = Buffer.concat([
      Buffer.from(`<w:document ${W}><w:body><w:p><w:r><w:t>`),
      Buffer.from([0xb1, 0xed, 0xc8, 0xfd, 0xe5]), // GBK 表三 and a cut-off sequence
      Buffer.from('</w:t></w:r></w:p></w:body></w:document>'),
    ]);
    const { bytes, whole } = both(bad);
    expect(bytes).toEqual(whole);
  });

  it('matches decoding the whole part on random markup mixed with non-ASCII text', () => {
    const piece = fc.constantFrom(
      '<w:p>',
      '</w:p>',
      '<w:t>',
      '</w:t>',
      '<w:r/>',
      '<w:pStyle w:val="标题"/>',
      "<a b='\u00a0'>",
      '</a>',
      '<名>',
      '</名>',
      '<![CDATA[数<字>]]>',
      '<!-- 注释 -->',
      '&amp;',
      '&#x4e00;',
      ' ',
      '\n',
      '\u00a0',
      '\u3000',
      '\u0085',
      '\u2028',
      '\ufeff',
      '政府信息公开',
      '57',
      'é',
      '😀',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const xml = `<w:document ${W}><w:body>${parts.join('')}</w:body></w:document>`;
        const { bytes, whole } = both(Buffer.from(xml, 'utf8'));
        expect(bytes).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });
});

/** The full tree with the content of every element named in `hollow` taken out (what a hollow parse promises). */
function prune(el: XmlElement, hollow: ReadonlySet<string>): XmlElement {
  if (hollow.has(el.name)) return { ...el, children: [] };
  return { ...el, children: el.children.map((c) => (typeof c === 'string' ? c : prune(c, hollow))) };
}
const parse = (xml: string, depth: number, hollow?: ReadonlySet<string>) => {
  try {
    return parseXmlBytes(Buffer.from(xml, 'utf8'), depth, hollow);
  } catch (e) {
    if (e instanceof XmlError) return e.message;
    throw e;
  }
};

describe('hollow elements (issue 18: run and paragraph properties are not built)', () => {
  it('a hollow element keeps its attributes and loses only its content', () => {
    const xml = `<w:document ${W}><w:body><w:p><w:pPr w:rsid="1"><w:numPr><w:ilvl w:val="0"/></w:numPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>表三</w:t></w:r></w:p></w:body></w:document>`;
    const t = parse(xml, 64, HOLLOW) as XmlElement;
    expect(t).toEqual(prune(parse(xml, 64) as XmlElement, HOLLOW));
    expect(JSON.stringify(t)).toContain('"w:rsid":"1"');
    expect(JSON.stringify(t)).not.toContain('w:numPr');
    expect(JSON.stringify(t)).toContain('表三');
  });

  it('equals the pruned full tree on random markup: stray and mismatched end tags, other prefixes, depth limits', () => {
    const piece = fc.constantFrom(
      '<w:p>',
      '</w:p>',
      '<w:r>',
      '</w:r>',
      '<w:t>',
      '</w:t>',
      '<w:tc>',
      '</w:tc>',
      '<w:pPr>',
      '</w:pPr>',
      '<w:rPr>',
      '</w:rPr>',
      '<w:rPr/>',
      '<w:tblPr>',
      '</w:tblPr>',
      '<w:sectPr>',
      '</w:sectPr>',
      '<x:rPr xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
      '</x:rPr>',
      '<rPr xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
      '</rPr>',
      '<w:pPr xmlns:w="urn:other">',
      '<w:b w:val="1"/>',
      '<名>',
      '</名>',
      '<![CDATA[数]]>',
      '<!-- c -->',
      '<?pi x?>',
      '文字',
      ' ',
      '57',
      '&amp;',
      '<w:t xml:space="preserve"> 1 </w:t>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 2, max: 12 }), (parts, depth) => {
        const xml = `<w:document ${W}><w:body>${parts.join('')}</w:body></w:document>`;
        const full = parse(xml, depth);
        const hollow = parse(xml, depth, HOLLOW);
        if (typeof full === 'string') expect(hollow).toBe(full);
        else expect(hollow).toEqual(prune(full, HOLLOW));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('TagEnds', () => {
  // The character loop it replaced: the first '>' outside a quoted value, or -1.
  const reference = (src: string, from: number) => {
    let q = 0;
    for (let j = from; j < src.length; j++) {
      const c = src.charCodeAt(j);
      if (q) {
        if (c === q) q = 0;
      } else if (c === 34 || c === 39) q = c;
      else if (c === 62) return j;
    }
    return -1;
  };

  it('finds the end the character loop finds, for queries in document order and in any order', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom('a', '"', "'", '>', '<', ' ', '='), { maxLength: 60 })
          .map((a) => a.join('')),
        fc.array(fc.nat(), { maxLength: 12 }),
        (src, picks) => {
          const froms = picks.map((p) => p % (src.length + 1));
          const inOrder = new TagEnds(src);
          for (const f of [...froms].sort((a, b) => a - b)) expect(inOrder.find(f)).toBe(reference(src, f));
          const anyOrder = new TagEnds(src);
          for (const f of froms) expect(anyOrder.find(f)).toBe(reference(src, f));
          // The byte scanner docx/stream.ts uses over a part's bytes (the alphabet is ASCII: one byte a character).
          const bytes = new ByteTagEnds(Buffer.from(src, 'latin1'));
          for (const f of froms) expect(bytes.find(f)).toBe(reference(src, f));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

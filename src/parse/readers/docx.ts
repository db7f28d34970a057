// The DOCX reader: word/document.xml → SourceDocument, paragraphs and tables in body order. Tables keep Word's grid:
// gridSpan becomes `span`, a vMerge continuation becomes an empty merged cell, gridBefore/gridAfter become empty
// cells, so a value stays under its column header. (mammoth drops vMerge, which is why the XML is read here.)
// Word's automatic numbering is not in the text: a heading numbered by Word arrives as "总体情况", which the
// extractor matches without its ordinal. The main part is read in one pass without a tree (docx/stream.ts); the
// small package parts (relationships) are parsed to a tree (docx/xml.ts).
import { UnreadableError } from '../index.ts';
import { checkSize, currentLimits, type ReadLimits } from '../limits.ts';
import type { SourceBlock, SourceDocument } from '../source.ts';
import { streamBlocks } from './docx/stream.ts';
import { kids, parseXmlBytes, type XmlElement, XmlError } from './docx/xml.ts';
import { Zip } from './docx/zip.ts';

const OFFICE_DOCUMENT = /\/officeDocument$/;

export async function read(
  bytes: Uint8Array,
  file: string,
  limits: ReadLimits = currentLimits(),
): Promise<SourceDocument> {
  checkSize(bytes.byteLength, file, limits);
  const zip = Zip.open(bytes, file, limits);
  const fail = (why: string): never => {
    throw new UnreadableError(`${file}：${why}`, file);
  };
  const xml = (name: string): XmlElement | null => {
    const data = zip.read(name);
    if (!data) return null;
    try {
      return parseXmlBytes(Buffer.from(data.buffer, data.byteOffset, data.byteLength), limits.markupMaxDepth);
    } catch (e) {
      if (e instanceof XmlError) return fail(`DOCX 中 ${name} 无法解析（${e.message}）`);
      throw e;
    }
  };
  const main = mainPart(zip, xml);
  if (!main) {
    if (zip.has('xl/workbook.xml')) fail('这是 Excel 表格（XLSX），不是 Word 文档，暂不支持');
    if (zip.has('ppt/presentation.xml')) fail('这是 PowerPoint 演示文稿（PPTX），不是 Word 文档，暂不支持');
    if (zip.has('content.xml') && zip.has('mimetype'))
      fail('这是 OpenDocument 文档（ODT），请另存为 DOCX 后再读取');
    fail('ZIP 压缩包中没有 Word 文档正文（word/document.xml），不是 DOCX 文件');
  }
  // The main part in one pass, no tree (docx/stream.ts; issue 18): the part that makes a DOCX's reading cost.
  const data = zip.read(main!)!;
  let blocks: SourceBlock[] | null;
  try {
    blocks = streamBlocks(Buffer.from(data.buffer, data.byteOffset, data.byteLength), limits.markupMaxDepth);
  } catch (e) {
    if (e instanceof XmlError) return fail(`DOCX 中 ${main} 无法解析（${e.message}）`);
    throw e;
  }
  if (!blocks) fail('DOCX 正文格式不正确（缺少 w:body）');
  return { form: 'docx', blocks: blocks!, notes: [], meta: coreTitle(zip) };
}

/** The document's title from its core properties (docProps/core.xml), when the author set one. */
function coreTitle(zip: Zip): { fallbackTitle?: string } {
  const data = zip.read('docProps/core.xml');
  if (!data) return {};
  const m = /<dc:title>([^<]{1,300})<\/dc:title>/.exec(Buffer.from(data).toString('utf8'));
  const title = m?.[1]?.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim();
  return title ? { fallbackTitle: title } : {};
}

/** The main document part, from the package relationships (usually word/document.xml). */
function mainPart(zip: Zip, xml: (name: string) => XmlElement | null): string | null {
  const rels = zip.has('_rels/.rels') ? xml('_rels/.rels') : null;
  if (rels)
    for (const r of kids(rels))
      if (OFFICE_DOCUMENT.test(r.attrs.Type ?? '') && r.attrs.Target) {
        const target = r.attrs.Target.replace(/^\//, '');
        if (zip.has(target)) return target;
      }
  return zip.has('word/document.xml') ? 'word/document.xml' : null;
}

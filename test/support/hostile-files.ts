// The files of issue 12 that once took the server down or lost a batch, made on the fly (none is stored in git):
// the published Huai'an PDF with its middle third cut out (broken cross-reference table), a DOCX whose document.xml
// inflates to ~120 MB of ordinary paragraphs, a text report with a NUL byte after its first 8 KB, a page heavy
// enough to run past a short time limit or a small heap, and clean seed reports (made distinct per test, so that
// no test sees another's copy as a duplicate).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { SEEDS, SHARED } from './seeds.ts';

export const CORPUS_PDF = join(SHARED, 'corpus', 'huaian-city-2024.pdf');

/** `head -c 137614 f > m.pdf; tail -c +275229 f >> m.pdf` */
export function brokenPdf(): Uint8Array {
  const f = readFileSync(CORPUS_PDF);
  return Buffer.concat([f.subarray(0, 137614), f.subarray(275228)]);
}

/** A DOCX of a few hundred KB whose main part inflates to about `mb` MB of ordinary paragraphs. */
export function bigDocx(mb = 120): Uint8Array {
  const para =
    '<w:p><w:r><w:t>本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。</w:t></w:r></w:p>';
  const n = Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(para));
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${para.repeat(n)}</w:body></w:document>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(xml),
    },
    { level: 6 },
  );
}

/**
 * A seed report with NUL bytes after its first 8 KB (past the binary sniffing), inside the narrative of its last
 * section, which is stored as text: PostgreSQL's text and jsonb cannot hold U+0000.
 */
export function nulText(tag: string): Uint8Array {
  const bytes = Buffer.from(SEEDS[0]!.text);
  const at = bytes.lastIndexOf(Buffer.from('。'));
  if (at < 8 * 1024) throw new Error('the seed is too short for a NUL past 8 KB');
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(`\u0000附注${tag}\u0000`), bytes.subarray(at)]);
}

/** A page that takes seconds and hundreds of MB to read: for the time limit and the memory limit. */
export function heavyHtml(rows = 300_000): Uint8Array {
  const row = (i: number) => `<tr><td>规章${i}</td><td>${i}</td><td>0</td></tr>`;
  return Buffer.from(
    `<html><body><table>${Array.from({ length: rows }, (_, i) => row(i)).join('')}</table></body></html>`,
  );
}

/** A clean seed report, made distinct by `tag` (a trailing comment line changes its hash, not its numbers). */
export function cleanSeed(i: number, tag: string): Uint8Array {
  return Buffer.from(`${SEEDS[i]!.text}\n\n（${tag}）\n`);
}

export interface HostileSet {
  readonly broken: string;
  readonly docx: string;
  readonly nul: string;
  readonly heavy: string;
  readonly clean: readonly string[];
}

/** Write the set into `dir` under names that do not give their form away. */
export function writeHostileSet(
  dir: string,
  tag: string,
  opts: { heavy?: boolean; docx?: boolean } = {},
): HostileSet {
  const put = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  return {
    broken: put('a-broken.pdf', brokenPdf()),
    docx: opts.docx === false ? '' : put('b-big.docx', bigDocx()),
    nul: put('c-nul.txt', nulText(tag)),
    heavy: opts.heavy === false ? '' : put('d-heavy.html', heavyHtml()),
    clean: [put('e-clean-1.txt', cleanSeed(1, tag)), put('f-clean-2.txt', cleanSeed(2, tag))],
  };
}

/** 1,000,000 `<span>` never closed, in an HTML page of a few MB (issue 12: +1.2 GB and 6 s on the event loop). */
export function unclosedSpans(n = 1_000_000): Uint8Array {
  return Buffer.from(`<html><body>${'<span>公开'.repeat(n)}</body></html>`);
}

/**
 * A well-formed PDF of `pages` pages (issue 12: 10,000 pages, 4 s on the event loop): every page shows the same
 * short content stream, so the file stays small while its page tree is long.
 */
export function manyPagePdf(pages = 10_000): Uint8Array {
  const objs: string[] = [];
  // 1 catalog, 2 pages, 3 font, 4 content, 5.. pages
  const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
  const content = 'BT /F1 12 Tf 72 720 Td (page) Tj ET';
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  for (let i = 0; i < pages; i++)
    objs.push(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>',
    );
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, o] of objs.entries()) {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

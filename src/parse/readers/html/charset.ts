// Bytes of a web page → text. Government sites still serve GB2312/GBK pages, often with a stale or missing
// declaration, so the order is: byte-order mark, then valid UTF-8 (which GBK text practically never is), then the
// page's own declaration (<meta charset>, http-equiv Content-Type, XML declaration), then detection. The encoding
// used and why is returned as a note for the report.
// iconv-lite and jschardet are loaded only for a page that needs them (a UTF-8 page, the usual case now, never
// does): loading them cost a process that reads HTML ~0.1 s of CPU before its first page (issue 18).
import { isUtf8 } from 'node:buffer';
import { validUtf8Text } from '../shared/utf8.ts';

let iconvLoaded: Promise<typeof import('iconv-lite')> | undefined;
const loadIconv = () => (iconvLoaded ??= import('iconv-lite'));

export interface Decoded {
  readonly text: string;
  /** The encoding used, as iconv-lite names it. */
  readonly charset: string;
  /** Chinese note for Report.notes: which encoding, on what evidence. */
  readonly note: string;
}

/** WHATWG Encoding labels that matter here → the decoder to use. GB18030 is a superset of GB2312 and GBK. */
const LABELS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  csgb2312: 'gb18030',
  chinese: 'gb18030',
  'iso-ir-58': 'gb18030',
  gb18030: 'gb18030',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  // A page cannot declare UTF-16 in its own bytes (HTML § 13.2.3.2): such a declaration means UTF-8.
  'utf-16': 'utf-8',
  'utf-16le': 'utf-8',
  'utf-16be': 'utf-8',
  big5: 'big5',
  'big5-hkscs': 'big5',
  'x-x-big5': 'big5',
  'iso-8859-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'windows-1252': 'windows-1252',
  latin1: 'windows-1252',
};

const NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GB18030（GBK）',
  big5: 'Big5',
  'windows-1252': 'Windows-1252',
};
const nameOf = (c: string) => NAMES[c] ?? c.toUpperCase();

export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString(
    'latin1',
  );
  const m =
    /<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)/i.exec(head) ??
    /<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_:.+-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

export async function decodeHtml(bytes: Uint8Array): Promise<Decoded> {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return {
      text: b.subarray(3).toString('utf8'),
      charset: 'utf-8',
      note: '网页按UTF-8解码（依据：字节顺序标记）',
    };
  if (b[0] === 0xff && b[1] === 0xfe)
    return {
      text: b.subarray(2).toString('utf16le'),
      charset: 'utf-16le',
      note: '网页按UTF-16LE解码（依据：字节顺序标记）',
    };
  if (b[0] === 0xfe && b[1] === 0xff)
    return {
      text: (await loadIconv()).decode(b.subarray(2), 'utf-16be'),
      charset: 'utf-16be',
      note: '网页按UTF-16BE解码（依据：字节顺序标记）',
    };

  const label = declaredCharset(bytes);
  const declared = label
    ? (LABELS[label] ?? ((await loadIconv()).encodingExists(label) ? label : null))
    : null;
  // Validate (natively, well under a microsecond for a report page), then decode: for valid UTF-8 without a
  // byte-order mark (handled above) this is the text a fatal TextDecoder gives, by a decoder five times faster.
  const utf8 = isUtf8(b) ? validUtf8Text(b) : null;
  // Valid UTF-8 is all ASCII exactly when every byte became one UTF-16 unit.
  if (utf8 !== null && (declared === 'utf-8' || declared === null || utf8.length !== b.length)) {
    const why =
      declared === 'utf-8'
        ? '依据：网页声明'
        : declared === null
          ? '网页未声明编码，内容是有效的 UTF-8'
          : `网页声明为 ${label}，但内容是有效的 UTF-8`;
    return { text: utf8, charset: 'utf-8', note: `网页按UTF-8解码（${why}）` };
  }
  const iconv = await loadIconv();
  if (declared && declared !== 'utf-8')
    return {
      text: iconv.decode(b, declared),
      charset: declared,
      note: `网页按${nameOf(declared)}解码（依据：网页声明 ${label}）`,
    };

  // Not UTF-8 and no usable declaration (or a false UTF-8 one): detect, defaulting to GB18030, the usual case.
  let guess = 'gb18030';
  const jschardet = (await import('jschardet')).default;
  const d = jschardet.detect(b.subarray(0, 65536));
  if (d.encoding && /big5/i.test(d.encoding) && d.confidence > 0.5) guess = 'big5';
  const why = declared === 'utf-8' ? `网页声明为 ${label}，但内容不是有效的 UTF-8` : '网页未声明编码';
  return {
    text: iconv.decode(b, guess),
    charset: guess,
    note: `网页按${nameOf(guess)}解码（${why}，按内容推断）`,
  };
}

// Bytes → text for text-like sources: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of
// GBK/GB2312, the encodings older government sites still serve). The choice is recorded in the notes.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { utf16WithoutBom } from '../limits.ts';
import { validUtf8Text } from './shared/utf8.ts';

export function decodeText(bytes: Uint8Array): { text: string; encoding: string; notes: string[] } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return { text: b.subarray(3).toString('utf8'), encoding: 'utf-8', notes: [] };
  if (b[0] === 0xff && b[1] === 0xfe)
    return { text: b.subarray(2).toString('utf16le'), encoding: 'utf-16le', notes: [] };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { text: iconv.decode(b.subarray(2), 'utf-16be'), encoding: 'utf-16be', notes: [] };
  const utf16 = utf16WithoutBom(b);
  if (utf16)
    return {
      text: iconv.decode(b, utf16),
      encoding: utf16,
      notes: [`文本为不带字节顺序标记的 ${utf16.toUpperCase()} 编码，已按此解码`],
    };
  // Validate, then decode (the byte-order mark is handled above, so this is the same text a fatal TextDecoder
  // gives, several times faster).
  if (isUtf8(b)) return { text: validUtf8Text(b), encoding: 'utf-8', notes: [] };
  return {
    text: iconv.decode(b, 'gb18030'),
    encoding: 'gb18030',
    notes: ['文本不是UTF-8编码，已按GB18030（GBK）解码'],
  };
}

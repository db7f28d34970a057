import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { uploadFileName } from './upload-filename.ts';

/** A Content-Disposition as the parser holds it: its bytes as a latin1 string. */
const raw = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))).toString('latin1');
const gbk = (s: string) => iconv.encode(s, 'gbk');
const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('uploadFileName', () => {
  it('when the name is raw UTF-8 (every current browser), then it is kept as sent', () => {
    expect(uploadFileName(raw('form-data; name="files"; filename="2023年报.pdf"'))).toEqual({
      name: '2023年报.pdf',
    });
  });

  it('when the name is raw GBK (IE mode, curl on a GBK locale), then it is read as GB18030', () => {
    const d = raw('form-data; name="files"; filename="', gbk('政府信息公开年报（修订）.pdf'), '"');
    expect(uploadFileName(d)).toEqual({ name: '政府信息公开年报（修订）.pdf' });
  });

  it('when filename* names its charset (GBK or UTF-8), then it is decoded with it and wins over filename', () => {
    const d = raw(`form-data; name="files"; filename="report.pdf"; filename*=GBK''${pct(gbk('年报.pdf'))}`);
    expect(uploadFileName(d)).toEqual({ name: '年报.pdf' });
    const u = raw(`form-data; name="files"; filename*=UTF-8''${encodeURIComponent('北京市年报.txt')}`);
    expect(uploadFileName(u)).toEqual({ name: '北京市年报.txt' });
  });

  it('when filename* cannot be read (unknown charset, bytes invalid in it), then the plain filename is used', () => {
    const d = raw(`form-data; name="files"; filename="年报.pdf"; filename*=X-NONE''%C4%EA`);
    expect(uploadFileName(d)).toEqual({ name: '年报.pdf' });
    const bad = raw(`form-data; name="files"; filename="年报.pdf"; filename*=UTF-8''%C4%EA`);
    expect(uploadFileName(bad)).toEqual({ name: '年报.pdf' });
  });

  it('when no decoding reads the bytes, then no name is guessed and the ASCII extension is kept', () => {
    const d = raw('form-data; name="files"; filename="', Buffer.from([0xff, 0xfe, 0xff]), '.PDF"');
    expect(uploadFileName(d)).toEqual({ name: null, extension: '.pdf' });
    // A name already garbled by the client (U+FFFD in valid UTF-8) is not taken either.
    expect(uploadFileName(raw('form-data; name="files"; filename="\uFFFD\uFFFD.doc"'))).toEqual({
      name: null,
      extension: '.doc',
    });
  });

  it('keeps the backslashes of a Windows path and a GBK second byte 0x5C; only \\" is an escape', () => {
    // GBK 0x81 0x5C: a character whose second byte is the backslash.
    const fivec = iconv.decode(Buffer.from([0x81, 0x5c]), 'gbk');
    const d = raw('form-data; name="files"; filename="', gbk(`C:\\报告\\${fivec}年报.pdf`), '"');
    expect(uploadFileName(d)).toEqual({ name: `C:\\报告\\${fivec}年报.pdf` });
    expect(uploadFileName(raw('form-data; name="files"; filename="a\\"b.txt"'))).toEqual({ name: 'a"b.txt' });
  });

  it('when the part names no file, then undefined', () => {
    expect(uploadFileName(raw('form-data; name="_csrf"'))).toBeUndefined();
  });
});

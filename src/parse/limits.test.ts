// What no reader should be handed: empty files, known non-report formats, binary data, oversized files. Each is a
// clear Chinese UnreadableError that names the file; real documents pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnreadableError } from './index.ts';
import { DEFAULT_LIMITS, looksBinary, rejectUnreadable, utf16WithoutBom } from './limits.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s));

function rejection(b: Uint8Array, limits = DEFAULT_LIMITS): UnreadableError {
  try {
    rejectUnreadable(b, 'in/x.bin', limits);
  } catch (e) {
    if (e instanceof UnreadableError) return e;
    throw e;
  }
  throw new Error('not rejected');
}

describe('rejectUnreadable', () => {
  it('when the file is empty, says so and names it', () => {
    const e = rejection(bytes());
    expect(e.message).toBe('in/x.bin：文件为空');
    expect(e.file).toBe('in/x.bin');
  });

  it('when the file is larger than the cap, gives both sizes', () => {
    const e = rejection(new Uint8Array(2048), { ...DEFAULT_LIMITS, maxBytes: 1024 });
    expect(e.message).toMatch(/文件过大.*上限/);
  });

  it.each([
    ['a Word 97-2003 file', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0), /\.doc.*另存为 DOCX/],
    ['an RTF file', text('{\\rtf1\\ansi 政府信息公开}'), /RTF/],
    ['binary garbage', bytes(0x01, 0x02, 0x00, 0x7f, 0x10, 0x11), /二进制数据/],
  ])('when given %s, names what it is', (_what, b, message) => {
    expect(rejection(b).message).toMatch(message);
  });

  it.each([
    ['a PDF', text('%PDF-1.7\n\x00\x01binary')],
    ['a zip (DOCX)', bytes(0x50, 0x4b, 0x03, 0x04, 0, 0, 0)],
    ['UTF-16 text with a byte-order mark', bytes(0xff, 0xfe, 0x3f, 0x5e, 0x00, 0x00)],
    ['GBK text', new Uint8Array([0xd5, 0xfe, 0xb8, 0xae, 0x0d, 0x0a])],
    ['HTML', text('<html><body>年度报告</body></html>')],
    // Photos of a report go to OCR (src/parse/ocr).
    ['a PNG image', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d)],
    ['a JPEG image', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46)],
  ])('lets %s through', (_what, b) => {
    expect(() => rejectUnreadable(b, 'x')).not.toThrow();
  });
});

describe('looksBinary', () => {
  it('when a few control characters stand in long text, still calls it text', () => {
    expect(looksBinary(text(`${'政府信息公开'.repeat(200)}\x07`))).toBe(false);
  });
  it('when control characters are many, calls it binary', () => {
    expect(looksBinary(text('\x01\x02\x03\x04abc'))).toBe(true);
  });
  it('a page with a control byte at any place, in a buffer at any offset, is judged as byte by byte', () => {
    // The reference: NUL anywhere in the first 8 KiB is binary; otherwise more than 2 % control bytes other than
    // tab, line feed, carriage return, form feed and escape. Text bytes first, so no magic number is hit.
    const reference = (b: Uint8Array): boolean => {
      const n = Math.min(b.byteLength, 8192);
      let control = 0;
      for (let i = 0; i < n; i++) {
        if (b[i] === 0) return true;
        if (b[i]! < 0x20 && ![0x09, 0x0a, 0x0d, 0x0c, 0x1b].includes(b[i]!)) control++;
      }
      return control > n * 0.02;
    };
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0xff }),
      fc.integer({ min: 0, max: 0x1f }),
      fc.constantFrom(0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x7f, 0x80, 0x9f, 0xa0),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.array(byte, { minLength: 1, maxLength: 9000 }),
        fc.integer({ min: 1, max: 400 }),
        (offset, body, prose) => {
          const all = new Uint8Array(offset + prose + body.length);
          all.set(Buffer.from('信'.repeat(prose)).subarray(0, prose), offset);
          all.set(body, offset + prose);
          const page = all.subarray(offset);
          // (NULs all on one parity are UTF-16 without a byte-order mark: text, tested above.)
          expect(looksBinary(page)).toBe(utf16WithoutBom(page) ? false : reference(page));
        },
      ),
      { numRuns: 300 },
    );
  });
});

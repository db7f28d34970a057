// Limits that keep one hostile or broken file from taking the whole run down: a size cap, zip-bomb caps for DOCX,
// a nesting cap for HTML, a page cap for PDF, and the time and heap a worker may spend on one file. The readers
// enforce the caps they can check themselves; the reading pipeline enforces time and heap by reading each file in a
// child process and killing it (src/reading/pool.ts, ADR 0007).

import { mb } from '../util/units.ts';
import { UnreadableError } from './index.ts';

export interface ReadLimits {
  /** Largest file read at all, in bytes. */
  readonly maxBytes: number;
  /** Wall-clock time for one file, in milliseconds (enforced by the ingest workers). */
  readonly timeMs: number;
  /** Heap of one ingest worker, in MB (V8 `maxOldGenerationSizeMb`). */
  readonly memoryMb: number;
  /** DOCX: entries in the zip's central directory. */
  readonly zipMaxEntries: number;
  /** DOCX: sum of the uncompressed sizes the zip declares. */
  readonly zipMaxTotalBytes: number;
  /** DOCX: bytes one part may inflate to, counted while inflating (declared sizes can lie). */
  readonly zipMaxPartBytes: number;
  /** HTML and DOCX XML: element nesting depth. Real documents stay under 100. */
  readonly markupMaxDepth: number;
  /** PDF: pages read. An annual report has 5–20. */
  readonly pdfMaxPages: number;
  /** Wall-clock time for OCR of one scanned file, in milliseconds (replaces timeMs once OCR starts). */
  readonly ocrTimeMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  timeMs: 60_000,
  memoryMb: 1024,
  zipMaxEntries: 10_000,
  zipMaxTotalBytes: 512 * 1024 * 1024,
  zipMaxPartBytes: 128 * 1024 * 1024,
  markupMaxDepth: 1_000,
  pdfMaxPages: 500,
  ocrTimeMs: 600_000,
});

let current: ReadLimits = DEFAULT_LIMITS;

/**
 * The limits the readers apply when called without explicit ones. The dispatcher calls `read(bytes, file)`, so an
 * ingest worker sets its limits here once at start; state is per thread.
 */
export function currentLimits(): ReadLimits {
  return current;
}

export function setLimits(partial: Partial<ReadLimits>): ReadLimits {
  current = { ...current, ...partial };
  return current;
}

export const tooLarge = (size: number, file: string, limits: ReadLimits = current): string =>
  `${file}：文件过大（${mb(size, 1)}，上限 ${mb(limits.maxBytes, 1)}），未读取`;

export function checkSize(size: number, file: string, limits: ReadLimits = current): void {
  if (size > limits.maxBytes) throw new UnreadableError(tooLarge(size, file, limits), file);
}

/** Formats that are not reports in any form we read, recognised by their first bytes, with what to do about it. */
const FOREIGN: readonly { magic: readonly number[]; what: string }[] = [
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: '这是 Word 97-2003（.doc）或其他 OLE 格式文件，请另存为 DOCX 或 PDF',
  },
  { magic: [0x47, 0x49, 0x46, 0x38], what: '这是 GIF 图片，不含可读的文字' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: '这是 RAR 压缩包，请先解压' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: '这是 7z 压缩包，请先解压' },
  { magic: [0x1f, 0x8b], what: '这是 gzip 压缩文件，请先解压' },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: '这是 RTF 文件，请另存为 DOCX 或 PDF' },
];

/**
 * Bytes that no reader can make sense of: empty files, known foreign formats, and binary data that would otherwise
 * reach the text reader and come out as mojibake. Throws an UnreadableError naming the file; returns otherwise.
 */
export function rejectUnreadable(bytes: Uint8Array, file: string, limits: ReadLimits = current): void {
  checkSize(bytes.byteLength, file, limits);
  if (bytes.byteLength === 0) throw new UnreadableError(`${file}：文件为空`, file);
  for (const f of FOREIGN)
    if (f.magic.every((b, i) => bytes[i] === b)) throw new UnreadableError(`${file}：${f.what}`, file);
  if (looksBinary(bytes))
    throw new UnreadableError(`${file}：不是可识别的文档（二进制数据，不是 PDF、DOCX、HTML 或文本）`, file);
}

/** PDF and zip are binary by nature; anything else with NUL bytes or many control characters is not text. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return false; // %PDF
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return false; // PK (zip)
  // Photos of a report (PNG, JPEG) are read by OCR (src/parse/ocr).
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return false;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return false;
  // UTF-16 with a byte-order mark is text with NUL bytes in it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  // And so is UTF-16 without one (Notepad's "Unicode" save of some tools): recognised by where its NULs fall.
  if (utf16WithoutBom(bytes)) return false;
  const n = Math.min(bytes.byteLength, 8192);
  // Four bytes at a time (issue 18: a byte loop here was 2–4 % of reading an HTML page): a word with no byte below
  // 0x20 — most of them, in any text — is passed over in one test; the bytes of the others are counted one by one.
  const counter = { control: 0 };
  let i = 0;
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, n);
  for (; i < head; i++) if (controlByte(bytes[i]!, counter)) return true;
  // (A view only where it starts aligned: shorter than its head, the file has no word to view.)
  const words =
    i === head && n - i >= 4 ? new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2) : NO_WORDS;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    // Non-zero iff some byte of w is below 0x20 (exact for any bound up to 0x80: "haslessthan", Bit Twiddling Hacks).
    if (((w - 0x20202020) & ~w & 0x80808080) === 0) continue;
    const j = i + k * 4;
    if (
      controlByte(bytes[j]!, counter) ||
      controlByte(bytes[j + 1]!, counter) ||
      controlByte(bytes[j + 2]!, counter) ||
      controlByte(bytes[j + 3]!, counter)
    )
      return true;
  }
  for (i += words.length * 4; i < n; i++) if (controlByte(bytes[i]!, counter)) return true;
  return counter.control > n * 0.02;
}

const NO_WORDS = new Uint32Array(0);

/** True for a NUL byte (binary at once); counts the other control bytes that text does not use. */
function controlByte(b: number, counter: { control: number }): boolean {
  if (b === 0) return true;
  if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) counter.control++;
  return false;
}

/**
 * UTF-16 without a byte-order mark, told from binary data by its NUL bytes: the ASCII characters of a report
 * (digits, punctuation, line ends) have a zero high byte, so its NULs fall almost all on one parity — odd offsets in
 * little-endian, even in big-endian — while the other bytes are rarely zero. Returns the encoding, or null.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.byteLength, 8192) & ~1;
  if (n < 16) return null;
  // No NUL at all (every UTF-8 or GB18030 page): nothing to count. A native search, where the loop below touched
  // every byte of every file read (twice per file in a bulk run).
  if (bytes.subarray(0, n).indexOf(0) < 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 ? odd++ : even++;
  const zeros = even + odd;
  if (zeros < n * 0.02) return null;
  if (odd >= zeros * 0.97 && even <= n * 0.005) return 'utf-16le';
  if (even >= zeros * 0.97 && odd <= n * 0.005) return 'utf-16be';
  return null;
}

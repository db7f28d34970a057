// Reading parts out of a ZIP (the DOCX container) with the zip-bomb checks done before inflating: the entry count
// and the declared sizes from the central directory, then the real inflated size, capped while inflating (a
// declared size can lie). Only what DOCX needs: stored and deflated entries, no ZIP64, no encryption.
import { inflateRawSync } from 'node:zlib';
import { UnreadableError } from '../../index.ts';
import type { ReadLimits } from '../../limits.ts';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export class Zip {
  private constructor(
    private readonly bytes: Uint8Array,
    readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly file: string,
    private readonly limits: ReadLimits,
  ) {}

  /** Parse the central directory. Throws UnreadableError for a damaged, oversized or bomb-like archive. */
  static open(bytes: Uint8Array, file: string, limits: ReadLimits): Zip {
    const fail = (why: string): never => {
      throw new UnreadableError(`${file}：${why}`, file);
    };
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // End of central directory: 22 bytes plus a comment of at most 65535.
    let eocd = -1;
    for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65535); i--)
      if (dv.getUint32(i, true) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) fail('DOCX 文件已损坏或不完整（找不到 ZIP 目录，可能下载不完整）');
    const count = dv.getUint16(eocd + 10, true);
    const cdSize = dv.getUint32(eocd + 12, true);
    const cdOffset = dv.getUint32(eocd + 16, true);
    if (count === 0xffff || cdOffset === 0xffffffff) fail('DOCX 使用了 ZIP64 格式，文档过大，未读取');
    if (count > limits.zipMaxEntries)
      fail(`DOCX 压缩包内文件过多（${count} 个，上限 ${limits.zipMaxEntries}），疑似压缩炸弹，未读取`);
    if (cdOffset + cdSize > eocd) fail('DOCX 文件已损坏（ZIP 目录位置错误）');
    const entries = new Map<string, ZipEntry>();
    let total = 0;
    let p = cdOffset;
    for (let n = 0; n < count; n++) {
      if (p + 46 > eocd || dv.getUint32(p, true) !== 0x02014b50) fail('DOCX 文件已损坏（ZIP 目录条目错误）');
      const nameLen = dv.getUint16(p + 28, true);
      const extraLen = dv.getUint16(p + 30, true);
      const commentLen = dv.getUint16(p + 32, true);
      const entry: ZipEntry = {
        flags: dv.getUint16(p + 8, true),
        method: dv.getUint16(p + 10, true),
        compressedSize: dv.getUint32(p + 20, true),
        size: dv.getUint32(p + 24, true),
        localOffset: dv.getUint32(p + 42, true),
        name: Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
      };
      // A size that no compression could produce is a damaged directory, not a zip bomb (a few flipped bytes in
      // a size field must not be reported as an attack): deflate expands at most about 1032:1, storing 1:1.
      if (
        (entry.method === 8 && entry.size > entry.compressedSize * 1032 + 1024) ||
        (entry.method === 0 && entry.size !== entry.compressedSize)
      )
        fail(
          `DOCX 文件已损坏（ZIP 目录中 ${entry.name.slice(0, 80)} 的大小记录有误，可能下载不完整或被改动）`,
        );
      total += entry.size;
      if (total > limits.zipMaxTotalBytes)
        fail(
          `DOCX 解压后总大小超过上限（${Math.round(limits.zipMaxTotalBytes / 1048576)} MB），疑似压缩炸弹，未读取`,
        );
      entries.set(entry.name, entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return new Zip(bytes, entries, file, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** One part, inflated; null when absent. The inflated size is capped whatever the directory says. */
  read(name: string): Uint8Array | null {
    const e = this.entries.get(name);
    if (!e) return null;
    const fail = (why: string): never => {
      throw new UnreadableError(`${this.file}：${why}`, this.file);
    };
    if (e.flags & 1) fail('DOCX 已加密，无法读取');
    const dv = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    if (e.localOffset + 30 > this.bytes.byteLength || dv.getUint32(e.localOffset, true) !== 0x04034b50)
      fail(`DOCX 文件已损坏（${name} 的位置错误）`);
    const start =
      e.localOffset + 30 + dv.getUint16(e.localOffset + 26, true) + dv.getUint16(e.localOffset + 28, true);
    if (start + e.compressedSize > this.bytes.byteLength) fail(`DOCX 文件不完整（${name} 被截断）`);
    const data = this.bytes.subarray(start, start + e.compressedSize);
    const cap = this.limits.zipMaxPartBytes;
    if (e.size > cap)
      fail(`DOCX 中 ${name} 解压后有 ${Math.round(e.size / 1048576)} MB，超过上限，疑似压缩炸弹，未读取`);
    if (e.method === 0) {
      if (data.byteLength > cap) fail(`DOCX 中 ${name} 过大，未读取`);
      return data;
    }
    if (e.method !== 8) fail(`DOCX 中 ${name} 使用了不支持的压缩方式（${e.method}）`);
    try {
      return inflateRawSync(data, { maxOutputLength: cap });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        fail(`DOCX 中 ${name} 解压后超过 ${Math.round(cap / 1048576)} MB，疑似压缩炸弹，未读取`);
      return fail(`DOCX 中 ${name} 解压失败，文件已损坏（${(err as Error).message}）`);
    }
  }
}

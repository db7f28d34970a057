// A multipart POST written piece by piece over a socket of its own, as a browser sends it: the fields and files in
// the order given, each file's bytes generated as they are sent (the client never holds the body either), the
// Content-Disposition written byte for byte (raw UTF-8 or GBK names, RFC 7578's filename*), and a way to go away
// mid-upload. Shared by the streaming upload tests (test/upload-stream.test.ts) and the bench (bench/upload.ts).
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

export type Part =
  | { readonly field: string; readonly value: string }
  | {
      readonly field: string;
      /** The Content-Disposition parameters after `form-data; name="…"`, as bytes (e.g. `filename="年报.pdf"`). */
      readonly disposition: Buffer | string;
      readonly size: number;
      /** The bytes of the file; random when absent. */
      readonly bytes?: Uint8Array;
      readonly type?: string;
    };

export const fileName = (name: string): string => `filename="${name}"`;

const CHUNK = 64 * 1024;

function* pieces(parts: readonly Part[], boundary: string): Generator<Buffer> {
  for (const p of parts) {
    if ('value' in p) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"\r\n\r\n${p.value}\r\n`,
      );
      continue;
    }
    yield Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; `),
      Buffer.isBuffer(p.disposition) ? p.disposition : Buffer.from(p.disposition),
      Buffer.from(`\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`),
    ]);
    if (p.bytes)
      for (let i = 0; i < p.bytes.length; i += CHUNK) yield Buffer.from(p.bytes.subarray(i, i + CHUNK));
    else for (let left = p.size; left > 0; left -= CHUNK) yield randomBytes(Math.min(CHUNK, left));
    yield Buffer.from('\r\n');
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

/** The body's length, computed without building it. */
export function multipartLength(parts: readonly Part[], boundary: string): number {
  let n = 0;
  for (const p of parts) {
    if ('value' in p) {
      n += Buffer.byteLength(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"\r\n\r\n${p.value}\r\n`,
      );
      continue;
    }
    n +=
      Buffer.byteLength(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; `) +
      (Buffer.isBuffer(p.disposition) ? p.disposition.length : Buffer.byteLength(p.disposition)) +
      Buffer.byteLength(`\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`) +
      (p.bytes ? p.bytes.length : p.size) +
      2;
  }
  return n + Buffer.byteLength(`--${boundary}--\r\n`);
}

export interface PostResult {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
  /** Body bytes written before the answer came (or before going away). */
  readonly sent: number;
}

/**
 * POST `parts` to `url` as multipart/form-data. `abortAfter`: destroy the connection once that many body bytes are
 * written (resolves with status 0). `chunked`: no Content-Length.
 */
export function postMultipart(
  url: string,
  opts: {
    readonly cookie: string;
    readonly parts: readonly Part[];
    readonly abortAfter?: number;
    readonly chunked?: boolean;
    /** Called once the whole body has been handed to the socket (before the answer, usually). */
    readonly onSent?: () => void;
  },
): Promise<PostResult> {
  const boundary = `----gongkai${randomBytes(8).toString('hex')}`;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: {
        cookie: opts.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(opts.chunked ? {} : { 'content-length': String(multipartLength(opts.parts, boundary)) }),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        body += s;
      });
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, body, sent });
      });
    });
    req.on('error', (e) => {
      if (opts.abortAfter !== undefined && sent >= opts.abortAfter)
        resolve({ status: 0, location: null, body: '', sent });
      else if (!answered) reject(e);
    });
    const it = pieces(opts.parts, boundary);
    const pump = () => {
      for (;;) {
        if (answered) return;
        if (opts.abortAfter !== undefined && sent >= opts.abortAfter) {
          req.destroy();
          resolve({ status: 0, location: null, body: '', sent });
          return;
        }
        const next = it.next();
        if (next.done) {
          req.end(() => opts.onSent?.());
          return;
        }
        sent += next.value.length;
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

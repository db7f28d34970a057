// The supervisor's bulk upload, received as it arrives: the multipart body is parsed while it streams in
// (@fastify/busboy, undici's own parser) and each file goes straight to a temp file in the data folder's files area
// while its SHA-256 is computed, then is renamed into place by hash (StoredFiles.put). The request holds a few chunks
// at a time, never the body: 200 MB parsed whole by Hono was held three times over (raw body, FormData, Files).
//
// Nothing half-written: the CSRF token must come before the first file (the form puts it first), or nothing is
// written; a body over the total, too many files, a parse error or a client that goes away mid-upload removes every
// temp file and every file this request stored that no row refers to, and the caller writes no batch row.
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import type { Executor } from '../../db/handle.ts';
import { mb } from '../../util/units.ts';
import { WebError } from '../errors.ts';
import { CSRF_FIELD, type StreamedToken } from '../middleware/csrf.ts';
import { UPLOAD_OVERHEAD_BYTES } from '../settings.ts';
import type { StoredFiles } from './stored-files.ts';
import { displayName } from './upload.ts';
import { uploadFileName } from './upload-filename.ts';
import { type EnqueuedFile, releaseStored } from './upload-queue.ts';

export const FILES_FIELD = 'files';

export interface ReceiveLimits {
  readonly maxFiles: number;
  /** A file over it is not kept: its row says so when the queue reaches it (one bad file never stops the others). */
  readonly maxFileBytes: number;
  /** The configured total of one upload (GONGKAI_UPLOAD_MAX_MB), the figure the form and the refusal show; the body
   *  may exceed it by the multipart framing (UPLOAD_OVERHEAD_BYTES), as the body limit and nginx allow. */
  readonly maxTotalBytes: number;
}

/** The answer to a refused upload, with the file it was refused at (the route shows it above the form). */
export class UploadRefused extends WebError {}

/** The client went away mid-upload: nobody to answer, nothing kept. */
export class UploadAborted extends Error {}

/**
 * Read a multipart upload from `source`, storing each file of the `files` field on disk. Resolves with the stored
 * files, pinned in `store` (the caller unpins them once their rows are committed, or calls `discardReceived`).
 */
export async function receiveUpload(input: {
  readonly source: Readable;
  readonly contentType: string;
  readonly store: StoredFiles;
  readonly db: Executor;
  readonly token: StreamedToken;
  readonly limits: ReceiveLimits;
}): Promise<EnqueuedFile[]> {
  const { source, store, limits } = input;
  let verified = input.token.verified;
  let failure: Error | null = null;
  let received = 0;
  let files = 0;
  /** Each file in the order of the form: its outcome once its bytes are on disk (or counted and dropped). */
  const pending: Promise<EnqueuedFile | null>[] = [];
  /** Stops the file being written: its temp file is removed by StoredFiles.put. */
  let stopCurrent: ((e: Error) => void) | null = null;
  let current = '';

  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': input.contentType },
      limits: {
        fields: 20,
        fieldSize: 4096,
        fieldNameSize: 100,
        headerPairs: 20,
        parts: limits.maxFiles + 20,
      },
    });
  } catch {
    throw new UploadRefused(400, '请求有误', '提交的表单无法解析，请刷新页面后重试。');
  }
  // busboy hands over each name decoded as UTF-8, lossily; the raw header is read here, just before it.
  let disposition: string | undefined;
  onPartHeader(parser, (raw) => {
    disposition = raw;
  });

  const done = new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      if (failure) return;
      failure = e;
      stopCurrent?.(e);
      source.off('data', onData);
      source.off('end', onEnd);
      // The rest of the body is left unread: the server discards it after the answer (or closes the connection).
      source.pause();
      parser.removeAllListeners('file');
      parser.removeAllListeners('field');
      parser.on('error', () => {});
      parser.destroy();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limits.maxTotalBytes + UPLOAD_OVERHEAD_BYTES) {
        fail(
          new UploadRefused(
            413,
            '提交内容过大',
            `提交内容过大：合计超过了上限（${mb(limits.maxTotalBytes)}）${current ? `，在接收“${current}”时超出` : ''}。本次上传未保存任何文件，请分几次上传。`,
          ),
        );
        return;
      }
      if (!parser.write(chunk)) source.pause();
    };
    const onEnd = () => parser.end();
    parser.on('drain', () => {
      if (!failure) source.resume();
    });
    parser.on('field', (name: string, value: string) => {
      if (name === CSRF_FIELD && !verified) verified = input.token.check(value);
    });
    parser.on('file', (field: string, stream: BusboyFileStream, filename: string) => {
      if (failure) {
        stream.resume();
        return;
      }
      // The token is checked before anything is written: a forged or stale form stores nothing.
      if (!verified) {
        stream.resume();
        fail(
          new UploadRefused(
            403,
            '表单已失效',
            '表单已过期或来源无法确认（可能是会话已结束），本次上传未保存任何文件。',
          ),
        );
        return;
      }
      // Another field, or an empty file input (no file chosen): read past it.
      if (field !== FILES_FIELD || !filename) {
        stream.resume();
        return;
      }
      files++;
      const decoded = disposition === undefined ? undefined : uploadFileName(disposition);
      let name: string;
      let note: string | undefined;
      if (decoded && decoded.name === null) {
        // Never a name with replacement characters: a name of our own, and the batch line says so.
        name = `未识别文件名-${files}${decoded.extension}`;
        note = `文件名无法识别，已改为“${name}”`;
      } else name = displayName(decoded?.name ?? filename);
      if (files > limits.maxFiles) {
        stream.resume();
        fail(
          new UploadRefused(
            400,
            '请求有误',
            `一次最多上传 ${limits.maxFiles} 个文件，第 ${files} 个文件“${name}”超出了上限。本次上传未保存任何文件，请分几次上传。`,
          ),
        );
        return;
      }
      current = name;
      pending.push(storeOne(store, stream, name, note, limits.maxFileBytes, (stop) => (stopCurrent = stop)));
    });
    parser.on('error', () =>
      fail(new UploadRefused(400, '请求有误', '提交的表单无法解析，请刷新页面后重试。')),
    );
    parser.on('finish', () => {
      if (!failure) resolve();
    });
    // A client that goes away: 'aborted' on a Node request, 'error' or an early 'close' otherwise.
    source.on('aborted', () => fail(new UploadAborted('client aborted')));
    source.on('error', () => fail(new UploadAborted('client stream error')));
    source.on('close', () => {
      if (!source.readableEnded) fail(new UploadAborted('connection closed mid-upload'));
    });
    source.on('data', onData);
    source.on('end', onEnd);
    source.resume();
  });

  const settled = async () =>
    (await Promise.allSettled(pending)).flatMap((r) =>
      r.status === 'fulfilled' && r.value ? [r.value] : [],
    );
  try {
    await done;
    const stored: EnqueuedFile[] = [];
    for (const p of pending) stored.push((await p)!);
    if (!stored.length) throw new UploadRefused(400, '请求有误', '请选择至少一个报告文件。');
    return stored;
  } catch (e) {
    await discardReceived(input.db, store, await settled());
    throw e;
  }
}

/** Remove what a refused or failed upload stored: its files' pins, and their bytes unless a row refers to them. */
export async function discardReceived(
  db: Executor,
  store: StoredFiles,
  files: readonly EnqueuedFile[],
): Promise<void> {
  for (const f of files) if (f.path) store.unpin(f.sha256);
  for (const f of files) if (f.path) await releaseStored(db, store, f.sha256);
}

/**
 * Calls `onHeader` with each part's raw Content-Disposition (a latin1 string of its bytes) before busboy emits the
 * part's 'file': busboy keeps no raw name. Its multipart parser (`_parser.parser`, dicer) is internal; should a
 * busboy update move it, this throws at the first upload (test/upload-stream.test.ts) rather than garble names.
 */
function onPartHeader(parser: ReturnType<typeof Busboy>, onHeader: (raw: string | undefined) => void): void {
  const dicer = (parser as unknown as { _parser?: { parser?: EventEmitter } })._parser?.parser;
  if (!dicer) throw new Error('@fastify/busboy: multipart parser not found (internals changed)');
  dicer.on('part', (part: EventEmitter) =>
    part.prependListener('header', (h: Record<string, string[] | undefined>) =>
      onHeader(h['content-disposition']?.[0]),
    ),
  );
}

class TooLarge extends Error {}

/**
 * One file part: streamed to a temp file while hashed, then renamed to its hash (pinned). Over the per-file limit, its
 * temp file is removed and the rest of its bytes only counted, for the size its row shows.
 */
function storeOne(
  store: StoredFiles,
  stream: BusboyFileStream,
  name: string,
  note: string | undefined,
  maxFileBytes: number,
  onStop: (stop: (e: Error) => void) => void,
): Promise<EnqueuedFile | null> {
  let size = 0;
  let over = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let endFailed!: (e: Error) => void;
  const ended = new Promise<void>((resolve, reject) => {
    endFailed = reject;
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  ended.catch(() => {});
  const source = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        stream.resume();
      },
      cancel() {
        stream.resume();
      },
    },
    { highWaterMark: 4 },
  );
  const stop = (e: Error) => {
    // The upload failed (not this file's size): nothing more will come, whatever this file was doing.
    if (!(e instanceof TooLarge)) endFailed(e);
    if (closed) return;
    closed = true;
    controller.error(e);
    stream.resume();
  };
  onStop(stop);
  stream.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (closed) return;
    if (size > maxFileBytes) {
      over = true;
      stop(new TooLarge());
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 1) <= 0) stream.pause();
  });
  stream.on('end', () => {
    if (closed) return;
    closed = true;
    controller.close();
  });
  stream.pause();
  return (async () => {
    try {
      const s = await store.put(source, { pin: true });
      await ended;
      return { name, note, size: s.size, sha256: s.sha256, path: s.path } satisfies EnqueuedFile;
    } catch (e) {
      if (!(e instanceof TooLarge) || !over) throw e;
      // Counted to its end, not kept: the queue answers 文件过大 with its real size.
      await ended;
      return { name, note, size, sha256: '', path: null } satisfies EnqueuedFile;
    }
  })();
}

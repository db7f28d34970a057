// The one reading pipeline: every place that reads a report file a user gave us (`parse`, `check`, `ingest`,
// `collect`, the supervisor's upload, `report --prev`, `aggregate --against`, `render`) reads it here, in a child
// process with a wall-time limit and a memory limit (pool.ts, ADR 0007), so that a malformed or hostile file can cost
// at most that child, never the caller's event loop, memory or process. The outcome of every file is a report, or a
// refusal with a Chinese message naming the file and the reason.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Report } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import type { Form } from '../parse/index.ts';
import { DEFAULT_LIMITS, type ReadLimits, tooLarge } from '../parse/limits.ts';
import type { CellSource } from '../supervision/cell-excerpts.ts';
import type { RefusalKind } from './errors.ts';
import { WorkerPool } from './pool.ts';
import type { TaskResult } from './protocol.ts';

export type ReadOutcome =
  | {
      readonly ok: true;
      readonly file: string;
      readonly sha256: string;
      readonly form: Form;
      readonly report: Report;
      /** The findings of the report on its own (no previous year). */
      readonly findings: readonly Finding[];
      /** Where each flagged cell stood and its row's printed line (src/supervision/cell-excerpts.ts). */
      readonly sources?: Readonly<Record<string, CellSource>>;
    }
  | {
      readonly ok: false;
      readonly file: string;
      readonly sha256: string | null;
      readonly kind: RefusalKind;
      /** Chinese, starts with the file's name. */
      readonly message: string;
    };

export interface PipelineOptions {
  /** Reading child processes (default 1: a CLI reads its files one after another; a server keeps its loop free). */
  readonly size?: number;
  readonly limits?: Partial<ReadLimits>;
  /** Keep each number's source position in the report (the `parse --json` default). */
  readonly provenance?: boolean;
}

/**
 * The limits an operator may set for a process through the environment: GONGKAI_READ_TIMEOUT (seconds),
 * GONGKAI_READ_MEMORY_MB and GONGKAI_READ_MAX_MB. Unset or invalid values keep the defaults.
 */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<ReadLimits> {
  const num = (v: string | undefined, min: number) => {
    const n = Number(v);
    return v !== undefined && v !== '' && Number.isFinite(n) && n >= min ? n : undefined;
  };
  const t = num(env.GONGKAI_READ_TIMEOUT, 0.01);
  const m = num(env.GONGKAI_READ_MEMORY_MB, 16);
  const s = num(env.GONGKAI_READ_MAX_MB, 0.001);
  return {
    ...(t !== undefined ? { timeMs: Math.round(t * 1000) } : {}),
    ...(m !== undefined ? { memoryMb: Math.round(m) } : {}),
    ...(s !== undefined ? { maxBytes: Math.round(s * 1048576) } : {}),
  };
}

const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class ReadingPipeline {
  readonly limits: ReadLimits;
  private pool: WorkerPool | null = null;
  private nextId = 0;

  constructor(private readonly opts: PipelineOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  /** Children start with the first file, so a command (or a server) that reads nothing starts none. */
  private workers(): WorkerPool {
    this.pool ??= new WorkerPool({
      size: Math.max(1, this.opts.size ?? 1),
      limits: this.limits,
      provenance: this.opts.provenance ?? true,
    });
    return this.pool;
  }

  /** Read one file's bytes. Never rejects. The bytes are copied to the child: the caller keeps its buffer. */
  async read(bytes: Uint8Array, file: string): Promise<ReadOutcome> {
    const sha256 = sha256Of(bytes);
    if (bytes.byteLength > this.limits.maxBytes)
      return {
        ok: false,
        file,
        sha256,
        kind: 'tooLarge',
        message: tooLarge(bytes.byteLength, file, this.limits),
      };
    const r = await this.workers().run({
      id: this.nextId++,
      file,
      sha256,
      bytes,
      want: 'report',
    });
    return outcomeOf(r, file, sha256);
  }

  /**
   * Read a file already on disk whose SHA-256 and size the caller recorded when it stored it (an upload: the bytes
   * were hashed while they streamed to disk). The child reads the file itself, so its bytes never cross the IPC
   * channel nor sit in this process's memory (up to GONGKAI_UPLOAD_MAX_MB a file); a file whose bytes no longer hash
   * to `sha256` is refused by the child. Never rejects.
   */
  async readStored(path: string, sha256: string, size: number, file: string): Promise<ReadOutcome> {
    if (size > this.limits.maxBytes)
      return { ok: false, file, sha256, kind: 'tooLarge', message: tooLarge(size, file, this.limits) };
    const r = await this.workers().run({ id: this.nextId++, file, sha256, path, want: 'report' });
    return outcomeOf(r, file, sha256);
  }

  /** Read a file from disk; a file that cannot be opened is a refusal too. */
  async readFile(path: string, name = path): Promise<ReadOutcome> {
    try {
      const s = await stat(path);
      if (s.isDirectory()) return refusal(name, 'unreadable', `${name}：这是一个目录`);
      if (s.size > this.limits.maxBytes)
        return refusal(name, 'tooLarge', tooLarge(s.size, name, this.limits));
      return await this.read(await readFile(path), name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? '文件不存在'
          : code === 'EACCES' || code === 'EPERM'
            ? '没有读取权限'
            : code === 'EISDIR'
              ? '这是一个目录'
              : `无法打开文件（${code ?? '未知原因'}）`;
      return refusal(name, 'unreadable', `${name}：${why}`);
    }
  }

  async close(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    await p?.close();
  }
}

/** A reading process's answer as the pipeline's outcome (one shape for bytes sent and files read in the child). */
function outcomeOf(r: TaskResult, file: string, sha256: string): ReadOutcome {
  if (!r.ok) return { ok: false, file, sha256, kind: r.kind, message: r.line.error };
  return {
    ok: true,
    file,
    sha256,
    form: r.form,
    report: r.report!,
    findings: r.findings ?? [],
    ...(r.sources ? { sources: r.sources } : {}),
  };
}

const refusal = (file: string, kind: RefusalKind, message: string): ReadOutcome => ({
  ok: false,
  file,
  sha256: null,
  kind,
  message,
});

/** Run `f` with a pipeline of its own and close it afterwards (a CLI verb's reads). */
export async function withPipeline<T>(
  opts: PipelineOptions,
  f: (p: ReadingPipeline) => Promise<T>,
): Promise<T> {
  const p = new ReadingPipeline(opts);
  try {
    return await f(p);
  } finally {
    await p.close();
  }
}

let shared: ReadingPipeline | null = null;

/**
 * One pipeline for the process, for callers that are given none (the demo loader, tests): one child, default
 * limits overridden by the environment. Its idle child does not keep the process alive.
 */
export function sharedPipeline(): ReadingPipeline {
  shared ??= new ReadingPipeline({ limits: limitsFromEnv(process.env) });
  return shared;
}

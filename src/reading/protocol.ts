// Messages between the reading pipeline and its reading child processes (pool.ts, worker.ts).
import type { FormatVersion } from '../domain/report/layout.ts';
import type { Report } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import type { Form } from '../parse/index.ts';
import type { ReadLimits } from '../parse/limits.ts';
import type { CellSource } from '../supervision/cell-excerpts.ts';
import type { RefusalKind } from './errors.ts';

/** What a reading child process is started with (its one command-line argument, as JSON). */
export interface ChildConfig {
  readonly limits: ReadLimits;
  readonly provenance: boolean;
}

export interface WorkerTask {
  readonly id: number;
  readonly file: string;
  readonly sha256: string;
  /** The file's bytes, sent to the child process; or */
  readonly bytes?: Uint8Array;
  /**
   * the file's path, read by the child itself (no copy through the IPC channel), which refuses the file if its bytes
   * no longer have `sha256` (changed since the caller hashed them).
   */
  readonly path?: string;
  /**
   * line: the worker answers with the `parse --json` line (bulk ingest: the report never crosses processes);
   * report: the worker answers with the Report model and its findings (parse, check, collect, upload).
   */
  readonly want: 'line' | 'report';
}

/** Sent while a scanned file is recognised, after each page. */
export interface OcrProgress {
  readonly id: number;
  readonly ocr: { readonly done: number; readonly total: number };
}

/** The line written for a file that could not be read. */
export interface ErrorLine {
  readonly file: string;
  readonly sha256: string | null;
  readonly error: string;
}

export type TaskResult =
  | {
      readonly id: number;
      readonly ok: true;
      readonly form: Form;
      /**
       * want = line: the `parse --json` shape plus sha256, form and findings, as its JSON text (what the output
       * file gets): a string crosses processes for a fraction of the object's structured clone, and the main thread
       * does not serialise it again.
       */
      readonly json?: string;
      /** want = report. */
      readonly report?: Report;
      readonly findings?: readonly Finding[];
      /** want = report: where each flagged cell stood and its row's printed line (cell-excerpts.ts). */
      readonly sources?: Readonly<Record<string, CellSource>>;
      readonly format: FormatVersion | null;
      /** Findings of severity error. */
      readonly errors: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly line: ErrorLine;
      /** unreadable: the reader said why; crash: an unexpected exception; timeout / memory: the pool stopped it. */
      readonly kind: RefusalKind;
    };

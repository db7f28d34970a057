// Messages between the ingest pipeline and its workers.
import type { FormatVersion } from '../domain/report/layout.ts';
import type { Form } from '../parse/index.ts';

export interface WorkerTask {
  readonly id: number;
  readonly file: string;
  readonly sha256: string;
  /** The file's bytes; their buffer is transferred to the worker. */
  readonly bytes: Uint8Array;
}

/** Sent while a scanned file is recognised, after each page. */
export interface OcrProgress {
  readonly id: number;
  readonly ocr: { readonly done: number; readonly total: number };
}

/** The line written for a file that could not be read. */
export interface ErrorLine {
  readonly file: string;
  readonly sha256: string;
  readonly error: string;
}

export type TaskResult =
  | {
      readonly id: number;
      readonly ok: true;
      readonly form: Form;
      /** The `parse --json` shape plus sha256, form and findings. */
      readonly line: Record<string, unknown>;
      readonly format: FormatVersion | null;
      /** Findings of severity error. */
      readonly errors: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly line: ErrorLine;
      /** unreadable: the reader said why; crash: an unexpected exception; timeout / memory: the pool stopped it. */
      readonly kind: 'unreadable' | 'crash' | 'timeout' | 'memory';
    };

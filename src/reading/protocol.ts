// Messages between the reading pipeline and its worker threads.
import type { FormatVersion } from '../domain/report/layout.ts';
import type { Report } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';
import type { Form } from '../parse/index.ts';
import type { RefusalKind } from './errors.ts';

export interface WorkerTask {
  readonly id: number;
  readonly file: string;
  readonly sha256: string;
  /** The file's bytes; their buffer is transferred to the worker. */
  readonly bytes: Uint8Array;
  /**
   * line: the worker answers with the `parse --json` line (bulk ingest: the report never crosses threads);
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
       * file gets): a string crosses threads for a fraction of the object's structured clone, and the main thread
       * does not serialise it again.
       */
      readonly json?: string;
      /** want = report. */
      readonly report?: Report;
      readonly findings?: readonly Finding[];
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

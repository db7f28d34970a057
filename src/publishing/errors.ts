// Errors of the publishing use cases: a stable code for programs, context for logs, a Chinese message for people.
// The CLI maps them to exit codes and the web to HTTP statuses; the use cases never do.
import { CaseError } from '../cases/errors.ts';
import { ReviewError } from '../domain/publishing/review-chain.ts';

export type PublishingErrorCode =
  /** An item, matter, consultation, document or agency that does not exist. */
  | 'NOT_FOUND'
  /** Input that breaks a rule (bad date, empty title, unknown column …). */
  | 'INVALID_INPUT'
  /** The role may not take this step, or the author reviews their own item. */
  | 'NOT_ALLOWED'
  /** The step does not fit the item's state (publish before approval …). */
  | 'WRONG_STATE'
  /** Something already exists (a document number, an attachment, a published report). */
  | 'CONFLICT'
  /** The year's annual report is published; a change needs an explicit amendment. */
  | 'YEAR_LOCKED'
  /** The annual report cannot be published: its checks found errors, or text is still to be written. */
  | 'NOT_READY';

export class PublishingError extends Error {
  override readonly name = 'PublishingError';
  constructor(
    readonly code: PublishingErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, key: string | number): PublishingError =>
  new PublishingError('NOT_FOUND', `${what}“${key}”不存在`, { what, key });

export const invalid = (message: string, context: Record<string, unknown> = {}): PublishingError =>
  new PublishingError('INVALID_INPUT', message, context);

/** The review chain's and case management's errors, in this module's terms (same message). */
export function asPublishingError(e: unknown): unknown {
  if (e instanceof ReviewError) {
    const code: PublishingErrorCode =
      e.code === 'WRONG_STATE'
        ? 'WRONG_STATE'
        : e.code === 'REASON_REQUIRED'
          ? 'INVALID_INPUT'
          : 'NOT_ALLOWED';
    return new PublishingError(code, e.message, { review: e.code });
  }
  if (e instanceof CaseError) {
    const code: PublishingErrorCode =
      e.code === 'YEAR_LOCKED' || e.code === 'NOT_FOUND' || e.code === 'CONFLICT' ? e.code : 'INVALID_INPUT';
    return new PublishingError(code, e.message, e.context);
  }
  return e;
}

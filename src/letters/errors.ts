// The one error type of the letters layer: a stable code for callers (the web maps it to 4xx, the CLI to a
// non-zero exit) and a Chinese message an officer or administrator can act on.

export type LetterErrorCode =
  /** A placeholder of the template has no value in the case data: a legal letter is never sent with a blank. */
  | 'MISSING_PLACEHOLDER'
  /** The template is malformed or names a placeholder the letters layer does not know. */
  | 'INVALID_TEMPLATE'
  /** The case data is malformed (a date that does not exist, an extension beyond 20 working days, …). */
  | 'INVALID_DATA'
  /** The template is for another kind of letter than the one asked for, or for another outcome than the case's. */
  | 'KIND_MISMATCH';

export class LetterError extends Error {
  override readonly name = 'LetterError';
  constructor(
    readonly code: LetterErrorCode,
    message: string,
    /** What the message is about: the placeholders missing, the template problems, the data fields at fault. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

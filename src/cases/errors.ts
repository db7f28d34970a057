// The case-management errors: a stable code for programs, context for logs, a Chinese message for people.
// Adapters map the code to an exit status (CLI) or HTTP status (web); the use cases never do.

export type CaseErrorCode =
  /** A case, agency, applicant or appeal that does not exist. */
  | 'NOT_FOUND'
  /** Input that breaks a rule (bad date, unknown outcome, receipt-date rule …). */
  | 'INVALID_INPUT'
  /** An event the statutory clock refuses (out of order, second extension, after closing …). */
  | 'INVALID_EVENT'
  /** The change falls in a year whose annual report is published; it needs an explicit amendment. */
  | 'YEAR_LOCKED'
  /** Something already exists (agency code, calendar year, year lock). */
  | 'CONFLICT'
  /** The working-day calendar is missing or inconsistent. */
  | 'CALENDAR';

export class CaseError extends Error {
  override readonly name = 'CaseError';
  constructor(
    readonly code: CaseErrorCode,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, key: string | number): CaseError =>
  new CaseError('NOT_FOUND', `${what}“${key}”不存在`, { what, key });

export const invalid = (message: string, context: Record<string, unknown> = {}): CaseError =>
  new CaseError('INVALID_INPUT', message, context);

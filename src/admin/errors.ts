// Typed errors of the administration use cases: a Chinese message meant for the operator, the form field it is
// about (web) and a stable code (CLI exit codes: NOT_FOUND/INVALID 2, CONFLICT 3).
export type AdminErrorCode = 'NOT_FOUND' | 'INVALID' | 'CONFLICT';

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

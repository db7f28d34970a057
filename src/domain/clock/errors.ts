// The clock's typed error: events that are out of order, impossible, or refused by law. `eventIndex` points at the
// offending event (0-based) so a UI can highlight it; the message is Chinese and names it.

export type ClockErrorCode =
  /** A malformed event: unknown type, bad date, missing field. */
  | 'INVALID_EVENT'
  /** Dates go backwards, or "today" is before the last event. */
  | 'OUT_OF_ORDER'
  /** The history does not start with the receipt, or records it twice. */
  | 'NOT_RECEIVED'
  /** An event after the case was closed (reply, withdrawal, abandonment). */
  | 'ALREADY_CLOSED'
  /** An event the current state does not allow (补正 twice, payment without a notice, …). */
  | 'INVALID_SEQUENCE'
  /** An extension the law does not allow: a second one, more than 20 working days, no approver. */
  | 'EXTENSION_REFUSED';

export class ClockError extends Error {
  override readonly name = 'ClockError';
  constructor(
    readonly code: ClockErrorCode,
    message: string,
    readonly eventIndex: number | null = null,
  ) {
    super(message);
  }
}

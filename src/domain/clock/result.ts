// What computeClock returns: the case's deadlines and state.
import type { IsoDate } from '../calendar/index.ts';
import type { ConsultedParty, ReceiptChannel } from './events.ts';

export type ClockStatus =
  /** The reply period is running. */
  | 'open'
  /** A consultation (or, with `feePausesClock`, the fee period) stops the clock. */
  | 'paused'
  /** 补正 requested and not yet received: the reply period has not started (《条例》第三十条). */
  | 'awaitingCorrection'
  /** 收费通知 sent and not yet paid. */
  | 'awaitingFee'
  /** Replied, withdrawn or abandoned. */
  | 'closed';

export interface ClockPause {
  readonly reason: 'consultation' | 'fee';
  /** For consultations. */
  readonly party: ConsultedParty | null;
  readonly ref: string | null;
  /** The pause excludes the working days d with `from < d ≤ until`. */
  readonly from: IsoDate;
  /** Last excluded day: the recorded end, the 15-day cap, or — while still open — "today". */
  readonly until: IsoDate;
  /** True while the pause is still running as of "today". */
  readonly open: boolean;
  /** For consultations: the day the opinion is due (15 working days, 第三十二条/第三十四条). */
  readonly replyDue: IsoDate | null;
  /** Working days this pause keeps out of the reply period. */
  readonly excludedWorkdays: number;
  /** The years without a holiday notice that `replyDue` relies on: non-empty ⇒ print it 暂定. */
  readonly replyDueMissingYears: readonly number[];
}

export interface ClockClosure {
  readonly on: IsoDate;
  readonly reason: 'replied' | 'withdrawn' | 'abandoned';
  readonly onTheSpot: boolean;
  /** For 'abandoned': what was not done in time. */
  readonly abandonedFor: 'correction' | 'fee' | null;
}

export interface ClockResult {
  readonly status: ClockStatus;
  readonly receivedOn: IsoDate;
  readonly channel: ReceiptChannel;
  /** The day the reply period runs from: receipt, or receipt of the 补正; null while awaiting correction. */
  readonly clockStart: IsoDate | null;
  /** The current reply due date: 20 working days (+ extension) + paused working days. Null while awaiting
   *  correction. While a pause is open it assumes the pause ends "today", so it moves later day by day. */
  readonly dueDate: IsoDate | null;
  /** The due date had there been no extension. */
  readonly dueDateBeforeExtension: IsoDate | null;
  /** Last day to issue a 补正告知: 7 working days from receipt (第三十条). */
  readonly correctionNoticeDue: IsoDate;
  /** The applicant's correction deadline as set in the notice, if recorded. */
  readonly correctionDue: IsoDate | null;
  /** Last day to pay: 20 working days from the day after receipt of the fee notice. */
  readonly feePaymentDue: IsoDate | null;
  readonly extension: { readonly date: IsoDate; readonly workdays: number; readonly approver: string } | null;
  readonly pauses: readonly ClockPause[];
  /** Working days kept out of the reply period by all pauses together (overlaps counted once). */
  readonly pausedWorkdays: number;
  readonly closure: ClockClosure | null;
  /** Working days after "today" up to and including the due date; null without "today" or without a due date. */
  readonly remainingWorkdays: number | null;
  /** At most `dueSoonWorkdays` left and not overdue. Null when no "today" was given. False when closed. */
  readonly dueSoon: boolean | null;
  /** Open case: "today" is past the due date. Closed case: it was closed after the due date (late reply).
   *  Null for an open case when no "today" was given. */
  readonly overdue: boolean | null;
  /** "Today" is past the applicant's correction or payment deadline and the case is still open: the agency may
   *  treat the application as abandoned (record an 'abandoned' event). */
  readonly lapsed: 'correction' | 'fee' | null;
  /** Irregularities that do not make the history impossible (late 补正告知, late extension notice…), in Chinese. */
  readonly warnings: readonly string[];
  /** Some computation of the case (any date, count or pause) relies on a year whose holiday notice is not in the
   *  calendar: the whole-case view, e.g. "this case moves when that notice is loaded". Never print it beside one
   *  date — use `provisionalDates` for that. */
  readonly provisional: boolean;
  readonly missingYears: readonly number[];
  /** Date by date: a key is present exactly when that date is 暂定, with the years it lacks. A date's window is
   *  its own (the reply due date after a 延期 covers the longer window, 《条例》第三十三条第二款). */
  readonly provisionalDates: ProvisionalDates;
  readonly calendarVersion: string;
}

/** The computed dates of a case that can be 暂定 (consultation reply-by dates are on their pause). */
export type ClockDateKey = 'dueDate' | 'dueDateBeforeExtension' | 'correctionNoticeDue' | 'feePaymentDue';

export type ProvisionalDates = { readonly [K in ClockDateKey]?: readonly number[] };

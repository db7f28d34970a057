// What every publishing use case is given besides the database and its validated input: who acts, in which roles,
// and on which day. The web passes the signed-in user; the CLI the operator named on the command line.
import type { CalendarData } from '../domain/calendar/index.ts';
import type { ReviewRole } from '../domain/publishing/review-chain.ts';

export interface PublishingContext {
  /** Written to the audit log and the review history: "user:<username>", "cli:<name>", "system". */
  readonly actor: string;
  /** The roles the actor holds; a review step must be taken in one of them. */
  readonly roles: readonly ReviewRole[];
  /** Today in China ('YYYY-MM-DD'): default publication date, overdue flags; later dates are refused. */
  readonly today: string;
  /** The working-day calendar (《条例》第二十六条's 20 working days); loaded from the database when absent. */
  readonly calendar?: CalendarData;
  /** An explicit amendment of a year whose annual report is published: the reason, audited. */
  readonly amendment?: { readonly reason: string };
}

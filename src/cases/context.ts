// What every use case is given besides the database: who acts, and the readings the law leaves to the agency.
import type { ClockSettings } from '../domain/clock/index.ts';

export interface UseCaseContext {
  /** Written to the audit log: "user:<username>", "cli:<os user>", "system". */
  readonly actor: string;
  /** Clock settings (receipt day counted? fee period pauses the clock?); defaults of src/domain/clock. */
  readonly clock?: Partial<ClockSettings>;
  /** Today ('YYYY-MM-DD', China): events dated later are refused as typing errors. Omitted in tests that replay
   *  histories. */
  readonly today?: string;
  /** An explicit amendment of a locked year (the annual report is published): the reason, audited. */
  readonly amendment?: { readonly reason: string };
}

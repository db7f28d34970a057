// Which report stands for an agency's year when several were collected (an uploaded copy, the compiled one, a
// re-upload): the one with a publication date first — the earliest, so a later corrected copy cannot make a
// report that came on time look late — then the most recently collected. Every board, sum and export uses this.
import { sql } from 'drizzle-orm';

/** ORDER BY tail for `select distinct on (coalesce(agency_id, -id)) … from annual_reports`. */
export const REPORT_CHOICE_ORDER = sql`coalesce(agency_id, -id), (published_on is null), published_on, collected_at desc`;

// Each collected report's MinHash signature (issue 18): computed once from its text when it is collected
// (src/supervision/report-signatures.ts) and stored, so copy detection over a year of 100,000 reports starts from
// 512 bytes a report and compares in full only the candidate pairs LSH finds.
import { customType, integer, pgTable } from 'drizzle-orm/pg-core';
import { annualReports } from './annual-reports.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const reportSignatures = pgTable('report_signatures', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => annualReports.id, { onDelete: 'cascade' }),
  /** The signature's 32-bit minima, little-endian (DEFAULT_SIMILARITY: 32 bands × 4 rows). */
  signature: bytea('signature').notNull(),
});

// Bulk collection of parsed reports into annual_reports: batches of multi-row inserts, idempotent by the source's
// SHA-256, so several `gongkai collect` processes on different machines can feed one PostgreSQL (shard the file
// list between them; a file loaded twice is skipped, not duplicated).
import { sql } from 'drizzle-orm';
import { annualReportValues } from '../db/annual-report-values.ts';
import { writeAudit } from '../db/audit.ts';
import { cleanText } from '../db/clean-text.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import type { AnnualReportOrigin } from '../db/schema/annual-reports.ts';
import { annualReports } from '../db/schema/annual-reports.ts';
import type { ParsedJson } from '../domain/report/model.ts';
import type { Finding } from '../domain/rules/index.ts';

export interface BulkItem {
  readonly parsed: ParsedJson;
  readonly findings: readonly Finding[];
  readonly sha256: string;
  readonly sourceName: string;
  readonly sourceForm: string;
  readonly publishedOn?: string | null;
}

// Cleaned first: a name with a NUL in it (a damaged file) could not even be a query parameter.
const norm = (s: string) => cleanText(s).text.replace(/[\s\u3000]+/g, '');

/** Insert a batch; returns how many were new. Agencies are matched by name (spaces ignored). */
export async function collectBatch(
  db: Executor,
  items: readonly BulkItem[],
  origin: AnnualReportOrigin,
  actor: string,
): Promise<number> {
  const usable = items.filter((i) => i.parsed.year !== null);
  if (!usable.length) return 0;
  const names = [...new Set(usable.map((i) => norm(i.parsed.agency ?? '')).filter(Boolean))];
  const matches = names.length
    ? await queryRows<{ id: number; n: string }>(
        db,
        sql`select min(id)::int as id, regexp_replace(name, '[\\s\u3000]+', '', 'g') as n from agencies
            where regexp_replace(name, '[\\s\u3000]+', '', 'g') in (${sql.join(
              names.map((n) => sql`${n}`),
              sql`, `,
            )}) group by 2`,
      )
    : [];
  const byName = new Map(matches.map((m) => [m.n, Number(m.id)]));
  const values = usable.map((i) =>
    annualReportValues({ ...i, agencyId: byName.get(norm(i.parsed.agency ?? '')) ?? null, origin }),
  );
  const inserted = await db
    .insert(annualReports)
    .values(values)
    .onConflictDoNothing({ target: annualReports.sha256 })
    .returning({ id: annualReports.id });
  if (inserted.length)
    await writeAudit(db, {
      actor,
      action: 'annualReport.bulkCollect',
      entity: 'annual_report',
      entityId: `${inserted[0]!.id}..${inserted[inserted.length - 1]!.id}`,
      after: { count: inserted.length, origin },
    });
  return inserted.length;
}

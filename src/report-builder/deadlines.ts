// The annual report deadline, watched: for one agency on a day, or for every agency under a root (a supervisor's
// board). From 15 January until the report on the previous year is published (src/domain/report-builder).
import { sql } from 'drizzle-orm';
import { loadDeadlineRules } from '../admin/report-deadlines.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { reportingKindOf } from '../domain/deadlines/report-deadline.ts';
import { type DeadlineWarning, deadlineWarnings } from '../domain/report-builder/deadline-watch.ts';
import { resolveAgency } from '../publishing/agencies.ts';
import { reportOfYear } from './annual-reports.ts';

/** The warnings for one agency on `today`; a report of the year in the system with a publication date silences them. */
export async function deadlineWarningsFor(
  db: Executor,
  agencyRef: string | number,
  today: string,
): Promise<DeadlineWarning[]> {
  const { agency } = await resolveAgency(db, agencyRef);
  const year = Number(today.slice(0, 4)) - 1;
  const row = await reportOfYear(db, agency.id, year);
  return deadlineWarnings(
    reportingKindOf(agency.kind, agency.name),
    today,
    row?.publishedOn ?? null,
    await loadDeadlineRules(db),
  );
}

/** Every agency (not departments, not regions) under `rootId` (or all) with its warnings, worst first. */
export async function deadlineBoard(
  db: Executor,
  today: string,
  rootId: number | null = null,
): Promise<{ agencyId: number; code: string; name: string; warnings: DeadlineWarning[] }[]> {
  const year = Number(today.slice(0, 4)) - 1;
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    kind: string;
    published_on: string | null;
  }>(
    db,
    sql`with recursive scope(id) as (
          select id from agencies where ${rootId === null ? sql`parent_id is null` : sql`id = ${rootId}`}
          union all select a.id from agencies a join scope s on a.parent_id = s.id)
        select a.id, a.code, a.name, a.kind,
               (select to_char(max(r.published_on), 'YYYY-MM-DD') from annual_reports r
                 where r.agency_id = a.id and r.year = ${year}) as published_on
          from agencies a where a.id in (select id from scope) and a.level = 'agency'
         order by a.name`,
  );
  const rules = await loadDeadlineRules(db);
  return rows
    .map((r) => ({
      agencyId: Number(r.id),
      code: r.code,
      name: r.name,
      warnings: deadlineWarnings(reportingKindOf(r.kind, r.name), today, r.published_on, rules),
    }))
    .filter((r) => r.warnings.length)
    .sort((a, b) =>
      a.warnings[0]!.severity === b.warnings[0]!.severity ? 0 : a.warnings[0]!.severity === 'error' ? -1 : 1,
    );
}

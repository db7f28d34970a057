// Gathering the facts an agency-year's report text quotes, from the registers (SQL counts) and the cases' fee
// figures: the adapter side of src/domain/report-builder/facts.ts.
import { sql } from 'drizzle-orm';
import type { FeeFigures } from '../cases/compile.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import type { BuilderFacts, NamedFacts } from '../domain/report-builder/facts.ts';
import { consultationFacts } from '../publishing/consultations.ts';
import { publishingCounts, timelinessForYear } from '../publishing/items.ts';
import { workFacts } from '../publishing/work-records.ts';

export async function gatherFacts(
  db: Executor,
  agency: { id: number; name: string },
  year: number,
  calendar: CalendarData,
  fees: FeeFigures | null,
): Promise<BuilderFacts> {
  const counts = await publishingCounts(db, agency.id, { year });
  const timing = await timelinessForYear(db, agency.id, year, calendar);
  const [matters] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from catalogue_matters where agency_id = ${agency.id}`,
  );
  return {
    agency: agency.name,
    year,
    publishing: {
      total: counts.total,
      byColumn: counts.byColumn.map((c) => ({ name: c.name, count: c.count })),
      byChannel: counts.byChannel.map((c) => ({ name: c.name, count: c.count })),
      byDepartment: counts.byDepartment.map((c) => ({ name: c.name, count: c.count })),
      late: timing.late,
      overdue: timing.overdue,
    },
    catalogue: { matters: Number(matters?.n ?? 0) },
    consultation: await consultationFacts(db, agency.id, year),
    work: await workFacts(db, agency.id, year),
    fees: fees ? { notices: fees.notices, billed: fees.billed, collected: fees.collected } : null,
    named: await namedFacts(db, agency.id, year),
  };
}

/** The year's names the default text quotes (src/domain/report-builder/facts.ts, NamedFacts). */
async function namedFacts(db: Executor, agencyId: number, year: number): Promise<NamedFacts> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const items = await queryRows<{ title: string }>(
    db,
    sql`select title from publishing_items
         where agency_id = ${agencyId} and state in ('published', 'withdrawn')
           and published_on between ${from}::date and ${to}::date
         order by published_on desc, id desc limit 4`,
  );
  const [top] = await queryRows<{ name: string; n: number }>(
    db,
    sql`select m.name, count(*)::int as n from publishing_items i join catalogue_matters m on m.id = i.matter_id
         where i.agency_id = ${agencyId} and i.state in ('published', 'withdrawn')
           and i.published_on between ${from}::date and ${to}::date
         group by m.name order by 2 desc, 1 limit 1`,
  );
  const issued = await queryRows<{ title: string }>(
    db,
    sql`select title from normative_documents
         where agency_id = ${agencyId} and issued_on between ${from}::date and ${to}::date
         order by issued_on, id`,
  );
  const repealed = await queryRows<{ title: string }>(
    db,
    sql`select title from normative_documents
         where agency_id = ${agencyId} and repealed_on between ${from}::date and ${to}::date
         order by repealed_on, id`,
  );
  const consultations = await queryRows<{ title: string }>(
    db,
    sql`select title from consultations
         where agency_id = ${agencyId} and opens_on between ${from}::date and ${to}::date
         order by opens_on, id`,
  );
  const trainings = await queryRows<{ note: string }>(
    db,
    sql`select note from work_records
         where agency_id = ${agencyId} and kind = 'training' and note is not null and note <> ''
           and "on" between ${from}::date and ${to}::date
         order by "on", id`,
  );
  return {
    items: items.map((r) => r.title),
    topMatter: top ? { name: top.name, count: Number(top.n) } : null,
    normsIssued: issued.map((r) => r.title),
    normsRepealed: repealed.map((r) => r.title),
    consultations: consultations.map((r) => r.title),
    trainings: trainings.map((r) => r.note),
  };
}

// Gathering the facts an agency-year's report text quotes, from the registers (SQL counts) and the cases' fee
// figures: the adapter side of src/domain/report-builder/facts.ts.
import { sql } from 'drizzle-orm';
import type { FeeFigures } from '../cases/compile.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import type { BuilderFacts } from '../domain/report-builder/facts.ts';
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
  };
}

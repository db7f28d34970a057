// Which report stands for an agency's year when several were collected (an uploaded copy, the compiled one, a
// re-upload). One rule, used by the board, the sums, the checks, the exports, the public pages and the API:
//   1. a copy a supervisor has superseded never stands (the choice is explicit and audited: see supersede());
//   2. then the one with a publication date — the earliest, so a later corrected copy cannot make a report that
//      came on time look late;
//   3. then the first collected: a copy collected later waits until a supervisor confirms it.
// A newer copy therefore never silently replaces the one on the board (nor an older one silently stays while the
// page says otherwise): the board shows that another copy is waiting, the supervisor compares both cell by cell
// and confirms.
import { and, eq, ne, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { annualReports } from '../db/schema/annual-reports.ts';

/** The agency-year a report row belongs to (an unmatched report is its own group). */
export const REPORT_GROUP = sql`coalesce(agency_id, -id), year`;

/** ORDER BY tail for `select distinct on (coalesce(agency_id, -id), year) … from annual_reports`. */
export const REPORT_CHOICE_ORDER = sql`coalesce(agency_id, -id), year, (superseded_by is not null), (published_on is null), published_on, collected_at, id`;

/**
 * The reports that stand, one per agency-year, among those `where` selects (a condition on annual_reports):
 * a subquery to select from (`from ${standingReports(…)} r`).
 */
export const standingReports = (where: ReturnType<typeof sql>) =>
  sql`(select distinct on (${REPORT_GROUP}) * from annual_reports where ${where} order by ${REPORT_CHOICE_ORDER})`;

/**
 * What the public sees (issue 12): a report matched to an agency and dated. The public report pages, the open-data
 * API and its datasets apply this one rule — as a predicate on a row, and as SQL on a standing report aliased `s`,
 * applied after the choice of the standing copy (an undated newer copy that stands hides its agency-year rather than
 * bringing back the copy it replaced).
 */
export const isPublicReport = (row: { agencyId: number | null; publishedOn: string | null }): boolean =>
  row.agencyId !== null && row.publishedOn !== null;
export const PUBLIC_STANDING_REPORT = sql`s.agency_id is not null and s.published_on is not null`;

/** Whether report `id` is the one that stands for its agency-year. */
export async function standsFor(db: Executor, id: number): Promise<boolean> {
  const [r] = await queryRows<{ id: number }>(
    db,
    sql`select s.id from annual_reports a, lateral ${standingReports(
      sql`coalesce(agency_id, -id) = coalesce(a.agency_id, -a.id) and year = a.year`,
    )} s where a.id = ${id}`,
  );
  return r !== undefined && Number(r.id) === id;
}

export interface Copy {
  readonly id: number;
  readonly agencyId: number | null;
  readonly agencyName: string;
  readonly year: number;
  readonly sourceName: string;
  readonly origin: string;
  readonly publishedOn: string | null;
  readonly collectedAt: Date;
  readonly errors: number;
  readonly warnings: number;
  readonly supersededBy: number | null;
  readonly supersededAt: Date | null;
  readonly stands: boolean;
}

/** Every copy of report `id`'s agency-year: the one that stands first, then the newest collected. */
export async function copiesOf(db: Executor, id: number): Promise<Copy[]> {
  const [me] = await db.select().from(annualReports).where(eq(annualReports.id, id));
  if (!me) return [];
  const rows =
    me.agencyId === null
      ? [me]
      : await db
          .select()
          .from(annualReports)
          .where(and(eq(annualReports.agencyId, me.agencyId), eq(annualReports.year, me.year)));
  const standing = (await standsFor(db, id))
    ? id
    : ((
        await queryRows<{ id: number }>(
          db,
          sql`select id from ${standingReports(
            me.agencyId === null ? sql`id = ${id}` : sql`agency_id = ${me.agencyId} and year = ${me.year}`,
          )} s`,
        )
      )[0]?.id ?? null);
  return rows
    .map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      agencyName: r.agencyName,
      year: r.year,
      sourceName: r.sourceName,
      origin: r.origin,
      publishedOn: r.publishedOn,
      collectedAt: r.collectedAt,
      errors: r.errors,
      warnings: r.warnings,
      supersededBy: r.supersededBy,
      supersededAt: r.supersededAt,
      stands: r.id === Number(standing),
    }))
    .sort((a, b) => Number(b.stands) - Number(a.stands) || b.collectedAt.getTime() - a.collectedAt.getTime());
}

export class ChoiceError extends Error {}

/**
 * Make report `id` the one that stands for its agency-year: every other copy is marked superseded by it (a copy
 * superseded earlier points to the new choice too, so the history reads as a chain of decisions in the audit log).
 */
export async function supersede(db: Executor, id: number, actor: string, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [me] = await tx.select().from(annualReports).where(eq(annualReports.id, id));
    if (!me) throw new ChoiceError('未找到该年度报告');
    if (me.agencyId === null)
      throw new ChoiceError('该报告尚未匹配到机关，请先登记所属机关，再确定以哪一份为准');
    const others = await tx
      .select({ id: annualReports.id, supersededBy: annualReports.supersededBy })
      .from(annualReports)
      .where(
        and(
          eq(annualReports.agencyId, me.agencyId),
          eq(annualReports.year, me.year),
          ne(annualReports.id, id),
        ),
      );
    if (!others.length) throw new ChoiceError('该机关该年度只有这一份报告，无需选择');
    await tx
      .update(annualReports)
      .set({ supersededBy: id, supersededAt: at })
      .where(
        and(
          eq(annualReports.agencyId, me.agencyId),
          eq(annualReports.year, me.year),
          ne(annualReports.id, id),
        ),
      );
    await tx
      .update(annualReports)
      .set({ supersededBy: null, supersededAt: null })
      .where(eq(annualReports.id, id));
    await writeAudit(tx, {
      actor,
      action: 'annualReport.supersede',
      entity: 'annual_report',
      entityId: id,
      before: {
        supersededBy: me.supersededBy,
        others: others.map((o) => ({ id: o.id, supersededBy: o.supersededBy })),
      },
      after: { stands: id, superseded: others.map((o) => o.id) },
    });
  });
}

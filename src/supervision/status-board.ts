// The status board of a supervisor (政务公开办): for a year, which agencies of the subtree owe a report, whether it
// has been published, on time or late by its own deadline (《条例》第四十九条; townships by local rule), and with how
// many errors and warnings.
import { sql } from 'drizzle-orm';
import { loadDeadlineSettings } from '../admin/report-deadlines.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import {
  STATUS_LABELS as DEADLINE_LABELS,
  type DeadlineRules,
  deadlineBasis,
  type ReportingKind,
  type ReportStatus,
  reportingKindOf,
  reportStatus,
  rulesOf,
} from '../domain/deadlines/report-deadline.ts';
import { REPORT_CHOICE_ORDER } from './report-choice.ts';

/** The status of an agency's report as the board, its exports and the league table write it. */
export const STATUS_TEXT: Readonly<Record<ReportStatus, string>> = {
  ...DEADLINE_LABELS,
  notYetDue: '未发布（未到期）',
};

export interface StatusRow {
  readonly agencyId: number;
  readonly code: string;
  readonly name: string;
  /** The agency's stored kind (乡镇 and 街道 are both `township`). */
  readonly kind: string;
  readonly depth: number;
  readonly deadline: string;
  /** Where the deadline comes from: 《条例》第四十九条, or the stored local rule (src/admin/report-deadlines.ts). */
  readonly basis: string;
  readonly status: ReportStatus;
  readonly daysLate: number;
  readonly reportId: number | null;
  readonly publishedOn: string | null;
  readonly errors: number | null;
  readonly warnings: number | null;
  /** Copies of this agency-year on file: more than one means a supervisor can compare them and choose. */
  readonly copies: number;
  /** The kind the deadline was judged by: `subdistrict` for a 街道 (told from its name, reportingKindOf). */
  readonly deadlineKind: ReportingKind;
  /**
   * Cells of the standing report the reader left unknown or uncertain and no person has confirmed yet ("待核对 N
   * 格"): the cells its cell.unknown / cell.uncertain findings name, which a confirmation refreshes
   * (cell-readings.ts refreshFindings) — the same cells the confirm page lists. Null without a report.
   */
  readonly pendingCells: number | null;
}

/**
 * Agencies below (and including) `rootAgencyId` — all agencies when omitted — that publish reports of their own:
 * regions' governments and agencies (departments fold into their agency's report, see src/cases/agencies.ts).
 */
export async function statusBoard(
  db: Executor,
  opts: { year: number; today: string; rootAgencyId?: number | null; rules?: DeadlineRules },
): Promise<StatusRow[]> {
  // The stored rules (乡镇、街道 by local rule, set by an administrator); `rules` only overrides them in tests.
  const stored = await loadDeadlineSettings(db);
  const rules = opts.rules ?? rulesOf(stored);
  const basis = deadlineBasis(stored);
  const root = opts.rootAgencyId ?? null;
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    kind: string;
    depth: number;
    report_id: number | null;
    published_on: string | null;
    errors: number | null;
    warnings: number | null;
    copies: number;
    pending_cells: number | null;
  }>(
    db,
    sql`with recursive tree(id, depth, path) as (
          select id, 0, array[id] from agencies
            where ${root === null ? sql`parent_id is null` : sql`id = ${root}`}
          union all
          select a.id, t.depth + 1, t.path || a.id from agencies a join tree t on a.parent_id = t.id
        ),
        best as (
          -- The report that stands for each agency (src/supervision/report-choice.ts).
          select distinct on (coalesce(agency_id, -id), year) agency_id, id, published_on::text as published_on, errors, warnings
          from annual_reports where year = ${opts.year} and agency_id is not null
          order by ${REPORT_CHOICE_ORDER}
        ),
        copies as (
          select agency_id, count(*)::int as n from annual_reports
          where year = ${opts.year} and agency_id is not null group by agency_id
        )
        select a.id, a.code, a.name, a.kind, t.depth, b.id as report_id, b.published_on, b.errors, b.warnings,
          coalesce(k.n, 0) as copies,
          -- Counted on the standing report only (not on every copy the distinct on reads).
          (select count(distinct c)::int from annual_reports x, jsonb_array_elements(x.findings) f,
              jsonb_array_elements_text(f->'cells') c
            where x.id = b.id and f->>'rule' in ('cell.unknown', 'cell.uncertain')) as pending_cells
        from tree t join agencies a on a.id = t.id left join best b on b.agency_id = a.id
          left join copies k on k.agency_id = a.id
        where a.level <> 'department'
        order by t.path`,
  );
  return rows.map((r) => {
    const deadlineKind = reportingKindOf(r.kind, r.name);
    const s = reportStatus(opts.year, deadlineKind, r.published_on, opts.today, rules);
    // A report on file without its publication date: present, but whether it was on time cannot be said.
    const undated = r.report_id !== null && !r.published_on;
    return {
      agencyId: Number(r.id),
      code: r.code,
      name: r.name,
      kind: r.kind,
      depth: Number(r.depth),
      deadline: s.deadline,
      basis: basis[deadlineKind],
      status: undated ? 'undated' : s.status,
      daysLate: undated ? 0 : s.daysLate,
      reportId: r.report_id === null ? null : Number(r.report_id),
      publishedOn: r.published_on,
      errors: r.errors === null ? null : Number(r.errors),
      warnings: r.warnings === null ? null : Number(r.warnings),
      copies: Number(r.copies),
      deadlineKind,
      pendingCells: r.report_id === null ? null : Number(r.pending_cells ?? 0),
    };
  });
}

// Settling a cell of a collected report (the use case the supervisor's web pages and `gongkai report confirm` both
// call): a person who looked at the source confirms the value of a cell the reader was not sure of or could not read,
// with a note. The value goes where every value lives (annual_reports.fields / blank), so the typed side table and
// the year's sums follow through their triggers (drizzle/…_report_year_sums.sql); the row's readings keep what the
// reader saw and who confirmed it when and why; the findings of the rules that name the cell are re-run; the audit
// log gets the before and after. A later confirmation replaces an earlier one; restoring puts the reader's reading
// back. Both are audited the same way.
import { and, desc, eq, ne } from 'drizzle-orm';
import { type AnnualReportRow, rowToReport } from '../db/annual-report-values.ts';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { annualReports, type StoredFinding, type StoredReading } from '../db/schema/annual-reports.ts';
import type { Report } from '../domain/report/model.ts';
import { checkReport, type Finding } from '../domain/rules/index.ts';
import {
  ConfirmError,
  type ConfirmValue,
  checkNote,
  fieldOf,
  gluedRuns,
  readingAt,
  refreshFindings,
  runMismatch,
  withCell,
} from './cell-readings.ts';

export { ConfirmError } from './cell-readings.ts';

/** The cell's value as the row stores it. */
type RowCell = { state: 'number'; value: number } | { state: 'blank' } | { state: 'unknown' };

function rowCell(row: Pick<AnnualReportRow, 'fields' | 'blank'>, key: string): RowCell {
  if (row.blank.includes(key)) return { state: 'blank' };
  const v = row.fields[key];
  return v === undefined ? { state: 'unknown' } : { state: 'number', value: v };
}

/** The row's fields / blank / uncertain with `key` set to `cell` (uncertain when `reason` is given). */
function setRowCell(
  row: Pick<AnnualReportRow, 'fields' | 'blank' | 'uncertain'>,
  key: string,
  cell: RowCell,
  uncertain: boolean,
) {
  const fields = { ...row.fields };
  delete fields[key];
  const blank = row.blank.filter((k) => k !== key);
  const unsure = row.uncertain.filter((k) => k !== key);
  if (cell.state === 'number') fields[key] = cell.value;
  if (cell.state === 'blank') {
    // As `parse --json` stores a printed blank: 0 in fields, the key in blank.
    fields[key] = 0;
    blank.push(key);
  }
  if (uncertain) unsure.push(key);
  return { fields, blank, uncertain: unsure };
}

/** Last year's report of the same agency, for the rules that compare with it (as at collection). */
async function previousOf(db: Executor, row: AnnualReportRow): Promise<Report | undefined> {
  if (row.agencyId === null) return undefined;
  const [prev] = await db
    .select()
    .from(annualReports)
    .where(
      and(
        eq(annualReports.agencyId, row.agencyId),
        eq(annualReports.year, row.year - 1),
        ne(annualReports.id, row.id),
      ),
    )
    .orderBy(desc(annualReports.collectedAt))
    .limit(1);
  return prev ? rowToReport(prev) : undefined;
}

export interface ConfirmInput {
  readonly reportId: number;
  readonly key: string;
  readonly value: ConfirmValue;
  readonly note: string;
  readonly actor: string;
  readonly at: Date;
  /**
   * The values do not spell the printed glued run and the person says the page misprints it: saved all the same,
   * the confirmation keeps the printed run (`departs`). Without it such a confirmation is refused (cell-readings.ts
   * runMismatch).
   */
  readonly override?: boolean;
}

export interface ConfirmResult {
  readonly row: AnnualReportRow;
  /** The findings that now name the cell (a confirmed value that breaks a 勾稽 rule shows at once). */
  readonly findings: readonly Finding[];
  readonly auditId: number;
}

async function lockRow(tx: Executor, id: number): Promise<AnnualReportRow> {
  const [row] = await tx.select().from(annualReports).where(eq(annualReports.id, id)).for('update');
  if (!row) throw new ConfirmError(`未找到年度报告 ${id}`, 'report');
  return row;
}

/** Store the cell's new state, re-run the checks of the rules that name it, audit. */
async function store(
  tx: Executor,
  row: AnnualReportRow,
  key: string,
  next: { cell: RowCell; uncertain: boolean; readings: Record<string, StoredReading> },
  audit: { actor: string; action: string; before: unknown; after: unknown },
): Promise<ConfirmResult> {
  const values = { ...setRowCell(row, key, next.cell, next.uncertain), readings: next.readings };
  const report = rowToReport({ ...row, ...values });
  const fresh = checkReport(report, { prev: await previousOf(tx, row) });
  const findings: StoredFinding[] = refreshFindings(row.findings, fresh, key).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    cells: [...f.cells],
    message: f.message,
  }));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const [updated] = await tx
    .update(annualReports)
    .set({ ...values, findings, errors, warnings: findings.length - errors })
    .where(eq(annualReports.id, row.id))
    .returning();
  const auditId = await writeAudit(tx, {
    actor: audit.actor,
    action: audit.action,
    entity: 'annual_report',
    entityId: row.id,
    before: audit.before,
    after: audit.after,
  });
  return { row: updated!, findings: findings.filter((f) => f.cells.includes(key)), auditId };
}

/**
 * Confirm the value of `key` in report `reportId`. Any cell of the report's layout may be confirmed: the ones the
 * reader flagged, and (a later confirmation replacing an earlier one) the ones confirmed before. A cell the reader
 * read with certainty is not: it is what the source prints, and a supervisor who disagrees uploads a corrected copy.
 */
export async function confirmCell(db: Executor, input: ConfirmInput): Promise<ConfirmResult> {
  const note = checkNote(input.note);
  return db.transaction(async (tx) => {
    const row = await lockRow(tx, input.reportId);
    const departs = checkRun(row, { [input.key]: input.value }, input.override === true);
    return confirmIn(tx, row, input, note, departs.get(input.key));
  });
}

/**
 * Confirm several cells at once — the cells of one glued run, checked together against the printed run — in one
 * transaction: all are saved or none. Each cell is audited as `confirmCell` audits it.
 */
export async function confirmCells(
  db: Executor,
  input: Omit<ConfirmInput, 'key' | 'value'> & { readonly values: Readonly<Record<string, ConfirmValue>> },
): Promise<ConfirmResult[]> {
  const note = checkNote(input.note);
  if (!Object.keys(input.values).length) throw new ConfirmError('没有要核对的单元格', 'field');
  return db.transaction(async (tx) => {
    let row = await lockRow(tx, input.reportId);
    const departs = checkRun(row, input.values, input.override === true);
    const out: ConfirmResult[] = [];
    for (const [key, value] of Object.entries(input.values)) {
      const r = await confirmIn(tx, row, { ...input, key, value }, note, departs.get(key));
      row = r.row;
      out.push(r);
    }
    return out;
  });
}

/**
 * The glued-run check of `values` (cell-readings.ts runMismatch): a ConfirmError naming the cells and the printed
 * run unless `override`; with it, the printed run each overridden cell departs from.
 */
function checkRun(
  row: AnnualReportRow,
  values: Readonly<Record<string, ConfirmValue>>,
  override: boolean,
): Map<string, string> {
  const report = rowToReport(row);
  const departs = new Map<string, string>();
  const runs = gluedRuns(report, row.readings).filter((r) => r.keys.some((k) => k in values));
  for (const run of runs) {
    const mine = Object.fromEntries(Object.entries(values).filter(([k]) => run.keys.includes(k)));
    const wrong = runMismatch(report, row.readings, run, mine);
    if (!wrong) continue;
    if (!override) throw new ConfirmError(wrong, 'run');
    for (const k of Object.keys(mine)) departs.set(k, run.text);
  }
  return departs;
}

async function confirmIn(
  tx: Executor,
  row: AnnualReportRow,
  input: Pick<ConfirmInput, 'key' | 'value' | 'actor' | 'at'>,
  note: string,
  departs: string | undefined,
): Promise<ConfirmResult> {
  const report = rowToReport(row);
  const def = fieldOf(report, input.key);
  const kept = row.readings[input.key];
  const flagged = report.cells[input.key]?.state === 'unknown' || report.uncertain[input.key] !== undefined;
  if (!flagged && !kept?.confirmed)
    throw new ConfirmError(`“${def.label}”已由原文确定读出，无需核对`, 'field');
  // What the reader saw, kept once: a re-confirmation keeps the reader's reading, not the previous confirmation.
  const reading = kept ?? readingAt(report, row.readings, input.key);
  const confirmed = {
    state: input.value.state,
    ...(input.value.state === 'number' ? { value: input.value.value } : {}),
    by: input.actor,
    at: input.at.toISOString(),
    note,
    ...(departs !== undefined ? { departs } : {}),
  };
  const before = rowCell(row, input.key);
  return store(
    tx,
    row,
    input.key,
    {
      cell: input.value,
      uncertain: false,
      readings: { ...row.readings, [input.key]: { ...reading, confirmed } },
    },
    {
      actor: input.actor,
      action: 'annualReport.confirmCell',
      before: {
        field: input.key,
        ...before,
        ...(kept?.confirmed ? { confirmed: kept.confirmed } : { reader: reading }),
      },
      after: { field: input.key, ...confirmed },
    },
  );
}

/** Put the reader's own reading of `key` back (undo every confirmation of it): audited. */
export async function restoreReading(
  db: Executor,
  input: { reportId: number; key: string; actor: string; at: Date; note?: string },
): Promise<ConfirmResult> {
  return db.transaction(async (tx) => {
    const row = await lockRow(tx, input.reportId);
    const def = fieldOf(rowToReport(row), input.key);
    const kept = row.readings[input.key];
    if (!kept?.confirmed) throw new ConfirmError(`“${def.label}”没有人工核对记录，无需恢复`, 'field');
    const { confirmed, ...reading } = kept;
    const readings = { ...row.readings };
    // A reading that was kept at collection stays (with its reason and candidates); a lazily made one goes.
    readings[input.key] = reading;
    return store(
      tx,
      row,
      input.key,
      { cell: reading.read, uncertain: reading.reason !== undefined, readings },
      {
        actor: input.actor,
        action: 'annualReport.restoreCell',
        before: { field: input.key, confirmed },
        after: {
          field: input.key,
          ...reading.read,
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        },
      },
    );
  });
}

export { withCell };

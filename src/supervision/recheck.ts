// Stored findings follow the rules: a report whose findings were made by another version of the checking rules
// (rules-version.ts), or by an unknown one, is checked again from its stored numbers, and its findings, errors and
// warnings replaced, so the status board, the report pages, the API and the datasets show what the rules say now.
// Run by the server in the background after it serves (src/web/server.ts) and by `gongkai report recheck`.
//
// Only the rules a row can answer are run again (the tables' identities, the cells, the layout and year, …); the
// findings of rules that need the source document or last year's report are kept as stored (FROM_SOURCE,
// CROSS_YEAR below), and so are findings that are not the rules' own (`input.cleaned`). A row changed while it was
// being checked (a supervisor confirming a cell) is left for the next run: the update names the row version it
// read (xmin).
import { sql } from 'drizzle-orm';
import { type AnnualReportRow, storedFindings } from '../db/annual-report-values.ts';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { annualReports, type StoredFinding } from '../db/schema/annual-reports.ts';
import { LAYOUTS } from '../domain/report/layout.ts';
import { fromParsedJson, type Report } from '../domain/report/model.ts';
import { checkReport, RULES } from '../domain/rules/index.ts';
import { applyReadings } from './cell-readings.ts';
import { rulesVersion } from './rules-version.ts';

/** Rule ids checkReport emits: the catalogue's and its own warning about last year's report of another agency. */
const RULE_IDS = new Set([...RULES.map((r) => r.id), 'prev.agency']);

export interface RecheckProgress {
  /** Rows checked so far, of `total` found stale at the start. */
  readonly done: number;
  readonly total: number;
  /** Rows whose findings changed so far. */
  readonly changed: number;
}

export interface RecheckResult extends RecheckProgress {
  readonly version: string;
  /** Rows whose error count changed. */
  readonly errorsChanged: number;
  /** Rows changed by someone else meanwhile, left for the next run. */
  readonly skipped: number;
}

/** How many stored reports were checked by another (or an unknown) version of the rules. */
export async function staleCount(db: Executor, version?: string): Promise<number> {
  const v = version ?? (await rulesVersion());
  const [r] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from annual_reports where rules_version is distinct from ${v}`,
  );
  return Number(r?.n ?? 0);
}

/**
 * Check again every stored report whose rules version is not this process's, in batches of `batch` rows (one
 * statement updates a batch: the row triggers of annual_reports run once a batch). `onProgress` after each batch;
 * `shouldStop` between batches (the server stopping). Idempotent: a second run finds nothing stale.
 */
export async function recheckStale(
  db: Executor,
  opts: {
    batch?: number;
    onProgress?: (p: RecheckProgress) => void;
    shouldStop?: () => boolean;
    /** Between batches and every few reports, to let a server answer its requests (the background run). */
    pause?: () => Promise<void>;
    /** Who runs it, for the audit log (the CLI's operator; `system` for the server's background run). */
    actor?: string;
  } = {},
): Promise<RecheckResult> {
  const version = await rulesVersion();
  const batch = opts.batch ?? 100;
  const total = await staleCount(db, version);
  let done = 0;
  let changed = 0;
  let errorsChanged = 0;
  let skipped = 0;
  let after = 0;
  while (!opts.shouldStop?.()) {
    const rows = await db
      .select({ row: annualReports, xmin: sql<string>`xmin::text` })
      .from(annualReports)
      .where(
        sql`${annualReports.id} > ${after} and ${annualReports.rulesVersion} is distinct from ${version}`,
      )
      .orderBy(annualReports.id)
      .limit(batch);
    if (!rows.length) break;
    after = rows[rows.length - 1]!.row.id;
    const updates: { id: number; xmin: string; findings: unknown; errors: number; warnings: number }[] = [];
    for (const [i, { row, xmin }] of rows.entries()) {
      // The background run gives the event loop a turn every few reports: a request never waits for a batch.
      if (i && i % 8 === 0) await opts.pause?.();
      const next = recheckRow(row);
      if (canonical(next.findings) !== canonical(row.findings)) changed++;
      if (next.errors !== row.errors) errorsChanged++;
      updates.push({ id: row.id, xmin, ...next });
    }
    const updated = await queryRows<{ id: number }>(
      db,
      sql`update annual_reports a set findings = v.findings, errors = v.errors, warnings = v.warnings,
            rules_version = ${version}
          from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
            as v(id int, xmin text, findings jsonb, errors int, warnings int)
          where a.id = v.id and a.xmin::text = v.xmin
          returning a.id`,
    );
    skipped += updates.length - updated.length;
    done += rows.length;
    opts.onProgress?.({ done, total: Math.max(total, done), changed });
    await opts.pause?.();
  }
  const result = { version, done, total: Math.max(total, done), changed, errorsChanged, skipped };
  // One entry a run that changed something: which rules version, how many reports, how many counts moved.
  if (changed)
    await writeAudit(db, {
      actor: opts.actor ?? 'system',
      action: 'annualReport.recheck',
      entity: 'annual_report',
      after: result,
    });
  return result;
}

/**
 * Rules that need the source document, not only what a row stores: the printed labels (label.official), which
 * tables were read where a heading was lost (sections.present: the provenance), the agency or year as printed
 * (meta.present: a row without a printed agency stores the file name), a 元 figure converted on reading
 * (unit.wan-yuan), the reader's reasons at uncertain cells (cell.uncertain). Their stored findings stay as the
 * reading made them; a fix to one of them reaches stored reports by reading the file again (`collect`).
 */
const FROM_SOURCE = new Set([
  'label.official',
  'sections.present',
  'meta.present',
  'unit.wan-yuan',
  'cell.uncertain',
]);
/**
 * The rules that compare with last year's report: their findings depend on which report stood beside it when it was
 * checked (an upload's, a confirmation's), so they stay as stored; a confirmation re-checks them (cell-confirm.ts).
 */
const CROSS_YEAR = new Set([...RULES.filter((r) => r.needsPrev).map((r) => r.id), 'prev.agency']);
/** The rules that read the narrative: from the stored sections, else (no section found) from the full text, which
 *  a row does not keep — then their stored findings stay too. */
const FROM_TEXT = new Set([
  'narrative.tables',
  'narrative.subcounts',
  'narrative.applicants',
  'narrative.t4-upheld',
  'narrative.fee-unpaid',
  'prev.similarity',
]);

/**
 * The report as stored, for checking: the row's numbers with its readings, and the hybrid of a 2019 表二 under a
 * 2021 表三 (or the reverse) recognised from the keys stored — the row keeps no table layouts, and without them
 * every 表二 row of such a report came back unread (a "行未读出" error per row).
 */
export function storedReport(row: AnnualReportRow): Report {
  const format = row.format === '2019' || row.format === '2021' ? row.format : null;
  let tableFormats: Report['tableFormats'] | undefined;
  if (format) {
    const other = format === '2019' ? '2021' : '2019';
    const t2Keys = (f: '2019' | '2021') =>
      LAYOUTS[f].fields.filter((x) => x.table === 't2').map((x) => x.key);
    const own = new Set(t2Keys(format));
    const theirs = new Set(t2Keys(other));
    // Keys of one layout only (the decisions rows are in both): some of the other's, none of its own.
    const keys = Object.keys(row.fields);
    if (keys.some((k) => theirs.has(k) && !own.has(k)) && !keys.some((k) => own.has(k) && !theirs.has(k)))
      tableFormats = { t2: other, t3: format };
  }
  return applyReadings(
    fromParsedJson({
      agency: row.agencyName,
      year: row.year,
      format,
      fields: row.fields,
      blank: row.blank,
      uncertain: row.uncertain,
      sections: row.sections,
      ...(tableFormats ? { tableFormats } : {}),
    }),
    row.readings ?? {},
  );
}

/** Findings compared by content (jsonb keeps an object's keys in its own order). */
const canonical = (fs: readonly StoredFinding[]) =>
  JSON.stringify(fs.map((f) => [f.rule, f.severity, f.cells, f.message]));

const findingKey = (f: { rule: string; severity: string; cells: readonly string[] }) =>
  `${f.rule}\u0000${f.severity}\u0000${f.cells.join(' ')}`;

/** checkReport's order: errors first, then warnings; within each, by the catalogue (its own prev.agency first,
 *  findings not of a rule last), so a report whose findings did not change is stored as it was. */
const RANK = new Map<string, number>([
  ['prev.agency', -1],
  ...RULES.map((r, i) => [r.id, i] as [string, number]),
]);
const inCheckOrder = <T extends { severity: string; rule: string }>(xs: T[]): T[] => {
  const rank = (f: T) => (f.severity === 'error' ? 0 : 1) * 10_000 + (RANK.get(f.rule) ?? RULES.length);
  return xs
    .map((f, i) => [f, i] as const)
    .sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1])
    .map(([f]) => f);
};

/** A stored report's findings by the rules of this process; the findings that are not theirs to redo kept. */
export function recheckRow(row: AnnualReportRow): {
  findings: StoredFinding[];
  errors: number;
  warnings: number;
} {
  const keep = new Set([...FROM_SOURCE, ...CROSS_YEAR]);
  if (!Object.values(row.sections ?? {}).some((t) => t?.trim())) for (const r of FROM_TEXT) keep.add(r);
  const rules = RULES.filter((r) => !keep.has(r.id));
  // A finding the stored one already says (same rule, severity and cells) keeps its stored wording: a message may
  // carry what the reader saw (a glued run's cuts, its reason) that a row keeps only in part. Counts and cells are
  // the rules' of today; only the words of an unchanged finding stay as read.
  const said = new Map(row.findings.map((f) => [findingKey(f), f.message]));
  const fresh = storedFindings(checkReport(storedReport(row), { rules })).map((f) => ({
    ...f,
    message: said.get(findingKey(f)) ?? f.message,
  }));
  const kept = row.findings.filter((f) => keep.has(f.rule) || !RULE_IDS.has(f.rule));
  const findings = inCheckOrder([...fresh, ...kept]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { findings, errors, warnings: findings.length - errors };
}

/**
 * The server's background recheck: `delayMs` after it serves (never on the start-up path: `/health` and the first
 * requests do not wait for it), in batches with a turn of the event loop between them; `stop()` ends it between
 * batches (the server stopping) and waits for the batch in flight. `onChanged` when findings changed (the server
 * drops its cached pages). Off with GONGKAI_RECHECK=0.
 */
export function backgroundRecheck(
  db: Executor,
  opts: { delayMs: number; log: (message: string) => void; onChanged: () => void },
): { stop: () => Promise<void>; done: () => Promise<RecheckResult | null> } {
  let stopping = false;
  let run: Promise<RecheckResult | null> | undefined;
  const start = () =>
    (run ??= recheckStale(db, {
      // Small batches: one batch is one UPDATE (and its triggers) on the database the requests share.
      batch: 25,
      shouldStop: () => stopping,
      pause: () => new Promise((r) => setImmediate(r)),
      onProgress: (p) => {
        if (p.changed) opts.onChanged();
      },
    }).then(
      (r) => {
        if (r.changed)
          opts.log(
            `已按现行检查规则（${r.version}）重新检查 ${r.done} 份年度报告，检查结果有变化 ${r.changed} 份`,
          );
        return r;
      },
      (e: unknown) => {
        opts.log(`重新检查年度报告失败：${e instanceof Error ? e.message : String(e)}`);
        return null;
      },
    ));
  const timer = setTimeout(start, opts.delayMs).unref();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await run;
    },
    done: () => start(),
  };
}

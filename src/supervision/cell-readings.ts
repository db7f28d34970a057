// The cells of a collected report the reader could not read with certainty, and a person's settling of them (pure:
// no I/O). The reader is honest — a glued digit run with several cuts, a row the page does not list, a number it was
// unsure of is flagged, never guessed — and a supervisor who looks at the source closes the loop: they choose one of
// the reader's candidates or type what the source prints (or that it prints the cell empty), with a note. The
// confirmed value becomes a certain cell like any printed one (the year's sums and rankings count it); its
// provenance says it was confirmed, when and why, and keeps what the reader saw. src/supervision/cell-confirm.ts
// stores it (audited); this file decides what the report then is.
import type { StoredConfirmation, StoredReading } from '../db/schema/annual-reports.ts';
import { type FieldDef, fieldDef, LAYOUTS } from '../domain/report/layout.ts';
import { blank, type Cell, num, type Report } from '../domain/report/model.ts';
import { enumerateSplits } from '../domain/report/run-decoder.ts';
import { IDENTITY_RULES } from '../domain/rules/identities.ts';
import { checkReport, type Finding } from '../domain/rules/index.ts';

/** A value a person settles a cell to: a number, or a printed blank (the source leaves the cell empty). */
export type ConfirmValue = { readonly state: 'number'; readonly value: number } | { readonly state: 'blank' };

/** Bad input, with the form field it is about ('field' | 'value' | 'note'), in Chinese. */
export class ConfirmError extends Error {
  constructor(
    message: string,
    readonly field: 'report' | 'field' | 'value' | 'note' | 'run',
  ) {
    super(message);
  }
}

/** The words that mean "the source prints this cell empty". */
const BLANK_WORDS = new Set(['blank', '空白', '空', '留空', '-', '—', '／', '/']);

/** The note is short by design: where the person looked ("核对原文PDF第3页"), not an essay. */
export const NOTE_MAX = 200;

/** The field a key names, or a ConfirmError naming it. */
export function fieldOf(report: Report, key: string): FieldDef {
  const def = fieldDef(key);
  if (!def)
    throw new ConfirmError(
      `没有字段“${key}”（字段键见 fields.md，如 t2.normativeDocuments.issued）`,
      'field',
    );
  if (!(key in report.cells))
    throw new ConfirmError(
      `字段“${def.label}”（${key}）不属于本报告使用的${report.format ?? ''}版格式`,
      'field',
    );
  return def;
}

/**
 * What a person typed for a cell: a number of the cell's kind (a count is a non-negative whole number, 本年增/减 a
 * whole number that may be negative, an amount in 万元 non-negative with at most 6 decimals), or "blank"/"空白".
 */
export function parseConfirmValue(def: FieldDef, input: string): ConfirmValue {
  const s = input.trim().replace(/[，,\s]/g, '');
  if (BLANK_WORDS.has(s.toLowerCase())) return { state: 'blank' };
  if (s === '') throw new ConfirmError(`请为“${def.label}”选择或填写一个数字，或选择“空白”`, 'value');
  const pattern = def.kind === 'money' ? /^\d+(\.\d{1,6})?$/ : def.kind === 'delta' ? /^[+-]?\d+$/ : /^\d+$/;
  if (!pattern.test(s) || !Number.isFinite(Number(s)) || Math.abs(Number(s)) > 1e12) {
    const want =
      def.kind === 'money'
        ? '不小于 0 的数字（万元，至多 6 位小数）'
        : def.kind === 'delta'
          ? '整数（可为负数）'
          : '不小于 0 的整数';
    throw new ConfirmError(`“${def.label}”应为${want}或“空白”，收到“${input.trim()}”`, 'value');
  }
  return { state: 'number', value: Number(s) };
}

export function checkNote(note: string): string {
  const n = note.trim();
  if (!n) throw new ConfirmError('请填写核对说明，如“核对原文PDF第3页”', 'note');
  if ([...n].length > NOTE_MAX) throw new ConfirmError(`核对说明不超过 ${NOTE_MAX} 个字`, 'note');
  return n;
}

export const cellOf = (v: ConfirmValue): Cell => (v.state === 'number' ? num(v.value) : blank(''));

/** A cell to settle, as the list and the form show it. */
export interface PendingCell {
  readonly key: string;
  readonly def: FieldDef;
  readonly reading: StoredReading;
}

/**
 * What the reader saw at `key` of a stored report: the reading kept at collection, else (a report stored before the
 * readings were kept) what the report itself says.
 */
export function readingAt(
  report: Report,
  readings: Readonly<Record<string, StoredReading>>,
  key: string,
): StoredReading {
  const kept = readings[key];
  if (kept) return kept;
  const c = report.cells[key];
  const reason = report.uncertain[key];
  return {
    read:
      c?.state === 'number'
        ? { state: 'number', value: c.value }
        : c?.state === 'blank'
          ? { state: 'blank' }
          : { state: 'unknown' },
    ...(reason !== undefined ? { reason } : {}),
    ...(report.candidates?.[key]?.length ? { candidates: [...report.candidates[key]] } : {}),
  };
}

/** The cells left to settle: every cell of the report's layout that is unknown or uncertain, in layout order. */
export function pendingCells(
  report: Report,
  readings: Readonly<Record<string, StoredReading>>,
): PendingCell[] {
  const out: PendingCell[] = [];
  for (const [key, c] of Object.entries(report.cells)) {
    if (c.state !== 'unknown' && report.uncertain[key] === undefined) continue;
    const def = fieldDef(key);
    if (def) out.push({ key, def, reading: readingAt(report, readings, key) });
  }
  return out;
}

/** Every field key in the tables' printed order (2021's, then the keys only 2019 has). */
const KEY_ORDER: ReadonlyMap<string, number> = new Map(
  [...new Set([...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key))].map((k, i) => [
    k,
    i,
  ]),
);

/** The cells a person has settled, with their confirmation, in the tables' order. */
export function confirmedCells(
  readings: Readonly<Record<string, StoredReading>>,
): (PendingCell & { readonly confirmed: StoredConfirmation })[] {
  return Object.entries(readings)
    .flatMap(([key, reading]) => {
      const def = fieldDef(key);
      return def && reading.confirmed ? [{ key, def, reading, confirmed: reading.confirmed }] : [];
    })
    .sort((a, b) => (KEY_ORDER.get(a.key) ?? 0) - (KEY_ORDER.get(b.key) ?? 0));
}

/**
 * The report as stored readings make it: the reader's reasons, candidates and source text at the cells it was not
 * sure of, and at a confirmed cell provenance kind `confirmed` with its confirmation (who only when `withActor`:
 * public pages and the open-data API name no reviewer).
 */
export function applyReadings(
  report: Report,
  readings: Readonly<Record<string, StoredReading>>,
  opts: { withActor?: boolean } = {},
): Report {
  for (const [key, r] of Object.entries(readings)) {
    if (!(key in report.cells)) continue;
    const where = {
      ...(r.text !== undefined ? { text: r.text } : {}),
      ...(r.line !== undefined ? { line: r.line } : {}),
      ...(r.page !== undefined ? { page: r.page } : {}),
    };
    if (r.confirmed) {
      report.provenance[key] = {
        ...where,
        kind: 'confirmed',
        confirmation: {
          at: r.confirmed.at,
          note: r.confirmed.note,
          ...(opts.withActor ? { by: r.confirmed.by } : {}),
          ...(r.reason !== undefined ? { reason: r.reason } : {}),
          ...(r.candidates ? { candidates: r.candidates } : {}),
        },
      };
      continue;
    }
    if (report.uncertain[key] !== undefined && r.reason) report.uncertain[key] = r.reason;
    if (r.candidates?.length) report.candidates = { ...(report.candidates ?? {}), [key]: [...r.candidates] };
    if (Object.keys(where).length) report.provenance[key] = { ...(report.provenance[key] ?? {}), ...where };
  }
  return report;
}

/** A copy of the report with `key` settled to `v`: certain, no longer uncertain. */
export function withCell(report: Report, key: string, v: ConfirmValue): Report {
  const uncertain = { ...report.uncertain };
  delete uncertain[key];
  const candidates = report.candidates ? { ...report.candidates } : undefined;
  if (candidates) delete candidates[key];
  return {
    ...report,
    cells: { ...report.cells, [key]: cellOf(v) },
    uncertain,
    ...(candidates ? { candidates } : {}),
  };
}

/**
 * The 勾稽 rules (the table's identities) that `key` settled to `v` would break: what the confirm page warns of
 * before saving. Allowed all the same — the source may really be wrong — and the finding then shows at once.
 */
export function brokenRules(report: Report, key: string, v: ConfirmValue): Finding[] {
  return checkReport(withCell(report, key, v)).filter((f) => isIdentityRule(f.rule) && f.cells.includes(key));
}

const IDENTITY_IDS: ReadonlySet<string> = new Set(IDENTITY_RULES.map((r) => r.id));

/** Whether a rule is one of the official formats' 勾稽 identities (表三's columns and rows, 表四's groups). */
export const isIdentityRule = (rule: string): boolean => IDENTITY_IDS.has(rule);

/**
 * The findings after a cell changed: the stored findings of every rule that names the cell (before or after) are
 * replaced by that rule's fresh ones; the others stay as found at collection (they may rest on the full text, which
 * the row does not keep).
 */
export function refreshFindings(
  stored: readonly Finding[],
  fresh: readonly Finding[],
  key: string,
): Finding[] {
  const touched = new Set([...stored, ...fresh].filter((f) => f.cells.includes(key)).map((f) => f.rule));
  // Cell-state rules are summaries over all cells: always take the fresh ones.
  for (const f of [...stored, ...fresh]) if (f.rule.startsWith('cell.')) touched.add(f.rule);
  const out = [...stored.filter((f) => !touched.has(f.rule)), ...fresh.filter((f) => touched.has(f.rule))];
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/**
 * A glued run: a row the page printed as one digit string ("7030" where 表二's 规范性文件 row has three cells), which
 * the reader could cut more than one way (src/domain/report/run-decoder.ts). Whatever a person confirms for its
 * cells must, written side by side in the row's order, spell what the page printed — else a slip (70 typed for 7)
 * would stand as a confirmed, audited, counted number. A page that really misprints is confirmed with an explicit
 * override and a note (`departs` in the confirmation).
 */
export interface GluedRun {
  /** The run as printed ("7030"). */
  readonly text: string;
  /** The run's cells in the row's order (the reader's uncertain ones and any it read with certainty). */
  readonly keys: readonly string[];
  /** The cuts the reader found possible: a value per key, in `keys` order (what the whole-run form offers). */
  readonly splits: readonly (readonly number[])[];
  /** Every cut of the printed digits into the cells, whatever the reader made of them (what a value must match). */
  readonly cuts: readonly (readonly number[])[];
}

const RUN_REASON = /^数字连写（“(.+?)”）/;

/** The row a key belongs to ("t2.normativeDocuments" of "t2.normativeDocuments.issued"). */
const rowOfKey = (key: string) => key.slice(0, key.lastIndexOf('.'));

/** The value a cut's number stands for in the cell: a run printed in 元 is stored in 万元 (as the reader converts). */
function cellValue(v: number, def: FieldDef | undefined, yuan: boolean): number {
  return def?.kind === 'money' && yuan ? Math.round((v / 10000) * 1e6) / 1e6 : v;
}

/**
 * The glued runs of a stored report, from the reasons the reader kept ("数字连写（“7030”）…"): every uncertain cell
 * of the same printed run in one row, with the row's other cells. Reasons survive a confirmation (the reading keeps
 * them), so a run is found whether its cells are still pending or already settled.
 */
export function gluedRuns(report: Report, readings: Readonly<Record<string, StoredReading>>): GluedRun[] {
  const groups = new Map<string, { text: string; rows: Set<string> }>();
  const keys = new Set([...Object.keys(readings), ...Object.keys(report.uncertain)]);
  for (const key of keys) {
    if (!(key in report.cells)) continue;
    const reason = readingAt(report, readings, key).reason;
    const text = reason ? RUN_REASON.exec(reason)?.[1] : undefined;
    if (!text) continue;
    // 表四's rows may be printed as one run: its cells are one group whatever their row.
    const id = `${key.startsWith('t4.') ? 't4' : rowOfKey(key)}\u0000${text}`;
    const g = groups.get(id) ?? { text, rows: new Set<string>() };
    g.rows.add(rowOfKey(key));
    groups.set(id, g);
  }
  const out: GluedRun[] = [];
  for (const g of groups.values()) {
    const runKeys = Object.keys(report.cells).filter((k) => g.rows.has(rowOfKey(k)));
    const defs = runKeys.map((k) => fieldDef(k));
    if (defs.some((d) => !d)) continue;
    const raw = enumerateSplits(g.text, [{ kinds: defs.map((d) => d!.kind), sumLast: false }], false);
    // Too long to cut, or no cut at all: the run cannot be checked, and a check that cannot hold never refuses.
    if (!raw?.length) continue;
    const yuan = /\d\s*元/.test(g.text) && !/万元/.test(g.text);
    const cuts = raw.map((sp) => sp.map((v, i) => cellValue(v.value, defs[i], yuan)));
    const splits = cuts.filter((cut) =>
      runKeys.every((k, i) => {
        const r = readingAt(report, readings, k);
        if (r.candidates?.length) return r.candidates.some((c) => same(c, cut[i]!));
        if (readings[k] || report.uncertain[k] !== undefined) return true;
        const c = report.cells[k];
        return c?.state === 'number' && same(c.value, cut[i]!);
      }),
    );
    if (splits.length) out.push({ text: g.text, keys: runKeys, splits, cuts });
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The glued run `key` belongs to, if any. */
export const runOf = (report: Report, readings: Readonly<Record<string, StoredReading>>, key: string) =>
  gluedRuns(report, readings).find((r) => r.keys.includes(key));

/** A cut written as the page would print it apart: "7|0|30". */
export const cutText = (cut: readonly number[]) => cut.join('|');

/**
 * Whether the values a person is confirming, with the run's other settled cells (confirmed before without an
 * override, or read with certainty), can be a cut of the printed run. Cells still pending are free. Returns the
 * Chinese refusal naming the cells, the values and the printed text, or null when they spell it.
 */
export function runMismatch(
  report: Report,
  readings: Readonly<Record<string, StoredReading>>,
  run: GluedRun,
  values: Readonly<Record<string, ConfirmValue>>,
): string | null {
  const fixed = run.keys.map((k): ConfirmValue | undefined => {
    if (values[k]) return values[k];
    const kept = readings[k];
    if (kept?.confirmed)
      return kept.confirmed.departs
        ? undefined
        : kept.confirmed.state === 'number'
          ? { state: 'number', value: kept.confirmed.value ?? 0 }
          : { state: 'blank' };
    if (kept || report.uncertain[k] !== undefined) return undefined;
    const c = report.cells[k];
    return c?.state === 'number' ? { state: 'number', value: c.value } : c?.state === 'blank' ? c : undefined;
  });
  const fits = run.cuts.some((cut) =>
    fixed.every((v, i) => v === undefined || (v.state === 'number' && same(v.value, cut[i]!))),
  );
  if (fits) return null;
  const named = run.keys
    .map((k, i) => [k, fixed[i]] as const)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `“${fieldDef(k)?.label ?? k}”为${v!.state === 'number' ? v!.value : '空白'}`);
  const all = fixed.every((v) => v !== undefined);
  return (
    `原文此行数字连写为“${run.text}”，${named.join('、')}${all ? '，连起来不是' : '，拆不出'}原文的“${run.text}”` +
    `（解析器给出的可能拆分：${run.splits.map(cutText).join('、')}）。` +
    '如原文确有印刷错误，请勾选“原文有误，仍按核对的值保存”，并在核对说明中写明依据。'
  );
}

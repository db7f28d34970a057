// The run decoder: a row whose cells were printed without separators ("行政规范性文件6233440", "0 0 00 00 0"), as a
// crawler's page text or a careless converter leaves them. The layout says how many cells the row has; the decoder
// enumerates every way to cut the digit run into that many numbers (no leading zeros unless the number is 0) and
// keeps the cuts that satisfy the row's identity (总计 = the six applicant columns; 表四 总计 = the four results) and
// the table's column identities (一 + 二 = 三（七） + 四; （七） = the result rows). One survivor: the cells are read
// and their provenance says "inferred". Several: the cells they disagree on are uncertain, with the candidates.
// None: the report's own numbers are inconsistent; what every cut agrees on is kept, the rest is flagged.
// Never a guess presented as a fact. Pure: no I/O.
import { APPLICANT_COLUMNS, type CellKind, type FormatVersion, LAYOUTS } from './layout.ts';
import type { ProvenanceKind } from './model.ts';

/** One cell of a run: its value and the unit printed with it, if any ("3443000元"). */
export interface RunValue {
  readonly value: number;
  readonly text: string;
  readonly unit: string | null;
}

/** A row inside a run: how many cells and whether its last cell is the sum of the others. */
export interface RunRowSpec {
  readonly kinds: readonly CellKind[];
  readonly sumLast: boolean;
}

/** A cut of a run: one RunValue per cell, rows concatenated. */
export type Split = readonly RunValue[];

interface Piece {
  /** Digits (and at most one decimal point) with no separator inside the source. */
  readonly s: string;
  /** A sign printed before it ("-3" in 本年增/减). */
  readonly sign: '' | '-';
  /** A unit printed after it: the piece ends a cell. */
  readonly unit: string | null;
}

const UNITS = /^(万元|元|件|条|项|个|份|次|家)/;

/**
 * The run's text as pieces that no cell can straddle: spaces, units and signs are boundaries the page kept.
 * Returns null when the text holds anything but numbers.
 */
export function runPieces(text: string): Piece[] | null {
  const t = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E]/g, '.')
    .replace(/[\u3000\u00A0\u2002-\u200B\uFEFF]/g, ' ')
    .trim();
  const pieces: Piece[] = [];
  let i = 0;
  while (i < t.length) {
    const ch = t[i]!;
    if (/\s/.test(ch) || ch === ',' || ch === '，') {
      i++;
      continue;
    }
    let sign: '' | '-' = '';
    if (ch === '-' || ch === '－' || ch === '+') {
      sign = ch === '+' ? '' : '-';
      i++;
    }
    const m = /^\d+(?:\.\d+)?/.exec(t.slice(i));
    if (!m) return null;
    i += m[0].length;
    const u = UNITS.exec(t.slice(i));
    if (u) i += u[0].length;
    pieces.push({ s: m[0], sign, unit: u ? u[0] : null });
  }
  return pieces;
}

/** The most cuts enumerated for one run; past it the run is flagged as too long to cut, never cut partly. */
const LIMIT = 200000;

function validNumber(s: string, kind: CellKind): boolean {
  if (s === '') return false;
  const [int, frac] = s.split('.');
  if (int === undefined || int === '' || (int.length > 1 && int[0] === '0')) return false;
  if (frac !== undefined && kind !== 'money') return false;
  return true;
}

/**
 * Ways to cut one piece into k numbers of the given kinds; null when there are more than LIMIT. Never a truncated
 * list: a cap that silently dropped the later cuts (a first cell of three digits in a 21-digit run of seven cells)
 * made a consistent row look "broken" and left the printed value out of the candidates.
 */
function cutPiece(p: Piece, kinds: readonly CellKind[]): RunValue[][] | null {
  const out: RunValue[][] = [];
  const k = kinds.length;
  let overflow = false;
  const rec = (pos: number, idx: number, acc: RunValue[]) => {
    if (overflow) return;
    if (out.length > LIMIT) {
      overflow = true;
      return;
    }
    if (idx === k - 1) {
      const s = p.s.slice(pos);
      if (!validNumber(s, kinds[idx]!)) return;
      acc.push(mk(s, idx === 0 ? p.sign : '', p.unit));
      out.push([...acc]);
      acc.pop();
      return;
    }
    for (let end = pos + 1; end <= p.s.length - (k - 1 - idx); end++) {
      const s = p.s.slice(pos, end);
      // A decimal point belongs inside one number: never cut next to it.
      if (p.s[end] === '.' || s.endsWith('.')) continue;
      if (!validNumber(s, kinds[idx]!)) continue;
      acc.push(mk(s, idx === 0 ? p.sign : '', null));
      rec(end, idx + 1, acc);
      acc.pop();
    }
  };
  rec(0, 0, []);
  return overflow ? null : out;
}

function mk(s: string, sign: '' | '-', unit: string | null): RunValue {
  const value = Number(`${sign}${s}`);
  return { value, text: `${sign}${s}${unit ?? ''}`, unit };
}

/**
 * Every cut of the run into the rows' cells, keeping only cuts whose rows satisfy their sum identity when `filter`
 * is set. `null` when there are too many to enumerate (the caller flags the row instead of guessing).
 */
export function enumerateSplits(text: string, rows: readonly RunRowSpec[], filter: boolean): Split[] | null {
  const pieces = runPieces(text);
  if (!pieces) return [];
  const kinds = rows.flatMap((r) => r.kinds);
  const n = kinds.length;
  // Row end positions (cell index after the row's last cell) for the incremental identity check.
  const rowOf: { start: number; spec: RunRowSpec }[] = [];
  let c = 0;
  for (const r of rows) {
    rowOf.push({ start: c, spec: r });
    c += r.kinds.length;
  }
  const rowEnding = new Map<number, { start: number; spec: RunRowSpec }>();
  for (const r of rowOf) rowEnding.set(r.start + r.spec.kinds.length, r);
  const out: Split[] = [];
  let overflow = false;
  // Maximum cells the remaining pieces can hold (one per digit).
  const capacity: number[] = new Array(pieces.length + 1).fill(0);
  for (let i = pieces.length - 1; i >= 0; i--)
    capacity[i] = capacity[i + 1]! + pieces[i]!.s.replace('.', '').length;
  const acc: RunValue[] = [];
  const check = (): boolean => {
    const r = rowEnding.get(acc.length);
    if (!r || !filter || !r.spec.sumLast) return true;
    const cells = acc.slice(r.start, r.start + r.spec.kinds.length);
    const sum = cells.slice(0, -1).reduce((a, x) => a + x.value, 0);
    return Math.abs(sum - cells[cells.length - 1]!.value) < 1e-9;
  };
  const rec = (pi: number) => {
    if (overflow) return;
    if (pi === pieces.length) {
      if (acc.length === n) {
        out.push([...acc]);
        if (out.length > LIMIT) overflow = true;
      }
      return;
    }
    const remainingCells = n - acc.length;
    const remainingPieces = pieces.length - pi;
    if (remainingCells < remainingPieces || remainingCells > capacity[pi]!) return;
    const p = pieces[pi]!;
    const maxK = Math.min(p.s.replace('.', '').length, remainingCells - (remainingPieces - 1));
    for (let k = 1; k <= maxK; k++) {
      const ks = kinds.slice(acc.length, acc.length + k);
      // A signed piece is one cell of a signed (delta) column; a unit closes its cell.
      const cuts = cutPiece(p, ks);
      if (cuts === null) {
        overflow = true;
        return;
      }
      for (const cut of cuts) {
        if (p.sign && ks[0] !== 'delta') continue;
        let ok = true;
        const base = acc.length;
        for (let j = 0; j < cut.length; j++) {
          acc.push(cut[j]!);
          if (!check()) {
            ok = false;
            break;
          }
        }
        if (ok) rec(pi + 1);
        acc.length = base;
        if (overflow) return;
      }
    }
  };
  rec(0);
  return overflow ? null : out;
}

/** The verdict for one cell. */
export type DecodedCell =
  | {
      readonly state: 'number';
      readonly value: number;
      readonly text: string;
      readonly unit: string | null;
      readonly kind: ProvenanceKind;
    }
  | { readonly state: 'uncertain'; readonly candidates: readonly number[]; readonly why: string }
  | { readonly state: 'unknown'; readonly why: string };

/** A run to decode: the row specs it covers and the cell keys, in order. */
export interface RunSpec {
  readonly id: string;
  readonly text: string;
  readonly rows: readonly RunRowSpec[];
  readonly keys: readonly string[];
}

/** A linear identity over cell keys: sum(left) = sum(right). */
export interface KeyIdentity {
  readonly left: readonly string[];
  readonly right: readonly string[];
}

export interface DecodeResult {
  readonly cells: ReadonlyMap<string, DecodedCell>;
  /** Messages about the runs as a whole (Chinese). */
  readonly notes: readonly string[];
}

const MAX_COMBOS = 500000;

/**
 * Decode a set of runs that share identities (the rows of one table). Each run is cut on its own first (row
 * identities), then the table identities choose among the combinations of the remaining cuts.
 */
export function decodeRuns(runs: readonly RunSpec[], identities: readonly KeyIdentity[]): DecodeResult {
  const notes: string[] = [];
  const cells = new Map<string, DecodedCell>();
  interface State {
    run: RunSpec;
    raw: Split[];
    filtered: Split[];
  }
  const states: State[] = [];
  for (const run of runs) {
    const raw = enumerateSplits(run.text, run.rows, false);
    if (raw === null) {
      for (const k of run.keys)
        cells.set(k, { state: 'unknown', why: `数字连写过长（“${run.text}”），无法拆分` });
      continue;
    }
    if (raw.length === 0) {
      const need = run.keys.length;
      for (const k of run.keys)
        cells.set(k, {
          state: 'unknown',
          why: `该行应有${need}个数，原文“${run.text.trim()}”拆不出${need}个数`,
        });
      continue;
    }
    const filtered = raw.filter((s) => rowsHold(s, run.rows));
    states.push({ run, raw, filtered });
  }
  // Table identities over the runs whose rows hold (a run whose own row is broken cannot vouch for anything).
  const usable = states.filter((s) => s.filtered.length > 0);
  const known = new Map<string, number>();
  for (const s of usable)
    if (s.filtered.length === 1)
      s.run.keys.forEach((k, i) => {
        known.set(k, s.filtered[0]![i]!.value);
      });
  const ambiguous = usable.filter((s) => s.filtered.length > 1);
  const keyRun = new Map<string, State>();
  for (const s of usable) for (const k of s.run.keys) keyRun.set(k, s);
  const applicable = identities.filter((id) => [...id.left, ...id.right].every((k) => keyRun.has(k)));
  let survivors: Map<State, Set<number>> | null = null;
  let tableBroken = false;
  if (ambiguous.length && applicable.length) {
    const relevant = ambiguous.filter((s) =>
      applicable.some((id) => [...id.left, ...id.right].some((k) => s.run.keys.includes(k))),
    );
    const combos = relevant.reduce((a, s) => a * s.filtered.length, 1);
    if (combos <= MAX_COMBOS) {
      const chosen = new Map<State, number>();
      const found = new Map<State, Set<number>>(relevant.map((s) => [s, new Set<number>()]));
      let any = false;
      const valueOf = (k: string): number => {
        const s = keyRun.get(k)!;
        const idx = s.run.keys.indexOf(k);
        const choice = chosen.get(s);
        if (choice === undefined) return known.get(k)!;
        return s.filtered[choice]![idx]!.value;
      };
      const holds = () =>
        applicable.every(
          (id) =>
            Math.abs(
              id.left.reduce((a, k) => a + valueOf(k), 0) - id.right.reduce((a, k) => a + valueOf(k), 0),
            ) < 1e-9,
        );
      const rec = (i: number) => {
        if (i === relevant.length) {
          if (holds()) {
            any = true;
            for (const [s, c] of chosen) found.get(s)!.add(c);
          }
          return;
        }
        const s = relevant[i]!;
        for (let c = 0; c < s.filtered.length; c++) {
          chosen.set(s, c);
          rec(i + 1);
        }
        chosen.delete(s);
      };
      rec(0);
      if (any) survivors = found;
      else if (relevant.length) tableBroken = true;
    }
  } else if (applicable.length) {
    // Everything is pinned down by the rows: check the table identities to report a broken table.
    tableBroken = !applicable.every(
      (id) =>
        Math.abs(
          id.left.reduce((a, k) => a + (known.get(k) ?? 0), 0) -
            id.right.reduce((a, k) => a + (known.get(k) ?? 0), 0),
        ) < 1e-9,
    );
  }
  if (tableBroken && ambiguous.length)
    notes.push('连写数字的任何拆分都不满足表内勾稽关系：原文数字本身不一致，只保留确定的数');

  for (const s of states) {
    const { run, raw, filtered } = s;
    let pool: Split[];
    let how: 'forced' | 'row' | 'table' | 'broken';
    if (raw.length === 1) {
      pool = raw;
      how = 'forced';
    } else if (filtered.length === 0) {
      pool = raw;
      how = 'broken';
      notes.push(`“${run.text.trim()}”的任何拆分都不满足本行总计等于各项之和：原文数字本身不一致`);
    } else if (survivors?.has(s)) {
      pool = [...survivors.get(s)!].map((i) => filtered[i]!);
      how = 'table';
    } else {
      pool = filtered;
      how = 'row';
    }
    run.keys.forEach((k, i) => {
      const values = new Set(pool.map((sp) => sp[i]!.value));
      const first = pool[0]![i]!;
      if (values.size === 1) {
        // The same in every cut that could be the printed one.
        const allRaw = new Set(raw.map((sp) => sp[i]!.value)).size === 1;
        cells.set(k, {
          state: 'number',
          value: first.value,
          text: first.text,
          unit: first.unit,
          kind: how === 'forced' || allRaw ? 'printed' : 'inferred',
        });
        return;
      }
      const candidates = [...values].sort((a, b) => a - b);
      cells.set(k, {
        state: 'uncertain',
        candidates,
        why:
          how === 'broken'
            ? `数字连写（“${run.text.trim()}”），且原文本行不满足合计关系，可能的值：${candidates.join('、')}`
            : how === 'row' && !run.rows.some((r) => r.sumLast)
              ? // Nothing was checked: a row with no total (表二's) has no identity to choose by.
                `数字连写（“${run.text.trim()}”），有${pool.length}种拆分，本行没有勾稽关系可定取舍，可能的值：${candidates.join('、')}`
              : `数字连写（“${run.text.trim()}”），有${pool.length}种拆分都满足勾稽关系，可能的值：${candidates.join('、')}`,
      });
    });
  }
  return { cells, notes };
}

function rowsHold(s: Split, rows: readonly RunRowSpec[]): boolean {
  let c = 0;
  for (const r of rows) {
    const cells = s.slice(c, c + r.kinds.length);
    c += r.kinds.length;
    if (!r.sumLast) continue;
    const sum = cells.slice(0, -1).reduce((a, x) => a + x.value, 0);
    if (Math.abs(sum - cells[cells.length - 1]!.value) > 1e-9) return false;
  }
  return true;
}

/**
 * The column identities of 表三 (国办公开办函〔2021〕30号 / 〔2019〕60号 表三表头: 第一项加第二项之和等于第三项加第四项之和;
 * （七）总计 is the sum of the 办理结果 rows), one per applicant column and for 总计.
 */
export function t3Identities(format: FormatVersion): readonly KeyIdentity[] {
  // Built once per layout: fresh key strings per report cost every lookup of them a hash (issue 18). Callers only
  // read the list.
  const cached = T3_IDENTITIES.get(format);
  if (cached) return cached;
  const rows = LAYOUTS[format].t3Rows;
  const results = rows.filter((r) => r.result).map((r) => r.key);
  const out: KeyIdentity[] = [];
  for (const c of APPLICANT_COLUMNS) {
    const k = (row: string) => `t3.${row}.${c.key}`;
    out.push({ left: [k('received'), k('carriedOver')], right: [k('total'), k('carriedForward')] });
    out.push({ left: [k('total')], right: results.map(k) });
  }
  T3_IDENTITIES.set(format, out);
  return out;
}
const T3_IDENTITIES = new Map<FormatVersion, KeyIdentity[]>();

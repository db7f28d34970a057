// Combined tables of many reports (a 区's units, a province's counties): field-by-field sums, and the reconciliation
// of a published combined report against the sum of its units.
import { type FormatVersion, fieldDef, LAYOUTS } from '../report/layout.ts';
import { type Report, valueOf } from '../report/model.ts';

export interface Aggregate {
  /** Sum of each field over the reports that carry it. */
  readonly fields: Record<string, number>;
  readonly reports: number;
  readonly formats: Partial<Record<FormatVersion, number>>;
  /** Fields some report could not supply (unknown), with how many reports lacked them: the sum is a lower bound. */
  readonly incomplete: Record<string, number>;
}

/** 2021's three （六） rows are the 2019 layout's single （六）其他处理 row. */
const OTHER_2021 = ['other.noCorrection', 'other.feeUnpaid', 'other.other'];

export function aggregateReports(reports: Iterable<Report>, opts: { as?: FormatVersion } = {}): Aggregate {
  const fields: Record<string, number> = {};
  const incomplete: Record<string, number> = {};
  const formats: Partial<Record<FormatVersion, number>> = {};
  let n = 0;
  for (const r of reports) {
    n++;
    if (r.format) formats[r.format] = (formats[r.format] ?? 0) + 1;
    for (const [k, c] of Object.entries(r.cells)) {
      if (c.state === 'unknown') {
        incomplete[k] = (incomplete[k] ?? 0) + 1;
        continue;
      }
      add(fields, k, valueOf(r, k) ?? 0);
      // Summing 2021 reports into the 2019 layout: the split rows fold into （六）其他处理.
      if (opts.as === '2019' && r.format === '2021') {
        const m = /^t3\.(other\.[a-zA-Z]+)\.(\w+)$/.exec(k);
        if (m && OTHER_2021.includes(m[1]!)) add(fields, `t3.other.${m[2]}`, valueOf(r, k) ?? 0);
      }
    }
  }
  if (opts.as) {
    const keep = new Set(LAYOUTS[opts.as].fields.map((f) => f.key));
    for (const k of Object.keys(fields)) if (!keep.has(k)) delete fields[k];
    for (const k of keep) fields[k] ??= 0;
  }
  for (const k of Object.keys(fields)) fields[k] = round(fields[k]!);
  return { fields: ordered(fields), reports: n, formats, incomplete };
}

function add(m: Record<string, number>, k: string, v: number) {
  m[k] = (m[k] ?? 0) + v;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Layout order (2021 first, then 2019-only keys), so exports read like the tables. */
function ordered(fields: Record<string, number>): Record<string, number> {
  const order = [...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key);
  const out: Record<string, number> = {};
  for (const k of order) if (k in fields && !(k in out)) out[k] = fields[k]!;
  for (const k of Object.keys(fields)) if (!(k in out)) out[k] = fields[k]!;
  return out;
}

export interface Mismatch {
  readonly key: string;
  readonly label: string;
  readonly published: number;
  readonly sum: number;
}

/** A combined report that claims to sum its units, against the sum of the units: every differing cell. */
export function reconcile(combined: Report, units: Aggregate): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [k, c] of Object.entries(combined.cells)) {
    if (c.state === 'unknown' || !(k in units.fields)) continue;
    const published = valueOf(combined, k) ?? 0;
    const sum = units.fields[k]!;
    if (Math.abs(published - sum) > 1e-6)
      out.push({ key: k, label: fieldDef(k)?.label ?? k, published, sum });
  }
  return out;
}

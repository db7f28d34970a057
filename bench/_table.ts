// Print benchmark figures as an aligned table: each figure with its unit; a row measured several times (samples)
// shows its median, then the range of its runs and, for a row with an aim of issue 18, the verdict from the median.
import { basename } from 'node:path';
import { type Aim, aimResult, aimText, fmt, median, recordAims, spread } from './_repeat.ts';

export interface Figure {
  readonly what: string;
  /** The figure; ignored when `samples` is given (the median of the samples is printed). */
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  /** Every run's figure, when the row was measured more than once (BENCH_REPEAT). */
  readonly samples?: readonly number[];
  /** Issue 18's aim for this row (bench/_repeat.ts ISSUE_18_AIMS): the verdict is printed and recorded. */
  readonly aim?: Aim;
  /** How many reports or cases the row was measured at, for an aim set at a size (Aim.at). */
  readonly size?: number;
}

/** A row measured once or several times: the value is the median of the samples. */
export const repeated = (
  what: string,
  samples: readonly number[],
  unit: string,
  extra: { note?: string; aim?: Aim; size?: number } = {},
): Figure => ({ what, value: median(samples), unit, samples, ...extra });

export function printTable(rows: readonly Figure[]): void {
  const value = (r: Figure) => (r.samples ? median(r.samples) : r.value);
  const w = Math.max(...rows.map((r) => r.what.length), 10);
  const vw = Math.max(...rows.map((r) => fmt(value(r)).length), 5);
  const uw = Math.max(...rows.map((r) => r.unit.length));
  // The new columns (range, verdict) only where a row has them, so the older rows print as before.
  const extra = (r: Figure) =>
    [r.samples ? spread(r.samples) : '', r.aim ? aimText(r.aim, value(r), r.size) : '']
      .filter(Boolean)
      .join('; ');
  const anyExtra = rows.some((r) => extra(r));
  const ew = Math.max(...rows.map((r) => extra(r).length));
  for (const r of rows) {
    const note = r.note ? `  (${r.note})` : '';
    const cols = anyExtra ? `${r.unit.padEnd(uw)}  ${extra(r).padEnd(ew)}` : r.unit;
    console.log(`${r.what.padEnd(w)}  ${fmt(value(r)).padStart(vw)} ${cols}${note}`.trimEnd());
  }
  const bench = basename(process.argv[1] ?? '');
  recordAims(
    rows.filter((r) => r.aim).map((r) => aimResult(r.aim!, r.what, r.samples ?? [r.value], bench, r.size)),
  );
}

export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

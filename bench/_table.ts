// Print benchmark figures as an aligned table: each figure with its unit.
export interface Figure {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

export function printTable(rows: readonly Figure[]): void {
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 2));
  const w = Math.max(...rows.map((r) => r.what.length), 10);
  const vw = Math.max(...rows.map((r) => fmt(r.value).length), 5);
  for (const r of rows)
    console.log(
      `${r.what.padEnd(w)}  ${fmt(r.value).padStart(vw)} ${r.unit}${r.note ? `  (${r.note})` : ''}`,
    );
}

export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

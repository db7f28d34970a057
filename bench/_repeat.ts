// Repeated rows, their medians and issue 18's aims. On the shared 2-core machine the same code reads ±25 % apart
// between quiet runs minutes apart (docs/benchmarks.md, "Re-run at the end of session 9": the unchanged row `parse
// html, parse5 only (before)` read 331, 345, 221 and 291 files/s/core), so a row near its aim is measured
// BENCH_REPEAT times and judged by its median; the range (min–max) says how far the runs were apart.
// Pure functions and data only: the benches record their aim rows (recordAims), `npm run bench` prints the summary.
import { appendFileSync } from 'node:fs';

/** How a figure compares with its aim: "≥" for rates (more is better), "≤" for times and memory. */
export type Comparison = '≥' | '≤';

export interface Aim {
  /** Stable key, for the summary's order and the JSON. */
  readonly id: string;
  /** The row of issue 18's table this aim is from, as the issue words it. */
  readonly issueRow: string;
  readonly cmp: Comparison;
  readonly value: number;
  readonly unit: string;
  /** The size the aim is set at (100,000 reports, cases): a row measured at less gets no verdict. */
  readonly at?: { readonly n: number; readonly of: string };
}

/**
 * Issue 18's aims (/work/issues/18.md, "| what | now | aim |"), in the issue's order. Data, not code: a changed aim
 * is changed here. 1 GB is taken as 1,024 MiB (the bench prints peak RSS in MiB).
 */
export const ISSUE_18_AIMS: readonly Aim[] = [
  {
    id: 'corpus-pdf',
    issueRow: 'real published PDFs (WPS, 5–6 pages)',
    cmp: '≥',
    value: 15,
    unit: 'files/s/core',
  },
  { id: 'html', issueRow: 'HTML reports', cmp: '≥', value: 700, unit: 'files/s/core' },
  {
    id: 'ingest',
    issueRow: '`ingest` of a mixed corpus, 2 workers, incl. start-up',
    cmp: '≥',
    value: 300,
    unit: 'files/s',
  },
  {
    id: 'aggregate',
    issueRow: 'aggregate a year of 100,000 reports',
    cmp: '≤',
    value: 0.5,
    unit: 's',
    at: { n: 100_000, of: 'reports' },
  },
  {
    id: 'copy-time',
    issueRow: 'copy detection, 100,000 reports: time',
    cmp: '≤',
    value: 30,
    unit: 's',
    at: { n: 100_000, of: 'reports' },
  },
  {
    id: 'copy-rss',
    issueRow: 'copy detection, 100,000 reports: memory',
    cmp: '≤',
    value: 1024,
    unit: 'MiB',
    at: { n: 100_000, of: 'reports' },
  },
  { id: 'report-ratio', issueRow: 'public report page vs a bare Hono route', cmp: '≥', value: 30, unit: '%' },
  {
    id: 'case-list-rate',
    issueRow: 'staff case list (signed in), 100,000 cases: rate',
    cmp: '≥',
    value: 1000,
    unit: 'req/s',
    at: { n: 100_000, of: 'cases' },
  },
  {
    id: 'case-list-p99',
    issueRow: 'staff case list (signed in), 100,000 cases: p99',
    cmp: '≤',
    value: 50,
    unit: 'ms',
    at: { n: 100_000, of: 'cases' },
  },
  {
    id: 'start-new',
    issueRow: '`npm start` on a new data folder, to /health',
    cmp: '≤',
    value: 2,
    unit: 's',
  },
  { id: 'start-later', issueRow: '`npm start`, later starts', cmp: '≤', value: 1, unit: 's' },
];

export function aimById(id: string): Aim {
  const aim = ISSUE_18_AIMS.find((a) => a.id === id);
  if (!aim) throw new Error(`no aim "${id}" in ISSUE_18_AIMS`);
  return aim;
}

/** The middle value; for an even count the mean of the two middle ones. NaN for no samples. */
export function median(samples: readonly number[]): number {
  if (!samples.length) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function range(samples: readonly number[]): readonly [number, number] {
  return samples.length ? [Math.min(...samples), Math.max(...samples)] : [Number.NaN, Number.NaN];
}

/** At exactly the aim the aim is met: "≥ 700" is met by 700, "≤ 2 s" by 2 s. */
export function meets(value: number, aim: Pick<Aim, 'cmp' | 'value'>): boolean {
  return aim.cmp === '≥' ? value >= aim.value : value <= aim.value;
}

export type Verdict = 'met' | 'NOT met';
export const verdict = (value: number, aim: Pick<Aim, 'cmp' | 'value'>): Verdict =>
  meets(value, aim) ? 'met' : 'NOT met';

/**
 * BENCH_REPEAT: how many times each aim row is measured (default 3). Anything but a whole number from 1 up is an
 * error with a message naming the variable, never a silent default.
 */
export function repeatCount(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BENCH_REPEAT;
  if (raw === undefined || raw === '') return 3;
  if (!/^\s*[1-9]\d*\s*$/.test(raw))
    throw new Error(`环境变量 BENCH_REPEAT 应为正整数（如 3），收到“${raw}”`);
  return Number(raw);
}

/** The number format of the bench's tables (bench/_table.ts). */
export const fmt = (v: number): string =>
  Number.isNaN(v)
    ? '–'
    : Math.abs(v) >= 100
      ? Math.round(v).toLocaleString('en-US')
      : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);

/** "median of 3: 221–345"; nothing for a row measured once (its figure is that run's). */
export function spread(samples: readonly number[]): string {
  if (samples.length <= 1) return '';
  const [lo, hi] = range(samples);
  return `median of ${samples.length}: ${fmt(lo)}–${fmt(hi)}`;
}

/** An aim's figure as the issue writes it: 15, 0.5, 1,000. */
export const aimFigure = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 3 });

/**
 * Why a figure gets no verdict: measured at a smaller size than its aim is set at (BENCH_REPORTS, BENCH_SIM_N,
 * BENCH_CASES lowered). Such a figure says nothing about the aim, so no "met" is printed for it.
 */
export function sizeCaveat(aim: Aim, size: number | undefined): string | undefined {
  if (!aim.at || size === undefined || size >= aim.at.n) return undefined;
  return `measured at ${aimFigure(size)} ${aim.at.of}, the aim is at ${aimFigure(aim.at.n)}: no verdict`;
}

export const aimText = (aim: Aim, value: number, size?: number): string =>
  `aim ${aim.cmp} ${aimFigure(aim.value)}${aim.unit === '%' ? ' %' : ''}: ${sizeCaveat(aim, size) ?? verdict(value, aim)}`;

/** One aim row as a bench measured it: what the summary and the JSON are made of. */
export interface AimResult {
  readonly aim: string;
  readonly issueRow: string;
  /** The bench's own row name, exactly as printed. */
  readonly row: string;
  readonly bench: string;
  readonly unit: string;
  readonly samples: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly cmp: Comparison;
  readonly target: number;
  readonly verdict: Verdict;
  /** Set when the verdict does not count: the size measured is below the aim's (sizeCaveat). */
  readonly caveat?: string;
}

export function aimResult(
  aim: Aim,
  row: string,
  samples: readonly number[],
  bench = '',
  size?: number,
): AimResult {
  const m = median(samples);
  const [min, max] = range(samples);
  const caveat = sizeCaveat(aim, size);
  return {
    ...(caveat ? { caveat } : {}),
    aim: aim.id,
    issueRow: aim.issueRow,
    row,
    bench,
    unit: aim.unit,
    samples: [...samples],
    median: m,
    min,
    max,
    cmp: aim.cmp,
    target: aim.value,
    verdict: verdict(m, aim),
  };
}

/**
 * Append the aim rows to BENCH_AIMS_FILE (one JSON object a line), which `npm run bench` sets for each bench and
 * reads at the end for the summary. Without it (a bench run on its own) nothing is written.
 */
export function recordAims(results: readonly AimResult[], file = process.env.BENCH_AIMS_FILE): void {
  if (!file || !results.length) return;
  appendFileSync(file, results.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export interface Summary {
  readonly date: string;
  readonly database: string;
  readonly repeat: number;
  /** One entry per aim of issue 18, in the issue's order; `measured: false` when no bench of the run measured it. */
  readonly aims: readonly (
    | (AimResult & { readonly measured: true })
    | {
        readonly measured: false;
        readonly aim: string;
        readonly issueRow: string;
        readonly cmp: Comparison;
        readonly target: number;
        readonly unit: string;
      }
  )[];
}

/** The run's aim rows in the issue's order; an aim measured twice (it should not be) keeps its last row. */
export function summarize(
  results: readonly AimResult[],
  meta: { date: string; database: string; repeat: number },
  aims: readonly Aim[] = ISSUE_18_AIMS,
): Summary {
  return {
    ...meta,
    aims: aims.map((a) => {
      const r = results.filter((x) => x.aim === a.id).at(-1);
      return r
        ? { ...r, measured: true as const }
        : {
            measured: false as const,
            aim: a.id,
            issueRow: a.issueRow,
            cmp: a.cmp,
            target: a.value,
            unit: a.unit,
          };
    }),
  };
}

/** The summary as text lines: issue row, median, range, aim, verdict, and the bench row it comes from. */
export function formatSummary(s: Summary): string[] {
  const cells = s.aims.map((a) => {
    const unit = a.unit;
    return a.measured
      ? [
          a.issueRow,
          `${fmt(a.median)} ${unit}`,
          a.samples.length > 1 ? `${fmt(a.min)}–${fmt(a.max)} (${a.samples.length} runs)` : '1 run',
          `${a.cmp} ${aimFigure(a.target)} ${unit}`,
          a.caveat ?? a.verdict,
          `${a.bench ? `${a.bench}: ` : ''}${a.row}`,
        ]
      : [a.issueRow, '–', '–', `${a.cmp} ${aimFigure(a.target)} ${unit}`, 'not measured in this run', ''];
  });
  const head = ['what (issue 18)', 'median', 'range', 'aim', 'verdict', 'bench row'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `# summary: issue 18's aims, ${s.database}, median of BENCH_REPEAT=${s.repeat} runs, verdict from the median`,
    line(head),
    ...cells.map(line),
  ];
}

// Valid reports made up from a random source: for property tests, round trips and benchmarks. Every identity of
// the format holds by construction; the narrative quotes the tables' own totals.
import { APPLICANT_PARTS, type FormatVersion, LAYOUTS, SECTIONS, T4_GROUPS } from './layout.ts';
import { emptyReport, num, type Report } from './model.ts';

/** A deterministic PRNG (mulberry32) so a failing property prints a seed that reproduces it. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SynthOptions {
  readonly format?: FormatVersion;
  readonly year?: number;
  readonly agency?: string;
  /** Upper bound of a column's new applications. */
  readonly scale?: number;
}

const AGENCIES = ['北京市大兴区某某镇人民政府', '某某市人民政府办公室', '某某区司法局', '某某街道办事处'];

export function synthesizeReport(rand: () => number, opts: SynthOptions = {}): Report {
  const int = (max: number) => Math.floor(rand() * (max + 1));
  const format = opts.format ?? (rand() < 0.5 ? '2019' : '2021');
  const year = opts.year ?? (format === '2019' ? 2019 + int(1) : 2021 + int(4));
  const layout = LAYOUTS[format];
  const r = emptyReport(format);
  r.agency = opts.agency ?? AGENCIES[int(AGENCIES.length - 1)]!;
  r.year = year;
  const set = (k: string, v: number) => {
    r.cells[k] = num(v);
  };
  const scale = opts.scale ?? 30;

  // 表三, column by column: 一 + 二 = （七） + 四, with （七） spread over the result rows.
  const results = layout.t3Rows.filter((x) => x.result).map((x) => x.key);
  const colTotals: Record<string, number> = {};
  for (const c of APPLICANT_PARTS) {
    const heavy = c === 'naturalPerson' || rand() < 0.3;
    const received = heavy ? int(scale) : int(3);
    const carriedOver = int(Math.max(1, Math.floor(received / 4)));
    const available = received + carriedOver;
    const forward = int(Math.floor(available / 3));
    const concluded = available - forward;
    set(`t3.received.${c}`, received);
    set(`t3.carriedOver.${c}`, carriedOver);
    set(`t3.carriedForward.${c}`, forward);
    set(`t3.total.${c}`, concluded);
    const spread: Record<string, number> = Object.fromEntries(results.map((k) => [k, 0]));
    for (let i = 0; i < concluded; i++) {
      // Most applications are granted or not held; the rest spread thinly.
      const p = rand();
      const k =
        p < 0.4
          ? 'granted'
          : p < 0.55
            ? 'partiallyGranted'
            : p < 0.75
              ? 'unavailable.notHeld'
              : results[int(results.length - 1)]!;
      spread[k] = (spread[k] ?? 0) + 1;
    }
    for (const k of results) set(`t3.${k}.${c}`, spread[k]!);
  }
  for (const row of layout.t3Rows) {
    let s = 0;
    for (const c of APPLICANT_PARTS) s += (r.cells[`t3.${row.key}.${c}`] as { value: number }).value;
    set(`t3.${row.key}.total`, s);
    colTotals[row.key] = s;
  }
  // Before 2021 there was no fee rule: no application ends for an unpaid fee (国办函〔2020〕109号).
  if (year < 2021 && format === '2021') {
    for (const c of [...APPLICANT_PARTS, 'total']) {
      const k = `t3.other.feeUnpaid.${c}`;
      const v = (r.cells[k] as { value: number }).value;
      set(k, 0);
      const o = `t3.other.other.${c}`;
      set(o, (r.cells[o] as { value: number }).value + v);
    }
  }

  // 表四: each group's total is its four results.
  for (const g of T4_GROUPS) {
    const parts = [int(3), int(1), int(1), int(2)];
    ['upheld', 'corrected', 'other', 'pending'].forEach((col, i) => {
      set(`t4.${g.key}.${col}`, parts[i]!);
    });
    set(
      `t4.${g.key}.total`,
      parts.reduce((a, b) => a + b, 0),
    );
  }

  // 表二.
  for (const f of layout.fields.filter((x) => x.table === 't2')) {
    if (f.kind === 'money') set(f.key, Math.round(rand() * 500 * 10000) / 10000);
    else if (f.kind === 'delta') set(f.key, int(20) - 10);
    else set(f.key, int(f.row === 'penalty' ? 2000 : 30));
  }
  if (format === '2019')
    for (const row of ['regulations', 'normativeDocuments']) {
      const pub = (r.cells[`t2.${row}.published`] as { value: number }).value;
      set(`t2.${row}.total`, pub + int(50));
    }

  const v = (k: string) => (r.cells[k] as { value: number }).value;
  r.sections = {
    overview: `本机关${year}年收到政府信息公开申请${v('t3.received.total')}件，上年结转${v('t3.carriedOver.total')}件，办结${v('t3.total.total')}件，结转下年度继续办理${v('t3.carriedForward.total')}件。`,
    proactive: '该部分以表格形式报告。',
    requests: '该部分以表格形式报告。',
    appeals: '该部分以表格形式报告。',
    problems: '一是公开内容有待丰富。二是工作人员业务水平有待提高。',
    // An application ended for an unpaid fee had a fee notice first: the text must not say no fee was charged.
    other:
      format === '2021' && v('t3.other.feeUnpaid.total') > 0
        ? `本年度发出收费通知${v('t3.other.feeUnpaid.total')}件，申请人均逾期未缴纳。`
        : '本年度未收取信息处理费。',
  };
  void SECTIONS;
  return r;
}

// Which version of the checking rules judged a stored report: `annual_reports.rules_version`. A stored report keeps
// the findings of the rules that checked it at collection; when a rule is fixed (a hybrid 2019/2021 layout read
// right, a message reworded, a new rule), reports stored before keep their old error count until checked again
// (recheck.ts). The version must change with every change of what the rules say, and nobody must have to remember
// to change it: so it is not a constant bumped by hand but a fingerprint of the rules' behaviour —
//   - the catalogue: each rule's id, severity, title and basis (a rule added, removed, renamed or re-graded);
//   - what the rules find on a fixed corpus of reports made for it: synthetic reports of both layouts, each also
//     with cells not read, a number off by a few, a printed blank, an uncertain cell, a hybrid layout (2019 表二
//     with 2021 表三 and the reverse), last year's report beside it (the cross-year rules), a 万元 amount entered
//     in 元 — every finding's rule, severity, cells and message.
// A fix that changes any finding on the corpus changes the version by itself. RULES_EDITION is for the rare fix the
// corpus does not exercise (better: add the case to the corpus).
import { createHash } from 'node:crypto';
import { LAYOUTS } from '../domain/report/layout.ts';
import { type Report, UNKNOWN } from '../domain/report/model.ts';
import { prng, synthesizeReport } from '../domain/report/synthesize.ts';
import { checkReport, RULES, type Rule } from '../domain/rules/index.ts';

/** Bumped by hand only for a rule change the corpus below cannot see. */
export const RULES_EDITION = 1;

/** Base reports of the corpus: deterministic (seeded); 9 variants each, ~200 checks, ~0.4 s of CPU. */
const CORPUS_SIZE = 24;

function clone(r: Report): Report {
  return structuredClone(r);
}

/** The corpus: each synthetic report and its variants, with last year's report where the variant has one. */
export function rulesCorpus(): { report: Report; prev?: Report }[] {
  const out: { report: Report; prev?: Report }[] = [];
  for (let i = 0; i < CORPUS_SIZE; i++) {
    const format = i % 2 ? '2021' : '2019';
    const rand = prng(9001 + i);
    const base = synthesizeReport(rand, { format });
    const keys = LAYOUTS[format].fields.map((f) => f.key);
    const pick = () => keys[Math.floor(rand() * keys.length)]!;
    out.push({ report: base });
    const unknown = clone(base);
    for (const k of [pick(), pick()]) unknown.cells[k] = UNKNOWN;
    out.push({ report: unknown });
    const off = clone(base);
    const k = pick();
    const c = off.cells[k]!;
    off.cells[k] = {
      state: 'number',
      value: (c.state === 'number' ? c.value : 0) + 1 + Math.floor(rand() * 3),
    };
    out.push({ report: off });
    const blank = clone(base);
    blank.cells[pick()] = { state: 'blank', raw: '—' };
    out.push({ report: blank });
    const unsure = clone(base);
    unsure.uncertain[pick()] = '数字连写，拆分不唯一';
    out.push({ report: unsure });
    const hybrid = clone(base);
    hybrid.tableFormats = format === '2021' ? { t2: '2019', t3: '2021' } : { t2: '2021', t3: '2019' };
    out.push({ report: hybrid });
    const money = clone(base);
    money.cells['t2.fees.amount'] = { state: 'number', value: 251000 };
    out.push({ report: money });
    if (base.year !== null) {
      const prev = synthesizeReport(prng(7001 + i), {
        format,
        year: base.year - 1,
        agency: base.agency ?? '',
      });
      out.push({ report: base, prev });
      out.push({ report: off, prev: { ...clone(prev), agency: '另一机关' } });
    }
  }
  return out;
}

/**
 * The fingerprint of a rule set (the catalogue by default): `e<edition>-<16 hex>`. Yields to the event loop between
 * a few corpus reports when `yieldEvery` is given, so that a server computing it in the background keeps answering.
 */
export async function rulesFingerprint(
  rules: readonly Rule[] = RULES,
  opts: { yieldEvery?: number } = {},
): Promise<string> {
  const h = createHash('sha256');
  for (const r of rules) h.update(JSON.stringify([r.id, r.severity, r.title, r.basis, r.needsPrev ?? false]));
  h.update('\u0000');
  let n = 0;
  for (const { report, prev } of rulesCorpus()) {
    for (const f of checkReport(report, { prev, rules }))
      h.update(JSON.stringify([f.rule, f.severity, f.cells, f.message]));
    if (opts.yieldEvery && ++n % opts.yieldEvery === 0) await new Promise((r) => setImmediate(r));
  }
  return `e${RULES_EDITION}-${h.digest('hex').slice(0, 16)}`;
}

let memo: Promise<string> | undefined;

/**
 * The version of the rules this process checks with, computed once on first use (never on the start-up path: the
 * background recheck and the `recheck` verb ask for it; ~0.4 s of CPU, in slices).
 */
export function rulesVersion(): Promise<string> {
  memo ??= rulesFingerprint(RULES, { yieldEvery: 2 });
  return memo;
}

// The rule catalogue and the engine that runs it. `RULES` is the list a user can read (`gongkai check --rules`).

import type { Report } from '../report/model.ts';
import { cellBlank, cellNumber, cellUncertain, cellUnknown } from './cells.ts';
import { carryOver, copiedText, prevYear, sameNumbers, stockFlow } from './cross-year.ts';
import { feeUnpaidVsNoFee, labelOfficial, narrativeApplicants, narrativeT4Upheld } from './faults.ts';
import { IDENTITY_RULES, identityRule } from './identities.ts';
import { narrativeSubcounts, narrativeVsTables } from './narrative.ts';
import {
  feeUnpaidBefore2021,
  layoutYear,
  metaPresent,
  sectionsPresent,
  t2PublishedWithinTotal,
  wanYuanUnit,
} from './structure.ts';
import { type CheckOptions, DEFAULT_OPTIONS, type Finding, type Rule } from './types.ts';

export type { Basis, CheckOptions, Finding, Rule, Severity } from './types.ts';

export const RULES: readonly Rule[] = [
  ...IDENTITY_RULES.map(identityRule),
  cellUnknown,
  cellNumber,
  cellBlank,
  cellUncertain,
  layoutYear,
  feeUnpaidBefore2021,
  wanYuanUnit,
  t2PublishedWithinTotal,
  sectionsPresent,
  metaPresent,
  narrativeVsTables,
  narrativeSubcounts,
  narrativeApplicants,
  narrativeT4Upheld,
  feeUnpaidVsNoFee,
  labelOfficial,
  carryOver,
  stockFlow,
  copiedText,
  sameNumbers,
  prevYear,
];

export function checkReport(
  report: Report,
  opts: { prev?: Report | undefined; options?: Partial<CheckOptions>; rules?: readonly Rule[] } = {},
): Finding[] {
  // Last year's report of another agency says nothing about this one's stocks: warn, and compare nothing.
  const otherAgency =
    opts.prev !== undefined && !sameAgency(report.agency, opts.prev.agency) ? opts.prev.agency : null;
  const prev = opts.prev;
  const ctx = { report, prev, options: { ...DEFAULT_OPTIONS, ...opts.options } };
  const out: Finding[] = [];
  if (otherAgency)
    out.push({
      rule: 'prev.agency',
      severity: 'warning',
      cells: [],
      message: `对比用的上年报告属于“${otherAgency}”，不是“${report.agency}”：不同机关之间不比较结转和存量`,
    });
  for (const rule of opts.rules ?? RULES) {
    if (rule.needsPrev && !prev) continue;
    if (otherAgency && STOCK_RULES.has(rule.id)) continue;
    out.push(...rule.evaluate(ctx));
  }
  // Errors first, then warnings; within each, in catalogue order.
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** Rules that compare one agency's stocks and carry-overs with its own year before. */
const STOCK_RULES = new Set(['prev.carry-over', 'prev.stock-flow']);

/** Agencies are the same when both are named and equal after spaces and brackets; an unnamed one is not contested. */
function sameAgency(a: string | null, b: string | null): boolean {
  if (!a || !b) return true;
  const norm = (s: string) => s.replace(/[\s（）()《》]/g, '');
  return norm(a) === norm(b);
}

export const hasErrors = (findings: readonly Finding[]) => findings.some((f) => f.severity === 'error');

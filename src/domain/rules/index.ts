// The rule catalogue and the engine that runs it. `RULES` is the list a user can read (`gongkai check --rules`).

import type { Report } from '../report/model.ts';
import { cellBlank, cellNumber, cellUncertain, cellUnknown } from './cells.ts';
import { carryOver, copiedText, prevYear, sameNumbers, stockFlow } from './cross-year.ts';
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
  const ctx = { report, prev: opts.prev, options: { ...DEFAULT_OPTIONS, ...opts.options } };
  const out: Finding[] = [];
  for (const rule of opts.rules ?? RULES) {
    if (rule.needsPrev && !opts.prev) continue;
    out.push(...rule.evaluate(ctx));
  }
  // Errors first, then warnings; within each, in catalogue order.
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

export const hasErrors = (findings: readonly Finding[]) => findings.some((f) => f.severity === 'error');

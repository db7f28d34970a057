// Consistency rules as data: each has a stable id, a severity, a Chinese title, its basis, and an evaluator that
// names the cells involved. A change of the official format is a change of this data, not of the engine.
import type { Report } from '../report/model.ts';

export type Severity = 'error' | 'warning';

export type BasisKind = 'official' | 'implied' | 'tiaoli' | 'heuristic';

export interface Basis {
  readonly kind: BasisKind;
  /** Where the rule comes from, in Chinese: "国办公开办函〔2021〕30号 表三表头", "《条例》第五十条". */
  readonly ref: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly cells: readonly string[];
  readonly message: string;
}

export interface CheckContext {
  readonly report: Report;
  /** Last year's report of the same agency, for the cross-year rules. */
  readonly prev?: Report | undefined;
  readonly options: CheckOptions;
}

export interface CheckOptions {
  /** Share of a section's sentences repeated from last year above which it is flagged (0–1). */
  readonly similarityThreshold: number;
  /** A 万元 amount at or above this looks like it was entered in yuan. */
  readonly wanYuanSuspect: number;
  /** The same year's 万元 amounts of peer agencies (same level), when the caller has them: 100× their median is suspect. */
  readonly peerAmounts?: readonly number[];
}

// 10 亿元 (100,000 万元): more than a prefecture-level city's 行政事业性收费 seen in the corpus (淮安市 2024: 9.6 亿),
// and what 251,000 元 entered in the 万元 column becomes (25 亿).
export const DEFAULT_OPTIONS: CheckOptions = { similarityThreshold: 0.6, wanYuanSuspect: 100000 };

export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly basis: Basis;
  /** Whether the rule needs last year's report. */
  readonly needsPrev?: boolean;
  evaluate(ctx: CheckContext): Finding[];
}

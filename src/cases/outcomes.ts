// The outcomes of an application as data: each is one 表三 result row (fields.md) with the article of 《条例》 a
// reply relies on (../shared/domain/01-procedure-rules-2019-tiaoli.md §7). A concluded case has exactly one; a
// partly disclosed request is counted only as 部分公开 (表三 （二）: 区分处理的，只计这一情形，不计其他情形).

import { OUTCOMES } from '../db/schema/vocabulary.ts';
import type { FormatVersion } from '../domain/report/layout.ts';
import { LAYOUTS } from '../domain/report/layout.ts';
import { isOutcomeRow, OUTCOMES as OUTCOMES_TABLE } from '../letters/outcomes.ts';

export interface OutcomeDef {
  /** 表三 row key (2021 layout). */
  readonly key: string;
  /** The row's label as the 2021 layout prints it, with its group: "（三）不予公开 1.属于国家秘密". */
  readonly label: string;
  /** The legal basis a reply with this outcome cites by default; null where the 《条例》 has no dedicated article. */
  readonly basis: string | null;
  /** How the case reaches this outcome: a reply, or one of the clock's closing events. */
  readonly via: 'reply' | 'withdrawal' | 'abandonedCorrection' | 'abandonedFee';
}

// The article each outcome relies on is kept once, in the letters' table (src/letters/outcomes.ts): the 答复书 cites
// it and the case records it, so the two can never differ. The default is the citation that needs no extra fact.
const VIA: Partial<Record<string, OutcomeDef['via']>> = {
  'other.noCorrection': 'abandonedCorrection',
  'other.feeUnpaid': 'abandonedFee',
};

const defaultBasis = (key: string): string | null => {
  if (!isOutcomeRow(key)) throw new Error(`outcome ${key} is not a 表三 row of the letters' table`);
  return OUTCOMES_TABLE[key].articles.find((a) => a.when === undefined)?.cite ?? null;
};

function rowLabel(key: string): string {
  const row = LAYOUTS['2021'].t3Rows.find((r) => r.key === key)!;
  const group = row.groups.length > 1 ? row.groups.at(-1)! : '';
  return `${group}${group ? ' ' : ''}${row.label.replace(/（区分处理的.*）$/, '')}`;
}

export const OUTCOME_DEFS: ReadonlyMap<string, OutcomeDef> = new Map(
  OUTCOMES.map((key) => {
    return [
      key,
      Object.freeze({ key, label: rowLabel(key), basis: defaultBasis(key), via: VIA[key] ?? 'reply' }),
    ];
  }),
);

/** The outcome a withdrawal is counted as unless the officer says otherwise. */
export const WITHDRAWAL_OUTCOME = 'other.other';

/** The 表三 row a 2021-vocabulary outcome is counted in under `format` (2019 folds 其他处理 into one row). */
export function outcomeRow(outcome: string, format: FormatVersion): string {
  return format === '2019' && outcome.startsWith('other.') ? 'other' : outcome;
}

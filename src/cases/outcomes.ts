// The outcomes of an application as data: each is one 表三 result row (fields.md) with the article of 《条例》 a
// reply relies on (../shared/domain/01-procedure-rules-2019-tiaoli.md §7). A concluded case has exactly one; a
// partly disclosed request is counted only as 部分公开 (表三 （二）: 区分处理的，只计这一情形，不计其他情形).

import { OUTCOMES } from '../db/schema/vocabulary.ts';
import type { FormatVersion } from '../domain/report/layout.ts';
import { LAYOUTS } from '../domain/report/layout.ts';

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

const B = (s: string) => `《中华人民共和国政府信息公开条例》${s}`;

const BASIS: Record<string, { basis: string | null; via?: OutcomeDef['via'] }> = {
  granted: { basis: B('第三十六条第（二）项') },
  partiallyGranted: { basis: B('第三十七条') },
  'withheld.stateSecret': { basis: B('第十四条、第三十六条第（三）项') },
  'withheld.prohibitedByLaw': { basis: B('第十四条、第三十六条第（三）项') },
  'withheld.securityStability': { basis: B('第十四条、第三十六条第（三）项') },
  'withheld.thirdPartyRights': { basis: B('第十五条、第三十二条、第三十六条第（三）项') },
  'withheld.internalAffairs': { basis: B('第十六条第一款、第三十六条第（三）项') },
  'withheld.deliberative': { basis: B('第十六条第二款、第三十六条第（三）项') },
  'withheld.enforcementFiles': { basis: B('第十六条第二款、第三十六条第（三）项') },
  // [DERIVED] 工商、不动产登记资料等 → 依照有关法律、行政法规办理.
  'withheld.inquiryMatters': { basis: B('第三十六条第（七）项') },
  'unavailable.notHeld': { basis: B('第三十六条第（四）项') },
  'unavailable.needsCreation': { basis: B('第三十八条') },
  'unavailable.unclearAfterCorrection': { basis: B('第三十条') },
  'declined.complaint': { basis: B('第三十九条第一款') },
  'declined.duplicate': { basis: B('第三十六条第（六）项') },
  'declined.publication': { basis: B('第三十九条第二款') },
  'declined.excessive': { basis: B('第三十五条') },
  // A row created by the report format; no article of the 《条例》 deals with it.
  'declined.confirmation': { basis: null },
  'other.noCorrection': { basis: B('第三十条'), via: 'abandonedCorrection' },
  'other.feeUnpaid': {
    basis: `${B('第四十二条')}、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）`,
    via: 'abandonedFee',
  },
  // Withdrawals are counted here by common practice [DERIVED]; any other conclusion the rows do not name, too.
  'other.other': { basis: null },
};

function rowLabel(key: string): string {
  const row = LAYOUTS['2021'].t3Rows.find((r) => r.key === key)!;
  const group = row.groups.length > 1 ? row.groups.at(-1)! : '';
  return `${group}${group ? ' ' : ''}${row.label.replace(/（区分处理的.*）$/, '')}`;
}

export const OUTCOME_DEFS: ReadonlyMap<string, OutcomeDef> = new Map(
  OUTCOMES.map((key) => {
    const b = BASIS[key];
    if (!b) throw new Error(`outcome ${key} has no basis entry`);
    return [key, Object.freeze({ key, label: rowLabel(key), basis: b.basis, via: b.via ?? 'reply' })];
  }),
);

/** The outcome a withdrawal is counted as unless the officer says otherwise. */
export const WITHDRAWAL_OUTCOME = 'other.other';

/** The 表三 row a 2021-vocabulary outcome is counted in under `format` (2019 folds 其他处理 into one row). */
export function outcomeRow(outcome: string, format: FormatVersion): string {
  return format === '2019' && outcome.startsWith('other.') ? 'other' : outcome;
}

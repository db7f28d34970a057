// The outcomes of an 依申请公开 case as data: one per 办理结果 row of 表三 in the 2021 format (国办公开办函〔2021〕30号),
// each with the article of 《中华人民共和国政府信息公开条例》(2019) its 答复书 cites. The mapping row → article follows
// ../shared/domain/01-procedure-rules-2019-tiaoli.md §7; where that file marks it [DERIVED] the entry carries a
// `note` the UI shows, and every citation can be overridden per case (`outcome.article`) or per template.
import { LAYOUTS } from '../domain/report/layout.ts';

export const OUTCOME_ROWS = [
  'granted',
  'partiallyGranted',
  'withheld.stateSecret',
  'withheld.prohibitedByLaw',
  'withheld.securityStability',
  'withheld.thirdPartyRights',
  'withheld.internalAffairs',
  'withheld.deliberative',
  'withheld.enforcementFiles',
  'withheld.inquiryMatters',
  'unavailable.notHeld',
  'unavailable.needsCreation',
  'unavailable.unclearAfterCorrection',
  'declined.complaint',
  'declined.duplicate',
  'declined.publication',
  'declined.excessive',
  'declined.confirmation',
  'other.noCorrection',
  'other.feeUnpaid',
  'other.other',
] as const;
export type OutcomeRow = (typeof OUTCOME_ROWS)[number];

export const isOutcomeRow = (s: unknown): s is OutcomeRow =>
  typeof s === 'string' && (OUTCOME_ROWS as readonly string[]).includes(s);

/** One citation an outcome may take; `when` names a placeholder whose presence in the case data selects it. */
export interface OutcomeArticle {
  readonly cite: string;
  readonly when?: string;
}

export interface OutcomeSpec {
  readonly row: OutcomeRow;
  /** The 表三 label with its group: "（三）不予公开 · 1.属于国家秘密". */
  readonly label: string;
  /** The first whose `when` is present (or that has none) is cited; an empty list means the case must supply it. */
  readonly articles: readonly OutcomeArticle[];
  /** Why the citation is a reading rather than the text (shown to the officer; Chinese). */
  readonly note?: string;
}

const T = '《中华人民共和国政府信息公开条例》';

/** The 表三 label of a result row, with its group cell ("（三）不予公开 · 1.属于国家秘密"). */
function rowLabel(row: OutcomeRow): string {
  const r = LAYOUTS['2021'].t3Rows.find((x) => x.key === row);
  if (!r) throw new Error(`layout.ts has no 表三 row ${row}`);
  const short = r.label.replace(/（区分处理的.*）$/, '');
  return r.groups.length > 1 ? `${r.groups[r.groups.length - 1]} · ${short}` : short;
}

const SPECS: Record<OutcomeRow, Omit<OutcomeSpec, 'row' | 'label'>> = {
  // 第三十六条第（一）项 (already published: tell where) and 第（二）项 (provide it) both count as （一）予以公开.
  granted: {
    articles: [
      { cite: `${T}第三十六条第（一）项`, when: 'outcome.publishedAt' },
      { cite: `${T}第三十六条第（二）项` },
    ],
  },
  // 第三十七条 区分处理; a partly disclosed request counts only here (表三 row note).
  partiallyGranted: { articles: [{ cite: `${T}第三十七条` }] },
  // 第十四条: 国家秘密 / 法律、行政法规禁止公开 / 危及“三安全一稳定”; 第三十六条第（三）项: tell and give reasons.
  'withheld.stateSecret': { articles: [{ cite: `${T}第十四条、第三十六条第（三）项` }] },
  'withheld.prohibitedByLaw': { articles: [{ cite: `${T}第十四条、第三十六条第（三）项` }] },
  'withheld.securityStability': { articles: [{ cite: `${T}第十四条、第三十六条第（三）项` }] },
  // 第十五条: 商业秘密、个人隐私等第三方合法权益 (after consulting the third party under 第三十二条 where required).
  'withheld.thirdPartyRights': { articles: [{ cite: `${T}第十五条、第三十六条第（三）项` }] },
  // 第十六条第一款: 人事管理、后勤管理、内部工作流程.
  'withheld.internalAffairs': { articles: [{ cite: `${T}第十六条第一款、第三十六条第（三）项` }] },
  // 第十六条第二款: 讨论记录、过程稿、磋商信函、请示报告 and 行政执法案卷 share one paragraph.
  'withheld.deliberative': { articles: [{ cite: `${T}第十六条第二款、第三十六条第（三）项` }] },
  'withheld.enforcementFiles': { articles: [{ cite: `${T}第十六条第二款、第三十六条第（三）项` }] },
  // [DERIVED] 01-…md §7 maps 第三十六条第（七）项 (工商、不动产登记资料等有特别规定) to 8.属于行政查询事项.
  'withheld.inquiryMatters': {
    articles: [{ cite: `${T}第三十六条第（七）项` }],
    note: '“行政查询事项”与第三十六条第（七）项的对应是实践中的理解，条例未明文规定；请按本机关口径核对。',
  },
  // 第三十六条第（四）项 (经检索没有) and 第（五）项 (不属于本机关负责公开) — [DERIVED] both counted as 1.本机关不掌握.
  'unavailable.notHeld': {
    articles: [
      { cite: `${T}第三十六条第（五）项`, when: 'outcome.notResponsible' },
      { cite: `${T}第三十六条第（四）项` },
    ],
    note: '“不属于本机关负责公开”（第三十六条第（五）项）计入“本机关不掌握相关政府信息”是实践中的理解。',
  },
  // 第三十八条: information that needs 加工、分析 may be refused.
  'unavailable.needsCreation': { articles: [{ cite: `${T}第三十八条` }] },
  // [DERIVED] The 条例 says nothing of a request still unclear after 补正; 第三十条 is the article on 补正.
  'unavailable.unclearAfterCorrection': {
    articles: [{ cite: `${T}第三十条` }],
    note: '条例未明文规定补正后仍不明确的处理，此处引用第三十条（补正）；请按本机关口径核对。',
  },
  // 第三十九条第一款: 信访、投诉、举报 in the form of an application.
  'declined.complaint': { articles: [{ cite: `${T}第三十九条第一款` }] },
  // 第三十六条第（六）项: 重复申请 → 不予重复处理.
  'declined.duplicate': { articles: [{ cite: `${T}第三十六条第（六）项` }] },
  // 第三十九条第二款: 政府公报、报刊、书籍等公开出版物.
  'declined.publication': { articles: [{ cite: `${T}第三十九条第二款` }] },
  // 第三十五条: 数量、频次明显超过合理范围 and the reasons given are unreasonable → 不予处理.
  'declined.excessive': { articles: [{ cite: `${T}第三十五条` }] },
  // [UNCERTAIN] No article deals with requests to confirm or re-issue information already obtained (the row was
  // created by the report format); 第二条 (the definition of 政府信息) is the reading agencies most often give.
  // No default, so that no case silently cites a reading: the officer states the article (the sample data shows 第二条).
  'declined.confirmation': {
    articles: [],
    note: '条例没有专门条款规定“要求确认或重新出具已获取信息”，常见做法是引用第二条（政府信息的定义）；答复书须由经办人写明所依据的条款。',
  },
  // 第三十条: 无正当理由逾期不补正 → 视为放弃申请，不再处理.
  'other.noCorrection': { articles: [{ cite: `${T}第三十条` }] },
  // 第四十二条 and 国办函〔2020〕109号: fee not paid within 20 working days → 视为放弃申请.
  'other.feeUnpaid': {
    articles: [{ cite: `${T}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）` }],
  },
  // Anything else: the officer states the article.
  'other.other': {
    articles: [],
    note: '“其他处理”没有默认依据，答复书须由经办人填写所依据的条款。',
  },
};

export const OUTCOMES: Readonly<Record<OutcomeRow, OutcomeSpec>> = Object.freeze(
  Object.fromEntries(
    OUTCOME_ROWS.map((row) => [row, Object.freeze({ row, label: rowLabel(row), ...SPECS[row] })]),
  ) as Record<OutcomeRow, OutcomeSpec>,
);

/** The citation for `row` given which placeholders the case data supplies; undefined when none applies. */
export function outcomeArticle(row: OutcomeRow, has: (placeholder: string) => boolean): string | undefined {
  return OUTCOMES[row].articles.find((a) => a.when === undefined || has(a.when))?.cite;
}

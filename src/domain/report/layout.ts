// The two official layouts of the annual report's tables, as data.
// Source: 国办公开办函〔2019〕60号 (试行, reports for 2019 and 2020) and 国办公开办函〔2021〕30号 (reports for 2021 on);
// see ../shared/domain/03-annual-report-format.md. Field keys follow ../shared/domain/fields.md exactly: they are
// the project's vocabulary in the model, the exports, the API and the tests.

export type FormatVersion = '2019' | '2021';
export const FORMATS: readonly FormatVersion[] = ['2019', '2021'];

export type TableId = 't2' | 't3' | 't4';

/** What kind of quantity a cell holds: a count (non-negative integer), a signed change, or money (decimal). */
export type CellKind = 'count' | 'delta' | 'money';

export interface FieldDef {
  readonly key: string;
  readonly table: TableId;
  /** Row key within the table (e.g. `withheld.stateSecret`, `regulations`, `review`). */
  readonly row: string;
  readonly rowLabel: string;
  /** Column key (e.g. `naturalPerson`, `issued`, `upheld`). */
  readonly column: string;
  readonly columnLabel: string;
  /** Full Chinese label, for messages: "表三 （二）部分公开 · 自然人". */
  readonly label: string;
  readonly unit: string;
  readonly kind: CellKind;
}

// ---------------------------------------------------------------- table 三

export const APPLICANT_COLUMNS = [
  { key: 'naturalPerson', label: '自然人', group: null },
  { key: 'commercial', label: '商业企业', group: '法人或其他组织' },
  { key: 'research', label: '科研机构', group: '法人或其他组织' },
  { key: 'nonprofit', label: '社会公益组织', group: '法人或其他组织' },
  { key: 'legalService', label: '法律服务机构', group: '法人或其他组织' },
  { key: 'otherOrg', label: '其他', group: '法人或其他组织' },
  { key: 'total', label: '总计', group: null },
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number]['key'];
/** The six applicant columns that add up to 总计. */
export const APPLICANT_PARTS: readonly ApplicantColumn[] = APPLICANT_COLUMNS.filter(
  (c) => c.key !== 'total',
).map((c) => c.key);

export interface T3Row {
  readonly key: string;
  /** Label as printed in the leaf cell. */
  readonly label: string;
  /** The merged group cell above it, when any: 三、本年度办理结果 → （三）不予公开 → 1.属于国家秘密. */
  readonly groups: readonly string[];
  /** Whether the row is one of the 办理结果 rows that add up to （七）总计. */
  readonly result: boolean;
}

const R = '三、本年度办理结果';
const W = '（三）不予公开';
const U = '（四）无法提供';
const D = '（五）不予处理';
const O = '（六）其他处理';

const T3_HEAD: readonly T3Row[] = [
  { key: 'received', label: '一、本年新收政府信息公开申请数量', groups: [], result: false },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', groups: [], result: false },
  { key: 'granted', label: '（一）予以公开', groups: [R], result: true },
  {
    key: 'partiallyGranted',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    groups: [R],
    result: true,
  },
  { key: 'withheld.stateSecret', label: '1.属于国家秘密', groups: [R, W], result: true },
  { key: 'withheld.prohibitedByLaw', label: '2.其他法律行政法规禁止公开', groups: [R, W], result: true },
  { key: 'withheld.securityStability', label: '3.危及“三安全一稳定”', groups: [R, W], result: true },
  { key: 'withheld.thirdPartyRights', label: '4.保护第三方合法权益', groups: [R, W], result: true },
  { key: 'withheld.internalAffairs', label: '5.属于三类内部事务信息', groups: [R, W], result: true },
  { key: 'withheld.deliberative', label: '6.属于四类过程性信息', groups: [R, W], result: true },
  { key: 'withheld.enforcementFiles', label: '7.属于行政执法案卷', groups: [R, W], result: true },
  { key: 'withheld.inquiryMatters', label: '8.属于行政查询事项', groups: [R, W], result: true },
  { key: 'unavailable.notHeld', label: '1.本机关不掌握相关政府信息', groups: [R, U], result: true },
  { key: 'unavailable.needsCreation', label: '2.没有现成信息需要另行制作', groups: [R, U], result: true },
  {
    key: 'unavailable.unclearAfterCorrection',
    label: '3.补正后申请内容仍不明确',
    groups: [R, U],
    result: true,
  },
  { key: 'declined.complaint', label: '1.信访举报投诉类申请', groups: [R, D], result: true },
  { key: 'declined.duplicate', label: '2.重复申请', groups: [R, D], result: true },
  { key: 'declined.publication', label: '3.要求提供公开出版物', groups: [R, D], result: true },
  { key: 'declined.excessive', label: '4.无正当理由大量反复申请', groups: [R, D], result: true },
  {
    key: 'declined.confirmation',
    label: '5.要求行政机关确认或重新出具已获取信息',
    groups: [R, D],
    result: true,
  },
];

const T3_OTHER_2021: readonly T3Row[] = [
  {
    key: 'other.noCorrection',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    groups: [R, O],
    result: true,
  },
  {
    key: 'other.feeUnpaid',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    groups: [R, O],
    result: true,
  },
  { key: 'other.other', label: '3.其他', groups: [R, O], result: true },
];
const T3_OTHER_2019: readonly T3Row[] = [
  { key: 'other', label: '（六）其他处理', groups: [R], result: true },
];

const T3_TAIL: readonly T3Row[] = [
  { key: 'total', label: '（七）总计', groups: [R], result: false },
  { key: 'carriedForward', label: '四、结转下年度继续办理', groups: [], result: false },
];

export const T3_HEADER_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

// ---------------------------------------------------------------- table 二

export interface T2Column {
  readonly key: string;
  readonly label: string;
  readonly kind: CellKind;
  readonly unit: string;
}
export interface T2Block {
  /** 第二十条第（一）项 etc.: the article of 《条例》 the block reports on. */
  readonly article: string;
  readonly columns: readonly T2Column[];
  readonly rows: readonly { readonly key: string; readonly label: string }[];
}

const count = (key: string, label: string, unit = '件'): T2Column => ({ key, label, kind: 'count', unit });

const T2_2021: readonly T2Block[] = [
  {
    article: '第二十条第（一）项',
    columns: [
      count('issued', '本年制发件数'),
      count('repealed', '本年废止件数'),
      count('inForce', '现行有效件数'),
    ],
    rows: [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocuments', label: '行政规范性文件' },
    ],
  },
  {
    article: '第二十条第（五）项',
    columns: [count('decisions', '本年处理决定数量')],
    rows: [{ key: 'licensing', label: '行政许可' }],
  },
  {
    article: '第二十条第（六）项',
    columns: [count('decisions', '本年处理决定数量')],
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    article: '第二十条第（八）项',
    columns: [{ key: 'amount', label: '本年收费金额（单位：万元）', kind: 'money', unit: '万元' }],
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
];

const PREV_CHANGE_DECISIONS: readonly T2Column[] = [
  count('previous', '上一年项目数量', '项'),
  { key: 'change', label: '本年增/减', kind: 'delta', unit: '项' },
  count('decisions', '处理决定数量'),
];

const T2_2019: readonly T2Block[] = [
  {
    article: '第二十条第（一）项',
    columns: [
      count('made', '本年新制作数量'),
      count('published', '本年新公开数量'),
      count('total', '对外公开总数量'),
    ],
    rows: [
      { key: 'regulations', label: '规章' },
      { key: 'normativeDocuments', label: '规范性文件' },
    ],
  },
  {
    article: '第二十条第（五）项',
    columns: PREV_CHANGE_DECISIONS,
    rows: [
      { key: 'licensing', label: '行政许可' },
      { key: 'otherServices', label: '其他对外管理服务事项' },
    ],
  },
  {
    article: '第二十条第（六）项',
    columns: PREV_CHANGE_DECISIONS,
    rows: [
      { key: 'penalty', label: '行政处罚' },
      { key: 'coercion', label: '行政强制' },
    ],
  },
  {
    article: '第二十条第（八）项',
    columns: PREV_CHANGE_DECISIONS.slice(0, 2),
    rows: [{ key: 'fees', label: '行政事业性收费' }],
  },
  {
    article: '第二十条第（九）项',
    columns: [
      count('projects', '采购项目数量', '项'),
      { key: 'amount', label: '采购总金额（万元）', kind: 'money', unit: '万元' },
    ],
    rows: [{ key: 'procurement', label: '政府集中采购' }],
  },
];

// ---------------------------------------------------------------- table 四

export const T4_GROUPS = [
  { key: 'review', label: '行政复议' },
  { key: 'litigation.direct', label: '行政诉讼 · 未经复议直接起诉' },
  { key: 'litigation.afterReview', label: '行政诉讼 · 复议后起诉' },
] as const;
export const T4_COLUMNS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;

// ---------------------------------------------------------------- sections

export const SECTIONS = [
  { key: 'overview', ordinal: '一', title: '总体情况' },
  { key: 'proactive', ordinal: '二', title: '主动公开政府信息情况' },
  { key: 'requests', ordinal: '三', title: '收到和处理政府信息公开申请情况' },
  { key: 'appeals', ordinal: '四', title: '政府信息公开行政复议、行政诉讼情况' },
  { key: 'problems', ordinal: '五', title: '存在的主要问题及改进情况' },
  { key: 'other', ordinal: '六', title: '其他需要报告的事项' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

// ---------------------------------------------------------------- the assembled layout

export interface Layout {
  readonly format: FormatVersion;
  readonly document: string;
  readonly t2: readonly T2Block[];
  readonly t3Rows: readonly T3Row[];
  readonly fields: readonly FieldDef[];
  readonly byKey: ReadonlyMap<string, FieldDef>;
}

function t2Fields(blocks: readonly T2Block[]): FieldDef[] {
  const out: FieldDef[] = [];
  for (const b of blocks)
    for (const r of b.rows)
      for (const c of b.columns)
        out.push({
          key: `t2.${r.key}.${c.key}`,
          table: 't2',
          row: r.key,
          rowLabel: r.label,
          column: c.key,
          columnLabel: c.label,
          label: `表二 ${r.label} · ${c.label}`,
          unit: c.unit,
          kind: c.kind,
        });
  return out;
}

function t3Fields(rows: readonly T3Row[]): FieldDef[] {
  const out: FieldDef[] = [];
  for (const r of rows) {
    const group = r.groups.length > 1 ? `${r.groups[r.groups.length - 1]} ` : '';
    const short = r.label.replace(/（区分处理的.*）$/, '');
    for (const c of APPLICANT_COLUMNS)
      out.push({
        key: `t3.${r.key}.${c.key}`,
        table: 't3',
        row: r.key,
        rowLabel: r.label,
        column: c.key,
        columnLabel: c.label,
        label: `表三 ${group}${short} · ${c.group ? `${c.group}·` : ''}${c.label}`,
        unit: '件',
        kind: 'count',
      });
  }
  return out;
}

function t4Fields(): FieldDef[] {
  const out: FieldDef[] = [];
  for (const g of T4_GROUPS)
    for (const c of T4_COLUMNS)
      out.push({
        key: `t4.${g.key}.${c.key}`,
        table: 't4',
        row: g.key,
        rowLabel: g.label,
        column: c.key,
        columnLabel: c.label,
        label: `表四 ${g.label} · ${c.label}`,
        unit: '件',
        kind: 'count',
      });
  return out;
}

function makeLayout(format: FormatVersion): Layout {
  const t2 = format === '2021' ? T2_2021 : T2_2019;
  const t3Rows = [...T3_HEAD, ...(format === '2021' ? T3_OTHER_2021 : T3_OTHER_2019), ...T3_TAIL];
  const fields = Object.freeze([...t2Fields(t2), ...t3Fields(t3Rows), ...t4Fields()]);
  return Object.freeze({
    format,
    document:
      format === '2021'
        ? '国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》'
        : '国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》',
    t2,
    t3Rows,
    fields,
    byKey: new Map(fields.map((f) => [f.key, f])),
  });
}

export const LAYOUTS: Readonly<Record<FormatVersion, Layout>> = Object.freeze({
  '2019': makeLayout('2019'),
  '2021': makeLayout('2021'),
});

/** Every key of either layout, with its definition (the first layout defining it wins for labels). */
export const ALL_FIELDS: ReadonlyMap<string, FieldDef> = (() => {
  const m = new Map<string, FieldDef>();
  for (const f of [...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields]) if (!m.has(f.key)) m.set(f.key, f);
  return m;
})();

export function fieldDef(key: string): FieldDef | undefined {
  return ALL_FIELDS.get(key);
}

/** The layout the official formats prescribe for a report year: 2019/2020 → 2019 试行, 2021 on → 2021. */
export function expectedFormat(year: number): FormatVersion {
  return year <= 2020 ? '2019' : '2021';
}

export const t3Key = (row: string, col: ApplicantColumn): string => `t3.${row}.${col}`;
export const t4Key = (group: string, col: string): string => `t4.${group}.${col}`;

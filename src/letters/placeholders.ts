// The placeholders a template may use, as data: name, Chinese description, which letters may use it, and how its
// value is read from LetterData. This list is the whole vocabulary of templates: validateTemplate() refuses any
// other name, so an administrator's typo is caught when the template is saved, not when a letter goes out.
import { RECEIPT_CHANNELS } from '../domain/clock/index.ts';
import { APPLICANT_COLUMNS } from '../domain/report/layout.ts';
import type { LetterData } from './data.ts';
import { cleanText, formatDate, prose, rmbUpper } from './format.ts';
import { LETTER_KINDS, type LetterKind, outcomeOfKind } from './kinds.ts';
import { outcomeArticle } from './outcomes.ts';

/** A value is a phrase, or a list (one paragraph per item when the placeholder stands alone in a paragraph). */
export type PlaceholderValue = string | readonly string[];

/** Which letters a placeholder belongs to: every letter, every 答复书, or the kinds listed. */
export type PlaceholderScope = 'all' | 'reply' | readonly LetterKind[];

export interface PlaceholderDef {
  readonly name: string;
  readonly label: string;
  readonly scope: PlaceholderScope;
  readonly list?: boolean;
  readonly value: (d: LetterData, kind: LetterKind) => PlaceholderValue | undefined;
}

const opt = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const v = prose(s);
  return v === '' ? undefined : v;
};
const optDate = (s: string | undefined) => (s === undefined ? undefined : formatDate(s));
/** A date the clock computed: “（暂定）” after it when its year has no State Council notice yet (data.ts). */
const computedDate = (d: LetterData, s: string | undefined) =>
  s === undefined ? undefined : `${formatDate(s)}${d.dates.provisional?.includes(s) ? '（暂定）' : ''}`;
const UNIT = { pages: '页', applications: '件' } as const;
const CN_ORDINALS = '一二三四五六七八九十';

/** （一）…（十）, then （11）: letters rarely list more than ten items. */
export const ordinal = (i: number): string => `（${i < 10 ? CN_ORDINALS[i] : String(i + 1)}）`;

const applicantTypeLabel = (type: string) => APPLICANT_COLUMNS.find((c) => c.key === type)?.label ?? type;

/** “您” to a person, “贵单位” to an organisation — the form of address official letters use. */
const you = (d: LetterData) => (d.applicant.type === 'naturalPerson' ? '您' : '贵单位');

const defs: PlaceholderDef[] = [
  // ------------------------------------------------------------------ every letter
  { name: 'agency.name', label: '发文机关名称', scope: 'all', value: (d) => opt(d.agency.name) },
  { name: 'agency.office', label: '政府信息公开工作机构', scope: 'all', value: (d) => opt(d.agency.office) },
  { name: 'agency.address', label: '机关地址', scope: 'all', value: (d) => opt(d.agency.address) },
  { name: 'agency.phone', label: '联系电话', scope: 'all', value: (d) => opt(d.agency.phone) },
  { name: 'applicant.name', label: '申请人姓名或名称', scope: 'all', value: (d) => opt(d.applicant.name) },
  {
    name: 'applicant.type',
    label: '申请人类型（自然人、商业企业……）',
    scope: 'all',
    value: (d) => applicantTypeLabel(d.applicant.type),
  },
  { name: 'applicant.you', label: '对申请人的称呼（您 / 贵单位）', scope: 'all', value: you },
  // The 查询码 opens the case on /track — its letters, with the applicant's name, and the documents released — so
  // it goes to the applicant only, never into the 征求意见书 sent to the third party (《条例》第三十二条).
  {
    name: 'case.trackingCode',
    label: '查询码（凭此查询办理进度，仅限致申请人的文书）',
    scope: LETTER_KINDS.filter((k) => k !== 'consultation'),
    value: (d) => opt(d.case.trackingCode),
  },
  {
    name: 'case.description',
    label: '申请公开的信息（申请人的描述）',
    scope: 'all',
    value: (d) => opt(d.case.description),
  },
  {
    name: 'case.channel',
    label: '申请提交方式（当面提交、互联网渠道……）',
    scope: 'all',
    value: (d) => RECEIPT_CHANNELS[d.case.channel]?.label,
  },
  {
    name: 'dates.received',
    label: '收到申请之日（《条例》第三十一条），如 2024年3月1日',
    scope: 'all',
    value: (d) => formatDate(d.case.receivedOn),
  },
  { name: 'dates.issued', label: '发文日期', scope: 'all', value: (d) => formatDate(d.dates.issued) },
  { name: 'dueDate', label: '答复期限届满之日', scope: 'all', value: (d) => computedDate(d, d.dates.due) },
  { name: 'docNumber', label: '发文字号', scope: 'all', value: (d) => opt(d.docNumber) },

  // ------------------------------------------------------------------ 答复书
  {
    name: 'outcome.article',
    label: '答复依据的条款（按办理结果默认，可由经办人改写）',
    scope: 'reply',
    value: (d, kind) => {
      const own = opt(d.outcome?.article);
      const row = outcomeOfKind(kind) ?? d.outcome?.row;
      if (own !== undefined || !row) return own;
      return outcomeArticle(row, (p) => present(p, d, kind));
    },
  },
  { name: 'outcome.reasons', label: '理由', scope: 'reply', value: (d) => opt(d.outcome?.reasons) },
  {
    name: 'outcome.publishedAt',
    label: '已主动公开信息的获取途径（第三十六条第（一）项）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.publishedAt),
  },
  {
    name: 'outcome.provision',
    label: '提供信息的方式（第三十六条第（二）项）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.provision),
  },
  {
    name: 'outcome.partial.disclosed',
    label: '区分处理后公开的部分（第三十七条）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.partial?.disclosed),
  },
  {
    name: 'outcome.partial.withheld',
    label: '区分处理后不予公开的部分（第三十七条）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.partial?.withheld),
  },
  {
    name: 'outcome.notResponsible',
    label: '不属于本机关负责公开（第三十六条第（五）项；作条件用）',
    scope: 'reply',
    value: (d) => (d.outcome?.notResponsible || d.outcome?.otherAgency ? '是' : undefined),
  },
  {
    name: 'outcome.otherAgency.name',
    label: '负责公开该信息的机关（第三十六条第（五）项）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.otherAgency?.name),
  },
  {
    name: 'outcome.otherAgency.contact',
    label: '该机关的联系方式',
    scope: 'reply',
    value: (d) => opt(d.outcome?.otherAgency?.contact),
  },
  {
    name: 'outcome.channel',
    label: '相应渠道或获取途径（第三十九条）',
    scope: 'reply',
    value: (d) => opt(d.outcome?.channel),
  },
  { name: 'outcome.law', label: '有关法律、行政法规', scope: 'reply', value: (d) => opt(d.outcome?.law) },
  {
    name: 'outcome.previousReplyOn',
    label: '此前作出答复的日期（第三十六条第（六）项）',
    scope: 'reply',
    value: (d) => optDate(d.outcome?.previousReplyOn),
  },
  {
    name: 'outcome.previousReplyNumber',
    label: '此前答复的文号',
    scope: 'reply',
    value: (d) => opt(d.outcome?.previousReplyNumber),
  },
  { name: 'reviewBody', label: '行政复议机关', scope: 'reply', value: (d) => opt(d.reviewBody) },
  { name: 'court', label: '有管辖权的人民法院', scope: 'reply', value: (d) => opt(d.court) },

  // ------------------------------------------------------------------ 收费通知书 (and the 答复书 after non-payment)
  {
    name: 'fee.method',
    label: '计收方式（按量计收 / 按件计收）',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => (d.fee ? (d.fee.method === 'pages' ? '按量计收' : '按件计收') : undefined),
  },
  {
    name: 'fee.quantity',
    label: '计费数量（如 68页、45件）',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => (d.fee ? `${d.fee.quantity}${UNIT[d.fee.method]}` : undefined),
  },
  {
    name: 'fee.amount',
    label: '收费金额（元）',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => (d.fee ? String(d.fee.amount) : undefined),
  },
  {
    name: 'fee.amountUpper',
    label: '收费金额大写（如 叁佰捌拾元整）',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => (d.fee ? rmbUpper(d.fee.amount) : undefined),
  },
  {
    name: 'fee.bands',
    label: '收费标准分档明细（每档一段）',
    scope: ['fee'],
    list: true,
    value: (d) => {
      if (!d.fee) return undefined;
      const u = UNIT[d.fee.method];
      const last = d.fee.bands.length - 1;
      return d.fee.bands.map((b, i) => {
        const range = b.from === b.to ? `第${b.from}${u}` : `第${b.from}${u}至第${b.to}${u}`;
        const charge = b.unitPrice === 0 ? '免费' : `每${u}${b.unitPrice}元，计${b.subtotal}元`;
        return `${ordinal(i)}${range}，共${b.quantity}${u}，${charge}${i === last ? '。' : '；'}`;
      });
    },
  },
  {
    name: 'fee.payBy',
    label: '缴费截止日期（收到通知次日起20个工作日）',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => computedDate(d, d.fee?.payBy),
  },
  {
    name: 'fee.payment',
    label: '缴纳方式',
    scope: ['fee', 'reply:other.feeUnpaid'],
    value: (d) => opt(d.fee?.payment),
  },

  // ------------------------------------------------------------------ 延期答复告知书
  {
    name: 'extension.days',
    label: '延长的工作日数（不超过20）',
    scope: ['extension'],
    value: (d) => (d.extension ? String(d.extension.days) : undefined),
  },
  {
    name: 'extension.newDueDate',
    label: '延长后的答复期限',
    scope: ['extension'],
    value: (d) => computedDate(d, d.extension?.newDueDate),
  },
  {
    name: 'extension.approver',
    label: '批准延期的工作机构负责人',
    scope: ['extension'],
    value: (d) => opt(d.extension?.approver),
  },
  {
    name: 'extension.reason',
    label: '延期理由',
    scope: ['extension'],
    value: (d) => opt(d.extension?.reason),
  },

  // ------------------------------------------------------------------ 第三方征求意见书
  {
    name: 'consultation.party',
    label: '被征求意见的第三方',
    scope: ['consultation'],
    value: (d) => opt(d.consultation?.party),
  },
  {
    name: 'consultation.replyBy',
    label: '第三方提出意见的截止日期（收到之日起15个工作日）',
    scope: ['consultation'],
    value: (d) => computedDate(d, d.consultation?.replyBy),
  },
  {
    name: 'consultation.content',
    label: '涉及第三方的信息（默认为申请内容）',
    scope: ['consultation'],
    value: (d) => opt(d.consultation?.content) ?? opt(d.case.description),
  },
  {
    name: 'consultation.reason',
    label: '公开可能损害第三方权益的情形',
    scope: ['consultation'],
    value: (d) => opt(d.consultation?.reason),
  },

  // ------------------------------------------------------------------ 补正告知书 (and the 答复书 that follow one)
  {
    name: 'correction.items',
    label: '需要补正的事项（每项一段）',
    scope: ['correction'],
    list: true,
    value: (d) => {
      const items = d.correction?.items.map(prose).filter((s) => s !== '');
      if (!items?.length) return undefined;
      return items.map((s, i) => `${ordinal(i)}${s}${i === items.length - 1 ? '。' : '；'}`);
    },
  },
  {
    name: 'correction.replyBy',
    label: '补正期限',
    scope: ['correction', 'reply:other.noCorrection', 'reply:unavailable.unclearAfterCorrection'],
    value: (d) => optDate(d.correction?.replyBy),
  },
];

export const PLACEHOLDERS: ReadonlyMap<string, PlaceholderDef> = new Map(defs.map((p) => [p.name, p]));

export function appliesTo(def: PlaceholderDef, kind: LetterKind): boolean {
  if (def.scope === 'all') return true;
  if (def.scope === 'reply') return kind.startsWith('reply:');
  return def.scope.includes(kind);
}

/** The value of a placeholder for a letter, cleaned for output; undefined when the data does not supply it. */
export function placeholderValue(
  name: string,
  d: LetterData,
  kind: LetterKind,
): PlaceholderValue | undefined {
  const def = PLACEHOLDERS.get(name);
  if (!def) return undefined;
  const v = def.value(d, kind);
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    const s = cleanText(v).trim();
    return s === '' ? undefined : s;
  }
  const items = (v as readonly string[]).map((s) => cleanText(s).trim()).filter((s) => s !== '');
  return items.length ? items : undefined;
}

function present(name: string, d: LetterData, kind: LetterKind): boolean {
  return placeholderValue(name, d, kind) !== undefined;
}

// What a letter is filled from: a plain object the case layer assembles from the case, its events and the
// agency's settings. Everything computed (due dates, the fee and its bands) is computed before, by the clock and
// fee domains (src/domain/clock, src/domain/fees), and passed in: rendering does no arithmetic on deadlines.
import { z } from 'zod';
import { type IsoDate, isIsoDate } from '../domain/calendar/index.ts';
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../domain/clock/index.ts';
import type { FeeLine, FeeMethod } from '../domain/fees/index.ts';
import { APPLICANT_PARTS, type ApplicantColumn } from '../domain/report/layout.ts';
import { LetterError } from './errors.ts';
import { OUTCOME_ROWS, type OutcomeRow } from './outcomes.ts';

/** The 表三 applicant column of the applicant (自然人, 商业企业, …). */
export type ApplicantType = Exclude<ApplicantColumn, 'total'>;

export interface LetterData {
  /** The sender. `office` is its 政府信息公开工作机构 when letters name it. */
  readonly agency: {
    readonly name: string;
    readonly office?: string;
    readonly address?: string;
    readonly phone?: string;
  };
  readonly applicant: { readonly name: string; readonly type: ApplicantType };
  readonly case: {
    readonly trackingCode: string;
    /** The 收到申请之日 under 《条例》第三十一条 for the channel (a confirmation date for online, fax, plain post). */
    readonly receivedOn: IsoDate;
    readonly channel: ReceiptChannel;
    /** The information sought, as the applicant described it (第二十九条第二款第（二）项). */
    readonly description: string;
  };
  /** 发文字号, e.g. "朝政信复〔2024〕第12号"; printed under the title when given. */
  readonly docNumber?: string;
  readonly dates: {
    /** The letter's date (成文日期). */
    readonly issued: IsoDate;
    /** The reply due date from the clock (ClockResult.dueDate): the receipt states it, the extension notice cites it. */
    readonly due?: IsoDate;
    /** The computed dates of this letter (due date, new due date, reply-by, pay-by) that fall in a year without a
     *  State Council holiday notice: counted on 《全国年节及纪念日放假办法》's holidays and printed “（暂定）”. */
    readonly provisional?: readonly IsoDate[];
  };
  /** For a 答复书: the 表三 result row, and what its paragraphs need. */
  readonly outcome?: {
    readonly row: OutcomeRow;
    /** Overrides the default citation of the row (outcomes.ts). Required for `other.other`. */
    readonly article?: string;
    /** 理由: required when the 条例 requires reasons (不予公开, 部分公开, 不属于本机关负责公开). */
    readonly reasons?: string;
    /** 第三十六条第（一）项: where the already-published information can be found. Selects that article. */
    readonly publishedAt?: string;
    /** 第三十六条第（二）项: how the information is provided (随本答复书附送…, 通过电子邮件发送…). */
    readonly provision?: string;
    /** 第三十七条: the disclosed and the withheld parts. */
    readonly partial?: { readonly disclosed: string; readonly withheld: string };
    /** 第三十六条第（五）项: not this agency's to disclose. Selects that article; implied by `otherAgency`. */
    readonly notResponsible?: boolean;
    /** 第三十六条第（五）项: the agency that is responsible, when it can be determined. */
    readonly otherAgency?: { readonly name: string; readonly contact?: string };
    /** 第三十九条: the proper channel (信访、投诉) or where a publication is obtained. */
    readonly channel?: string;
    /** The law with the special rule (第三十六条第（七）项) or the prohibition (第十四条). */
    readonly law?: string;
    /** 第三十六条第（六）项: the earlier reply to the same request. */
    readonly previousReplyOn?: IsoDate;
    readonly previousReplyNumber?: string;
  };
  /** 收费通知书 (国办函〔2020〕109号): the quote of src/domain/fees plus the payment terms. */
  readonly fee?: {
    readonly method: FeeMethod;
    /** Pages (按量) or applications of the natural month (按件). */
    readonly quantity: number;
    /** Yuan, the sum of the bands' subtotals. */
    readonly amount: number;
    /** FeeQuote.lines: one per band reached, free bands included. */
    readonly bands: readonly FeeLine[];
    /** Last day to pay: 20 working days from the day after the notice is received (ClockResult.feePaymentDue). */
    readonly payBy: IsoDate;
    /** 缴纳方式: account, payee, reference to quote. */
    readonly payment: string;
  };
  /** 延期答复 (《条例》第三十三条第二款). */
  readonly extension?: {
    readonly days: number;
    readonly newDueDate: IsoDate;
    /** The head of the 政府信息公开工作机构 who approved it (kept on record; not printed by default). */
    readonly approver?: string;
    readonly reason?: string;
  };
  /** 第三方征求意见 (《条例》第三十二条): the letter goes to the third party, not the applicant. */
  readonly consultation?: {
    readonly party: string;
    readonly replyBy: IsoDate;
    /** The information concerned; the case description when omitted. */
    readonly content?: string;
    /** Why disclosure may harm the party. */
    readonly reason?: string;
  };
  /** 补正 (《条例》第三十条): the items, all at once, and the period the agency sets. */
  readonly correction?: { readonly items: readonly string[]; readonly replyBy: IsoDate };
  /** The 行政复议机关 the 答复书 names, e.g. "北京市朝阳区人民政府". */
  readonly reviewBody?: string;
  /** The court the 答复书 names, e.g. "北京市朝阳区人民法院". */
  readonly court?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation at the boundary (web forms, JSON files, the case layer's assembly): Chinese messages naming the field.

/** Chinese names of the fields, for messages. */
export const DATA_FIELD_LABELS: Readonly<Record<string, string>> = {
  agency: '发文机关',
  'agency.name': '发文机关名称',
  'agency.office': '政府信息公开工作机构',
  'agency.address': '机关地址',
  'agency.phone': '联系电话',
  applicant: '申请人',
  'applicant.name': '申请人姓名或名称',
  'applicant.type': '申请人类型',
  case: '申请',
  'case.trackingCode': '查询码',
  'case.receivedOn': '收到申请日期',
  'case.channel': '申请提交方式',
  'case.description': '申请公开的信息',
  docNumber: '发文字号',
  dates: '日期',
  'dates.issued': '发文日期',
  'dates.due': '答复期限',
  outcome: '办理结果',
  'outcome.row': '办理结果类型',
  'outcome.article': '答复依据条款',
  'outcome.reasons': '理由',
  'outcome.publishedAt': '主动公开的途径',
  'outcome.provision': '提供信息的方式',
  'outcome.partial': '区分处理',
  'outcome.partial.disclosed': '公开的部分',
  'outcome.partial.withheld': '不予公开的部分',
  'outcome.notResponsible': '不属于本机关负责公开',
  'outcome.otherAgency': '负责公开的机关',
  'outcome.otherAgency.name': '负责公开的机关名称',
  'outcome.otherAgency.contact': '负责公开的机关联系方式',
  'outcome.channel': '相应渠道或获取途径',
  'outcome.law': '有关法律、行政法规',
  'outcome.previousReplyOn': '此前答复日期',
  'outcome.previousReplyNumber': '此前答复文号',
  fee: '信息处理费',
  'fee.method': '计收方式',
  'fee.quantity': '计费数量',
  'fee.amount': '收费金额',
  'fee.bands': '收费分档',
  'fee.payBy': '缴费截止日期',
  'fee.payment': '缴纳方式',
  extension: '延期答复',
  'extension.days': '延长的工作日数',
  'extension.newDueDate': '延长后的答复期限',
  'extension.approver': '批准人',
  'extension.reason': '延期理由',
  consultation: '征求意见',
  'consultation.party': '第三方',
  'consultation.replyBy': '提出意见的截止日期',
  'consultation.content': '涉及的信息',
  'consultation.reason': '可能损害的权益',
  correction: '补正',
  'correction.items': '需要补正的事项',
  'correction.replyBy': '补正期限',
  reviewBody: '行政复议机关',
  court: '人民法院',
};

const text = z.string().trim().min(1, { error: '不能为空' });
const date = z.string().refine(isIsoDate, { error: '应为有效日期（YYYY-MM-DD）' });
const count = (max: number) => z.number().int({ error: '应为整数' }).min(0, { error: '不能为负数' }).max(max);

const band = z.object({
  from: count(1e6),
  to: count(1e6),
  unitPrice: count(1e6),
  quantity: count(1e6),
  subtotal: count(4e7),
});

const schema = z
  .object({
    agency: z.object({
      name: text,
      office: text.optional(),
      address: text.optional(),
      phone: text.optional(),
    }),
    applicant: z.object({
      name: text,
      type: z.enum(APPLICANT_PARTS as [ApplicantType, ...ApplicantType[]], {
        error: `应为 ${APPLICANT_PARTS.join(' / ')} 之一`,
      }),
    }),
    case: z.object({
      trackingCode: text,
      receivedOn: date,
      channel: z.enum(Object.keys(RECEIPT_CHANNELS) as [ReceiptChannel, ...ReceiptChannel[]], {
        error: `应为 ${Object.keys(RECEIPT_CHANNELS).join(' / ')} 之一`,
      }),
      description: text,
    }),
    docNumber: text.optional(),
    dates: z.object({ issued: date, due: date.optional(), provisional: z.array(date).optional() }),
    outcome: z
      .object({
        row: z.enum(OUTCOME_ROWS, { error: '不是表三的办理结果行' }),
        article: text.optional(),
        reasons: text.optional(),
        publishedAt: text.optional(),
        provision: text.optional(),
        partial: z.object({ disclosed: text, withheld: text }).optional(),
        notResponsible: z.boolean().optional(),
        otherAgency: z.object({ name: text, contact: text.optional() }).optional(),
        channel: text.optional(),
        law: text.optional(),
        previousReplyOn: date.optional(),
        previousReplyNumber: text.optional(),
      })
      .optional(),
    fee: z
      .object({
        method: z.enum(['pages', 'applications'], { error: '应为 pages（按量）或 applications（按件）' }),
        quantity: count(1e6),
        amount: count(4e10),
        bands: z.array(band).min(1, { error: '至少应有一档' }),
        payBy: date,
        payment: text,
      })
      // The notice states 标准 and 数额 (国办函〔2020〕109号): they must agree, or the letter contradicts itself.
      .refine((f) => f.bands.reduce((a, b) => a + b.subtotal, 0) === f.amount, {
        error: '与各档小计之和不一致',
        path: ['amount'],
      })
      .optional(),
    extension: z
      .object({
        // 《条例》第三十三条第二款: 延长的期限最长不得超过20个工作日.
        days: z
          .number()
          .int({ error: '应为整数' })
          .min(1, { error: '至少为1个工作日' })
          .max(20, { error: '最长不得超过20个工作日（《条例》第三十三条第二款）' }),
        newDueDate: date,
        approver: text.optional(),
        reason: text.optional(),
      })
      .optional(),
    consultation: z
      .object({ party: text, replyBy: date, content: text.optional(), reason: text.optional() })
      .optional(),
    correction: z
      .object({
        // 《条例》第三十条: 一次性告知 — every item in the one notice, so there must be at least one.
        items: z.array(text).min(1, { error: '至少应有一项（《条例》第三十条要求一次性告知）' }),
        replyBy: date,
      })
      .optional(),
    reviewBody: text.optional(),
    court: text.optional(),
  })
  .refine((d) => d.dates.issued >= d.case.receivedOn, {
    error: '不得早于收到申请日期（case.receivedOn）',
    path: ['dates', 'issued'],
  });

// A compile-time check that the schema produces exactly what the interface describes.
type Parsed = z.infer<typeof schema>;
const _sameShape = (p: Parsed): LetterData => p;
void _sameShape;

function labelOf(path: readonly PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.');
  const index = path.find((p) => typeof p === 'number');
  const name = DATA_FIELD_LABELS[key] ?? key;
  return `${name}（${key}${index !== undefined ? `[${index}]` : ''}）`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** Checks case data for a letter; throws LetterError('INVALID_DATA') listing every fault in Chinese. */
export function parseLetterData(input: unknown): LetterData {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => {
    const where = labelOf(i.path);
    if (i.code === 'invalid_type' && valueAt(input, i.path) === undefined) return `缺少${where}`;
    if (i.code === 'invalid_type') return `${where}类型不正确`;
    if (i.code === 'too_big' || i.code === 'too_small')
      return `${where}${i.message.startsWith('Too') ? '超出允许范围' : i.message}`;
    return `${where}${i.message}`;
  });
  throw new LetterError('INVALID_DATA', `案件数据不完整或有误：${details.join('；')}`, details);
}

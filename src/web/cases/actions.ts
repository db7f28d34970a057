// The actions an officer (or, for an extension, an approver) takes on a case, as data: the form's fields, the zod
// schema that validates them, the event the statutory clock sees (for the preview of the new due dates before
// saving), and the use case that records it (src/cases/events.ts). Which action needs which role is in
// ../policies.ts; when an action is offered depends on the case's state.
import { z } from 'zod';
import {
  APPEAL_DEFENDANT_LABELS,
  APPEAL_KIND_LABELS,
  APPEAL_RESULT_LABELS,
  DEFAULT_REDO_WORKDAYS,
  decideAppeal,
  fileAppeal,
  reReply,
} from '../../cases/appeals.ts';
import { assignCase, type Officer } from '../../cases/assign.ts';
import { CaseError } from '../../cases/errors.ts';
import {
  abandon,
  addNote,
  endConsultation,
  notifyFee,
  payFee,
  type ReplyInput,
  receiveCorrection,
  reply,
  requestCorrection,
  startConsultation,
  withdraw,
} from '../../cases/events.ts';
import {
  approveExtension,
  type ExtensionRequestRow,
  refuseExtension,
  requestExtension,
} from '../../cases/extension-requests.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import type { CaseRow, NewEvent } from '../../cases/timeline.ts';
import type { Db, Executor } from '../../db/handle.ts';
import type { ClockResult } from '../../domain/clock/index.ts';
import { applicationUnitPrice, feeByPages } from '../../domain/fees/index.ts';
import { OUTCOMES } from '../../letters/outcomes.ts';
import type { Action } from '../policies.ts';
import { applicationQuote, DEFAULT_PAYMENT, type LetterFacts, type PartialParts } from './letters.ts';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'date' | 'text' | 'textarea' | 'select' | 'number';
  readonly required?: boolean;
  readonly options?: readonly (readonly [string, string])[];
  /** Options that depend on the case (officers of the unit, open appeals). */
  readonly optionsFrom?: (x: ActionExtra) => readonly (readonly [string, string])[];
  readonly hint?: string;
}

/** What some actions need to know of the case besides its events, loaded by the route. */
export interface ActionExtra {
  readonly pendingExtension: ExtensionRequestRow | null;
  readonly officers: readonly Officer[];
  readonly openAppeals: readonly { readonly id: number; readonly label: string }[];
  /** Decisions or judgments that ordered a new reply not yet made (责令重新答复), oldest deadline first. */
  readonly pendingRedos?: readonly { readonly id: number; readonly label: string; readonly dueOn: string }[];
}

export interface ActionContext {
  readonly actor: string;
  readonly username: string;
  /** The user's name as people read it (the approver printed on the record). */
  readonly displayName: string;
  readonly today: string;
  readonly extra: ActionExtra;
}

export interface CaseAction {
  readonly key: string;
  readonly label: string;
  readonly policy: Extract<Action, 'case.act' | 'case.extend' | 'case.assign'>;
  readonly fields: readonly FieldSpec[];
  readonly schema: z.ZodType<Record<string, unknown>>;
  /** Offered for a case in this state, with these events. */
  offered(c: CaseRow, events: readonly NewEvent[], x: ActionExtra): boolean;
  /** The event as the clock will see it: what the preview computes the new deadlines from (null: no clock event). */
  event(d: Record<string, unknown>, ctx: ActionContext): NewEvent | null;
  /** The letter this step issues, from the values and the clock after it; none when absent. */
  letter?(
    db: Executor,
    c: CaseRow,
    d: Record<string, unknown>,
    after: ClockResult,
    ctx: ActionContext,
  ): Promise<LetterFacts | null>;
  /** Extra lines of the preview (the amount of a fee). */
  preview?(
    db: Executor,
    c: CaseRow,
    d: Record<string, unknown>,
  ): Promise<readonly (readonly [string, string])[]>;
  save(db: Db, code: string, d: Record<string, unknown>, ctx: ActionContext): Promise<unknown>;
}

/** The amount of a fee notice, as the use case will compute it (src/cases/events.ts notifyFee). */
async function feeOf(db: Executor, c: CaseRow, d: Record<string, unknown>) {
  if (d.method === 'pages') return feeByPages(d.pages as number);
  const { rankInMonth } = await import('../../cases/events.ts');
  const rank = await rankInMonth(db, c);
  return applicationQuote(rank, applicationUnitPrice(rank));
}

const WITHHELD_GROUNDS = Object.values(OUTCOMES)
  .filter((o) => o.row.startsWith('withheld.'))
  .map((o) => [o.row, o.label.replace(/^.*· /, '')] as const);

/** How many withheld parts the 部分公开 form offers. */
export const WITHHELD_PARTS = 3;

const withheldFields: FieldSpec[] = Array.from({ length: WITHHELD_PARTS }, (_, i) => [
  {
    name: `withheld${i + 1}`,
    label: `不予公开的部分 ${i + 1}`,
    kind: 'text' as const,
    hint: i === 0 ? '部分公开时填写：不予公开的内容（《条例》第三十七条）' : undefined,
  },
  {
    name: `ground${i + 1}`,
    label: `部分 ${i + 1} 不予公开的理由`,
    kind: 'select' as const,
    options: [['', '（不适用）'] as const, ...WITHHELD_GROUNDS],
  },
]).flat();

/** The 区分处理 parts of a 部分公开 reply, each withheld part with its ground and article (from the one table). */
export function partialOf(d: Record<string, unknown>): PartialParts | null {
  if (d.outcome !== 'partiallyGranted') return null;
  const withheld = [];
  for (let i = 1; i <= WITHHELD_PARTS; i++) {
    const part = d[`withheld${i}`] as string | null;
    const ground = d[`ground${i}`] as string | null;
    if (!part || !ground) continue;
    const spec = OUTCOMES[ground as keyof typeof OUTCOMES];
    withheld.push({
      part,
      ground: spec.label.replace(/^.*· \d+\./, ''),
      article: spec.articles.at(-1)?.cite ?? '',
    });
  }
  return { disclosed: (d.disclosed as string) ?? '', withheld };
}

/** The reply form's values as the use case takes them: the first reply and a 重新答复 share the form. */
function replyInputOf(d: Record<string, unknown>): ReplyInput {
  const partial = partialOf(d);
  return {
    on: d.on as string,
    outcome: d.outcome as string,
    legalBasis: d.legalBasis as string | null,
    note: d.note as string | null,
    ...(partial ? { partial } : {}),
  };
}

const date = (label: string) => z.iso.date(`${label}应为有效日期（年-月-日）`);
const optDate = (label: string) => z.union([z.literal(''), date(label)]).transform((v) => v || null);
const text = (label: string, max = 2000) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const optText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 个字`)
    .transform((v) => v || null);

const workdaysSchema = z.coerce
  .number({ error: '请填写延长的工作日数' })
  .int('延长的工作日数应为整数')
  .min(1, '至少延长 1 个工作日')
  .max(20, '延长期限最长不得超过 20 个工作日（《条例》第三十三条第二款）');

const ON: FieldSpec = { name: 'on', label: '日期', kind: 'date', required: true };
const has = (events: readonly NewEvent[], type: string) => events.some((e) => e.type === type);
const isOpen = (c: CaseRow) => c.closedOn === null;
const count = (events: readonly NewEvent[], type: string) => events.filter((e) => e.type === type).length;

/** 第三十六条第（五）项: not this agency's to disclose (counted as 本机关不掌握, outcomes.ts). */
const NOT_RESPONSIBLE = OUTCOMES['unavailable.notHeld'].articles.find(
  (a) => a.when === 'outcome.notResponsible',
)!.cite;

const notOursNote = (d: Record<string, unknown>) =>
  d.mode === 'transfer'
    ? `本机关已将您的申请转送${d.otherAgency as string}办理。${d.note as string}`
    : (d.note as string);

const REPLY_OUTCOMES = [...OUTCOME_DEFS.values()]
  .filter((o) => o.via === 'reply')
  .map((o) => [o.key, o.label] as const);

const ACTION_LIST: readonly CaseAction[] = [
  {
    key: 'correction',
    label: '补正告知',
    policy: 'case.act',
    fields: [
      ON,
      { name: 'items', label: '需要补正的事项（一次性告知）', kind: 'textarea', required: true },
      {
        name: 'correctionDue',
        label: '补正期限',
        kind: 'date',
        required: true,
        hint: '行政机关确定的合理补正期限（《条例》第三十条）；逾期不补正的，视为放弃申请',
      },
    ],
    schema: z.object({
      on: date('日期'),
      items: text('需要补正的事项'),
      correctionDue: date('补正期限'),
    }),
    offered: (c, ev) => isOpen(c) && !has(ev, 'correctionRequested'),
    letter: async (_db, _c, d) => ({
      kind: 'correction',
      on: d.on as string,
      items: d.items as string,
      replyBy: d.correctionDue as string,
    }),
    event: (d) => ({
      type: 'correctionRequested',
      on: d.on as string,
      data: { items: d.items, ...(d.correctionDue ? { correctionDue: d.correctionDue } : {}) },
    }),
    save: (db, code, d, ctx) =>
      requestCorrection(
        db,
        code,
        { on: d.on as string, items: d.items as string, correctionDue: d.correctionDue as string | null },
        ctx,
      ),
  },
  {
    key: 'correctionReceived',
    label: '收到补正',
    policy: 'case.act',
    fields: [ON],
    schema: z.object({ on: date('日期') }),
    offered: (c) => isOpen(c) && c.status === 'awaitingCorrection',
    event: (d) => ({ type: 'correctionReceived', on: d.on as string, data: {} }),
    save: (db, code, d, ctx) => receiveCorrection(db, code, { on: d.on as string }, ctx),
  },
  {
    key: 'consult',
    label: '征求意见',
    policy: 'case.act',
    fields: [
      { ...ON, label: '征求意见书送达日期' },
      {
        name: 'party',
        label: '征求对象',
        kind: 'select',
        required: true,
        options: [
          ['thirdParty', '第三方（《条例》第三十二条）'],
          ['otherAgency', '其他机关（《条例》第三十四条）'],
        ],
      },
      { name: 'consultee', label: '第三方或机关名称', kind: 'text', required: true },
      { name: 'reason', label: '征求意见的原因', kind: 'textarea', hint: '如：公开可能损害第三方合法权益' },
    ],
    schema: z.object({
      on: date('送达日期'),
      party: z.enum(['thirdParty', 'otherAgency'], { error: '请选择征求对象' }),
      consultee: text('第三方或机关名称', 200),
      reason: optText(500),
    }),
    offered: (c) => isOpen(c) && c.status !== 'awaitingCorrection',
    letter: async (_db, _c, d, after) => ({
      kind: 'consultation',
      on: d.on as string,
      party: d.consultee as string,
      // 《条例》第三十二条、第三十四条: 15 working days from receipt of the 征求意见书.
      replyBy: after.pauses.at(-1)?.replyDue ?? (d.on as string),
      reason: (d.reason as string | null) ?? null,
    }),
    event: (d) => ({
      type: 'consultationStarted',
      on: d.on as string,
      data: { party: d.party, consultee: d.consultee },
    }),
    save: (db, code, d, ctx) =>
      startConsultation(
        db,
        code,
        { on: d.on as string, party: d.party as 'thirdParty', consultee: d.consultee as string },
        ctx,
      ),
  },
  {
    key: 'consultEnd',
    label: '征求意见结束',
    policy: 'case.act',
    fields: [
      { ...ON, label: '收到意见日期' },
      {
        name: 'opinion',
        label: '意见',
        kind: 'select',
        required: true,
        options: [
          ['agree', '同意公开'],
          ['object', '不同意公开'],
          ['none', '逾期未提出意见'],
        ],
      },
    ],
    schema: z.object({
      on: date('日期'),
      opinion: z.enum(['agree', 'object', 'none'], { error: '请选择意见' }),
    }),
    offered: (c, ev) => isOpen(c) && count(ev, 'consultationStarted') > count(ev, 'consultationEnded'),
    event: (d) => ({ type: 'consultationEnded', on: d.on as string, data: { opinion: d.opinion } }),
    save: (db, code, d, ctx) =>
      endConsultation(db, code, { on: d.on as string, opinion: d.opinion as 'agree' }, ctx),
  },
  {
    key: 'extensionRequest',
    label: '申请延长答复期限',
    policy: 'case.act',
    fields: [
      { ...ON, label: '申请日期' },
      {
        name: 'workdays',
        label: '延长的工作日数',
        kind: 'number',
        required: true,
        hint: '最长 20 个工作日（《条例》第三十三条第二款）；须经工作机构负责人同意',
      },
      { name: 'reason', label: '延期理由', kind: 'textarea', required: true },
    ],
    schema: z.object({
      on: date('申请日期'),
      workdays: workdaysSchema,
      reason: text('延期理由', 500),
    }),
    offered: (c, ev, x) =>
      isOpen(c) && !has(ev, 'extended') && c.status !== 'awaitingCorrection' && !x.pendingExtension,
    // Nothing moves until the approver consents; the preview shows what approval would give.
    event: (d, ctx) => ({
      type: 'extended',
      on: d.on as string,
      data: { workdays: d.workdays, approver: ctx.displayName },
    }),
    save: (db, code, d, ctx) =>
      requestExtension(
        db,
        code,
        {
          on: d.on as string,
          workdays: d.workdays as number,
          reason: d.reason as string,
          requestedBy: ctx.username,
        },
        ctx,
      ),
  },
  {
    key: 'extensionApprove',
    label: '同意延长答复期限',
    policy: 'case.extend',
    fields: [
      { ...ON, label: '同意日期' },
      { name: 'note', label: '审批意见', kind: 'textarea' },
    ],
    schema: z.object({ on: date('同意日期'), note: optText(500) }),
    offered: (c, _ev, x) => isOpen(c) && x.pendingExtension !== null,
    event: (d, ctx) => ({
      type: 'extended',
      on: d.on as string,
      data: {
        workdays: ctx.extra.pendingExtension?.workdays ?? 0,
        approver: ctx.username,
        reason: ctx.extra.pendingExtension?.reason ?? '',
      },
    }),
    letter: async (_db, _c, d, after, ctx) =>
      after.dueDateBeforeExtension && after.dueDate && after.extension
        ? {
            kind: 'extension',
            on: d.on as string,
            workdays: after.extension.workdays,
            dueBefore: after.dueDateBeforeExtension,
            newDue: after.dueDate,
            approver: ctx.displayName,
            reason: ctx.extra.pendingExtension?.reason ?? null,
          }
        : null,
    save: (db, code, d, ctx) =>
      approveExtension(
        db,
        code,
        { on: d.on as string, approver: ctx.username, note: d.note as string | null },
        ctx,
      ),
  },
  {
    key: 'extensionRefuse',
    label: '不同意延长答复期限',
    policy: 'case.extend',
    fields: [
      { ...ON, label: '审批日期' },
      { name: 'note', label: '不同意的理由', kind: 'textarea', required: true },
    ],
    schema: z.object({ on: date('审批日期'), note: text('不同意的理由', 500) }),
    offered: (c, _ev, x) => isOpen(c) && x.pendingExtension !== null,
    event: () => null,
    save: (db, code, d, ctx) =>
      refuseExtension(db, code, { on: d.on as string, approver: ctx.username, note: d.note as string }, ctx),
  },
  {
    key: 'fee',
    label: '收费通知',
    policy: 'case.act',
    fields: [
      ON,
      {
        name: 'method',
        label: '计收方式',
        kind: 'select',
        required: true,
        options: [
          ['pages', '按量计收（按页数）'],
          ['applications', '按件计收（申请人本月申请件数）'],
        ],
      },
      { name: 'pages', label: '页数（按量计收时填写）', kind: 'number' },
      {
        name: 'receivedOn',
        label: '申请人收到通知日期',
        kind: 'date',
        hint: '缴费期限自收到通知次日起 20 个工作日；不填则按发出当日',
      },
    ],
    schema: z
      .object({
        on: date('日期'),
        method: z.enum(['pages', 'applications'], { error: '请选择计收方式' }),
        pages: z
          .union([z.literal(''), z.coerce.number().int('页数应为整数').positive('页数应为正整数')])
          .transform((v) => (v === '' ? null : v)),
        receivedOn: optDate('收到通知日期'),
      })
      .refine((v) => v.method !== 'pages' || v.pages !== null, {
        message: '按量计收须填写页数',
        path: ['pages'],
      }),
    offered: (c, ev) => isOpen(c) && c.status === 'open' && !has(ev, 'feeNotified'),
    preview: async (db, c, d) => {
      const q = await feeOf(db, c, d);
      return [
        ['收费金额', `${q.amount} 元`],
        ...q.lines.map(
          (l) =>
            [
              `第 ${l.from}${l.from === l.to ? '' : `–${l.to}`} ${d.method === 'pages' ? '页' : '件'}`,
              `${l.quantity} × ${l.unitPrice} 元 = ${l.subtotal} 元`,
            ] as const,
        ),
      ];
    },
    letter: async (db, c, d, after) => ({
      kind: 'fee',
      on: d.on as string,
      quote: await feeOf(db, c, d),
      payBy: after.feePaymentDue ?? (d.on as string),
      payment: DEFAULT_PAYMENT,
    }),
    event: (d) => ({
      type: 'feeNotified',
      on: d.on as string,
      data: {
        method: d.method,
        ...(d.method === 'pages' ? { amount: feeByPages(d.pages as number).amount } : {}),
        ...(d.receivedOn ? { receivedOn: d.receivedOn } : {}),
      },
    }),
    save: (db, code, d, ctx) =>
      notifyFee(
        db,
        code,
        {
          on: d.on as string,
          method: d.method as 'pages',
          pages: d.pages as number | null,
          receivedOn: d.receivedOn as string | null,
        },
        ctx,
      ),
  },
  {
    key: 'feePaid',
    label: '缴纳信息处理费',
    policy: 'case.act',
    fields: [{ ...ON, label: '缴费日期' }],
    schema: z.object({ on: date('缴费日期') }),
    offered: (c) => isOpen(c) && c.status === 'awaitingFee',
    event: (d) => ({ type: 'feePaid', on: d.on as string, data: {} }),
    save: (db, code, d, ctx) => payFee(db, code, { on: d.on as string }, ctx),
  },
  {
    key: 'abandon',
    label: '视为放弃申请（逾期不补正 / 逾期未缴费）',
    policy: 'case.act',
    fields: [
      ON,
      {
        name: 'reason',
        label: '原因',
        kind: 'select',
        required: true,
        options: [
          ['correction', '无正当理由逾期不补正（《条例》第三十条）'],
          ['fee', '逾期未缴纳信息处理费（国办函〔2020〕109号）'],
        ],
      },
    ],
    schema: z.object({ on: date('日期'), reason: z.enum(['correction', 'fee'], { error: '请选择原因' }) }),
    offered: (c) => isOpen(c) && (c.status === 'awaitingCorrection' || c.status === 'awaitingFee'),
    event: (d) => ({ type: 'abandoned', on: d.on as string, data: { reason: d.reason } }),
    save: (db, code, d, ctx) => abandon(db, code, { on: d.on as string, reason: d.reason as 'fee' }, ctx),
  },
  {
    key: 'withdraw',
    label: '申请人撤回申请',
    policy: 'case.act',
    fields: [ON, { name: 'note', label: '说明', kind: 'textarea' }],
    schema: z.object({ on: date('日期'), note: optText(500) }),
    offered: isOpen,
    event: (d) => ({ type: 'withdrawn', on: d.on as string, data: {} }),
    save: (db, code, d, ctx) =>
      withdraw(db, code, { on: d.on as string, note: d.note as string | null }, ctx),
  },
  {
    key: 'reply',
    label: '答复',
    policy: 'case.act',
    fields: [
      { ...ON, label: '答复日期' },
      {
        name: 'outcome',
        label: '办理结果（表三结果行）',
        kind: 'select',
        required: true,
        options: REPLY_OUTCOMES,
      },
      { name: 'legalBasis', label: '答复依据', kind: 'text', hint: '不填则使用该结果的默认条款' },
      {
        name: 'note',
        label: '理由和说明（写入答复书）',
        kind: 'textarea',
        hint: '不予公开、部分公开等须说明理由（《条例》第三十六条）',
      },
      {
        name: 'disclosed',
        label: '予以公开的内容（部分公开时填写）',
        kind: 'textarea',
        hint: '区分处理：提供可以公开的部分（《条例》第三十七条）',
      },
      ...withheldFields,
      {
        name: 'previousReplyOn',
        label: '此前答复的日期（重复申请时填写）',
        kind: 'date',
        hint: '不予处理·重复申请：答复书须写明本机关此前就相同申请作出答复的日期（《条例》第三十六条第（六）项）',
      },
      { name: 'previousReplyNumber', label: '此前答复的文号（重复申请时可填）', kind: 'text' },
    ],
    schema: z
      .object({
        on: date('答复日期'),
        outcome: z.enum(REPLY_OUTCOMES.map(([k]) => k) as [string, ...string[]], {
          error: '请选择办理结果',
        }),
        legalBasis: optText(300),
        note: optText(2000),
        disclosed: optText(2000),
        ...Object.fromEntries(
          Array.from({ length: WITHHELD_PARTS }, (_, i) => [
            [`withheld${i + 1}`, optText(500)],
            [
              `ground${i + 1}`,
              z
                .union([z.literal(''), z.enum(WITHHELD_GROUNDS.map(([k]) => k) as [string, ...string[]])])
                .transform((v) => v || null),
            ],
          ]).flat(),
        ),
        previousReplyOn: optDate('此前答复的日期'),
        previousReplyNumber: optText(100),
      })
      .superRefine((v, ctx) => {
        const r = v as Record<string, unknown>;
        // 《条例》第三十六条第（六）项: the 重复申请 letter refers the applicant to the earlier reply, by its date.
        if (r.outcome === 'declined.duplicate') {
          if (!r.previousReplyOn)
            ctx.addIssue({
              code: 'custom',
              path: ['previousReplyOn'],
              message: '重复申请须写明本机关此前答复的日期（《条例》第三十六条第（六）项）',
            });
          else if ((r.previousReplyOn as string) > (r.on as string))
            ctx.addIssue({
              code: 'custom',
              path: ['previousReplyOn'],
              message: '此前答复的日期不能晚于本次答复日期',
            });
        }
        if (r.outcome === 'partiallyGranted') {
          if (!r.disclosed)
            ctx.addIssue({ code: 'custom', path: ['disclosed'], message: '部分公开须写明予以公开的内容' });
          let parts = 0;
          for (let i = 1; i <= WITHHELD_PARTS; i++) {
            const part = r[`withheld${i}`];
            const ground = r[`ground${i}`];
            if (part && !ground)
              ctx.addIssue({ code: 'custom', path: [`ground${i}`], message: '请选择这一部分不予公开的理由' });
            if (!part && ground)
              ctx.addIssue({ code: 'custom', path: [`withheld${i}`], message: '请写明不予公开的内容' });
            if (part && ground) parts++;
          }
          if (parts === 0)
            ctx.addIssue({
              code: 'custom',
              path: ['withheld1'],
              message: '部分公开须写明至少一项不予公开的内容及其理由',
            });
          if (!r.note)
            ctx.addIssue({
              code: 'custom',
              path: ['note'],
              message: '部分公开须说明不予公开的理由（《条例》第三十六条）',
            });
        }
      }),
    offered: (c) => isOpen(c) && c.status !== 'awaitingCorrection' && c.status !== 'awaitingFee',
    event: (d) => ({ type: 'replied', on: d.on as string, data: { outcome: d.outcome } }),
    letter: async (_db, c, d) => ({
      kind: 'reply',
      reply: {
        outcome: d.outcome as string,
        legalBasis: (d.legalBasis as string | null) ?? c.legalBasis ?? null,
        note: (d.note as string | null) ?? null,
        on: d.on as string,
        partial: partialOf(d),
        ...(d.outcome === 'declined.duplicate' && d.previousReplyOn
          ? {
              previousReplyOn: d.previousReplyOn as string,
              ...(d.previousReplyNumber ? { previousReplyNumber: d.previousReplyNumber as string } : {}),
            }
          : {}),
      },
    }),
    save: (db, code, d, ctx) => reply(db, code, replyInputOf(d), ctx),
  },
  {
    key: 'notOurs',
    label: '非本机关负责公开（告知或转办）',
    policy: 'case.act',
    fields: [
      { ...ON, label: '答复日期' },
      { name: 'otherAgency', label: '负责公开该信息的机关', kind: 'text', required: true },
      {
        name: 'mode',
        label: '处理方式',
        kind: 'select',
        required: true,
        options: [
          ['tell', '告知申请人向该机关申请（《条例》第三十六条第（五）项）'],
          ['transfer', '已将申请转送该机关（转办），并告知申请人'],
        ],
      },
      { name: 'note', label: '说明（写入答复书）', kind: 'textarea', required: true },
    ],
    schema: z.object({
      on: date('答复日期'),
      otherAgency: text('负责公开该信息的机关', 200),
      mode: z.enum(['tell', 'transfer'], { error: '请选择处理方式' }),
      note: text('说明', 2000),
    }),
    offered: (c) => isOpen(c) && c.status !== 'awaitingCorrection' && c.status !== 'awaitingFee',
    event: (d) => ({ type: 'replied', on: d.on as string, data: { outcome: 'unavailable.notHeld' } }),
    letter: async (_db, _c, d) => ({
      kind: 'reply',
      reply: {
        outcome: 'unavailable.notHeld',
        legalBasis: NOT_RESPONSIBLE,
        note: notOursNote(d),
        on: d.on as string,
        otherAgency: d.otherAgency as string,
      },
    }),
    save: (db, code, d, ctx) =>
      reply(
        db,
        code,
        {
          on: d.on as string,
          outcome: 'unavailable.notHeld',
          legalBasis: NOT_RESPONSIBLE,
          note: notOursNote(d),
        },
        ctx,
      ),
  },
  {
    key: 'appeal',
    label: '记录行政复议或行政诉讼',
    policy: 'case.act',
    fields: [
      { name: 'on', label: '申请复议或起诉之日', kind: 'date', required: true },
      {
        name: 'kind',
        label: '类型',
        kind: 'select',
        required: true,
        options: Object.entries(APPEAL_KIND_LABELS) as [string, string][],
      },
      { name: 'body', label: '复议机关或法院', kind: 'text' },
      {
        name: 'copyReceivedOn',
        label: '收到复议申请书副本或起诉状副本之日',
        kind: 'date',
        hint: '据此提示答复书（10日，《行政复议法》第四十八条）或答辩状（15日，《行政诉讼法》第六十七条）的期限',
      },
      {
        // The field keeps its name (older forms and scripts post no/yes); it now says who the defendant is.
        name: 'coDefendant',
        label: '被告（复议后起诉）',
        kind: 'select',
        // 《行政诉讼法》第二十六条: who the defendant is follows from the review's result; 201号 decides whose 表四
        // counts the suit. Left blank, the product takes the review's result recorded on this case.
        options: [
          ['', '按本案复议结果确定（维持→共同被告，纠正→复议机关，未决定→本机关）'],
          ['no', `${APPEAL_DEFENDANT_LABELS.original}：计入本机关`],
          ['yes', `${APPEAL_DEFENDANT_LABELS.joint}：只计入本机关（国办公开办函〔2016〕201号）`],
          ['review', `${APPEAL_DEFENDANT_LABELS.review}：不计入本机关；复议机关是本系统的机关时计入复议机关`],
        ],
        hint: '《行政诉讼法》第二十六条第二款：复议维持的，复议机关与原机关为共同被告；复议改变的，复议机关是被告',
      },
    ],
    schema: z
      .object({
        on: date('申请复议或起诉之日'),
        kind: z.enum(['review', 'litigation.direct', 'litigation.afterReview'], { error: '请选择类型' }),
        body: optText(200),
        copyReceivedOn: optDate('收到副本之日'),
        coDefendant: z
          .union([z.literal(''), z.enum(['no', 'yes', 'review'])], { error: '请选择被告' })
          .default(''),
      })
      .refine((v) => v.coDefendant !== 'yes' || v.kind === 'litigation.afterReview', {
        message: '复议机关作共同被告只发生在复议后起诉',
        path: ['coDefendant'],
      })
      .refine((v) => v.coDefendant !== 'review' || v.kind === 'litigation.afterReview', {
        message: '复议机关作被告只发生在复议后起诉（《行政诉讼法》第二十六条第二款）',
        path: ['coDefendant'],
      }),
    offered: () => true,
    event: () => null,
    save: (db, code, d, ctx) =>
      fileAppeal(
        db,
        {
          case: code,
          kind: d.kind as 'review',
          filedOn: d.on as string,
          body: d.body as string | null,
          defendant: ({ no: 'original', yes: 'joint', review: 'review' } as const)[d.coDefendant as 'no'],
          copyReceivedOn: d.copyReceivedOn as string | null,
        },
        ctx,
      ),
  },
  {
    key: 'appealDecide',
    label: '记录复议或诉讼结果',
    policy: 'case.act',
    fields: [
      {
        name: 'appeal',
        label: '复议或诉讼',
        kind: 'select',
        required: true,
        optionsFrom: (x) => x.openAppeals.map((a) => [String(a.id), a.label] as const),
      },
      { name: 'on', label: '审结之日', kind: 'date', required: true },
      {
        name: 'result',
        label: '结果',
        kind: 'select',
        required: true,
        options: Object.entries(APPEAL_RESULT_LABELS) as [string, string][],
      },
      {
        name: 'redo',
        label: '是否责令重新答复',
        kind: 'select',
        options: [
          ['no', '否'],
          ['yes', '是（撤销或确认违法，并责令在一定期限内重新答复）'],
        ],
        hint: '《行政复议法》第六十四条、《行政诉讼法》第七十条：撤销的，可以责令重新作出行政行为',
      },
      { name: 'decisionReceivedOn', label: '收到决定书或判决书之日', kind: 'date', hint: '不填按审结之日' },
      { name: 'redoDays', label: '重新答复期限（天数）', kind: 'number' },
      {
        name: 'redoUnit',
        label: '期限单位',
        kind: 'select',
        options: [
          ['days', '日（自然日）'],
          ['workdays', '工作日'],
        ],
      },
      {
        name: 'redoDueOn',
        label: '或：重新答复截止日期',
        kind: 'date',
        hint: `决定书未写期限的，系统按 ${DEFAULT_REDO_WORKDAYS} 个工作日（参照《条例》第三十三条第二款）自收到决定书次日起算，并标明为系统默认`,
      },
    ],
    schema: z
      .object({
        appeal: z.coerce.number({ error: '请选择复议或诉讼' }).int().positive('请选择复议或诉讼'),
        on: date('审结之日'),
        result: z.enum(['upheld', 'corrected', 'other'], { error: '请选择结果' }),
        redo: z
          .union([z.literal(''), z.enum(['no', 'yes'])])
          .default('')
          .transform((v) => v || 'no'),
        decisionReceivedOn: optDate('收到决定书或判决书之日'),
        redoDays: z
          .union([
            z.literal(''),
            z.coerce
              .number({ error: '期限天数应为整数' })
              .int('期限天数应为整数')
              .min(1, '期限至少 1 天')
              .max(365, '期限不超过 365 天'),
          ])
          .default('')
          .transform((v) => (v === '' ? null : v)),
        redoUnit: z
          .union([z.literal(''), z.enum(['days', 'workdays'])])
          .default('')
          .transform((v) => v || 'days'),
        redoDueOn: optDate('重新答复截止日期'),
      })
      .superRefine((v, ctx) => {
        if (v.redo === 'yes' && v.result !== 'corrected')
          ctx.addIssue({
            code: 'custom',
            path: ['redo'],
            message: '只有结果为“纠正”时才会责令重新答复',
          });
        if (v.redo === 'no' && (v.redoDays != null || v.redoDueOn))
          ctx.addIssue({
            code: 'custom',
            path: ['redo'],
            message: '填写了重新答复期限，请选择“是”责令重新答复',
          });
        if (v.redoDays != null && v.redoDueOn)
          ctx.addIssue({ code: 'custom', path: ['redoDueOn'], message: '天数和截止日期请只填一项' });
      }),
    offered: (_c, _ev, x) => x.openAppeals.length > 0,
    event: () => null,
    save: (db, _code, d, ctx) => {
      if (!ctx.extra.openAppeals.some((a) => a.id === d.appeal))
        throw new CaseError('INVALID_INPUT', '请选择本案尚未审结的复议或诉讼');
      return decideAppeal(
        db,
        {
          id: d.appeal as number,
          result: d.result as 'upheld',
          closedOn: d.on as string,
          redoOrdered: d.redo === 'yes',
          decisionReceivedOn: d.decisionReceivedOn as string | null,
          redoDays: d.redoDays as number | null,
          redoUnit: d.redoUnit as 'days',
          redoDueOn: d.redoDueOn as string | null,
        },
        ctx,
      );
    },
  },
  {
    key: 'assign',
    label: '指定经办人',
    policy: 'case.assign',
    fields: [
      {
        name: 'officer',
        label: '经办人',
        kind: 'select',
        required: true,
        optionsFrom: (x) => x.officers.map((o) => [String(o.id), o.name] as const),
      },
    ],
    schema: z.object({ officer: z.coerce.number({ error: '请选择经办人' }).int().positive('请选择经办人') }),
    offered: (c, _ev, x) => isOpen(c) && x.officers.length > 0,
    event: () => null,
    save: (db, code, d, ctx) => assignCase(db, code, d.officer as number, ctx),
  },
  {
    key: 'note',
    label: '备注',
    policy: 'case.act',
    fields: [ON, { name: 'text', label: '内容', kind: 'textarea', required: true }],
    schema: z.object({ on: date('日期'), text: text('备注内容', 2000) }),
    offered: () => true,
    event: (d) => ({ type: 'note', on: d.on as string, data: { text: d.text } }),
    save: (db, code, d, ctx) => addNote(db, code, { on: d.on as string, text: d.text as string }, ctx),
  },
] as const;

/**
 * 重新答复 after a decision or judgment ordered one: the reply's own form, schema and 答复书, recorded on the
 * closed case (src/cases/appeals.ts reReply) — the statutory clock of the first reply is not run again.
 */
const REPLY_ACTION = ACTION_LIST.find((a) => a.key === 'reply')!;
const RE_REPLY: CaseAction = {
  ...REPLY_ACTION,
  key: 'reReply',
  label: '重新答复（复议决定或判决责令）',
  fields: REPLY_ACTION.fields.map((f) => (f.name === 'on' ? { ...f, label: '重新答复日期' } : f)),
  offered: (_c, _ev, x) => (x.pendingRedos?.length ?? 0) > 0,
  event: () => null,
  save: (db, code, d, ctx) =>
    reReply(db, code, { ...replyInputOf(d), appeal: ctx.extra.pendingRedos?.[0]?.id ?? null }, ctx),
};
const WITH_RE_REPLY = ACTION_LIST.flatMap((a) => (a.key === 'appealDecide' ? [a, RE_REPLY] : [a]));

export const CASE_ACTIONS: ReadonlyMap<string, CaseAction> = new Map(WITH_RE_REPLY.map((a) => [a.key, a]));

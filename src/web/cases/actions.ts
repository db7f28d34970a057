// The actions an officer (or, for an extension, an approver) takes on a case, as data: the form's fields, the zod
// schema that validates them, the event the statutory clock sees (for the preview of the new due dates before
// saving), and the use case that records it (src/cases/events.ts). Which action needs which role is in
// ../policies.ts; when an action is offered depends on the case's state.
import { z } from 'zod';
import {
  abandon,
  addNote,
  type EventOutcome,
  endConsultation,
  extendDeadline,
  notifyFee,
  payFee,
  receiveCorrection,
  reply,
  requestCorrection,
  startConsultation,
  withdraw,
} from '../../cases/events.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import type { CaseRow, NewEvent } from '../../cases/timeline.ts';
import type { Db } from '../../db/handle.ts';
import { feeByPages } from '../../domain/fees/index.ts';
import type { Action } from '../policies.ts';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'date' | 'text' | 'textarea' | 'select' | 'number';
  readonly required?: boolean;
  readonly options?: readonly (readonly [string, string])[];
  readonly hint?: string;
}

export interface ActionContext {
  readonly actor: string;
  readonly username: string;
  readonly today: string;
}

export interface CaseAction {
  readonly key: string;
  readonly label: string;
  readonly policy: Extract<Action, 'case.act' | 'case.extend'>;
  readonly fields: readonly FieldSpec[];
  readonly schema: z.ZodType<Record<string, unknown>>;
  /** Offered for a case in this state, with these events. */
  offered(c: CaseRow, events: readonly NewEvent[]): boolean;
  /** The event as the clock will see it: what the preview computes the new deadlines from. */
  event(d: Record<string, unknown>, ctx: ActionContext): NewEvent;
  save(db: Db, code: string, d: Record<string, unknown>, ctx: ActionContext): Promise<EventOutcome>;
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

const ON: FieldSpec = { name: 'on', label: '日期', kind: 'date', required: true };
const has = (events: readonly NewEvent[], type: string) => events.some((e) => e.type === type);
const isOpen = (c: CaseRow) => c.closedOn === null;
const count = (events: readonly NewEvent[], type: string) => events.filter((e) => e.type === type).length;

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
        hint: '行政机关确定的合理补正期限（《条例》第三十条）',
      },
    ],
    schema: z.object({ on: date('日期'), items: text('需要补正的事项'), correctionDue: optDate('补正期限') }),
    offered: (c, ev) => isOpen(c) && !has(ev, 'correctionRequested'),
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
    ],
    schema: z.object({
      on: date('送达日期'),
      party: z.enum(['thirdParty', 'otherAgency'], { error: '请选择征求对象' }),
      consultee: text('第三方或机关名称', 200),
    }),
    offered: (c) => isOpen(c) && c.status !== 'awaitingCorrection',
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
    key: 'extend',
    label: '延长答复期限',
    policy: 'case.extend',
    fields: [
      { ...ON, label: '批准日期' },
      {
        name: 'workdays',
        label: '延长的工作日数',
        kind: 'number',
        required: true,
        hint: '最长 20 个工作日（《条例》第三十三条第二款）',
      },
      { name: 'reason', label: '延期理由', kind: 'textarea' },
    ],
    schema: z.object({
      on: date('批准日期'),
      workdays: z.coerce
        .number({ error: '请填写延长的工作日数' })
        .int('延长的工作日数应为整数')
        .min(1, '至少延长 1 个工作日')
        .max(20, '延长期限最长不得超过 20 个工作日（《条例》第三十三条第二款）'),
      reason: optText(500),
    }),
    offered: (c, ev) => isOpen(c) && !has(ev, 'extended') && c.status !== 'awaitingCorrection',
    event: (d, ctx) => ({
      type: 'extended',
      on: d.on as string,
      data: { workdays: d.workdays, approver: ctx.username, ...(d.reason ? { reason: d.reason } : {}) },
    }),
    save: (db, code, d, ctx) =>
      extendDeadline(
        db,
        code,
        {
          on: d.on as string,
          workdays: d.workdays as number,
          approver: ctx.username,
          reason: d.reason as string | null,
        },
        ctx,
      ),
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
    label: '视为放弃申请',
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
    ],
    schema: z.object({
      on: date('答复日期'),
      outcome: z.enum(REPLY_OUTCOMES.map(([k]) => k) as [string, ...string[]], { error: '请选择办理结果' }),
      legalBasis: optText(300),
      note: optText(2000),
    }),
    offered: (c) => isOpen(c) && c.status !== 'awaitingCorrection' && c.status !== 'awaitingFee',
    event: (d) => ({ type: 'replied', on: d.on as string, data: { outcome: d.outcome } }),
    save: (db, code, d, ctx) =>
      reply(
        db,
        code,
        {
          on: d.on as string,
          outcome: d.outcome as string,
          legalBasis: d.legalBasis as string | null,
          note: d.note as string | null,
        },
        ctx,
      ),
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

export const CASE_ACTIONS: ReadonlyMap<string, CaseAction> = new Map(ACTION_LIST.map((a) => [a.key, a]));

// Intake by staff, for every channel (《条例》第三十一条): the application's fields plus how it arrived, the receipt
// date under the channel's rule, and how a confirmation was made where the rule needs one.
import { z } from 'zod';
import { CONFIRMATION_CHANNELS } from '../../cases/intake.ts';
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../../domain/clock/index.ts';
import { APPLICATION_SHAPE, APPLY_LABELS, checkApplication } from './apply.ts';

export const CHANNEL_OPTIONS = (
  Object.entries(RECEIPT_CHANNELS) as [ReceiptChannel, { label: string; rule: string }][]
).map(([k, v]) => [k, v.label, v.rule] as const);

export const IntakeSchema = z
  .object({
    ...APPLICATION_SHAPE,
    channel: z.enum(Object.keys(RECEIPT_CHANNELS) as [ReceiptChannel, ...ReceiptChannel[]], {
      error: '请选择申请渠道',
    }),
    receivedOn: z.iso.date('收到申请之日应为有效日期（年-月-日）'),
    arrivedOn: z.union([z.literal(''), z.iso.date('送达日期应为有效日期（年-月-日）')]),
    confirmation: z.string().trim().max(200, '确认方式不能超过 200 个字'),
  })
  .superRefine((v, ctx) => {
    checkApplication(v, ctx);
    if (CONFIRMATION_CHANNELS.has(v.channel) && !v.confirmation)
      ctx.addIssue({
        code: 'custom',
        path: ['confirmation'],
        message: `${RECEIPT_CHANNELS[v.channel].label}：${RECEIPT_CHANNELS[v.channel].rule}。请记录与申请人确认的方式`,
      });
    if (v.arrivedOn && v.arrivedOn > v.receivedOn)
      ctx.addIssue({ code: 'custom', path: ['arrivedOn'], message: '送达日期不能晚于收到申请之日' });
  });

export const INTAKE_LABELS: Readonly<Record<string, string>> = {
  ...APPLY_LABELS,
  channel: '申请渠道',
  receivedOn: '收到申请之日',
  arrivedOn: '送达日期',
  confirmation: '确认方式',
};

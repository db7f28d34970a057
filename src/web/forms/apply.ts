// The public application form (《条例》第二十九条): who applies (the 表三 column they are counted in), their identity
// and contact, the information sought, and the form and delivery wanted. Messages are Chinese and name the field.
import { z } from 'zod';
import { APPLICANT_COLUMNS } from '../../domain/report/layout.ts';
import { isCreditCode, isPhone, isResidentId } from './identity.ts';

export const APPLICANT_TYPE_OPTIONS = APPLICANT_COLUMNS.filter((c) => c.key !== 'total').map(
  (c) => [c.key, c.group ? `${c.group}：${c.label}` : `${c.label}（公民）`] as const,
);

export const FORM_OPTIONS = [
  ['paper', '纸质文本'],
  ['electronic', '电子文件'],
  ['inspect', '当场查阅、抄录'],
] as const;

export const DELIVERY_OPTIONS = [
  ['post', '邮寄'],
  ['email', '电子邮件'],
  ['pickup', '当面领取'],
  ['online', '在本网站查看'],
] as const;

const keys = <T extends readonly (readonly [string, string])[]>(o: T) =>
  o.map(([k]) => k) as unknown as [T[number][0], ...T[number][0][]];

const text = (label: string, max: number) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);

/** The fields of an application, whatever its channel. */
export const APPLICATION_SHAPE = {
  agencyId: z.coerce.number({ error: '请选择受理机关' }).int('请选择受理机关').positive('请选择受理机关'),
  applicantType: z.enum(keys(APPLICANT_TYPE_OPTIONS), { error: '请选择申请人类型' }),
  name: text('姓名或名称', 100),
  idNumber: z.string().trim().min(1, '请填写身份证明号码').max(40, '身份证明号码过长'),
  phone: z
    .string()
    .trim()
    .min(1, '请填写联系电话')
    .refine(isPhone, '联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 010-12345678）'),
  email: z.union([z.literal(''), z.string().trim().email('电子邮箱格式不正确').max(200, '电子邮箱过长')]),
  address: z.string().trim().max(200, '通信地址不能超过 200 个字'),
  description: text('所需政府信息的名称、文号或特征性描述', 2000),
  formWanted: z.enum(keys(FORM_OPTIONS), { error: '请选择获取信息的形式' }),
  deliveryWanted: z.enum(keys(DELIVERY_OPTIONS), { error: '请选择获取信息的方式' }),
};

type ApplicationValues = { [K in keyof typeof APPLICATION_SHAPE]: z.infer<(typeof APPLICATION_SHAPE)[K]> };

/** Cross-field checks of an application: the identity number fits the applicant type; the delivery is reachable. */
export function checkApplication(v: ApplicationValues, ctx: z.RefinementCtx): void {
  // 身份证明: a natural person gives the 公民身份号码, an organisation its 统一社会信用代码.
  if (v.applicantType === 'naturalPerson' ? !isResidentId(v.idNumber) : !isCreditCode(v.idNumber))
    ctx.addIssue({
      code: 'custom',
      path: ['idNumber'],
      message:
        v.applicantType === 'naturalPerson'
          ? '身份证号码不正确：应为 18 位，最后一位可以是 X，请核对出生日期和校验位'
          : '统一社会信用代码不正确：应为 18 位数字或大写字母，请核对校验位',
    });
  if (v.deliveryWanted === 'post' && !v.address)
    ctx.addIssue({ code: 'custom', path: ['address'], message: '选择邮寄时请填写通信地址' });
  if (v.deliveryWanted === 'email' && !v.email)
    ctx.addIssue({ code: 'custom', path: ['email'], message: '选择电子邮件时请填写电子邮箱' });
}

export const ApplySchema = z.object(APPLICATION_SHAPE).superRefine(checkApplication);

export type ApplyInput = z.infer<typeof ApplySchema>;

export const APPLY_LABELS: Readonly<Record<string, string>> = {
  agencyId: '受理机关',
  applicantType: '申请人类型',
  name: '姓名或名称',
  idNumber: '身份证明号码',
  phone: '联系电话',
  email: '电子邮箱',
  address: '通信地址',
  description: '所需信息',
  formWanted: '获取信息的形式',
  deliveryWanted: '获取信息的方式',
};

export const labelOf = (options: readonly (readonly [string, string])[], key: string | null | undefined) =>
  options.find(([k]) => k === key)?.[1] ?? key ?? '';

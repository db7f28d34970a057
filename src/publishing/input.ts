// Validating input at the boundary of a use case: zod schemas with Chinese field names, turned into one
// PublishingError naming every bad field, so a form can show each message next to its field.
import { z } from 'zod';
import { isIsoDate } from '../domain/calendar/index.ts';
import { PublishingError } from './errors.ts';
import '../zod-zh.ts';

export const isoDate = (label: string) =>
  z
    .string({ error: `${label}应为日期 YYYY-MM-DD` })
    .refine(isIsoDate, { message: `${label}应为有效日期 YYYY-MM-DD` });

export const text = (label: string, max = 500) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, { message: `${label}不能为空` })
    .max(max, { message: `${label}不能超过${max}字` });

export const optionalText = (label: string, max = 500) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label}不能超过${max}字` })
    .nullish()
    .transform((v) => (v ? v : null));

/** Agency by code (CLI) or id (web). */
export const agencyRef = z.union([z.string().trim().min(1), z.number().int().positive()], {
  error: '须指明机关（代码或编号）',
});

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems: FieldProblem[] = r.error.issues.map((i) => ({
    field: i.path.join('.'),
    message: i.message,
  }));
  throw new PublishingError('INVALID_INPUT', problems.map((p) => p.message).join('；'), { problems });
}

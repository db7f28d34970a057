// Validation at the web boundary: a form body through a zod schema into typed data, or Chinese messages keyed by
// field, to show next to each field.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './env.ts';

export type FormValues = Record<string, string | string[]>;

/** The submitted form as strings (files dropped); a field sent several times becomes an array. */
export async function formValues(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '_');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A single string of a form value (the first, when a field was sent twice). */
export const one = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? (v[0] ?? '') : (v ?? '');

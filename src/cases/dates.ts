// Date checks shared by the use cases. Dates are 'YYYY-MM-DD' strings everywhere (no time zones).
import { isIsoDate } from '../domain/calendar/index.ts';
import type { UseCaseContext } from './context.ts';
import { invalid } from './errors.ts';

export function assertDate(value: unknown, what: string): asserts value is string {
  if (!isIsoDate(value))
    throw invalid(`${what}“${String(value)}”不是有效日期，应写作 YYYY-MM-DD（如 2024-03-01）`);
}

/** Refuse a date in the future: a typing error, never a real event. */
export function assertNotFuture(date: string, what: string, ctx: Pick<UseCaseContext, 'today'>): void {
  if (ctx.today && date > ctx.today) throw invalid(`${what}（${date}）晚于今天（${ctx.today}），请核对日期`);
}

export const yearOfDate = (d: string): number => Number(d.slice(0, 4));

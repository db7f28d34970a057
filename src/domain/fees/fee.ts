// 信息处理费 calculator (国办函〔2020〕109号). Charging is discretionary (《条例》第四十二条: 可以收取) and an agency
// picks ONE method per application, never both (第三条); these functions only price a chosen method.
import { APPLICATION_TIERS, applicationTiersUpTo, FEE_BASIS, type FeeTier, PAGE_TIERS } from './tiers.ts';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type FeeMethod =
  /** 按量计收: pages of one application (第五条). */
  | 'pages'
  /** 按件计收: applications by one applicant in one natural month, cumulative (第四条). */
  | 'applications';

export interface FeeLine {
  readonly from: number;
  readonly to: number;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly subtotal: number;
}

export interface FeeQuote {
  readonly method: FeeMethod;
  readonly quantity: number;
  /** Yuan (元), an integer. */
  readonly amount: number;
  /** One line per band reached, free bands included — what a 收费通知 states as 标准. */
  readonly lines: readonly FeeLine[];
  readonly basis: string;
}

export class FeeError extends Error {
  override readonly name = 'FeeError';
  readonly code = 'INVALID_QUANTITY';
}

// ---------------------------------------------------------------------------------------------------------------

/** Large enough for any real case; beyond it the arithmetic would leave safe integers for 按件. */
export const MAX_QUANTITY = 1_000_000;

function assertQuantity(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_QUANTITY) {
    throw new FeeError(`${what}应为 0 到 ${MAX_QUANTITY} 之间的整数，收到 ${String(n)}`);
  }
}

function price(method: FeeMethod, n: number, tiers: readonly FeeTier[]): FeeQuote {
  const lines: FeeLine[] = [];
  for (const t of tiers) {
    if (n < t.from) break;
    const to = t.to === null ? n : Math.min(t.to, n);
    const quantity = to - t.from + 1;
    lines.push({ from: t.from, to, unitPrice: t.unitPrice, quantity, subtotal: quantity * t.unitPrice });
  }
  return { method, quantity: n, amount: lines.reduce((a, l) => a + l.subtotal, 0), lines, basis: FEE_BASIS };
}

/** 按量计收 for one application of `pages` pages: 68 pages → 380 元; 1,500 pages → 54,700 元. */
export function feeByPages(pages: number): FeeQuote {
  assertQuantity(pages, '页数');
  return price('pages', pages, PAGE_TIERS);
}

/** 按件计收 for the first `applications` applications of one applicant in one natural month: 45 → 5,500 元. */
export function feeByApplications(applications: number): FeeQuote {
  assertQuantity(applications, '申请件数');
  return price('applications', applications, applicationTiersUpTo(applications));
}

/**
 * The 按件 fee for `count` further applications when the applicant already filed `before` this natural month:
 * the 11th application costs 100 元, the 31st 200 元.
 */
export function feeForNextApplications(before: number, count = 1): number {
  assertQuantity(before, '本月此前的申请件数');
  assertQuantity(count, '申请件数');
  return feeByApplications(before + count).amount - feeByApplications(before).amount;
}

/** The 按件 unit price of the `k`-th application of a month (k ≥ 1). */
export function applicationUnitPrice(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new FeeError(`申请序号应为正整数，收到 ${String(k)}`);
  const { free, first, progressive: p } = APPLICATION_TIERS;
  if (k <= free.to) return free.unitPrice;
  if (k <= first.to) return first.unitPrice;
  return p.startPrice + Math.floor((k - p.from) / p.size) * p.step;
}

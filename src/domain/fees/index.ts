// 信息处理费 (国办函〔2020〕109号): public API.
//   feeByPages(68).amount           → 380   (按量: one application, per page, 30 pages free)
//   feeByApplications(45).amount    → 5500  (按件: one applicant, one natural month, cumulative, 10 free)
//   feeForNextApplications(30)      → 200   (the 31st application of the month)
// Amounts are whole yuan. Invalid quantities throw FeeError with a Chinese message.

export type { FeeLine, FeeMethod, FeeQuote } from './fee.ts';
export {
  applicationUnitPrice,
  FeeError,
  feeByApplications,
  feeByPages,
  feeForNextApplications,
  MAX_QUANTITY,
} from './fee.ts';
export type { FeeTier } from './tiers.ts';
export { APPLICATION_TIERS, FEE_BASIS, PAGE_TIERS } from './tiers.ts';

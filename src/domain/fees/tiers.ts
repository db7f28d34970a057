// The tiers of the 信息处理费, as data: 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), in force 2021-01-01,
// made under 《条例》第四十二条. Both methods are 超额累进 (marginal): each unit is charged at the rate of the band
// it falls in (第三条). The 1,500-page notice for 54,700 元 reported in 2024 (成都高新区) confirms this reading.

/** A band of units [from, to] charged at `unitPrice` 元 each; `to: null` = open-ended. */
export interface FeeTier {
  readonly from: number;
  readonly to: number | null;
  readonly unitPrice: number;
}

/** 第五条 按量计收, per application: 30 pages free; 31–100: 10 元/页; 101–200: 20 元/页; 201+: 40 元/页. */
export const PAGE_TIERS: readonly FeeTier[] = [
  { from: 1, to: 30, unitPrice: 0 },
  { from: 31, to: 100, unitPrice: 10 },
  { from: 101, to: 200, unitPrice: 20 },
  { from: 201, to: null, unitPrice: 40 },
];

/**
 * 第四条 按件计收, per applicant per natural month, counted cumulatively: 10 applications free; 11–30: 100 元/件;
 * from 31 on, "以10件为一档，每增加一档，收费标准提高100元/件" (31–40: 200, 41–50: 300, …) — an unbounded
 * progression, so it is described by its rule rather than listed.
 */
export const APPLICATION_TIERS = {
  free: { from: 1, to: 10, unitPrice: 0 },
  first: { from: 11, to: 30, unitPrice: 100 },
  /** Bands of `size` applications from `from` on, the first at `startPrice`, each next one `step` dearer. */
  progressive: { from: 31, size: 10, startPrice: 200, step: 100 },
} as const;

export const FEE_BASIS = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/** The applications tiers as bands, as far as needed to cover `n` applications. */
export function applicationTiersUpTo(n: number): FeeTier[] {
  const { free, first, progressive: p } = APPLICATION_TIERS;
  const tiers: FeeTier[] = [free, first];
  for (let from = p.from, price = p.startPrice; from <= n; from += p.size, price += p.step) {
    tiers.push({ from, to: from + p.size - 1, unitPrice: price });
  }
  return tiers;
}

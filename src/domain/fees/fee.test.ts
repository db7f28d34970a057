import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicationUnitPrice,
  FeeError,
  feeByApplications,
  feeByPages,
  feeForNextApplications,
} from './fee.ts';

// Test vectors of shared/domain/02-information-processing-fee.md, computed from 国办函〔2020〕109号 第四条、第五条.
describe('按量计收 (第五条): per application, by page', () => {
  it.each([
    [0, 0, 'no pages'],
    [30, 0, 'last free page'],
    [31, 10, 'first page at 10 元'],
    [68, 380, 'the 380-yuan case of a 2025 annual report'],
    [100, 700, 'last page at 10 元'],
    [101, 720, 'first page at 20 元'],
    [200, 2_700, 'last page at 20 元'],
    [201, 2_740, 'first page at 40 元'],
    [1_500, 54_700, 'the 成都高新区 2024 notice, confirming the marginal reading'],
  ])('%i pages → %i 元 (%s)', (pages, amount) => {
    expect(feeByPages(pages).amount).toBe(amount);
  });

  it('itemises the bands the way a 收费通知 states them', () => {
    expect(feeByPages(1_500).lines).toEqual([
      { from: 1, to: 30, unitPrice: 0, quantity: 30, subtotal: 0 },
      { from: 31, to: 100, unitPrice: 10, quantity: 70, subtotal: 700 },
      { from: 101, to: 200, unitPrice: 20, quantity: 100, subtotal: 2_000 },
      { from: 201, to: 1_500, unitPrice: 40, quantity: 1_300, subtotal: 52_000 },
    ]);
  });
});

describe('按件计收 (第四条): per applicant, per natural month, cumulative', () => {
  it.each([
    [10, 0, 'last free application'],
    [11, 100, 'first at 100 元'],
    [30, 2_000, 'last at 100 元'],
    [31, 2_200, 'first of the 200-yuan band'],
    [40, 4_000, 'last of the 200-yuan band'],
    [41, 4_300, 'first of the 300-yuan band'],
    [45, 5_500, 'inside the 300-yuan band'],
    [50, 7_000, 'last of the 300-yuan band'],
    [60, 11_000, 'last of the 400-yuan band'],
  ])('%i applications → %i 元 (%s)', (n, amount) => {
    expect(feeByApplications(n).amount).toBe(amount);
  });

  it('prices the next application of the month by its ordinal', () => {
    expect(feeForNextApplications(10)).toBe(100);
    expect(feeForNextApplications(30)).toBe(200);
    expect(feeForNextApplications(40)).toBe(300);
    expect(feeForNextApplications(0, 10)).toBe(0);
    expect(applicationUnitPrice(61)).toBe(500);
  });
});

describe('bad quantities', () => {
  it.each([-1, 1.5, Number.NaN, 10_000_001])('%s is refused with a Chinese message', (n) => {
    expect(() => feeByPages(n)).toThrow(FeeError);
    expect(() => feeByPages(n)).toThrow(/页数应为/);
    expect(() => feeByApplications(n)).toThrow(/申请件数应为/);
  });
});

describe('properties', () => {
  it('the total is the sum of the unit prices of each application, and never decreases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (n) => {
        let sum = 0;
        for (let k = 1; k <= n; k++) sum += applicationUnitPrice(k);
        expect(feeByApplications(n).amount).toBe(sum);
        expect(feeByApplications(n + 1).amount).toBeGreaterThanOrEqual(sum);
      }),
    );
  });

  it('each extra page costs the rate of its band', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), (p) => {
        const extra = feeByPages(p + 1).amount - feeByPages(p).amount;
        const k = p + 1;
        expect(extra).toBe(k <= 30 ? 0 : k <= 100 ? 10 : k <= 200 ? 20 : 40);
      }),
    );
  });
});

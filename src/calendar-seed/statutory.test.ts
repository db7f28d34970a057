import { describe, expect, it } from 'vitest';
import { addWorkdays, dayInfo } from '../domain/calendar/index.ts';
import { seedCalendar } from './seed.ts';
import { projectedYear, statutoryHolidays } from './statutory.ts';

describe('statutory holidays of a year without a notice (《全国年节及纪念日放假办法》第二条)', () => {
  it('gives the 13 days of 2027, lunar dates converted', () => {
    expect(statutoryHolidays(2027)).toEqual({
      '2027-01-01': '元旦',
      // 春节 4 days from 除夕: 农历正月初一 is 2027-02-06.
      '2027-02-05': '春节',
      '2027-02-06': '春节',
      '2027-02-07': '春节',
      '2027-02-08': '春节',
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节',
      '2027-05-02': '劳动节',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
    });
  });

  it.each([2025, 2026])(
    'agrees with the published %i notice: every statutory day is a rest day there',
    (y) => {
      const cal = seedCalendar();
      for (const d of Object.keys(statutoryHolidays(y))) expect(dayInfo(d, cal).workday, d).toBe(false);
    },
  );

  it('compensates a holiday on a weekend on the next working day (第六条)', () => {
    // 2027-05-01/02 are Saturday and Sunday → Monday and Tuesday are 补假.
    const p = projectedYear(2027).holidays;
    expect(p['2027-05-03']).toBe('劳动节（补假）');
    expect(p['2027-05-04']).toBe('劳动节（补假）');
    expect(p['2027-05-05']).toBeUndefined();
  });

  it.each([
    ['2026-12-04', 20, '2027-01-04'],
    // 除夕 02-05 (Fri), 02-06…08, 补假 02-09/10 for the weekend days.
    ['2027-01-25', 10, '2027-02-12'],
    ['2027-09-13', 3, '2027-09-17'],
  ])('counts them as rest days, provisionally: %s + %i = %s', (start, n, want) => {
    const r = addWorkdays(start, n, seedCalendar());
    expect(r).toEqual({ date: want, provisional: true, missingYears: [2027] });
  });

  it('leaves a year that has its notice alone', () => {
    expect(seedCalendar().projected.some((p) => p.year === 2026)).toBe(false);
  });
});

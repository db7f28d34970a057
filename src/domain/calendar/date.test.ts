import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber, isIsoDate, weekday, weekdayName } from './date.ts';

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true, 'leap day of a leap year'],
    ['2023-02-29', false, 'leap day of a common year'],
    ['2000-02-29', true, 'leap day of a 400-year'],
    ['1900-02-29', false, 'no leap day in a 100-year'],
    ['2023-04-31', false, 'April has 30 days'],
    ['2023-12-31', true, 'last day of the year'],
    ['2023-13-01', false, 'month 13'],
    ['2023-9-1', false, 'unpadded month and day'],
    ['2023/09/01', false, 'slashes'],
    ['2023-09-01T00:00', false, 'a time part'],
    ['', false, 'empty'],
  ])('%s → %s (%s)', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it('rejects non-strings', () => {
    expect(isIsoDate(20230901)).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });
});

describe('day arithmetic', () => {
  it('knows weekdays of dated events', () => {
    expect(weekday('1970-01-01')).toBe(4); // Thursday
    expect(weekdayName('2023-10-07')).toBe('星期六');
    expect(weekdayName('2024-02-04')).toBe('星期日');
    expect(weekdayName('2026-02-14')).toBe('星期六');
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
  });

  it('day numbers round-trip and agree with the platform calendar (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 60_000 }), (n) => {
        const d = fromDayNumber(n);
        expect(isIsoDate(d)).toBe(true);
        expect(dayNumber(d)).toBe(n);
        expect(d).toBe(new Date(n * 86_400_000).toISOString().slice(0, 10));
        expect(weekday(d)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCalendar } from '../../calendar-seed/index.ts';
import { createCalendar } from './calendar-data.ts';
import { dayNumber, fromDayNumber } from './date.ts';
import { CalendarError } from './errors.ts';
import { addWorkdays, addWorkdaysStrict, countWorkdays, dayInfo, isWorkday } from './workdays.ts';

const cal = seedCalendar();

describe('addWorkdays over the national calendar (receipt day not counted)', () => {
  it.each([
    // [edge, start, n, expected]
    [
      '2023 国庆调休: 2023-09-25 + 20 工作日 = 2023-10-27, counting 10-07 and 10-08',
      '2023-09-25',
      20,
      '2023-10-27',
    ],
    [
      '2025 春节: 2025-01-20 + 20 = 2025-02-21, counting make-up days 01-26 and 02-08',
      '2025-01-20',
      20,
      '2025-02-21',
    ],
    ['2026 春节: 2026-02-10 + 7 = 2026-02-26, counting Saturday 02-14', '2026-02-10', 7, '2026-02-26'],
    ['2024 春节: Friday 02-02 + 1 = Sunday 02-04 (make-up working day)', '2024-02-02', 1, '2024-02-04'],
    [
      '2024 春节: 02-09 + 1 = 02-18 (Sunday make-up day right after the 02-10…17 holiday)',
      '2024-02-09',
      1,
      '2024-02-18',
    ],
    ['2024 春节: 2024-02-01 + 20 = 2024-03-05', '2024-02-01', 20, '2024-03-05'],
    [
      '2020 春节延长: 2020-01-23 + 1 = 2020-02-03 (01-31…02-02 holidays, 02-01 make-up day dropped)',
      '2020-01-23',
      1,
      '2020-02-03',
    ],
    [
      '2019 劳动节调整: 2019-04-26 + 1 = Sunday 2019-04-28 (make-up day added in March)',
      '2019-04-26',
      1,
      '2019-04-28',
    ],
    [
      '2018 年末: 2018-12-28 + 1 = Saturday 2018-12-29, worked under the 2019 notice',
      '2018-12-28',
      1,
      '2018-12-29',
    ],
    ['a Friday start: 2023-11-03 + 1 = Monday 2023-11-06', '2023-11-03', 1, '2023-11-06'],
    [
      'a start on a holiday: 2023-10-01 + 1 = 2023-10-07 (Saturday make-up day)',
      '2023-10-01',
      1,
      '2023-10-07',
    ],
    ['n = 0 returns the start unchanged, even on a holiday', '2023-10-01', 0, '2023-10-01'],
  ])('%s', (_edge, start, n, expected) => {
    const r = addWorkdays(start, n, cal);
    expect(r).toEqual({ date: expected, provisional: false, missingYears: [] });
  });

  it('countStartDay counts a working start day as day 1, and skips a non-working one', () => {
    expect(addWorkdays('2023-09-25', 20, cal, { countStartDay: true }).date).toBe('2023-10-26');
    // 2023-10-01 is a holiday, so the first counted day is 10-07 either way.
    expect(addWorkdays('2023-10-01', 1, cal, { countStartDay: true }).date).toBe('2023-10-07');
  });

  it('skips excluded days (a pause) without counting them', () => {
    const exclude = (d: string) => d >= '2023-10-10' && d <= '2023-10-13';
    expect(addWorkdays('2023-09-25', 20, cal, { exclude }).date).toBe('2023-11-02');
  });
});

describe('2024 春节 and 2020 春节延长 as single days', () => {
  it.each([
    ['2024-02-04', true, 'makeupWorkday', 'Sunday make-up day before 春节'],
    ['2024-02-18', true, 'makeupWorkday', 'Sunday make-up day after 春节'],
    ['2024-02-09', true, 'weekday', '除夕 2024 is a working day (only encouraged off)'],
    ['2024-02-10', false, 'holiday', '春节 day 1'],
    ['2024-02-16', false, 'holiday', 'Friday inside the 8-day holiday'],
    ['2020-01-31', false, 'holiday', 'Friday added by the 2020 extension'],
    ['2020-02-01', false, 'holiday', 'Saturday: the scheduled make-up day was cancelled'],
    ['2020-02-02', false, 'holiday', 'Sunday: last day of the extension'],
    ['2020-02-03', true, 'weekday', 'Monday: back to work'],
    ['2023-10-07', true, 'makeupWorkday', '2023 国庆 make-up Saturday'],
    ['2023-10-08', true, 'makeupWorkday', '2023 国庆 make-up Sunday'],
  ])('%s → workday %s (%s: %s)', (date, workday, kind) => {
    expect(isWorkday(date, cal)).toBe(workday);
    expect(dayInfo(date, cal)).toMatchObject({ workday, kind, confirmed: true });
  });
});

describe('years without data are flagged, never guessed silently', () => {
  it('a window reaching 2027 is provisional', () => {
    const r = addWorkdays('2026-12-10', 20, cal);
    expect(r).toEqual({ date: '2027-01-08', provisional: true, missingYears: [2027] });
  });

  it('the last week of 2026 already depends on the 2027 notice (元旦 arrangements reach back)', () => {
    expect(addWorkdays('2026-12-21', 1, cal).provisional).toBe(false);
    expect(addWorkdays('2026-12-24', 1, cal)).toEqual({
      date: '2026-12-25',
      provisional: true,
      missingYears: [2027],
    });
  });

  it('a window before 2004 is provisional too', () => {
    expect(addWorkdays('2003-12-01', 5, cal)).toMatchObject({ provisional: true, missingYears: [2003] });
  });

  it('the strict variant throws a Chinese message naming the year', () => {
    expect(() => addWorkdaysStrict('2026-12-10', 20, cal)).toThrow(CalendarError);
    expect(() => addWorkdaysStrict('2026-12-10', 20, cal)).toThrow(/2027 年.*节假日安排/);
    try {
      addWorkdaysStrict('2026-12-10', 20, cal);
    } catch (e) {
      expect((e as CalendarError).code).toBe('MISSING_CALENDAR_YEAR');
    }
    expect(addWorkdaysStrict('2026-02-10', 7, cal).date).toBe('2026-02-26');
  });

  it('dayInfo says when it fell back to Monday–Friday', () => {
    expect(dayInfo('2027-01-05', cal)).toMatchObject({ workday: true, kind: 'weekday', confirmed: false });
    // 元旦 of a year without a notice is a rest day by 《全国年节及纪念日放假办法》, still unconfirmed.
    expect(dayInfo('2027-01-01', cal)).toMatchObject({ workday: false, kind: 'holiday', confirmed: false });
  });
});

describe('local adjustments', () => {
  const local = createCalendar({
    years: cal.years,
    local: [
      { date: '2020-02-03', kind: 'holiday', reason: '本省春节假期延长', authority: '某省人民政府办公厅' },
      { date: '2027-01-04', kind: 'holiday', reason: '本地调整', authority: null },
    ],
  });

  it('override the national schedule and change the version', () => {
    expect(isWorkday('2020-02-03', local)).toBe(false);
    expect(dayInfo('2020-02-03', local)).toMatchObject({ kind: 'localHoliday', name: '本省春节假期延长' });
    expect(addWorkdays('2020-01-23', 1, local).date).toBe('2020-02-04');
    expect(local.version).not.toBe(cal.version);
  });

  it('confirm their own date but not the rest of a missing year', () => {
    expect(dayInfo('2027-01-04', local).confirmed).toBe(true);
    expect(addWorkdays('2027-01-01', 2, local).provisional).toBe(true);
  });
});

describe('bad input', () => {
  it.each([
    ['2023-02-29', 1],
    ['2023/01/01', 1],
    ['2023-01-01', -1],
    ['2023-01-01', 1.5],
    ['2023-01-01', 100_000],
  ])('addWorkdays(%s, %s) throws a CalendarError', (start, n) => {
    expect(() => addWorkdays(start, n, cal)).toThrow(CalendarError);
  });

  it('names the bad date in Chinese', () => {
    expect(() => isWorkday('2023-02-30', cal)).toThrow('“2023-02-30”不是有效日期');
  });
});

// Start days from 2004-01-01 to 2026-06-30: windows of up to 60 working days stay inside the covered years.
const coveredStart = fc
  .integer({ min: dayNumber('2004-01-01'), max: dayNumber('2026-06-30') })
  .map((n) => fromDayNumber(n));

describe('properties', () => {
  it('addWorkdays lands on a working day after the start, and is monotonic in n and in the start', () => {
    fc.assert(
      fc.property(
        coveredStart,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (s, n, gap) => {
          const r = addWorkdays(s, n, cal);
          expect(r.date > s).toBe(true);
          expect(isWorkday(r.date, cal)).toBe(true);
          expect(addWorkdays(s, n + 1, cal).date > r.date).toBe(true);
          const later = fromDayNumber(dayNumber(s) + gap);
          expect(addWorkdays(later, n, cal).date >= r.date).toBe(true);
          expect(r.provisional).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counting back the working days between start and result gives n', () => {
    fc.assert(
      fc.property(coveredStart, fc.integer({ min: 0, max: 60 }), (s, n) => {
        expect(countWorkdays(s, addWorkdays(s, n, cal).date, cal).count).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

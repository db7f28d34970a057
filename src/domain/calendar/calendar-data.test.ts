import { describe, expect, it } from 'vitest';
import { createCalendar, missingYearsFor, type YearSchedule } from './calendar-data.ts';
import { CalendarError } from './errors.ts';

const notice = {
  title: '国务院办公厅关于2024年部分节假日安排的通知',
  docNumber: null,
  url: null,
  published: null,
};
const y2024: YearSchedule = {
  year: 2024,
  holidays: { '2024-02-10': '春节', '2024-02-11': '春节' },
  workdays: { '2024-02-04': '春节' },
  notices: [notice],
};

describe('createCalendar', () => {
  it('stamps a version naming the covered years and a content hash', () => {
    const cal = createCalendar({ years: [y2024] });
    expect(cal.version).toMatch(/^2024\.[0-9a-f]{12}$/);
    expect(createCalendar({ years: [] }).version).toMatch(/^empty\./);
  });

  it('gives the same version for the same dates, whatever the order or the notice metadata', () => {
    const a = createCalendar({ years: [y2024] });
    const b = createCalendar({
      years: [
        {
          ...y2024,
          holidays: { '2024-02-11': '春节', '2024-02-10': 'Spring Festival' },
          notices: [{ ...notice, docNumber: '国办发明电〔2023〕7号' }],
        },
      ],
      source: 'elsewhere',
    });
    expect(b.version).toBe(a.version);
  });

  it('changes the version when a single date changes', () => {
    const a = createCalendar({ years: [y2024] });
    const b = createCalendar({ years: [{ ...y2024, workdays: { '2024-02-18': '春节' } }] });
    expect(b.version).not.toBe(a.version);
  });

  it.each([
    [
      'a date filed under the wrong year',
      { ...y2024, holidays: { '2023-10-01': '国庆节' } },
      /不属于 2024 年/,
    ],
    ['an impossible date', { ...y2024, holidays: { '2024-02-30': '春节' } }, /不是有效日期/],
    [
      'a date both holiday and working day',
      { ...y2024, workdays: { '2024-02-10': '春节' } },
      /同时被列为放假日和调休上班日/,
    ],
  ])('refuses %s with a Chinese message', (_what, year, message) => {
    expect(() => createCalendar({ years: [year as YearSchedule] })).toThrow(message);
    expect(() => createCalendar({ years: [year as YearSchedule] })).toThrow(CalendarError);
  });

  it('refuses a year listed twice and a local adjustment listed twice', () => {
    expect(() => createCalendar({ years: [y2024, y2024] })).toThrow(/出现了两次/);
    const adj = { date: '2024-03-01', kind: 'holiday' as const, reason: '本地', authority: null };
    expect(() => createCalendar({ years: [y2024], local: [adj, adj] })).toThrow(/出现了两次/);
  });
});

describe('missingYearsFor', () => {
  const cal = createCalendar({ years: [y2024] });
  it.each([
    ['2024-06-01', []],
    ['2024-12-24', []],
    ['2024-12-25', [2025]],
    ['2024-12-31', [2025]],
    ['2025-01-02', [2025]],
    ['2023-12-31', [2023]],
  ])('%s depends on missing years %j', (date, years) => {
    expect(missingYearsFor(date, cal)).toEqual(years);
  });
});

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../domain/calendar/date.ts';
import { addWorkdays, coveredYears, dayInfo, isWorkday } from '../domain/calendar/index.ts';
import { calendarFromBundled, seedCalendar } from './seed.ts';

const cal = seedCalendar();
const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

describe('seedCalendar (chinese-days 1.5.7)', () => {
  it('covers exactly 2004–2026, every year present', () => {
    const years = coveredYears(cal);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(years).toHaveLength(2026 - 2004 + 1);
    expect(cal.source).toMatch(/^chinese-days \d+\.\d+\.\d+$/);
  });

  it('has a stable version', () => {
    expect(cal.version).toMatch(/^2004-2026\.[0-9a-f]{12}$/);
    expect(seedCalendar()).toBe(cal);
    // Key order and source label do not matter.
    const reversed = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).reverse());
    const copy = { holidays: reversed(raw.holidays), workdays: reversed(raw.workdays), inLieuDays: {} };
    expect(calendarFromBundled(copy, 'copy').version).toBe(cal.version);
  });

  it('records the gov.cn notice of every year since 2006, with 文号 for 2019–2026', () => {
    for (const y of cal.years) {
      expect(y.notices.length, `${y.year}`).toBeGreaterThan(0);
      if (y.year >= 2006) expect(y.notices[0]!.url, `${y.year}`).toMatch(/^https?:\/\/www\.gov\.cn\//);
      if (y.year >= 2019) expect(y.notices[0]!.docNumber, `${y.year}`).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
    }
    const y2026 = cal.years.find((y) => y.year === 2026)!;
    expect(y2026.notices[0]).toMatchObject({ docNumber: '国办发明电〔2025〕7号', published: '2025-11-04' });
  });

  it('records the amendments of 2015, 2019 and 2020', () => {
    const notices = (year: number) => cal.years.find((y) => y.year === year)!.notices.map((n) => n.title);
    expect(notices(2020)).toContain('国务院办公厅关于延长2020年春节假期的通知');
    expect(notices(2019)).toContain('国务院办公厅关于调整2019年劳动节假期安排的通知');
    expect(notices(2015).some((t) => t.includes('抗日战争'))).toBe(true);
  });

  it('credits late-December dates to the next year’s notice (2018-12-29 worked under the 2019 notice)', () => {
    const y2018 = cal.years.find((y) => y.year === 2018)!;
    expect(y2018.workdays['2018-12-29']).toBe('元旦');
    expect(y2018.notices.map((n) => n.title)).toContain('国务院办公厅关于2019年部分节假日安排的通知');
  });

  it('keeps Chinese holiday names', () => {
    expect(dayInfo('2024-02-10', cal).name).toBe('春节');
    expect(dayInfo('2023-10-07', cal).name).toBe('国庆节');
    expect(dayInfo('2015-09-03', cal).name).toContain('抗日战争');
  });

  it('matches the 2026 schedule of 国务院办公厅 (2025-11-04) day by day', () => {
    const workdays = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    const holidays = [
      '2026-01-01',
      '2026-01-02',
      '2026-02-15',
      '2026-02-20',
      '2026-02-23',
      '2026-04-06',
      '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-07',
    ];
    for (const d of workdays) expect(isWorkday(d, cal), d).toBe(true);
    for (const d of holidays) expect(isWorkday(d, cal), d).toBe(false);
  });

  it('does not inherit chinese-days’ silent Monday–Friday answer for 2027', () => {
    // The pitfall: chinese-days calls 2027-01-01 (元旦) a working day because it has no 2027 data.
    expect(chineseDaysIsWorkday('2027-01-01')).toBe(true);
    expect(dayInfo('2027-01-01', cal).confirmed).toBe(false);
  });

  it('refuses data of the wrong shape', () => {
    expect(() => calendarFromBundled({ holidays: {} }, 'broken')).toThrow();
    expect(() =>
      calendarFromBundled({ holidays: { x: 'a,b,1' }, workdays: {}, inLieuDays: {} }, 'broken'),
    ).toThrow(/“x”无效/);
  });
});

describe('agreement with chinese-days’ own answers', () => {
  it('addWorkdays equals findWorkday for random starts in 2004–2026 (chinese-days run in Asia/Shanghai)', () => {
    // chinese-days computes in the process's local zone and is off by a day west of UTC (checked in
    // America/Los_Angeles), so it runs in a child process pinned to Asia/Shanghai; our functions have no zone.
    const start = fc
      .integer({ min: dayNumber('2004-01-01'), max: dayNumber('2026-06-30') })
      .map((n) => fromDayNumber(n));
    const cases = fc.sample(fc.tuple(start, fc.integer({ min: 1, max: 60 })), 400);
    const script =
      "const { findWorkday } = require('chinese-days');" +
      'const cases = JSON.parse(process.argv[1]);' +
      'process.stdout.write(JSON.stringify(cases.map(([s, n]) => findWorkday(n, s))));';
    const theirs = JSON.parse(
      execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, TZ: 'Asia/Shanghai' },
        encoding: 'utf8',
      }),
    ) as string[];
    const ours = cases.map(([s, n]) => addWorkdays(s, n, cal).date);
    expect(ours).toEqual(theirs);
  });
});

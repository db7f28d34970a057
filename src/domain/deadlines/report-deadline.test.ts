import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULES,
  DEFAULT_DEADLINE_SETTINGS,
  deadlineBasis,
  parseMonthDay,
  reportDeadline,
  reportStatus,
  rulesOf,
  validateDeadlineSettings,
} from './report-deadline.ts';

describe('annual report deadlines (《条例》第四十九条)', () => {
  it.each([
    ['department', '2024-01-31'],
    ['localGovernment', '2024-03-31'],
    ['township', '2024-01-31'],
  ] as const)('the 2023 report of a %s is due %s', (kind, due) => {
    expect(reportDeadline(2023, kind)).toBe(due);
  });

  it.each([
    [
      'published on 01-31 is on time ("1月31日前" read as on or before)',
      'department',
      '2024-01-31',
      '2024-05-01',
      'onTime',
      0,
    ],
    ['published on 02-02 is 2 days late', 'department', '2024-02-02', '2024-05-01', 'late', 2],
    [
      'a county government publishing on 03-20 is on time',
      'localGovernment',
      '2024-03-20',
      '2024-05-01',
      'onTime',
      0,
    ],
    ['nothing by 02-10 is missing, 10 days late', 'department', null, '2024-02-10', 'missing', 10],
    ['nothing on 01-15 is not yet due', 'department', null, '2024-01-15', 'notYetDue', 0],
  ] as const)('%s', (_name, kind, published, today, status, daysLate) => {
    expect(reportStatus(2023, kind, published, today)).toMatchObject({ status, daysLate });
  });

  it('a local rule can move the township deadline and exclude the last day', () => {
    const rules = { byKind: { ...DEFAULT_DEADLINE_RULES.byKind, township: '02-20' }, lastDayIncluded: false };
    expect(reportStatus(2023, 'township', '2024-02-20', '2024-03-01', rules).status).toBe('late');
    expect(reportStatus(2023, 'township', '2024-02-19', '2024-03-01', rules).status).toBe('onTime');
  });
});

describe('the local rule as a setting (乡镇、街道; 《条例》第四十九条 fixes only 部门 and 本级)', () => {
  const set = (input: Record<string, string>) => {
    const r = validateDeadlineSettings(input);
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    return rulesOf(r.settings);
  };
  const township0120 = set({ township: '01-20', source: '某省政务公开办通知（某政公开〔2024〕1号）' });

  it.each([
    // [kind, rules, published, status, daysLate]
    ['township set to 01-20: 01-20 is on time', 'township', township0120, '2024-01-20', 'onTime', 0],
    ['township set to 01-20: 01-21 is late by one day', 'township', township0120, '2024-01-21', 'late', 1],
    [
      'the township rule does not move 部门 (law): 01-31 on time',
      'department',
      township0120,
      '2024-01-31',
      'onTime',
      0,
    ],
    ['本级 3月31日 (law): 03-31 on time', 'localGovernment', township0120, '2024-03-31', 'onTime', 0],
    ['本级 3月31日 (law): 04-01 late', 'localGovernment', township0120, '2024-04-01', 'late', 1],
    [
      'lastDayIncluded true: 01-31 on time',
      'department',
      set({ lastDayIncluded: 'yes' }),
      '2024-01-31',
      'onTime',
      0,
    ],
    [
      'lastDayIncluded false: 01-31 late',
      'department',
      set({ lastDayIncluded: 'no' }),
      '2024-01-31',
      'late',
      1,
    ],
    [
      'lastDayIncluded false: 01-30 on time',
      'department',
      set({ lastDayIncluded: 'no' }),
      '2024-01-30',
      'onTime',
      0,
    ],
    [
      'lastDayIncluded false, 本级: 03-31 late',
      'localGovernment',
      set({ lastDayIncluded: 'no' }),
      '2024-03-31',
      'late',
      1,
    ],
  ] as const)('%s', (_name, kind, rules, published, status, daysLate) => {
    expect(reportStatus(2023, kind, published, '2024-06-01', rules)).toMatchObject({ status, daysLate });
  });

  it('nothing published: missing from the day after the last day on time', () => {
    const excl = set({ lastDayIncluded: 'no' });
    expect(reportStatus(2023, 'department', null, '2024-01-30', excl).status).toBe('notYetDue');
    expect(reportStatus(2023, 'department', null, '2024-01-31', excl)).toMatchObject({
      status: 'missing',
      daysLate: 1,
    });
    expect(reportStatus(2023, 'township', null, '2024-01-20', township0120).status).toBe('notYetDue');
    expect(reportStatus(2023, 'township', null, '2024-01-21', township0120)).toMatchObject({
      status: 'missing',
      daysLate: 1,
    });
  });

  it.each([
    ['01-20', '01-20'],
    ['1-20', '01-20'],
    ['1月20日', '01-20'],
    ['0120', '01-20'],
    ['12/31', '12-31'],
  ])('reads the month-day “%s” as %s', (typed, md) => {
    expect(parseMonthDay(typed)).toEqual({ value: md });
  });

  it.each([
    ['02-30', '2月只有28天'],
    ['02-29', '2月29日并非每年都有'],
    ['04-31', '4月只有30天'],
    ['13-01', '月份应在 1 至 12 之间'],
    ['一月底', '不是月日'],
  ])('refuses “%s” (%s)', (typed, why) => {
    const r = parseMonthDay(typed);
    expect('error' in r && r.error).toContain(why);
  });

  it('names the field of each error, and asks for the local rule when a date moves', () => {
    expect(validateDeadlineSettings({ township: '02-30', other: '01-31' })).toEqual({
      errors: { township: expect.stringContaining('“02-30”不是有效日期：2月只有28天') },
    });
    expect(validateDeadlineSettings({ township: '01-20', source: ' ' })).toEqual({
      errors: { source: expect.stringContaining('请写明依据的地方规定') },
    });
    expect(validateDeadlineSettings({ lastDayIncluded: 'maybe' })).toEqual({
      errors: { lastDayIncluded: expect.stringContaining('请选择“按时”或“逾期”') },
    });
  });

  it('the basis names the stored local rule, and the law for the two statutory kinds', () => {
    const b = deadlineBasis({
      ...DEFAULT_DEADLINE_SETTINGS,
      township: '01-20',
      source: '某政公开〔2024〕1号',
    });
    expect(b.township).toBe('地方规定：每年1月20日前（依据：某政公开〔2024〕1号）');
    expect(b.department).toContain('《条例》第四十九条第一款');
    expect(b.localGovernment).toContain('《条例》第四十九条第二款');
    expect(deadlineBasis(DEFAULT_DEADLINE_SETTINGS).other).toContain('未填写依据文件，为系统默认值');
  });
});

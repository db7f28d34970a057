import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULES,
  DEFAULT_DEADLINE_SETTINGS,
  deadlineBasis,
  localBasisLines,
  parseMonthDay,
  reportDeadline,
  reportingKindOf,
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

describe('街道 has its own setting; without it, 街道 follows 乡镇 (as every setting stored before it did)', () => {
  const source = '某市政务公开办关于年度报告的通知（某政公开〔2025〕2号）';
  const valid = (input: Record<string, string>, current = DEFAULT_DEADLINE_SETTINGS) => {
    const r = validateDeadlineSettings(input, current);
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    return r.settings;
  };

  it.each([
    ['北京市通州区人民政府北苑街道办事处', 'township', 'subdistrict'],
    ['某某街道办事处', 'township', 'subdistrict'],
    ['某区某某街道', 'township', 'subdistrict'],
    ['北京市大兴区庞各庄镇人民政府', 'township', 'township'],
    ['某某乡人民政府', 'township', 'township'],
    ['某区街道工作办公室', 'department', 'department'],
    ['某某区人民政府', 'localGovernment', 'localGovernment'],
  ] as const)('%s (stored kind %s) is judged as %s', (name, kind, want) => {
    expect(reportingKindOf(kind, name)).toBe(want);
  });

  // Date table: the 2024 report of a 镇 and of a 街道, under each setting; the last day is on time.
  it.each([
    ['no 街道 value, 乡镇 01-31', { township: '01-31' }, '2025-01-31', '2025-01-31'],
    ['no 街道 value, 乡镇 01-20: 街道 follows', { township: '01-20', source }, '2025-01-20', '2025-01-20'],
    ['街道 01-15, 乡镇 01-31', { subdistrict: '01-15', source }, '2025-01-31', '2025-01-15'],
    [
      '街道 02-28, 乡镇 01-20',
      { township: '01-20', subdistrict: '2月28日', source },
      '2025-01-20',
      '2025-02-28',
    ],
    [
      '街道 set back to 同乡镇',
      { township: '01-20', subdistrict: '同乡镇', source },
      '2025-01-20',
      '2025-01-20',
    ],
  ] as const)('%s → 镇 due %s, 街道 due %s', (_name, input, township, subdistrict) => {
    const rules = rulesOf(valid(input));
    expect(reportDeadline(2024, 'township', rules)).toBe(township);
    expect(reportDeadline(2024, 'subdistrict', rules)).toBe(subdistrict);
  });

  it('a 街道 publishing on 01-18 is late by its own 01-15 rule while a 镇 on the same day is on time', () => {
    const rules = rulesOf(valid({ subdistrict: '01-15', source }));
    expect(reportStatus(2024, 'subdistrict', '2025-01-18', '2025-03-01', rules)).toMatchObject({
      status: 'late',
      daysLate: 3,
    });
    expect(reportStatus(2024, 'township', '2025-01-18', '2025-03-01', rules).status).toBe('onTime');
  });

  it('leaving 街道 out keeps what is stored; an empty value means 同乡镇 again', () => {
    const own = valid({ subdistrict: '01-15', source });
    expect(own.subdistrict).toBe('01-15');
    expect(valid({ township: '01-25' }, own).subdistrict).toBe('01-15');
    expect(valid({ subdistrict: '' }, own).subdistrict).toBeNull();
  });

  it('refuses a bad 街道 date with its field named, and a moved 街道 date without its local rule', () => {
    expect(validateDeadlineSettings({ subdistrict: '04-31' })).toEqual({
      errors: { subdistrict: expect.stringContaining('4月只有30天') },
    });
    expect(validateDeadlineSettings({ subdistrict: '01-15' })).toEqual({
      errors: { source: expect.stringContaining('请写明依据的地方规定') },
    });
  });

  it('the basis says whether 街道 has its own date or follows 乡镇', () => {
    const follows = deadlineBasis({ ...DEFAULT_DEADLINE_SETTINGS, township: '01-20', source });
    expect(follows.subdistrict).toBe(`地方规定：每年1月20日前（街道同乡镇；依据：${source}）`);
    const own = deadlineBasis({ ...DEFAULT_DEADLINE_SETTINGS, subdistrict: '01-15', source });
    expect(own.subdistrict).toBe(`地方规定：每年1月15日前（依据：${source}）`);
    expect(
      localBasisLines([
        { deadlineKind: 'subdistrict', basis: own.subdistrict },
        { deadlineKind: 'department', basis: own.department },
        { deadlineKind: 'township', basis: own.township },
      ]),
    ).toEqual([`乡镇人民政府：${own.township}`, `街道办事处：${own.subdistrict}`]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_RULES, reportDeadline, reportStatus } from './report-deadline.ts';

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

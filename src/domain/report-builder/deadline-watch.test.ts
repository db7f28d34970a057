import { describe, expect, it } from 'vitest';
import { deadlineWarnings } from './deadline-watch.ts';

describe('annual report deadline reminders (《条例》第四十九条)', () => {
  it.each([
    ['2024-01-14', 'department', null],
    ['2024-01-15', 'department', 'warning'],
    ['2024-01-31', 'department', 'warning'],
    ['2024-02-01', 'department', 'error'],
    ['2024-01-15', 'localGovernment', 'warning'],
    ['2024-03-31', 'localGovernment', 'warning'],
    ['2024-04-01', 'localGovernment', 'error'],
    ['2024-12-31', 'township', 'error'],
  ] as const)('on %s a %s without its 2023 report gets %s', (today, kind, severity) => {
    const w = deadlineWarnings(kind, today, null);
    if (severity === null) expect(w).toEqual([]);
    else expect(w).toMatchObject([{ year: 2023, severity }]);
  });

  it('counts the days left, and says so on the last day', () => {
    expect(deadlineWarnings('department', '2024-01-15', null)[0]).toMatchObject({
      daysLeft: 16,
      deadline: '2024-01-31',
    });
    expect(deadlineWarnings('department', '2024-01-31', null)[0]!.message).toMatch(/今天/);
    expect(deadlineWarnings('localGovernment', '2024-01-20', null)[0]!.message).toMatch(/3月31日前/);
    expect(deadlineWarnings('department', '2024-02-03', null)[0]!.message).toMatch(/已逾期3天/);
  });

  it('a published report silences the reminder', () => {
    expect(deadlineWarnings('department', '2024-01-20', '2024-01-18')).toEqual([]);
  });
});

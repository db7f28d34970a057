import { describe, expect, it } from 'vitest';
import { diffReports } from './diff.ts';
import { blank, reportFromFields } from './model.ts';

describe('diffReports', () => {
  it('lists the cells that differ, as printed, and counts those that agree', () => {
    const a = reportFromFields('2021', { 't3.received.total': 10, 't3.received.naturalPerson': 10 });
    const b = reportFromFields('2021', { 't3.received.total': 12, 't3.received.naturalPerson': 10 });
    b.cells['t2.regulations.issued'] = blank('—');
    const d = diffReports(a, b);
    expect(d.cells.map((c) => [c.key, c.a, c.b])).toEqual([
      ['t2.regulations.issued', '未读出', '（空白）'],
      ['t3.received.total', '10', '12'],
    ]);
    expect(d.cells[1]!.label).toContain('表三');
    expect(d.same).toBeGreaterThan(50);
  });
});

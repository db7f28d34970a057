import { describe, expect, it } from 'vitest';
import { seedCalendar } from '../../calendar-seed/index.ts';
import { type ItemState, type ReviewRole, review, TRANSITIONS } from './review-chain.ts';
import { publicationTimeliness } from './timeliness.ts';

const at = '2024-03-01';
const item = (state: ItemState) => ({ state, author: 'zhang' });

describe('review chain 工作人员审核 → 保密审查 → 主管领导审批', () => {
  it('walks draft to published with each role doing only its step', () => {
    let s: ItemState = 'draft';
    const steps: [string, ReviewRole, 'submit' | 'pass' | 'publish'][] = [
      ['zhang', 'officer', 'submit'],
      ['li', 'officer', 'pass'],
      ['wang', 'reviewer', 'pass'],
      ['zhao', 'approver', 'pass'],
      ['zhang', 'officer', 'publish'],
    ];
    for (const [actor, role, action] of steps) s = review(item(s), { action, actor, role, at }).to;
    expect(s).toBe('published');
  });

  it.each(['officer', 'approver', 'supervisor'] as const)('a %s cannot pass 保密审查', (role) => {
    expect(() => review(item('secrecy'), { action: 'pass', actor: 'x', role, at })).toThrow(/保密审查人员/);
  });

  it.each(['officer', 'reviewer', 'supervisor'] as const)('a %s cannot pass 审批', (role) => {
    expect(() => review(item('approval'), { action: 'pass', actor: 'x', role, at })).toThrow(/主管领导/);
  });

  it('a return needs a reason and carries it', () => {
    expect(() => review(item('secrecy'), { action: 'return', actor: 'wang', role: 'reviewer', at })).toThrow(
      '退回须填写理由',
    );
    const s = review(item('secrecy'), {
      action: 'return',
      actor: 'wang',
      role: 'reviewer',
      at,
      reason: '含个人信息',
    });
    expect(s).toMatchObject({ to: 'draft', reason: '含个人信息' });
  });

  it('the author may not pass its own 审核', () => {
    expect(() => review(item('review'), { action: 'pass', actor: 'zhang', role: 'officer', at })).toThrow(
      '起草人',
    );
  });

  it('no step skips the chain', () => {
    for (const t of TRANSITIONS) if (t.to === 'published') expect(t.from).toBe('approved');
    expect(() => review(item('review'), { action: 'publish', actor: 'zhang', role: 'officer', at })).toThrow(
      /不能执行/,
    );
  });
});

describe('《条例》第二十六条: publish within 20 working days of formation', () => {
  const cal = seedCalendar();
  it('2023 国庆: formed 2023-09-25, due 2023-10-27; unpublished on 10-30 is overdue', () => {
    const t = publicationTimeliness('2023-09-25', null, '2023-10-30', cal);
    expect(t).toMatchObject({ due: '2023-10-27', overdue: true, late: true, provisional: false });
  });
  it('on the due day it is not yet overdue', () => {
    expect(publicationTimeliness('2023-09-25', null, '2023-10-27', cal).overdue).toBe(false);
  });
  it('published on time is neither overdue nor late', () => {
    expect(publicationTimeliness('2023-09-25', '2023-10-20', '2023-12-01', cal)).toMatchObject({
      overdue: false,
      late: false,
    });
  });
});

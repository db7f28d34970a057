// The review chain of 主动公开 on a real database: each role takes only its own step, a return carries its reason
// to the drafter, every step is kept as history and in the audit log, and an unpublished item is flagged overdue on
// the right working day (《条例》第二十六条: 20 working days from formation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../src/calendar-seed/index.ts';
import type { ReviewRole } from '../src/domain/publishing/index.ts';
import { PublishingError } from '../src/publishing/errors.ts';
import { createItem, getItem, listItems, overdueItems, reviewItem } from '../src/publishing/items.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';

let f: Fixture;
const calendar = seedCalendar();
const as = (actor: string, roles: ReviewRole[], today = '2023-10-30') => ({ actor, roles, today, calendar });
const officer = as('user:zhang', ['officer']);
const colleague = as('user:li', ['officer']);
const reviewer = as('user:wang', ['reviewer']);
const approver = as('user:zhao', ['approver']);

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
});
afterAll(async () => {
  await f?.handle.close();
});

const draft = (formedOn = '2023-09-25', title = '关于2023年秋季防火工作的通知') =>
  createItem(
    f.db,
    { agency: 't-jd', department: 't-jd-pfb', title, category: '通知公告', channels: ['门户网站'], formedOn },
    { ...officer, today: formedOn },
  );

async function expectError(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PublishingError);
  expect((e as PublishingError).code).toBe(code);
  expect((e as PublishingError).message).toMatch(message);
}

describe('each role can do only its step', () => {
  it('walks 审核 → 保密审查 → 审批 → 发布, recording who, in which role, each step', async () => {
    const item = await draft();
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await reviewItem(f.db, item.id, { action: 'pass' }, colleague);
    await reviewItem(f.db, item.id, { action: 'pass' }, reviewer);
    await reviewItem(f.db, item.id, { action: 'pass' }, approver);
    const { item: done } = await reviewItem(
      f.db,
      item.id,
      { action: 'publish', publishedOn: '2023-10-20' },
      officer,
    );
    expect(done).toMatchObject({ state: 'published', publishedOn: '2023-10-20' });
    const d = await getItem(f.db, item.id, officer);
    expect(d.steps.map((s) => [s.action, s.actor, s.role, s.toState])).toEqual([
      ['submit', 'user:zhang', 'officer', 'review'],
      ['pass', 'user:li', 'officer', 'secrecy'],
      ['pass', 'user:wang', 'reviewer', 'approval'],
      ['pass', 'user:zhao', 'approver', 'approved'],
      ['publish', 'user:zhang', 'officer', 'published'],
    ]);
    expect(d.timeliness).toMatchObject({ due: '2023-10-27', late: false, overdue: false });
  });

  it('an officer cannot pass 保密审查, a reviewer cannot approve, an approver cannot publish', async () => {
    const item = await draft();
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await expectError(
      reviewItem(f.db, item.id, { action: 'pass' }, officer),
      'NOT_ALLOWED',
      /起草人不能审核/,
    );
    await reviewItem(f.db, item.id, { action: 'pass' }, colleague);
    await expectError(
      reviewItem(f.db, item.id, { action: 'pass' }, colleague),
      'NOT_ALLOWED',
      /须由保密审查人员办理/,
    );
    await expectError(
      reviewItem(f.db, item.id, { action: 'pass' }, approver),
      'NOT_ALLOWED',
      /须由保密审查人员办理/,
    );
    await reviewItem(f.db, item.id, { action: 'pass' }, reviewer);
    await expectError(
      reviewItem(f.db, item.id, { action: 'pass' }, reviewer),
      'NOT_ALLOWED',
      /须由主管领导办理/,
    );
    await reviewItem(f.db, item.id, { action: 'pass' }, approver);
    await expectError(
      reviewItem(f.db, item.id, { action: 'publish' }, approver),
      'NOT_ALLOWED',
      /发布.*须由/,
    );
    await expectError(reviewItem(f.db, item.id, { action: 'pass' }, approver), 'WRONG_STATE', /已审批待发布/);
    // A role the user does not hold cannot be claimed.
    await expectError(
      reviewItem(f.db, item.id, { action: 'publish', role: 'administrator' }, officer),
      'NOT_ALLOWED',
      /没有“管理员”角色/,
    );
  });

  it('nothing is published without approval: publish from 待审核 is refused and nothing changes', async () => {
    const item = await draft();
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await expectError(
      reviewItem(f.db, item.id, { action: 'publish' }, officer),
      'WRONG_STATE',
      /不能执行“发布”/,
    );
    const d = await getItem(f.db, item.id, officer);
    expect(d.item).toMatchObject({ state: 'review', publishedOn: null });
    expect(d.steps).toHaveLength(1);
  });
});

describe('a returned item carries the reason', () => {
  it('保密审查退回: the drafter sees why, and the item is a draft again', async () => {
    const item = await draft();
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await reviewItem(f.db, item.id, { action: 'pass' }, colleague);
    await expectError(
      reviewItem(f.db, item.id, { action: 'return' }, reviewer),
      'INVALID_INPUT',
      /退回须填写理由/,
    );
    await reviewItem(
      f.db,
      item.id,
      { action: 'return', reason: '附件含有身份证号码，须删除后再报' },
      reviewer,
    );
    const d = await getItem(f.db, item.id, officer);
    expect(d.item.state).toBe('draft');
    expect(d.returnedFor).toBe('附件含有身份证号码，须删除后再报');
    expect(d.steps.at(-1)).toMatchObject({
      action: 'return',
      actor: 'user:wang',
      role: 'reviewer',
      reason: '附件含有身份证号码，须删除后再报',
    });
    expect(d.next.map((n) => n.action)).toEqual(['submit']);
    // Resubmitted, the reason is history, no longer pending.
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    expect((await getItem(f.db, item.id, officer)).returnedFor).toBeNull();
  });
});

describe('《条例》第二十六条: the overdue flag appears on the right working day', () => {
  // formed 2023-09-25: 20 working days count 09-26…09-28, the 调休 Saturdays 10-07 and 10-08, and reach 10-27
  // (国庆 2023-09-29…10-06 off); 10-28/29 is a weekend, so the first day it shows as overdue is 10-28.
  it.each([
    ['2023-10-27', false, 'on the due day (Friday) it is not overdue'],
    ['2023-10-28', true, 'the day after the due day it is overdue, weekend or not'],
    ['2023-10-30', true, 'formed 2023-09-25 → due 2023-10-27 (国庆调休), flagged on 10-30'],
  ] as const)('%s → overdue %s: %s', async (today, overdue, _edge) => {
    const item = await draft('2023-09-25', `国庆调休边界 ${today}`);
    const ctx = as('user:zhang', ['officer'], today);
    const d = await getItem(f.db, item.id, ctx);
    expect(d.timeliness).toMatchObject({ due: '2023-10-27', overdue });
    const flagged = (await overdueItems(f.db, 't-jd', ctx)).map((v) => v.item.id);
    expect(flagged.includes(item.id)).toBe(overdue);
  });

  it('formed 2024-01-26 → due 2024-02-28 (春节 off, 2-04 and 2-18 调休 counted), flagged on 02-29 (leap day)', async () => {
    const item = await draft('2024-01-26', '春节边界');
    expect((await getItem(f.db, item.id, as('x', ['officer'], '2024-02-28'))).timeliness).toMatchObject({
      due: '2024-02-28',
      overdue: false,
    });
    expect((await getItem(f.db, item.id, as('x', ['officer'], '2024-02-29'))).timeliness.overdue).toBe(true);
  });

  it('a published item is never overdue; one published after its due day is late', async () => {
    const item = await draft('2023-09-25', '迟发');
    for (const [action, ctx] of [
      ['submit', officer],
      ['pass', colleague],
      ['pass', reviewer],
      ['pass', approver],
    ] as const)
      await reviewItem(f.db, item.id, { action }, ctx);
    await reviewItem(f.db, item.id, { action: 'publish', publishedOn: '2023-10-30' }, officer);
    const d = await getItem(f.db, item.id, officer);
    expect(d.timeliness).toMatchObject({ overdue: false, late: true });
    const listed = await listItems(f.db, { agency: 't-jd', overdue: true }, officer);
    expect(listed.some((v) => v.item.id === item.id)).toBe(false);
  });
});

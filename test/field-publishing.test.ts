// 主动公开 review chain as its people meet it (field walk, session 8). The chain refuses the author's own 审核
// (review-chain.ts: authorMayNotReview); the item page used to offer the author a 工作人员审核通过 button anyway,
// and pressing it led to a bare error page at the POST address with only "返回首页".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem } from '../src/publishing/items.ts';
import { openWebTest, TODAY, type WebTest } from './support/web.ts';

let t: WebTest;
let itemId = 0;
const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await openWebTest();
  const item = await createItem(
    t.handle.db,
    { agency: t.agency.A, title: '甲镇2024年村庄规划调整方案', category: '规划信息', formedOn: '2024-03-01' },
    { actor: 'user:officer', roles: ['officer'], today: TODAY },
  );
  itemId = item.id;
  const r = await t.request(`/staff/publishing/items/${itemId}/step`, {
    as: 'officer',
    form: { action: 'submit', reason: '' },
  });
  expect(r.status).toBe(303);
}, 60_000);
afterAll(async () => t?.close());

describe('the author and the 审核 of their own item', () => {
  it('the item page does not offer the author 工作人员审核通过, and says who must take it', async () => {
    const html = await (await t.request(`/staff/publishing/items/${itemId}`, { as: 'officer' })).text();
    expect(html).not.toContain('value="pass"');
    expect(html).toContain('起草人不能审核自己起草的信息，请由本机关其他信息公开工作人员审核。');
    // Withdrawing or returning it stays possible.
    expect(html).toContain('value="return"');
  });

  it('a 审核 posted by the author anyway is refused on the item page, with the reason typed kept', async () => {
    const r = await t.request(`/staff/publishing/items/${itemId}/step`, {
      as: 'officer',
      form: { action: 'pass', reason: '已核对原文' },
    });
    expect(r.status).toBe(403);
    const page = await text(r);
    expect(page).toContain('起草人不能审核自己起草的信息');
    expect(page).toContain('甲镇2024年村庄规划调整方案');
    expect(page).toContain('办理记录');
    expect(page).toContain('已核对原文');
    const state = await text(await t.request(`/staff/publishing/items/${itemId}`, { as: 'officer' }));
    expect(state).toContain('待审核');
  });
});

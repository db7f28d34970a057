// Demo 主动公开: a few items of the 庞各庄镇 register, taken through the review chain by the demo staff, so that the
// portal's catalogue links its matters to published items, a search for 规划 finds something, the reviewer has an
// item waiting for 保密审查, and an item left unpublished past 《条例》第二十六条's 20 working days is flagged. The 审核
// of what demo-officer drafts is done by the second officer, demo-officer2 (an author may not 审核 their own item).
import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/handle.ts';
import { catalogueMatters, publishingItems } from '../db/schema/publishing.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import type { ReviewAction, ReviewRole } from '../domain/publishing/index.ts';
import { createItem, reviewItem } from '../publishing/items.ts';

const daysBefore = (today: string, n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

interface DemoItem {
  readonly title: string;
  readonly matter: string;
  readonly category: string;
  readonly formedDaysAgo: number;
  readonly body: string;
  /** How far along the chain the item goes. */
  readonly until: 'draft' | 'secrecy' | 'published';
}

const ITEMS: readonly DemoItem[] = [
  {
    title: '庞各庄镇国土空间规划（2021—2035年）草案公示',
    matter: '镇村规划',
    category: '规划信息',
    formedDaysAgo: 12,
    body: '根据《中华人民共和国城乡规划法》，现将庞各庄镇国土空间规划草案予以公示，公示期30日，欢迎提出意见。',
    until: 'published',
  },
  {
    title: '庞各庄镇本级财政预算及“三公”经费预算',
    matter: '财政预决算',
    category: '财政信息',
    formedDaysAgo: 20,
    body: '经镇人民代表大会批准，现公开本级财政预算、“三公”经费预算及说明。',
    until: 'published',
  },
  {
    title: '西瓜小镇村庄规划调整方案',
    matter: '镇村规划',
    category: '规划信息',
    formedDaysAgo: 5,
    body: '对瓜乡路沿线村庄规划的局部调整方案。',
    until: 'secrecy',
  },
  {
    title: '农村道路建设项目竣工验收信息',
    matter: '农村道路建设项目',
    category: '重大建设项目',
    formedDaysAgo: 45,
    body: '2条农村道路建设项目的竣工验收情况。',
    until: 'draft',
  },
];

const STEPS: Record<DemoItem['until'], readonly [ReviewAction, string, ReviewRole][]> = {
  draft: [],
  secrecy: [
    ['submit', 'user:demo-officer', 'officer'],
    ['pass', 'user:demo-officer2', 'officer'],
  ],
  published: [
    ['submit', 'user:demo-officer', 'officer'],
    ['pass', 'user:demo-officer2', 'officer'],
    ['pass', 'user:demo-reviewer', 'reviewer'],
    ['pass', 'user:demo-approver', 'approver'],
    ['publish', 'user:demo-officer', 'officer'],
  ],
};

export async function loadDemoPublishing(
  handle: DatabaseHandle,
  opts: { agencyId: number; today: string; calendar: CalendarData },
): Promise<number> {
  const db = handle.db;
  let added = 0;
  for (const it of ITEMS) {
    const [have] = await db
      .select({ id: publishingItems.id })
      .from(publishingItems)
      .where(and(eq(publishingItems.agencyId, opts.agencyId), eq(publishingItems.title, it.title)));
    if (have) continue;
    const [matter] = await db
      .select({ id: catalogueMatters.id })
      .from(catalogueMatters)
      .where(and(eq(catalogueMatters.agencyId, opts.agencyId), eq(catalogueMatters.name, it.matter)));
    const base = { today: opts.today, calendar: opts.calendar };
    const item = await createItem(
      db,
      {
        agency: opts.agencyId,
        title: it.title,
        category: it.category,
        formedOn: daysBefore(opts.today, it.formedDaysAgo),
        matterId: matter?.id ?? null,
        channels: ['政府网站'],
        body: it.body,
      },
      { ...base, actor: 'user:demo-officer', roles: ['officer'] },
    );
    for (const [action, actor, role] of STEPS[it.until])
      await reviewItem(db, item.id, { action }, { ...base, actor, roles: [role] });
    added++;
  }
  return added;
}

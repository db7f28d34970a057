// The publishing queue's overdue list (《条例》第二十六条: unpublished 20 working days after formation) selected in SQL
// by a cut-off date, against the rule it replaces — every unpublished item judged by publicationTimeliness in
// JavaScript — over random item sets, on days around 国庆 2023 (holidays and the 调休 Saturdays 10-07/10-08) and
// 春节 2024 (2-04 and 2-18 worked, a leap day).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../src/calendar-seed/index.ts';
import { agencies } from '../src/db/schema/agencies.ts';
import { publishingItems } from '../src/db/schema/publishing.ts';
import { addDays } from '../src/domain/calendar/index.ts';
import { lastOverdueFormedOn, publicationTimeliness } from '../src/domain/publishing/index.ts';
import { prng } from '../src/domain/report/synthesize.ts';
import { listItems, overdueItems } from '../src/publishing/items.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';

let f: Fixture;
let agencyId = 0;
const calendar = seedCalendar();
const ctxOn = (today: string) => ({ actor: 'user:zhang', roles: ['officer' as const], today, calendar });

/** The days the list is asked on: each side of both holiday seasons' due dates. */
const DAYS = [
  ...Array.from({ length: 20 }, (_, i) => addDays('2023-10-18', i)),
  ...Array.from({ length: 16 }, (_, i) => addDays('2024-02-20', i)),
];

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
  const [a] = await f.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 't-jd'));
  agencyId = a!.id;
});
afterAll(async () => {
  await f?.handle.close();
});

/** Random items formed over Aug 2023 – Mar 2024, about a third published some days after formation. */
async function randomItems(seed: number, n: number): Promise<void> {
  const rnd = prng(seed);
  const rows = Array.from({ length: n }, (_, i) => {
    const formedOn = addDays('2023-08-01', Math.floor(rnd() * 230));
    const published = rnd() < 0.35;
    return {
      agencyId,
      title: `随机事项 ${seed}-${i}`,
      category: '通知公告',
      formedOn,
      author: 'user:zhang',
      state: published
        ? 'published'
        : (['draft', 'review', 'secrecy', 'approval'] as const)[Math.floor(rnd() * 4)]!,
      publishedOn: published ? addDays(formedOn, Math.floor(rnd() * 60)) : null,
    };
  });
  await f.db.insert(publishingItems).values(rows);
}

/** The rule before: every unpublished item of the agency judged one by one, newest first. */
async function oracle(today: string): Promise<number[]> {
  const rows = await f.db.select().from(publishingItems).where(eq(publishingItems.agencyId, agencyId));
  return rows
    .filter((r) => publicationTimeliness(r.formedOn, r.publishedOn, today, calendar).overdue)
    .sort((a, b) => (a.formedOn === b.formedOn ? b.id - a.id : a.formedOn < b.formedOn ? 1 : -1))
    .map((r) => r.id);
}

describe('the cut-off date', () => {
  it.each(DAYS)('on %s: formed on the cut-off is overdue, formed the day after is not', (today) => {
    const last = lastOverdueFormedOn(today, calendar);
    expect(publicationTimeliness(last, null, today, calendar).overdue).toBe(true);
    expect(publicationTimeliness(addDays(last, 1), null, today, calendar).overdue).toBe(false);
  });

  it('around 国庆 2023: formed 09-25 is due 10-27 (调休 counted), so on 10-28 the cut-off is 09-25', () => {
    expect(lastOverdueFormedOn('2023-10-27', calendar)).toBe('2023-09-24');
    expect(lastOverdueFormedOn('2023-10-28', calendar)).toBe('2023-09-25');
  });
});

describe('overdueItems in SQL equals the rule judged item by item', () => {
  for (const seed of [1, 2, 3])
    it(`random item set ${seed}`, async () => {
      await randomItems(seed, 150);
      for (const today of DAYS) {
        const expected = await oracle(today);
        const got = (await overdueItems(f.db, 't-jd', ctxOn(today))).map((v) => v.item.id);
        expect(got, today).toEqual(expected);
        expect(got.length).toBeGreaterThan(0);
      }
    });

  it('listItems with overdue: true pages over the same list', async () => {
    for (const today of ['2023-10-30', '2024-02-29']) {
      const expected = await oracle(today);
      const page = await listItems(
        f.db,
        { agency: 't-jd', overdue: true, limit: 7, offset: 5 },
        ctxOn(today),
      );
      expect(page.map((v) => v.item.id)).toEqual(expected.slice(5, 12));
      expect(page.every((v) => v.timeliness.overdue)).toBe(true);
    }
  });
});

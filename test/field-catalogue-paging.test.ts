// The public 主动公开 catalogue pages through every matter and every search hit (field walk, session 8): it used to
// stop at 200 matters and 100 hits, with "共 N 项" counting only what it showed. A visitor following 下一页 must
// reach the last matter of the 标准目录 and the oldest hit of a search, the links keeping the search and the agency,
// and the count must be the catalogue's, not the page's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueMatters, publishingItems } from '../src/db/schema/publishing.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const MATTERS = 230;
const HITS = 120;
const pad = (n: number) => String(n).padStart(3, '0');

beforeAll(async () => {
  t = await openWebTest();
  const matter = (agencyId: number, n: number) => ({
    agencyId,
    name: `事项${pad(n)}`,
    content: `第${n}项公开内容`,
    basis: '《中华人民共和国政府信息公开条例》第二十条',
    timeLimit: '信息形成或变更之日起20个工作日内',
    subject: '测试区甲镇人民政府',
    audience: '全社会',
    mode: 'proactive',
    createdBy: 'test',
  });
  await t.handle.db
    .insert(catalogueMatters)
    .values(Array.from({ length: MATTERS }, (_, i) => matter(t.agency.A, i + 1)));
  // Another agency's matters interleave in name order: the agency filter must keep them out of every page.
  await t.handle.db
    .insert(catalogueMatters)
    .values(Array.from({ length: 20 }, (_, i) => matter(t.agency.B, i * 10 + 5)));
  // Published items holding 通告, one a day going back from 2024-03-14: the newest first, the oldest last.
  await t.handle.db.insert(publishingItems).values(
    Array.from({ length: HITS }, (_, i) => {
      const d = new Date(Date.UTC(2024, 2, 14 - i)).toISOString().slice(0, 10);
      return {
        agencyId: t.agency.A,
        title: `通告第${pad(i + 1)}号`,
        category: '通知公告',
        formedOn: d,
        publishedOn: d,
        state: 'published',
        author: 'user:test',
      };
    }),
  );
}, 120_000);
afterAll(async () => t?.close());

const html = async (path: string) => {
  const r = await t.request(path);
  expect(r.status, path).toBe(200);
  return r.text();
};
/** The href of the 下一页 link of the pager labelled `label`, or null on the last page. */
const nextOf = (page: string, label: string): string | null => {
  const nav = page.match(new RegExp(`<nav class="pager" aria-label="${label}">([\\s\\S]*?)</nav>`));
  const a = nav?.[1]?.match(/<a class="button" rel="next" href="([^"]+)"/);
  return a ? a[1]!.replace(/&amp;/g, '&') : null;
};
const matterNames = (page: string) =>
  [...page.matchAll(/<a href="\/catalogue\/matters\/\d+">(事项\d{3})<\/a>/g)].map((m) => m[1]!);

describe('the public catalogue pages', () => {
  it('follows 下一页 from the first matter of one agency to its last, every matter once, the agency kept', async () => {
    let path: string | null = `/catalogue?agency=${t.agency.A}`;
    const seen: string[] = [];
    let pages = 0;
    while (path) {
      expect(path).toContain(`agency=${t.agency.A}`);
      const page = await html(path);
      if (pages === 0) expect(page).toContain(`共 ${MATTERS} 项`);
      seen.push(...matterNames(page));
      path = nextOf(page, '目录事项分页');
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: MATTERS }, (_, i) => `事项${pad(i + 1)}`));
  });

  it('the whole catalogue counts every agency and its last page ends with the last matter', async () => {
    const first = await html('/catalogue');
    expect(first).toContain(`共 ${MATTERS + 20} 项`);
    expect(first).toContain('第 1 页，共 3 页');
    const last = await html('/catalogue?page=3');
    expect(last).toContain('第 3 页，共 3 页');
    expect(matterNames(last).at(-1)).toBe(`事项${pad(MATTERS)}`);
    expect(nextOf(last, '目录事项分页')).toBeNull();
    // A page past the end, or not a number, shows the last or the first page rather than an empty list.
    expect(await html('/catalogue?page=99')).toContain('第 3 页，共 3 页');
    expect(await html('/catalogue?page=abc')).toContain('第 1 页，共 3 页');
  });

  it('a search pages its hits with the term kept, the count is of all hits, and the oldest is reached', async () => {
    let path: string | null = `/catalogue?q=${encodeURIComponent('通告')}`;
    const titles: string[] = [];
    let first = true;
    while (path) {
      expect(decodeURIComponent(path)).toContain('q=通告');
      const page = await html(path);
      if (first) expect(page).toContain(`标题或正文含“通告”的信息（${HITS}）`);
      first = false;
      titles.push(
        ...[...page.matchAll(/<a href="\/catalogue\/items\/\d+">(通告第\d{3}号)<\/a>/g)].map((m) => m[1]!),
      );
      path = nextOf(page, '检索结果分页');
    }
    expect(titles).toEqual(Array.from({ length: HITS }, (_, i) => `通告第${pad(i + 1)}号`));
  });
});

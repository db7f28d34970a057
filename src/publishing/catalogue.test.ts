import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/handle.ts';
import { runMigrations } from '../db/migrate.ts';
import { queryRows } from '../db/query.ts';
import * as schema from '../db/schema/index.ts';
import {
  addMatter,
  ensureSearchIndex,
  getMatter,
  likePattern,
  listMatters,
  type MatterInput,
  searchCatalogue,
  updateMatter,
} from './catalogue.ts';
import { createItem, reviewItem } from './items.ts';
import { agencyTree, type Fixture, openFixture } from './test-fixtures.ts';

const actor = { actor: 'user:zhang' };
const matter = (name: string, extra: Partial<MatterInput> = {}): MatterInput => ({
  agency: 't-jd',
  domain: '社会救助',
  name,
  content: '救助对象、救助标准、办理流程',
  basis: '《社会救助暂行办法》',
  timeLimit: '信息形成或变更之日起20个工作日内',
  subject: '北苑街道办事处',
  channels: ['门户网站', '政务服务大厅'],
  audience: '全社会',
  mode: '主动',
  category: '社会救助',
  ...extra,
});

async function seedCatalogue(db: Db) {
  await agencyTree(db);
  await addMatter(db, matter('最低生活保障'), actor);
  await addMatter(db, matter('临时救助', { content: '临时救助的条件和标准' }), actor);
  await addMatter(
    db,
    matter('政府信息公开指南', {
      domain: '政务公开',
      content: '依申请公开的受理机构和流程',
      category: '政府信息公开',
      mode: '依申请',
    }),
    actor,
  );
  await addMatter(db, matter('100%_完成率', { domain: '其他', content: '统计' }), actor);
  await addMatter(
    db,
    matter('法律援助', { agency: 't-sfj', domain: '公共法律服务', content: '法律援助申请条件' }),
    actor,
  );
}

describe('catalogue (全清单)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await openFixture();
    await seedCatalogue(f.db);
  });
  afterAll(async () => {
    await f?.handle.close();
  });

  it('finds matters by any Chinese term in any 要素, name hits first', async () => {
    // 救助 is in every matter's 公开依据 (《社会救助暂行办法》); the one with it in its name comes first.
    const hits = await searchCatalogue(f.db, { q: '救助' });
    expect(hits).toHaveLength(5);
    expect(hits[0]!.name).toBe('临时救助');
    expect((await searchCatalogue(f.db, { q: '信息公开' })).map((m) => m.name)).toEqual(['政府信息公开指南']);
    // An empty search lists the whole catalogue.
    expect((await searchCatalogue(f.db, { q: '' })).length).toBeGreaterThanOrEqual(5);
    // Every term must match; the agency and the mode narrow the search.
    expect((await searchCatalogue(f.db, { q: '救助 标准' })).map((m) => m.name).sort()).toEqual(
      ['临时救助', '最低生活保障'].sort(),
    );
    expect((await searchCatalogue(f.db, { q: '法律援助' }))[0]).toMatchObject({
      name: '法律援助',
      agencyName: '北京市通州区司法局',
    });
    expect(await searchCatalogue(f.db, { q: '法律援助', agency: 't-jd' })).toEqual([]);
    expect((await searchCatalogue(f.db, { q: '流程', mode: 'onRequest' })).map((m) => m.name)).toEqual([
      '政府信息公开指南',
    ]);
  });

  it('takes the user’s % and _ literally', async () => {
    expect(likePattern('100%_')).toBe('%100\\%\\_%');
    expect((await searchCatalogue(f.db, { q: '%' })).map((m) => m.name)).toEqual(['100%_完成率']);
    expect((await searchCatalogue(f.db, { q: '_' })).map((m) => m.name)).toEqual(['100%_完成率']);
  });

  it('a matter shows how many items were published under it and when last', async () => {
    const [m] = await searchCatalogue(f.db, { q: '最低生活保障' });
    const who = (actor: string, role: 'officer' | 'reviewer' | 'approver') => ({
      actor,
      roles: [role],
      today: '2023-06-01',
    });
    const item = await createItem(
      f.db,
      {
        agency: 't-jd',
        title: '2023年5月低保名单',
        category: '社会救助',
        formedOn: '2023-05-31',
        matterId: m!.id,
      },
      who('a', 'officer'),
    );
    for (const [action, c] of [
      ['submit', who('a', 'officer')],
      ['pass', who('b', 'officer')],
      ['pass', who('c', 'reviewer')],
      ['pass', who('d', 'approver')],
      ['publish', who('a', 'officer')],
    ] as const)
      await reviewItem(f.db, item.id, { action }, c);
    expect(await getMatter(f.db, m!.id)).toMatchObject({ items: 1, lastPublishedOn: '2023-06-01' });
    await expect(
      createItem(
        f.db,
        { agency: 't-sfj', title: 'x', category: 'x', formedOn: '2023-05-31', matterId: m!.id },
        who('a', 'officer'),
      ),
    ).rejects.toThrow(/不属于本机关/);
  });

  it('names are unique per agency; an update is kept', async () => {
    await expect(addMatter(f.db, matter('临时救助'), actor)).rejects.toThrow(/已有事项/);
    const [m] = await searchCatalogue(f.db, { q: '临时救助' });
    await updateMatter(f.db, m!.id, { timeLimit: '即时公开' }, actor);
    expect((await listMatters(f.db, 't-jd')).find((x) => x.id === m!.id)?.timeLimit).toBe('即时公开');
  });

  it('without pg_trgm the search index is reported missing and search still works', async () => {
    const ok = await ensureSearchIndex(f.db);
    expect(typeof ok).toBe('boolean');
    expect((await searchCatalogue(f.db, { q: '低保' })).length + 1).toBeGreaterThan(0);
  });
});

describe('catalogue search on a database with pg_trgm', () => {
  let client: PGlite;
  let db: Db;
  beforeAll(async () => {
    client = await PGlite.create({ extensions: { pg_trgm } });
    db = drizzle(client, { schema }) as unknown as Db;
    await runMigrations({ db, kind: 'pglite', location: ':memory:', close: async () => {} });
    await seedCatalogue(db);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('the trigram index serves a Chinese ILIKE search', async () => {
    expect(await ensureSearchIndex(db)).toBe(true);
    await db.execute(sql`set enable_seqscan = off`);
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      db,
      sql`explain select id from catalogue_matters m where (coalesce(m.domain, '') || ' ' || m.name || ' ' || m.content || ' ' || m.basis || ' ' || m.subject || ' ' || coalesce(m.category, '')) ilike '%最低生活%'`,
    );
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/catalogue_matters_search_trgm/);
    expect((await searchCatalogue(db, { q: '最低生活' })).map((m) => m.name)).toEqual(['最低生活保障']);
  });
});

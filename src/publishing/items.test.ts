import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../calendar-seed/index.ts';
import { auditLog } from '../db/schema/audit-log.ts';
import { getAgency } from './agencies.ts';
import { addAttachment, listAttachments, readAttachment } from './attachments.ts';
import { PublishingError } from './errors.ts';
import {
  createItem,
  type ItemInput,
  publishingCounts,
  reviewItem,
  timelinessForYear,
  updateItem,
} from './items.ts';
import { agencyTree, type Fixture, openFixture } from './test-fixtures.ts';

let f: Fixture;
const calendar = seedCalendar();
const ctx = (actor: string, roles: ('officer' | 'reviewer' | 'approver')[], today = '2023-12-31') => ({
  actor,
  roles,
  today,
  calendar,
});
const officer = ctx('user:zhang', ['officer']);
const chain = [
  ctx('user:zhang', ['officer']),
  ctx('user:li', ['officer']),
  ctx('user:wang', ['reviewer']),
  ctx('user:zhao', ['approver']),
];

async function publish(input: Omit<ItemInput, 'agency'> & { agency?: string }, publishedOn: string) {
  const item = await createItem(f.db, { agency: 't-jd', ...input }, officer);
  for (const [i, action] of (['submit', 'pass', 'pass', 'pass'] as const).entries())
    await reviewItem(f.db, item.id, { action }, chain[i]!);
  return (await reviewItem(f.db, item.id, { action: 'publish', publishedOn }, officer)).item;
}

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
  await publish(
    { title: 'a', category: '街乡镇动态', channels: ['门户网站', '微信公众号'], formedOn: '2023-03-01' },
    '2023-03-02',
  );
  await publish(
    {
      title: 'b',
      category: '街乡镇动态',
      channels: ['门户网站'],
      department: 't-jd-dzb',
      formedOn: '2023-05-01',
    },
    '2023-06-30',
  );
  await publish(
    {
      title: 'c',
      category: '通知公告',
      channels: ['微信公众号'],
      department: 't-jd-pfb',
      formedOn: '2023-07-01',
    },
    '2023-07-03',
  );
  await publish(
    { title: 'd', category: '机构职能', channels: ['门户网站'], formedOn: '2022-12-01' },
    '2022-12-02',
  );
  await createItem(
    f.db,
    { agency: 't-jd', title: 'draft', category: '通知公告', formedOn: '2023-11-01' },
    officer,
  );
  // An item of another agency never counts here.
  await publish({ agency: 't-sfj', title: 'x', category: '通知公告', formedOn: '2023-01-05' }, '2023-01-06');
});
afterAll(async () => {
  await f?.handle.close();
});

describe('publishing register', () => {
  it('counts per column, department and channel with the last update date (GROUP BY)', async () => {
    const c = await publishingCounts(f.db, 't-jd', { year: 2023 });
    expect(c.total).toBe(3);
    expect(c.lastPublishedOn).toBe('2023-07-03');
    expect(c.byColumn).toEqual([
      { name: '街乡镇动态', id: null, count: 2, lastPublishedOn: '2023-06-30' },
      { name: '通知公告', id: null, count: 1, lastPublishedOn: '2023-07-03' },
    ]);
    expect(c.byDepartment.map((d) => [d.name, d.count, d.lastPublishedOn])).toEqual([
      ['北京市通州区人民政府北苑街道办事处', 1, '2023-03-02'],
      ['党政办公室', 1, '2023-06-30'],
      ['平安建设办公室', 1, '2023-07-03'],
    ]);
    expect(c.byChannel.map((d) => [d.name, d.count]).sort()).toEqual([
      ['微信公众号', 2],
      ['门户网站', 2],
    ]);
    expect((await publishingCounts(f.db, 't-jd')).total).toBe(4);
  });

  it('a department given as the agency files the item under its agency', async () => {
    const item = await createItem(
      f.db,
      { agency: 't-jd-dzb', title: 'e', category: '通知公告', formedOn: '2023-11-02' },
      officer,
    );
    expect(item.departmentId).not.toBeNull();
    expect(item.agencyId).not.toBe(item.departmentId);
    await expect(
      createItem(
        f.db,
        { agency: 't-jd', department: 't-sfj', title: 'f', category: '通知公告', formedOn: '2023-11-02' },
        officer,
      ),
    ).rejects.toThrow(/不是.*内设机构/);
  });

  it('late and overdue for the year (《条例》第二十六条)', async () => {
    const { id } = await getAgency(f.db, 't-jd');
    // b: formed 05-01, published 06-30 — past its 20 working days; the draft of 11-01 is overdue by 12-31.
    expect(await timelinessForYear(f.db, id, 2023, calendar)).toEqual({ late: 1, overdue: 2 });
  });

  it('validation names the field in Chinese', async () => {
    const e = await createItem(
      f.db,
      { agency: 't-jd', title: ' ', category: '通知公告', formedOn: '2023-02-30' },
      officer,
    ).catch((x) => x);
    expect(e).toBeInstanceOf(PublishingError);
    expect(e.message).toMatch(/标题不能为空/);
    expect(e.message).toMatch(/形成日期应为有效日期/);
    expect(e.context.problems.map((p: { field: string }) => p.field)).toEqual(['title', 'formedOn']);
  });

  it('a draft can be edited; a submitted item is frozen', async () => {
    const item = await createItem(
      f.db,
      { agency: 't-jd', title: '初稿', category: '通知公告', formedOn: '2023-11-01' },
      officer,
    );
    expect((await updateItem(f.db, item.id, { title: '定稿' }, officer)).title).toBe('定稿');
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await expect(updateItem(f.db, item.id, { title: '再改' }, officer)).rejects.toThrow(/不能修改/);
  });

  it('every step is in the audit log', async () => {
    const item = await createItem(
      f.db,
      { agency: 't-jd', title: '审计', category: '通知公告', formedOn: '2023-11-01' },
      officer,
    );
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    const rows = await f.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(item.id)));
    expect(rows.filter((r) => r.entity === 'publishing_item').map((r) => r.action)).toEqual([
      'publishing.item.create',
      'publishing.item.submit',
    ]);
  });
});

describe('attachments', () => {
  it('stores the bytes under their SHA-256 with the base name only, and reads them back verified', async () => {
    const item = await createItem(
      f.db,
      { agency: 't-jd', title: '附件', category: '通知公告', formedOn: '2023-11-01' },
      officer,
    );
    const bytes = new TextEncoder().encode('%PDF-1.4 通知正文');
    const meta = await addAttachment(f.db, item.id, { name: '../../etc/通知.pdf', bytes }, officer);
    expect(meta).toMatchObject({ name: '通知.pdf', size: bytes.byteLength });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    const back = await readAttachment(f.db, meta.id);
    expect(Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
    await expect(addAttachment(f.db, item.id, { name: 'copy.pdf', bytes }, officer)).rejects.toThrow(
      /内容相同/,
    );
    expect(await listAttachments(f.db, item.id)).toHaveLength(1);
    await reviewItem(f.db, item.id, { action: 'submit' }, officer);
    await expect(
      addAttachment(f.db, item.id, { name: 'late.pdf', bytes: new Uint8Array([1]) }, officer),
    ).rejects.toThrow(/只有草稿/);
  });
});

// Backup → restore round trip: every row and every type comes back, identities continue, a damaged or partial
// file is refused, and a non-empty target is refused.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { openDatabase } from '../db/open.ts';
import { queryRows } from '../db/query.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-backup-'));
const handles: DatabaseHandle[] = [];
const open = async (migrate = true) => {
  const h = await openDatabase({ memory: true, migrate });
  handles.push(h);
  return h;
};
afterAll(async () => {
  for (const h of handles) await h.close();
});

const TYPES = sql`create table if not exists backup_types (id integer primary key generated always as identity,
  b bytea, j jsonb, d date, t timestamptz, n numeric(12,4), a text[], s text)`;

async function fill(h: DatabaseHandle) {
  await h.db.execute(TYPES);
  await h.db.execute(sql`insert into agencies(level, kind, code, name) values
    ('region','localGovernment','dxq','北京市大兴区人民政府'), ('agency','township','pgz','庞各庄镇人民政府')`);
  await h.db.execute(sql`insert into backup_types(b, j, d, t, n, a, s) values
    (decode('00ff10','hex'), '{"k":[1,"二"]}', '2024-02-29', '2024-03-01T08:00:00+08', 25.1234, array['甲','b'], 'it''s "quoted"\n新行'),
    (null, null, null, null, null, null, null)`);
  await h.db.execute(sql`insert into audit_log(actor, action, entity, entity_id, before, after)
    values ('system', 'create', 'agency', '1', null, '{"name":"大兴"}')`);
}

const snapshot = async (h: DatabaseHandle) => ({
  agencies: await queryRows(h.db, sql`select * from agencies order by id`),
  types: await queryRows(
    h.db,
    sql`select id, encode(b,'hex') b, j, d::text d, t, n::text n, a, s from backup_types order by id`,
  ),
  audit: await queryRows(
    h.db,
    sql`select actor, action, entity, entity_id, after from audit_log order by id`,
  ),
});

describe('backup and restore', () => {
  it('round-trips every row and type, and identities continue after the restored rows', async () => {
    const a = await open();
    await fill(a);
    const file = join(dir, 'a.gz');
    const header = await backupDatabase(a, file);
    expect(header.tables.find((t) => t.name === 'agencies')?.rows).toBe(2);
    const b = await open(true);
    await b.db.execute(TYPES);
    await restoreDatabase(b, file);
    expect(await snapshot(b)).toEqual(await snapshot(a));
    await b.db.execute(
      sql`insert into agencies(level, kind, code, name) values ('agency','department','sfj','司法局')`,
    );
    const [row] = await queryRows<{ id: number }>(b.db, sql`select max(id)::int as id from agencies`);
    expect(row?.id).toBe(3);
  });

  it('refuses to restore over existing data and leaves it as it was', async () => {
    const a = await open();
    await fill(a);
    const file = join(dir, 'b.gz');
    await backupDatabase(a, file);
    await expect(restoreDatabase(a, file)).rejects.toThrow(/已有数据/);
    expect((await snapshot(a)).agencies).toHaveLength(2);
  });

  it('refuses a truncated file and restores nothing', async () => {
    const a = await open();
    await fill(a);
    const file = join(dir, 'c.gz');
    await backupDatabase(a, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, -1).join('\n')));
    const b = await open();
    await b.db.execute(TYPES);
    await expect(restoreDatabase(b, cut)).rejects.toThrow(/文件不完整/);
    expect((await snapshot(b)).agencies).toEqual([]);
    writeFileSync(join(dir, 'junk.gz'), 'not a backup');
    await expect(restoreDatabase(b, join(dir, 'junk.gz'))).rejects.toThrow(/损坏|不是/);
  });
});

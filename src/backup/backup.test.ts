// Backup → restore round trip: every row and every type comes back, identities continue, a damaged or partial
// file is refused, and a non-empty target is refused; the stored files (uploaded report files, scans) come back
// byte for byte, checked by their SHA-256.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { seedCalendarIfEmpty } from '../cases/calendar.ts';
import { intakeCase } from '../cases/intake.ts';
import { newAgency, TEST_CTX } from '../cases/testing.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { openDatabase } from '../db/open.ts';
import { queryRows } from '../db/query.ts';
import { StoredFiles } from '../web/reports/stored-files.ts';
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

describe('backup and restore of the stored files', () => {
  // Two uploaded files of annual reports (a text export and a binary scan): rows name them by hash.
  const released = new TextEncoder().encode('2024年政府信息公开工作年度报告\n'.repeat(200));
  const report = new Uint8Array(300_000).map((_, i) => (i * 7919) % 256);

  it('brings back every stored file byte for byte into the target folder', async () => {
    const a = await open();
    await fill(a);
    const from = new StoredFiles(mkdtempSync(join(dir, 'files-a-')));
    const f1 = await from.put(released);
    const f2 = await from.put(report);
    writeFileSync(join(from.dir, '.incoming-0123'), 'half a file'); // a temp file: never backed up
    const file = join(dir, 'files.gz');
    const header = await backupDatabase(a, file, { filesDir: from.dir });
    expect(header.files).toEqual({ count: 2, bytes: released.byteLength + report.byteLength });

    const b = await open();
    await b.db.execute(TYPES);
    const to = new StoredFiles(mkdtempSync(join(dir, 'files-b-')));
    const h = await restoreDatabase(b, file, { filesDir: to.dir });
    expect(h.files?.count).toBe(2);
    expect(Buffer.from((await to.readStoredSource(f1.sha256))!)).toEqual(Buffer.from(released));
    expect(Buffer.from((await to.readStoredSource(f2.sha256))!)).toEqual(Buffer.from(report));
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });

  it('refuses a file whose bytes do not match its name, and restores no row', async () => {
    const a = await open();
    await fill(a);
    const from = new StoredFiles(mkdtempSync(join(dir, 'files-c-')));
    await from.put(released);
    const file = join(dir, 'tampered.gz');
    await backupDatabase(a, file, { filesDir: from.dir });
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!);
    last.data = Buffer.from('答复书被改动').toString('base64');
    const bad = join(dir, 'tampered-bad.gz');
    writeFileSync(bad, gzipSync([...lines.slice(0, -1), JSON.stringify(last)].join('\n')));
    const b = await open();
    await b.db.execute(TYPES);
    await expect(restoreDatabase(b, bad, { filesDir: mkdtempSync(join(dir, 'files-d-')) })).rejects.toThrow(
      /校验不符/,
    );
    expect((await snapshot(b)).agencies).toEqual([]);
  });

  it('refuses a backup that lost its last file line', async () => {
    const a = await open();
    await fill(a);
    const from = new StoredFiles(mkdtempSync(join(dir, 'files-e-')));
    await from.put(released);
    await from.put(report);
    const file = join(dir, 'lost.gz');
    await backupDatabase(a, file, { filesDir: from.dir });
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const cut = join(dir, 'lost-cut.gz');
    writeFileSync(cut, gzipSync(lines.slice(0, -1).join('\n')));
    const b = await open();
    await b.db.execute(TYPES);
    await expect(restoreDatabase(b, cut, { filesDir: mkdtempSync(join(dir, 'files-f-')) })).rejects.toThrow(
      /声明 2 个文件，文件中只有 1 个/,
    );
    expect((await snapshot(b)).agencies).toEqual([]);
  });

  it('restores a version 1 backup (tables only) as before', async () => {
    const a = await open();
    await fill(a);
    const file = join(dir, 'v1.gz');
    await backupDatabase(a, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    const head = JSON.parse(lines[0]!);
    head.version = 1;
    delete head.files;
    const v1 = join(dir, 'v1-old.gz');
    writeFileSync(v1, gzipSync([JSON.stringify(head), ...lines.slice(1)].join('\n')));
    const b = await open();
    await b.db.execute(TYPES);
    const h = await restoreDatabase(b, v1, { filesDir: mkdtempSync(join(dir, 'files-g-')) });
    expect(h.files).toBeUndefined();
    expect(await snapshot(b)).toEqual(await snapshot(a));
  });
});

describe('backup and restore of what triggers derive', () => {
  it('the dashboard counts after a restore are those of the restored cases, not twice them', async () => {
    const a = await open();
    await seedCalendarIfEmpty(a.db, TEST_CTX);
    const agency = await newAgency(a);
    for (const receivedOn of ['2025-03-03', '2025-06-02', '2026-01-05'])
      await intakeCase(
        a.db,
        {
          agency: agency.code,
          applicant: {
            type: 'naturalPerson',
            name: '王五',
            idNumber: '110101199003071234',
            phone: '13812345678',
          },
          channel: 'inPerson',
          receivedOn,
          arrivedOn: receivedOn,
          description: '某项目的规划许可证',
        },
        { ...TEST_CTX, today: '2026-02-02' },
      );
    const counts = (h: DatabaseHandle) =>
      queryRows(h.db, sql`select received_year, closed_year, n from case_counts order by 1, 2`);
    expect(await counts(a)).toEqual([
      { received_year: 2025, closed_year: 0, n: 2 },
      { received_year: 2026, closed_year: 0, n: 1 },
    ]);
    const file = join(dir, 'counts.gz');
    const header = await backupDatabase(a, file);
    expect(header.tables.map((t) => t.name)).not.toContain('case_counts');
    const b = await open();
    await restoreDatabase(b, file);
    expect(await counts(b)).toEqual(await counts(a));
  });
});

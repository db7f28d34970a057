// Power cut while cases are being registered: a child process loops the intake use case (each case, its applicant,
// its received event and their audit rows in one transaction) on a PGlite data folder and is killed with SIGKILL
// midway. Reopened: the lock the dead process left is taken over (by the CLI and by the library), the database
// opens and migrates cleanly, every case it reported as committed is there, and there is no half-written case —
// none without its received event or its audit row, no applicant without its case.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeCase } from '../src/cases/intake.ts';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { LOCK_FILE, readLockOwner } from '../src/db/lock.ts';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'gongkai.js');
/** Kill after this many cases have committed. */
const KILL_AFTER = 25;
const TODAY = '2024-03-15';

let dir: string;
let data: string;
let child: ChildProcess | null = null;

const src = (p: string) => pathToFileURL(join(ROOT, 'src', p)).href;

/** The writer: registers cases forever, printing each code once its transaction has committed. */
const WRITER = `
import { openDatabase } from '${src('db/open.ts')}';
import { seedCalendarIfEmpty } from '${src('cases/calendar.ts')}';
import { createAgency } from '${src('cases/agencies.ts')}';
import { intakeCase } from '${src('cases/intake.ts')}';
const handle = await openDatabase({ dataDir: process.argv[2], migrate: true });
await seedCalendarIfEmpty(handle.db, { actor: 'crash-test' });
await createAgency(handle.db, { code: 'crash', name: '崩溃测试镇人民政府', level: 'agency', kind: 'township' },
  { actor: 'crash-test' });
process.stdout.write('ready ' + process.pid + '\\n');
for (let i = 0; ; i++) {
  const { code } = await intakeCase(handle.db, {
    agency: 'crash',
    applicant: { type: 'naturalPerson', name: '申请人' + i, idNumber: '11010519491231002X', phone: '13812345678' },
    channel: 'inPerson',
    receivedOn: '2024-03-01',
    description: '崩溃测试第' + i + '件',
  }, { actor: 'crash-test', today: '${TODAY}' });
  process.stdout.write('committed ' + code + '\\n');
}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-crash-cases-'));
  data = join(dir, 'data');
  writeFileSync(join(dir, 'writer.mjs'), WRITER);
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA: data, GONGKAI_TODAY: TODAY };
  delete e.DATABASE_URL; // PGlite's folder is what is under test, whatever database the suite runs on
  return e;
};

describe('case registration killed with SIGKILL midway', () => {
  let pid = 0;
  const committed: string[] = [];

  it('the writer commits cases until it is killed', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'writer.mjs'), data], {
      cwd: ROOT,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    let stderr = '';
    proc.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_, s) => resolve(s)));
    for await (const line of createInterface({ input: proc.stdout! })) {
      if (line.startsWith('ready ')) pid = Number(line.slice(6));
      else if (line.startsWith('committed ')) committed.push(line.slice(10));
      if (committed.length >= KILL_AFTER) {
        proc.kill('SIGKILL');
        break;
      }
    }
    expect(await exited, stderr).toBe('SIGKILL');
    expect(committed).toHaveLength(KILL_AFTER);
    // The dead writer's lock is still there.
    expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(pid);
  });

  it('the CLI takes over the dead process’s lock and sees every committed case', () => {
    const r = spawnSync(process.execPath, [BIN, 'case', 'list', '--agency', 'crash', '--json'], {
      cwd: dir,
      env: env(),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    for (const code of committed) expect(r.stdout).toContain(code);
  });

  describe('reopened by the library', () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await openDatabase({ dataDir: data, migrate: true });
    });
    afterAll(async () => handle?.close());

    it('holds the lock itself now', () => {
      expect(readLockOwner(join(data, LOCK_FILE))!.pid).toBe(process.pid);
    });

    it('keeps every committed case, and at most the one whose commit was not yet reported', async () => {
      const rows = await queryRows<{ code: string }>(
        handle.db,
        sql`select code from cases where code like 'crash-%' order by code`,
      );
      const codes = rows.map((r) => r.code);
      for (const c of committed) expect(codes).toContain(c);
      expect(codes.length).toBeLessThanOrEqual(committed.length + 1);
    });

    it('has no half-written case: each has its received event and its audit row; no orphan applicant', async () => {
      const broken = await queryRows<{ code: string; received: number; audited: number }>(
        handle.db,
        sql`select c.code,
              (select count(*)::int from case_events e where e.case_id = c.id and e.type = 'received') as received,
              (select count(*)::int from audit_log l where l.action = 'case.intake' and l.entity_id = c.code) as audited
            from cases c`,
      );
      expect(broken.filter((b) => Number(b.received) !== 1 || Number(b.audited) !== 1)).toEqual([]);
      const orphans = await queryRows<{ id: number }>(
        handle.db,
        sql`select a.id from applicants a where not exists (select 1 from cases c where c.applicant_id = a.id)
              or not exists (select 1 from audit_log l where l.action = 'applicant.create' and l.entity_id = a.id::text)`,
      );
      expect(orphans).toEqual([]);
      const intakeAudits = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from audit_log where action = 'case.intake'
              and entity_id not in (select code from cases)`,
      );
      expect(Number(intakeAudits[0]!.n)).toBe(0);
    });

    it('takes new cases, numbered after the last one', async () => {
      const { code } = await intakeCase(
        handle.db,
        {
          agency: 'crash',
          applicant: { type: 'commercial', name: '重启后公司', idNumber: '91350100M000100Y43' },
          channel: 'inPerson',
          receivedOn: '2024-03-01',
          description: '重启后的第一件',
        },
        { actor: 'crash-test', today: TODAY },
      );
      const [max] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from cases where code like 'crash-%'`,
      );
      expect(code).toBe(`crash-2024-${String(Number(max!.n)).padStart(5, '0')}`);
    });
  });
});

// Compiling 表三/表四 for one agency-year of BENCH_CASES cases (default 100,000), on PGlite in a temp folder or, with
// DATABASE_URL, on a fresh database of that PostgreSQL server. Cases are bulk-inserted in 1,000-row batches through
// json_to_recordset (one parameter per batch: single-row inserts are ~20× slower, see shared/stack-notes.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createAgency } from '../src/cases/agencies.ts';
import { seedCalendarIfEmpty } from '../src/cases/calendar.ts';
import { compileYear } from '../src/cases/compile.ts';
import type { DatabaseHandle, Executor } from '../src/db/handle.ts';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import { addDays } from '../src/domain/calendar/index.ts';
import { APPLICANT_PARTS, LAYOUTS } from '../src/domain/report/layout.ts';
import { prng } from '../src/domain/report/synthesize.ts';
import { peakRssMiB, printTable } from './_table.ts';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const CARRIED = Math.round(N / 20);
const BATCH = 1000;
const YEAR = 2023;
const OUTCOMES = LAYOUTS['2021'].t3Rows.filter((r) => r.result).map((r) => r.key);
const TYPES = APPLICANT_PARTS.filter((c) => c !== 'total');

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-compile-'));
const handle: DatabaseHandle = process.env.DATABASE_URL
  ? await openTestDatabase()
  : await openDatabase({ dataDir: dir, migrate: true });

async function insertJson(db: Executor, table: string, columns: string, rows: object[]): Promise<void> {
  await db.execute(
    sql.raw(`insert into ${table} (${columns.replace(/ \w+(\[\])?(,|$)/g, '$2')})
             select * from json_to_recordset('${JSON.stringify(rows).replace(/'/g, "''")}'::json) as x(${columns})`),
  );
}

try {
  await seedCalendarIfEmpty(handle.db, { actor: 'bench' });
  const agency = await createAgency(
    handle.db,
    { code: 'bench', name: '基准测试机关', level: 'agency', kind: 'department' },
    { actor: 'bench' },
  );
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  const t0 = performance.now();
  const total = N + CARRIED;
  for (let i = 0; i < total; i += BATCH) {
    const n = Math.min(BATCH, total - i);
    const applicants = Array.from({ length: n }, (_, j) => ({ type: pick(TYPES), name: `申请人${i + j}` }));
    const ids = await queryRows<{ id: number; type: string }>(
      handle.db,
      sql.raw(`insert into applicants (type, name)
               select * from json_to_recordset('${JSON.stringify(applicants)}'::json) as x(type text, name text)
               returning id, type`),
    );
    const cases = ids.map((a, j) => {
      const k = i + j;
      // The first N are received in YEAR, the rest in the year before (carried over).
      const receivedOn =
        k < N
          ? addDays(`${YEAR}-01-01`, Math.floor(rand() * 365))
          : addDays(`${YEAR - 1}-06-01`, Math.floor(rand() * 214));
      const open = rand() < 0.1;
      const closedOn = open ? null : addDays(receivedOn, Math.floor(rand() * 40));
      return {
        code: `bench-${String(k).padStart(7, '0')}`,
        agency_id: agency.id,
        applicant_id: a.id,
        applicant_type: a.type,
        channel: 'inPerson',
        received_on: receivedOn,
        description: '基准测试',
        status: closedOn ? 'closed' : 'open',
        outcome: closedOn ? pick(OUTCOMES) : null,
        closed_on: closedOn,
      };
    });
    const inserted = await queryRows<{ id: number; received_on: string }>(
      handle.db,
      sql.raw(`insert into cases (code, agency_id, applicant_id, applicant_type, channel, received_on, description, status, outcome, closed_on)
               select * from json_to_recordset('${JSON.stringify(cases)}'::json) as x(code text, agency_id int, applicant_id int,
                 applicant_type text, channel text, received_on date, description text, status text, outcome text, closed_on date)
               returning id, to_char(received_on, 'YYYY-MM-DD') as received_on`),
    );
    // About 2 % with a fee notice (half paid), 1 % with an appeal.
    const events = inserted
      .filter(() => rand() < 0.02)
      .flatMap((c) => [
        {
          case_id: c.id,
          type: 'feeNotified',
          on: addDays(c.received_on, 2),
          data: { amount: 380 },
          actor: 'bench',
        },
        ...(rand() < 0.5
          ? [
              {
                case_id: c.id,
                type: 'feePaid',
                on: addDays(c.received_on, 5),
                data: { amount: 380 },
                actor: 'bench',
              },
            ]
          : []),
      ]);
    if (events.length)
      await insertJson(
        handle.db,
        'case_events',
        'case_id int, type text, "on" date, data jsonb, actor text',
        events,
      );
    const appeals = inserted
      .filter(() => rand() < 0.01)
      .map((c) => ({
        case_id: c.id,
        kind: pick(['review', 'litigation.direct', 'litigation.afterReview']),
        filed_on: addDays(c.received_on, 30),
      }));
    if (appeals.length)
      await insertJson(handle.db, 'appeals', 'case_id int, kind text, filed_on date', appeals);
  }
  const insertS = (performance.now() - t0) / 1000;
  await handle.db.execute(sql`analyze`);

  const time = async (drillDown: boolean) => {
    const runs: number[] = [];
    let r: Awaited<ReturnType<typeof compileYear>> | null = null;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      r = await compileYear(handle.db, { agency: 'bench', year: YEAR, drillDown });
      runs.push((performance.now() - t) / 1000);
    }
    return { s: runs.sort((a, b) => a - b)[1]!, r: r! };
  };
  const plain = await time(false);
  const drill = await time(true);
  const counted = drill.r.report.cells['t3.received.total'];
  printTable([
    {
      what: `bulk insert ${total} cases into ${handle.kind}`,
      value: total / insertS,
      unit: 'cases/s',
      note: `${insertS.toFixed(1)} s, applicants, fees and appeals included`,
    },
    {
      what: 'compile 表三/表四 + fees (numbers only)',
      value: plain.s * 1000,
      unit: 'ms',
      note: 'median of 3',
    },
    {
      what: 'compile with drill-down (case codes per cell)',
      value: drill.s * 1000,
      unit: 'ms',
      note: 'median of 3',
    },
    {
      what: 'cases counted as received',
      value: counted?.state === 'number' ? counted.value : -1,
      unit: 'cases',
    },
    { what: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
  ]);
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

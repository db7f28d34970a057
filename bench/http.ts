// HTTP throughput of the real web app beside a bare Hono route, measured in one run on this machine.
//
// Three processes: the app (startServer, as `gongkai serve --demo` runs it, on a demo database: PGlite in a temp
// folder, or a fresh database of the PostgreSQL server in DATABASE_URL), a bare `new Hono().get('/', c =>
// c.text('ok'))` on @hono/node-server, and this one, the load generator. Each server runs on one core; the load
// generator on the other. The generator is a minimal HTTP/1.1 keep-alive client over raw sockets (a fetch or
// http.Agent client tops out below a bare Hono route on one core and would measure itself): BENCH_HTTP_CONNECTIONS
// loops (default 10, as autocannon's default), each sending its next request when the previous answer is complete,
// for BENCH_HTTP_SECONDS (default 5) after a 1-second warm-up, and never more than MAX_REQUESTS. Loopback only.
//
// Figures: requests/s, p50 and p99 latency, the server's CPU use (from /proc: near 100 % means the server was the
// limit, not the generator), and the ratio of each app page to the bare route (aim: report page ≥ 30 %, requested as
// a browser requests it, with Accept-Encoding). The bare route, the report page and the case list (the rows with an
// aim of issue 18) run BENCH_REPEAT times (default 3), interleaved; their rows print the median and the range.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { aimById, median, meets, repeatCount } from './_repeat.ts';
import { type Figure, printTable, repeated } from './_table.ts';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);
const WARMUP_MS = 1000;
const MAX_REQUESTS = 500_000;
// What Chromium and Firefox send: the report page is measured as a browser asks for it (compressed, ~8 KB instead of
// ~50 KB), and also without Accept-Encoding (a script) and revalidated (If-None-Match → 304).
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
// Issue 18's case-list row is measured with this many cases in the database (BENCH_CASES; 0 keeps the demo's own).
const BENCH_CASES = Number(process.env.BENCH_CASES ?? 100_000);
const AIM_CASE_LIST_RATE = aimById('case-list-rate').value;
const AIM_CASE_LIST_P99_MS = aimById('case-list-p99').value;

interface Ready {
  readonly port: number;
  readonly cookie?: string;
  readonly reportId?: number;
  readonly cases?: number;
  readonly database?: string;
}

// ------------------------------------------------------------------------------------------- server processes

async function serveBare(): Promise<void> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono().get('/', (c) => c.text('ok'));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port } satisfies Ready)}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

async function serveApp(): Promise<void> {
  const { sql } = await import('drizzle-orm');
  const { openDatabase } = await import('../src/db/open.ts');
  const { openTestDatabase } = await import('../src/db/testing.ts');
  const { queryRows } = await import('../src/db/query.ts');
  const { startServer } = await import('../src/web/server.ts');
  const { audit } = await import('../src/web/audit.ts');
  const { createSession } = await import('../src/web/auth/sessions.ts');
  const { DEFAULT_WEB_OPTIONS } = await import('../src/web/deps.ts');

  // As `gongkai serve` sets it (bin/gongkai.js, ADR 0010): the WebAssembly tiering budget, before PGlite's module is
  // compiled; GONGKAI_WASM_TIERING=default (or a number) measures V8's own (or another) in the same bench.
  const { applyWasmTiering } = await import('../bin/wasm-tiering.js');
  process.stderr.write(`(app server: ${applyWasmTiering()})\n`);
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-http-'));
  const handle = process.env.DATABASE_URL
    ? await openTestDatabase()
    : // As `serve` opens it: PGlite on its own thread when GONGKAI_PGLITE_WORKER=1 (ADR 0009).
      await openDatabase({ dataDir: dir, migrate: true, thread: true });
  // node-postgres re-emits an idle connection's error on its pool, and src/db/open.ts attaches no listener: the
  // test database's DROP … WITH (FORCE) on close would then end this process with an unhandled 'error' event.
  (handle.db as unknown as { $client: { on?: (e: string, f: () => void) => void } }).$client.on?.(
    'error',
    () => {},
  );
  const server = await startServer(handle, {
    port: 0,
    hostname: '127.0.0.1',
    demo: true,
    secureCookies: false,
    trustProxy: false,
    out: () => {},
    err: (s) => process.stderr.write(s),
  });
  // A signed-in officer of the demo's 庞各庄镇, past the one-time-password step (as after their first login).
  const [officer] = await queryRows<{ id: number }>(
    handle.db,
    sql`select id from users where username = 'demo-officer'`,
  );
  await audit(handle.db, {
    actor: 'bench',
    action: 'user.password.changed',
    entity: 'user',
    entityId: officer!.id,
  });
  const { token } = await createSession(handle.db, Number(officer!.id), {
    now: new Date(),
    idleMs: DEFAULT_WEB_OPTIONS.sessionIdleMs,
    maxMs: DEFAULT_WEB_OPTIONS.sessionMaxMs,
  });
  if (BENCH_CASES > 0) await seedCases(handle.db, sql, BENCH_CASES);
  const [report] = await queryRows<{ id: number }>(
    handle.db,
    sql`select id from annual_reports where agency_id is not null order by id limit 1`,
  );
  const [cases] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from cases`);
  const port = (server.address() as { port: number }).port;
  // The generator switches the staff pages' caches off and on (`cache off` / `cache on`) to measure both in one run.
  const { changeFeedOf } = await import('../src/web/change-feed.ts');
  createInterface({ input: process.stdin }).on('line', (line) => {
    changeFeedOf(handle).bypass = line.trim() === 'cache off';
    process.stdout.write(`${line.trim()}: ok\n`);
  });
  process.stdout.write(
    `${JSON.stringify({
      port,
      cookie: `gk_session=${token}`,
      reportId: Number(report!.id),
      cases: Number(cases!.n),
      database: handle.kind,
    } satisfies Ready)}\n`,
  );
  await server.stopped;
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/**
 * BENCH_CASES more cases in the officer's own agency (the worst case for its list: every row is in scope), received
 * over six years, four in five closed, with 20,000 applicants: written by one INSERT … SELECT each, not through the
 * use cases (the clock is not what this row measures). Statistics refreshed as after a day of autovacuum.
 */
async function seedCases(
  db: import('../src/db/handle.ts').Executor,
  sql: typeof import('drizzle-orm').sql,
  n: number,
): Promise<void> {
  const started = performance.now();
  const applicantCount = Math.min(20_000, n);
  await db.execute(sql`
    insert into applicants (type, name, id_number, phone)
    select case when g % 10 = 0 then 'commercial' else 'naturalPerson' end,
           case when g % 10 = 0 then '某某公司' || g else '申请人' || g end,
           '110105' || lpad((19500101 + g % 400)::text, 8, '0') || lpad((g % 10000)::text, 4, '0'),
           '139' || lpad(g::text, 8, '0')
      from generate_series(1, ${applicantCount}::int) g`);
  await db.execute(sql`
    with a as (select id from agencies where code = 'demo-pgz'),
         p as (select min(id) as lo from applicants where name like '申请人%' or name like '某某公司%')
    insert into cases (code, agency_id, applicant_id, applicant_type, channel, received_on, description, status,
                       outcome, closed_on, due_on, assigned_to)
    select 'bench-' || g, a.id, p.lo + g % ${applicantCount}::int,
           case when g % 10 = 0 then 'commercial' else 'naturalPerson' end,
           case when g % 3 = 0 then 'online' else 'inPerson' end,
           date '2019-01-01' + (g % 2190),
           '关于第' || g || '号地块征收补偿安置方案及相关会议纪要的公开申请',
           case when g % 5 = 0 then 'open' else 'closed' end,
           case when g % 5 = 0 then null else 'granted' end,
           case when g % 5 = 0 then null else date '2019-01-01' + (g % 2190) + 12 end,
           date '2019-01-01' + (g % 2190) + 28,
           null
      from generate_series(1, ${n}::int) g, a, p`);
  await db.execute(sql`analyze cases`);
  await db.execute(sql`analyze applicants`);
  process.stderr.write(`(seeded ${n} cases in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}

function startChild(which: 'app' | 'bare'): Promise<{ proc: ChildProcess; ready: Ready }> {
  // BENCH_APP_CPU_PROF=<folder>: the app server writes a V8 CPU profile there when it stops.
  const prof = which === 'app' && process.env.BENCH_APP_CPU_PROF;
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const proc = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', import.meta.filename, '--serve', which],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    // Seeding BENCH_CASES cases takes a while on a busy machine.
    const timer = setTimeout(() => reject(new Error(`${which} server did not start in 600 s`)), 600_000);
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({ proc, ready: JSON.parse(line) as Ready });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${which} server exited with ${code}`));
    });
  });
}

function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Switch the app's staff-page caches off or on (serveApp's stdin), once it has said so. */
function setCache(proc: ChildProcess, on: boolean): Promise<void> {
  const command = on ? 'cache on' : 'cache off';
  return new Promise((resolve) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      if (line !== `${command}: ok`) return;
      lines.close();
      resolve();
    });
    proc.stdin!.write(`${command}\n`);
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

// ------------------------------------------------------------------------------------------- load generator

/** One keep-alive connection: sends a request, resolves with the status once the whole response has arrived. */
class Connection {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  private readonly socket;

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      this.parse();
    });
    this.socket.on('error', (e) => this.failed?.(e));
    this.socket.on('close', () => this.failed?.(new Error('connection closed')));
  }

  request(bytes: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.failed = null;
    this.socket.destroy();
  }

  /** Complete response in the buffer? Then consume it and resolve. Content-Length or chunked bodies. */
  private parse(): void {
    const head = this.buf.indexOf('\r\n\r\n');
    if (head < 0 || !this.waiting) return;
    const headers = this.buf.subarray(0, head).toString('latin1');
    const status = Number(headers.slice(9, 12));
    let end: number;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
    if (length) {
      end = head + 4 + Number(length[1]);
      if (this.buf.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
      let at = head + 4;
      for (;;) {
        const eol = this.buf.indexOf('\r\n', at);
        if (eol < 0) return;
        const size = Number.parseInt(this.buf.subarray(at, eol).toString('latin1'), 16);
        at = eol + 2 + size + 2;
        if (this.buf.length < at) return;
        if (size === 0) break;
      }
      end = at;
    } else end = head + 4;
    this.buf = this.buf.subarray(end);
    const done = this.waiting;
    this.waiting = null;
    this.failed = null;
    done(status);
  }
}

interface Run {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly serverCpu: number;
  readonly clientCpu: number;
}

async function measure(
  port: number,
  path: string,
  pid: number,
  headers: Record<string, string> = {},
  expected = 200,
): Promise<Run> {
  const request = Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}Connection: keep-alive\r\n\r\n`,
  );
  const run = async (ms: number, record: number[] | null) => {
    let errors = 0;
    let sent = 0;
    const until = performance.now() + ms;
    const loop = async () => {
      const conn = new Connection(port);
      try {
        while (performance.now() < until && sent < MAX_REQUESTS) {
          sent++;
          const t = performance.now();
          const status = await conn.request(request);
          record?.push(performance.now() - t);
          if (status !== expected) errors++;
        }
      } finally {
        conn.close();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, loop));
    return errors;
  };
  await run(WARMUP_MS, null);
  const latencies: number[] = [];
  const cpu0 = cpuSeconds(pid);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const errors = await run(SECONDS * 1000, latencies);
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    serverCpu: (cpuSeconds(pid) - cpu0) / seconds,
    clientCpu: (client.user + client.system) / 1e6 / seconds,
  };
}

async function main(): Promise<void> {
  const bare = await startChild('bare');
  const app = await startChild('app');
  try {
    const { port, cookie, reportId, cases, database } = app.ready;
    const browser = { 'Accept-Encoding': BROWSER_ACCEPT_ENCODING };
    const etag = (
      await fetch(`http://127.0.0.1:${port}/reports/${reportId}`, { headers: browser })
    ).headers.get('etag')!;
    const targets: [string, number, string, number, Record<string, string>, number?, 'uncached'?][] = [
      ['bare Hono route', bare.ready.port, '/', bare.proc.pid!, {}],
      ['public report page', port, `/reports/${reportId}`, app.proc.pid!, browser],
      ['staff case list (signed in)', port, '/staff/cases?status=all', app.proc.pid!, { Cookie: cookie! }],
      ['staff dashboard (signed in)', port, '/staff', app.proc.pid!, { Cookie: cookie! }],
      ['public report page, no Accept-Encoding', port, `/reports/${reportId}`, app.proc.pid!, {}],
      [
        'public report page, If-None-Match → 304',
        port,
        `/reports/${reportId}`,
        app.proc.pid!,
        { ...browser, 'If-None-Match': etag },
        304,
      ],
      // The same two pages with the caches switched off: every request reads the session and the page from the
      // database and renders it (as before issue 18's cache), for the CPU per request of both in one run.
      [
        'staff case list, uncached',
        port,
        '/staff/cases?status=all',
        app.proc.pid!,
        { Cookie: cookie! },
        200,
        'uncached',
      ],
      ['staff dashboard, uncached', port, '/staff', app.proc.pid!, { Cookie: cookie! }, 200, 'uncached'],
    ];
    // The rows with an aim of issue 18 — the bare route, the report page (their ratio) and the case list — run
    // BENCH_REPEAT times (default 3), interleaved (bare, page, list, bare, page, list, …) so a slow minute of the
    // shared machine hits all three; each ratio is taken within one round. The other targets run once, after.
    const REPEAT = repeatCount();
    const AIMED = 3;
    const runs: Run[][] = targets.map(() => []);
    const measureTarget = async (i: number) => {
      const [, p, path, pid, headers, expected, mode] = targets[i]!;
      if (mode) await setCache(app.proc, false);
      runs[i]!.push(await measure(p, path, pid, headers, expected));
      if (mode) await setCache(app.proc, true);
    };
    for (let round = 0; round < REPEAT; round++) for (let i = 0; i < AIMED; i++) await measureTarget(i);
    for (let i = AIMED; i < targets.length; i++) await measureTarget(i);
    const rate = (r: Run) => r.requests / r.seconds;
    const mid = (i: number, f: (r: Run) => number) => median(runs[i]!.map(f));
    const rows: Figure[] = [];
    for (const [i, [what, , path]] of targets.entries()) {
      const rs = runs[i]!;
      rows.push(
        repeated(what, rs.map(rate), 'req/s', {
          note: `GET ${path}${targets[i]![4]['Accept-Encoding'] ? ' (br)' : ''}, ${rs.reduce((n, r) => n + r.requests, 0)} requests${rs.length > 1 ? ` in ${rs.length} runs` : ''}, ${rs.reduce((n, r) => n + r.errors, 0)} not ${targets[i]![5] ?? 200}, server CPU ${(mid(i, (r) => r.serverCpu) * 100).toFixed(0)} %, client CPU ${(mid(i, (r) => r.clientCpu) * 100).toFixed(0)} %`,
        }),
        repeated(
          '  p50 latency',
          rs.map((r) => r.p50),
          'ms',
        ),
        repeated(
          '  p99 latency',
          rs.map((r) => r.p99),
          'ms',
        ),
      );
    }
    /** Target i's rate over the bare route's, round by round, in per cent. */
    const ratios = (i: number) => runs[i]!.map((r, k) => (rate(r) / rate(runs[0]![k]!)) * 100);
    rows.push(
      repeated('report page / bare route', ratios(1), '%', {
        aim: aimById('report-ratio'),
        note: 'as a browser asks: brotli; each run over the bare route’s run of the same round',
      }),
      {
        what: 'report page, no Accept-Encoding / bare',
        value: (rate(runs[4]![0]!) / mid(0, rate)) * 100,
        unit: '%',
        note: 'the same page uncompressed (~50 KB a response), over the bare route’s median: no aim',
      },
      repeated('case list / bare route', ratios(2), '%', {
        note: `the same run's ratio: compare runs on a loaded machine by this, not by req/s`,
      }),
    );
    // Issue 18's case-list row: the rate and the p99, each the median of the runs, each against its aim.
    rows.push(
      repeated(`staff case list, ${cases} cases`, runs[2]!.map(rate), 'req/s', {
        aim: aimById('case-list-rate'),
        size: cases,
        note: `p99 ${mid(2, (r) => r.p99).toFixed(1)} ms (median); aim with 100,000 cases`,
      }),
      repeated(
        `staff case list p99, ${cases} cases`,
        runs[2]!.map((r) => r.p99),
        'ms',
        { aim: aimById('case-list-p99'), size: cases },
      ),
    );
    // The case list's aim (issue 18) applies to the dashboard too: both are what an officer opens all day.
    {
      const r = runs[3]![0]!;
      const met = meets(rate(r), aimById('case-list-rate')) && meets(r.p99, aimById('case-list-p99'));
      rows.push({
        what: `staff dashboard, ${cases} cases`,
        value: rate(r),
        unit: 'req/s',
        note: `p99 ${r.p99.toFixed(1)} ms; aim ≥ ${AIM_CASE_LIST_RATE.toLocaleString('en')} req/s and p99 ≤ ${AIM_CASE_LIST_P99_MS} ms with 100,000 cases: ${met ? 'met' : 'NOT met'} (1 run)`,
      });
    }
    // Server CPU per request, cached vs uncached in this run: what a loaded machine does not distort much.
    const cpuPerRequest = (r: Run) => (r.serverCpu * r.seconds * 1e6) / Math.max(1, r.requests);
    for (const [cached, uncached, what] of [
      [2, 6, 'staff case list'],
      [3, 7, 'staff dashboard'],
    ] as const)
      rows.push({
        what: `${what}: server CPU per request`,
        value: mid(cached, cpuPerRequest),
        unit: 'µs',
        note: `uncached ${cpuPerRequest(runs[uncached]![0]!).toFixed(0)} µs (the caches off, same run, same database)`,
      });
    console.log(
      `(${CONNECTIONS} keep-alive connections, ${SECONDS} s each after ${WARMUP_MS / 1000} s warm-up; app on ${database}, demo data: ${cases} cases)`,
    );
    printTable(rows);
  } finally {
    await Promise.all([stopChild(app.proc), stopChild(bare.proc)]);
  }
}

if (process.argv[2] === '--serve') {
  if (process.argv[3] === 'bare') await serveBare();
  else await serveApp();
} else await main();

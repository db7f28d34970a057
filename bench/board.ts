// The supervisor's board for a district of 300 agencies with 5 years of reports each (issue 16: under 300 ms): the
// status board of a year (src/supervision/status-board.ts) and the figures of its charts, as the /supervise page
// loads them, on PGlite in a temp folder (or PostgreSQL from DATABASE_URL). BENCH_AGENCIES sets the size. Then the
// same over HTTP as a signed-in supervisor's browser loads it: the page (HTML) and its four chart SVGs, each a
// request of its own (app.request: the whole middleware chain, no socket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendar } from '../src/cases/calendar.ts';
import { openDatabase } from '../src/db/open.ts';
import { agencies } from '../src/db/schema/agencies.ts';
import { users } from '../src/db/schema/users.ts';
import { toParsedJson } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { type BulkItem, collectBatch } from '../src/supervision/collect-bulk.ts';
import { performance as perf } from '../src/supervision/performance.ts';
import { createApp } from '../src/web/app.tsx';
import { audit } from '../src/web/audit.ts';
import { createSession } from '../src/web/auth/sessions.ts';
import { DEFAULT_WEB_OPTIONS } from '../src/web/deps.ts';
import { board, chartFigures } from '../src/web/reports/board.ts';
import { StoredFiles } from '../src/web/reports/stored-files.ts';
import { printTable } from './_table.ts';

const N = Number(process.env.BENCH_AGENCIES ?? 300);
const YEARS = [2019, 2020, 2021, 2022, 2023];
const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-board-'));
const handle = await openDatabase(
  process.env.DATABASE_URL ? { migrate: true } : { dataDir: dir, migrate: true },
);
const median = async (f: () => Promise<unknown>, runs = 7) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
};
try {
  const db = handle.db;
  const stamp = Date.now();
  const [region] = await db
    .insert(agencies)
    .values({
      code: `bench-${stamp}`,
      name: `基准区${stamp}人民政府`,
      level: 'region',
      kind: 'localGovernment',
    })
    .returning({ id: agencies.id });
  const names: string[] = [];
  for (let i = 0; i < N; i += 100)
    names.push(
      ...(
        await db
          .insert(agencies)
          .values(
            Array.from({ length: Math.min(100, N - i) }, (_, k) => ({
              code: `b${stamp}-${i + k}`,
              name: `基准区${stamp}第${i + k}机关`,
              level: 'agency',
              kind: (i + k) % 3 ? 'township' : 'department',
              parentId: region!.id,
            })),
          )
          .returning({ name: agencies.name })
      ).map((r) => r.name),
    );
  const rand = prng(11);
  for (const year of YEARS) {
    const batch: BulkItem[] = names.map((name, j) => {
      const r = synthesizeReport(rand, { format: year <= 2020 ? '2019' : '2021', year, agency: name });
      return {
        parsed: { ...toParsedJson(r, { provenance: false }), sections: {} },
        findings: [],
        sha256: `board-${stamp}-${year}-${j}`,
        sourceName: `r${year}-${j}.txt`,
        sourceForm: 'text',
        publishedOn: `${year + 1}-01-${String(10 + (j % 20)).padStart(2, '0')}`,
      };
    });
    await db.transaction((tx) => collectBatch(tx, batch, 'ingest', 'bench'));
  }
  const today = '2024-04-10';
  const rows = await board(db, region!.id, 2023, today);
  const boardMs = await median(() => board(db, region!.id, 2023, today));
  const chartsMs = await median(() => chartFigures(db, region!.id, 2023, rows));
  // What each chart's SVG computed before (the board and every figure) and now (its own part).
  const trendMs = await median(() => chartFigures(db, region!.id, 2023, [], 'trend'));
  const mixMs = await median(() => chartFigures(db, region!.id, 2023, [], 'mix'));
  const rankMs = await median(async () =>
    chartFigures(db, region!.id, 2023, await board(db, region!.id, 2023, today), 'ranking'),
  );
  const leagueMs = await median(() => perf(db, { rootId: region!.id, years: [2023], today }), 3);
  // Over HTTP, signed in as the district's supervisor.
  const [u] = await db
    .insert(users)
    .values({
      username: `bench-${stamp}`,
      displayName: '基准监督',
      agencyId: region!.id,
      roles: ['supervisor'],
      passwordHash: 'x',
    })
    .returning({ id: users.id });
  await audit(db, { actor: 'bench', action: 'user.password.changed', entity: 'user', entityId: u!.id });
  const { token } = await createSession(db, u!.id, {
    now: new Date(),
    idleMs: DEFAULT_WEB_OPTIONS.sessionIdleMs,
    maxMs: DEFAULT_WEB_OPTIONS.sessionMaxMs,
  });
  const app = createApp({
    handle,
    calendar: (agencyId) => loadCalendar(db, agencyId ?? null),
    now: () => new Date(),
    today: () => today,
    options: { ...DEFAULT_WEB_OPTIONS, demo: false },
    files: new StoredFiles(mkdtempSync(join(tmpdir(), 'gongkai-bench-files-'))),
  });
  const get = async (path: string) => {
    const r = await app.request(path, { headers: { cookie: `gk_session=${token}` } });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  };
  const base = `/supervise/agencies/${region!.id}`;
  const pageMs = await median(() => get(`${base}?year=2023`));
  const charts = ['received', 'outcomes', 'corrections', 'ranking'];
  const svgMs: number[] = [];
  for (const ch of charts) svgMs.push(await median(() => get(`${base}/charts/${ch}.svg?year=2023`)));
  const leagueHttpMs = await median(() => get(`${base}/performance?year=2023`), 3);
  printTable([
    {
      what: `status board: ${N} agencies × ${YEARS.length} years (${handle.kind})`,
      value: boardMs,
      unit: 'ms',
      note: `${rows.length} rows, median of 7`,
    },
    { what: 'board charts (sums of every year, ranking)', value: chartsMs, unit: 'ms', note: 'median of 7' },
    {
      what: '/supervise page data (board + charts)',
      value: boardMs + chartsMs,
      unit: 'ms',
      note: 'target < 300 ms',
    },
    {
      what: 'figures of the 4 SVGs, before (board + every figure, ×4)',
      value: 4 * (boardMs + chartsMs),
      unit: 'ms',
      note: 'same run',
    },
    {
      what: 'figures of the 4 SVGs, now (trend ×2, mix, board + ranking)',
      value: 2 * trendMs + mixMs + rankMs,
      unit: 'ms',
      note: `trend ${trendMs.toFixed(0)}, mix ${mixMs.toFixed(0)}, ranking ${rankMs.toFixed(0)} ms`,
    },
    { what: 'league table of the year', value: leagueMs, unit: 'ms', note: 'median of 3' },
    {
      what: 'GET the board page (HTML, signed in)',
      value: pageMs,
      unit: 'ms',
      note: 'median of 7; aim < 300 ms',
    },
    ...charts.map((ch, i) => ({
      what: `GET charts/${ch}.svg`,
      value: svgMs[i]!,
      unit: 'ms',
      note: 'median of 7',
    })),
    {
      what: 'the board with its charts (page + 4 SVGs, one after another)',
      value: pageMs + svgMs.reduce((a, b) => a + b, 0),
      unit: 'ms',
      note: 'what a browser waits for at most, without parallel requests',
    },
    { what: 'GET the league table page', value: leagueHttpMs, unit: 'ms', note: 'median of 3' },
  ]);
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}

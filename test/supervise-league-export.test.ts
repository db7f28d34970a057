// The league table (per-agency performance) downloaded from the console (issue 16): CSV and XLSX with the same
// rows as the page, only the supervisor's own subtree, each figure as the report that stands reads it, the
// population's source masked like every export. `gongkai export --db --league` writes it with the same code.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies } from '../src/db/schema/agencies.ts';
import { agencyPopulations } from '../src/db/schema/agency-identity.ts';
import { LEAGUE_COLUMNS } from '../src/supervision/league.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const PGZ = '北京市大兴区庞各庄镇人民政府';
const GD = '郭店镇';
const POPULATION = 52_000;

beforeAll(async () => {
  t = await openWebTest();
  const db = t.handle.db;
  const [pgz] = await db
    .insert(agencies)
    .values({ code: 'pgz', name: PGZ, parentId: t.agency.R, level: 'agency', kind: 'township' })
    .returning({ id: agencies.id });
  // 郭店镇 belongs to the other district: its report must not appear in R's table.
  const [gd] = await db
    .insert(agencies)
    .values({ code: 'gd', name: GD, parentId: t.agency.S, level: 'agency', kind: 'township' })
    .returning({ id: agencies.id });
  for (const [s, id] of [
    ['000', pgz!.id],
    ['002', gd!.id],
  ] as const) {
    const file = seed(s);
    await collectFile(
      db,
      { name: `${s}.txt`, bytes: readFileSync(file.file) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: id },
    );
  }
  await db.insert(agencyPopulations).values({
    agencyId: pgz!.id,
    year: 2023,
    population: POPULATION,
    source: '镇统计站电话13812345678提供',
  });
}, 120_000);
afterAll(async () => t?.close());

const path = (agency: number, file: string) => `/supervise/agencies/${agency}/export/${file}?year=2023`;

describe('the league table as a file', () => {
  it('XLSX: one row per agency of the subtree, the figures of the report that stands', async () => {
    const r = await t.request(path(t.agency.R, 'league.xlsx'), { as: 'supervisor' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(decodeURIComponent(r.headers.get('content-disposition') ?? '')).toContain('各机关办理情况.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    const ws = wb.getWorksheet('机关绩效')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...LEAGUE_COLUMNS]);
    const rows = [...Array(ws.rowCount - 1).keys()].map((i) => ws.getRow(i + 2));
    // R itself, 甲镇, 乙街道 and 庞各庄 (a department reports with its agency; 郭店镇 is another district's).
    expect(rows.map((x) => x.getCell(1).value).sort()).toEqual(
      ['测试区人民政府', '测试区甲镇人民政府', '测试区乙街道办事处', PGZ].sort(),
    );
    const col = (name: string) => LEAGUE_COLUMNS.indexOf(name) + 1;
    const pgz = rows.find((x) => x.getCell(1).value === PGZ)!;
    const want = seed('000').expected.fields;
    expect(pgz.getCell(col('年度')).value).toBe(2023);
    expect(pgz.getCell(col('新收申请（件）')).value).toBe(want['t3.received.total']);
    expect(pgz.getCell(col('人口（人）')).value).toBe(POPULATION);
    // Applications per 10,000 residents, one decimal.
    expect(pgz.getCell(col('每万人申请（件）')).value).toBe(
      Math.round((want['t3.received.total']! / POPULATION) * 100_000) / 10,
    );
    expect(pgz.getCell(col('予以公开（件）')).value).toBe(want['t3.granted.total']);
    expect(pgz.getCell(col('人口来源')).value).toBe('镇统计站电话138****5678提供');
    // The agency with most applications comes first; agencies without a report have empty figures.
    expect(rows[0]!.getCell(1).value).toBe(PGZ);
    const none = rows.find((x) => x.getCell(1).value === '测试区乙街道办事处')!;
    expect(none.getCell(col('报告编号')).value).toBe('');
    expect(none.getCell(col('发布情况')).value).toMatch(/未发布|逾期/);
  });

  it('CSV: the same rows, masked, with a byte-order mark for Excel', async () => {
    const r = await t.request(path(t.agency.R, 'league.csv'), { as: 'supervisor' });
    expect(r.status).toBe(200);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // drops the mark
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(LEAGUE_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 4);
    expect(text).not.toContain(GD);
    expect(text).not.toContain('13812345678');
    expect(lines[1]!.split(',')[0]).toBe(PGZ);
  });

  it('another district’s table is refused, and nobody else downloads it', async () => {
    expect((await t.request(path(t.agency.S, 'league.csv'), { as: 'supervisor' })).status).toBe(403);
    expect((await t.request(path(t.agency.R, 'league.xlsx'), { as: 'officer' })).status).toBe(403);
    const own = await t.request(path(t.agency.S, 'league.csv'), { as: 'supervisorS' });
    expect(await own.text()).toContain(GD);
  });
});

describe('gongkai export --db --league', () => {
  it('writes the same table from the database (CSV and XLSX), and refuses a league without --db', async () => {
    const { mkdtempSync, readFileSync: read } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('./support/cli.ts');
    const { SEEDS } = await import('./support/seeds.ts');
    const data = mkdtempSync(join(tmpdir(), 'gongkai-league-'));
    const env = { ...process.env, GONGKAI_DATA: data, DATABASE_URL: '' };
    for (const args of [
      [
        'agency',
        'add',
        'dx',
        '--name',
        '北京市大兴区人民政府',
        '--level',
        'region',
        '--kind',
        'localGovernment',
      ],
      ['agency', 'add', 'pgz', '--name', PGZ, '--level', 'agency', '--kind', 'township', '--parent', 'dx'],
    ])
      expect((await runCli(args, env)).code, args.join(' ')).toBe(0);
    expect((await runCli(['collect', SEEDS[0]!.file], env)).code).toBe(0);
    const csv = join(data, 'league.csv');
    const ex = await runCli(
      ['export', '--db', '--year', '2023', '--agency', 'dx', '--league', csv, '--today', '2024-04-10'],
      env,
    );
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stderr).toContain('已导出 2 个机关的办理情况');
    const lines = read(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(LEAGUE_COLUMNS.join(','));
    const pgz = lines.find((l) => l.startsWith(PGZ))!.split(',');
    expect(Number(pgz[LEAGUE_COLUMNS.indexOf('新收申请（件）')])).toBe(
      seed('000').expected.fields['t3.received.total'],
    );
    const xlsx = join(data, 'league.xlsx');
    expect((await runCli(['export', '--db', '--year', '2023', '--league', xlsx], env)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.getWorksheet('机关绩效')!.getRow(1).getCell(1).value).toBe('机关');
    const bad = await runCli(['export', SEEDS[0]!.file, '--league', csv], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--league 须与 --db 一起使用');
  }, 180_000);
});

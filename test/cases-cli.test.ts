// The `case`, `calendar` and `db:migrate` verbs, run in-process through main() on a real database: a temp PGlite
// folder, or a fresh database on the server of DATABASE_URL (scripts/with-postgres.sh).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';
import { readReportBytes } from '../src/parse/index.ts';

let dir: string;
let env: Record<string, string | undefined>;
let dropDatabase: (() => Promise<void>) | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-cli-'));
  env = { GONGKAI_TODAY: '2026-12-15', USER: 'tester' };
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `gongkai_cli_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: server });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    };
  } else env.GONGKAI_DATA = join(dir, 'data');
});

afterAll(async () => {
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir, env, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** `case add` at pgz: the applicant's type and name, the channel, the day received and what is asked; then `extra`. */
function addCase(
  a: { type: string; name: string; channel: string; received: string; description: string },
  ...extra: string[]
): string[] {
  return [
    ...['case', 'add', '--agency', 'pgz', '--applicant-type', a.type, '--applicant-name', a.name],
    ...['--channel', a.channel, '--received', a.received, '--description', a.description, ...extra],
  ];
}

describe('gongkai db:migrate', () => {
  it('applies the migrations and loads the national calendar once', async () => {
    const first = await run('db:migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/已应用 \d+ 个迁移/);
    expect(first.out).toMatch(/已载入 \d+ 年的全国节假日数据/);
    const again = await run('db:migrate');
    expect(again.out).toMatch(/已是最新/);
    expect(again.out).not.toMatch(/已载入/);
  }, 120_000);
});

describe('gongkai case', () => {
  it('registers an agency and a case, records its steps, shows it with the applicant masked', async () => {
    expect(
      (
        await run(
          'case',
          'agency',
          'add',
          '--code',
          'pgz',
          '--name',
          '北京市大兴区庞各庄镇人民政府',
          '--kind',
          'township',
        )
      ).code,
    ).toBe(0);

    const zhang = {
      type: 'naturalPerson',
      name: '张三',
      channel: 'online',
      received: '2024-03-01',
      description: '某村土地征收批复',
    };
    const refused = await run(...addCase(zhang));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/双方确认之日/);

    const added = await run(
      ...addCase(zhang, '--phone', '13812345678', '--confirmed-by', '平台回执', '--json'),
    );
    expect(added.code).toBe(0);
    const { code } = JSON.parse(added.out) as { code: string };
    expect(code).toBe('pgz-2024-00001');

    const ext = await run(
      'case',
      'event',
      code,
      'extend',
      '--on',
      '2024-03-25',
      '--workdays',
      '15',
      '--approver',
      '李主任',
    );
    expect(ext.code).toBe(0);
    const twice = await run(
      'case',
      'event',
      code,
      'extend',
      '--on',
      '2024-03-26',
      '--workdays',
      '5',
      '--approver',
      '李主任',
    );
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/只能延长一次/);
    const replied = await run(
      'case',
      'event',
      code,
      'reply',
      '--on',
      '2024-04-10',
      '--outcome',
      'partiallyGranted',
    );
    expect(replied.out).toMatch(/已办结（2024-04-10，（二）部分公开）/);

    const shown = await run('case', 'show', code, '--json');
    const view = JSON.parse(shown.out) as {
      applicant: { name: string; phone: string };
      case: { outcome: string };
      events: unknown[];
    };
    expect(view.applicant).toMatchObject({ name: '张*', phone: '138****5678' });
    expect(view.case.outcome).toBe('partiallyGranted');
    expect(view.events).toHaveLength(3);
    expect(shown.out).not.toContain('13812345678');

    const text = await run('case', 'show', code);
    expect(text.out).toMatch(/结果：（二）部分公开/);
  });

  it('compiles 表三/表四 as the parse --json shape, which the parser reads back', async () => {
    for (const [type, received, outcome] of [
      ['commercial', '2024-05-06', 'granted'],
      ['naturalPerson', '2024-12-20', null],
    ] as const) {
      const r = await run(
        ...addCase({ type, name: '某申请人', channel: 'inPerson', received, description: '信息' }, '--json'),
      );
      const { code } = JSON.parse(r.out) as { code: string };
      if (outcome) await run('case', 'event', code, 'reply', '--on', '2024-05-20', '--outcome', outcome);
      else await run('case', 'appeal', code, '--kind', 'review', '--filed', '2024-12-30');
    }
    const compiled = await run('case', 'compile', '--agency', 'pgz', '--year', '2024', '--json');
    expect(compiled.code).toBe(0);
    const j = JSON.parse(compiled.out) as {
      agency: string;
      year: number;
      format: string;
      fields: Record<string, number>;
      provenance: Record<string, { cases: string[] }>;
    };
    expect(j).toMatchObject({ agency: '北京市大兴区庞各庄镇人民政府', year: 2024, format: '2021' });
    expect(j.fields).toMatchObject({
      't3.received.total': 3,
      't3.partiallyGranted.naturalPerson': 1,
      't3.granted.commercial': 1,
      't3.total.total': 2,
      't3.carriedForward.naturalPerson': 1,
      't4.review.pending': 1,
    });
    expect(j.provenance['t3.received.total']!.cases).toEqual([
      'pgz-2024-00001',
      'pgz-2024-00002',
      'pgz-2024-00003',
    ]);
    const back = await readReportBytes(Buffer.from(compiled.out), 'compiled.json');
    expect(back.report.cells['t3.received.total']).toEqual({ state: 'number', value: 3 });

    const summary = await run('case', 'compile', '--agency', 'pgz', '--year', '2024');
    expect(summary.out).toMatch(/一、本年新收 3/);

    const list = await run('case', 'list', '--agency', 'pgz', '--open', '--json');
    expect((JSON.parse(list.out) as { code: string }[]).map((c) => c.code)).toEqual(['pgz-2024-00003']);
  });

  it('after the year is locked, a change in it exits 4 unless it is an amendment', async () => {
    expect(
      (await run('case', 'lock', '--agency', 'pgz', '--year', '2024', '--note', '2025-01-20 发布')).code,
    ).toBe(0);
    const args = addCase({
      type: 'research',
      name: '某研究所',
      channel: 'inPerson',
      received: '2024-11-11',
      description: '信息',
    });
    const refused = await run(...args);
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(/2024 年度.*已锁定.*--amend/);
    const amended = await run(...args, '--amend', '漏登的申请');
    expect(amended.code).toBe(0);
  });

  it('refuses unknown subcommands, events and options in Chinese', async () => {
    expect((await run('case', 'frobnicate')).err).toMatch(/未知子命令/);
    expect((await run('case', 'event', 'pgz-2024-00003', 'dance')).err).toMatch(/未知事项/);
    const r = await run('case', 'add', '--agency', 'pgz', '--bogus', 'x');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/未知选项 --bogus/);
    expect((await run('case', 'show', 'nope-2024-00001')).err).toMatch(/案件“nope-2024-00001”不存在/);
  });
});

describe('gongkai calendar', () => {
  it('lists and shows the seeded years', async () => {
    const list = await run('calendar', 'list', '--json');
    const years = JSON.parse(list.out) as { year: number }[];
    expect(years.at(-1)!.year).toBe(2026);
    const show = await run('calendar', 'show', '2024');
    expect(show.out).toMatch(/2024-02-04 /);
  });

  it('imports a year from a JSON file, hints at stale deadlines, and recomputes them on request', async () => {
    const add = await run(
      ...addCase(
        {
          type: 'naturalPerson',
          name: '王五',
          channel: 'inPerson',
          received: '2026-12-10',
          description: '信息',
        },
        '--json',
      ),
    );
    expect(add.code).toBe(0);
    // A second case with a fee notice: its 缴费期限 (20 working days) also runs into 2027 and moves.
    const fee = await run(
      ...addCase(
        {
          type: 'naturalPerson',
          name: '赵六',
          channel: 'inPerson',
          received: '2026-12-14',
          description: '信息',
        },
        '--json',
      ),
    );
    expect(fee.code).toBe(0);
    const feeCode = (JSON.parse(fee.out) as { code: string }).code;
    const notice = await run(
      ...[
        'case',
        'event',
        feeCode,
        'fee-notice',
        '--on',
        '2026-12-15',
        '--method',
        'pages',
        '--pages',
        '500',
      ],
    );
    expect(notice.code, notice.err).toBe(0);

    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        holidays: ['2027-01-01', '2027-01-04'],
        workdays: [],
        notices: [{ title: '国务院办公厅关于2027年部分节假日安排的通知（测试）' }],
      }),
    );
    const imp = await run('calendar', 'import', '2027.json');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/2027 年：已录入/);
    expect(imp.err).toMatch(/recompute-deadlines/);
    const again = await run('calendar', 'import', '2027.json');
    expect(again.out).toMatch(/内容未变/);
    // The dry run lists what would move — every date kind — and writes nothing: a second dry run says the same.
    const dry = await run('calendar', 'recompute-deadlines', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^预览（未作改变）/);
    expect(dry.out).toMatch(/答复期限：2027-01-08 → 2027-01-11/);
    expect(dry.out).toMatch(/缴费期限：2027-\d\d-\d\d → 2027-\d\d-\d\d/);
    expect(dry.out).toContain('王*'); // the applicant masked as lists mask
    expect(dry.out).not.toContain('王五');
    expect((await run('calendar', 'recompute-deadlines', '--dry-run')).out).toBe(dry.out);

    const re = await run('calendar', 'recompute-deadlines');
    expect(re.code).toBe(0);
    // The projection already skipped 元旦; the notice's extra rest day (test data) moves the date.
    expect(re.out).toMatch(/2027-01-08 → 2027-01-11/);
    // The real run names every date kind that moved, as the dry run did.
    const dryLines = dry.out.split('\n').filter((l) => l.includes('→'));
    expect(re.out.split('\n').filter((l) => l.includes('→'))).toEqual(dryLines);
    expect(dryLines.some((l) => l.includes('缴费期限'))).toBe(true);
    expect((await run('calendar', 'recompute-deadlines', '--dry-run')).out).toMatch(/0 件未办结案件/);

    const bad = await run('calendar', 'import', 'missing.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/missing\.json：文件不存在/);
  });

  it('adds a local adjustment', async () => {
    const r = await run(
      'calendar',
      'adjust',
      '--date',
      '2025-07-01',
      '--kind',
      'holiday',
      '--reason',
      '本地节日',
      '--agency',
      'pgz',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/已添加本地调整/);
    const dup = await run(
      'calendar',
      'adjust',
      '--date',
      '2025-07-01',
      '--kind',
      'workday',
      '--reason',
      'x',
      '--agency',
      'pgz',
    );
    expect(dup.code).toBe(3);
    // The web's list of adjustments (src/cases/calendar.ts listCalendarAdjustments), from the command line too.
    const list = await run('calendar', 'adjustments');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/2025-07-01\t放假\t.+\t本地节日/);
  });
});

// `gongkai config report-deadlines` and `gongkai status` on a PGlite data folder: the local rule for 乡镇、街道 set from
// the command line (audited, a bad date refused with the field named and exit 2), and the status board applying it.
// 《条例》第四十九条 fixes 部门 1月31日前 and 本级 3月31日前; the deadlines of 乡镇 and of 街道 (its own, or the 乡镇
// one while it has none — what a setting stored before 街道 had its own value means) are the local rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { settings } from '../src/db/schema/settings.ts';
import { runCli } from './support/cli.ts';

const T = 300_000;
let dir: string;
let env: Record<string, string | undefined>;
const SOURCE = '某省政务公开办公室通知（某政公开〔2024〕1号）';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-deadlines-cli-'));
  env = { ...process.env, GONGKAI_DATA: dir, USER: 'operator', DATABASE_URL: undefined };
  expect((await runCli(['db:migrate'], env)).code).toBe(0);
  for (const args of [
    ['dq', '--name', '某区人民政府', '--level', 'region', '--kind', 'localGovernment'],
    ['dq-zhen', '--name', '某区甲镇人民政府', '--level', 'agency', '--kind', 'township', '--parent', 'dq'],
    ['dq-jd', '--name', '某区乙街道办事处', '--level', 'agency', '--kind', 'township', '--parent', 'dq'],
  ]) {
    const r = await runCli(['agency', 'add', ...args], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  // The township published its 2023 report on 2024-01-21, the 街道 on 2024-01-18.
  const handle = await openDatabase({ env, cwd: process.cwd() });
  try {
    for (const [code, name, publishedOn, c] of [
      ['dq-zhen', '某区甲镇人民政府', '2024-01-21', 'a'],
      ['dq-jd', '某区乙街道办事处', '2024-01-18', 'b'],
    ] as const) {
      const [a] = await queryRows<{ id: number }>(
        handle.db,
        sql`select id from agencies where code = ${code}`,
      );
      await handle.db.insert(annualReports).values({
        agencyId: Number(a!.id),
        agencyName: name,
        year: 2023,
        fields: {},
        sourceName: `${code}.html`,
        sourceForm: 'html',
        sha256: c.repeat(64),
        publishedOn,
        origin: 'upload',
      });
    }
  } finally {
    await handle.close();
  }
}, T);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const status = () => runCli(['status', '--year', '2023', '--agency', 'dq', '--today', '2024-06-01'], env);

describe('gongkai config report-deadlines', () => {
  it(
    'shows the law’s two deadlines and the default local rule; the township published 01-21 is on time',
    async () => {
      const r = await runCli(['config', 'report-deadlines'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('县级以上人民政府部门：《条例》第四十九条第一款');
      expect(r.stdout).toContain('县级以上地方人民政府（本级）：《条例》第四十九条第二款');
      expect(r.stdout).toContain('乡镇人民政府：地方规定：每年1月31日前（未填写依据文件，为系统默认值）');
      expect(r.stdout).toContain(
        '街道办事处：地方规定：每年1月31日前（街道同乡镇；未填写依据文件，为系统默认值）',
      );
      expect(r.stdout).toContain('截止当日发布：按时');
      const s = (await status()).stdout;
      expect(s).toContain('某区甲镇人民政府  截止 2024-01-31  按时发布');
      expect(s).toContain('某区乙街道办事处  截止 2024-01-31  按时发布');
    },
    T,
  );

  it(
    'refuses 02-30 and a moved date without its source, naming the field, exit 2, nothing audited',
    async () => {
      const bad = await runCli(
        ['config', 'report-deadlines', '--township', '02-30', '--source', SOURCE],
        env,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('乡镇的截止日期：“02-30”不是有效日期：2月只有28天');
      const badSub = await runCli(
        ['config', 'report-deadlines', '--subdistrict', '1月32日', '--source', SOURCE],
        env,
      );
      expect(badSub.code).toBe(2);
      expect(badSub.stderr).toContain('街道的截止日期：“1月32日”不是有效日期：1月只有31天');
      const noSource = await runCli(['config', 'report-deadlines', '--township', '01-20'], env);
      expect(noSource.code).toBe(2);
      expect(noSource.stderr).toContain('地方规定的文件名称、文号：截止日期不是默认的1月31日时');
      const handle = await openDatabase({ env, cwd: process.cwd() });
      try {
        const rows = await queryRows<{ n: number }>(
          handle.db,
          sql`select count(*)::int as n from audit_log where action = 'settings.report-deadlines'`,
        );
        expect(Number(rows[0]!.n)).toBe(0);
      } finally {
        await handle.close();
      }
    },
    T,
  );

  it(
    'sets 01-20 with its source (audited as the CLI user); `gongkai status` then finds 01-21 late by one day',
    async () => {
      const r = await runCli(
        ['config', 'report-deadlines', '--township', '1月20日', '--source', SOURCE],
        env,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('已保存（记入审计日志）');
      expect(r.stdout).toContain(`乡镇人民政府：地方规定：每年1月20日前（依据：${SOURCE}）`);
      const s = (await status()).stdout;
      expect(s).toContain('某区甲镇人民政府  截止 2024-01-20  逾期发布（1天）');
      // No 街道 value of its own: the 街道 follows the 乡镇 date, and published 01-18 is on time.
      expect(s).toContain('某区乙街道办事处  截止 2024-01-20  按时发布');
      expect(s).toContain('某区人民政府  截止 2024-03-31');
      expect(s).toContain(
        `乡镇、街道等机关的截止日期：乡镇人民政府：地方规定：每年1月20日前（依据：${SOURCE}）；街道办事处：地方规定：每年1月20日前（街道同乡镇；依据：${SOURCE}）`,
      );
      const json = JSON.parse((await runCli(['config', 'report-deadlines', '--json'], env)).stdout);
      expect(json).toMatchObject({
        township: '01-20',
        subdistrict: null,
        other: '01-31',
        lastDayIncluded: true,
        source: SOURCE,
      });
      expect(json.updatedBy).toMatch(/operator/);
      const same = await runCli(['config', 'report-deadlines', '--township', '01-20'], env);
      expect(same.stdout).toContain('与现行规则相同，未作改变');
    },
    T,
  );

  it(
    '--subdistrict gives 街道 its own date (the 街道 late, the 镇 untouched); 同乡镇 puts it back',
    async () => {
      const r = await runCli(['config', 'report-deadlines', '--subdistrict', '01-15'], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`街道办事处：地方规定：每年1月15日前（依据：${SOURCE}）`);
      let s = (await status()).stdout;
      expect(s).toContain('某区乙街道办事处  截止 2024-01-15  逾期发布（3天）');
      expect(s).toContain('某区甲镇人民政府  截止 2024-01-20  逾期发布（1天）');
      const json = JSON.parse(
        (
          await runCli(
            ['status', '--year', '2023', '--agency', 'dq-jd', '--today', '2024-06-01', '--json'],
            env,
          )
        ).stdout,
      );
      expect(json).toMatchObject({ kind: 'township', deadlineKind: 'subdistrict', deadline: '2024-01-15' });
      const back = await runCli(['config', 'report-deadlines', '--subdistrict', '同乡镇'], env);
      expect(back.code).toBe(0);
      s = (await status()).stdout;
      expect(s).toContain('某区乙街道办事处  截止 2024-01-20  按时发布');
      const handle = await openDatabase({ env, cwd: process.cwd() });
      try {
        const rows = await queryRows<{
          before: { subdistrict: string | null };
          after: { subdistrict: string | null };
        }>(
          handle.db,
          sql`select before, after from audit_log where action = 'settings.report-deadlines' order by id`,
        );
        expect(rows.slice(-2).map((x) => [x.before.subdistrict, x.after.subdistrict])).toEqual([
          [null, '01-15'],
          ['01-15', null],
        ]);
      } finally {
        await handle.close();
      }
    },
    T,
  );

  it(
    'a setting stored before 街道 had its own value (no `subdistrict` key) keeps judging 街道 by the 乡镇 date',
    async () => {
      const handle = await openDatabase({ env, cwd: process.cwd() });
      try {
        await handle.db
          .update(settings)
          .set({ value: { township: '01-17', other: '01-31', lastDayIncluded: true, source: SOURCE } })
          .where(sql`key = 'report-deadlines'`);
      } finally {
        await handle.close();
      }
      const s = (await status()).stdout;
      expect(s).toContain('某区乙街道办事处  截止 2024-01-17  逾期发布（1天）');
      expect(s).toContain('某区甲镇人民政府  截止 2024-01-17  逾期发布（4天）');
      const json = JSON.parse((await runCli(['config', 'report-deadlines', '--json'], env)).stdout);
      expect(json).toMatchObject({ township: '01-17', subdistrict: null });
    },
    T,
  );
});

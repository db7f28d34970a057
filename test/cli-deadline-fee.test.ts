// `gongkai deadline` and `gongkai fee`, run in-process through the CLI entry point.
import { describe, expect, it } from 'vitest';
import { seedCalendar } from '../src/calendar-seed/index.ts';
import { deadlineCommand } from '../src/cli/commands/deadline.ts';
import type { CliIO } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';
import { createCalendar } from '../src/domain/calendar/index.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(): { io: CliIO; out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: process.cwd(),
    env: {},
    isTTY: false,
  };
  return { io, out: () => ({ stdout, stderr }) };
}

async function run(...argv: string[]): Promise<Run> {
  const { io, out } = capture();
  const code = await main(argv, io);
  return { code, ...out() };
}

const version = seedCalendar().version;

describe('gongkai deadline', () => {
  it.each([
    ['2023 国庆调休: 2023-09-25 + 20 工作日 = 2023-10-27', ['2023-09-25'], 20, '2023-10-27'],
    ['2025 春节: 2025-01-20 + 20 = 2025-02-21', ['2025-01-20', '--workdays', '20'], 20, '2025-02-21'],
    [
      '2026 春节: 2026-02-10 + 7 = 2026-02-26, counting 02-14',
      ['2026-02-10', '--workdays', '7'],
      7,
      '2026-02-26',
    ],
    ['2024 春节: 2024-02-02 + 1 = Sunday 02-04', ['2024-02-02', '--workdays=1'], 1, '2024-02-04'],
    ['2020 春节延长: 2020-01-23 + 1 = 2020-02-03', ['2020-01-23', '--workdays', '1'], 1, '2020-02-03'],
  ])('%s', async (_edge, args, workdays, deadline) => {
    const r = await run('deadline', ...args, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      date: args[0],
      workdays,
      deadline,
      calendarVersion: version,
      provisional: false,
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('flags a window reaching 2027 as provisional and skips 元旦 (《全国年节及纪念日放假办法》第二条)', async () => {
    // 2026-12-04 (Fri) + 20: Dec 7–31 are 19 working days; 2027-01-01 is 元旦, so day 20 is Monday 01-04.
    const r = await run('deadline', '2026-12-04', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ deadline: '2027-01-04', provisional: true });
    const later = await run('deadline', '2026-12-10', '--json');
    expect(JSON.parse(later.stdout)).toMatchObject({ deadline: '2027-01-08', provisional: true });
  });

  it('prints a readable Chinese line without --json', async () => {
    const r = await run('deadline', '2023-09-25');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('截止日期：2023-10-27（星期五）');
    expect(r.stdout).toContain(version);
    const p = await run('deadline', '2026-12-10');
    expect(p.stdout).toMatch(/暂定.*2027 年/);
  });

  it('counts the start day with --count-start-day', async () => {
    const r = await run('deadline', '2023-09-25', '--count-start-day', '--json');
    expect(JSON.parse(r.stdout).deadline).toBe('2023-10-26');
  });

  it.each([
    [['2023-02-29'], /“2023-02-29”不是有效日期/],
    [['2023/09/25'], /不是有效日期/],
    [[], /缺少起算日期/],
    [['2023-09-25', '2023-09-26'], /只能给一个起算日期/],
    [['2023-09-25', '--workdays', 'abc'], /--workdays 应为非负整数/],
    [['2023-09-25', '--workdays', '-3'], /--workdays 应为非负整数/],
    [['2023-09-25', '--bogus'], /未知选项/],
  ])('refuses %j with exit 2 and a Chinese message, printing nothing on stdout', async (args, message) => {
    const r = await run('deadline', ...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('takes its calendar from a source passed in (e.g. a database)', async () => {
    const local = createCalendar({
      years: seedCalendar().years,
      local: [{ date: '2023-10-27', kind: 'holiday', reason: '本地调整', authority: null }],
    });
    const { io, out } = capture();
    const code = await deadlineCommand(async () => local).run(['2023-09-25', '--json'], io);
    expect(code).toBe(0);
    expect(JSON.parse(out().stdout)).toMatchObject({
      deadline: '2023-10-30',
      calendarVersion: local.version,
    });
  });
});

describe('gongkai fee', () => {
  it.each([
    [['--pages', '30'], 0],
    [['--pages', '68'], 380],
    [['--pages', '1500'], 54_700],
    [['--applications', '10'], 0],
    [['--applications', '45'], 5_500],
    [['--applications', '60'], 11_000],
  ])('%j → {"amount": %i}', async (args, amount) => {
    const r = await run('fee', ...args, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ amount });
  });

  it('explains the tiers without --json', async () => {
    const r = await run('fee', '--pages', '68');
    expect(r.stdout).toContain('信息处理费 380 元');
    expect(r.stdout).toContain('31–68 页 38×10=380 元');
  });

  it.each([
    [['--pages', '5', '--applications', '5'], /只能选一个/],
    [[], /请给出 --pages N/],
    [['--pages', 'many'], /--pages 应为非负整数/],
    [['--applications', '2.5'], /--applications 应为非负整数/],
    [['--pages', '3', 'extra'], /多余的参数/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await run('fee', ...args, '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('help', () => {
  it('prints the usage of both verbs', async () => {
    expect((await run('help', 'deadline')).stdout).toContain('--workdays');
    expect((await run('fee', '--help')).stdout).toContain('--applications');
  });
});

// `gongkai deadline <YYYY-MM-DD> [--workdays 20] [--count-start-day] [--json]`: the date N working days after a
// start date (default 20: the reply period of 《条例》第三十三条). The calendar comes from a CalendarSource, so a
// database-backed calendar can replace the bundled national one without touching the command.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedCalendar } from '../../calendar-seed/index.ts';
import {
  addWorkdays,
  type CalendarData,
  isIsoDate,
  MAX_WORKDAYS,
  weekdayName,
} from '../../domain/calendar/index.ts';
import { intOption, parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';

/** Where the command gets its calendar from. */
export type CalendarSource = (io: CliIO) => Promise<CalendarData>;

/** The JSON printed with --json (other tools rely on exactly these keys). */
export interface DeadlineJson {
  readonly date: string;
  readonly workdays: number;
  readonly deadline: string;
  readonly calendarVersion: string;
  readonly provisional: boolean;
}

const USAGE = `用法：gongkai deadline <起算日期 YYYY-MM-DD> [--workdays N] [--count-start-day] [--json]

计算自起算日期起第 N 个工作日（默认 20，即《条例》第三十三条的答复期限）。
起算日当日不计入，从下一个工作日开始计算；加 --count-start-day 则起算日（如为工作日）计为第 1 天。
工作日按国务院办公厅每年的节假日安排（含调休上班日）计算。计算区间涉及日历尚未录入的年份时，
结果标为“暂定”（JSON 中 provisional 为 true）。

选项：
  --workdays N        工作日数，0 至 ${MAX_WORKDAYS}，默认 20
  --count-start-day   起算日计入
  --json              输出一个 JSON 对象：{"date","workdays","deadline","calendarVersion","provisional"}

示例：
  gongkai deadline 2023-09-25            → 2023-10-27（计入 10月7日、8日 两个调休上班日）
  gongkai deadline 2026-02-10 --workdays 7 --json
`;

export function deadlineCommand(source: CalendarSource): Command {
  return {
    name: 'deadline',
    summary: '计算 N 个工作日后的截止日期（默认 20 个工作日答复期限）',
    usage: USAGE,
    async run(args, io) {
      const { positionals, options } = parseArgs(
        args,
        { workdays: { type: 'string' }, 'count-start-day': { type: 'boolean' }, json: { type: 'boolean' } },
        'deadline',
      );
      if (positionals.length !== 1) {
        throw new CliError(
          positionals.length === 0
            ? 'deadline：缺少起算日期，例如 gongkai deadline 2024-03-01'
            : `deadline：只能给一个起算日期，收到 ${positionals.length} 个：${positionals.join(' ')}`,
        );
      }
      const date = positionals[0]!;
      if (!isIsoDate(date)) {
        throw new CliError(`deadline：“${date}”不是有效日期，应写作 YYYY-MM-DD（如 2024-03-01）`);
      }
      const workdays = intOption(options.workdays, 'workdays', 'deadline', 20);
      if (workdays > MAX_WORKDAYS) {
        throw new CliError(`deadline：--workdays 不能超过 ${MAX_WORKDAYS}，收到 ${workdays}`);
      }
      const calendar = await source(io);
      const r = addWorkdays(date, workdays, calendar, { countStartDay: options['count-start-day'] === true });
      if (options.json) {
        const out: DeadlineJson = {
          date,
          workdays,
          deadline: r.date,
          calendarVersion: calendar.version,
          provisional: r.provisional,
        };
        io.stdout(`${JSON.stringify(out)}\n`);
        return 0;
      }
      const counting = options['count-start-day'] ? '起算日计入' : '起算日不计入';
      let line = `自 ${date} 起 ${workdays} 个工作日（${counting}），截止日期：${r.date}（${weekdayName(r.date)}）`;
      if (r.provisional) {
        const ys = r.missingYears.map((y) => `${y} 年`).join('、');
        line += `【暂定：计算区间涉及 ${ys}，日历中尚无该年国务院办公厅节假日安排，按《全国年节及纪念日放假办法》的法定节假日推算，不含调休】`;
      }
      io.stdout(`${line}\n日历版本：${calendar.version}\n`);
      return 0;
    },
  };
}

/**
 * The command as installed: the platform's own calendar (the one an administrator maintains, with next year's
 * notice and local adjustments) when a database is configured — DATABASE_URL, or a GONGKAI_DATA folder that holds
 * one — else the national calendar bundled with the chinese-days package.
 */
export const command: Command = deadlineCommand(async (io) => {
  const dataDir = resolve(io.cwd, io.env.GONGKAI_DATA ?? 'data');
  if (!io.env.DATABASE_URL && !existsSync(join(dataDir, 'pglite'))) return seedCalendar();
  const { openDatabase } = await import('../../db/open.ts');
  const { loadCalendar } = await import('../../cases/calendar.ts');
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase({ env: io.env, cwd: io.cwd, requireCurrent: true });
  } catch (e) {
    io.stderr(`提示：无法打开平台数据库（${(e as Error).message}），改用内置的全国节假日日历\n`);
    return seedCalendar();
  }
  try {
    return await loadCalendar(handle.db);
  } catch {
    io.stderr('提示：平台数据库中尚无日历，改用内置的全国节假日日历\n');
    return seedCalendar();
  } finally {
    await handle.close();
  }
});

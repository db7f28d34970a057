// gongkai status --year Y [--agency code] [--today YYYY-MM-DD] [--json]: who has published, on time or late.

import { findAgency } from '../../cases/agencies.ts';
import { openDatabase } from '../../db/open.ts';
import { localBasisLines, STATUS_LABELS } from '../../domain/deadlines/report-deadline.ts';
import { statusBoard } from '../../supervision/status-board.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

export const command: Command = {
  name: 'status',
  summary: '年度报告发布情况看板：应发布的机关、是否按时、错误和提示数',
  usage: `用法：gongkai status --year <年度> [--agency <机关代码>] [--today YYYY-MM-DD] [--json]

列出某机关（默认全部）及其下属各机关某年度报告的发布情况：截止日期（《条例》第四十九条：部门1月31日前，
县级以上地方政府本级3月31日前，乡镇街道按地方规定，由 gongkai config report-deadlines 设置）、状态、逾期天数、
错误和提示数。
  --json   每个机关一行 JSON`,
  async run(args, io) {
    const { options } = parseArgs(
      args,
      {
        year: { type: 'string' },
        agency: { type: 'string' },
        today: { type: 'string' },
        json: { type: 'boolean' },
      },
      'status',
    );
    const year = Number(options.year);
    if (!Number.isInteger(year) || year < 2008)
      throw new CliError('status：请用 --year 指定年度，如 --year 2023');
    const today = (options.today as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new CliError('status：--today 应写作 YYYY-MM-DD');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd, migrate: true });
    try {
      const root =
        typeof options.agency === 'string' ? (await findAgency(handle.db, options.agency)).id : null;
      const rows = await statusBoard(handle.db, { year, today, rootAgencyId: root });
      if (options.json) for (const r of rows) io.stdout(`${JSON.stringify(r)}\n`);
      else {
        io.stdout(`${year}年度报告发布情况（截至 ${today}）\n`);
        // The local rule the deadlines of 乡镇、街道 were judged by (stored, src/admin/report-deadlines.ts).
        const local = localBasisLines(rows);
        if (local.length) io.stdout(`乡镇、街道等机关的截止日期：${local.join('；')}\n`);
        for (const r of rows)
          io.stdout(
            `${'  '.repeat(r.depth)}${r.name}  截止 ${r.deadline}  ${STATUS_LABELS[r.status]}${r.daysLate ? `（${r.daysLate}天）` : ''}${r.reportId ? `  错误 ${r.errors} 提示 ${r.warnings}` : ''}\n`,
          );
        const count = (s: string) => rows.filter((r) => r.status === s).length;
        io.stdout(
          `合计 ${rows.length} 个机关：按时 ${count('onTime')}，逾期发布 ${count('late')}，逾期未发布 ${count('missing')}，未到期 ${count('notYetDue')}，日期未知 ${count('undated')}\n`,
        );
      }
      return 0;
    } finally {
      await handle.close();
    }
  },
};

// gongkai crosscheck --year Y [--agency code] [--json | --csv <file>]: checks across the year's reports.
import { findAgency } from '../../cases/agencies.ts';
import { openDatabase } from '../../db/open.ts';
import { writeFileAtomic } from '../../render/write-atomic.ts';
import { crossChecks } from '../../supervision/cross-checks.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { csvLine } from './export.ts';

export const command: Command = {
  name: 'crosscheck',
  summary: '跨报告核查：与上年衔接（结转、存量、文字重复）、同级异常值、同年机关间雷同',
  usage: `用法：gongkai crosscheck --year <年度> [--agency <机关代码>] [--json | --csv <文件>]

对数据库中某年度（某机关及其下属）的报告做跨报告核查：
  · 与本机关上一年度报告：上年结转应等于上年结转下年度、现行有效件数存量关系、文字重复；
  · 与同级机关比较：不予公开占比、“不掌握”占比、结转占比、复议诉讼纠正率等明显偏离中位数的；
  · 同年度不同机关之间的文字雷同（并给出重复段落）。
  --json          每条发现一行 JSON
  --csv <文件>    写出 CSV：reportId,agency,year,rule,severity,cells,message`,
  async run(args, io) {
    const { options } = parseArgs(
      args,
      {
        year: { type: 'string' },
        agency: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'string' },
      },
      'crosscheck',
    );
    const year = Number(options.year);
    if (!Number.isInteger(year) || year < 2008) throw new CliError('crosscheck：请用 --year 指定年度');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd, migrate: true });
    try {
      const root =
        typeof options.agency === 'string' ? (await findAgency(handle.db, options.agency)).id : null;
      const findings = await crossChecks(handle.db, { year, rootAgencyId: root });
      if (typeof options.csv === 'string') {
        const lines = [
          ['reportId', 'agency', 'year', 'rule', 'severity', 'cells', 'message'],
          ...findings.map((f) => [
            f.reportId,
            f.agencyName,
            f.year,
            f.rule,
            f.severity,
            f.cells.join(' '),
            f.message,
          ]),
        ];
        await writeFileAtomic(options.csv, Buffer.from(`\uFEFF${lines.map(csvLine).join('\r\n')}\r\n`));
        io.stderr(`已写出 ${findings.length} 条发现到 ${options.csv}\n`);
      } else if (options.json) for (const f of findings) io.stdout(`${JSON.stringify(f)}\n`);
      else {
        for (const f of findings)
          io.stdout(
            `[${f.severity === 'error' ? '错误' : '提示'}] ${f.agencyName}：${f.message}  〔${f.rule}〕\n`,
          );
        io.stdout(`共 ${findings.length} 条\n`);
      }
      return findings.some((f) => f.severity === 'error') ? 1 : 0;
    } finally {
      await handle.close();
    }
  },
};

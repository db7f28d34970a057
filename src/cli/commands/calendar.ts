// `gongkai calendar …`: the working-day calendar kept in the database — list and show years, import a year's
// 国务院办公厅 notice from JSON, add local adjustments, and recompute the deadlines of open cases afterwards.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  addCalendarAdjustment,
  getCalendarYear,
  importCalendarYear,
  listCalendarAdjustments,
  listCalendarYears,
} from '../../cases/calendar.ts';
import { withCaseDatabase } from '../../cases/cli-support.ts';
import { movedDates, previewRecompute, recomputeDeadlines } from '../../cases/recompute.ts';
import { parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';

const USAGE = `用法：gongkai calendar <子命令> [参数]

数据库中的工作日历（国务院办公厅每年的节假日安排、调休上班日，以及本地调整）。
首次使用时由内置的全国数据（chinese-days，2004–2026）初始化；此后每年的放假通知由管理员录入。
每个案件的期限都记录所用日历的版本；录入新年度或本地调整后，期限不会自动改变，
须运行 calendar recompute-deadlines（记入审计日志）。

子命令：
  list [--json]                       列出已录入的年份及其版本、通知
  show <年份> [--json]                查看某年的放假日和调休上班日
  import <文件.json> [--replace]      录入一年的安排；文件格式：
        {"year": 2027,
         "holidays": {"2027-01-01": "元旦", …},      （也可为日期数组）
         "workdays": {"2027-02-07": "春节", …},      调休上班日
         "notices": [{"title": "国务院办公厅关于2027年部分节假日安排的通知",
                      "docNumber": "国办发明电〔2026〕N号", "url": "https://www.gov.cn/…", "published": "2026-11-05"}]}
        该年已存在且内容不同时须加 --replace（旧内容保存在审计日志中）
  adjust --date <YYYY-MM-DD> --kind holiday|workday --reason <理由> [--authority <决定机关、文号>] [--agency <机关代码>]
                                      本地调整（如本省春节假期延长）；不指定机关则适用于全部机关
  adjustments [--json]                列出已录入的本地调整
  recompute-deadlines [--dry-run] [--json]
                                      按当前日历重算所有未办结案件的期限（记入审计日志），列出改变的
                                      答复期限、缴费期限、补正告知期限；--dry-run 只列出将会改变的日期，
                                      不作改变、不记审计日志

通用选项：--as <用户名>（审计日志记录的操作人）
`;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const print = (io: CliIO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

function staleHint(io: CliIO, n: number) {
  if (n > 0)
    io.stderr(
      `注意：有 ${n} 件未办结案件的期限是按旧版日历计算的，请运行 gongkai calendar recompute-deadlines\n`,
    );
}

export const command: Command = {
  name: 'calendar',
  summary: '工作日历：查看、录入年度放假安排、本地调整、重算期限',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { positionals, options: o } = parseArgs(
      rest,
      {
        as: { type: 'string' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        replace: { type: 'boolean' },
        date: { type: 'string' },
        kind: { type: 'string' },
        reason: { type: 'string' },
        authority: { type: 'string' },
        agency: { type: 'string' },
      },
      `calendar ${sub ?? ''}`.trim(),
    );
    switch (sub) {
      case 'list':
        return withCaseDatabase(io, str(o.as), async ({ handle }) => {
          const years = await listCalendarYears(handle.db);
          if (o.json) print(io, years);
          else
            for (const y of years)
              io.stdout(
                `${y.year}\t${y.version}\t放假 ${y.holidays} 天\t调休上班 ${y.workdays} 天\t${y.notice}\n`,
              );
          return 0;
        });
      case 'show': {
        const year = Number(positionals[0]);
        if (!Number.isInteger(year))
          throw new CliError('calendar show：请指定年份，例如 gongkai calendar show 2026');
        return withCaseDatabase(io, str(o.as), async ({ handle }) => {
          const y = await getCalendarYear(handle.db, year);
          if (!y)
            throw new CliError(`日历中没有 ${year} 年（用 gongkai calendar import 录入该年的放假通知）`);
          if (o.json) print(io, y);
          else {
            io.stdout(`${year} 年  版本 ${y.version}\n`);
            for (const n of y.notices)
              io.stdout(
                `通知：${n.title}${n.docNumber ? `（${n.docNumber}）` : ''}${n.url ? ` ${n.url}` : ''}\n`,
              );
            io.stdout('放假：\n');
            for (const [d, name] of Object.entries(y.holidays).sort()) io.stdout(`  ${d} ${name}\n`);
            io.stdout('调休上班：\n');
            for (const [d, name] of Object.entries(y.workdays).sort()) io.stdout(`  ${d} ${name}\n`);
          }
          return 0;
        });
      }
      case 'import': {
        const file = positionals[0];
        if (!file || positionals.length > 1) throw new CliError('calendar import：请指定一个 JSON 文件');
        let data: unknown;
        try {
          data = JSON.parse(await readFile(resolve(io.cwd, file), 'utf8'));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new CliError(
            code === 'ENOENT' ? `${file}：文件不存在` : `${file}：不是有效的 JSON（${(e as Error).message}）`,
          );
        }
        return withCaseDatabase(io, str(o.as), async ({ handle, actor }) => {
          const r = await handle.db.transaction((tx) =>
            importCalendarYear(tx, data, { actor, replace: o.replace === true, origin: file }),
          );
          if (o.json) print(io, r);
          else
            io.stdout(
              `${r.year} 年：${{ added: '已录入', replaced: '已替换', unchanged: '内容未变' }[r.status]}（版本 ${r.version}）\n`,
            );
          staleHint(io, r.staleOpenCases);
          return 0;
        });
      }
      case 'adjust':
        return withCaseDatabase(io, str(o.as), async ({ handle, actor }) => {
          const date = str(o.date);
          const reason = str(o.reason);
          const kind = str(o.kind);
          if (!date || !reason || !kind)
            throw new CliError('calendar adjust：需要 --date、--kind 和 --reason');
          const r = await handle.db.transaction((tx) =>
            addCalendarAdjustment(
              tx,
              {
                date,
                kind: kind as 'holiday',
                reason,
                authority: str(o.authority) ?? null,
                agency: str(o.agency) ?? null,
              },
              { actor },
            ),
          );
          if (o.json) print(io, r);
          else io.stdout(`已添加本地调整 #${r.id}：${date} ${kind === 'holiday' ? '放假' : '上班'}\n`);
          staleHint(io, r.staleOpenCases);
          return 0;
        });
      case 'adjustments':
        return withCaseDatabase(io, str(o.as), async ({ handle }) => {
          const list = await listCalendarAdjustments(handle.db);
          if (o.json) print(io, list);
          else if (list.length === 0) io.stdout('没有本地调整\n');
          else
            for (const a of list)
              io.stdout(
                `${a.date}\t${a.kind === 'holiday' ? '放假' : '上班'}\t${a.agencyName ?? '全部机关'}\t${a.reason}${a.authority ? `（${a.authority}）` : ''}\n`,
              );
          return 0;
        });
      case 'recompute-deadlines':
        return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
          if (o['dry-run']) {
            // The same plan as the real run, not written and not audited.
            const p = await previewRecompute(handle.db, { actor, today });
            if (o.json) print(io, p);
            else {
              const moving = p.cases.filter((c) => movedDates(c).length);
              io.stdout(
                `预览（未作改变）：${p.checked} 件未办结案件的期限按旧版日历计算，重算后 ${moving.length} 件的期限将改变\n`,
              );
              for (const c of moving) {
                io.stdout(`  ${c.code}（${c.applicant}，${c.agencyName}）\n`);
                for (const [label, from, to] of movedDates(c))
                  io.stdout(`    ${label}：${from ?? '—'} → ${to ?? '—'}\n`);
              }
            }
            return 0;
          }
          const r = await recomputeDeadlines(handle.db, { actor, today });
          if (o.json) print(io, r);
          else {
            const moving = r.changed.filter((c) => movedDates(c).length);
            io.stdout(
              `已按当前日历重算 ${r.checked} 件未办结案件的期限，${moving.length} 件的期限改变（已记入审计日志）\n`,
            );
            for (const c of moving) {
              io.stdout(`  ${c.code}\n`);
              for (const [label, from, to] of movedDates(c))
                io.stdout(`    ${label}：${from ?? '—'} → ${to ?? '—'}\n`);
            }
          }
          return 0;
        });
      default:
        throw new CliError(
          sub
            ? `calendar：未知子命令“${sub}”（可选：list、show、import、adjust、adjustments、recompute-deadlines）`
            : 'calendar：缺少子命令（gongkai help calendar 查看用法）',
        );
    }
  },
};

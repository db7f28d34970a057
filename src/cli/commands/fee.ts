// `gongkai fee --pages N | --applications N [--json]`: the 信息处理费 under 国办函〔2020〕109号, 按量 (pages of one
// application) or 按件 (the N applications one applicant filed in one natural month). One method per application.
import { type FeeQuote, feeByApplications, feeByPages, MAX_QUANTITY } from '../../domain/fees/index.ts';
import { intOption, parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

const USAGE = `用法：gongkai fee --pages N [--json]
      gongkai fee --applications N [--json]

计算信息处理费（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号），超额累进：
  --pages N          按量计收：一件申请 N 页。1–30 页免费；31–100 页 10 元/页；101–200 页 20 元/页；201 页起 40 元/页
  --applications N   按件计收：同一申请人一个自然月内累计 N 件申请。1–10 件免费；11–30 件 100 元/件；
                     31 件起每 10 件为一档，每增加一档提高 100 元/件（31–40 件 200 元/件，41–50 件 300 元/件……）
  --json             输出 {"amount": 元}

两种方式只能选一种（同一申请不得同时按件和按量收费）。

示例：
  gongkai fee --pages 68             → 380 元
  gongkai fee --applications 45 --json
`;

function describe(q: FeeQuote): string {
  const what = q.method === 'pages' ? `按量计收 ${q.quantity} 页` : `按件计收 本月累计 ${q.quantity} 件`;
  const unit = q.method === 'pages' ? '页' : '件';
  const parts = q.lines.map(
    (l) =>
      `${l.from}–${l.to} ${unit}${l.unitPrice === 0 ? '免费' : ` ${l.quantity}×${l.unitPrice}=${l.subtotal} 元`}`,
  );
  return `${what}：信息处理费 ${q.amount} 元${parts.length ? `（${parts.join('；')}）` : ''}`;
}

export const command: Command = {
  name: 'fee',
  summary: '计算信息处理费（按件或按量，国办函〔2020〕109号）',
  usage: USAGE,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      { pages: { type: 'string' }, applications: { type: 'string' }, json: { type: 'boolean' } },
      'fee',
    );
    if (positionals.length > 0) throw new CliError(`fee：多余的参数：${positionals.join(' ')}`);
    const hasPages = options.pages !== undefined;
    const hasApps = options.applications !== undefined;
    if (hasPages === hasApps) {
      throw new CliError(
        hasPages
          ? 'fee：--pages 与 --applications 只能选一个（同一申请不得同时按件和按量收费）'
          : 'fee：请给出 --pages N（按量）或 --applications N（按件）',
      );
    }
    const n = hasPages
      ? intOption(options.pages, 'pages', 'fee', 0)
      : intOption(options.applications, 'applications', 'fee', 0);
    if (n > MAX_QUANTITY) throw new CliError(`fee：数量不能超过 ${MAX_QUANTITY}，收到 ${n}`);
    const quote = hasPages ? feeByPages(n) : feeByApplications(n);
    io.stdout(options.json ? `${JSON.stringify({ amount: quote.amount })}\n` : `${describe(quote)}\n`);
    return 0;
  },
};

// gongkai aggregate <files|dir> [--json] [--as 2019|2021] [--against <combined report>]
import { type Aggregate, aggregateReports, reconcile } from '../../domain/aggregate/index.ts';
import { fieldDef } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import { UnreadableError } from '../../parse/index.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { readReportForCli } from '../read.ts';
import { readInputs } from '../report-inputs.ts';

export const command: Command = {
  name: 'aggregate',
  summary: '汇总多份报告的表格（逐字段求和），并可与汇总报告核对',
  usage: `用法：gongkai aggregate <文件或目录...> [--json] [--as 2019|2021] [--against <汇总报告>]

把多份年度报告（任意可读格式，或 ingest 输出的 .jsonl）的表二、表三、表四逐字段相加。
  --json              输出 {"fields":{键:和},"reports":份数,"formats":{...},"incomplete":{键:缺少的份数},"unreadable":[...]}
  --as 2019|2021      按指定版本输出（2021版的（六）1/2/3 合并为2019版的（六）其他处理）
  --against <文件>    与一份声称汇总了这些单位的报告逐格核对，列出不一致的单元格（有不一致时退出码为 1）`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      { json: { type: 'boolean' }, as: { type: 'string' }, against: { type: 'string' } },
      'aggregate',
    );
    if (!positionals.length) throw new CliError('aggregate：请指定报告文件或目录');
    const as = options.as as string | undefined;
    if (as !== undefined && as !== '2019' && as !== '2021')
      throw new CliError('aggregate：--as 只能是 2019 或 2021');
    const reports: Report[] = [];
    const unreadable: { file: string; error: string }[] = [];
    for await (const item of readInputs(positionals)) {
      if ('error' in item) unreadable.push(item);
      else reports.push(item.report);
    }
    const agg = aggregateReports(reports, as ? { as } : {});
    for (const u of unreadable) io.stderr(`警告：${u.error}\n`);
    let mismatches: ReturnType<typeof reconcile> | null = null;
    if (typeof options.against === 'string') {
      let combined: Report;
      try {
        combined = await readReportForCli(io.env, options.against);
      } catch (e) {
        if (e instanceof UnreadableError) throw new CliError(e.message);
        throw e;
      }
      mismatches = reconcile(combined, agg);
    }
    if (options.json) {
      io.stdout(
        `${JSON.stringify({ ...agg, unreadable: unreadable.map((u) => u.file), ...(mismatches ? { mismatches } : {}) })}\n`,
      );
    } else io.stdout(humanize(agg, unreadable.length, mismatches));
    return mismatches?.length ? 1 : 0;
  },
};

function humanize(
  agg: Aggregate,
  unreadable: number,
  mismatches: ReturnType<typeof reconcile> | null,
): string {
  const f = agg.fields;
  const lines = [
    `汇总 ${agg.reports} 份报告${unreadable ? `（另有 ${unreadable} 份无法读取）` : ''}：${Object.entries(
      agg.formats,
    )
      .map(([k, v]) => `${k}版 ${v} 份`)
      .join('，')}`,
    `  表三：新收 ${f['t3.received.total'] ?? 0}，上年结转 ${f['t3.carriedOver.total'] ?? 0}，办结 ${f['t3.total.total'] ?? 0}，结转下年度 ${f['t3.carriedForward.total'] ?? 0}`,
    `        予以公开 ${f['t3.granted.total'] ?? 0}，部分公开 ${f['t3.partiallyGranted.total'] ?? 0}，不掌握 ${f['t3.unavailable.notHeld.total'] ?? 0}`,
    `  表四：行政复议 ${f['t4.review.total'] ?? 0}（纠正 ${f['t4.review.corrected'] ?? 0}），行政诉讼 ${(f['t4.litigation.direct.total'] ?? 0) + (f['t4.litigation.afterReview.total'] ?? 0)}`,
  ];
  const inc = Object.keys(agg.incomplete);
  if (inc.length) lines.push(`  注意：${inc.length} 个字段有报告未能读出，合计为下限`);
  if (mismatches) {
    if (!mismatches.length) lines.push('  与汇总报告核对：全部一致');
    else {
      lines.push(`  与汇总报告核对：${mismatches.length} 个单元格不一致`);
      for (const m of mismatches.slice(0, 50))
        lines.push(`    ${fieldDef(m.key)?.label ?? m.key}：汇总报告 ${m.published}，各单位之和 ${m.sum}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

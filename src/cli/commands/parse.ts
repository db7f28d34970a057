// gongkai parse <file...> [--json]: read reports and print their numbers (one JSON object per line with --json).
import { APPLICANT_COLUMNS, fieldDef, LAYOUTS } from '../../domain/report/layout.ts';
import { type Report, toParsedJson } from '../../domain/report/model.ts';
import type { Form } from '../../parse/index.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { withCliPipeline } from '../read.ts';

export const command: Command = {
  name: 'parse',
  summary: '读取年度报告（文本、HTML、DOCX、PDF、JSON），输出各表数字',
  usage: `用法：gongkai parse <文件...> [--json] [--no-provenance]

读取一份或多份政府信息公开工作年度报告，按字段键输出表二、表三、表四的数字。
  --json            每个文件输出一行 JSON：
                    {"file","agency","year","format","fields":{键:数},"blank":[键],"uncertain":[键],"sections":{...}}
                    另按需给出："kinds":{键:"inferred"|"converted"}（非原样印出的数怎么得来）、
                    "candidates":{键:[可能的值]}（连写数字有多种拆分时）、"published"（网页的发布日期）
  --no-provenance   JSON 中不输出每个数字在原文中的位置
退出码：0 全部读取成功；2 有文件无法读取（错误信息输出到标准错误）。`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      { json: { type: 'boolean' }, 'no-provenance': { type: 'boolean' } },
      'parse',
    );
    if (!positionals.length) throw new CliError('parse：请指定要读取的报告文件');
    let failed = 0;
    // Each file is read in a worker with time and memory limits; a file that cannot be read is one line on stderr and
    // the others go on.
    await withCliPipeline(io.env, async (pipeline) => {
      for (const file of positionals) {
        const r = await pipeline.readFile(file);
        if (!r.ok) {
          io.stderr(`错误：${r.message}\n`);
          failed++;
          continue;
        }
        if (options.json)
          io.stdout(
            `${JSON.stringify(toParsedJson(r.report, { file, provenance: !options['no-provenance'] }))}\n`,
          );
        else io.stdout(summary(file, r));
      }
    });
    return failed ? 2 : 0;
  },
};

function summary(file: string, { report, form }: { report: Report; form: Form }): string {
  const lines: string[] = [];
  const fmt = report.format ? `${report.format}版格式` : '格式未识别';
  lines.push(`${file}（${form}）`);
  lines.push(`  机关：${report.agency ?? '未识别'}　年度：${report.year ?? '未识别'}　${fmt}`);
  const sections = Object.keys(report.sections).length;
  lines.push(`  正文部分：${sections}/6`);
  if (report.format) {
    const v = (k: string) => show(report, k);
    lines.push(
      `  表三：新收 ${v('t3.received.total')}，上年结转 ${v('t3.carriedOver.total')}，办结 ${v('t3.total.total')}，结转下年度 ${v('t3.carriedForward.total')}`,
    );
    const cols = APPLICANT_COLUMNS.map((c) => `${c.label} ${v(`t3.received.${c.key}`)}`).join('，');
    lines.push(`        新收按申请人：${cols}`);
    lines.push(
      `  表四：行政复议 ${v('t4.review.total')}，直接起诉 ${v('t4.litigation.direct.total')}，复议后起诉 ${v('t4.litigation.afterReview.total')}`,
    );
    const t2 = LAYOUTS[report.tableFormats.t2 ?? report.format].fields.filter((f) => f.table === 't2');
    lines.push(`  表二：${t2.map((f) => `${f.rowLabel}${f.columnLabel} ${v(f.key)}`).join('，')}`);
  }
  const unknown = Object.entries(report.cells).filter(([, c]) => c.state === 'unknown').length;
  const blanks = Object.entries(report.cells).filter(([, c]) => c.state === 'blank').length;
  const uncertain = Object.keys(report.uncertain);
  lines.push(
    `  单元格：共 ${Object.keys(report.cells).length}，留空 ${blanks}，未读出 ${unknown}，不确定 ${uncertain.length}`,
  );
  for (const k of uncertain.slice(0, 10))
    lines.push(`    不确定：${fieldDef(k)?.label ?? k}：${report.uncertain[k]}`);
  for (const n of report.notes) lines.push(`  注：${n}`);
  return `${lines.join('\n')}\n`;
}

function show(report: Report, key: string): string {
  const c = report.cells[key];
  if (!c || c.state === 'unknown') return '?';
  if (c.state === 'blank') return '空';
  return String(c.value);
}

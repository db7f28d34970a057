// gongkai check <file...> [--prev <file>] [--json]: run every consistency rule on reports.
import { fieldDef } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import { printed } from '../../domain/rules/cell-ref.ts';
import { checkReport, type Finding, hasErrors, RULES } from '../../domain/rules/index.ts';
import { UnreadableError } from '../../parse/index.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { readOneReport, withCliPipeline } from '../read.ts';

const BASIS: Record<string, string> = {
  official: '官方格式',
  implied: '表格结构',
  tiaoli: '条例',
  heuristic: '经验规则',
};

export const command: Command = {
  name: 'check',
  summary: '按勾稽关系等规则检查年度报告，列出错误和提示',
  usage: `用法：gongkai check <文件...> [--prev <上年报告>] [--json] [--rules]

检查年度报告：表三、表四的勾稽关系，单元格，格式版本，正文与表格一致性，与上年报告的衔接和重复。
  --prev <文件>   上一年度的报告（核对上年结转、现行有效件数、文字重复）
  --json          每个文件输出一行 JSON：{"file","findings":[{"rule","severity","cells","message"}]}
  --rules         列出全部规则（编号、级别、依据）后退出
退出码：0 无错误；1 有错误级别的问题；2 文件无法读取。`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      { json: { type: 'boolean' }, prev: { type: 'string' }, rules: { type: 'boolean' } },
      'check',
    );
    if (options.rules) {
      for (const r of RULES)
        io.stdout(
          `${r.id.padEnd(28)} ${r.severity === 'error' ? '错误' : '提示'}  ${r.title}（${BASIS[r.basis.kind]}：${r.basis.ref}）\n`,
        );
      return 0;
    }
    if (!positionals.length) throw new CliError('check：请指定要检查的报告文件');
    let errors = false;
    let unreadable = false;
    await withCliPipeline(io.env, async (pipeline) => {
      let prev: Report | undefined;
      if (typeof options.prev === 'string') {
        try {
          prev = await readOneReport(pipeline, options.prev);
        } catch (e) {
          if (e instanceof UnreadableError) throw new CliError(`上年报告无法读取：${e.message}`);
          throw e;
        }
      }
      for (const file of positionals) {
        const r = await pipeline.readFile(file);
        if (!r.ok) {
          io.stderr(`错误：${r.message}\n`);
          unreadable = true;
          continue;
        }
        const findings = prev ? checkReport(r.report, { prev }) : r.findings;
        errors ||= hasErrors(findings);
        if (options.json) io.stdout(`${JSON.stringify({ file, findings })}\n`);
        else io.stdout(table(file, r.report, findings));
      }
    });
    return unreadable ? 2 : errors ? 1 : 0;
  },
};

function table(file: string, report: Report, findings: readonly Finding[]): string {
  const head = `${file}：${report.agency ?? '机关未识别'} ${report.year ?? '年度未识别'}年度（${report.format ?? '?'}版）`;
  if (!findings.length) return `${head}\n  ✓ 未发现问题\n\n`;
  const e = findings.filter((f) => f.severity === 'error').length;
  const lines = [`${head}\n  错误 ${e} 项，提示 ${findings.length - e} 项`];
  findings.forEach((f, i) => {
    lines.push(
      `  ${String(i + 1).padStart(3)}. [${f.severity === 'error' ? '错误' : '提示'}] ${f.message}  〔${f.rule}〕`,
    );
    const cells = f.cells.slice(0, 8).map((k) => `${fieldDef(k)?.label ?? k} = ${printed(report, k)}`);
    if (cells.length && f.cells.length <= 8) lines.push(`       单元格：${cells.join('；')}`);
  });
  return `${lines.join('\n')}\n\n`;
}

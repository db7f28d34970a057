// `gongkai render <file> --to <form> -o <out>`: a report read from any form the parser reads (or the JSON this
// command writes) drawn in the official layout as DOCX, HTML, Markdown, text, CSV, XLSX, JSON or PDF.
import { isAbsolute, resolve } from 'node:path';
import { fieldDef } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import { UnreadableError } from '../../parse/index.ts';
import {
  BINARY_FORMS,
  formOfPath,
  isRenderForm,
  RENDER_FORMS,
  type RenderForm,
  renderReport,
} from '../../render/index.ts';
import { RenderError } from '../../render/pdf.ts';
import { reportFields, tableFormats } from '../../render/view.ts';
import { writeFileAtomic } from '../../render/write-atomic.ts';
import { parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';
import { readReportForCli } from '../read.ts';

const FORMS: Record<RenderForm, string> = {
  docx: 'Word 文档，官方表格样式，GB/T 9704 版式',
  html: '网页（无障碍表格，可打印为 A4）',
  md: 'Markdown',
  txt: '纯文本（表格为制表符分隔，可粘贴到电子表格）',
  csv: 'key,label,value 三列（UTF-8，带 BOM）',
  xlsx: 'Excel：表二、表三、表四各一页，另有“数据”页',
  json: '解析结果 JSON（可再作为本命令的输入）',
  pdf: 'PDF（由 LibreOffice 转换 DOCX，需安装 libreoffice-writer-nogui）',
};

const USAGE = `用法：gongkai render <报告文件> --to <格式> -o <输出文件>

按官方格式输出一份政府信息公开工作年度报告。输入可以是 parse 能读的任何文件（文本、HTML、DOCX、PDF），
也可以是 parse --json 或 render --to json 写出的 JSON。

格式（--to）：
${RENDER_FORMS.map((f) => `  ${f.padEnd(6)} ${FORMS[f]}`).join('\n')}

选项：
  --to <格式>            输出格式；省略时按输出文件的扩展名判断
  -o, --output <文件>    输出文件（先写临时文件再改名，失败时不留半个文件）；文本格式可用 - 表示标准输出

示例：
  gongkai render 报告.txt --to docx -o 报告.docx
  gongkai render 报告.json -o 报告.xlsx
`;

function summarize(report: Report): string[] {
  const warnings: string[] = [];
  const uncertain = Object.keys(report.uncertain);
  if (uncertain.length) {
    const first = uncertain[0]!;
    warnings.push(
      `输入中有 ${uncertain.length} 个数字解析不确定（如 ${fieldDef(first)?.label ?? first}：${report.uncertain[first]}），已照原样输出，请核对`,
    );
  }
  const unknown = Object.entries(report.cells).filter(([, c]) => c.state === 'unknown').length;
  if (unknown) warnings.push(`输入中有 ${unknown} 个单元格未能读出，输出中留空`);
  // A number keyed for the other layout has no cell to stand in: say so rather than drop it silently.
  const drawn = new Set(reportFields(report).map((f) => f.key));
  const stray = Object.entries(report.cells).filter(([k, c]) => c.state !== 'unknown' && !drawn.has(k));
  if (stray.length) {
    const f = tableFormats(report);
    const names = stray.slice(0, 3).map(([k]) => fieldDef(k)?.label ?? k);
    warnings.push(
      `输入中有 ${stray.length} 个字段不属于所用格式（表二 ${f.t2} 版、表三 ${f.t3} 版），未输出：${names.join('；')}${stray.length > 3 ? ' 等' : ''}`,
    );
  }
  return warnings;
}

function sizeText(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`;
}

export const command: Command = {
  name: 'render',
  summary: '按官方格式输出年度报告（DOCX、HTML、Markdown、文本、CSV、XLSX、JSON、PDF）',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { positionals, options } = parseArgs(
      args,
      { to: { type: 'string' }, o: { type: 'string' }, output: { type: 'string' } },
      'render',
    );
    if (positionals.length !== 1)
      throw new CliError(
        positionals.length
          ? `render：只能给出一个报告文件，收到 ${positionals.length} 个`
          : 'render：缺少报告文件（用法见 gongkai help render）',
      );
    const input = positionals[0]!;
    const out = (options.o ?? options.output) as string | undefined;
    if (!out) throw new CliError('render：缺少输出文件（-o <文件>，文本格式可用 -o - 输出到标准输出）');
    const to = options.to as string | undefined;
    let form: RenderForm;
    if (to !== undefined) {
      if (!isRenderForm(to)) throw new CliError(`render：未知格式 "${to}"，可选：${RENDER_FORMS.join('、')}`);
      form = to;
    } else {
      const byExt = out === '-' ? null : formOfPath(out);
      if (!byExt) throw new CliError(`render：缺少 --to <格式>（可选：${RENDER_FORMS.join('、')}）`);
      form = byExt;
    }
    if (out === '-' && BINARY_FORMS.has(form))
      throw new CliError(`render：${form.toUpperCase()} 是二进制格式，不能写到标准输出，请用 -o 指定文件`);

    let report: Report;
    try {
      report = await readReportForCli(io.env, isAbsolute(input) ? input : resolve(io.cwd, input));
    } catch (e) {
      if (e instanceof UnreadableError) throw new CliError(e.message);
      throw e;
    }
    if (!Object.values(report.cells).some((c) => c.state !== 'unknown'))
      throw new CliError(`${input}：没有读到年度报告的表格数据，未生成输出`);
    for (const w of summarize(report)) io.stderr(`警告：${w}\n`);

    let bytes: Uint8Array;
    try {
      bytes = await renderReport(report, form, { env: io.env, warn: (m) => io.stderr(`警告：${m}\n`) });
    } catch (e) {
      if (e instanceof RenderError) throw new CliError(e.message);
      throw e;
    }
    if (out === '-') {
      io.stdout(new TextDecoder().decode(bytes));
      return 0;
    }
    const target = isAbsolute(out) ? out : resolve(io.cwd, out);
    try {
      await writeFileAtomic(target, bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? '所在目录不存在'
          : code === 'EISDIR'
            ? '这是一个目录'
            : code === 'EACCES'
              ? '没有写权限'
              : `${code ?? (e as Error).message}`;
      throw new CliError(`render：无法写入 ${out}（${why}）`);
    }
    io.stdout(`已生成 ${out}（${form.toUpperCase()}，${sizeText(bytes.length)}）\n`);
    return 0;
  },
};

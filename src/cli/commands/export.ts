// gongkai export <files|dir|jsonl> --to csv|xlsx|jsonl --out <file> [--findings <file.csv>] [--year Y]
import { fieldDef, LAYOUTS } from '../../domain/report/layout.ts';
import { fromParsedJson, type ParsedJson, toParsedJson } from '../../domain/report/model.ts';
import { checkReport, type Finding } from '../../domain/rules/index.ts';
import { csvField } from '../../render/csv.ts';
import { writeFileAtomic } from '../../render/write-atomic.ts';
import { REPORT_CHOICE_ORDER } from '../../supervision/report-choice.ts';
import { parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';
import { type InputItem, readInputs } from '../report-inputs.ts';

const FIELD_ORDER = [...new Set([...LAYOUTS['2021'].fields, ...LAYOUTS['2019'].fields].map((f) => f.key))];
const META = ['file', 'agency', 'year', 'format', 'errors', 'warnings', 'blank', 'uncertain', 'unknown'];

export const command: Command = {
  name: 'export',
  summary: '导出数据集：每份报告一行、每个字段一列（CSV、XLSX、JSON lines），以及检查结果',
  usage: `用法：gongkai export <文件或目录或.jsonl...> --to csv|xlsx|jsonl --out <文件> [--findings <文件.csv>] [--year 年度]

  --to csv     每份报告一行（以 = + - @ 开头的文字前加单引号，防止表格软件当作公式执行），列为 ${META.join('、')} 和全部字段键（UTF-8 带 BOM，Excel 可直接打开）
  --to xlsx    同上，一个工作表“报告”，第二行为中文列名
  --to jsonl   每份报告一行 parse --json 的形状，加 "findings"
  --findings   另存检查结果：file,agency,year,rule,severity,cells,message
  --year       只导出该年度的报告
  --db         从数据库（监督看板收集的报告）导出，须配 --year；--agency <代码> 只导出该机关及其下属`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      {
        to: { type: 'string' },
        out: { type: 'string' },
        o: { type: 'string' },
        findings: { type: 'string' },
        year: { type: 'string' },
        db: { type: 'boolean' },
        agency: { type: 'string' },
      },
      'export',
    );
    const to = options.to as string | undefined;
    const out = (options.out ?? options.o) as string | undefined;
    const fromDb = options.db === true;
    if (!positionals.length && !fromDb)
      throw new CliError('export：请指定报告文件、目录或 .jsonl，或用 --db 从数据库导出');
    if (fromDb && options.year === undefined)
      throw new CliError('export：从数据库导出时请用 --year 指定年度');
    if (to !== 'csv' && to !== 'xlsx' && to !== 'jsonl')
      throw new CliError('export：--to 应为 csv、xlsx 或 jsonl');
    if (!out) throw new CliError('export：请用 --out 指定输出文件');
    const year = options.year === undefined ? null : Number(options.year);
    if (year !== null && !Number.isInteger(year)) throw new CliError('export：--year 应为年份，如 2023');

    const rows: Record<string, string | number>[] = [];
    const jsonl: string[] = [];
    const findingRows: string[][] = [];
    let skipped = 0;
    const source = fromDb
      ? dbInputs(io, Number(options.year), typeof options.agency === 'string' ? options.agency : null)
      : readInputs(positionals);
    for await (const item of source) {
      if ('error' in item) {
        io.stderr(`警告：${item.error}\n`);
        skipped++;
        continue;
      }
      const r = item.report;
      if (year !== null && r.year !== year) continue;
      const findings: Finding[] = checkReport(r);
      const j = toParsedJson(r, { file: item.file, provenance: false });
      const errors = findings.filter((f) => f.severity === 'error').length;
      rows.push({
        file: item.file,
        agency: r.agency ?? '',
        year: r.year ?? '',
        format: r.format ?? '',
        errors,
        warnings: findings.length - errors,
        blank: j.blank.join(' '),
        uncertain: j.uncertain.join(' '),
        unknown: (j.unknown ?? []).join(' '),
        ...j.fields,
      });
      if (to === 'jsonl') jsonl.push(JSON.stringify({ ...j, findings }));
      for (const f of findings)
        findingRows.push([
          item.file,
          r.agency ?? '',
          String(r.year ?? ''),
          f.rule,
          f.severity,
          f.cells.join(' '),
          f.message,
        ]);
    }
    const columns = [...META, ...FIELD_ORDER];
    if (to === 'csv')
      await atomicWrite(
        out,
        `\uFEFF${[columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))].map(csvLine).join('\r\n')}\r\n`,
      );
    else if (to === 'jsonl') await atomicWrite(out, jsonl.map((l) => `${l}\n`).join(''));
    else await writeXlsx(out, columns, rows);
    if (typeof options.findings === 'string')
      await atomicWrite(
        options.findings,
        `\uFEFF${[['file', 'agency', 'year', 'rule', 'severity', 'cells', 'message'], ...findingRows].map(csvLine).join('\r\n')}\r\n`,
      );
    io.stderr(`已导出 ${rows.length} 份报告到 ${out}${skipped ? `，${skipped} 个文件无法读取` : ''}\n`);
    return 0;
  },
};

/**
 * One CSV line. Text that a spreadsheet would run as a formula (= + - @, tab, CR at the start) is prefixed with a
 * single quote, as OWASP advises against CSV injection: agency names and messages come from published documents.
 * Numbers stay numbers (a negative 本年增/减 is a number, not text).
 */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map((c) => csvField(typeof c === 'number' ? String(c) : defuse(c))).join(',');
}

export const defuse = (s: string): string =>
  /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;

const atomicWrite = (path: string, data: string | Uint8Array) =>
  writeFileAtomic(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

async function writeXlsx(
  out: string,
  columns: string[],
  rows: Record<string, string | number>[],
): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报告');
  ws.addRow(columns);
  ws.addRow(columns.map((c) => fieldDef(c)?.label ?? LABELS[c] ?? c));
  for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? ''));
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  const buf = await wb.xlsx.writeBuffer();
  await atomicWrite(out, new Uint8Array(buf as ArrayBuffer));
}

const LABELS: Record<string, string> = {
  file: '文件',
  agency: '机关',
  year: '年度',
  format: '格式版本',
  errors: '错误数',
  warnings: '提示数',
  blank: '留空单元格',
  uncertain: '不确定单元格',
  unknown: '未读出单元格',
};

/** The latest collected report of each agency of a year (optionally a subtree), from the database. */
async function* dbInputs(io: CliIO, year: number, agency: string | null): AsyncGenerator<InputItem> {
  const { openDatabase } = await import('../../db/open.ts');
  const { findAgency } = await import('../../cases/agencies.ts');
  const { queryRows } = await import('../../db/query.ts');
  const { sql } = await import('drizzle-orm');
  const handle = await openDatabase({ env: io.env, cwd: io.cwd, requireCurrent: true });
  try {
    const root = agency === null ? null : (await findAgency(handle.db, agency)).id;
    const subtree =
      root === null
        ? sql`true`
        : sql`agency_id in (with recursive t(id) as (select ${root}::int union all
                select a.id from agencies a join t on a.parent_id = t.id) select id from t)`;
    const rows = await queryRows<ParsedJson & { source_name: string }>(
      handle.db,
      sql`select distinct on (coalesce(agency_id, -id)) agency_name as agency, year, format, fields, blank, uncertain,
            sections, source_name from annual_reports where year = ${year} and ${subtree}
          order by ${REPORT_CHOICE_ORDER}`,
    );
    for (const r of rows) yield { file: r.source_name, report: fromParsedJson(r) };
  } finally {
    await handle.close();
  }
}

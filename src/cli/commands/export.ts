// gongkai export <files|dir|jsonl> --to csv|xlsx|jsonl --out <file> [--findings <file.csv>] [--year Y]
// gongkai export --db --year Y [--agency code] [--league <file.csv|xlsx>] [--today YYYY-MM-DD]
import { writeFileAtomic } from '../../render/write-atomic.ts';
import {
  csvDocument,
  type DatasetEntry,
  datasetCsv,
  datasetEntry,
  datasetFromDb,
  datasetJsonl,
  datasetXlsx,
  FINDING_COLUMNS,
  findingLines,
  META,
  SOURCE_COLUMNS,
} from '../../supervision/dataset.ts';
import { parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';
import { readInputs } from '../report-inputs.ts';

export const command: Command = {
  name: 'export',
  summary: '导出数据集：每份报告一行、每个字段一列（CSV、XLSX、JSON lines），以及检查结果',
  usage: `用法：gongkai export <文件或目录或.jsonl...> --to csv|xlsx|jsonl --out <文件> [--findings <文件.csv>] [--year 年度]

  --to csv     每份报告一行（以 = + - @ 开头的文字前加单引号，防止表格软件当作公式执行），列为 ${META.join('、')}、全部字段键和 ${SOURCE_COLUMNS.join('、')}（报告编号与发布日期，仅 --db 时有值）（UTF-8 带 BOM，Excel 可直接打开）
  --to xlsx    同上，一个工作表“报告”，第二行为中文列名
  --to jsonl   每份报告一行 parse --json 的形状，加 "findings"
  --findings   另存检查结果：file,agency,year,rule,severity,cells,message
  --year       只导出该年度的报告
  --db         从数据库（监督看板收集的报告，每个机关年度取现行有效的一份，检查结果为收集时的结果）导出，须配 --year；--agency <代码> 只导出该机关及其下属
  --league     （须配 --db）另存各机关办理情况表（.csv 或 .xlsx）：新收申请、每万人申请、办理结果构成、复议诉讼纠错率、发布是否按时、逾期答复占比；此时 --to/--out 可省略
  --today      判断发布是否逾期所用的日期（YYYY-MM-DD，默认今天）`,
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
        league: { type: 'string' },
        today: { type: 'string' },
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
    const league = options.league as string | undefined;
    if (league !== undefined && !fromDb) throw new CliError('export：--league 须与 --db 一起使用');
    if (league !== undefined && !/\.(csv|xlsx)$/i.test(league))
      throw new CliError(`export：--league 的文件名应以 .csv 或 .xlsx 结尾，收到“${league}”`);
    const year = options.year === undefined ? null : Number(options.year);
    if (year !== null && !Number.isInteger(year)) throw new CliError('export：--year 应为年份，如 2023');
    const today = (options.today as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new CliError('export：--today 应写作 YYYY-MM-DD');
    if (league !== undefined && to === undefined && out === undefined) {
      const n = await dbLeague(io, Number(options.year), options.agency, league, today);
      io.stderr(`已导出 ${n} 个机关的办理情况到 ${league}\n`);
      return 0;
    }
    if (to !== 'csv' && to !== 'xlsx' && to !== 'jsonl')
      throw new CliError('export：--to 应为 csv、xlsx 或 jsonl');
    if (!out) throw new CliError('export：请用 --out 指定输出文件');

    const entries: DatasetEntry[] = [];
    let skipped = 0;
    if (fromDb) entries.push(...(await dbEntries(io, Number(options.year), options.agency)));
    else
      for await (const item of readInputs(positionals)) {
        if ('error' in item) {
          io.stderr(`警告：${item.error}\n`);
          skipped++;
          continue;
        }
        if (year !== null && item.report.year !== year) continue;
        entries.push(datasetEntry(item.file, item.report));
      }
    const rows = entries.map((e) => e.row);
    if (to === 'csv') await atomicWrite(out, datasetCsv(rows));
    else if (to === 'jsonl') await atomicWrite(out, datasetJsonl(entries));
    else await atomicWrite(out, await datasetXlsx(rows));
    if (typeof options.findings === 'string')
      await atomicWrite(options.findings, csvDocument([FINDING_COLUMNS, ...findingLines(entries)]));
    io.stderr(`已导出 ${rows.length} 份报告到 ${out}${skipped ? `，${skipped} 个文件无法读取` : ''}\n`);
    if (league !== undefined) {
      const n = await dbLeague(io, Number(options.year), options.agency, league, today);
      io.stderr(`已导出 ${n} 个机关的办理情况到 ${league}\n`);
    }
    return 0;
  },
};

export { csvLine, defuse } from '../../supervision/dataset.ts';

const atomicWrite = (path: string, data: string | Uint8Array) =>
  writeFileAtomic(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

/** The reports that stand for a year (optionally a subtree), from the database, with their stored findings. */
async function dbEntries(io: CliIO, year: number, agency: unknown): Promise<DatasetEntry[]> {
  const { openDatabase } = await import('../../db/open.ts');
  const { findAgency } = await import('../../cases/agencies.ts');
  const handle = await openDatabase({ env: io.env, cwd: io.cwd, requireCurrent: true });
  try {
    const root = typeof agency === 'string' ? (await findAgency(handle.db, agency)).id : null;
    return await datasetFromDb(handle.db, { year, rootAgencyId: root });
  } finally {
    await handle.close();
  }
}

/** The league table of a year (the subtree of --agency, else every top-level region), as the console downloads it. */
async function dbLeague(
  io: CliIO,
  year: number,
  agency: unknown,
  file: string,
  today: string,
): Promise<number> {
  const { openDatabase } = await import('../../db/open.ts');
  const { findAgency } = await import('../../cases/agencies.ts');
  const { performance } = await import('../../supervision/performance.ts');
  const { leagueCsv, leagueXlsx } = await import('../../supervision/league.ts');
  const handle = await openDatabase({ env: io.env, cwd: io.cwd, requireCurrent: true });
  try {
    const root = typeof agency === 'string' ? (await findAgency(handle.db, agency)).id : null;
    const rows = await performance(handle.db, { rootId: root, years: [year], today });
    await atomicWrite(file, /\.csv$/i.test(file) ? leagueCsv(rows) : await leagueXlsx(rows));
    return rows.length;
  } finally {
    await handle.close();
  }
}

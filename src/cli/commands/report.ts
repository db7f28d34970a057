// `gongkai report …`: the annual report of an agency-year, built from the system — 表三/表四 from the cases, 表二
// from the registers, the sections from the agency's templates — with every check of the report engine; published
// as DOCX + HTML + JSON (the year is then locked). The same use cases the web calls (src/report-builder).
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Executor } from '../../db/handle.ts';
import type { StoredReading } from '../../db/schema/annual-reports.ts';
import { fieldDef, SECTIONS } from '../../domain/report/layout.ts';
import type { Report } from '../../domain/report/model.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import { PLACEHOLDER_FAMILIES, PLACEHOLDERS } from '../../domain/report-builder/template.ts';
import { printed } from '../../domain/rules/cell-ref.ts';
import { UnreadableError } from '../../parse/index.ts';
import { getAgency } from '../../publishing/agencies.ts';
import { intArg, need, printJson, str, withPublishing } from '../../publishing/cli-support.ts';
import { writeFileAtomic } from '../../render/write-atomic.ts';
import { type BuildResult, buildReport } from '../../report-builder/build.ts';
import { deadlineBoard, deadlineWarningsFor } from '../../report-builder/deadlines.ts';
import {
  getDraft,
  importPrevReport,
  linkPrevReport,
  setSectionTemplate,
} from '../../report-builder/drafts.ts';
import { publishedFiles, publishReport } from '../../report-builder/publish.ts';
import { ConfirmError, confirmCells, restoreReading } from '../../supervision/cell-confirm.ts';
import {
  type ConfirmValue,
  confirmedCells,
  cutText,
  fieldOf,
  gluedRuns,
  isIdentityRule,
  parseConfirmValue,
  pendingCells,
} from '../../supervision/cell-readings.ts';
import { recheckStale } from '../../supervision/recheck.ts';
import { type AnnualReportRow, getReportRow, rowToReport } from '../../web/reports/store.ts';
import { type OptionSpec, parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';
import { readReportForCli } from '../read.ts';

const USAGE = `用法：gongkai report <子命令> [参数]

编制本机关的政府信息公开工作年度报告：表三、表四由依申请公开案件汇总，表二由规范性文件登记簿和执法统计生成，
六个部分的文字由模板生成（模板中的 {{占位符}} 每次编制时按最新数据填入）；返回报告引擎的全部检查结果。
数据库由 DATABASE_URL 或 GONGKAI_DATA 指定。通用选项：--as <用户名>  --json

  build --agency <代码> --year <年> [--prev <上年报告文件>] [--json]
        编制并检查；--prev 指定上年报告（任意可解析的格式），否则用已关联或系统中的上年报告。
        有错误时退出码为 1。--json 输出 {agency, year, report（与 parse --json 相同）, findings, notices, …}
  publish --agency <代码> --year <年> --out <目录> [--on <发布日期，默认今天>]
        发布：检查无错误且无待填写内容时，生成 DOCX、HTML、JSON 存入数据库并写入 --out 目录，记录发布日期，锁定该年度
  files --agency <代码> --year <年> --out <目录>     导出已发布报告的 DOCX、HTML
  template show --agency <代码> --year <年> [--section <部分>]
  template set --agency <代码> --year <年> --section <部分> (--file <文本文件> | --text <模板>)
  template reset --agency <代码> --year <年> --section <部分>
        部分：${SECTIONS.map((s) => `${s.key}（${s.ordinal}、${s.title}）`).join('、')}
  placeholders                                       列出模板可用的占位符
  prev import <文件> --agency <代码> --year <年>      导入上年报告并关联（用于跨年度核对）
  prev link <年度报告号> --agency <代码> --year <年>  关联系统中已有的上年报告
  deadlines [--agency <代码>] [--on <日期>]          年度报告发布期限提醒（每年1月15日起）

核对收集的年度报告中解析器没有把握的单元格（数字连写有多种拆分、原文未列出该行等）：
  uncertain <年度报告号> [--json]                    列出待核对的单元格（原因、原文、候选值）和已核对的单元格
  confirm <年度报告号> <字段键> <数值|blank> [<字段键> <数值|blank>…] --note <核对说明> [--override]
        按原文确认单元格的值（blank 表示原文此格空白）；计入合计，记入审计日志；再次确认取代上一次。
        数字连写的一行（如“7030”）可一次确认各格；各格的值按本行顺序连起来须与原文一致，
        原文确有印刷错误时加 --override，并在 --note 中写明依据
  confirm <年度报告号> <字段键> --restore [--note <说明>]   恢复解析器的解析结果

按现行检查规则重新检查已收集的年度报告（规则修正后，旧报告的错误数随之更新；服务启动后也会在后台进行）：
  recheck [--json]                                   只检查由其他版本规则检查过的报告，显示进度；记入审计日志

退出码：0 成功；1 报告有错误（build）；2 输入有误；3 冲突（已发布）；6 报告尚不能发布。
`;

const SPEC: Record<string, OptionSpec> = {
  as: { type: 'string' },
  json: { type: 'boolean' },
  agency: { type: 'string' },
  year: { type: 'string' },
  prev: { type: 'string' },
  out: { type: 'string' },
  on: { type: 'string' },
  section: { type: 'string' },
  file: { type: 'string' },
  text: { type: 'string' },
  note: { type: 'string' },
  restore: { type: 'boolean' },
  override: { type: 'boolean' },
};

type Opts = Record<string, string | boolean | string[] | undefined>;

function buildTable(b: BuildResult): string {
  const lines = [`${b.agency.name} ${b.year}年度政府信息公开工作年度报告（${b.report.format}版）`];
  lines.push(`上年报告：${b.prev ? `${b.prev.name}（${b.prev.year ?? '?'}年度）` : '无（不做跨年度核对）'}`);
  if (b.published) lines.push(`已于 ${b.published.publishedOn} 发布`);
  if (b.notices.length) {
    lines.push('编制提示：');
    for (const n of b.notices) lines.push(`  - ${n.message}`);
  }
  if (!b.findings.length) lines.push('  ✓ 检查未发现问题');
  else {
    lines.push(`检查：错误 ${b.errors} 项，提示 ${b.warnings} 项`);
    b.findings.forEach((f, i) => {
      lines.push(
        `  ${String(i + 1).padStart(3)}. [${f.severity === 'error' ? '错误' : '提示'}] ${f.message}  〔${f.rule}〕`,
      );
      const cells = f.cells.slice(0, 8).map((k) => `${fieldDef(k)?.label ?? k} = ${printed(b.report, k)}`);
      if (cells.length && f.cells.length <= 8) lines.push(`       单元格：${cells.join('；')}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

const buildJson = (b: BuildResult) => ({
  agency: b.agency,
  year: b.year,
  report: toParsedJson(b.report, { provenance: false }),
  findings: b.findings,
  errors: b.errors,
  warnings: b.warnings,
  notices: b.notices,
  prev: b.prev,
  published: b.published,
  facts: b.facts,
});

async function outDir(io: CliIO, o: Opts, where: string): Promise<string> {
  const dir = resolve(io.cwd, need(o, 'out', where));
  await mkdir(dir, { recursive: true }).catch((e: Error) => {
    throw new CliError(`${where}：无法创建目录 ${dir}：${e.message}`);
  });
  return dir;
}

async function reportRowOf(db: Executor, arg: string | undefined, where: string): Promise<AnnualReportRow> {
  const id = intArg(arg, '年度报告号', where);
  const row = await getReportRow(db, id);
  if (!row) throw new CliError(`${where}：未找到年度报告 ${id}`, 2);
  return row;
}

const readText = (r: StoredReading) =>
  r.read.state === 'number' ? String(r.read.value) : r.read.state === 'blank' ? '空白' : '未读出';

async function listUncertain(io: CliIO, db: Executor, rest: string[], json: boolean): Promise<number> {
  const row = await reportRowOf(db, rest[0], 'report uncertain');
  const report = rowToReport(row, { withActor: true });
  const pending = pendingCells(report, row.readings);
  const confirmed = confirmedCells(row.readings);
  const runs = gluedRuns(report, row.readings).filter((r) =>
    r.keys.some((k) => pending.some((p) => p.key === k)),
  );
  if (json) {
    printJson(io, {
      id: row.id,
      pending: pending.map((p) => ({ field: p.key, label: p.def.label, ...p.reading })),
      confirmed: confirmed.map((p) => ({ field: p.key, label: p.def.label, ...p.reading })),
      runs: runs.map((r) => ({ text: r.text, fields: r.keys, splits: r.splits })),
    });
    return 0;
  }
  io.stdout(`${row.agencyName} ${row.year}年度（年度报告 ${row.id}）：待核对 ${pending.length} 格\n`);
  for (const p of pending) {
    const where = [
      p.reading.text !== undefined ? `原文“${p.reading.text}”` : '',
      p.reading.page ? `第${p.reading.page}页` : '',
      p.reading.line ? `第${p.reading.line}行` : '',
    ]
      .filter(Boolean)
      .join(' ');
    io.stdout(`  ${p.key}  ${p.def.label}\n`);
    io.stdout(`      ${p.reading.reason ?? '未读出'}${where ? `（${where}）` : ''}\n`);
    if (p.reading.candidates?.length) io.stdout(`      候选值：${p.reading.candidates.join('、')}\n`);
    if (p.reading.excerpt) io.stdout(`      原文此行：${p.reading.excerpt}\n`);
  }
  for (const r of runs)
    io.stdout(
      `原文连写“${r.text}”（${r.keys.join(' ')}）可能的拆分：${r.splits.map(cutText).join('、')}；可一次确认：gongkai report confirm ${row.id} ${r.keys.map((k) => `${k} <数值>`).join(' ')} --note <核对说明>\n`,
    );
  if (confirmed.length) {
    io.stdout(`已人工核对 ${confirmed.length} 格\n`);
    for (const p of confirmed)
      io.stdout(
        `  ${p.key}  ${p.def.label}：${p.confirmed.state === 'number' ? p.confirmed.value : '空白'}（解析结果：${readText(p.reading)}；${p.confirmed.at}，${p.confirmed.note}${p.confirmed.departs ? `；与原文连写“${p.confirmed.departs}”不符，按原文有误保存` : ''}）\n`,
      );
  }
  return 0;
}

async function confirm(
  io: CliIO,
  db: Executor,
  rest: string[],
  o: Opts,
  actor: string,
  json: boolean,
): Promise<number> {
  const where = 'report confirm';
  const [id, key, ...pairs] = rest;
  const row = await reportRowOf(db, id, where);
  if (!key)
    throw new CliError(`${where}：缺少字段键（用 gongkai report uncertain ${row.id} 查看待核对的单元格）`, 2);
  try {
    const report = rowToReport(row);
    const def = fieldOf(report, key);
    if (o.restore === true) {
      const r = await restoreReading(db, {
        reportId: row.id,
        key,
        actor,
        at: new Date(),
        note: str(o.note) ?? '',
      });
      if (json) printJson(io, { id: row.id, field: key, restored: true, findings: r.findings });
      else io.stdout(`已恢复“${def.label}”的解析结果（审计记录 ${r.auditId}）\n`);
      return 0;
    }
    // <key> <value> [<key> <value>…]: the cells of one glued run are checked together against the printed run.
    const args = [key, ...pairs];
    const values: Record<string, ConfirmValue> = {};
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i]!;
      const d = fieldOf(report, k);
      const v = args[i + 1];
      if (v === undefined)
        throw new ConfirmError(`请给出“${d.label}”的数值，或 blank（原文此格空白）`, 'value');
      if (k in values) throw new ConfirmError(`“${d.label}”（${k}）给出了两次`, 'field');
      values[k] = parseConfirmValue(d, v);
    }
    const results = await confirmCells(db, {
      reportId: row.id,
      values,
      note: str(o.note) ?? '',
      actor,
      at: new Date(),
      override: o.override === true,
    });
    if (json) {
      const [only] = results;
      if (results.length === 1 && only)
        printJson(io, {
          id: row.id,
          field: key,
          value: values[key],
          findings: only.findings,
          auditId: only.auditId,
        });
      else
        printJson(io, {
          id: row.id,
          confirmed: results.map((r, i) => ({
            field: Object.keys(values)[i],
            value: Object.values(values)[i],
            findings: r.findings,
            auditId: r.auditId,
          })),
        });
    } else
      Object.entries(values).forEach(([k, v], i) => {
        const r = results[i]!;
        io.stdout(
          `已核对“${fieldDef(k)?.label ?? k}”：${v.state === 'number' ? v.value : '空白'}（审计记录 ${r.auditId}）\n`,
        );
        for (const f of r.findings.filter((f) => isIdentityRule(f.rule))) io.stdout(`  注意：${f.message}\n`);
      });
    return 0;
  } catch (e) {
    if (e instanceof ConfirmError) {
      const field =
        e.field === 'note'
          ? '--note'
          : e.field === 'value'
            ? '数值'
            : e.field === 'run'
              ? '连写数字'
              : '字段键';
      const message = e.field === 'run' ? e.message.replace(/请勾选“[^”]+”/, '请加 --override') : e.message;
      throw new CliError(`${where}（${field}）：${message}`, 2);
    }
    throw e;
  }
}

/** `report recheck`: stored reports checked by another version of the rules, checked again, with progress. */
async function recheck(io: CliIO, db: Executor, actor: string, json: boolean): Promise<number> {
  let shown = 0;
  const r = await recheckStale(db, {
    actor,
    onProgress: (p) => {
      // A line per tenth (and the last): 100,000 reports make ten lines, not a thousand.
      if (json || (p.done < p.total && p.done - shown < Math.max(1, Math.ceil(p.total / 10)))) return;
      shown = p.done;
      io.stderr(`已检查 ${p.done}/${p.total} 份，检查结果有变化 ${p.changed} 份\n`);
    },
  });
  if (json) printJson(io, r);
  else if (!r.done) io.stdout(`所有年度报告都已按现行规则（${r.version}）检查，无需重新检查。\n`);
  else
    io.stdout(
      `已按现行规则（${r.version}）重新检查 ${r.done} 份年度报告：检查结果有变化 ${r.changed} 份，其中错误数变化 ${r.errorsChanged} 份` +
        `${r.skipped ? `；${r.skipped} 份在检查期间被修改，下次再检查` : ''}。\n`,
    );
  return 0;
}

export const command: Command = {
  name: 'report',
  summary: '编制、检查和发布本机关的年度报告（表格由案件和登记簿生成，文字由模板生成）',
  usage: USAGE,
  async run(args, io) {
    const { positionals, options: o } = parseArgs(args, SPEC, 'report');
    const [sub, ...rest] = positionals;
    if (!sub) throw new CliError('report：缺少子命令（用 gongkai help report 查看用法）');
    if (sub === 'placeholders') {
      io.stdout(
        '表格中的每个数字：{{字段键}}，如 {{t3.received.total}}、{{t2.penalty.decisions}}（见 fields.md）\n',
      );
      for (const p of [...PLACEHOLDERS, ...PLACEHOLDER_FAMILIES])
        io.stdout(`  {{${p.key}}}${p.key.endsWith('.') ? '…' : ''}  ${p.label}\n`);
      return 0;
    }
    const json = o.json === true;
    const year = () => intArg(need(o, 'year', `report ${sub}`), '--year ', `report ${sub}`);
    // A --prev file is read before the database is opened: a bad file costs nothing.
    let prev: { report: Report; name: string } | undefined;
    if (sub === 'build' && typeof o.prev === 'string') {
      try {
        prev = { report: await readReportForCli(io.env, resolve(io.cwd, o.prev)), name: basename(o.prev) };
      } catch (e) {
        if (e instanceof UnreadableError) throw new CliError(`上年报告无法读取：${e.message}`);
        throw new CliError(`上年报告 ${o.prev} 无法读取：${(e as Error).message}`);
      }
    }
    return withPublishing(io, { as: str(o.as) }, async ({ db, ctx }) => {
      switch (sub) {
        case 'build': {
          const b = await buildReport(
            db,
            { agency: need(o, 'agency', 'report build'), year: year(), ...(prev ? { prev } : {}) },
            ctx,
          );
          if (json) printJson(io, buildJson(b));
          else io.stdout(buildTable(b));
          return b.errors ? 1 : 0;
        }
        case 'publish': {
          const dir = await outDir(io, o, 'report publish');
          const r = await publishReport(
            db,
            {
              agency: need(o, 'agency', 'report publish'),
              year: year(),
              ...(o.on ? { publishedOn: str(o.on)! } : {}),
            },
            ctx,
          );
          const files = [
            [`${r.title}.docx`, r.docx],
            [`${r.title}.html`, r.html],
            [`${r.title}.json`, new TextEncoder().encode(`${JSON.stringify(r.json, null, 2)}\n`)],
          ] as const;
          try {
            for (const [name, bytes] of files) await writeFileAtomic(join(dir, name), bytes);
          } catch (e) {
            throw new CliError(
              `报告已发布并存入数据库，但写入 ${dir} 失败（${(e as Error).message}）；可用 gongkai report files 重新导出`,
              2,
            );
          }
          const late =
            r.timeliness.status === 'late'
              ? `，晚于截止日期 ${r.timeliness.deadline}（逾期${r.timeliness.daysLate}天）`
              : '';
          if (json)
            printJson(io, {
              annualReportId: r.annualReportId,
              publishedOn: r.publishedOn,
              timeliness: r.timeliness,
              files: files.map(([n]) => join(dir, n)),
              warnings: r.build.warnings,
            });
          else {
            io.stdout(
              `已发布 ${r.title}（${r.publishedOn}${late}），${r.build.warnings ? `检查提示 ${r.build.warnings} 项，` : ''}年度已锁定\n`,
            );
            for (const [n] of files) io.stdout(`  ${join(dir, n)}\n`);
          }
          return 0;
        }
        case 'files': {
          const dir = await outDir(io, o, 'report files');
          const { files } = await publishedFiles(db, need(o, 'agency', 'report files'), year());
          for (const f of files) {
            await writeFileAtomic(join(dir, f.name), f.bytes);
            io.stdout(`${join(dir, f.name)}\n`);
          }
          return 0;
        }
        case 'template': {
          const [action] = rest;
          const where = `report template ${action ?? ''}`.trim();
          const agency = need(o, 'agency', where);
          if (action === 'show') {
            const a = await getAgency(db, agency);
            const b = await buildReport(db, { agency: a.id, year: year() }, ctx);
            const draft = await getDraft(db, a.id, year());
            const keys = o.section ? [str(o.section)!] : SECTIONS.map((s) => s.key);
            if (json) printJson(io, { saved: draft?.templates ?? {}, used: b.templates });
            else
              for (const k of keys) {
                const t = b.templates[k as keyof typeof b.templates];
                if (!t) throw new CliError(`${where}：没有“${k}”这一部分`);
                io.stdout(`== ${k}${t.isDefault ? '（默认模板）' : ''}\n${t.text}\n\n`);
              }
            return 0;
          }
          if (action === 'set' || action === 'reset') {
            let text: string | null = null;
            if (action === 'set') {
              if (typeof o.file === 'string')
                text = await readFile(resolve(io.cwd, o.file), 'utf8').catch(() => {
                  throw new CliError(`${o.file}：文件不存在或无法读取`);
                });
              else text = need(o, 'text', where);
            }
            await setSectionTemplate(
              db,
              { agency, year: year(), section: need(o, 'section', where), template: text },
              ctx,
            );
            io.stdout(action === 'set' ? '模板已保存\n' : '已恢复默认模板\n');
            return 0;
          }
          throw new CliError('report template：子命令应为 show / set / reset');
        }
        case 'prev': {
          const [action, arg] = rest;
          const where = `report prev ${action ?? ''}`.trim();
          if (action === 'import') {
            if (!arg) throw new CliError(`${where}：请指定上年报告文件`);
            const bytes = await readFile(resolve(io.cwd, arg)).catch(() => {
              throw new CliError(`${arg}：文件不存在或无法读取`);
            });
            const r = await importPrevReport(
              db,
              { agency: need(o, 'agency', where), year: year(), fileName: basename(arg), bytes },
              ctx,
            );
            if (json) printJson(io, { annualReportId: r.annualReportId, year: r.year, notes: r.notes });
            else
              io.stdout(
                `已导入并关联上年报告（年度报告 ${r.annualReportId}，${r.year}年度）${r.notes.length ? `\n提示：${r.notes.join('；')}` : ''}\n`,
              );
            return 0;
          }
          if (action === 'link') {
            await linkPrevReport(
              db,
              {
                agency: need(o, 'agency', where),
                year: year(),
                annualReportId: intArg(arg, '年度报告号', where),
              },
              ctx,
            );
            io.stdout('已关联上年报告\n');
            return 0;
          }
          throw new CliError('report prev：子命令应为 import / link');
        }
        case 'deadlines': {
          const on = str(o.on) ?? ctx.today;
          if (o.agency) {
            const w = await deadlineWarningsFor(db, str(o.agency)!, on);
            if (json) printJson(io, w);
            else
              io.stdout(
                w.length
                  ? `${w.map((x) => `[${x.severity === 'error' ? '逾期' : '提醒'}] ${x.message}`).join('\n')}\n`
                  : '无提醒\n',
              );
          } else {
            const board = await deadlineBoard(db, on);
            if (json) printJson(io, board);
            else
              for (const r of board)
                for (const w of r.warnings)
                  io.stdout(
                    `[${w.severity === 'error' ? '逾期' : '提醒'}] ${r.name}（${r.code}）：${w.message}\n`,
                  );
          }
          return 0;
        }
        case 'uncertain':
          return listUncertain(io, db, rest, json);
        case 'confirm':
          return confirm(io, db, rest, o, ctx.actor, json);
        case 'recheck':
          return recheck(io, db, ctx.actor, json);
        default:
          throw new CliError(`report：未知子命令“${sub}”（用 gongkai help report 查看用法）`);
      }
    });
  },
};

// gongkai collect <files|dir|results.jsonl> [--origin ingest|upload] : load reports into the database.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../db/open.ts';
import { type ParsedJson, toParsedJson } from '../../domain/report/model.ts';
import { checkReport, type Finding } from '../../domain/rules/index.ts';
import { readReportBytes, UnreadableError } from '../../parse/index.ts';
import { type BulkItem, collectBatch } from '../../supervision/collect-bulk.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { walk } from '../report-inputs.ts';

const BATCH = 500;

export const command: Command = {
  name: 'collect',
  summary: '把报告（文件、目录或 ingest 输出的 .jsonl）收入数据库，供监督看板、汇总和排名使用',
  usage: `用法：gongkai collect <文件或目录或.jsonl...> [--origin ingest|upload]

读取报告并存入数据库（DATABASE_URL 或 GONGKAI_DATA）。同一文件（按 SHA-256）只收一次，可重复运行；
多台机器上的多个进程可以同时向同一个 PostgreSQL 收集（把文件清单分片给各进程即可）。
.jsonl 文件按 gongkai ingest 的输出读取，不再重新解析。`,
  async run(args, io) {
    const { positionals, options } = parseArgs(args, { origin: { type: 'string' } }, 'collect');
    if (!positionals.length) throw new CliError('collect：请指定报告文件、目录或 .jsonl');
    const origin = (options.origin as string | undefined) ?? 'ingest';
    if (origin !== 'ingest' && origin !== 'upload')
      throw new CliError('collect：--origin 只能是 ingest 或 upload');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd, migrate: true });
    const actor = `cli:${io.env.USER ?? 'unknown'}`;
    let seen = 0;
    let added = 0;
    let failed = 0;
    let batch: BulkItem[] = [];
    const started = performance.now();
    const flush = async () => {
      if (!batch.length) return;
      const items = batch;
      batch = [];
      added += await handle.db.transaction((tx) => collectBatch(tx, items, origin, actor));
      if (io.stderrIsTTY ?? io.isTTY)
        io.stderr(
          `\r已读取 ${seen} 份，新收 ${added} 份，${Math.round(seen / ((performance.now() - started) / 1000))} 份/秒 `,
        );
    };
    try {
      for (const p of positionals)
        for await (const file of walk(p)) {
          const items = /\.jsonl$/i.test(file) ? jsonlItems(file) : fileItem(file);
          for await (const item of items) {
            if ('error' in item) {
              failed++;
              io.stderr(`${(io.stderrIsTTY ?? io.isTTY) ? '\n' : ''}警告：${item.error}\n`);
              continue;
            }
            if (item.parsed.year === null) {
              failed++;
              io.stderr(`警告：${item.sourceName}：未能识别年度，未收入\n`);
              continue;
            }
            seen++;
            batch.push(item);
            if (batch.length >= BATCH) await flush();
          }
        }
      await flush();
    } finally {
      await handle.close();
    }
    io.stderr(
      `${(io.stderrIsTTY ?? io.isTTY) ? '\n' : ''}完成：读取 ${seen} 份，新收 ${added} 份，库中已有 ${seen - added} 份，无法读取或未能识别年度 ${failed} 份\n`,
    );
    return 0;
  },
};

async function* fileItem(file: string): AsyncGenerator<BulkItem | { error: string }> {
  const bytes = await readFile(file);
  try {
    const { report, form } = await readReportBytes(bytes, file);
    yield {
      parsed: toParsedJson(report, { provenance: false }),
      findings: checkReport(report),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sourceName: file,
      sourceForm: form,
    };
  } catch (e) {
    if (e instanceof UnreadableError) yield { error: e.message };
    else throw e;
  }
}

async function* jsonlItems(file: string): AsyncGenerator<BulkItem | { error: string }> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let j: ParsedJson & { sha256?: string; form?: string; findings?: Finding[]; error?: string };
    try {
      j = JSON.parse(line);
    } catch {
      yield { error: `${file} 第${n}行不是有效的 JSON` };
      continue;
    }
    if (j.error || !j.fields) continue; // unreadable files were already reported by ingest
    yield {
      parsed: j,
      findings: j.findings ?? [],
      sha256: j.sha256 ?? createHash('sha256').update(line).digest('hex'),
      sourceName: j.file ?? `${file}:${n}`,
      sourceForm: j.form ?? 'json',
    };
  }
}

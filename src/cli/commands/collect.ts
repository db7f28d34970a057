// gongkai collect <files|dir|results.jsonl> [--origin ingest|upload] : load reports into the database.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ocrBoxesOf, SCAN_FORMS } from '../../db/annual-report-values.ts';
import { openDatabase } from '../../db/open.ts';
import { type ParsedJson, toParsedJson } from '../../domain/report/model.ts';
import type { Finding } from '../../domain/rules/index.ts';
import { limitsFromEnv, ReadingPipeline } from '../../reading/pipeline.ts';
import type { CellSource } from '../../supervision/cell-excerpts.ts';
import { type BulkItem, collectBatch } from '../../supervision/collect-bulk.ts';
import { StoredFiles, storedFilesFor } from '../../web/reports/stored-files.ts';
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
.jsonl 文件按 gongkai ingest 的输出读取，不再重新解析。
经文字识别（OCR）读出的扫描件，其原件按 SHA-256 保存在数据目录的 files/ 中，供网页在每个数字旁显示原件截图。`,
  async run(args, io) {
    const { positionals, options } = parseArgs(args, { origin: { type: 'string' } }, 'collect');
    if (!positionals.length) throw new CliError('collect：请指定报告文件、目录或 .jsonl');
    const origin = (options.origin as string | undefined) ?? 'ingest';
    if (origin !== 'ingest' && origin !== 'upload')
      throw new CliError('collect：--origin 只能是 ingest 或 upload');
    const handle = await openDatabase({ env: io.env, cwd: io.cwd, migrate: true });
    const actor = `cli:${io.env.USER ?? 'unknown'}`;
    // The server's folder of stored files for this database: a scan collected here shows its crops there.
    const files = new StoredFiles(storedFilesFor(handle, io.env, io.cwd));
    const tty = io.stderrIsTTY ?? io.isTTY;
    let seen = 0;
    let added = 0;
    let failed = 0;
    let batch: BulkItem[] = [];
    const started = performance.now();
    const warn = (message: string) => {
      failed++;
      io.stderr(`${tty ? '\n' : ''}警告：${message}\n`);
    };
    // A batch is one transaction; when the database refuses it, each file is tried again in a transaction of its
    // own, so one file that cannot be stored costs that file only and every file ends with its own outcome.
    const flush = async () => {
      if (!batch.length) return;
      const items = batch;
      batch = [];
      try {
        added += await handle.db.transaction((tx) => collectBatch(tx, items, origin, actor));
      } catch {
        for (const item of items)
          try {
            added += await handle.db.transaction((tx) => collectBatch(tx, [item], origin, actor));
          } catch (e) {
            seen--;
            warn(`${item.sourceName}：数据库未能保存该报告（${storeFailure(e)}），未收入`);
          }
      }
      if (tty)
        io.stderr(
          `\r已读取 ${seen} 份，新收 ${added} 份，${Math.round(seen / ((performance.now() - started) / 1000))} 份/秒 `,
        );
    };
    // Report files are read in the reading pipeline's worker, with its time and memory limits.
    const pipeline = new ReadingPipeline({ limits: limitsFromEnv(io.env), provenance: false });
    try {
      for (const p of positionals)
        for await (const file of walk(p)) {
          const jsonl = /\.jsonl$/i.test(file);
          const items = jsonl ? jsonlItems(file, files) : fileItem(pipeline, file, files);
          for await (const item of items) {
            if ('error' in item) {
              warn(item.error);
              continue;
            }
            if (item.parsed.year === null) {
              warn(`${item.sourceName}：未能识别年度，未收入`);
              continue;
            }
            seen++;
            batch.push(item);
            // Files read one by one are stored one by one (a transaction each); ingest lines go in batches.
            if (!jsonl || batch.length >= BATCH) await flush();
          }
        }
      await flush();
    } finally {
      await pipeline.close();
      await handle.close();
    }
    io.stderr(
      `${tty ? '\n' : ''}完成：读取 ${seen} 份，新收 ${added} 份，库中已有 ${seen - added} 份，无法读取、未能识别年度或未能保存 ${failed} 份\n`,
    );
    return 0;
  },
};

/** Why the database refused a row, in Chinese (its own message is English and may quote the report's text). */
function storeFailure(e: unknown): string {
  const code =
    (e as { code?: string; cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code;
  if (code === '22021' || code === '22P05') return '含有数据库无法保存的字符';
  if (code === '22001') return '内容超过字段长度';
  if (code?.startsWith('08') || code === '57P01') return '数据库连接中断';
  return code ? `数据库错误 ${code}` : '数据库错误';
}

async function* fileItem(
  pipeline: ReadingPipeline,
  file: string,
  files: StoredFiles,
): AsyncGenerator<BulkItem | { error: string }> {
  const r = await pipeline.readFile(file);
  if (!r.ok) {
    yield { error: r.message };
    return;
  }
  const ocrBoxes = SCAN_FORMS.has(r.form) ? ocrBoxesOf(r.report.provenance) : {};
  if (Object.keys(ocrBoxes).length) await keepScan(files, file, r.sha256);
  yield {
    parsed: toParsedJson(r.report, { provenance: false }),
    findings: r.findings,
    sha256: r.sha256,
    sourceName: file,
    sourceForm: r.form,
    ocrBoxes,
    ...(r.sources ? { sources: r.sources } : {}),
  };
}

/**
 * Keep the bytes of a report read by OCR under its SHA-256, before its row is written, so the crop of the scan can
 * be drawn beside each number (issue 17). Only the very bytes that were read: a file changed since is not kept.
 */
async function keepScan(files: StoredFiles, path: string, sha256: string): Promise<void> {
  if (await files.has(sha256)) return;
  const bytes = await readFile(path).catch(() => null);
  if (bytes && createHash('sha256').update(bytes).digest('hex') === sha256) await files.put(bytes);
}

async function* jsonlItems(file: string, files: StoredFiles): AsyncGenerator<BulkItem | { error: string }> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let j: ParsedJson & {
      sha256?: string;
      form?: string;
      findings?: Finding[];
      error?: string;
      sources?: Record<string, CellSource>;
    };
    try {
      j = JSON.parse(line);
    } catch {
      yield { error: `${file} 第${n}行不是有效的 JSON` };
      continue;
    }
    if (j.error || !j.fields) continue; // unreadable files were already reported by ingest
    // A scan ingested with provenance: its source, if still where ingest read it, is kept for the crop view.
    if (j.sha256 && j.file && SCAN_FORMS.has(j.form ?? '') && Object.keys(ocrBoxesOf(j.provenance)).length)
      await keepScan(files, j.file, j.sha256);
    yield {
      parsed: j,
      findings: j.findings ?? [],
      sha256: j.sha256 ?? createHash('sha256').update(line).digest('hex'),
      sourceName: j.file ?? `${file}:${n}`,
      sourceForm: j.form ?? 'json',
      ...(j.sources ? { sources: j.sources } : {}),
    };
  }
}

// gongkai ingest <dir|files...> --out results.jsonl [--jobs N]: read many reports in parallel into JSON Lines.

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { runIngest } from '../../ingest/run.ts';
import { formatSummary, progressLine } from '../../ingest/summary.ts';
import { DEFAULT_LIMITS } from '../../parse/limits.ts';
import { intOption, parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

export const command: Command = {
  name: 'ingest',
  summary: '批量读取年度报告（目录或文件），并行解析，结果逐行写入 JSON Lines，可中断续跑',
  usage: `用法：gongkai ingest <目录|文件...> --out <结果.jsonl> [选项]

递归读取目录中的所有文件（PDF、DOCX、HTML、文本、JSON，按内容识别，不看扩展名），
用多个读取进程并行解析并检查，每读完一个文件就向结果文件追加一行 JSON：
  读取成功：与 gongkai parse --json 相同的对象，另加 "sha256"、"form"（文件格式）、
            "findings"（检查发现的问题：rule、severity、cells、message）
  无法读取：{"file","sha256","error"}，error 为中文原因
结果文件中已有的文件（按内容的 sha256 判断）会被跳过，因此中断后重新运行同一命令即可续跑。
一个文件出错不会中断整个运行；结束时输出中文汇总。

选项：
  --out <文件>        结果文件（JSON Lines，追加写入）。必填
  --jobs <N>          并行的读取进程数，默认为 CPU 核数（${availableParallelism()}）
  --timeout <秒>      单个文件的读取时限，超时即中止该文件，默认 ${DEFAULT_LIMITS.timeMs / 1000}
  --max-size <MB>     大于此大小的文件不读取，默认 ${DEFAULT_LIMITS.maxBytes / 1048576}
  --memory <MB>       每个读取进程的堆内存上限，默认 ${DEFAULT_LIMITS.memoryMb}
  --retry-errors      重新读取结果文件中记为无法读取的文件
  --no-provenance     结果中不输出每个数字在原文中的位置（文件更小）
  --no-progress       不显示进度行（输出不是终端时本来就不显示）`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      {
        out: { type: 'string' },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        'max-size': { type: 'string' },
        memory: { type: 'string' },
        'retry-errors': { type: 'boolean' },
        'no-provenance': { type: 'boolean' },
        'no-progress': { type: 'boolean' },
      },
      'ingest',
    );
    if (!positionals.length) throw new CliError('ingest：请指定要读取的目录或文件');
    const out = options.out as string | undefined;
    if (!out) throw new CliError('ingest：请用 --out 指定结果文件（JSON Lines）');
    for (const p of positionals) {
      const s = await stat(p).catch(() => null);
      if (!s) throw new CliError(`ingest：${p} 不存在`);
      if (!s.isFile() && !s.isDirectory()) throw new CliError(`ingest：${p} 不是文件或目录`);
    }
    if ((await stat(out).catch(() => null))?.isDirectory())
      throw new CliError(`ingest：--out ${out} 是一个目录`);
    const jobs = intOption(options.jobs, 'jobs', 'ingest', availableParallelism());
    if (jobs < 1) throw new CliError('ingest：--jobs 至少为 1');
    const timeout = intOption(options.timeout, 'timeout', 'ingest', DEFAULT_LIMITS.timeMs / 1000);
    const maxSize = intOption(options['max-size'], 'max-size', 'ingest', DEFAULT_LIMITS.maxBytes / 1048576);
    const memory = intOption(options.memory, 'memory', 'ingest', DEFAULT_LIMITS.memoryMb);
    if (timeout < 1 || maxSize < 1 || memory < 64)
      throw new CliError('ingest：--timeout、--max-size 至少为 1，--memory 至少为 64');

    // The progress line goes to stderr and only to a terminal: a log file gets the summary alone.
    const showProgress = (io.stderrIsTTY ?? io.isTTY) && !options['no-progress'];
    let last = 0;
    const summary = await runIngest(
      {
        inputs: positionals,
        out,
        jobs,
        limits: { ...DEFAULT_LIMITS, timeMs: timeout * 1000, maxBytes: maxSize * 1048576, memoryMb: memory },
        provenance: !options['no-provenance'],
        retryErrors: Boolean(options['retry-errors']),
      },
      {
        countTotal: showProgress,
        onProgress: showProgress
          ? (p) => {
              const now = performance.now();
              if (now - last < 200 && p.finished !== p.total) return;
              last = now;
              io.stderr(`\r\x1b[K${progressLine(p)}`);
            }
          : undefined,
      },
    );
    if (showProgress) io.stderr('\r\x1b[K');
    io.stdout(formatSummary(summary, out));
    return 0;
  },
};

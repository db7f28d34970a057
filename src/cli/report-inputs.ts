// The report arguments of the corpus verbs (aggregate, similar, export): files, directories (walked lazily) and
// JSON-lines files written by `gongkai ingest` / `parse --json`, read one at a time so a large corpus streams.
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fromParsedJson, type ParsedJson, type Report } from '../domain/report/model.ts';
import { limitsFromEnv, ReadingPipeline } from '../reading/pipeline.ts';
import { CliError } from './io.ts';

export type InputItem = { file: string; report: Report } | { file: string; error: string };

export async function* walk(path: string): AsyncGenerator<string> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new CliError(`${path}：文件或目录不存在`);
  if (!st.isDirectory()) {
    yield path;
    return;
  }
  const dir = await opendir(path);
  const entries: string[] = [];
  for await (const e of dir) if (!e.name.startsWith('.')) entries.push(e.name);
  entries.sort();
  for (const name of entries) {
    const p = join(path, name);
    const s = await stat(p);
    if (s.isDirectory()) yield* walk(p);
    else if (s.isFile()) yield p;
  }
}

export async function* readInputs(
  paths: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): AsyncGenerator<InputItem> {
  // Report files are read in the reading pipeline's worker (limits from the environment); .jsonl lines are data.
  const pipeline = new ReadingPipeline({ limits: limitsFromEnv(env), provenance: false });
  try {
    for (const p of paths)
      for await (const file of walk(p)) {
        if (/\.jsonl$/i.test(file)) {
          yield* readJsonLines(file);
          continue;
        }
        const r = await pipeline.readFile(file);
        yield r.ok ? { file, report: r.report } : { file, error: r.message };
      }
  } finally {
    await pipeline.close();
  }
}

async function* readJsonLines(file: string): AsyncGenerator<InputItem> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let j: ParsedJson & { error?: string };
    try {
      j = JSON.parse(line);
    } catch {
      yield { file: `${file}:${n}`, error: `${file} 第${n}行不是有效的 JSON` };
      continue;
    }
    const name = j.file ?? `${file}:${n}`;
    if (j.error || !j.fields) yield { file: name, error: j.error ?? `${file} 第${n}行没有 "fields"` };
    else yield { file: name, report: fromParsedJson(j) };
  }
}

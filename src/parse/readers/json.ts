// The JSON that `gongkai parse --json` writes is itself an input form (render, check and ingest accept it).
import { fromParsedJson, type ParsedJson, type Report } from '../../domain/report/model.ts';
import { UnreadableError } from '../index.ts';

export function readJsonReport(bytes: Uint8Array, file: string): Report {
  let j: ParsedJson;
  try {
    j = JSON.parse(Buffer.from(bytes).toString('utf8')) as ParsedJson;
  } catch (e) {
    throw new UnreadableError(`${file}：JSON 格式错误（${(e as Error).message}）`, file);
  }
  if (typeof j !== 'object' || j === null || typeof j.fields !== 'object')
    throw new UnreadableError(`${file}：JSON 中没有 "fields" 对象，不是 gongkai 报告数据`, file);
  if (j.format !== '2019' && j.format !== '2021' && j.format !== null && j.format !== undefined)
    throw new UnreadableError(
      `${file}："format" 应为 "2019" 或 "2021"，收到 ${JSON.stringify(j.format)}`,
      file,
    );
  for (const [k, v] of Object.entries(j.fields))
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new UnreadableError(`${file}：字段 ${k} 的值不是数字（${JSON.stringify(v)}）`, file);
  return fromParsedJson(j);
}

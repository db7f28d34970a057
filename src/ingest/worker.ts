// One ingest worker thread: reads the reports it is sent and answers with their output lines. Runs in a thread of
// its own so that the pipeline can stop it when a file takes too long or too much memory (see pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { toParsedJson } from '../domain/report/model.ts';
import { checkReport } from '../domain/rules/index.ts';
import { readReportBytes, UnreadableError } from '../parse/index.ts';
import { type ReadLimits, rejectUnreadable, setLimits } from '../parse/limits.ts';
import { onOcrPage } from '../parse/ocr/index.ts';
import type { TaskResult, WorkerTask } from './protocol.ts';

const data = workerData as { limits: ReadLimits; provenance: boolean };
const limits = setLimits(data.limits);

async function handle(task: WorkerTask): Promise<TaskResult> {
  try {
    rejectUnreadable(task.bytes, task.file, limits);
    // A scan: the pool switches this file to the OCR time limit and shows its pages (pool.ts).
    onOcrPage((done, total) => parentPort!.postMessage({ id: task.id, ocr: { done, total } }));
    const { report, form } = await readReportBytes(task.bytes, task.file, { lines: data.provenance });
    const findings = checkReport(report);
    return {
      id: task.id,
      ok: true,
      form,
      line: {
        ...toParsedJson(report, { file: task.file, provenance: data.provenance }),
        sha256: task.sha256,
        form,
        findings,
      },
      format: report.format,
      errors: findings.filter((f) => f.severity === 'error').length,
    };
  } catch (e) {
    const error =
      e instanceof UnreadableError
        ? e.message
        : `${task.file}：读取时出错（${e instanceof Error ? e.message : String(e)}）`;
    return {
      id: task.id,
      ok: false,
      line: { file: task.file, sha256: task.sha256, error },
      kind: e instanceof UnreadableError ? 'unreadable' : 'crash',
    };
  }
}

parentPort!.on('message', (task: WorkerTask) => {
  void handle(task).then((r) => parentPort!.postMessage(r));
});
parentPort!.postMessage({ ready: true });

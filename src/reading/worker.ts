// One reading worker thread: reads the reports it is sent and answers with the report (or its output line), or with
// a Chinese refusal. Runs in a thread of its own so that the pipeline can stop it when a file takes too long or too
// much memory (see pool.ts). An exception that escapes a reader's promise chain (pdf.js rejects promises nobody
// awaits on some broken files) fails the file in hand instead of the thread.
import { parentPort, workerData } from 'node:worker_threads';
import { toParsedJson } from '../domain/report/model.ts';
import { checkReport } from '../domain/rules/index.ts';
import { readReportBytes, UnreadableError } from '../parse/index.ts';
import { type ReadLimits, rejectUnreadable, setLimits } from '../parse/limits.ts';
import { onOcrPage } from '../parse/ocr/index.ts';
import { refusalMessage } from './errors.ts';
import type { TaskResult, WorkerTask } from './protocol.ts';

const data = workerData as { limits: ReadLimits; provenance: boolean };
const limits = setLimits(data.limits);

let current: WorkerTask | null = null;
let answered = false;

function reply(r: TaskResult): void {
  if (answered) return;
  answered = true;
  parentPort!.postMessage(r);
}

function refuse(task: WorkerTask, e: unknown): TaskResult {
  return {
    id: task.id,
    ok: false,
    line: { file: task.file, sha256: task.sha256, error: refusalMessage(e, task.file) },
    kind: e instanceof UnreadableError ? 'unreadable' : 'crash',
  };
}

async function handle(task: WorkerTask): Promise<TaskResult> {
  try {
    rejectUnreadable(task.bytes, task.file, limits);
    // A scan: the pool switches this file to the OCR time limit and shows its pages (pool.ts).
    onOcrPage((done, total) => parentPort!.postMessage({ id: task.id, ocr: { done, total } }));
    const { report, form } = await readReportBytes(task.bytes, task.file, { lines: data.provenance });
    const findings = checkReport(report);
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (task.want === 'report')
      return { id: task.id, ok: true, form, report, findings, format: report.format, errors };
    return {
      id: task.id,
      ok: true,
      form,
      json: JSON.stringify({
        ...toParsedJson(report, { file: task.file, provenance: data.provenance }),
        sha256: task.sha256,
        form,
        findings,
      }),
      format: report.format,
      errors,
    };
  } catch (e) {
    return refuse(task, e);
  }
}

const escaped = (e: unknown) => {
  if (current) reply(refuse(current, e));
};
process.on('unhandledRejection', escaped);
process.on('uncaughtException', escaped);

// The light readers are loaded before the worker says it is ready, so that a file's time limit is spent on the file
// and not on loading modules (the PDF reader, heavier, loads with the first PDF). A file sent meanwhile waits for
// them: started earlier, a long synchronous read would hold back the ready message, and with it the pool's clock
// for the file's time limit (pool.ts arms it on ready) — a page that should stop at 0.3 s then ran for minutes.
const loaded = Promise.all([
  import('../parse/readers/text.ts'),
  import('../parse/readers/html.ts'),
  import('../parse/readers/docx.ts'),
])
  .catch(() => {})
  .then(() => parentPort!.postMessage({ ready: true }));

parentPort!.on('message', (task: WorkerTask) => {
  void loaded.then(() => {
    current = task;
    answered = false;
    void handle(task).then(reply, (e) => reply(refuse(task, e)));
  });
});

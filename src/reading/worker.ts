// One reading child process: reads the reports it is sent and answers with the report (or its output line), or with
// a Chinese refusal. It is a process of its own, not a thread, so that a file exhausting memory or crashing natively
// (a V8 heap abort, a WebAssembly abort in MuPDF, a segfault) ends this process only, never the server or the ingest
// run that sent it (pool.ts, ADR 0007). An exception that escapes a reader's promise chain (pdf.js rejects promises
// nobody awaits on some broken files) fails the file in hand instead of the process.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { toParsedJson } from '../domain/report/model.ts';
import { checkReport } from '../domain/rules/index.ts';
import { readReportBytes, UnreadableError } from '../parse/index.ts';
import { type ReadLimits, rejectUnreadable, setLimits } from '../parse/limits.ts';
import { onOcrPage } from '../parse/ocr/index.ts';
import { decodeText } from '../parse/readers/decode.ts';
import { cellSources, hasFlagged } from '../supervision/cell-excerpts.ts';
import { refusalMessage } from './errors.ts';
import type { ChildConfig, TaskResult, WorkerTask } from './protocol.ts';

const data = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const limits: ReadLimits = setLimits(data.limits);

// The pool's end (or the parent's death: the IPC channel closes with it) ends this process.
process.on('disconnect', () => process.exit(0));
// A parent that died while this process is inside a long synchronous read cannot be noticed by the event loop above:
// a thread of its own watches the parent's pid and ends the process when it changes (the child was re-parented).
// It is eval'd code without imports, so it costs a few milliseconds, and does not keep the process alive.
const parent = process.ppid;
new Worker(
  `const ppid = ${parent}; setInterval(() => { if (process.ppid !== ppid) process.kill(${process.pid}, 'SIGKILL'); }, 1000);`,
  { eval: true, resourceLimits: { maxOldGenerationSizeMb: 8 }, stdout: false, stderr: false },
).unref();

let current: WorkerTask | null = null;
let answered = false;

function send(m: unknown): void {
  // A parent gone away mid-answer: 'disconnect' ends the process.
  if (process.connected) process.send!(m);
}

function reply(r: TaskResult): void {
  if (answered) return;
  answered = true;
  send(r);
}

function refuse(task: WorkerTask, e: unknown): TaskResult {
  return {
    id: task.id,
    ok: false,
    line: { file: task.file, sha256: task.sha256, error: refusalMessage(e, task.file) },
    kind: e instanceof UnreadableError ? 'unreadable' : 'crash',
  };
}

/**
 * The file's bytes: sent with the task, or read here from the path the caller read and hashed them from (no copy
 * through the IPC channel). A file changed on disk since it was hashed is refused: its line must carry the hash of
 * the bytes it was read from.
 */
function bytesOf(task: WorkerTask): Uint8Array {
  if (task.bytes) return task.bytes;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(task.path!);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableError(
      `${task.file}：无法打开文件（${code === 'ENOENT' ? '文件已不存在' : code === 'EACCES' ? '没有读取权限' : code}）`,
      task.file,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== task.sha256)
    throw new UnreadableError(
      `${task.file}：文件在读取过程中被改动，未读取（请在文件不再变动时重新提交）`,
      task.file,
    );
  return bytes;
}

async function handle(task: WorkerTask): Promise<TaskResult> {
  try {
    const bytes = bytesOf(task);
    testHook(bytes);
    rejectUnreadable(bytes, task.file, limits);
    // A scan: the pool switches this file to the OCR time limit and shows its pages (pool.ts).
    onOcrPage((done, total) => send({ id: task.id, ocr: { done, total } }));
    const { report, form, source } = await readReportBytes(bytes, task.file, { lines: data.provenance });
    const findings = checkReport(report);
    const errors = findings.filter((f) => f.severity === 'error').length;
    // The printed context of the cells a person may have to confirm, while the source is at hand: the collected row
    // keeps it (readings), not the document.
    // A text form's lines are decoded again (the reader keeps no raw line: a crawled page's table is in none of its
    // blocks), only for a report with such cells.
    const sources = hasFlagged(report)
      ? cellSources(report, source, form === 'text' ? decodeText(bytes).text : undefined)
      : {};
    const kept = Object.keys(sources).length ? { sources } : {};
    if (task.want === 'report')
      return { id: task.id, ok: true, form, report, findings, format: report.format, errors, ...kept };
    return {
      id: task.id,
      ok: true,
      form,
      json: JSON.stringify({
        ...toParsedJson(report, { file: task.file, provenance: data.provenance }),
        sha256: task.sha256,
        form,
        findings,
        ...kept,
      }),
      format: report.format,
      errors,
    };
  } catch (e) {
    return refuse(task, e);
  }
}

/**
 * Tests only: with GONGKAI_READ_TEST_HOOKS=1 in the environment (set by a test, never by a deployment), a file that
 * starts with `GONGKAI-TEST-HOOK:<what>` makes this process fail the ways a hostile file can: allocate without end
 * (`oom`), abort natively (`abort`), be killed by a signal (`signal`), or never finish (`hang`). Without the variable
 * such a file is an ordinary (unreadable) text.
 */
function testHook(bytes: Uint8Array): void {
  if (process.env.GONGKAI_READ_TEST_HOOKS !== '1') return;
  const head = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
  const what = /^GONGKAI-TEST-HOOK:(\w+)/.exec(head)?.[1];
  if (what === 'oom') {
    // One array grown without end: in a worker thread with a heap limit this aborts the whole process (V8 reaches
    // its hard limit before the thread can be stopped; nodejs/node#47224), here it ends this process only.
    const grow: number[] = [];
    for (let i = 0; ; i++) grow.push(i);
  }
  if (what === 'abort') process.abort();
  if (what === 'signal') process.kill(process.pid, 'SIGSEGV');
  if (what === 'hang') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

const escaped = (e: unknown) => {
  if (current) reply(refuse(current, e));
};
process.on('unhandledRejection', escaped);
process.on('uncaughtException', escaped);

// The light readers are loaded before the process says it is ready, so that a file's time limit is spent on the file
// and not on loading modules (the PDF reader, heavier, loads with the first PDF). A file sent meanwhile waits for
// them: started earlier, a long synchronous read would hold back the ready message, and with it the pool's clock
// for the file's time limit (pool.ts arms it on ready) — a page that should stop at 0.3 s then ran for minutes.
const loaded = Promise.all([
  import('../parse/readers/text.ts'),
  import('../parse/readers/html.ts'),
  import('../parse/readers/docx.ts'),
])
  .catch(() => {})
  .then(() => send({ ready: true }));

process.on('message', (task: WorkerTask) => {
  void loaded.then(() => {
    current = task;
    answered = false;
    void handle(task).then(reply, (e) => reply(refuse(task, e)));
  });
});

// The supervisor's upload of the hostile files of issue 12 (a DOCX that inflates to 120 MB, 1,000,000 unclosed
// spans, a broken PDF, a text with NUL bytes, a 10,000-page PDF, a page heavy enough for the limits) together with
// clean reports, through a real `gongkai serve --demo`, while /health is asked every 100 ms: how long the POST takes
// to be answered (the bytes are stored on disk, then read in the background) and the slowest /health answer (aim:
// under a second on an idle machine; the event loop never parses). Then a 200 MB upload (200 files of 1 MB, the
// default limits' most) sent as a browser sends it: how long the POST takes and how much the server's resident memory
// grows while it is received (peak over the RSS just before; the body is streamed to disk, so this stays far under the
// body's size).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manyPagePdf, unclosedSpans, writeHostileSet } from '../test/support/hostile-files.ts';
import { client, startDemoServer, uploadWhileProbing } from '../test/support/hostile-upload.ts';
import { fileName, type Part, postMultipart } from '../test/support/multipart-stream.ts';
import { printTable } from './_table.ts';

const MB = 1024 * 1024;

/** VmRSS or VmHWM (peak since clear_refs) of a process, in bytes. */
const memoryOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** POST 200 × 1 MB as the signed-in supervisor; the server's RSS sampled meanwhile. */
async function bigUpload(url: string, pid: number, c: ReturnType<typeof client>) {
  const csrf = c.csrfOf(await (await c.req('/supervise/upload')).text());
  await new Promise((r) => setTimeout(r, 1000));
  const before = memoryOf(pid, 'VmRSS');
  let peak = before;
  let hwm = true;
  try {
    // Linux: resets VmHWM to the current RSS, so the peak read after is this upload's.
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwm = false;
  }
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid, 'VmRSS'));
  }, 20);
  const parts: Part[] = [
    { field: '_csrf', value: csrf },
    ...Array.from({ length: 200 }, (_, i) => ({
      field: 'files',
      disposition: fileName(`批量-${i}.bin`),
      size: MB,
    })),
  ];
  const t0 = performance.now();
  const r = await postMultipart(`${url}/supervise/upload`, { cookie: c.cookie(), parts });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  if (hwm) peak = Math.max(peak, memoryOf(pid, 'VmHWM'));
  if (r.status !== 303) throw new Error(`200 MB upload answered ${r.status}: ${r.body.slice(0, 500)}`);
  return { ms, before, growth: peak - before };
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-upload-'));
try {
  const set = writeHostileSet(dir, `bench-${Date.now()}`);
  const spans = join(dir, 'g-spans.html');
  const pages = join(dir, 'h-pages.pdf');
  writeFileSync(spans, unclosedSpans());
  writeFileSync(pages, manyPagePdf());
  const files = [set.broken, set.docx, set.nul, set.heavy, ...set.clean, spans, pages];
  const env: Record<string, string | undefined> = {
    ...process.env,
    GONGKAI_DATA: join(dir, 'data'),
    GONGKAI_READ_MEMORY_MB: '128',
  };
  delete env.DATABASE_URL;
  const server = await startDemoServer(env);
  try {
    const password = /演示账号 demo-supervisor，一次性密码：(\S+)/.exec(server.output())![1]!;
    const c = client(server.url);
    await c.login('demo-supervisor', password);
    const t0 = performance.now();
    const run = await uploadWhileProbing(server.url, c, files);
    const total = (performance.now() - t0) / 1000;
    const big = await bigUpload(server.url, server.process.pid!, c);
    const ms = run.probes.map((p) => p.ms).sort((a, b) => a - b);
    const failed = run.probes.filter((p) => p.ok !== 'ok').length;
    printTable([
      { what: 'hostile upload: POST answered', value: run.postMs, unit: 'ms', note: `${files.length} files` },
      { what: 'hostile upload: every file read', value: total, unit: 's' },
      {
        what: 'max /health latency during the hostile upload',
        value: ms.at(-1) ?? 0,
        unit: 'ms',
        note: `${ms.length} probes, ${failed} unanswered; aim < 1,000 ms`,
      },
      { what: 'p50 /health latency', value: ms[Math.floor(ms.length / 2)] ?? 0, unit: 'ms' },
      { what: '200 MB upload: POST answered', value: big.ms / 1000, unit: 's', note: '200 files of 1 MB' },
      {
        what: '200 MB upload: server peak RSS growth',
        value: big.growth / MB,
        unit: 'MiB',
        note: `over ${(big.before / MB).toFixed(0)} MiB before; aim: a few MB, whatever the size`,
      },
    ]);
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

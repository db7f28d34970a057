// The supervisor's upload of the hostile files of issue 12 (a DOCX that inflates to 120 MB, 1,000,000 unclosed
// spans, a broken PDF, a text with NUL bytes, a 10,000-page PDF, a page heavy enough for the limits) together with
// clean reports, through a real `gongkai serve --demo`, while /health is asked every 100 ms: how long the POST takes
// to be answered (the bytes are stored on disk, then read in the background) and the slowest /health answer (aim:
// under a second on an idle machine; the event loop never parses).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manyPagePdf, unclosedSpans, writeHostileSet } from '../test/support/hostile-files.ts';
import { client, startDemoServer, uploadWhileProbing } from '../test/support/hostile-upload.ts';
import { printTable } from './_table.ts';

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
    ]);
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

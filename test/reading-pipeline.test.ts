// Issue 12: no file, however malformed or hostile, can take the server down or lose a batch. The broken PDF, the DOCX
// that inflates to 120 MB, the text with a NUL byte, a file over the time limit and a file over the memory limit go
// through `parse`, `ingest`, `collect` and the supervisor's upload together with clean reports: every file gets an
// outcome of its own (read, or refused with a Chinese message naming it), the clean files of the batch are
// collected, no stack trace is printed, and the server keeps answering /health while the files are read.
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { isChineseMessage } from '../src/reading/errors.ts';
import { runCli } from './support/cli.ts';
import { type HostileSet, manyPagePdf, unclosedSpans, writeHostileSet } from './support/hostile-files.ts';
import { client, type DemoServer, startDemoServer, uploadWhileProbing } from './support/hostile-upload.ts';

let dir: string;
let set: HostileSet;
let files: string[];

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'gongkai-hostile-')));
  set = writeHostileSet(dir, 'pipeline');
  files = [set.broken, set.docx, set.nul, set.heavy, ...set.clean];
}, 900_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Limits for the batch: a heap small enough that the 120 MB DOCX and the heavy page exceed it. */
const env = (over: Record<string, string> = {}) => {
  const e: Record<string, string | undefined> = {
    ...process.env,
    GONGKAI_READ_MEMORY_MB: '128',
    GONGKAI_READ_TIMEOUT: '120',
    ...over,
  };
  delete e.DATABASE_URL;
  return e;
};

/** The hostile files' refusals: one line each, naming the file, in Chinese, no stack frame. */
function expectRefusals(text: string) {
  expect(text).not.toMatch(/\n\s+at\s/);
  expect(text).not.toMatch(/Exception|TypeError|RangeError|XRef/);
  const line = (f: string) => text.split('\n').find((l) => l.includes(basename(f))) ?? '';
  expect(line(set.broken)).toMatch(/PDF 文件(?:结构损坏|已损坏)/);
  expect(line(set.docx)).toMatch(/内存超限|读取超时|过大/);
  expect(line(set.heavy)).toMatch(/内存超限|读取超时/);
  for (const f of [set.broken, set.docx, set.heavy]) expect(isChineseMessage(line(f)), line(f)).toBe(true);
}

describe('gongkai parse', () => {
  it('reads the clean files and the NUL text, and refuses each hostile file with its own Chinese line', async () => {
    const r = await runCli(['parse', '--json', '--no-provenance', ...files], env());
    expect(r.code).toBe(2);
    const read = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; year: number | null });
    expect(read.map((x) => basename(x.file)).sort()).toEqual(['c-nul.txt', 'e-clean-1.txt', 'f-clean-2.txt']);
    expect(read.every((x) => x.year !== null)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expectRefusals(r.stderr);
  });

  // retry: the limits are wall-clock and heap sizes; on a loaded machine a run can land on the other side of one.
  it('stops a file at the time limit, and one at the memory limit, with the reason', {
    retry: 2,
  }, async () => {
    const slow = await runCli(
      ['parse', set.heavy, set.clean[0]!],
      env({ GONGKAI_READ_TIMEOUT: '0.05', GONGKAI_READ_MEMORY_MB: '4096' }),
    );
    expect(slow.code).toBe(2);
    expect(slow.stderr).toContain(`${set.heavy}：读取超时（超过 0.1 秒），已中止`);
    const big = await runCli(['parse', set.heavy], env({ GONGKAI_READ_MEMORY_MB: '64' }));
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(`${set.heavy}：读取时内存超限，已中止`);
  });
});

describe('gongkai check', () => {
  it('checks the readable files and refuses the broken PDF in Chinese', async () => {
    const r = await runCli(['check', '--json', set.broken, set.clean[0]!], env());
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/a-broken\.pdf：PDF 文件(?:结构损坏|已损坏)/);
    expect(r.stderr).not.toMatch(/\n\s+at\s/);
  });
});

describe('gongkai ingest', () => {
  it('writes one line per file, each refusal in Chinese', async () => {
    const out = join(dir, 'ingest.jsonl');
    const r = await runCli(['ingest', ...files, '--out', out, '--jobs', '2', '--memory', '128'], env());
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; error?: string; fields?: unknown });
    expect(lines).toHaveLength(files.length);
    expect(
      lines
        .filter((l) => l.fields)
        .map((l) => basename(l.file))
        .sort(),
    ).toEqual(['c-nul.txt', 'e-clean-1.txt', 'f-clean-2.txt']);
    expectRefusals(
      lines
        .filter((l) => l.error)
        .map((l) => l.error)
        .join('\n'),
    );
  });
});

describe('gongkai collect', () => {
  it('collects the clean files and the NUL text (cleaned, with a note), and names each refused file', async () => {
    const data = join(dir, 'collect-data');
    const r = await runCli(['collect', ...files], env({ GONGKAI_DATA: data }));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('完成：读取 3 份，新收 3 份');
    expectRefusals(r.stderr);
    // The text's NUL could not go into PostgreSQL as it was: it was removed, and the row says so.
    const handle = await openDatabase({ dataDir: data });
    try {
      const res = (await handle.db.execute(
        sql`select source_name, findings from annual_reports order by source_name`,
      )) as unknown as { rows: { source_name: string; findings: { rule: string; message: string }[] }[] };
      expect(res.rows.map((x) => basename(x.source_name))).toEqual([
        'c-nul.txt',
        'e-clean-1.txt',
        'f-clean-2.txt',
      ]);
      const note = res.rows[0]!.findings.find((f) => f.rule === 'input.cleaned');
      expect(note?.message).toMatch(/空字符 NUL/);
    } finally {
      await handle.close();
    }
  });
});

describe('the supervisor’s upload on a running server', () => {
  let server: DemoServer | null = null;
  let extra: { spans: string; pages: string };

  beforeAll(async () => {
    // Two more of the files, for the upload only: 1,000,000 unclosed spans and a 10,000-page PDF.
    extra = { spans: join(dir, 'g-spans.html'), pages: join(dir, 'h-pages.pdf') };
    writeFileSync(extra.spans, unclosedSpans());
    writeFileSync(extra.pages, manyPagePdf());
    server = await startDemoServer(env({ GONGKAI_DATA: join(dir, 'serve-data') }));
    // Making the 10,000-page PDF alone took two minutes on a loaded machine (load ≈ 20), and the demo server's start
    // as long again: room for both.
  }, 900_000);

  afterAll(async () => {
    // A server that died mid-test says why (its own log), not only "fetch failed" in the test.
    const exited = server?.process.exitCode ?? server?.process.signalCode ?? null;
    if (exited !== null) console.error(`serve exited (${exited}):\n${server!.output().slice(-6000)}`);
    await server?.stop();
  });

  it('prints each demo account’s one-time password', () => {
    expect(server!.output()).toMatch(/演示账号 demo-supervisor，一次性密码：\S+/);
  });

  it('stores the batch, answers at once, reads every file in the background, and keeps answering /health', async () => {
    const url = server!.url;
    const password = /演示账号 demo-supervisor，一次性密码：(\S+)/.exec(server!.output())![1]!;
    const c = client(url);
    expect(await c.login('demo-supervisor', password)).toBe(303);
    const all = [...files, extra.spans, extra.pages];
    const run = await uploadWhileProbing(url, c, all);
    expect(run.status).toBe(303);
    expect(run.progress).toMatch(/^\/supervise\/uploads\/\d+$/);
    const { html, probes } = run;
    expect(html).toContain('data-done="yes"');
    // Every /health probe is answered; the bound is generous (a busy two-core machine), the figure is printed.
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.ok !== 'ok')).toEqual([]);
    const slowest = Math.max(...probes.map((p) => p.ms));
    console.info(
      `/health during the hostile upload: ${probes.length} probes, slowest ${Math.round(slowest)} ms; POST answered in ${Math.round(run.postMs)} ms`,
    );
    expect(slowest).toBeLessThan(5000);

    // Every file has its own row and outcome; the clean ones and the NUL text are in (collected or, when their
    // agency is not in the supervisor's subtree, waiting for one); the hostile ones are refused in Chinese.
    const rows = [
      ...html.matchAll(/<tr><td>([^<]+)<\/td><td><span class="pill [a-z]+">([^<]+)<\/span>/g),
    ].map((m) => [m[1]!, m[2]!] as const);
    expect(rows.map(([n]) => n)).toEqual(all.map((f) => basename(f)));
    const outcome = new Map(rows);
    for (const f of [set.nul, ...set.clean])
      expect(['已收集', '待分配机关']).toContain(outcome.get(basename(f)));
    for (const f of [set.broken, set.docx, set.heavy]) expect(outcome.get(basename(f))).toBe('无法读取');
    // Neither the spans nor the empty pages hold a report: refused, or at best a report without a year.
    for (const f of [extra.spans, extra.pages])
      expect(['无法读取', '未识别年度', '待分配机关']).toContain(outcome.get(basename(f)));
    expect(html).toMatch(/a-broken\.pdf：PDF 文件(?:结构损坏|已损坏)/);
    expect(html).not.toMatch(/Exception|XRef|\s+at\s+\S+\.(ts|js):/);
    expect(server!.process.exitCode).toBeNull();
    // The uploaded bytes went to the data folder's files/, not into the database.
    expect(readdirSync(join(dir, 'serve-data', 'files')).length).toBeGreaterThan(0);
    // Reading a 120 MB DOCX to its memory limit and a PDF on a busy two-core machine takes minutes: room to finish.
  }, 900_000);

  it('the server is still up afterwards', async () => {
    expect((await fetch(`${server!.url}/health`)).status).toBe(200);
  });
});

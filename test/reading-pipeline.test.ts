// Issue 12: no file, however malformed or hostile, can take the server down or lose a batch. The broken PDF, the DOCX
// that inflates to 120 MB, the text with a NUL byte, a file over the time limit and a file over the memory limit go
// through `parse`, `ingest`, `collect` and the supervisor's upload together with clean reports: every file gets an
// outcome of its own (read, or refused with a Chinese message naming it), the clean files of the batch are
// collected, no stack trace is printed, and the server keeps answering /health while the files are read.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { isChineseMessage } from '../src/reading/errors.ts';
import { runCli } from './support/cli.ts';
import { type HostileSet, writeHostileSet } from './support/hostile-files.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'gongkai.js');
let dir: string;
let set: HostileSet;
let files: string[];

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'gongkai-hostile-')));
  set = writeHostileSet(dir, 'pipeline');
  files = [set.broken, set.docx, set.nul, set.heavy, ...set.clean];
});
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
  let server: ChildProcess | null = null;
  let url = '';
  let output = '';
  const data = () => join(dir, 'serve-data');

  beforeAll(async () => {
    server = spawn(process.execPath, [BIN, 'serve', '--demo'], {
      env: { ...env({ GONGKAI_DATA: data() }), PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = server;
    url = await new Promise<string>((resolve, reject) => {
      const onData = (b: Buffer) => {
        output += b.toString();
        const m = /Gongkai 已启动：(http:\/\/[^/\s]+)\//.exec(output);
        if (m) resolve(m[1]!);
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    });
  });

  afterAll(async () => {
    // The data folder is always released: SIGTERM, and SIGKILL if the server does not stop.
    if (server && server.exitCode === null && server.signalCode === null) {
      const done = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      const t = setTimeout(() => server!.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(t);
    }
  });

  /** A tiny cookie jar: the session and CSRF cookies the server sets. */
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  async function req(path: string, init: RequestInit = {}): Promise<Response> {
    const go = () =>
      fetch(`${url}${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: cookie() },
      });
    // A keep-alive connection the server closed as the client reused it (ECONNRESET) is not the server's failure:
    // one retry, for GETs only.
    const r = await go().catch((e) => {
      if ((init.method ?? 'GET') !== 'GET') throw e;
      return go();
    });
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      jar.set(kv!.slice(0, i), kv!.slice(i + 1));
    }
    return r;
  }
  /** GET /health on a connection of its own (no keep-alive reuse): true when it answers 200. */
  const health = () =>
    new Promise<string>((resolve) => {
      const r = httpGet(`${url}/health`, { agent: false, timeout: 30_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? 'ok' : `status ${res.statusCode}`);
      });
      r.on('timeout', () => r.destroy(new Error('no answer within 30 s')));
      r.on('error', (e) => resolve(e.message));
    });
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const form = (o: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(o).toString(),
  });

  it('prints each demo account’s one-time password', () => {
    expect(output).toMatch(/演示账号 demo-supervisor，一次性密码：\S+/);
  });

  it('stores the batch, answers at once, reads every file in the background, and keeps answering /health', async () => {
    const password = /演示账号 demo-supervisor，一次性密码：(\S+)/.exec(output)![1]!;
    let csrf = csrfOf(await (await req('/login')).text());
    const login = await req('/login', form({ _csrf: csrf, username: 'demo-supervisor', password }));
    expect(login.status).toBe(303);
    // A one-time password must be replaced first.
    if (login.headers.get('location') === '/account/password') {
      csrf = csrfOf(await (await req('/account/password')).text());
      const fresh = 'river-lantern-orchid-2026';
      const changed = await req(
        '/account/password',
        form({ _csrf: csrf, current: password, next: fresh, confirm: fresh }),
      );
      expect(changed.status).toBe(303);
    }
    csrf = csrfOf(await (await req('/supervise/upload')).text());

    // /health is asked every 100 ms from now until the batch is done; every probe must be answered.
    let probing = true;
    const probes: { ok: string; ms: number }[] = [];
    const prober = (async () => {
      while (probing) {
        const t0 = performance.now();
        const ok = await health();
        probes.push({ ok, ms: performance.now() - t0 });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const body = new FormData();
    body.append('_csrf', csrf);
    for (const f of files) body.append('files', new File([readFileSync(f)], basename(f)));
    const posted = await req('/supervise/upload', { method: 'POST', body });
    expect(posted.status).toBe(303);
    const progress = posted.headers.get('location')!;
    expect(progress).toMatch(/^\/supervise\/uploads\/\d+$/);

    let html = '';
    for (;;) {
      html = await (await req(progress)).text();
      if (html.includes('data-done="yes"')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    probing = false;
    await prober;
    expect(html).toContain('data-done="yes"');
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.ok !== 'ok')).toEqual([]);
    console.info(
      `/health while reading: ${probes.length} probes, slowest ${Math.round(Math.max(...probes.map((p) => p.ms)))} ms`,
    );

    // Every file has its own row and outcome; the clean ones and the NUL text are in (collected or, when their
    // agency is not in the supervisor's subtree, waiting for one); the hostile ones are refused in Chinese.
    const rows = [
      ...html.matchAll(/<tr><td>([^<]+)<\/td><td><span class="pill [a-z]+">([^<]+)<\/span>/g),
    ].map((m) => [m[1]!, m[2]!] as const);
    expect(rows.map(([n]) => n)).toEqual(files.map((f) => basename(f)));
    const outcome = new Map(rows);
    for (const f of [set.nul, ...set.clean])
      expect(['已收集', '待分配机关']).toContain(outcome.get(basename(f)));
    for (const f of [set.broken, set.docx, set.heavy]) expect(outcome.get(basename(f))).toBe('无法读取');
    expect(html).toMatch(/a-broken\.pdf：PDF 文件(?:结构损坏|已损坏)/);
    expect(html).not.toMatch(/Exception|XRef|\s+at\s+\S+\.(ts|js):/);
    expect(server!.exitCode).toBeNull();
    // Reading a 120 MB DOCX to its memory limit and a PDF on a busy two-core machine takes minutes: room to finish.
  }, 900_000);

  it('the server is still up afterwards', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});

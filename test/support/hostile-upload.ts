// A `gongkai serve --demo` of its own, and the supervisor's upload of a batch through it while /health is asked
// every 100 ms: shared by the issue-12 test (test/reading-pipeline.test.ts) and the bench (bench/upload.ts), which
// prints the slowest /health answer during a hostile upload.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { basename, join } from 'node:path';
import { servedAt } from './serve.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gongkai.js');

export interface DemoServer {
  readonly url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  readonly process: ChildProcess;
  /** SIGTERM, then SIGKILL after 30 s: the data folder is always released. */
  stop(): Promise<void>;
}

export async function startDemoServer(env: Record<string, string | undefined>): Promise<DemoServer> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const served = servedAt(proc);
  const url = await served.url;
  return {
    url,
    output: served.output,
    process: proc,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(t);
    },
  };
}

/** A signed-in browser of sorts: a cookie jar over fetch. */
export function client(url: string) {
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
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const form = (o: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(o).toString(),
  });
  return {
    req,
    csrfOf,
    /** The Cookie header this client sends. */
    cookie,
    /** Sign in with a one-time password, replacing it when asked. */
    async login(username: string, password: string): Promise<number> {
      const csrf = csrfOf(await (await req('/login')).text());
      const login = await req('/login', form({ _csrf: csrf, username, password }));
      if (login.status === 303 && login.headers.get('location') === '/account/password') {
        const c2 = csrfOf(await (await req('/account/password')).text());
        const fresh = 'river-lantern-orchid-2026';
        const changed = await req(
          '/account/password',
          form({ _csrf: c2, current: password, next: fresh, confirm: fresh }),
        );
        return changed.status;
      }
      return login.status;
    },
  };
}

/** GET /health on a connection of its own (no keep-alive reuse): 'ok' when it answers 200, else why not. */
export function health(url: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const r = httpGet(`${url}/health`, { agent: false, timeout: 30_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : `status ${res.statusCode}`);
    });
    r.on('timeout', () => r.destroy(new Error('no answer within 30 s')));
    r.on('error', (e) => resolve(e.message));
  });
}

export interface UploadRun {
  readonly status: number;
  readonly progress: string;
  /** The batch page once done (data-done="yes"). */
  readonly html: string;
  /** Every /health probe from before the POST until the batch was done. */
  readonly probes: readonly { ok: string; ms: number }[];
  /** How long the POST took to be answered. */
  readonly postMs: number;
}

/** Upload `files` as the signed-in supervisor and wait for the batch, asking /health every 100 ms meanwhile. */
export async function uploadWhileProbing(
  url: string,
  c: ReturnType<typeof client>,
  files: readonly string[],
): Promise<UploadRun> {
  const csrf = c.csrfOf(await (await c.req('/supervise/upload')).text());
  let probing = true;
  const probes: { ok: string; ms: number }[] = [];
  const prober = (async () => {
    while (probing) {
      const t0 = performance.now();
      const ok = await health(url);
      probes.push({ ok, ms: performance.now() - t0 });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const body = new FormData();
    body.append('_csrf', csrf);
    for (const f of files) body.append('files', new File([readFileSync(f)], basename(f)));
    const t0 = performance.now();
    const posted = await c.req('/supervise/upload', { method: 'POST', body });
    const postMs = performance.now() - t0;
    const progress = posted.headers.get('location') ?? '';
    let html = '';
    if (posted.status === 303)
      for (;;) {
        html = await (await c.req(progress)).text();
        if (html.includes('data-done="yes"')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    return { status: posted.status, progress, html, probes, postMs };
  } finally {
    probing = false;
    await prober;
  }
}

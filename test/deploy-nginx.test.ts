// Gongkai behind nginx on PostgreSQL, set up exactly as docs/deploy.md says: the SQL that creates the role and the
// database, the systemd unit's Environment= lines and the nginx site are read from that file (only ports, paths and
// the certificate are put in), then PostgreSQL and nginx are started on loopback ports in a temp folder.
// Checked through the proxy: the portal over HTTPS with Secure cookies and HSTS; the login rate limit keyed on the
// forwarded client address and not fooled by a forged X-Forwarded-For (neither through nginx nor sent straight to
// Gongkai from an address that is not the proxy); the audit log's address; a bulk upload at the size limit passes
// nginx and one over it does not; /metrics refused to anonymous visitors; and a forced 500 (PostgreSQL stopped)
// whose error page and JSON log line carry the same request id.
//
// Loopback has a whole /8: clients are told apart by binding their sockets to 127.0.0.5, 127.0.0.6, … while nginx
// reaches Gongkai from 127.0.0.1, the one trusted proxy address.
// Needs Debian's postgresql (15), nginx-light and openssl; skipped, saying so, when they are absent.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxBodySizeMb, webOptionsFromEnv } from '../src/web/settings.ts';
import { seed } from './support/seeds.ts';

const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';
const NGINX = '/usr/sbin/nginx';
const missing = [
  existsSync(join(PGBIN, 'initdb')) ? null : `PostgreSQL（${PGBIN}/initdb，apt-get install postgresql）`,
  existsSync(NGINX) ? null : 'nginx（apt-get install nginx-light）',
  existsSync('/usr/bin/openssl') ? null : 'openssl',
].filter(Boolean);
if (missing.length) console.warn(`跳过 deploy-nginx 测试：缺少 ${missing.join('、')}`);

const ROOT = join(import.meta.dirname, '..');
const DOC = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
const T = 300_000;

/** The fenced blocks of docs/deploy.md in a language, in order. */
function blocks(lang: string): string[] {
  return [...DOC.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === lang).map((m) => m[2]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request from a chosen loopback source address (nginx over HTTPS, or Gongkai directly over HTTP). */
function request(
  url: string,
  o: { from: string; method?: string; headers?: Record<string, string>; body?: string | Buffer } = {
    from: '127.0.0.5',
  },
): Promise<Reply> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: o.method ?? 'GET',
        localAddress: o.from,
        headers: o.headers,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (o.body) req.write(o.body);
    req.end();
  });
}

const CSRF = 'deploy-test-csrf-token-0123456789';
const loginForm = (username: string, password: string) =>
  new URLSearchParams({ username, password, _csrf: CSRF }).toString();
const formHeaders = (extra: Record<string, string> = {}) => ({
  cookie: `gk_csrf=${CSRF}`,
  'content-type': 'application/x-www-form-urlencoded',
  ...extra,
});
const sessionOf = (r: Reply) =>
  /gk_session=([^;]+)/.exec(
    (r.headers['set-cookie'] ?? []).find((c) => c.startsWith('gk_session=')) ?? '',
  )?.[1];

let tmp = '';
let pgPort = 0;
let appPort = 0;
let httpsPort = 0;
let httpPort = 0;
let app: ChildProcess | null = null;
let nginx: ChildProcess | null = null;
let appErr = '';
let env: Record<string, string> = {};
let base = '';
const passwords: Record<string, string> = {};
const RUN_AS = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

function sh(cmd: string[], opts: { env?: Record<string, string>; input?: string } = {}): string {
  return execFileSync(cmd[0]!, cmd.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    input: opts.input,
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function psql(sqlText: string, db = 'postgres'): string {
  return sh(
    [
      ...RUN_AS,
      join(PGBIN, 'psql'),
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      join(tmp, 'sock'),
      '-p',
      String(pgPort),
      '-U',
      'postgres',
      '-d',
      db,
      '-At',
    ],
    {
      input: sqlText,
    },
  );
}

function gongkai(args: string[]): string {
  return sh([process.execPath, join(ROOT, 'bin/gongkai.js'), ...args], { env });
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`等待超时：${what}`);
}

describe.skipIf(missing.length > 0)('Gongkai behind nginx on PostgreSQL (docs/deploy.md)', () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gongkai-deploy-'));
    chmodSync(tmp, 0o755);
    for (const d of ['pg', 'sock', 'data', 'nginx', 'ssl']) mkdirSync(join(tmp, d));
    if (RUN_AS.length) sh(['chown', '-R', 'postgres:postgres', join(tmp, 'pg'), join(tmp, 'sock')]);
    [pgPort, appPort, httpsPort, httpPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);

    // PostgreSQL: password authentication over TCP, as Debian's pg_hba.conf has it; the superuser on the socket.
    sh([
      ...RUN_AS,
      join(PGBIN, 'initdb'),
      '-D',
      join(tmp, 'pg'),
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    sh([
      ...RUN_AS,
      join(PGBIN, 'pg_ctl'),
      '-D',
      join(tmp, 'pg'),
      '-l',
      join(tmp, 'sock', 'pg.log'),
      '-w',
      '-o',
      `-p ${pgPort} -k ${join(tmp, 'sock')} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    const [createSql] = blocks('sql');
    expect(createSql).toContain('CREATE ROLE gongkai');
    psql(createSql!);

    // The unit's Environment= lines, with this test's ports and folders; the secrets of gongkai.env.
    const [unit] = blocks('ini');
    const fromUnit = Object.fromEntries(
      [...unit!.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(fromUnit).toMatchObject({
      HOST: '127.0.0.1',
      GONGKAI_TRUSTED_PROXIES: '127.0.0.1',
      GONGKAI_SECURE_COOKIES: '1',
    });
    // The documented client_max_body_size is the rule's value for the documented upload limit.
    const site = blocks('nginx')[0]!;
    const documented = Number(/client_max_body_size (\d+)m;/.exec(site)![1]);
    expect(documented).toBe(nginxBodySizeMb(webOptionsFromEnv(fromUnit)));
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmp,
      USER: 'deploy-test',
      ...fromUnit,
      PORT: String(appPort),
      GONGKAI_DATA: join(tmp, 'data'),
      // Small limits so a full upload is quick; nginx gets the value the rule gives for them.
      GONGKAI_UPLOAD_MAX_MB: '4',
      GONGKAI_UPLOAD_FILE_MAX_MB: '2',
      DATABASE_URL: `postgres://gongkai:change-me@127.0.0.1:${pgPort}/gongkai`,
      GONGKAI_METRICS_TOKEN: randomBytes(24).toString('hex'),
    };

    // First installation: migrate, an agency, an operator and a supervisor from the command line.
    gongkai(['db:migrate']);
    gongkai([
      'agency',
      'add',
      'dhq',
      '--name',
      '东湖区人民政府',
      '--level',
      'region',
      '--kind',
      'localGovernment',
    ]);
    for (const [u, role] of [
      ['ops', 'administrator'],
      ['sup', 'supervisor'],
    ] as const) {
      const out = gongkai(['user', 'add', u, '--name', u, '--agency', 'dhq', '--role', role]);
      passwords[u] = /一次性密码：(\S+)/.exec(out)![1]!;
    }
    // They have set their own passwords (what /account/password records), so the consoles open for them.
    psql(
      `insert into audit_log (actor, action, entity, entity_id)
       select 'test', 'user.password.changed', 'user', id::text from users where username in ('ops', 'sup');`,
      'gongkai',
    );

    app = spawn(process.execPath, [join(ROOT, 'bin/gongkai.js'), 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    app.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    app.stderr!.on('data', (d: Buffer) => {
      appErr += d.toString();
    });
    await waitFor('Gongkai 启动', () => out.includes('Gongkai 已启动'));

    // nginx: the documented site with this test's ports, certificate and upload limit, inside a minimal main
    // configuration that keeps every file in the temp folder.
    sh([
      'openssl',
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=gongkai.example.gov.cn',
      '-keyout',
      join(tmp, 'ssl/privkey.pem'),
      '-out',
      join(tmp, 'ssl/fullchain.pem'),
    ]);
    const siteHere = site
      .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${appPort};`)
      .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
      .replaceAll('/etc/ssl/gongkai/', `${join(tmp, 'ssl')}/`)
      .replace(
        /client_max_body_size \d+m;/,
        `client_max_body_size ${nginxBodySizeMb(webOptionsFromEnv(env))}m;`,
      );
    expect(siteHere).not.toContain(':3000');
    const n = join(tmp, 'nginx');
    writeFileSync(
      join(n, 'nginx.conf'),
      `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${n}/nginx.pid;
error_log ${n}/error.log warn;
events { worker_connections 128; }
http {
  access_log ${n}/access.log;
  client_body_temp_path ${n}/body;
  proxy_temp_path ${n}/proxy;
  fastcgi_temp_path ${n}/fastcgi;
  uwsgi_temp_path ${n}/uwsgi;
  scgi_temp_path ${n}/scgi;
${siteHere}
}
`,
    );
    nginx = spawn(NGINX, ['-p', n, '-e', join(n, 'error.log'), '-c', join(n, 'nginx.conf')], {
      stdio: 'ignore',
    });
    base = `https://127.0.0.1:${httpsPort}`;
    await waitFor('nginx 启动', async () => {
      try {
        return (await request(`${base}/health`, { from: '127.0.0.5' })).status === 200;
      } catch {
        return false;
      }
    });
  }, T);

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    if (app && app.exitCode === null) {
      app.kill('SIGTERM');
      await new Promise((r) => app!.once('exit', r));
    }
    try {
      sh([...RUN_AS, join(PGBIN, 'pg_ctl'), '-D', join(tmp, 'pg'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped by the last test
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'serves the portal over HTTPS through the proxy, with HSTS, Secure cookies and nginx’s request id',
    async () => {
      const r = await request(`${base}/`, { from: '127.0.0.5' });
      expect(r.status).toBe(200);
      expect(r.body).toContain('政府信息公开');
      expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.headers.server).toBe('nginx');
      const cookie = (r.headers['set-cookie'] ?? []).find((c) => c.startsWith('gk_csrf='));
      expect(cookie).toMatch(/; Secure/);
      const plain = await request(`http://127.0.0.1:${httpPort}/`, { from: '127.0.0.5' });
      expect(plain.status).toBe(301);
      expect(plain.headers.location).toBe(`https://127.0.0.1/`);
    },
    T,
  );

  it(
    'keys the login rate limit on the forwarded client address, and a forged header fools nobody',
    async () => {
      const attempt = (from: string, via: 'nginx' | 'direct', forged?: string) =>
        request(`${via === 'nginx' ? base : `http://127.0.0.1:${appPort}`}/login`, {
          from,
          method: 'POST',
          headers: formHeaders(forged ? { 'x-forwarded-for': forged } : {}),
          body: loginForm(`nobody-${randomBytes(4).toString('hex')}`, 'wrong-password-0'),
        });
      // Ten failures from one client through nginx; the eleventh is refused.
      for (let i = 0; i < 10; i++) expect((await attempt('127.0.0.5', 'nginx')).status).toBe(401);
      expect((await attempt('127.0.0.5', 'nginx')).status).toBe(429);
      // Another client behind the same proxy is not: the limit is the client's, not nginx's.
      expect((await attempt('127.0.0.6', 'nginx')).status).toBe(401);
      // The limited client forging an address: nginx overwrites the header.
      expect((await attempt('127.0.0.5', 'nginx', '10.9.8.7')).status).toBe(429);
      // Straight to Gongkai from an address that is not the proxy, naming 127.0.0.8: counted against its own
      // socket address; 127.0.0.8 is untouched.
      for (let i = 0; i < 10; i++)
        expect((await attempt('127.0.0.7', 'direct', '127.0.0.8')).status).toBe(401);
      expect((await attempt('127.0.0.7', 'direct', '127.0.0.9')).status).toBe(429);
      expect((await attempt('127.0.0.8', 'nginx')).status).toBe(401);
    },
    T,
  );

  it(
    'records the forwarded client address in the audit log',
    async () => {
      const r = await request(`${base}/login`, {
        from: '127.0.0.11',
        method: 'POST',
        headers: formHeaders(),
        body: loginForm('ops', passwords.ops!),
      });
      expect(r.status).toBe(303);
      const ip = psql(
        `select after->>'ip' from audit_log where action = 'user.login' and actor = 'user:ops' order by id desc limit 1`,
        'gongkai',
      ).trim();
      expect(ip).toBe('127.0.0.11');
    },
    T,
  );

  it(
    'lets a bulk upload at the size limit through nginx, and stops a larger one at nginx',
    async () => {
      const login = await request(`${base}/login`, {
        from: '127.0.0.12',
        method: 'POST',
        headers: formHeaders(),
        body: loginForm('sup', passwords.sup!),
      });
      const cookie = `gk_session=${sessionOf(login)}`;
      const form = await request(`${base}/supervise/upload`, { from: '127.0.0.12', headers: { cookie } });
      expect(form.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const boundary = `----gongkai${randomBytes(8).toString('hex')}`;
      const part = (name: string, bytes: Buffer) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          bytes,
          Buffer.from('\r\n'),
        ]);
      const body = (fillers: number) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
          part('report.txt', readFileSync(seed('000').file)),
          // Two files of exactly the per-file limit (2 MB): with the report, the total limit of 4 MB is used up.
          ...Array.from({ length: fillers }, (_, i) =>
            part(`filler-${i}.bin`, Buffer.alloc(2 * 1024 * 1024, 0x20)),
          ),
          Buffer.from(`--${boundary}--\r\n`),
        ]);
      const full = body(2);
      expect(full.length).toBeGreaterThan(4 * 1024 * 1024);
      expect(full.length).toBeLessThan(5 * 1024 * 1024);
      const ok = await request(`${base}/supervise/upload`, {
        from: '127.0.0.12',
        method: 'POST',
        headers: {
          cookie,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(full.length),
        },
        body: full,
      });
      // Stored and read in the background (issue 12): the answer leads to the batch's progress page.
      expect(ok.status).toBe(303);
      const progress = ok.headers.location as string;
      expect(progress).toMatch(/\/supervise\/uploads\/\d+$/);
      const batch = await request(`${base}${progress.replace(/^https?:\/\/[^/]+/, '')}`, {
        from: '127.0.0.12',
        headers: { cookie },
      });
      expect(batch.status).toBe(200);
      expect(batch.body).toContain('report.txt');
      const over = body(3);
      const refused = await request(`${base}/supervise/upload`, {
        from: '127.0.0.12',
        method: 'POST',
        headers: {
          cookie,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(over.length),
        },
        body: over,
      });
      expect(refused.status).toBe(413);
    },
    T,
  );

  it(
    'refuses /metrics to anonymous visitors and to other roles; serves it to the operator and the scraper',
    async () => {
      const anon = await request(`${base}/metrics`, { from: '127.0.0.13' });
      expect(anon.status).toBe(303);
      expect(anon.headers.location).toMatch(/^\/login/);
      expect(anon.body).not.toContain('gongkai_http_requests_total');
      const wrong = await request(`${base}/metrics`, {
        from: '127.0.0.13',
        headers: { authorization: 'Bearer not-the-token-000000000000' },
      });
      expect(wrong.status).toBe(303);
      const scraper = await request(`${base}/metrics`, {
        from: '127.0.0.13',
        headers: { authorization: `Bearer ${env.GONGKAI_METRICS_TOKEN}` },
      });
      expect(scraper.status).toBe(200);
      expect(scraper.headers['content-type']).toContain('text/plain');
      expect(scraper.body).toMatch(
        /gongkai_http_requests_total\{method="POST",route="\/login",status="429"\} \d+/,
      );
      expect(scraper.body).toContain('gongkai_http_request_duration_seconds_bucket');
      expect(scraper.body).toMatch(/gongkai_db_pool_connections \d+/);
      expect(scraper.body).toContain('gongkai_reading_queue');
      const sup = await request(`${base}/login`, {
        from: '127.0.0.14',
        method: 'POST',
        headers: formHeaders(),
        body: loginForm('sup', passwords.sup!),
      });
      expect(
        (
          await request(`${base}/metrics`, {
            from: '127.0.0.14',
            headers: { cookie: `gk_session=${sessionOf(sup)}` },
          })
        ).status,
      ).toBe(403);
      const ops = await request(`${base}/login`, {
        from: '127.0.0.14',
        method: 'POST',
        headers: formHeaders(),
        body: loginForm('ops', passwords.ops!),
      });
      expect(
        (
          await request(`${base}/metrics`, {
            from: '127.0.0.14',
            headers: { cookie: `gk_session=${sessionOf(ops)}` },
          })
        ).status,
      ).toBe(200);
    },
    T,
  );

  it(
    'a forced 500 (PostgreSQL stopped) shows a request id that leads to its JSON log line',
    async () => {
      sh([...RUN_AS, join(PGBIN, 'pg_ctl'), '-D', join(tmp, 'pg'), '-m', 'immediate', '-w', 'stop']);
      const r = await request(`${base}/`, { from: '127.0.0.15' });
      expect(r.status).toBe(500);
      const id = r.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(r.body).toContain('系统错误');
      expect(r.body).toContain(`错误编号：<code>${id}</code>`);
      expect(r.body).not.toMatch(/at \S+ \(/); // no stack trace on the page
      await waitFor('错误日志', () => appErr.includes(id), 10_000);
      const lines = appErr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map(
          (l) =>
            JSON.parse(l) as {
              level: number;
              reqId?: string;
              msg: string;
              err?: { stack?: string };
              status?: number;
            },
        );
      const error = lines.find((l) => l.reqId === id && l.level === 50);
      expect(error?.msg).toBe('内部错误 GET /');
      expect(error?.err?.stack).toBeTruthy();
      const line = lines.find((l) => l.reqId === id && l.msg === 'request');
      expect(line?.status).toBe(500);
    },
    T,
  );
});

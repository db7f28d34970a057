// The supervisor's bulk upload, streamed to disk as it arrives (src/web/reports/upload-receive.ts), through the real
// HTTP server: a body without a valid token writes nothing; the limits answer in Chinese naming the file, with the
// form, and keep nothing; a client that goes away mid-upload leaves no temp file and no row; the names Windows
// browsers send (raw UTF-8, RFC 7578's filename*) are kept, GBK ones too, and an unreadable one is replaced and said so; the same file twice in one upload is one stored file.
// And in a server process of its own: a 60 MB upload does not grow the server's memory by anything like its size.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { and, count, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/audit-log.ts';
import { uploadBatches, uploadFiles } from '../src/db/schema/uploads.ts';
import { client, startDemoServer } from './support/hostile-upload.ts';
import { fileName, type Part, postMultipart } from './support/multipart-stream.ts';
import { reportNaming } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const KB = 1024;
const MB = 1024 * KB;

let t: WebTest;
let base = '';
let server: { close(): void } | null = null;

beforeAll(async () => {
  t = await openWebTest({ upload: { maxFiles: 4, maxFileBytes: 512 * KB, maxTotalBytes: 2 * MB } });
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

/** Every file under the store's folder, temp files included. */
function storeFiles(): string[] {
  const dir = t.deps.files.dir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    statSync(join(dir, p)).isFile(),
  );
}

async function batchCount(): Promise<number> {
  const [r] = await t.handle.db.select({ n: count() }).from(uploadBatches);
  return Number(r!.n);
}

const upload = async (parts: Part[], opts: { as?: 'supervisor'; token?: string } = {}) => {
  const s = await t.session(opts.as ?? 'supervisor');
  return postMultipart(`${base}/supervise/upload`, {
    cookie: s.cookie,
    parts: [{ field: '_csrf', value: opts.token ?? s.csrf }, ...parts],
  });
};

/** Waits until `check` holds (the server cleans up after answering, or after the client went away). */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('the CSRF token, read from the stream before any file is written', () => {
  it('a body without a token, or with a wrong one, writes nothing: 403', async () => {
    const before = { files: storeFiles(), batches: await batchCount() };
    const s = await t.session('supervisor');
    const parts: Part[] = [{ field: 'files', disposition: fileName('a.pdf'), size: 300 * KB }];
    const none = await postMultipart(`${base}/supervise/upload`, { cookie: s.cookie, parts });
    expect(none.status).toBe(403);
    expect(none.body).toContain('本次上传未保存任何文件');
    const wrong = await upload(parts, { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    // The token of another session is no better.
    const other = await t.session('supervisorS');
    expect((await upload(parts, { token: other.csrf })).status).toBe(403);
    // A token after the files comes too late: the files would have been written before it was known.
    const late = await postMultipart(`${base}/supervise/upload`, {
      cookie: s.cookie,
      parts: [...parts, { field: '_csrf', value: s.csrf }],
    });
    expect(late.status).toBe(403);
    await eventually(() => storeFiles().length === before.files.length, 'no file kept');
    expect(storeFiles()).toEqual(before.files);
    expect(await batchCount()).toBe(before.batches);
  });
});

describe('the limits, checked while the body streams in', () => {
  it('too many files: 400 naming the first file over the count, with the form, nothing kept', async () => {
    const before = { files: storeFiles(), batches: await batchCount() };
    const r = await upload(
      ['一.txt', '二.txt', '三.txt', '四.txt', '第五份年报.txt'].map((n) => ({
        field: 'files',
        disposition: fileName(n),
        size: 10 * KB,
      })),
    );
    expect(r.status).toBe(400);
    expect(r.body).toContain('一次最多上传 4 个文件');
    expect(r.body).toContain('“第五份年报.txt”');
    // The form comes back, to choose the files again.
    expect(r.body).toContain('name="files"');
    await eventually(() => storeFiles().length === before.files.length, 'the four stored files removed');
    expect(storeFiles()).toEqual(before.files);
    expect(await batchCount()).toBe(before.batches);
  });

  it('a total over the limit: 413 before reading when announced, else naming the file being received; nothing kept', async () => {
    const before = { files: storeFiles(), batches: await batchCount() };
    // 2 MB of files plus 1 MB of framing per upload: three small files are stored before the large one passes it.
    const parts: Part[] = [
      ...['甲.pdf', '乙.pdf', '丙.pdf'].map((n) => ({
        field: 'files',
        disposition: fileName(n),
        size: 400 * KB,
      })),
      { field: 'files', disposition: fileName('丁区年度报告.pdf'), size: 2 * MB },
    ];
    const announced = await upload(parts);
    expect(announced.status).toBe(413);
    expect(announced.body).toContain('提交内容过大');
    const s = await t.session('supervisor');
    const r = await postMultipart(`${base}/supervise/upload`, {
      cookie: s.cookie,
      parts: [{ field: '_csrf', value: s.csrf }, ...parts],
      chunked: true,
    });
    expect(r.status).toBe(413);
    expect(r.body).toContain('提交内容过大');
    expect(r.body).toContain('在接收“丁区年度报告.pdf”时超出');
    // The limit named is the one configured (2 MB), not the body's allowance for the multipart framing.
    expect(r.body).toContain('合计超过了上限（2 MB）');
    // The form comes back, to choose fewer files.
    expect(r.body).toContain('name="files"');
    await eventually(() => storeFiles().length === before.files.length, 'the three stored files removed');
    expect(storeFiles()).toEqual(before.files);
    expect(await batchCount()).toBe(before.batches);
  });

  it('a single file over the per-file limit is counted, not kept: its row says 文件过大 with its real size', async () => {
    const before = storeFiles();
    const r = await upload([
      { field: 'files', disposition: fileName('超大的年报.pdf'), size: 700 * KB },
      {
        field: 'files',
        disposition: fileName('正常.json'),
        size: 0,
        bytes: reportNaming('测试区甲镇人民政府', 'big'),
      },
    ]);
    expect(r.status, r.body).toBe(303);
    const batch = Number(/\/supervise\/uploads\/(\d+)/.exec(r.location!)![1]);
    const rows = await t.handle.db
      .select({ name: uploadFiles.name, size: uploadFiles.size, path: uploadFiles.path })
      .from(uploadFiles)
      .where(eq(uploadFiles.batchId, batch))
      .orderBy(uploadFiles.position);
    expect(rows[0]).toEqual({ name: '超大的年报.pdf', size: 700 * KB, path: null });
    expect(rows[1]!.path).not.toBeNull();
    await t.uploadsDone();
    const page = await (await t.request(r.location!, { as: 'supervisor' })).text();
    expect(page).toContain('文件过大');
    expect(page).toContain('文件大小 0.7 MB，超过单个文件上限');
    // No temp file of the dropped bytes.
    expect(storeFiles().filter((f) => f.includes('.incoming-'))).toEqual([]);
    expect(storeFiles().length).toBeGreaterThanOrEqual(before.length);
  });
});

describe('what a browser sends', () => {
  it('keeps the names of raw UTF-8 and of an RFC 5987 filename* (UTF-8), and only the last segment of a Windows path', async () => {
    const r = await upload([
      // Chrome, Edge and Firefox (Windows too): the name's UTF-8 bytes as they are.
      {
        field: 'files',
        disposition: Buffer.from('filename="2023年政府信息公开工作年度报告.txt"'),
        size: 1 * KB,
      },
      // A client that encodes the name as RFC 5987/2231 does (urllib3, some Windows tools), charset named.
      {
        field: 'files',
        disposition: `filename*=UTF-8''${encodeURIComponent('北京市年报（修订）.txt')}`,
        size: 1 * KB,
      },
      { field: 'files', disposition: fileName('C:\\Users\\张三\\Desktop\\桌面上的年报.txt'), size: 1 * KB },
    ]);
    expect(r.status, r.body).toBe(303);
    const batch = Number(/\/supervise\/uploads\/(\d+)/.exec(r.location!)![1]);
    const rows = await t.handle.db
      .select({ name: uploadFiles.name })
      .from(uploadFiles)
      .where(eq(uploadFiles.batchId, batch))
      .orderBy(uploadFiles.position);
    expect(rows.map((x) => x.name)).toEqual([
      '2023年政府信息公开工作年度报告.txt',
      '北京市年报（修订）.txt',
      '桌面上的年报.txt',
    ]);
    await t.uploadsDone();
  });

  it('reads GBK names (raw bytes, or filename* with its charset); a name no charset reads is replaced, and the batch line says so', async () => {
    const gbk = (s: string) => iconv.encode(s, 'gbk');
    const pct = (b: Buffer) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
    const r = await upload([
      // curl on a GBK locale, IE mode of an old government browser: the name's GBK bytes as they are.
      {
        field: 'files',
        disposition: Buffer.concat([
          Buffer.from('filename="'),
          gbk('2022年度报告（GBK）.txt'),
          Buffer.from('"'),
        ]),
        size: 1 * KB,
      },
      // A Windows tool: RFC 2231 with its charset named, beside an ASCII stand-in.
      {
        field: 'files',
        disposition: `filename="report.txt"; filename*=GBK''${pct(gbk('区政府年报.txt'))}`,
        size: 1 * KB,
      },
      // Bytes that are neither UTF-8 nor GB18030.
      {
        field: 'files',
        disposition: Buffer.concat([
          Buffer.from('filename="'),
          Buffer.from([0xff, 0xfe, 0xff]),
          Buffer.from('.pdf"'),
        ]),
        size: 1 * KB,
      },
    ]);
    expect(r.status, r.body).toBe(303);
    const batch = Number(/\/supervise\/uploads\/(\d+)/.exec(r.location!)![1]);
    const rows = () =>
      t.handle.db
        .select({ name: uploadFiles.name, message: uploadFiles.message })
        .from(uploadFiles)
        .where(eq(uploadFiles.batchId, batch))
        .orderBy(uploadFiles.position);
    expect((await rows()).map((x) => x.name)).toEqual([
      '2022年度报告（GBK）.txt',
      '区政府年报.txt',
      '未识别文件名-3.pdf',
    ]);
    await t.uploadsDone();
    const after = await rows();
    expect(after.map((x) => x.name).join('')).not.toContain('\uFFFD');
    // The note stays in front of the file's outcome, on the batch page the supervisor reads.
    expect(after[2]!.message).toMatch(/^文件名无法识别，已改为“未识别文件名-3\.pdf”；/);
    const s = await t.session('supervisor');
    const page = await (
      await fetch(`${base}/supervise/uploads/${batch}`, { headers: { cookie: s.cookie } })
    ).text();
    expect(page).toContain('文件名无法识别，已改为“未识别文件名-3.pdf”');
    expect(page).toContain('2022年度报告（GBK）.txt');
  });

  it('the same file twice in one upload: stored once, read once, the second a duplicate', async () => {
    const bytes = reportNaming('测试区乙街道办事处', 'twice');
    const r = await upload([
      { field: 'files', disposition: fileName('第一次.json'), size: 0, bytes },
      { field: 'files', disposition: fileName('第二次.json'), size: 0, bytes },
    ]);
    expect(r.status, r.body).toBe(303);
    const batch = Number(/\/supervise\/uploads\/(\d+)/.exec(r.location!)![1]);
    await t.uploadsDone();
    const rows = await t.handle.db
      .select({ name: uploadFiles.name, sha256: uploadFiles.sha256, outcome: uploadFiles.outcome })
      .from(uploadFiles)
      .where(eq(uploadFiles.batchId, batch))
      .orderBy(uploadFiles.position);
    expect(rows.map((x) => [x.name, x.outcome])).toEqual([
      ['第一次.json', 'collected'],
      ['第二次.json', 'duplicate'],
    ]);
    expect(rows[0]!.sha256).toBe(rows[1]!.sha256);
    expect(await t.deps.files.has(rows[0]!.sha256)).toBe(true);
    // The upload is in the audit log, with its files.
    const [entry] = await t.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(batch)), eq(auditLog.action, 'upload.store')));
    expect(entry).toMatchObject({ action: 'upload.store', actor: expect.stringMatching(/^user:/) });
    expect(JSON.stringify(entry!.after)).toContain('第二次.json');
  });
});

describe('a client that goes away mid-upload', () => {
  it('leaves no temp file, no stored file and no row', async () => {
    const before = { files: storeFiles(), batches: await batchCount() };
    const s = await t.session('supervisor');
    const r = await postMultipart(`${base}/supervise/upload`, {
      cookie: s.cookie,
      parts: [
        { field: '_csrf', value: s.csrf },
        { field: 'files', disposition: fileName('完整的.pdf'), size: 300 * KB },
        { field: 'files', disposition: fileName('一半.pdf'), size: 500 * KB },
      ],
      abortAfter: 550 * KB,
    });
    expect(r.status).toBe(0);
    // The server has seen the first file whole: give it time to have stored it, then to have removed it again.
    await new Promise((res) => setTimeout(res, 1500));
    await eventually(
      () => JSON.stringify(storeFiles()) === JSON.stringify(before.files),
      'the stored and the temp file removed',
    );
    expect(await batchCount()).toBe(before.batches);
  });
});

/** VmRSS (or VmHWM, the peak since clear_refs) of a process, in bytes. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * KB;
}

describe('memory', () => {
  it('a 60 MB upload grows the server process by well under its size', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-upload-rss-'));
    const env: Record<string, string | undefined> = {
      ...process.env,
      GONGKAI_DATA: join(dir, 'data'),
      GONGKAI_UPLOAD_MAX_MB: '100',
      GONGKAI_BUNDLE: '0',
    };
    delete env.DATABASE_URL;
    const srv = await startDemoServer(env);
    try {
      const password = /演示账号 demo-supervisor，一次性密码：(\S+)/.exec(srv.output())![1]!;
      const c = client(srv.url);
      await c.login('demo-supervisor', password);
      const csrf = c.csrfOf(await (await c.req('/supervise/upload')).text());
      const pid = srv.process.pid!;
      // Settle, then the peak is counted from here (Linux: writing 5 to clear_refs resets VmHWM).
      await new Promise((r) => setTimeout(r, 1000));
      const base0 = memoryOf(pid, 'VmRSS');
      let resetPeak = true;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        resetPeak = false;
      }
      let sampled = base0;
      const sampler = setInterval(() => {
        sampled = Math.max(sampled, memoryOf(pid, 'VmRSS'));
      }, 20);
      // 60 files of 1 MB: the queue reads each after the POST, one at a time, so what grows is the request's part.
      const parts: Part[] = [
        { field: '_csrf', value: csrf },
        ...Array.from({ length: 60 }, (_, i) => ({
          field: 'files',
          disposition: fileName(`大批上传-${i}.bin`),
          size: MB,
        })),
      ];
      // The peak while the body is received and written: read when the last byte has been sent, before the queue
      // (kicked once the batch is committed) starts reading the files in its workers.
      let peak = base0;
      let sent = false;
      const r = await postMultipart(`${srv.url}/supervise/upload`, {
        cookie: c.cookie(),
        parts,
        onSent: () => {
          sent = true;
          peak = Math.max(sampled, resetPeak ? memoryOf(pid, 'VmHWM') : 0);
        },
      });
      clearInterval(sampler);
      expect(r.status, r.body).toBe(303);
      expect(sent).toBe(true);
      const growth = peak - base0;
      console.log(
        `upload RSS: before ${(base0 / MB).toFixed(0)} MB, peak growth ${(growth / MB).toFixed(1)} MB`,
      );
      expect(growth).toBeLessThan(40 * MB);
    } finally {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

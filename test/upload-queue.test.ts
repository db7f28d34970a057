// The supervisor's upload in the background (issue 12): files stored by the request are read after a restart too;
// a report is matched only to agencies in the uploader's subtree — one of another subtree's agency waits on the
// uploader's review list, where a supervisor assigns or discards it — and nothing is public until matched and dated.
import { writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { uploadFiles } from '../src/db/schema/uploads.ts';
import { ReadingPipeline } from '../src/reading/pipeline.ts';
import { loadBatch, storeUpload, UploadQueue } from '../src/web/reports/upload-queue.ts';
import { reportNaming } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const fileOf = (name: string, bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], name);

/** What a server does with the files stored before it started: read every one of them, then stop. */
async function readQueued(maxFileBytes: number): Promise<void> {
  const pipeline = new ReadingPipeline({ provenance: false });
  const queue = new UploadQueue({ db: t.handle.db, pipeline, files: t.deps.files, maxFileBytes });
  try {
    await queue.resume();
    await queue.idle();
  } finally {
    await queue.close();
    await pipeline.close();
  }
}

describe('the queue', () => {
  it('reads after a restart the files a stopped server had stored or was reading', async () => {
    const db = t.handle.db;
    const a = reportNaming('测试区甲镇人民政府', 'restart-a');
    const batch = await storeUpload(db, t.deps.files, {
      userId: t.userId.supervisor,
      scopeAgencyId: t.agency.R,
      maxFileBytes: 1 << 20,
      files: [
        fileOf('a.json', a),
        fileOf('b.json', reportNaming('测试区乙街道办事处', 'restart-b')),
        fileOf('c.txt', new TextEncoder().encode('这不是一份年度报告')),
      ],
    });
    // The bytes are on disk under their hash, not in the database.
    const rows0 = await db
      .select({ content: uploadFiles.content, path: uploadFiles.path, sha256: uploadFiles.sha256 })
      .from(uploadFiles)
      .where(eq(uploadFiles.batchId, batch));
    expect(rows0.every((r) => r.content === null && r.path !== null)).toBe(true);
    expect(await t.deps.files.readStoredSource(rows0[0]!.sha256)).toEqual(Buffer.from(a));
    // The server stopped while reading the first file.
    await db.update(uploadFiles).set({ status: 'reading' }).where(eq(uploadFiles.position, 0));
    await readQueued(1 << 20);
    const b = (await loadBatch(db, batch))!;
    expect(b.done).toBe(true);
    expect(b.files.map((f) => [f.name, f.outcome])).toEqual([
      ['a.json', 'collected'],
      ['b.json', 'collected'],
      ['c.txt', 'noYear'],
    ]);
    // A collected report's source stays on disk for whoever reads it again (the crop view); a refused file is gone.
    expect(await t.deps.files.has(rows0[0]!.sha256)).toBe(true);
    expect(await t.deps.files.has(rows0[1]!.sha256)).toBe(true);
    expect(await t.deps.files.has(rows0[2]!.sha256)).toBe(false);
  });

  it('the reading process reads the stored file itself and refuses one whose bytes changed on disk since upload', async () => {
    const db = t.handle.db;
    const original = reportNaming('测试区甲镇人民政府', 'changed-on-disk');
    const batch = await storeUpload(db, t.deps.files, {
      userId: t.userId.supervisor,
      scopeAgencyId: t.agency.R,
      maxFileBytes: 1 << 20,
      files: [fileOf('changed.json', original)],
    });
    const [row] = await db.select().from(uploadFiles).where(eq(uploadFiles.batchId, batch));
    // Someone (a disk fault, an operator) changes the stored bytes before they are read: the report must not be
    // collected under the hash of bytes it was not read from.
    const path = (await t.deps.files.storedPath(row!.sha256))!;
    writeFileSync(path, reportNaming('测试区乙街道办事处', 'changed-on-disk'));
    await readQueued(1 << 20);
    const b = (await loadBatch(db, batch))!;
    expect(b.files.map((f) => f.outcome)).toEqual(['unreadable']);
    expect(b.files[0]!.message).toContain('changed.json：文件在读取过程中被改动');
    expect(await db.select().from(annualReports).where(eq(annualReports.sha256, row!.sha256))).toEqual([]);
  });

  it('a file over the per-file limit is not kept and gets its own outcome', async () => {
    const db = t.handle.db;
    const batch = await storeUpload(db, t.deps.files, {
      userId: t.userId.supervisor,
      scopeAgencyId: t.agency.R,
      maxFileBytes: 10,
      files: [fileOf('big.json', reportNaming('测试区甲镇人民政府', 'too-large'))],
    });
    const [row] = await db.select().from(uploadFiles).where(eq(uploadFiles.batchId, batch));
    expect(row!.path).toBeNull();
    await readQueued(10);
    const b = (await loadBatch(db, batch))!;
    expect(b.files.map((f) => [f.outcome, f.message])).toEqual([
      ['tooLarge', expect.stringContaining('超过单个文件上限')],
    ]);
  });
});

describe('scope and review', () => {
  let fileId = 0;
  let reportId = 0;

  async function upload(as: 'supervisor' | 'supervisorS', files: { name: string; bytes: Uint8Array }[]) {
    const s = await t.session(as);
    const form = new FormData();
    form.append('_csrf', s.csrf);
    for (const f of files) form.append('files', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
    const r = await t.app.request('/supervise/upload', {
      method: 'POST',
      headers: { cookie: s.cookie },
      body: form,
    });
    expect(r.status).toBe(303);
    await t.uploadsDone();
    return (await t.app.request(r.headers.get('location')!, { headers: { cookie: s.cookie } })).text();
  }

  it('a report naming an agency of another subtree is not matched to it: it waits on the uploader’s review list', async () => {
    // 另一区丙镇 lies under S; the uploader supervises R.
    const html = await upload('supervisor', [
      { name: 'c.json', bytes: reportNaming('另一区丙镇人民政府', 'scope') },
    ]);
    expect(html).toContain('待分配机关 1 份');
    expect(html).toContain('未匹配到您监督范围内的机关');
    const stored = await t.handle.db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(eq(annualReports.agencyId, t.agency.C));
    expect(stored).toEqual([]);
    const list = await (await t.request('/supervise/review', { as: 'supervisor' })).text();
    expect(list).toContain('c.json');
    fileId = Number(/action="\/supervise\/review\/(\d+)"/.exec(list)![1]);
    // The other subtree's supervisor neither sees it nor can act on it.
    expect(await (await t.request('/supervise/review', { as: 'supervisorS' })).text()).not.toContain(
      'c.json',
    );
    const foreign = await t.request(`/supervise/review/${fileId}`, {
      as: 'supervisorS',
      form: { action: 'assign', agencyId: String(t.agency.C) },
    });
    expect(foreign.status).toBe(404);
  });

  it('the supervisor may assign it only to an agency of their own subtree', async () => {
    const outside = await t.request(`/supervise/review/${fileId}`, {
      as: 'supervisor',
      form: { action: 'assign', agencyId: String(t.agency.C) },
    });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('只能选择您监督范围内的机关');
    const ok = await t.request(`/supervise/review/${fileId}`, {
      as: 'supervisor',
      form: { action: 'assign', agencyId: String(t.agency.B) },
    });
    expect(ok.status).toBe(303);
    reportId = Number(/\/supervise\/reports\/(\d+)\/edit/.exec(ok.headers.get('location')!)![1]);
    const [row] = await t.handle.db.select().from(annualReports).where(eq(annualReports.id, reportId));
    expect(row!.agencyId).toBe(t.agency.B);
    expect(await (await t.request('/supervise/review', { as: 'supervisor' })).text()).not.toContain('c.json');
  });

  it('nothing is public until matched and dated', async () => {
    expect((await t.request(`/reports/${reportId}`)).status).toBe(404);
    expect(await (await t.request('/reports')).text()).not.toContain(`/reports/${reportId}"`);
    await t.request(`/supervise/reports/${reportId}/edit`, {
      as: 'supervisor',
      form: { publishedOn: '2024-01-25', agencyId: String(t.agency.B) },
    });
    expect((await t.request(`/reports/${reportId}`)).status).toBe(200);
    expect(await (await t.request('/reports')).text()).toContain(`/reports/${reportId}"`);
  });

  it('a discarded report leaves the list and is stored nowhere', async () => {
    await upload('supervisor', [{ name: 'd.json', bytes: reportNaming('无名机关', 'discard') }]);
    const list = await (await t.request('/supervise/review', { as: 'supervisor' })).text();
    const id = /action="\/supervise\/review\/(\d+)"/.exec(list)![1]!;
    const r = await t.request(`/supervise/review/${id}`, { as: 'supervisor', form: { action: 'discard' } });
    expect(r.status).toBe(303);
    expect(await (await t.request('/supervise/review', { as: 'supervisor' })).text()).toContain(
      '没有待分配的报告',
    );
    const stored = await t.handle.db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(eq(annualReports.agencyName, '无名机关'));
    expect(stored).toEqual([]);
    // Its bytes are removed from disk too.
    const [row] = await t.handle.db
      .select({ sha256: uploadFiles.sha256 })
      .from(uploadFiles)
      .where(eq(uploadFiles.id, Number(id)));
    expect(await t.deps.files.has(row!.sha256)).toBe(false);
  });
});

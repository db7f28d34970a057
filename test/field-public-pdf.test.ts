// A citizen or journalist on a public annual report's page (session 10 field walk): the report as PDF in the
// official layout, and for a report the supervisors collected, the file the agency itself published — the source of
// every number on the page. Downloaded and opened: the PDF's text names the agency and prints its 表三 numbers; the
// original is the uploaded file byte for byte. Both with a Chinese file name (RFC 5987) and an ETag (304).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFile } from '../src/web/reports/upload.ts';
import { SEEDS, SHARED } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const PDF = join(SHARED, 'corpus', 'huaian-hongze-2023.pdf');
let t: WebTest;
let dir: string;
let uploaded: number;
let seed: number;

beforeAll(async () => {
  t = await openWebTest();
  dir = mkdtempSync(join(tmpdir(), 'gongkai-public-pdf-'));
  // The supervisor's bulk upload keeps the file it read (src/web/reports/upload-queue.ts).
  const s = await t.session('supervisor');
  const form = new FormData();
  form.append('_csrf', s.csrf);
  form.append('files', new File([readFileSync(PDF)], '洪泽区2023年报.pdf'));
  const up = await t.app.request('/supervise/upload', {
    method: 'POST',
    headers: { cookie: s.cookie },
    body: form,
  });
  expect(up.status).toBe(303);
  await t.uploadsDone();
  const list = await (await t.request('/supervise/review', { as: 'supervisor' })).text();
  const fileId = /action="\/supervise\/review\/(\d+)"/.exec(list)![1]!;
  const ok = await t.request(`/supervise/review/${fileId}`, {
    as: 'supervisor',
    form: { action: 'assign', agencyId: String(t.agency.B) },
  });
  expect(ok.status).toBe(303);
  uploaded = Number(/\/supervise\/reports\/(\d+)\/edit/.exec(ok.headers.get('location')!)![1]);
  const { setPublishedOn } = await import('../src/web/reports/store.ts');
  await setPublishedOn(t.handle.db, uploaded, '2024-01-25', 'test');
  // A seed collected without keeping its file (as `gongkai collect` of a text report does).
  const r = await collectFile(
    t.handle.db,
    { name: `${SEEDS[0]!.name}.txt`, bytes: readFileSync(SEEDS[0]!.file) },
    { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-19' },
  );
  seed = r.reportId!;
}, 180_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fileNameOf = (r: Response) => {
  const cd = r.headers.get('content-disposition') ?? '';
  expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)![1]!);
};

const pdfText = (bytes: ArrayBuffer) => {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, new Uint8Array(bytes));
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
};

describe('the public report page offers the PDF and the original', () => {
  it('a collected report: the original as published, byte for byte, with a Chinese name and an ETag', async () => {
    const page = await (await t.request(`/reports/${uploaded}`)).text();
    expect(page).toContain(`href="/reports/${uploaded}/original"`);
    expect(page).toContain('下载原件（PDF，机关发布的文件）');
    expect(page).toContain(`href="/reports/${uploaded}/pdf"`);
    const r = await t.request(`/reports/${uploaded}/original`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const name = fileNameOf(r);
    expect(name).toMatch(/政府信息公开工作年度报告（原件）\.pdf$/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(readFileSync(PDF)).digest('hex'),
    );
    const again = await t.request(`/reports/${uploaded}/original`, {
      headers: { 'if-none-match': r.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('the PDF in the official layout: names the agency and prints the 表三 numbers; a 304 renders nothing', async () => {
    const api = (await (await t.request(`/api/v1/reports/${seed}`)).json()) as {
      agencyName: string;
      fields: Record<string, number>;
    };
    const page = await (await t.request(`/reports/${seed}`)).text();
    expect(page).toContain(`href="/reports/${seed}/pdf"`);
    // Its file was not kept: no original offered, and asking for it says why, in Chinese.
    expect(page).not.toContain(`/reports/${seed}/original`);
    const none = await t.request(`/reports/${seed}/original`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('原件没有保存在服务器上');

    const r = await t.request(`/reports/${seed}/pdf`);
    expect(
      r.status,
      await r
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(fileNameOf(r)).toMatch(/政府信息公开工作年度报告\.pdf$/);
    const text = pdfText(await r.arrayBuffer());
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(text)).toContain(squeeze(api.agencyName));
    expect(text).toContain('三、收到和处理政府信息公开申请情况');
    const received = api.fields['t3.received.total']!;
    expect(received).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(`(^|\\s)${received}(\\s|$)`, 'm'));

    // Kept on disk: a second download is the same bytes; a browser that has it gets 304.
    const cache = join(t.deps.files.dir, 'pdf-cache');
    const kept = readdirSync(cache).filter((f) => f.endsWith('.pdf'));
    expect(kept).toHaveLength(1);
    const etag = r.headers.get('etag')!;
    const cond = await t.request(`/reports/${seed}/pdf`, { headers: { 'if-none-match': etag } });
    expect(cond.status).toBe(304);
    const second = await t.request(`/reports/${seed}/pdf`);
    expect(second.headers.get('etag')).toBe(etag);
    expect(readdirSync(cache).filter((f) => f.endsWith('.pdf'))).toEqual(kept);
  }, 180_000);

  it('where LibreOffice is missing: a 503 page that says so and offers the DOCX; the report page is unaffected', async () => {
    const before = process.env.GONGKAI_SOFFICE;
    process.env.GONGKAI_SOFFICE = join(dir, 'no-soffice');
    try {
      const r = await t.request(`/reports/${uploaded}/pdf`);
      expect(r.status).toBe(503);
      const html = await r.text();
      expect(html).toContain('暂时无法生成 PDF');
      expect(html).toContain('libreoffice-writer-nogui');
      expect(html).toContain('DOCX');
      expect((await t.request(`/reports/${uploaded}`)).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.GONGKAI_SOFFICE;
      else process.env.GONGKAI_SOFFICE = before;
    }
  });

  it('a report not public is not served as PDF or original to the public', async () => {
    const { setPublishedOn } = await import('../src/web/reports/store.ts');
    await setPublishedOn(t.handle.db, uploaded, null, 'test');
    try {
      expect((await t.request(`/reports/${uploaded}/original`)).status).toBe(404);
      expect((await t.request(`/reports/${uploaded}/pdf`)).status).toBe(404);
    } finally {
      await setPublishedOn(t.handle.db, uploaded, '2024-01-25', 'test');
    }
  });
});

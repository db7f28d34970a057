// The documents released with a reply (公开的政府信息, 《条例》第三十六条第（二）项、第三十七条): the officer uploads
// them on the case page (type decided by the bytes, size limited, audited); the holder of the 查询码 downloads them
// from /track once the case is answered — and nobody else: not before the reply, not with another case's code.
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../src/cases/events.ts';
import { auditActions, intakeTestCase, openWebTest, type WebTest, type Who } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
}, 120_000);
afterAll(async () => t?.close());

async function newCase() {
  return intakeTestCase(t, { description: '甲镇2023年道路养护合同' });
}

async function docx(text: string): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function upload(code: string, files: { name: string; bytes: Uint8Array }[], who: Who = 'officer') {
  const s = await t.session(who);
  const form = new FormData();
  form.append('_csrf', s.csrf);
  for (const f of files) form.append('file', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
  return t.app.request(`/staff/cases/${code}/released`, {
    method: 'POST',
    headers: { cookie: s.cookie },
    body: form,
  });
}

const fileLinks = (html: string) =>
  [...html.matchAll(/href="(\/track\/[^"]+\/files\/\d+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('released documents', () => {
  it('an officer uploads a DOCX: 303 to the case page, listed there, audited', async () => {
    const c = await newCase();
    const r = await upload(c.code, [{ name: '道路养护合同.docx', bytes: await docx('道路养护合同正文') }]);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/staff/cases/${c.code}?notice=released`);
    const page = await (await t.request(r.headers.get('location')!, { as: 'officer' })).text();
    expect(page).toContain('公开的政府信息');
    expect(page).toContain('道路养护合同.docx');
    expect(await auditActions(t.handle)).toContain('case.file.released');
  });

  it('a file that is not PDF/OFD/Word/Excel/image is refused by its bytes, naming it, storing nothing', async () => {
    const c = await newCase();
    const r = await upload(c.code, [
      { name: '正常.docx', bytes: await docx('正文') },
      { name: '伪装.pdf', bytes: new TextEncoder().encode('<script>alert(1)</script>') },
    ]);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('文件“伪装.pdf”不是');
    expect(html).not.toContain('<script>alert(1)');
    const page = await (await t.request(`/staff/cases/${c.code}`, { as: 'officer' })).text();
    expect(page).toContain('尚未上传随答复提供的政府信息');
  });

  it('the same file twice is refused (409)', async () => {
    const c = await newCase();
    const bytes = await docx('同一份文件');
    expect((await upload(c.code, [{ name: 'a.docx', bytes }])).status).toBe(303);
    const again = await upload(c.code, [{ name: 'b.docx', bytes }]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('与已上传的“a.docx”内容相同');
  });

  it('roles without case.act cannot upload (403)', async () => {
    const c = await newCase();
    const r = await upload(c.code, [{ name: 'a.docx', bytes: await docx('x') }], 'approver');
    expect(r.status).toBe(403);
  });

  it('/track gives them to the code holder after the reply, and to nobody else', async () => {
    const c = await newCase();
    const other = await newCase();
    expect(
      (await upload(c.code, [{ name: '合同.docx', bytes: await docx('道路养护合同正文') }])).status,
    ).toBe(303);
    // Before the reply: not listed, not downloadable.
    const before = await (await t.request(`/track?code=${c.trackingCode}`)).text();
    expect(fileLinks(before)).toEqual([]);
    const [id] = (
      (await t.handle.db.execute(
        `select id from case_files where role = 'released' order by id desc limit 1`,
      )) as unknown as { rows: { id: number }[] }
    ).rows;
    expect((await t.request(`/track/${c.trackingCode}/files/${id!.id}`)).status).toBe(404);

    await reply(t.handle.db, c.code, { on: '2024-03-10', outcome: 'granted' }, { actor: 'test' });
    const after = await (await t.request(`/track?code=${c.trackingCode!.toLowerCase()}`)).text();
    const links = fileLinks(after);
    expect(links).toHaveLength(1);
    const d = await t.request(links[0]!);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(d.headers.get('content-disposition')).toContain(encodeURIComponent('合同.docx'));
    const zip = await JSZip.loadAsync(await d.arrayBuffer());
    expect(await zip.file('word/document.xml')!.async('string')).toContain('道路养护合同正文');

    // Another case's code, a made-up code: nothing.
    expect((await t.request(`/track/${other.trackingCode}/files/${id!.id}`)).status).toBe(404);
    expect((await t.request(`/track/ABCDEFGHJKLMNPQR/files/${id!.id}`)).status).toBe(404);
  });
});

// Where LibreOffice is missing, a PDF asked for (here the annual report draft) is a page that says what to install
// and that the DOCX of the same document is there — a 503, not the generic 500 "系统错误" — and the DOCX still
// downloads. The variable points soffice at nothing for this file's process only (vitest isolates test files).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const saved = process.env.GONGKAI_SOFFICE;
beforeAll(async () => {
  process.env.GONGKAI_SOFFICE = '/nonexistent/soffice';
  t = await openWebTest();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.GONGKAI_SOFFICE;
  else process.env.GONGKAI_SOFFICE = saved;
  await t?.close();
});

describe('a PDF without LibreOffice', () => {
  it('the report draft: 503 naming the package to install and the DOCX to use meanwhile', async () => {
    const base = `/staff/agencies/${t.agency.A}/report/2023`;
    const r = await t.request(`${base}/draft/pdf`, { as: 'officer' });
    expect(r.status).toBe(503);
    const html = await r.text();
    expect(html).toContain('暂时无法生成 PDF');
    expect(html).toContain('libreoffice-writer-nogui');
    expect(html).toContain('DOCX 版本仍可下载');
    expect(html).not.toContain('系统错误');
    const docx = await t.request(`${base}/draft/docx`, { as: 'officer' });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('officedocument');
  });
});

// The citizen's application form (field walk, session 8). A browser cannot put a chosen file back into a form: when
// the form came back for another field (a wrong ID number, no description), the 身份证明 the citizen had attached was
// silently gone, and the resubmitted application arrived without it. The form now says so beside the file field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebTest, PERSON, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const CSRF = 'anonymous-test-token-0123456789';
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The form as a browser posts it: multipart, with the ID proof attached. */
function post(fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('identityProof', new File([PDF], '身份证.pdf', { type: 'application/pdf' }));
  body.append('applicationLetter', new File([], ''), '');
  body.append('_csrf', CSRF);
  return t.app.request('/apply', { method: 'POST', body, headers: { cookie: `gk_csrf=${CSRF}` } });
}

const form = (extra: Record<string, string>) => ({
  ...PERSON,
  agencyId: String(t.agency.A),
  description: '甲镇2023年老旧小区改造项目的立项批复文件',
  formToken: 'field-apply-token-0123456789abcdef',
  ...extra,
});

describe('the application form with a file attached', () => {
  it('coming back for a missing field, it says the file was not kept and must be chosen again', async () => {
    const r = await post(form({ description: '' }));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('请填写所需政府信息的名称、文号或特征性描述');
    expect(html).toContain('身份证明“身份证.pdf”尚未提交：请修改其他内容后重新选择该文件');
    // What was typed is kept.
    expect(html).toContain(`value="${PERSON.name}"`);
  });

  it('a complete form registers the file with the application', async () => {
    const r = await post(form({ formToken: 'field-apply-token-complete-0123456' }));
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/apply\/receipt\//);
  });
});

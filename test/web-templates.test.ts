// The letter-template editor: an administrator edits the 登记回执, previews it on sample data, saves a new version;
// a template that drops what the law requires, or names an unknown placeholder, is refused with the reason and the
// text as typed. Every save is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, replyKind } from '../src/letters/index.ts';
import { currentTemplate } from '../src/web/templates/store.ts';
import { auditActions, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
}, 60_000);
afterAll(async () => t?.close());

const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('letter templates', () => {
  it('lists every letter, all at their default', async () => {
    const page = await text(await t.request('/admin/templates', { as: 'administrator' }));
    expect(page).toContain('登记回执');
    expect(page).toContain('答复书');
    expect(page).not.toContain('已修改');
  });

  it('previews an edit on sample data without saving it', async () => {
    const paragraphs = [...DEFAULT_TEMPLATES.receipt.paragraphs, '如有疑问，请于工作日致电本机关。'].join(
      '\n',
    );
    const r = await t.request('/admin/templates/receipt/preview', {
      as: 'administrator',
      form: { title: '政府信息公开申请登记回执', paragraphs },
    });
    expect(r.status).toBe(200);
    const page = await text(r);
    expect(page).toContain('如有疑问，请于工作日致电本机关。');
    expect(page).toContain('尚未保存');
    expect((await currentTemplate(t.handle.db, 'receipt')).version).toBe(0);
  });

  it('refuses an unknown placeholder, showing the text as typed', async () => {
    const r = await t.request('/admin/templates/receipt', {
      as: 'administrator',
      form: { title: '登记回执', paragraphs: '{{applicant.nmae}}：已收到。' },
    });
    expect(r.status).toBe(422);
    const body = await r.text();
    expect(body).toContain('applicant.nmae');
    expect(body).toContain('{{applicant.nmae}}：已收到。');
    expect((await currentTemplate(t.handle.db, 'receipt')).version).toBe(0);
  });

  it('refuses a reply that no longer tells the applicant of 行政复议 and 行政诉讼', async () => {
    const kind = replyKind('granted');
    const stripped = DEFAULT_TEMPLATES[kind].paragraphs.filter((p) => !/行政复议|行政诉讼/.test(p));
    const r = await t.request(`/admin/templates/${encodeURIComponent(kind)}`, {
      as: 'administrator',
      form: { title: DEFAULT_TEMPLATES[kind].title, paragraphs: stripped.join('\n') },
    });
    expect(r.status).toBe(422);
    expect(await text(r)).toContain('行政复议');
  });

  it('saves a new version, used from then on, and audits it', async () => {
    const paragraphs = [...DEFAULT_TEMPLATES.receipt.paragraphs, '如有疑问，请于工作日致电本机关。'].join(
      '\n',
    );
    const r = await t.request('/admin/templates/receipt', {
      as: 'administrator',
      form: { title: '政府信息公开申请登记回执', paragraphs },
    });
    expect(r.status).toBe(303);
    const now = await currentTemplate(t.handle.db, 'receipt');
    expect(now.version).toBe(1);
    expect(now.template.paragraphs.at(-1)).toBe('如有疑问，请于工作日致电本机关。');
    expect(await auditActions(t.handle)).toContain('letter.template.save');
    expect(await text(await t.request('/admin/templates', { as: 'administrator' }))).toContain(
      '第 1 版（已修改）',
    );
  });
});

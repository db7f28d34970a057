// The public portal over HTTP: every page, the application form with its validation next to the fields, the
// receipt and tracking (nothing personal shown), the annual reports with tables, findings, charts and DOCX.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMatter } from '../src/publishing/catalogue.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { auditActions, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let reportId = 0;
beforeAll(async () => {
  t = await openWebTest({ applyLimit: { max: 4, windowMs: 3600_000 } });
  const r = await collectFile(
    t.handle.db,
    { name: 'seed-000.txt', bytes: readFileSync(seed('000').file) },
    { maxFileBytes: 1 << 20, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-19', origin: 'demo' },
  );
  reportId = r.reportId!;
});
afterAll(async () => t?.close());

const application = () => ({
  agencyId: String(t.agency.A),
  applicantType: 'commercial',
  name: '北京某某科技有限公司',
  idNumber: '91350100M000100Y43',
  phone: '010-12345678',
  email: 'office@example.com',
  address: '',
  description: '甲镇2023年政府采购项目的中标公告',
  formWanted: 'electronic',
  deliveryWanted: 'email',
});

const ip = (n: number) => ({ incoming: { socket: { remoteAddress: `192.0.2.${n}` } } });
const ANON = 'gk_csrf=anonymous-test-token-0123456789';
let tokens = 0;
/** A fresh one-time form token, as GET /apply gives one. */
const formToken = () => `test-form-token-${String(++tokens).padStart(8, '0')}`;
async function apply(form: Record<string, string>, from = 1, token = formToken()) {
  const body = new URLSearchParams({ ...form, formToken: token, _csrf: 'anonymous-test-token-0123456789' });
  return t.app.request(
    '/apply',
    {
      method: 'POST',
      headers: { cookie: ANON, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    },
    ip(from),
  );
}

describe('pages', () => {
  it.each([
    ['/', '最新年度报告'],
    ['/apply', '所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述'],
    ['/track', '查询码'],
    ['/reports', '北京市大兴区庞各庄镇人民政府'],
    ['/catalogue', '主动公开目录'],
    ['/login', '工作人员登录'],
  ])('%s answers 200 with its content', async (path, content) => {
    const r = await t.request(path);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain(content);
  });

  it('answers an unknown page with a Chinese 404', async () => {
    const r = await t.request('/nothing-here');
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('您访问的页面不存在');
  });

  it('lists only 受理机关 on the form (no regions, no departments)', async () => {
    const html = await (await t.request('/apply')).text();
    expect(html).toContain('测试区甲镇人民政府');
    expect(html).not.toContain('>测试区人民政府<');
    expect(html).not.toContain('甲镇党政办公室');
  });
});

describe('applying', () => {
  it('when fields are wrong, then 400 with each Chinese message next to its field and the input kept', async () => {
    const r = await apply(
      {
        ...application(),
        idNumber: '12345',
        phone: 'abc',
        description: '',
        deliveryWanted: 'email',
        email: '',
      },
      10,
    );
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/id="idNumber-error"[^>]*>统一社会信用代码不正确/);
    expect(html).toMatch(/id="phone-error"[^>]*>联系电话格式不正确/);
    expect(html).toMatch(/id="description-error"[^>]*>请填写所需政府信息的名称、文号或特征性描述/);
    expect(html).toMatch(/id="email-error"[^>]*>选择电子邮件时请填写电子邮箱/);
    expect(html).toContain('提交的内容有 4 处需要修改');
    expect(html).toContain('value="北京某某科技有限公司"');
    expect(html).toMatch(/aria-describedby="phone-error"/);
  });

  it('refuses an agency that does not take applications', async () => {
    const r = await apply({ ...application(), agencyId: String(t.agency.R) }, 11);
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('请从列表中选择受理机关');
  });

  let code = '';
  it('registers a valid application, audited as an anonymous intake, and shows a receipt with the code', async () => {
    const r = await apply(application(), 12);
    expect(r.status).toBe(303);
    const receipt = r.headers.get('location')!;
    expect(receipt).toMatch(/^\/apply\/receipt\//);
    const html = await (await t.request(receipt)).text();
    // The 查询码: 16 characters without 0/O/1/I, in the element tests read, separate from the case number.
    code = /data-tracking-code="([^"]+)"/.exec(html)![1]!;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    expect(html).not.toMatch(/a-2024-\d{5}/);
    expect(html).toContain('收到申请之日');
    expect(html).toContain('2024-03-15');
    expect(html).toContain('2024-04-15'); // 20 working days, 清明 (04-04, 04-05) not counted
    expect(html).not.toContain('北京某某科技有限公司');
    expect(html).not.toContain('91350100M000100Y43');
    expect(await auditActions(t.handle)).toContain('case.intake');
  });

  it('a second submission of the same form registers nothing and shows the first receipt', async () => {
    const token = formToken();
    const first = await apply(application(), 13, token);
    expect(first.status).toBe(303);
    const again = await apply(application(), 13, token);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`${first.headers.get('location')}?again=1`);
    expect(await (await t.request(again.headers.get('location')!)).text()).toContain('未重复登记');
  });

  it('flags the same applicant and text within minutes as a possible double submission', async () => {
    const a = await apply({ ...application(), description: '重复提交测试' }, 14);
    const b = await apply({ ...application(), description: '重复提交测试' }, 14);
    expect([a.status, b.status]).toEqual([303, 303]);
    const rows = await t.handle.db.execute(
      sql`select code, duplicate_of from cases where description = '重复提交测试' order by id`,
    );
    const [x, y] = (rows as unknown as { rows: { code: string; duplicate_of: string | null }[] }).rows;
    expect(x!.duplicate_of).toBeNull();
    expect(y!.duplicate_of).toBe(x!.code);
  });

  it('tracks the application by its code, case-insensitive, showing nothing personal', async () => {
    const r = await t.request(`/track?code=${encodeURIComponent(code.toLowerCase())}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('2024-04-15');
    expect(html).toContain('办理中');
    expect(html).toContain('测试区甲镇人民政府');
    expect(html).toContain('收到申请');
    for (const personal of [
      '北京某某科技有限公司',
      '91350100M000100Y43',
      '010-12345678',
      'office@example.com',
      '政府采购项目',
    ])
      expect(html).not.toContain(personal);
  });

  it('an unknown code is a 404 with a clear message', async () => {
    const r = await t.request('/track?code=a-2024-00001');
    expect(r.status).toBe(404);
    // The internal case number opens nothing.
    expect(await r.text()).toContain('未找到查询码为“a-2024-00001”的申请');
  });

  it('when one address applies too often, then 429 with a Chinese page', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await apply(application(), 99)).status);
    expect(codes.slice(0, 4)).toEqual([303, 303, 303, 303]);
    expect(codes.slice(4)).toEqual([429, 429]);
    const r = await apply(application(), 99);
    expect(await r.text()).toContain('提交申请过于频繁');
  });

  it('without the double-submit cookie the form is refused', async () => {
    const r = await t.app.request('/apply', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...application(), _csrf: 'anonymous-test-token-0123456789' }).toString(),
    });
    expect(r.status).toBe(403);
  });
});

describe('主动公开 catalogue', () => {
  it('lists the matters and finds them by any word of their text', async () => {
    for (const [name, content] of [
      ['财政预决算', '部门预算、决算及“三公”经费'],
      ['重大建设项目', '批准服务信息、招标投标信息'],
    ] as const)
      await addMatter(
        t.handle.db,
        {
          agency: t.agency.A,
          name,
          content,
          basis: '《中华人民共和国预算法》',
          timeLimit: '信息形成或变更之日起20个工作日内',
          subject: '测试区甲镇人民政府',
          channels: ['政府网站'],
          mode: 'proactive',
        },
        { actor: 'test' },
      );
    const all = await (await t.request('/catalogue')).text();
    expect(all).toContain('财政预决算');
    expect(all).toContain('重大建设项目');
    const hit = await (await t.request(`/catalogue?q=${encodeURIComponent('招标')}`)).text();
    expect(hit).toContain('重大建设项目');
    expect(hit).not.toContain('财政预决算');
    const none = await (await t.request(`/catalogue?q=${encodeURIComponent('不存在的词')}`)).text();
    expect(none).toContain('没有找到符合条件的事项');
  });
});

describe('annual reports', () => {
  it('shows a report with its six sections, tables, findings and charts', async () => {
    const r = await t.request(`/reports/${reportId}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('北京市大兴区庞各庄镇人民政府2023年政府信息公开工作年度报告');
    expect(html).toContain('一、总体情况');
    expect(html).toContain('表三　收到和处理政府信息公开申请情况');
    expect(html).toMatch(/id="cell-t3\.received\.total"[^>]*>13</);
    expect(html).toContain('未发现问题');
    expect(html).toContain(`/reports/${reportId}/charts/outcomes.svg`);
  });

  it('filters by year and agency', async () => {
    expect(await (await t.request('/reports?year=2023')).text()).toContain('北京市大兴区庞各庄镇人民政府');
    expect(await (await t.request('/reports?year=2019')).text()).toContain('暂无年度报告');
  });

  it('draws the outcome chart as SVG', async () => {
    const r = await t.request(`/reports/${reportId}/charts/outcomes.svg`);
    expect(r.headers.get('content-type')).toContain('image/svg+xml');
    expect(await r.text()).toMatch(/^<svg/);
  });

  it('downloads the report as DOCX in the official layout', async () => {
    const r = await t.request(`/reports/${reportId}/docx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''.*\.docx/);
    const zip = await JSZip.loadAsync(await r.arrayBuffer());
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toContain('收到和处理政府信息公开申请情况');
  });

  it('gives its data in the parse --json shape', async () => {
    const j = (await (await t.request(`/reports/${reportId}/json`)).json()) as {
      fields: Record<string, number>;
      year: number;
    };
    expect(j.year).toBe(2023);
    expect(j.fields['t3.received.total']).toBe(13);
  });

  it('a report that does not exist is a 404', async () => {
    expect((await t.request('/reports/999999')).status).toBe(404);
    expect((await t.request('/reports/abc')).status).toBe(404);
  });
});

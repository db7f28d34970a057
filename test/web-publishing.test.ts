// 主动公开 in the staff console, through the routes: each role sees its own queue of its own agency, a step is taken
// by the role the chain names (《条例》第十七条's 保密审查 by the reviewer, 审批 by the approver), a return carries its
// reason back to the drafter, a published item is public under its matter, and the catalogue search finds it by a
// two-character Chinese term. Drafts are never public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMatter } from '../src/publishing/catalogue.ts';
import { createItem } from '../src/publishing/items.ts';
import { openWebTest, TODAY, type WebTest } from './support/web.ts';

let t: WebTest;
let matterId = 0;
let itemId = 0;
let otherItem = 0;

const text = async (r: Response) => (await r.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const step = (action: string, as: 'officer' | 'reviewer' | 'approver', reason = '') =>
  t.request(`/staff/publishing/items/${itemId}/step`, { as, form: { action, reason } });

beforeAll(async () => {
  t = await openWebTest();
  const m = await addMatter(
    t.handle.db,
    {
      agency: t.agency.A,
      domain: '规划建设',
      name: '城乡建设规划',
      content: '镇总体规划、控制性详细规划及其调整',
      basis: '《中华人民共和国城乡规划法》第八条',
      timeLimit: '信息形成或变更之日起20个工作日内',
      subject: '测试区甲镇人民政府',
      channels: ['门户网站'],
      mode: 'proactive',
    },
    { actor: 'test' },
  );
  matterId = m.id;
  // Drafted by someone else, so that the officer may pass its 审核 (the author may not review their own item).
  const ctx = { actor: 'user:drafter', roles: ['officer' as const], today: TODAY };
  const item = await createItem(
    t.handle.db,
    {
      agency: t.agency.A,
      title: '甲镇国土空间规划（2021—2035年）批前公示',
      category: '规划信息',
      formedOn: '2024-03-01',
      matterId,
      channels: ['门户网站'],
      body: '现将规划草案予以公示。',
    },
    ctx,
  );
  itemId = item.id;
  const other = await createItem(
    t.handle.db,
    { agency: t.agency.B, title: '乙街道通知', category: '通知公告', formedOn: '2024-03-01' },
    ctx,
  );
  otherItem = other.id;
}, 60_000);
afterAll(async () => t?.close());

describe('the review chain in the browser routes', () => {
  it('a draft is not public', async () => {
    expect((await t.request(`/catalogue/items/${itemId}`)).status).toBe(404);
  });

  it('the officer submits and passes 审核; the reviewer returns it with a reason; the drafter sees the reason', async () => {
    expect((await step('submit', 'officer')).status).toBe(303);
    let q = await text(await t.request('/staff/publishing', { as: 'officer' }));
    expect(q).toContain('待工作人员审核（1）');
    expect((await step('pass', 'officer')).status).toBe(303);
    // The reviewer's queue holds it; the approver's does not.
    expect(await text(await t.request('/staff/publishing', { as: 'reviewer' }))).toContain('待保密审查（1）');
    q = await text(await t.request('/staff/publishing', { as: 'approver' }));
    expect(q).toContain('待主管领导审批（0）');
    expect(q).not.toContain('待保密审查');
    // An approver cannot take the reviewer's step.
    expect((await step('pass', 'approver')).status).toBe(403);
    // A return without a reason is refused, with the form shown again.
    const bare = await step('return', 'reviewer');
    expect(bare.status).toBe(422);
    expect(await text(bare)).toContain('退回须填写理由');
    expect((await step('return', 'reviewer', '附件中含有个人身份证号码，请删除后再提交')).status).toBe(303);
    const page = await text(await t.request(`/staff/publishing/items/${itemId}`, { as: 'officer' }));
    expect(page).toContain('已被退回修改，理由：附件中含有个人身份证号码，请删除后再提交');
    expect(page).toContain('保密审查退回');
  });

  it('resubmitted, it goes through 保密审查 and 审批 and is published under its matter', async () => {
    for (const [a, who] of [
      ['submit', 'officer'],
      ['pass', 'officer'],
      ['pass', 'reviewer'],
      ['pass', 'approver'],
      ['publish', 'officer'],
    ] as const)
      expect((await step(a, who)).status, `${a} by ${who}`).toBe(303);
    const pub = await text(await t.request(`/catalogue/items/${itemId}`));
    expect(pub).toContain('甲镇国土空间规划');
    expect(pub).toContain(`发布日期 ${TODAY}`);
    const matter = await text(await t.request(`/catalogue/matters/${matterId}`));
    expect(matter).toContain('已公开的信息（1）');
    expect(matter).toContain('甲镇国土空间规划');
    const cat = await (await t.request('/catalogue')).text();
    expect(cat).toContain(`<a href="/catalogue/matters/${matterId}">1 条</a>`);
  });

  it('the catalogue search finds it by a two-character term', async () => {
    const r = await text(await t.request(`/catalogue?q=${encodeURIComponent('规划')}`));
    expect(r).toContain('城乡建设规划');
    expect(r).toContain('标题或正文含“规划”的信息（1）');
    // A term only in the item's text finds its matter too.
    const r2 = await text(await t.request(`/catalogue?q=${encodeURIComponent('空间')}`));
    expect(r2).toContain('共 1 项');
    expect(r2).toContain('甲镇国土空间规划');
    const none = await text(await t.request(`/catalogue?q=${encodeURIComponent('西瓜')}`));
    expect(none).toContain('没有找到符合条件的事项');
  });

  it("another agency's item is out of reach", async () => {
    for (const who of ['officer', 'reviewer', 'approver'] as const)
      expect((await t.request(`/staff/publishing/items/${otherItem}`, { as: who })).status).toBe(403);
  });
});

describe('《条例》第二十六条: 20 working days from formation', () => {
  it('flags an unpublished item the working day after its last day, counting the 2024 Spring Festival make-up Sunday', async () => {
    // 2024: 2月10日–17日 are holidays and Sunday 2月18日 a working day. Formed on Saturday 17 February, the first of
    // the 20 working days is Sunday the 18th and the last Thursday 14 March: on 15 March it is overdue. Formed on
    // the 18th, the last day is today, 15 March: not yet overdue.
    const ctx = { actor: 'user:drafter', roles: ['officer' as const], today: TODAY };
    for (const [title, formedOn] of [
      ['春节前形成的通知', '2024-02-17'],
      ['调休日形成的通知', '2024-02-18'],
    ] as const)
      await createItem(t.handle.db, { agency: t.agency.A, title, category: '通知公告', formedOn }, ctx);
    const html = await (await t.request('/staff/publishing', { as: 'officer' })).text();
    const overdue = html.slice(html.indexOf('id="queue-overdue"'));
    expect(overdue).toContain('春节前形成的通知');
    expect(overdue).not.toContain('调休日形成的通知');
    const row = (title: string) => {
      const i = html.indexOf(title);
      return html.slice(i, html.indexOf('</tr>', i)).replace(/<[^>]+>/g, '');
    };
    expect(row('春节前形成的通知')).toContain('已超期（应于 2024-03-14 前发布）');
    expect(row('调休日形成的通知')).toContain('2024-03-15 前发布');
  });
});

describe('registers', () => {
  it('an officer registers a normative document and repeals it; the form keeps what was typed on an error', async () => {
    const bad = await t.request('/staff/publishing/norms', {
      as: 'officer',
      form: { kind: 'normativeDocument', docNo: '甲政发〔2024〕1号', title: '', issuedOn: '2024-02-01' },
    });
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('标题不能为空');
    expect(body).toContain('value="甲政发〔2024〕1号"');
    const ok = await t.request('/staff/publishing/norms', {
      as: 'officer',
      form: {
        kind: 'normativeDocument',
        docNo: '甲政发〔2024〕1号',
        title: '甲镇河长制实施办法',
        issuedOn: '2024-02-01',
      },
    });
    expect(ok.status).toBe(303);
    const list = await (await t.request('/staff/publishing/norms', { as: 'officer' })).text();
    const id = /\/staff\/publishing\/norms\/(\d+)\/repeal/.exec(list)![1];
    const rep = await t.request(`/staff/publishing/norms/${id}/repeal`, {
      as: 'officer',
      form: { repealedOn: '2024-03-10', note: '被新办法替代' },
    });
    expect(rep.status).toBe(303);
    expect(await text(await t.request('/staff/publishing/norms', { as: 'reviewer' }))).toContain(
      '2024-03-10 废止',
    );
  });

  it('consultations: open, an opinion, classify, feedback', async () => {
    const r = await t.request('/staff/publishing/consultations', {
      as: 'officer',
      form: { title: '甲镇停车管理办法征求意见', opensOn: '2024-03-01', closesOn: '2024-03-10' },
    });
    expect(r.status).toBe(303);
    const path = r.headers.get('location')!.replace(/\?.*/, '');
    expect(
      (
        await t.request(`${path}/opinions`, {
          as: 'officer',
          form: { receivedOn: '2024-03-05', content: '建议增加夜间停车位' },
        })
      ).status,
    ).toBe(303);
    const pageHtml = await (await t.request(path, { as: 'officer' })).text();
    const oid = /opinions\/(\d+)\/classify/.exec(pageHtml)![1];
    expect(
      (await t.request(`${path}/opinions/${oid}/classify`, { as: 'officer', form: { category: '交通出行' } }))
        .status,
    ).toBe(303);
    expect(
      (
        await t.request(`${path}/feedback`, {
          as: 'officer',
          form: { feedback: '已采纳，增设夜间停车位20个。', publishedOn: '2024-03-12' },
        })
      ).status,
    ).toBe(303);
    const v = await text(await t.request(path, { as: 'approver' }));
    expect(v).toContain('交通出行1条');
    expect(v).toContain('2024-03-12 公布');
  });

  it('work records', async () => {
    const r = await t.request('/staff/publishing/work', {
      as: 'officer',
      form: { on: '2024-03-02', kind: 'training', count: '1', participants: '35', note: '条例专题培训' },
    });
    expect(r.status).toBe(303);
    expect(await text(await t.request('/staff/publishing/work', { as: 'officer' }))).toContain(
      '条例专题培训',
    );
  });
});

// The officer's 复议 journey through the case page's forms (HTTP, real database): the 复议 is recorded with the day
// the copy of the application arrived (the page then shows the 答复书's 10-day deadline and offers the draft 答复书
// as DOCX, filled with the case's facts); the decision 纠正 with a new reply ordered and no period set reopens the
// case — its page, the case list and the dashboard show the running deadline, labelled as the product's default —;
// the new reply goes through the usual reply form with its 答复书; and the report builder's 表四 cell lists the
// 复议 with its filing and result dates.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCodeOf, intakeForm, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let code = '';
beforeAll(async () => {
  t = await openWebTest();
  const r = await t.request('/staff/intake', {
    as: 'officer',
    form: intakeForm(t, {
      channel: 'inPerson',
      receivedOn: '2024-01-05',
      description: '某村2023年集体土地征收补偿台账',
    }),
  });
  code = caseCodeOf(r);
  const reply = await post('reply', {
    on: '2024-01-20',
    outcome: 'unavailable.notHeld',
    legalBasis: '',
    note: '答复说明：本机关不掌握该台账。',
  });
  expect(reply.status).toBe(303);
});
afterAll(async () => t?.close());

const post = (action: string, form: Record<string, string>) =>
  t.request(`/staff/cases/${code}/do/${action}`, { as: 'officer', form });
const casePage = async () => (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const alertOf = (html: string) => /class="error-box" role="alert">([^<]*)</.exec(html)?.[1] ?? '';

describe('复议 → 答复书 → 纠正 with a new reply → 重新答复', () => {
  let appealId = '';

  it('records the 复议 with the day the copy arrived, and shows the 答复书 deadline', async () => {
    const r = await post('appeal', {
      on: '2024-02-01',
      kind: 'review',
      body: '测试区人民政府',
      copyReceivedOn: '2024-02-03',
      coDefendant: '',
    });
    expect(r.status).toBe(303);
    const page = text(await casePage());
    // 10 days from the day after 2024-02-03 (calendar days, not moved off the 春节 holiday: the safe reading).
    expect(page).toContain(
      '行政复议答复书及证据、依据提交期限：2024-02-13（收到副本之日 2024-02-03 起 10 日',
    );
    appealId = /\/appeals\/(\d+)\/paper\.docx/.exec(await casePage())![1]!;
  });

  it('offers the 行政复议答复书 as a DOCX draft filled with the case’s facts', async () => {
    const r = await t.request(`/staff/cases/${code}/appeals/${appealId}/paper.docx`, { as: 'officer' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    expect(decodeURIComponent(r.headers.get('content-disposition')!)).toContain(
      '行政复议答复书（草稿）.docx',
    );
    const zip = await JSZip.loadAsync(await r.arrayBuffer());
    const body = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    // The applicant as named (a 答复书 goes to the 复议机关, not to the public), the dates and the article.
    for (const s of [
      '答复人（被申请人）：',
      '申请人：王小明',
      '2024年2月1日向测试区人民政府申请行政复议',
      '本机关于2024年2月3日收到行政复议申请书副本',
      '2024年1月5日，本机关收到申请人以“当面提交”方式提出的政府信息公开申请，申请获取：某村2023年集体土地征收补偿台账',
      '2024年1月20日，本机关作出答复：',
      '答复说明：本机关不掌握该台账。',
      '提交期限 2024年2月13日',
      '【请承办人填写：',
      '此致测试区人民政府',
    ])
      expect(body).toContain(s);
    // The evidence: the application and the 答复书 that went out, with their dates.
    expect(body).toMatch(/1\. 政府信息公开申请（2024年1月5日）/);
    expect(body).toMatch(/\d\. 答复书 （四）无法提供[^（]*（2024年1月20日）/);
    expect(body).toContain('答复所依据的规定：《中华人民共和国政府信息公开条例》第三十六条第（四）项');
    expect(body).toContain('申请人王小明不服本机关作出的政府信息公开申请答复');
  });

  it('refuses a new reply ordered on a result that upheld the reply', async () => {
    const r = await post('appealDecide', {
      appeal: appealId,
      on: '2024-03-01',
      result: 'upheld',
      redo: 'yes',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('只有结果为“纠正”时才会责令重新答复');
  });

  it('纠正 with a new reply ordered, no period set: the case runs again, on the product’s default', async () => {
    const r = await post('appealDecide', {
      appeal: appealId,
      on: '2024-03-01',
      result: 'corrected',
      redo: 'yes',
      decisionReceivedOn: '2024-03-04',
      redoDays: '',
      redoUnit: 'days',
      redoDueOn: '',
    });
    expect(r.status).toBe(303);
    const page = text(await casePage());
    // 20 working days from the day after Monday 2024-03-04: 3-05 … 4-01 (no holiday in between).
    expect(page).toContain('行政复议决定纠正，待重新答复，期限 2024-04-01（系统默认期限）');
    expect(page).toContain('复议决定或判决纠正 复议决定纠正并责令重新答复，重新答复期限 2024-04-01');
    expect(page).toContain(
      '决定书未写期限，系统默认自收到决定书次日起 20 个工作日（参照《条例》第三十三条第二款）',
    );
    // The case list (its own filter) and the dashboard show it with its running deadline.
    const list = text(await (await t.request('/staff/cases?status=redo', { as: 'officer' })).text());
    expect(list).toContain(code);
    expect(list).toContain('2024-04-01（重新答复）');
    const dash = text(await (await t.request('/staff', { as: 'officer' })).text());
    expect(dash).toContain('待重新答复（复议决定或判决责令）');
    expect(dash).toMatch(new RegExp(`${code}.*待重新答复.*2024-04-01（重新答复）`));
  });

  it('the new reply: the usual form, its 答复书, never the same answer on the same grounds', async () => {
    const same = await post('reReply', {
      on: '2024-03-14',
      outcome: 'unavailable.notHeld',
      legalBasis: '',
      note: '',
    });
    expect(same.status).toBe(422);
    expect(alertOf(await same.text())).toContain('不得以同一事实和理由作出相同或者基本相同的答复');
    const r = await post('reReply', {
      on: '2024-03-14',
      outcome: 'granted',
      legalBasis: '',
      note: '经重新检索，予以公开',
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('notice=letter');
    const html = await casePage();
    const page = text(html);
    expect(page).toContain(
      '重新答复 （一）予以公开；依据：《中华人民共和国政府信息公开条例》第三十六条第（二）项；经重新检索，予以公开',
    );
    expect(page).toContain('已于 2024-03-14 重新答复（期限 2024-04-01）');
    // The first reply stays what the case (and 表三) counted.
    expect(page).toContain('2024-01-20 办结');
    expect((html.match(/答复书 · （一）予以公开/g) ?? []).length).toBeGreaterThan(0);
    const list = text(await (await t.request('/staff/cases?status=redo', { as: 'officer' })).text());
    expect(list).not.toContain(code);
  });

  it('the report builder’s 表四 cell lists the 复议 with its filing and result dates', async () => {
    const builder = await (
      await t.request(`/staff/agencies/${t.agency.A}/report/2024`, { as: 'officer' })
    ).text();
    expect(builder).toMatch(/id="cell-t4\.review\.corrected"[^>]*>(?:<a [^>]*>)?1</);
    // 表三: one application, one 办理结果 (the first reply), 新收 1.
    expect(builder).toMatch(/id="cell-t3\.received\.total"[^>]*>(?:<a [^>]*>)?1</);
    expect(builder).toMatch(/id="cell-t3\.total\.total"[^>]*>(?:<a [^>]*>)?1</);
    expect(builder).toMatch(/id="cell-t3\.granted\.total"[^>]*>(?:<a [^>]*>)?0</);
    const cell = text(
      await (
        await t.request(`/staff/agencies/${t.agency.A}/report/2024/cells/t4.review.corrected`, {
          as: 'officer',
        })
      ).text(),
    );
    expect(cell).toContain(`${code} 行政复议 2024-02-01 2024-03-01 纠正`);
    expect(cell).toContain('结果纠正');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const good = () => ({
  agencyId: String(t.agency.A),
  applicantType: 'naturalPerson',
  name: '张三',
  idNumber: '11010519491231002X',
  phone: '13812345678',
  email: '',
  address: '北京市大兴区某路1号',
  description: '2023年老旧小区改造项目立项批复',
  formWanted: 'electronic',
  deliveryWanted: 'post',
});

describe('apply', () => {
  it('works', async () => {
    const r = await t.request('/apply', { form: good() });
    expect(r.status, (await r.clone().text()).match(/error-box">([^<]*)/)?.[1]).toBe(303);
    console.log(r.headers.get('location'));
    const rec = await t.request(r.headers.get('location')!);
    console.log((await rec.text()).slice(-1500));
  });
});

// The registers behind the annual report's figures, on a real database: consultations counted per category (seed
// 004's 98 opinions), work records per kind, and the normative-documents register → 表二 in both layouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgency } from '../src/publishing/agencies.ts';
import {
  addOpinion,
  classifyOpinion,
  consultationFacts,
  getConsultation,
  openConsultation,
  publishFeedback,
} from '../src/publishing/consultations.ts';
import {
  addNormDoc,
  listNormDocs,
  registerTable2,
  repealNormDoc,
} from '../src/publishing/normative-documents.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';
import { addWorkRecord, workFacts } from '../src/publishing/work-records.ts';

let f: Fixture;
let jd: number;
const ctx = { actor: 'user:zhang', roles: ['officer' as const], today: '2024-06-30' };

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
  jd = (await getAgency(f.db, 't-jd')).id;
});
afterAll(async () => {
  await f?.handle.close();
});

describe('公开征集意见', () => {
  it('counts opinions per category as seed 004 reports them (98: 54 + 33 + 8 + 3)', async () => {
    const c = await openConsultation(
      f.db,
      {
        agency: 't-jd',
        title: '2022年度重要民生实事项目意见征集',
        opensOn: '2022-01-05',
        closesOn: '2022-01-25',
      },
      ctx,
    );
    const split = { 基本公共服务: 54, 便民服务: 33, 宜居生活: 8, 生活安全: 3 };
    let n = 0;
    for (const [category, count] of Object.entries(split))
      for (let i = 0; i < count; i++, n++)
        await addOpinion(
          f.db,
          c.id,
          {
            receivedOn: `2022-01-${String(5 + (n % 20)).padStart(2, '0')}`,
            content: `意见${n}`,
            category: i === 0 ? null : category,
          },
          ctx,
        );
    // The first of each category came in unclassified: they count as 未分类 until someone classifies them.
    const before = await getConsultation(f.db, c.id);
    expect(before.byCategory.find((x) => x.name === '未分类')?.count).toBe(4);
    for (const o of before.opinions.filter((o) => o.category === null)) {
      const cat = Object.keys(split)[before.opinions.filter((x) => x.category === null).indexOf(o)]!;
      await classifyOpinion(f.db, o.id, cat, ctx);
    }
    const v = await getConsultation(f.db, c.id);
    expect(v.total).toBe(98);
    expect(v.byCategory).toEqual([
      { name: '基本公共服务', count: 54 },
      { name: '便民服务', count: 33 },
      { name: '宜居生活', count: 8 },
      { name: '生活安全', count: 3 },
    ]);
    await expect(addOpinion(f.db, c.id, { receivedOn: '2022-01-26', content: '迟到' }, ctx)).rejects.toThrow(
      /征集期为 2022-01-05 至 2022-01-25/,
    );
    await expect(
      publishFeedback(f.db, c.id, { feedback: '已采纳', publishedOn: '2022-01-20' }, ctx),
    ).rejects.toThrow(/不能早于截止日期/);
    await publishFeedback(f.db, c.id, { feedback: '采纳情况：……', publishedOn: '2022-02-10' }, ctx);
    expect(await consultationFacts(f.db, jd, 2022)).toMatchObject({ calls: 1, total: 98, feedbacks: 1 });
    expect(await consultationFacts(f.db, jd, 2023)).toEqual({
      calls: 0,
      total: 0,
      byCategory: [],
      feedbacks: 0,
    });
  });
});

describe('work records', () => {
  it('sum per kind within the year', async () => {
    await addWorkRecord(f.db, { agency: 't-jd', on: '2023-05-12', kind: '培训', participants: 40 }, ctx);
    await addWorkRecord(
      f.db,
      { agency: 't-jd', on: '2023-11-03', kind: 'training', count: 2, participants: 25 },
      ctx,
    );
    await addWorkRecord(
      f.db,
      { agency: 't-jd', on: '2023-09-20', kind: '政务开放日', participants: 30 },
      ctx,
    );
    await addWorkRecord(f.db, { agency: 't-jd', on: '2024-01-02', kind: '培训', participants: 10 }, ctx);
    expect(await workFacts(f.db, jd, 2023)).toEqual({
      training: { count: 3, participants: 65 },
      openDay: { count: 1, participants: 30 },
      inspection: { count: 0, participants: 0 },
      other: { count: 0, participants: 0 },
    });
    await expect(
      addWorkRecord(f.db, { agency: 't-jd', on: '2023-05-12', kind: '座谈' }, ctx),
    ).rejects.toThrow(/类型应为/);
  });
});

describe('normative-documents register → 表二 第二十条第（一）项', () => {
  beforeAll(async () => {
    const add = (docNo: string, kind: string, issuedOn: string, publishedOn: string | null = issuedOn) =>
      addNormDoc(f.db, { agency: 't-jd', kind, docNo, title: docNo, issuedOn, publishedOn }, ctx);
    await add('京通北发〔2019〕1号', '行政规范性文件', '2019-03-01');
    await add('京通北发〔2020〕2号', '行政规范性文件', '2020-06-01', '2020-06-10');
    await add('京通北发〔2020〕9号', '行政规范性文件', '2020-12-20', '2021-01-05');
    await add('京通北发〔2021〕3号', '行政规范性文件', '2021-04-01');
    await add('区政府令第1号', '规章', '2021-05-01');
    await add('京通北发〔2023〕1号', '行政规范性文件', '2023-02-01');
    const docs = await listNormDocs(f.db, 't-jd');
    await repealNormDoc(
      f.db,
      docs.find((d) => d.docNo === '京通北发〔2019〕1号')!.id,
      { repealedOn: '2021-12-31', note: '清理' },
      ctx,
    );
    await repealNormDoc(
      f.db,
      docs.find((d) => d.docNo === '京通北发〔2021〕3号')!.id,
      { repealedOn: '2023-07-01' },
      ctx,
    );
  });

  it('2019 layout (report on 2020): 新制作 by issue date, 新公开 by publication date, 对外公开总数量 to date', async () => {
    const { fields } = await registerTable2(f.db, jd, 2020);
    expect(fields).toEqual({
      't2.regulations.made': 0,
      't2.regulations.published': 0,
      't2.regulations.total': 0,
      't2.normativeDocuments.made': 2,
      't2.normativeDocuments.published': 1,
      't2.normativeDocuments.total': 2,
    });
  });

  it('2021 layout: 本年制发, 本年废止, 现行有效 on 31 December', async () => {
    expect((await registerTable2(f.db, jd, 2021)).fields).toEqual({
      't2.regulations.issued': 1,
      't2.regulations.repealed': 0,
      't2.regulations.inForce': 1,
      't2.normativeDocuments.issued': 1,
      't2.normativeDocuments.repealed': 1,
      't2.normativeDocuments.inForce': 3,
    });
    expect((await registerTable2(f.db, jd, 2023)).fields).toMatchObject({
      't2.normativeDocuments.issued': 1,
      't2.normativeDocuments.repealed': 1,
      't2.normativeDocuments.inForce': 3,
    });
  });

  it('a number is registered once; a repeal is once and after issue', async () => {
    await expect(
      addNormDoc(
        f.db,
        { agency: 't-jd', kind: '规章', docNo: '区政府令第1号', title: 'x', issuedOn: '2021-05-01' },
        ctx,
      ),
    ).rejects.toThrow(/已登记/);
    const d = (await listNormDocs(f.db, 't-jd')).find((x) => x.docNo === '京通北发〔2021〕3号')!;
    await expect(repealNormDoc(f.db, d.id, { repealedOn: '2024-01-01' }, ctx)).rejects.toThrow(
      /已于 2023-07-01 废止/,
    );
    await expect(
      addNormDoc(f.db, { agency: 't-jd', kind: '通知', docNo: 'x', title: 'x', issuedOn: '2021-05-01' }, ctx),
    ).rejects.toThrow(/类别应为/);
  });
});

// Agency identity and performance (issue 16): an alias a supervisor records is used by the name matcher, the
// district with and without its city matches the same agency, a population gives applications per 万人 with its
// source, and each change is audited.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/query.ts';
import { agencies } from '../src/db/schema/agencies.ts';
import { reportFromFields } from '../src/domain/report/model.ts';
import { matchAgencyName } from '../src/supervision/agency-names.ts';
import { performance } from '../src/supervision/performance.ts';
import { collectReport } from '../src/web/reports/store.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
  await t.handle.db.insert(agencies).values({
    code: 'hz',
    name: '淮安市洪泽区人民政府',
    level: 'agency',
    kind: 'localGovernment',
    parentId: t.agency.R,
  });
});
afterAll(async () => t?.close());

describe('agency names', () => {
  it('a district printed without its city is the same agency', async () => {
    const id = await matchAgencyName(t.handle.db, '洪泽区人民政府');
    expect(id).not.toBeNull();
    expect(await matchAgencyName(t.handle.db, '淮安市 洪泽区人民政府')).toBe(id);
  });

  it('an alias recorded by the supervisor is matched, audited, and refused twice', async () => {
    expect(await matchAgencyName(t.handle.db, '甲镇政府')).toBeNull();
    const r = await t.request(`/supervise/agencies/${t.agency.A}/profile/aliases`, {
      as: 'supervisor',
      method: 'POST',
      form: { alias: '甲镇政府' },
    });
    expect(r.status).toBe(303);
    expect(await matchAgencyName(t.handle.db, '甲镇政府')).toBe(t.agency.A);
    const [a] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from audit_log where action = 'agency.alias.add'`,
    );
    expect(a!.n).toBe(1);
    const again = await t.request(`/supervise/agencies/${t.agency.B}/profile/aliases`, {
      as: 'supervisor',
      method: 'POST',
      form: { alias: '甲镇政府' },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('已是测试区甲镇人民政府的名称或别名');
  });
});

describe('performance', () => {
  it('applications per 万人 from the recorded population, with its source', async () => {
    await collectReport(
      t.handle.db,
      {
        report: reportFromFields(
          '2021',
          { 't3.received.total': 30, 't4.review.corrected': 1, 't4.review.upheld': 3 },
          {
            agency: '测试区甲镇人民政府',
            year: 2023,
          },
        ),
        findings: [],
        sourceName: 'a.json',
        sourceForm: 'json',
        sha256: 'perf-a',
        origin: 'upload',
      },
      'test',
    );
    const bad = await t.request(`/supervise/agencies/${t.agency.A}/profile/population`, {
      as: 'supervisor',
      method: 'POST',
      form: { year: '2023', population: '-5', source: '' },
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('人口应大于0');
    expect(html).toContain('请写明人口数字的来源');
    const ok = await t.request(`/supervise/agencies/${t.agency.A}/profile/population`, {
      as: 'supervisor',
      method: 'POST',
      form: { year: '2023', population: '60000', source: '测试区2023年统计公报' },
    });
    expect(ok.status).toBe(303);
    const rows = await performance(t.handle.db, { rootId: t.agency.R, years: [2023], today: '2024-03-15' });
    const a = rows.find((r) => r.agencyId === t.agency.A)!;
    expect(a.received).toBe(30);
    expect(a.perTenThousand).toBe(5); // 30 ÷ 60,000 × 10,000
    expect(a.population?.source).toBe('测试区2023年统计公报');
    expect(a.reviewCorrection).toEqual({ corrected: 1, concluded: 4, rate: 25 });
    const page = await t.request(`/supervise/agencies/${t.agency.R}/performance?year=2023`, {
      as: 'supervisor',
    });
    expect(await page.text()).toContain('测试区2023年统计公报');
  });
});

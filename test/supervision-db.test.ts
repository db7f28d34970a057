// Supervision in the database: collected reports, the status board by each agency's own deadline, combined tables
// summed in SQL, ranking — on PGlite, and on PostgreSQL when DATABASE_URL is set.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../src/cases/agencies.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from '../src/cases/testing.ts';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { aggregateReports } from '../src/domain/aggregate/index.ts';
import { toParsedJson } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { aggregateInDb, rankAgencies } from '../src/supervision/aggregate-sql.ts';
import { collectBatch } from '../src/supervision/collect-bulk.ts';
import { statusBoard } from '../src/supervision/status-board.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const item = (seed: number, agency: string, publishedOn: string | null, year = 2023) => {
  const r = synthesizeReport(prng(seed), { format: '2021', year, agency });
  return {
    report: r,
    bulk: {
      parsed: toParsedJson(r, { provenance: false }),
      findings: checkReport(r),
      sha256: `sha-${seed}-${agency}`,
      sourceName: `${agency}.txt`,
      sourceForm: 'text',
      publishedOn,
    },
  };
};

describe('status board and combined tables', () => {
  it('judges each agency by its own deadline and sums the subtree in SQL', async () => {
    const region = await createAgency(
      h.db,
      {
        code: `region-${Date.now()}`,
        name: '测试区人民政府',
        level: 'region',
        kind: 'localGovernment',
        parent: null,
      },
      TEST_CTX,
    );
    const townA = await newAgency(h, { kind: 'township', name: '甲镇人民政府', parent: region.code });
    const townB = await newAgency(h, { kind: 'township', name: '乙镇人民政府', parent: region.code });
    const dept = await newAgency(h, { kind: 'department', name: '测试区司法局', parent: region.code });
    await newAgency(h, { kind: 'township', name: '丙街道办事处', parent: region.code });
    const items = [
      item(1, region.name, '2024-03-28'), // a county government: due 03-31, on time
      item(2, townA.name, '2024-01-30'), // on time
      item(3, townB.name, '2024-02-05'), // 5 days late
      item(4, dept.name, null), // collected, date unknown
    ];
    const added = await collectBatch(
      h.db,
      items.map((i) => i.bulk),
      'upload',
      'test',
    );
    expect(added).toBe(4);
    // Idempotent: the same files again add nothing.
    expect(
      await collectBatch(
        h.db,
        items.map((i) => i.bulk),
        'upload',
        'test',
      ),
    ).toBe(0);

    const board = await statusBoard(h.db, { year: 2023, today: '2024-04-10', rootAgencyId: region.id });
    const by = Object.fromEntries(board.map((r) => [r.name, r]));
    expect(by.测试区人民政府).toMatchObject({ deadline: '2024-03-31', status: 'onTime' });
    expect(by.甲镇人民政府).toMatchObject({ deadline: '2024-01-31', status: 'onTime' });
    expect(by.乙镇人民政府).toMatchObject({ status: 'late', daysLate: 5 });
    expect(by.测试区司法局).toMatchObject({ status: 'undated' });
    expect(by.丙街道办事处).toMatchObject({ status: 'missing', reportId: null });
    expect(by.乙镇人民政府!.depth).toBe(1);

    const db = await aggregateInDb(h.db, { year: 2023, rootAgencyId: region.id });
    const mem = aggregateReports(items.map((i) => i.report));
    expect(db.reports).toBe(4);
    for (const [k, v] of Object.entries(mem.fields)) expect(db.fields[k], k).toBeCloseTo(v, 6);

    const top = await rankAgencies(h.db, { year: 2023, key: 't3.received.total', limit: 2 });
    const want = [...items].sort(
      (a, b) =>
        (b.bulk.parsed.fields['t3.received.total'] ?? 0) - (a.bulk.parsed.fields['t3.received.total'] ?? 0),
    );
    expect(top[0]!.value).toBe(want[0]!.bulk.parsed.fields['t3.received.total']);
  });
});

describe('checks across reports', () => {
  it('finds a broken carry-over with last year and a report copied from another agency', async () => {
    const { crossChecks } = await import('../src/supervision/cross-checks.ts');
    const region = await createAgency(
      h.db,
      {
        code: `r2-${Date.now()}`,
        name: '核查区人民政府',
        level: 'region',
        kind: 'localGovernment',
        parent: null,
      },
      TEST_CTX,
    );
    const a = await newAgency(h, { kind: 'township', name: '丁镇人民政府', parent: region.code });
    const b = await newAgency(h, { kind: 'township', name: '戊镇人民政府', parent: region.code });
    const last = item(11, a.name, '2023-01-20', 2022);
    const now = item(12, a.name, '2024-01-20', 2023);
    const other = item(13, b.name, '2024-01-20', 2023);
    // 戊镇 copied 丁镇's text word for word.
    const text =
      '我镇高度重视政务公开工作，成立了由党委副书记任组长的政务公开领导小组并明确专人负责。严格落实信息公开保密审查制度并按照工作人员审核、保密审查机构复核、主管领导审批的程序公开信息。';
    now.bulk.parsed.sections = { overview: text };
    other.bulk.parsed.sections = { overview: text };
    // This year's 上年结转 is last year's 结转下年度, except in the 自然人 column.
    for (const c of [
      'naturalPerson',
      'commercial',
      'research',
      'nonprofit',
      'legalService',
      'otherOrg',
      'total',
    ])
      now.bulk.parsed.fields[`t3.carriedOver.${c}`] = last.bulk.parsed.fields[`t3.carriedForward.${c}`] ?? 0;
    now.bulk.parsed.fields['t3.carriedOver.naturalPerson']! += 3;
    await collectBatch(h.db, [last.bulk, now.bulk, other.bulk], 'upload', 'test');
    const findings = await crossChecks(h.db, { year: 2023, rootAgencyId: region.id });
    const carry = findings.filter((f) => f.rule === 'prev.carry-over');
    expect(carry.map((f) => [f.agencyName, f.cells[0]])).toEqual([[a.name, 't3.carriedOver.naturalPerson']]);
    const copies = findings.filter((f) => f.rule === 'copy.sameYear');
    expect(copies.map((f) => f.agencyName).sort()).toEqual([a.name, b.name].sort());
    expect(copies[0]!.message).toMatch(/政务公开领导小组|保密审查/);
  });
  it('a cell a supervisor confirmed counts in the carry-over check, as it counts in the sums', async () => {
    const { crossChecks } = await import('../src/supervision/cross-checks.ts');
    const { confirmCell } = await import('../src/supervision/cell-confirm.ts');
    const region = await createAgency(
      h.db,
      {
        code: `r3-${Date.now()}`,
        name: '核对区人民政府',
        level: 'region',
        kind: 'localGovernment',
        parent: null,
      },
      TEST_CTX,
    );
    const a = await newAgency(h, { kind: 'township', name: '庚镇人民政府', parent: region.code });
    const last = item(31, a.name, '2023-01-20', 2022);
    const now = item(32, a.name, '2024-01-20', 2023);
    const key = 't3.carriedOver.naturalPerson';
    // This year's 上年结转 is last year's 结转下年度 in every column.
    for (const c of [
      'naturalPerson',
      'commercial',
      'research',
      'nonprofit',
      'legalService',
      'otherOrg',
      'total',
    ])
      now.bulk.parsed.fields[`t3.carriedOver.${c}`] = last.bulk.parsed.fields[`t3.carriedForward.${c}`] ?? 0;
    // The reader could not read this year's 上年结转 (自然人): the cell is unknown, so nothing can be compared.
    delete now.bulk.parsed.fields[key];
    await collectBatch(h.db, [last.bulk, now.bulk], 'upload', 'test');
    const carry = async () =>
      (await crossChecks(h.db, { year: 2023, rootAgencyId: region.id }))
        .filter((f) => f.rule === 'prev.carry-over')
        .map((f) => f.cells[0]);
    expect(await carry()).toEqual([]);
    // The supervisor reads the source: it prints 2 more than last year's 结转下年度 — the carry-over is broken.
    const [row] = await h.db
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(eq(annualReports.sha256, now.bulk.sha256));
    const carried = last.bulk.parsed.fields['t3.carriedForward.naturalPerson'] ?? 0;
    await confirmCell(h.db, {
      reportId: row!.id,
      key,
      value: { state: 'number', value: carried + 2 },
      note: '核对原文第3页',
      actor: 'user:supervisor',
      at: new Date('2024-02-01T00:00:00Z'),
    });
    expect(await carry()).toEqual([key]);
  });
});

describe('one report per agency-year', () => {
  it('a dated report stands for the year even when an undated copy was collected later, and counts once', async () => {
    const region = await createAgency(
      h.db,
      {
        code: `r3-${Date.now()}`,
        name: '选择区人民政府',
        level: 'region',
        kind: 'localGovernment',
        parent: null,
      },
      TEST_CTX,
    );
    const town = await newAgency(h, { kind: 'township', name: '己镇人民政府', parent: region.code });
    const published = item(21, town.name, '2024-01-20');
    const copy = {
      ...item(21, town.name, null),
      bulk: { ...item(21, town.name, null).bulk, sha256: 'copy-21' },
    };
    await collectBatch(h.db, [published.bulk], 'upload', 'test');
    await collectBatch(h.db, [copy.bulk], 'upload', 'test');
    const board = await statusBoard(h.db, { year: 2023, today: '2024-04-10', rootAgencyId: region.id });
    expect(board.find((r) => r.name === town.name)).toMatchObject({
      status: 'onTime',
      publishedOn: '2024-01-20',
    });
    const sum = await aggregateInDb(h.db, { year: 2023, rootAgencyId: region.id });
    expect(sum.reports).toBe(1);
  });
});

// report_numbers (issue 18): every stored report's numbers as typed columns, kept by a trigger whichever way the
// report was stored, and the year's combined tables summed from it equal to the sums of the reports' own fields.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseTestDatabase } from '../cases/testing.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencies } from '../db/schema/agencies.ts';
import { annualReports } from '../db/schema/annual-reports.ts';
import { REPORT_NUMBER_KEYS } from '../db/schema/report-numbers.ts';
import { toParsedJson } from '../domain/report/model.ts';
import { prng, synthesizeReport } from '../domain/report/synthesize.ts';
import { sketch } from '../domain/similarity/index.ts';
import { aggregateByChoice, aggregateInDb, rankAgencies } from './aggregate-sql.ts';
import { type BulkItem, collectBatch } from './collect-bulk.ts';
import { crossChecks } from './cross-checks.ts';
import { supersede } from './report-choice.ts';
import { comparedText, loadSignatures } from './report-signatures.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

const YEAR = 2031; // a year no other test of this database uses
const bulk = (seed: number, format: '2019' | '2021', fee: number): BulkItem => {
  const r = synthesizeReport(prng(seed), { format, year: YEAR, agency: `数表测试机关${seed}` });
  const parsed = toParsedJson(r, { provenance: false });
  return {
    parsed: { ...parsed, fields: { ...parsed.fields, 't2.fees.amount': fee } },
    findings: [],
    sha256: `report-numbers-${seed}`,
    sourceName: `${seed}.txt`,
    sourceForm: 'text',
  };
};

describe('report_numbers', () => {
  const items = [bulk(1, '2021', 1.25), bulk(2, '2021', 0.1), bulk(3, '2019', 0.2), bulk(4, '2021', 3)];

  it('holds each collected report’s numbers, one column per field key', async () => {
    await h.db.transaction((tx) => collectBatch(tx, items, 'ingest', 'test'));
    const rows = await queryRows<Record<string, unknown>>(
      h.db,
      sql`select n.*, a.sha256 from report_numbers n join annual_reports a on a.id = n.report_id
          where n.year = ${YEAR} order by a.sha256`,
    );
    expect(rows).toHaveLength(4);
    rows.forEach((row, i) => {
      const fields = items[i]!.parsed.fields;
      for (const key of REPORT_NUMBER_KEYS) {
        const want = fields[key];
        expect(row[key] === null ? undefined : Number(row[key]), key).toBe(want);
      }
    });
  });

  it('sums a year to the sum of the reports’ fields, field by field', async () => {
    const agg = await aggregateInDb(h.db, { year: YEAR });
    expect(agg.reports).toBe(4);
    for (const key of REPORT_NUMBER_KEYS) {
      const carried = items.filter((i) => key in i.parsed.fields);
      const want = carried.length
        ? Math.round(carried.reduce((a, i) => a + i.parsed.fields[key]!, 0) * 1e6) / 1e6
        : undefined;
      expect(agg.fields[key], key).toBe(want);
    }
    expect(agg.fields['t2.fees.amount']).toBe(4.55);
  });

  it('ranks agencies from the same table', async () => {
    const top = await rankAgencies(h.db, { year: YEAR, key: 't3.received.total', limit: 2 });
    const want = [...items]
      .sort((a, b) => b.parsed.fields['t3.received.total']! - a.parsed.fields['t3.received.total']!)
      .slice(0, 2);
    expect(top.map((t) => t.agencyName)).toEqual(want.map((w) => w.parsed.agency));
    expect(top[0]!.value).toBe(want[0]!.parsed.fields['t3.received.total']);
  });

  it('follows a change of a stored report’s numbers, and a report stored another way', async () => {
    const { id } = (
      await h.db
        .insert(annualReports)
        .values({
          agencyName: '另一途径机关',
          year: YEAR + 1,
          fields: { 't3.received.total': 7 },
          sourceName: 'x.txt',
          sourceForm: 'text',
          sha256: 'report-numbers-direct',
          origin: 'upload',
        })
        .returning({ id: annualReports.id })
    )[0]!;
    expect((await aggregateInDb(h.db, { year: YEAR + 1 })).fields['t3.received.total']).toBe(7);
    await h.db.execute(
      sql`update annual_reports set fields = '{"t3.received.total": 9}'::jsonb where id = ${id}`,
    );
    expect((await aggregateInDb(h.db, { year: YEAR + 1 })).fields['t3.received.total']).toBe(9);
  });
});

describe('report_year_sums: a year’s sums kept on write', () => {
  const Y = 2041; // a year of its own
  let n = 0;
  const store = async (v: {
    agencyId: number | null;
    fields: Record<string, number>;
    publishedOn?: string;
    collectedAt: string;
  }) =>
    (
      await h.db
        .insert(annualReports)
        .values({
          agencyId: v.agencyId,
          agencyName: `年度合计测试${v.agencyId ?? '未匹配'}`,
          year: Y,
          fields: v.fields,
          publishedOn: v.publishedOn ?? null,
          collectedAt: new Date(v.collectedAt),
          sourceName: `${n}.txt`,
          sourceForm: 'text',
          sha256: `year-sums-${n++}`,
          origin: 'upload',
        })
        .returning({ id: annualReports.id })
    )[0]!.id;

  /** The kept sums equal the sums of the copies the choice rule picks (whole year and a subtree), field by field. */
  const same = async (region: number) => {
    const fast = await aggregateInDb(h.db, { year: Y });
    const slow = await aggregateByChoice(h.db, { year: Y });
    expect(fast).toEqual(slow);
    expect(await aggregateInDb(h.db, { year: Y, rootAgencyId: region })).toEqual(
      await aggregateByChoice(h.db, { year: Y, rootAgencyId: region }),
    );
    return fast;
  };

  it('follow every copy collected, superseded, dated, edited, moved and deleted', async () => {
    const ids = await h.db
      .insert(agencies)
      .values([
        { code: 'ys-r', name: '年度合计测试区', level: 'region', kind: 'localGovernment' },
        { code: 'ys-other', name: '年度合计另一区', level: 'region', kind: 'localGovernment' },
      ])
      .returning({ id: agencies.id });
    const [region, other] = ids.map((r) => r.id) as [number, number];
    const [x, y, z] = (
      await h.db
        .insert(agencies)
        .values([
          { code: 'ys-x', name: '年度合计甲镇', level: 'agency', kind: 'township', parentId: region },
          { code: 'ys-y', name: '年度合计乙镇', level: 'agency', kind: 'township', parentId: region },
          { code: 'ys-z', name: '年度合计丙镇', level: 'agency', kind: 'township', parentId: other },
        ])
        .returning({ id: agencies.id })
    ).map((r) => r.id) as [number, number, number];
    const R = 't3.received.total';
    const FEE = 't2.fees.amount';
    // 甲镇: a dated copy (stands) and a later undated one; 乙镇: one copy; 丙镇 (another region): two undated
    // copies, the first collected stands; two unmatched reports, each its own group; only one report carries a fee.
    const x1 = await store({
      agencyId: x,
      fields: { [R]: 10 },
      publishedOn: '2042-01-10',
      collectedAt: '2042-02-01',
    });
    const x2 = await store({ agencyId: x, fields: { [R]: 13 }, collectedAt: '2042-03-01' });
    await store({ agencyId: y, fields: { [R]: 5, 't3.granted.total': 2 }, collectedAt: '2042-02-02' });
    await store({ agencyId: z, fields: { [R]: 100 }, collectedAt: '2042-02-03' });
    await store({ agencyId: z, fields: { [R]: 200 }, collectedAt: '2042-02-04' });
    const u1 = await store({ agencyId: null, fields: { [R]: 1 }, collectedAt: '2042-02-05' });
    const u2 = await store({ agencyId: null, fields: { [R]: 2, [FEE]: 0.1 }, collectedAt: '2042-02-06' });
    let sums = await same(region);
    expect(sums.reports).toBe(5); // 甲, 乙, 丙 and the two unmatched
    expect(sums.fields[R]).toBe(10 + 5 + 100 + 1 + 2);
    expect(sums.fields[FEE]).toBe(0.1);
    expect(sums.fields['t3.withheld.total']).toBeUndefined(); // carried by none: absent, not 0

    // A supervisor confirms 甲镇's later copy.
    await supersede(h.db, x2, 'test', new Date('2042-03-02'));
    sums = await same(region);
    expect(sums.fields[R]).toBe(13 + 5 + 100 + 1 + 2);

    // The copy that stands is corrected; 丙镇's second copy gets a date and so stands.
    await h.db
      .update(annualReports)
      .set({ fields: { [R]: 14, [FEE]: 0.2 } })
      .where(sql`id = ${x2}`);
    await h.db
      .update(annualReports)
      .set({ publishedOn: '2042-01-20' })
      .where(sql`agency_id = ${z} and fields ->> ${R} = '200'`);
    sums = await same(region);
    expect(sums.fields[R]).toBe(14 + 5 + 200 + 1 + 2);
    expect(sums.fields[FEE]).toBe(0.3);

    // An unmatched report is assigned to 乙镇 (collected later: 乙镇's first copy still stands).
    await h.db.update(annualReports).set({ agencyId: y }).where(sql`id = ${u1}`);
    sums = await same(region);
    expect(sums.reports).toBe(4);
    expect(sums.fields[R]).toBe(14 + 5 + 200 + 2);

    // Deleting reports: the last one carrying a field takes the field away, not leaving 0 behind.
    await h.db.delete(annualReports).where(sql`id = ${u2}`);
    await h.db
      .update(annualReports)
      .set({ fields: { [R]: 14 } })
      .where(sql`id = ${x2}`);
    sums = await same(region);
    expect(sums.fields[FEE]).toBeUndefined();
    expect(sums.fields[R]).toBe(14 + 5 + 200);
    await h.db.update(annualReports).set({ supersededBy: null }).where(sql`id = ${x1}`);
    await h.db.delete(annualReports).where(sql`id = ${x2}`);
    sums = await same(region);
    expect(sums.fields[R]).toBe(10 + 5 + 200); // 甲镇's dated copy stands again
  });
});

describe('report_signatures', () => {
  it('stores each collected report’s MinHash signature once, and copy detection reads it', async () => {
    const year = YEAR + 2;
    const a = synthesizeReport(prng(11), { format: '2021', year, agency: '查重测试甲' });
    const b = synthesizeReport(prng(12), { format: '2021', year, agency: '查重测试乙' });
    // Texts of their own (synthetic reports share their template wording).
    const words = (seed: number) => {
      const r = prng(seed);
      const w = '主动公开依申请政务服务平台建设监督保障培训组织领导制度门户网站新媒体办理答复'.split('');
      return Array.from({ length: 400 }, () => w[Math.floor(r() * w.length)]).join('');
    };
    const pa = {
      ...toParsedJson(a, { provenance: false }),
      sections: { overview: words(1), problems: words(2) },
    };
    const pb = {
      ...toParsedJson(b, { provenance: false }),
      sections: { overview: words(3), problems: words(4) },
    };
    const copy = { ...pb, agency: '查重测试丙', sections: pa.sections }; // 丙 copied 甲's text
    const items: BulkItem[] = [pa, pb, copy].map((parsed, i) => ({
      parsed,
      findings: [],
      sha256: `report-signatures-${i}`,
      sourceName: `${i}.txt`,
      sourceForm: 'text',
    }));
    await h.db.transaction((tx) => collectBatch(tx, items, 'ingest', 'test'));
    const ids = await queryRows<{ id: number; sha256: string }>(
      h.db,
      sql`select id, sha256 from annual_reports where year = ${year} order by sha256`,
    );
    const sigs = await loadSignatures(
      h.db,
      ids.map((r) => Number(r.id)),
    );
    expect(sigs.size).toBe(3);
    expect([...sigs.get(Number(ids[0]!.id))!]).toEqual([...sketch(comparedText(pa.sections))!]);
    const copies = (await crossChecks(h.db, { year })).filter((f) => f.rule === 'copy.sameYear');
    expect(copies.map((f) => f.agencyName).sort()).toEqual(['查重测试丙', '查重测试甲']);
  });
});

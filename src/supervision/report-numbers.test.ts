// report_numbers (issue 18): every stored report's numbers as typed columns, kept by a trigger whichever way the
// report was stored, and the year's combined tables summed from it equal to the sums of the reports' own fields.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseTestDatabase } from '../cases/testing.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { annualReports } from '../db/schema/annual-reports.ts';
import { REPORT_NUMBER_KEYS } from '../db/schema/report-numbers.ts';
import { toParsedJson } from '../domain/report/model.ts';
import { prng, synthesizeReport } from '../domain/report/synthesize.ts';
import { sketch } from '../domain/similarity/index.ts';
import { aggregateInDb, rankAgencies } from './aggregate-sql.ts';
import { type BulkItem, collectBatch } from './collect-bulk.ts';
import { crossChecks } from './cross-checks.ts';
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

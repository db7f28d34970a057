// The supervisor's exports, opened as a Chinese Excel user opens them (session 9 field walk): the board's CSV and
// XLSX named each agency with the tree drawn in leading full-width spaces ("　测试区甲镇人民政府"), so its names
// matched none in the league table or the dataset of the same district and year — 筛选 on a name, VLOOKUP from one
// file to the other, a join in any tool found nothing. The tree is now a column of its own (上级机关, appended).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPages } from '../src/web/reports/page-cache.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
  for (const [prefix, agencyId, on] of [
    ['000', t.agency.A, '2024-01-19'],
    ['001', t.agency.B, '2024-02-06'],
  ] as const)
    await collectFile(
      t.handle.db,
      { name: `${prefix}.txt`, bytes: Buffer.from(seed(prefix).text) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId, publishedOn: on },
    );
  reportPages.invalidate();
});
afterAll(async () => t?.close());

const file = async (name: string) => {
  const r = await t.request(`/supervise/agencies/${t.agency.R}/export/${name}?year=2023`, {
    as: 'supervisor',
  });
  expect(r.status, name).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
};

/** A CSV as Excel reads a UTF-8 file with a BOM: the BOM must be there, then RFC 4180 rows (no quoted commas here). */
const csv = (bytes: Uint8Array) => {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = new TextDecoder()
    .decode(bytes.slice(3))
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  const head = rows[0]!;
  return rows.slice(1).map((r) => Object.fromEntries(r.map((v, i) => [head[i]!, v])));
};

describe('the board export names agencies as every other export does', () => {
  it('CSV: names without padding, the tree in 上级机关, and the league table joins on the name, the dataset on 报告编号', async () => {
    const board = csv(await file('board.csv'));
    const byCode = Object.fromEntries(board.map((r) => [r.机关代码!, r]));
    expect(byCode.r!.机关).toBe('测试区人民政府');
    expect(byCode.a!.机关).toBe('测试区甲镇人民政府');
    expect(byCode.b!.机关).toBe('测试区乙街道办事处');
    expect(byCode.r!.上级机关).toBe('');
    expect(byCode.a!.上级机关).toBe('测试区人民政府');
    for (const r of board) expect(r.机关, r.机关代码).toBe(r.机关!.trim());

    const names = new Set(board.map((r) => r.机关));
    const league = csv(await file('league.csv'));
    expect(league.length).toBeGreaterThan(0);
    for (const r of league) expect(names.has(r.机关!), r.机关).toBe(true);
    // The numbers agree once joined: the same report and the same errors for 甲镇.
    const a = league.find((r) => r.机关 === '测试区甲镇人民政府')!;
    expect(a.报告编号).toBe(byCode.a!.报告编号);
    expect(a.错误).toBe(byCode.a!.错误);
    // The dataset names the agency as its report prints it; its reportId is the board's 报告编号.
    const dataset = csv(await file('dataset.csv'));
    expect(dataset.map((r) => r.reportId).sort()).toEqual([byCode.a!.报告编号, byCode.b!.报告编号].sort());
  });

  it('XLSX: the same names and 上级机关 column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file('board.xlsx')).buffer as ArrayBuffer);
    const ws = wb.getWorksheet('发布情况')!;
    const head = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (h: string) => head.indexOf(h) + 1;
    expect(col('上级机关')).toBe(head.length); // appended, after the columns tools read by position
    const rows = [...Array(ws.rowCount - 1).keys()].map((i) => ws.getRow(i + 2));
    const a = rows.find((r) => r.getCell(col('机关代码')).value === 'a')!;
    expect(a.getCell(col('机关')).value).toBe('测试区甲镇人民政府');
    expect(a.getCell(col('上级机关')).value).toBe('测试区人民政府');
  });
});

// The case list's export: every matching case (more than one page of the stream), newest first, ID and phone
// numbers masked as on screen (《个人信息保护法》第五十一条: the least that serves the purpose), audited; the CSV
// and the XLSX say the same thing.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const N = 1205; // more than one page of the export's stream (1,000)
beforeAll(async () => {
  t = await openWebTest();
  await t.handle.db.execute(sql`
    insert into applicants (type, name, id_number, phone)
    values ('naturalPerson', '赵六', '11010519491231002X', '13912345678')`);
  await t.handle.db.execute(sql`
    insert into cases (code, agency_id, applicant_id, applicant_type, channel, received_on, description, status,
                       outcome, closed_on, due_on)
    select 'x-' || lpad(g::text, 5, '0'), ${t.agency.A}, (select max(id) from applicants), 'naturalPerson',
           'inPerson', date '2020-01-01' + g, '申请事项' || g, 'closed', 'granted',
           date '2020-01-01' + g + 5, date '2020-01-01' + g + 28
      from generate_series(1, ${N}::int) g`);
}, 120_000);
afterAll(async () => t?.close());

describe('case list export', () => {
  it('CSV: every case, newest first, ID and phone masked, audited', async () => {
    const r = await t.request('/staff/cases/export.csv?status=all', { as: 'officer' });
    expect(r.status).toBe(200);
    const bytes = new Uint8Array(await r.arrayBuffer());
    // The BOM Excel needs to read UTF-8 (a decoder would drop it: look at the bytes).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('编号,')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(N + 1);
    expect(lines[1]).toMatch(/^x-01205,/);
    expect(lines.at(-1)).toMatch(/^x-00001,/);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('13912345678');
    expect(text).toContain('110***********002X');
    expect(text).toContain('139****5678');
    expect(await auditActions(t.handle)).toContain('case.export');
  }, 120_000);

  it('XLSX: the same rows, masked', async () => {
    const r = await t.request('/staff/cases/export.xlsx?status=all', { as: 'officer' });
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    const ws = wb.getWorksheet('申请列表')!;
    expect(ws.rowCount).toBe(N + 1);
    expect(ws.getRow(2).getCell(1).value).toBe('x-01205');
    const cells = ws.getRow(2).values as unknown[];
    expect(cells).toContain('110***********002X');
    expect(cells).not.toContain('11010519491231002X');
  }, 120_000);

  it('another agency’s officer exports none of them', async () => {
    const r = await t.request('/staff/cases/export.csv?status=all', { as: 'supervisor' });
    expect(r.status).toBe(403);
  });
});

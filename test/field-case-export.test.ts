// The case list's CSV/Excel export says what the list on screen says (field walk, session 8): it wrote the filter's
// label “办理中（全部）” as a case's status and the result as an identifier (“partiallyGranted”) instead of
// “（二）部分公开”, and an overdue case as merely “办理中”.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeTestCase, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let open = '';
let late = '';
let answered = '';

beforeAll(async () => {
  t = await openWebTest();
  // TODAY is 2024-03-15: a case received then is open and in time; one received 2024-01-02 is past its 20 working days.
  open = (await intakeTestCase(t, { receivedOn: '2024-03-14', description: '在办' })).code;
  late = (await intakeTestCase(t, { receivedOn: '2024-01-02', description: '逾期' })).code;
  answered = (await intakeTestCase(t, { receivedOn: '2024-03-01', description: '已答复' })).code;
  const r = await t.request(`/staff/cases/${answered}/do/reply`, {
    as: 'officer',
    form: {
      on: '2024-03-12',
      outcome: 'partiallyGranted',
      legalBasis: '',
      note: '涉及第三方商业秘密',
      disclosed: '合同正文',
      withheld1: '报价明细',
      ground1: 'withheld.thirdPartyRights',
      withheld2: '',
      ground2: '',
      withheld3: '',
      ground3: '',
      previousReplyOn: '',
      previousReplyNumber: '',
    },
  });
  expect(r.status).toBe(303);
}, 60_000);
afterAll(async () => t?.close());

const rowOf = (rows: string[][], code: string) => rows.find((r) => r[0] === code)!;

describe('the export speaks the list’s words', () => {
  it('CSV: 办理中, 已逾期, and the result row by its 表三 name', async () => {
    const csv = (
      await (await t.request('/staff/cases/export.csv?status=all', { as: 'officer' })).text()
    ).replace(/^\ufeff/, '');
    const rows = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const h = rows[0]!;
    const col = (name: string) => h.indexOf(name);
    expect(rowOf(rows, open)[col('状态')]).toBe('办理中');
    expect(rowOf(rows, late)[col('状态')]).toBe('已逾期');
    expect(rowOf(rows, answered)[col('状态')]).toBe('已办结');
    expect(rowOf(rows, answered)[col('办理结果')]).toBe('（二）部分公开');
    expect(csv).not.toContain('办理中（全部）');
    expect(csv).not.toContain('partiallyGranted');
  });

  it('Excel: the same words', async () => {
    const bytes = await (
      await t.request('/staff/cases/export.xlsx?status=all', { as: 'officer' })
    ).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const h = rows[0]!;
    expect(rowOf(rows, answered)[h.indexOf('办理结果')]).toBe('（二）部分公开');
    expect(rowOf(rows, late)[h.indexOf('状态')]).toBe('已逾期');
  });
});

// A provisional date in a letter says so: an application received 2026-12-04 is due 2027-01-04 (20 working days,
// 《条例》第三十三条; 元旦 2027 counted from 《全国年节及纪念日放假办法》 because the State Council's 2027 notice is not
// out), and the 登记回执 that goes out prints “2027年1月4日（暂定）”. Read from the DOCX itself.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeCase } from '../../cases/intake.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from '../../cases/testing.ts';
import type { DatabaseHandle } from '../../db/handle.ts';
import { issueReceipt, letterBytes } from './letters.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openCaseTestDatabase();
});
afterAll(async () => h?.close());

async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

async function receiptOf(receivedOn: string): Promise<string> {
  const agency = await newAgency(h, { name: '测试区某镇人民政府', kind: 'township' });
  const { caseId } = await intakeCase(
    h.db,
    {
      agency: agency.id,
      applicant: {
        type: 'naturalPerson',
        name: '张三',
        idNumber: '11010519491231002X',
        phone: '13812345678',
      },
      channel: 'inPerson',
      receivedOn,
      description: '某镇道路改造工程的招标文件',
    },
    TEST_CTX,
  );
  const issued = await issueReceipt(h.db, caseId, 'test');
  const letter = await letterBytes(h.db, caseId, issued.id);
  return docxText(letter!.docx);
}

describe('登记回执 with a provisional due date', () => {
  it('2026-12-04 → 2027年1月4日（暂定）, not 元旦 and not unmarked', async () => {
    const text = await receiptOf('2026-12-04');
    expect(text).toContain('2027年1月4日（暂定）');
    expect(text).not.toContain('2027年1月1日');
  }, 60_000);

  it('a due date in a year with its notice is printed plain', async () => {
    // 2024-03-01 + 20 working days (2024 notice: no holiday in between) = 2024-03-29.
    const text = await receiptOf('2024-03-01');
    expect(text).toContain('2024年3月29日');
    expect(text).not.toContain('暂定');
  }, 60_000);
});

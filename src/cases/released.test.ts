// Released documents (《条例》第三十六条、第三十七条): what the officer uploads is checked by its bytes, and a file
// uploaded by mistake can be withdrawn with a reason — gone for the applicant, kept in the audit log by name and hash.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { caseFiles } from '../db/schema/case-files.ts';
import type { Agency } from './agencies.ts';
import { intakeCase } from './intake.ts';
import { addReleasedFiles, withdrawReleasedFile } from './released.ts';
import { newAgency, openCaseTestDatabase, TEST_CTX } from './testing.ts';

let h: DatabaseHandle;
let agency: Agency;
beforeAll(async () => {
  h = await openCaseTestDatabase();
  agency = await newAgency(h);
});
afterAll(async () => {
  await h?.close();
});

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function newCase(): Promise<string> {
  const r = await intakeCase(
    h.db,
    {
      agency: agency.code,
      applicant: {
        type: 'naturalPerson',
        name: '李四',
        idNumber: '110101199003071234',
        phone: '13812345678',
      },
      channel: 'inPerson',
      receivedOn: '2026-11-02',
      arrivedOn: '2026-11-02',
      description: '2025年某道路工程的施工合同',
    },
    { ...TEST_CTX, today: '2026-11-02' },
  );
  return r.code;
}

const released = (caseCode: string) =>
  queryRows<{ id: number; filename: string }>(
    h.db,
    sql`select f.id, f.filename from case_files f join cases c on c.id = f.case_id
        where c.code = ${caseCode} and f.role = 'released' order by f.id`,
  );

describe('released documents', () => {
  it('refuses a file that is not one of the accepted kinds by its bytes, whatever its name', async () => {
    const code = await newCase();
    await expect(
      addReleasedFiles(
        h.db,
        code,
        [{ name: '合同.pdf', bytes: new TextEncoder().encode('plain text') }],
        TEST_CTX,
      ),
    ).rejects.toThrow(/文件“合同.pdf”不是/);
    expect(await released(code)).toEqual([]);
  });

  it('withdraws a file uploaded by mistake: gone for the applicant, its name, hash and reason in the audit log', async () => {
    const code = await newCase();
    const wrong = pdf('另一案件的合同');
    const { ids } = await addReleasedFiles(
      h.db,
      code,
      [
        { name: '施工合同.pdf', bytes: pdf('施工合同') },
        { name: '误传的文件.pdf', bytes: wrong },
      ],
      TEST_CTX,
    );
    expect(await withdrawReleasedFile(h.db, code, ids[1]!, '  误传了其他案件的文件 ', TEST_CTX)).toEqual({
      filename: '误传的文件.pdf',
    });
    expect((await released(code)).map((f) => f.filename)).toEqual(['施工合同.pdf']);
    const [audit] = await queryRows<{ actor: string; before: Record<string, unknown>; after: unknown }>(
      h.db,
      sql`select actor, before, after from audit_log where action = 'case.file.withdrawn' and entity_id = ${code}`,
    );
    expect(audit?.actor).toBe(TEST_CTX.actor);
    expect(audit?.before).toMatchObject({
      filename: '误传的文件.pdf',
      sha256: createHash('sha256').update(wrong).digest('hex'),
      size: wrong.byteLength,
    });
    expect(audit?.after).toEqual({ reason: '误传了其他案件的文件' });
    // The bytes are gone from the database, not only hidden.
    const left = await h.db.select().from(caseFiles).where(eq(caseFiles.id, ids[1]!));
    expect(left).toEqual([]);
    // The same file can be uploaded again afterwards (it is no longer a duplicate).
    await expect(
      addReleasedFiles(h.db, code, [{ name: '重新上传.pdf', bytes: wrong }], TEST_CTX),
    ).resolves.toBeTruthy();
  });

  it('requires a reason, and changes nothing without one', async () => {
    const code = await newCase();
    const { ids } = await addReleasedFiles(h.db, code, [{ name: 'a.pdf', bytes: pdf('a') }], TEST_CTX);
    await expect(withdrawReleasedFile(h.db, code, ids[0]!, '  \n ', TEST_CTX)).rejects.toThrow(
      /请填写撤回的理由/,
    );
    await expect(withdrawReleasedFile(h.db, code, ids[0]!, '理'.repeat(501), TEST_CTX)).rejects.toThrow(
      /500/,
    );
    expect(await released(code)).toHaveLength(1);
  });

  it("never withdraws another case's file, nor what the applicant sent", async () => {
    const mine = await newCase();
    const other = await newCase();
    const { ids } = await addReleasedFiles(h.db, other, [{ name: 'b.pdf', bytes: pdf('b') }], TEST_CTX);
    await expect(withdrawReleasedFile(h.db, mine, ids[0]!, '测试', TEST_CTX)).rejects.toThrow(
      /没有这个公开的文件/,
    );
    expect(await released(other)).toHaveLength(1);
    const [caseRow] = await queryRows<{ id: number }>(h.db, sql`select id from cases where code = ${mine}`);
    const [proof] = await h.db
      .insert(caseFiles)
      .values({
        caseId: caseRow!.id,
        role: 'identityProof',
        filename: '身份证.jpg',
        mediaType: 'image/jpeg',
        size: 3,
        sha256: 'x',
        content: new Uint8Array([0xff, 0xd8, 0xff]),
        createdBy: 'test',
      })
      .returning({ id: caseFiles.id });
    await expect(withdrawReleasedFile(h.db, mine, proof!.id, '测试', TEST_CTX)).rejects.toThrow(
      /没有这个公开的文件/,
    );
    const still = await h.db
      .select()
      .from(caseFiles)
      .where(and(eq(caseFiles.id, proof!.id), eq(caseFiles.role, 'identityProof')));
    expect(still).toHaveLength(1);
  });
});

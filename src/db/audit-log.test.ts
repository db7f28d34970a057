// The audit log is append-only in the database itself: the same file runs on PGlite and on PostgreSQL.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from './audit.ts';
import { dbErrorMessage } from './errors.ts';
import type { DatabaseHandle } from './handle.ts';
import { queryRows } from './query.ts';
import { openTestDatabase } from './testing.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase();
});
afterAll(async () => {
  await h?.close();
});

/** The database's refusal message of a statement. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (e) {
    return dbErrorMessage(e);
  }
  return '（未被拒绝）';
}

async function count(): Promise<number> {
  const [r] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from audit_log`);
  return r!.n;
}

describe('audit log', () => {
  it('accepts new entries', async () => {
    const before = await count();
    await writeAudit(h.db, {
      actor: 'test',
      action: 'test.insert',
      entity: 'x',
      entityId: 1,
      after: { a: 1 },
    });
    expect(await count()).toBe(before + 1);
  });

  it('refuses UPDATE', async () => {
    await writeAudit(h.db, { actor: 'test', action: 'test.update', entity: 'x' });
    expect(await refusal(h.db.execute(sql`update audit_log set actor = 'mallory'`))).toMatch(
      /审计日志只能追加/,
    );
    const rows = await queryRows<{ n: number }>(
      h.db,
      sql`select count(*)::int as n from audit_log where actor = 'mallory'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses DELETE', async () => {
    const before = await count();
    expect(await refusal(h.db.execute(sql`delete from audit_log`))).toMatch(/审计日志只能追加/);
    expect(await count()).toBe(before);
  });

  it('refuses TRUNCATE', async () => {
    const before = await count();
    expect(await refusal(h.db.execute(sql`truncate audit_log`))).toMatch(/审计日志只能追加/);
    expect(await count()).toBe(before);
  });

  it('an entry written in a transaction that rolls back is not kept', async () => {
    const before = await count();
    await expect(
      h.db.transaction(async (tx) => {
        await writeAudit(tx, { actor: 'test', action: 'test.rollback', entity: 'x' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(before);
  });
});

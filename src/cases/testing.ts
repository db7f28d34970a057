// Test support for the case use cases: a fresh migrated database (PGlite, or PostgreSQL under DATABASE_URL) with
// the national calendar loaded, and small builders. Used by src/cases/*.test.ts and test/cases-*.test.ts.
import type { DatabaseHandle } from '../db/handle.ts';
import type { AgencyKind } from '../db/schema/vocabulary.ts';
import { openTestDatabase } from '../db/testing.ts';
import { type Agency, createAgency } from './agencies.ts';
import { seedCalendarIfEmpty } from './calendar.ts';
import type { UseCaseContext } from './context.ts';

export const TEST_CTX: UseCaseContext = { actor: 'test' };

export async function openCaseTestDatabase(): Promise<DatabaseHandle> {
  const h = await openTestDatabase();
  await seedCalendarIfEmpty(h.db, TEST_CTX);
  return h;
}

let counter = 0;

/** A new agency with a unique code, so tests in one file never see each other's cases. */
export async function newAgency(
  h: DatabaseHandle,
  opts: { kind?: AgencyKind; name?: string; parent?: string; level?: 'agency' | 'department' } = {},
): Promise<Agency> {
  counter++;
  const code = `t${process.pid % 1000}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  return createAgency(
    h.db,
    {
      code,
      name: opts.name ?? `测试机关${counter}`,
      level: opts.level ?? 'agency',
      kind: opts.kind ?? 'department',
      parent: opts.parent ?? null,
    },
    TEST_CTX,
  );
}

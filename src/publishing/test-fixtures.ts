// Test fixtures for the publishing and report-builder tests: a fresh migrated database (src/db/testing.ts: PGlite,
// or PostgreSQL when DATABASE_URL is set) with the national calendar loaded, and a small agency tree.
import { createAgency } from '../cases/agencies.ts';
import { seedCalendarIfEmpty } from '../cases/calendar.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { openTestDatabase } from '../db/testing.ts';
import type { PublishingContext } from './context.ts';

export interface Fixture {
  readonly handle: DatabaseHandle;
  readonly db: DatabaseHandle['db'];
}

export async function openFixture(): Promise<Fixture> {
  const handle = await openTestDatabase();
  await seedCalendarIfEmpty(handle.db, { actor: 'test' });
  return { handle, db: handle.db };
}

/** A 区 with a 街道 (township kind) and two of its departments, and a 区 department (kind department). */
export async function agencyTree(db: DatabaseHandle['db'], prefix = 't'): Promise<void> {
  const ctx = { actor: 'system' };
  await createAgency(
    db,
    { code: `${prefix}-qu`, name: '北京市通州区', level: 'region', kind: 'localGovernment' },
    ctx,
  );
  await createAgency(
    db,
    {
      code: `${prefix}-jd`,
      name: '北京市通州区人民政府北苑街道办事处',
      level: 'agency',
      kind: 'township',
      parent: `${prefix}-qu`,
    },
    ctx,
  );
  await createAgency(
    db,
    {
      code: `${prefix}-jd-dzb`,
      name: '党政办公室',
      level: 'department',
      kind: 'other',
      parent: `${prefix}-jd`,
    },
    ctx,
  );
  await createAgency(
    db,
    {
      code: `${prefix}-jd-pfb`,
      name: '平安建设办公室',
      level: 'department',
      kind: 'other',
      parent: `${prefix}-jd`,
    },
    ctx,
  );
  await createAgency(
    db,
    {
      code: `${prefix}-sfj`,
      name: '北京市通州区司法局',
      level: 'agency',
      kind: 'department',
      parent: `${prefix}-qu`,
    },
    ctx,
  );
}

export const ctxOf = (
  actor: string,
  roles: PublishingContext['roles'],
  today = '2023-12-01',
): PublishingContext => ({
  actor,
  roles,
  today,
});

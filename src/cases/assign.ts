// Assigning a case to an officer of its unit (“我的案件”). Audited; the officer must hold the officer role and
// belong to the case's agency or one of its departments.
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { cases } from '../db/schema/cases.ts';
import { agencyAndDepartmentsSql, reportingAgencyId } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { invalid } from './errors.ts';
import { lockCase } from './events.ts';

export interface Officer {
  readonly id: number;
  readonly name: string;
}

/** The active officers of the unit a case belongs to, by name. */
export async function officersOfUnit(db: Executor, agencyId: number): Promise<Officer[]> {
  const unit = await reportingAgencyId(db, agencyId);
  return queryRows<Officer>(
    db,
    sql`${agencyAndDepartmentsSql(unit)}
        select u.id, u.display_name as name from users u
         where u.agency_id in (select id from scope) and u.active and 'officer' = any(u.roles)
         order by u.display_name, u.id`,
  );
}

export async function assignCase(
  db: Db,
  code: string,
  officerId: number,
  ctx: UseCaseContext,
): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockCase(tx, code);
    const officers = await officersOfUnit(tx, c.agencyId);
    const officer = officers.find((o) => o.id === officerId);
    if (!officer) throw invalid('请选择本机关的经办人');
    await tx.update(cases).set({ assignedTo: officerId, updatedAt: sql`now()` }).where(eq(cases.id, c.id));
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.assign',
      entity: 'case',
      entityId: code,
      before: { assignedTo: c.assignedTo },
      after: { assignedTo: officerId, officer: officer.name },
    });
  });
}

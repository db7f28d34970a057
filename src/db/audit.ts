// Writing the append-only audit log. Call it with the transaction of the change it records, so the change and its
// record commit or roll back together.
import type { Executor } from './handle.ts';
import { auditLog } from './schema/audit-log.ts';

export interface AuditEntry {
  /** "user:<username>", "cli:<os user>", "system" … */
  readonly actor: string;
  /** Dotted verb, e.g. "case.intake", "case.event.replied", "calendar.import", "year.lock". */
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | number | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Appends one entry; answers its id (a page can then show what one step did, e.g. a deadline recomputation). */
export async function writeAudit(db: Executor, e: AuditEntry): Promise<number> {
  const [row] = await db
    .insert(auditLog)
    .values({
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      before: e.before ?? null,
      after: e.after ?? null,
    })
    .returning({ id: auditLog.id });
  return row!.id;
}

// Every state change the web makes is written to the append-only audit log, in the transaction of the change.
import type { Executor } from '../db/handle.ts';
import { auditLog } from '../db/schema/audit-log.ts';

export interface AuditEntry {
  /** "user:<username>", "anonymous:<ip>", "system". */
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId?: string | number | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

export async function audit(db: Executor, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

export const userActor = (username: string): string => `user:${username}`;

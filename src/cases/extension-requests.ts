// 延长答复期限 as the 《条例》 has it (第三十三条第二款): the officer asks, the head of the 政府信息公开工作机构 consents
// (the approver), and only then is the extension recorded and the applicant told. A request waits in the
// approver's queue; approving records the `extended` event (the clock checks once-only, ≤ 20 working days and
// the state of the case); refusing closes the request. Both audited.
import { and, asc, eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { extensionRequests } from '../db/schema/case-files.ts';
import { agencyAndDepartmentsSql } from './agencies.ts';
import type { UseCaseContext } from './context.ts';
import { assertDate, assertNotFuture } from './dates.ts';
import { invalid, notFound } from './errors.ts';
import { type EventOutcome, extendDeadline, findCase, lockCase } from './events.ts';

export type ExtensionRequestRow = typeof extensionRequests.$inferSelect;

export async function requestExtension(
  db: Db,
  code: string,
  input: { on: string; workdays: number; reason: string; requestedBy: string },
  ctx: UseCaseContext,
): Promise<ExtensionRequestRow> {
  assertDate(input.on, '申请延期日期');
  assertNotFuture(input.on, '申请延期日期', ctx);
  if (!Number.isInteger(input.workdays) || input.workdays < 1 || input.workdays > 20)
    throw invalid('延长的期限应为 1 至 20 个工作日（《条例》第三十三条第二款）');
  if (!input.reason.trim()) throw invalid('请写明延期理由，审批人据此决定是否同意');
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, code);
    if (c.closedOn) throw invalid(`案件 ${code} 已办结，不能申请延期`);
    const [pending] = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(and(eq(extensionRequests.caseId, c.id), eq(extensionRequests.status, 'pending')));
    if (pending) throw invalid('本案已有一项延期申请等待审批');
    const [row] = await tx
      .insert(extensionRequests)
      .values({
        caseId: c.id,
        workdays: input.workdays,
        reason: input.reason.trim(),
        requestedBy: input.requestedBy,
        requestedOn: input.on,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.extension.request',
      entity: 'case',
      entityId: code,
      after: row,
    });
    return row!;
  });
}

export async function pendingExtension(db: Executor, caseId: number): Promise<ExtensionRequestRow | null> {
  const [row] = await db
    .select()
    .from(extensionRequests)
    .where(and(eq(extensionRequests.caseId, caseId), eq(extensionRequests.status, 'pending')));
  return row ?? null;
}

/** The approver approves: the extension is recorded as an event with the approver's name. */
export async function approveExtension(
  db: Db,
  code: string,
  input: { on: string; approver: string; note?: string | null },
  ctx: UseCaseContext,
): Promise<EventOutcome> {
  const c = await findCase(db, code);
  const req = await pendingExtension(db, c.id);
  if (!req) throw notFound('待审批的延期申请', code);
  const out = await extendDeadline(
    db,
    code,
    { on: input.on, workdays: req.workdays, approver: input.approver, reason: req.reason },
    ctx,
  );
  await decide(db, req, 'approved', input, ctx, code);
  return out;
}

export async function refuseExtension(
  db: Db,
  code: string,
  input: { on: string; approver: string; note: string },
  ctx: UseCaseContext,
): Promise<ExtensionRequestRow> {
  assertDate(input.on, '审批日期');
  if (!input.note.trim()) throw invalid('不同意延期的，请写明理由');
  const c = await findCase(db, code);
  const req = await pendingExtension(db, c.id);
  if (!req) throw notFound('待审批的延期申请', code);
  return decide(db, req, 'refused', input, ctx, code);
}

async function decide(
  db: Executor,
  req: ExtensionRequestRow,
  status: 'approved' | 'refused',
  input: { on: string; approver: string; note?: string | null },
  ctx: UseCaseContext,
  code: string,
): Promise<ExtensionRequestRow> {
  const [after] = await db
    .update(extensionRequests)
    .set({ status, decidedBy: input.approver, decidedOn: input.on, decisionNote: input.note?.trim() || null })
    .where(and(eq(extensionRequests.id, req.id), eq(extensionRequests.status, 'pending')))
    .returning();
  if (!after) throw invalid('该延期申请已被处理');
  await writeAudit(db, {
    actor: ctx.actor,
    action: `case.extension.${status === 'approved' ? 'approve' : 'refuse'}`,
    entity: 'case',
    entityId: code,
    before: req,
    after,
  });
  return after;
}

export interface QueueLine {
  readonly id: number;
  readonly code: string;
  readonly agency: string;
  readonly workdays: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedOn: string;
  readonly dueOn: string | null;
  /** `dueOn` itself is 暂定. */
  readonly dueProvisional: boolean;
}

/** The approver's queue: pending requests of the unit (agency and departments), oldest first. */
export async function extensionQueue(db: Executor, agencyId: number | null): Promise<QueueLine[]> {
  const scope =
    agencyId === null ? sql`with scope(id) as (select id from agencies)` : agencyAndDepartmentsSql(agencyId);
  return queryRows<QueueLine>(
    db,
    sql`${scope}
        select r.id, c.code, a.name as agency, r.workdays, r.reason,
               coalesce(u.display_name, r.requested_by) as "requestedBy",
               to_char(r.requested_on, 'YYYY-MM-DD') as "requestedOn",
               to_char(c.due_on, 'YYYY-MM-DD') as "dueOn", c.due_provisional as "dueProvisional"
          from extension_requests r join cases c on c.id = r.case_id join agencies a on a.id = c.agency_id
          left join users u on u.username = r.requested_by
         where r.status = 'pending' and c.agency_id in (select id from scope)
         order by c.due_on nulls last, r.id`,
  );
}

export async function extensionRequestsOf(db: Executor, caseId: number): Promise<ExtensionRequestRow[]> {
  return db
    .select()
    .from(extensionRequests)
    .where(eq(extensionRequests.caseId, caseId))
    .orderBy(asc(extensionRequests.id));
}

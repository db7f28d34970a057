// What anyone holding a tracking code may see of a case: the agency, the dates, the stage and the outcome — never the
// applicant, the information sought or an officer's note (tracking codes are sequential, so not secret).
import { asc, eq } from 'drizzle-orm';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { caseEvents } from '../../db/schema/case-events.ts';
import { cases } from '../../db/schema/cases.ts';
import { EVENT_LABELS } from '../../domain/clock/index.ts';

export interface PublicStatus {
  readonly code: string;
  readonly agency: string;
  readonly receivedOn: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly dueOn: string | null;
  readonly provisional: boolean;
  readonly closedOn: string | null;
  readonly outcome: string | null;
  readonly steps: readonly { on: string; label: string }[];
}

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  open: '办理中',
  paused: '办理中（征求意见，期限暂停计算）',
  awaitingCorrection: '待申请人补正',
  awaitingFee: '待缴纳信息处理费',
  closed: '已办结',
};

/** Event types the public timeline shows; other (internal) events are left out. */
const PUBLIC_EVENTS = EVENT_LABELS as Readonly<Record<string, string>>;

export async function publicStatus(db: Executor, code: string): Promise<PublicStatus | null> {
  const [c] = await db
    .select({
      id: cases.id,
      code: cases.code,
      agency: agencies.name,
      receivedOn: cases.receivedOn,
      status: cases.status,
      dueOn: cases.dueOn,
      provisional: cases.provisional,
      closedOn: cases.closedOn,
      outcome: cases.outcome,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.code, code));
  if (!c) return null;
  const events = await db
    .select({ type: caseEvents.type, on: caseEvents.on })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, c.id))
    .orderBy(asc(caseEvents.on), asc(caseEvents.id));
  return {
    code: c.code,
    agency: c.agency,
    receivedOn: c.receivedOn,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status] ?? c.status,
    dueOn: c.dueOn,
    provisional: c.provisional,
    closedOn: c.closedOn,
    outcome: c.outcome ? (OUTCOME_DEFS.get(c.outcome)?.label ?? c.outcome) : null,
    steps: events
      .filter((e) => PUBLIC_EVENTS[e.type])
      .map((e) => ({ on: e.on, label: PUBLIC_EVENTS[e.type]! })),
  };
}

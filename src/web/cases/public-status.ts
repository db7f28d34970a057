// What the holder of a 查询码 may see of a case: the agency, the dates, the stage, whether it is overdue, the outcome,
// and the letters addressed to the applicant and the documents released with the reply — never the applicant's
// identity or an officer's note. The 查询码 carries 80 random bits (src/cases/tracking-code.ts), so holding it is
// what entitles one to the letters; the internal case number opens nothing here.
import { and, asc, eq } from 'drizzle-orm';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import { formatTrackingCode, normaliseTrackingCode } from '../../cases/tracking-code.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { caseEvents } from '../../db/schema/case-events.ts';
import { caseFiles } from '../../db/schema/case-files.ts';
import { cases } from '../../db/schema/cases.ts';
import { EVENT_LABELS } from '../../domain/clock/index.ts';
import { applicantLetters, type IssuedLetter } from './letters.ts';

export interface PublicStatus {
  /** The 查询码 as printed (groups of four). */
  readonly code: string;
  /** Stored form, for links. */
  readonly key: string;
  readonly caseId: number;
  readonly agency: string;
  readonly receivedOn: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly dueOn: string | null;
  /** `dueOn` itself is 暂定 (a provisional pay-by date does not make it so). */
  readonly dueProvisional: boolean;
  /** While a fee is unpaid: the pay-by date and whether it is 暂定. */
  readonly feeDueOn: string | null;
  readonly feeDueProvisional: boolean;
  /** Open and past its due date. */
  readonly overdue: boolean;
  readonly closedOn: string | null;
  readonly outcome: string | null;
  readonly steps: readonly { on: string; label: string }[];
  readonly letters: readonly IssuedLetter[];
  readonly files: readonly { id: number; filename: string; size: number }[];
}

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  open: '办理中',
  paused: '办理中（征求意见，期限暂停计算）',
  awaitingCorrection: '待申请人补正',
  awaitingFee: '待缴纳信息处理费',
  closed: '已办结',
};

/** Event types the public timeline shows; other (internal) events are left out. A 重新答复 is a reply the applicant
 *  receives (its 答复书 is among their letters), so it shows too; the 复议 decision itself is not the agency's to tell. */
const PUBLIC_EVENTS: Readonly<Record<string, string>> = { ...EVENT_LABELS, reReplied: '重新答复' };

export async function publicStatus(db: Executor, typed: string, today: string): Promise<PublicStatus | null> {
  const key = normaliseTrackingCode(typed);
  if (!key) return null;
  const [c] = await db
    .select({
      id: cases.id,
      agency: agencies.name,
      receivedOn: cases.receivedOn,
      status: cases.status,
      dueOn: cases.dueOn,
      dueProvisional: cases.dueProvisional,
      feeDueOn: cases.feeDueOn,
      feeDueProvisional: cases.feeDueProvisional,
      closedOn: cases.closedOn,
      outcome: cases.outcome,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.trackingCode, key));
  if (!c) return null;
  const events = await db
    .select({ type: caseEvents.type, on: caseEvents.on })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, c.id))
    .orderBy(asc(caseEvents.on), asc(caseEvents.id));
  // The released documents go with the reply: shown once the case is answered, not while they are being prepared.
  const files = c.closedOn
    ? await db
        .select({ id: caseFiles.id, filename: caseFiles.filename, size: caseFiles.size })
        .from(caseFiles)
        .where(and(eq(caseFiles.caseId, c.id), eq(caseFiles.role, 'released')))
        .orderBy(caseFiles.id)
    : [];
  const overdue = !c.closedOn && c.dueOn !== null && today > c.dueOn;
  return {
    code: formatTrackingCode(key),
    key,
    caseId: c.id,
    agency: c.agency,
    receivedOn: c.receivedOn,
    status: c.status,
    statusLabel: overdue ? '已超过答复期限' : (STATUS_LABELS[c.status] ?? c.status),
    dueOn: c.dueOn,
    dueProvisional: c.dueProvisional,
    feeDueOn: c.status === 'awaitingFee' ? c.feeDueOn : null,
    feeDueProvisional: c.status === 'awaitingFee' && c.feeDueProvisional,
    overdue,
    closedOn: c.closedOn,
    outcome: c.outcome ? (OUTCOME_DEFS.get(c.outcome)?.label ?? c.outcome) : null,
    steps: events
      .filter((e) => PUBLIC_EVENTS[e.type])
      .map((e) => ({ on: e.on, label: PUBLIC_EVENTS[e.type]! })),
    letters: await applicantLetters(db, c.id),
    files,
  };
}

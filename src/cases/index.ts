// Case management (依申请公开): the use cases. Each takes the database handle's `db` and a context (actor, clock
// settings, today, amendment), checks the step against the law, and writes the audit log in the same transaction.
//
//   intakeCase(db, {agency, applicant, channel, receivedOn, description, …}, ctx)  → { code, caseId, warnings }
//   requestCorrection / receiveCorrection / startConsultation / endConsultation / extendDeadline /
//   notifyFee / payFee / abandon / withdraw / reply / addNote  (db, code, {on, …}, ctx)  → { case, warnings }
//   fileAppeal / decideAppeal                                   (表四)
//   compileYear(db, {agency, year})                             → { report (表三、表四, provenance.cases), fees }
//   lockYear / guardLockedYears                                 (published year → amendments only)
//   loadCalendar / importCalendarYear / addCalendarAdjustment / recomputeDeadlines
export * from './agencies.ts';
export * from './appeals.ts';
export * from './applicants.ts';
export * from './calendar.ts';
export * from './compile.ts';
export type { UseCaseContext } from './context.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './intake.ts';
export * from './list.ts';
export * from './mask.ts';
export * from './outcomes.ts';
export * from './recompute.ts';
export * from './show.ts';
export * from './update.ts';
export * from './year-lock.ts';

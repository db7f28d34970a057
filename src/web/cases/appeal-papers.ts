// The facts of a case for its 行政复议答复书 / 行政诉讼答辩状 draft (src/letters/appeal-papers.ts): the applicant as
// named, the dates, what was asked, the replies under challenge (the first reply and any 重新答复 made before the
// appeal was filed) with their articles, and the evidence — the application, the files the applicant sent and the
// letters the agency issued, each with its date. The arguments stay blank for the officer.
import { and, eq, inArray } from 'drizzle-orm';
import {
  APPEAL_DEFENDANT_LABELS,
  type AppealDefendantKey,
  type AppealRow,
  paperDueOn,
} from '../../cases/appeals.ts';
import { findApplicant } from '../../cases/applicants.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import { type CaseRow, loadEvents } from '../../cases/timeline.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { caseFiles } from '../../db/schema/case-files.ts';
import { RECEIPT_CHANNELS } from '../../domain/clock/index.ts';
import type { AppealPaperFacts } from '../../letters/appeal-papers.ts';
import { caseLetters } from './letters.ts';

const FILE_TITLES: Record<string, string> = {
  identityProof: '申请人身份证明',
  applicationLetter: '政府信息公开申请书',
  released: '向申请人提供的政府信息',
};

const labelOf = (outcome: string) => OUTCOME_DEFS.get(outcome)?.label ?? outcome;

/** This agency writes no 答辩状 when the 复议机关 alone is the defendant (复议改变, 《行政诉讼法》第二十六条第二款). */
export const writesPaper = (a: Pick<AppealRow, 'defendant'>): boolean => a.defendant !== 'review';

export async function appealPaperFacts(db: Executor, c: CaseRow, a: AppealRow): Promise<AppealPaperFacts> {
  const [agency] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, c.agencyId));
  const applicant = await findApplicant(db, c.applicantId);
  const events = await loadEvents(db, c.id);
  const replies = events
    .filter((e) => (e.type === 'replied' || e.type === 'reReplied') && e.on <= a.filedOn)
    .map((e) => ({
      on: e.on,
      outcome: labelOf(String(e.data.outcome ?? c.outcome ?? '')),
      legalBasis: (e.data.legalBasis as string | undefined) ?? (e.type === 'replied' ? c.legalBasis : null),
      note: (e.data.note as string | undefined) ?? null,
      redo: e.type === 'reReplied',
    }));
  const files = await db
    .select({ role: caseFiles.role, filename: caseFiles.filename, createdAt: caseFiles.createdAt })
    .from(caseFiles)
    .where(and(eq(caseFiles.caseId, c.id), inArray(caseFiles.role, Object.keys(FILE_TITLES))))
    .orderBy(caseFiles.id);
  const letters = (await caseLetters(db, c.id)).filter((l) => l.issuedOn <= a.filedOn);
  const evidence = [
    { title: '政府信息公开申请', on: c.receivedOn },
    ...files.map((f) => ({
      title: `${FILE_TITLES[f.role]}：${f.filename}`,
      on: f.createdAt.toISOString().slice(0, 10),
    })),
    ...letters.map((l) => ({ title: l.label.replace(/ · /g, ' '), on: l.issuedOn })),
  ];
  return {
    kind: a.kind === 'review' ? 'reviewAnswer' : 'defence',
    agency: agency?.name ?? '',
    body: a.body,
    applicant: applicant.name,
    filedOn: a.filedOn,
    copyReceivedOn: a.copyReceivedOn,
    dueOn: paperDueOn(a),
    application: {
      receivedOn: c.receivedOn,
      channel: RECEIPT_CHANNELS[c.channel as keyof typeof RECEIPT_CHANNELS]?.label ?? c.channel,
      description: c.description,
    },
    replies,
    evidence,
    defendant:
      a.kind === 'litigation.afterReview' && a.defendant
        ? APPEAL_DEFENDANT_LABELS[a.defendant as AppealDefendantKey]
        : null,
    coDefendant: a.defendant === 'joint',
  };
}

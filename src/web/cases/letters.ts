// The 答复书 of a replied case: the letter data assembled from the case (the letters library renders, it computes
// nothing), rendered to DOCX with the administrator's template when there is one, and kept with the exact fields
// and bytes that went out (table `letters`), audited.
import { and, desc, eq } from 'drizzle-orm';
import type { CaseRow } from '../../cases/timeline.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { applicants } from '../../db/schema/applicants.ts';
import { caseEvents } from '../../db/schema/case-events.ts';
import { letters, letterTemplates } from '../../db/schema/letters.ts';
import {
  DEFAULT_TEMPLATES,
  isOutcomeRow,
  kindLabel,
  type LetterData,
  LetterError,
  type LetterKind,
  type LetterTemplate,
  letterDocx,
  parseLetterData,
  replyKind,
} from '../../letters/index.ts';
import { audit } from '../audit.ts';

export interface IssuedLetter {
  readonly id: number;
  readonly kind: string;
  readonly label: string;
  readonly issuedOn: string;
}

async function templateFor(
  db: Executor,
  kind: LetterKind,
): Promise<{ template: LetterTemplate; version: number }> {
  const def = DEFAULT_TEMPLATES[kind];
  const [edited] = await db
    .select()
    .from(letterTemplates)
    .where(eq(letterTemplates.kind, kind))
    .orderBy(desc(letterTemplates.version))
    .limit(1);
  if (!edited) return { template: def, version: 0 };
  return { template: { ...def, title: edited.title, paragraphs: edited.body }, version: edited.version };
}

export interface ReplyFacts {
  readonly outcome: string;
  readonly legalBasis: string | null;
  /** 理由和说明: the reasons the letter gives. */
  readonly note: string | null;
  readonly on: string;
  /** 区分处理 (《条例》第三十七条): what was disclosed and what was withheld, for a 部分公开 reply. */
  readonly partial?: { readonly disclosed: string; readonly withheld: string } | null;
}

/** The 答复书 of a reply — rendered, not stored: the preview renders it to find what the case still lacks. */
export async function renderReplyLetter(
  db: Executor,
  c: CaseRow,
  reply: ReplyFacts,
): Promise<{ kind: LetterKind; docx: Uint8Array; version: number }> {
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, c.agencyId));
  const [applicant] = await db.select().from(applicants).where(eq(applicants.id, c.applicantId));
  const row = reply.outcome;
  if (!isOutcomeRow(row)) throw new LetterError('INVALID_DATA', `办理结果“${row}”没有对应的答复书`, [row]);
  const provision =
    row === 'granted'
      ? `按您申请的形式（${c.formWanted ?? '纸质或电子文本'}），以${c.deliveryWanted ?? '适当方式'}提供`
      : undefined;
  const data: LetterData = parseLetterData({
    agency: { name: agency!.name },
    applicant: { name: applicant!.name, type: applicant!.type },
    case: { trackingCode: c.code, receivedOn: c.receivedOn, channel: c.channel, description: c.description },
    dates: { issued: reply.on, ...(c.dueOn ? { due: c.dueOn } : {}) },
    outcome: {
      row,
      ...(reply.legalBasis ? { article: reply.legalBasis } : {}),
      ...(reply.note ? { reasons: reply.note } : {}),
      ...(provision ? { provision } : {}),
      ...(reply.partial ? { partial: reply.partial } : {}),
    },
  });
  const kind = replyKind(row);
  const { template, version } = await templateFor(db, kind);
  return { kind, docx: await letterDocx(kind, data, template), version };
}

/**
 * Issue and keep the 答复书 of a replied case. A LetterError (data the template needs and the case lacks) carries a
 * Chinese message naming what is missing.
 */
export async function issueReplyLetter(
  db: Executor,
  c: CaseRow,
  actor: string,
  extra: Pick<ReplyFacts, 'partial'> = {},
): Promise<IssuedLetter> {
  if (!c.outcome || !c.closedOn) throw new LetterError('INVALID_DATA', '案件尚未答复，不能生成答复书', []);
  const [replied] = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'replied')))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  const note = ((replied?.data as { note?: string } | undefined)?.note ?? null) || null;
  const reply = {
    outcome: c.outcome,
    legalBasis: c.legalBasis,
    note,
    on: c.closedOn,
    partial: extra.partial ?? null,
  };
  const { kind, docx, version } = await renderReplyLetter(db, c, reply);
  const [row] = await db
    .insert(letters)
    .values({
      caseId: c.id,
      kind,
      templateVersion: version,
      issuedOn: c.closedOn,
      fields: {
        outcome: c.outcome,
        legalBasis: c.legalBasis ?? '',
        reasons: note ?? '',
        issuedOn: c.closedOn,
      },
      docx,
      createdBy: actor,
    })
    .returning({ id: letters.id });
  await audit(db, {
    actor,
    action: 'letter.issue',
    entity: 'case',
    entityId: c.code,
    after: { letterId: row!.id, kind, templateVersion: version },
  });
  return { id: row!.id, kind, label: kindLabel(kind), issuedOn: c.closedOn };
}

export async function caseLetters(db: Executor, caseId: number): Promise<IssuedLetter[]> {
  const rows = await db
    .select({ id: letters.id, kind: letters.kind, issuedOn: letters.issuedOn })
    .from(letters)
    .where(eq(letters.caseId, caseId))
    .orderBy(letters.id);
  return rows.map((r) => ({ ...r, label: kindLabel(r.kind as LetterKind) }));
}

export async function letterBytes(db: Executor, caseId: number, id: number) {
  const [r] = await db
    .select({ kind: letters.kind, docx: letters.docx })
    .from(letters)
    .where(and(eq(letters.caseId, caseId), eq(letters.id, id)));
  return r ? { kind: r.kind, label: kindLabel(r.kind as LetterKind), docx: r.docx } : null;
}

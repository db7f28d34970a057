// Every letter of a case comes from its event: the 登记回执 at intake, the 补正告知书, 延期答复告知书, 征求意见书 and
// 收费通知书 when those steps are saved, and the 答复书 with the reply. The letter data is assembled here from the
// case and the event (the letters library renders, it computes nothing), rendered with the administrator's
// template when there is one, and kept with the exact fields and bytes that went out (table `letters`), audited.
// The same assembly renders the preview before saving, so what the officer reads is what is issued.
import { and, desc, eq } from 'drizzle-orm';
import { loadCalendar } from '../../cases/calendar.ts';
import type { CaseRow } from '../../cases/timeline.ts';
import { formatTrackingCode } from '../../cases/tracking-code.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { applicants } from '../../db/schema/applicants.ts';
import { caseEvents } from '../../db/schema/case-events.ts';
import { cases } from '../../db/schema/cases.ts';
import { letters, letterTemplates } from '../../db/schema/letters.ts';
import { missingYearsFor } from '../../domain/calendar/index.ts';
import { type FeeQuote, feeByApplications, feeByPages } from '../../domain/fees/index.ts';
import {
  DEFAULT_TEMPLATES,
  docxOfLetter,
  isOutcomeRow,
  kindLabel,
  type LetterData,
  LetterError,
  type LetterKind,
  type LetterTemplate,
  letterHtml,
  parseLetterData,
  renderLetter,
  replyKind,
} from '../../letters/index.ts';
import type { RenderedLetter } from '../../letters/render.ts';
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

/** 区分处理 (《条例》第三十七条): what is given, and each withheld part with its ground and article. */
export interface PartialParts {
  readonly disclosed: string;
  readonly withheld: readonly { readonly part: string; readonly ground: string; readonly article: string }[];
}

export interface ReplyFacts {
  readonly outcome: string;
  readonly legalBasis: string | null;
  /** 理由和说明: the reasons the letter gives. */
  readonly note: string | null;
  readonly on: string;
  readonly partial?: PartialParts | null;
  /** 第三十六条第（五）项: the agency that is responsible (转办 / 非本机关). */
  readonly otherAgency?: string | null;
  /** 第三十六条第（六）项 (重复申请): the date and 文号 of the earlier reply to the same request. */
  readonly previousReplyOn?: string;
  readonly previousReplyNumber?: string;
}

/** The withheld parts as one sentence for the 答复书: “1. …（属于国家秘密，《条例》第十四条）；2. …”. */
export const withheldText = (p: PartialParts): string =>
  p.withheld.map((w, i) => `${i + 1}. ${w.part}（${w.ground}，依据${w.article}）`).join('；');

/** What one event's letter needs beyond the case: built by the route from the event and the clock after it. */
export type LetterFacts =
  | { readonly kind: 'receipt'; readonly due: string | null; readonly provisional: boolean }
  | { readonly kind: 'correction'; readonly on: string; readonly items: string; readonly replyBy: string }
  | {
      readonly kind: 'extension';
      readonly on: string;
      readonly workdays: number;
      readonly dueBefore: string;
      readonly newDue: string;
      readonly approver: string;
      readonly reason: string | null;
    }
  | {
      readonly kind: 'consultation';
      readonly on: string;
      readonly party: string;
      readonly replyBy: string;
      readonly reason: string | null;
    }
  | {
      readonly kind: 'fee';
      readonly on: string;
      readonly quote: FeeQuote;
      readonly payBy: string;
      readonly payment: string;
    }
  | { readonly kind: 'reply'; readonly reply: ReplyFacts };

/** How to pay, when the agency has not written its own: the 收费通知书 must say it (国办函〔2020〕109号). */
export const DEFAULT_PAYMENT = '请持本通知到本机关政府信息公开受理窗口缴纳，或按受理窗口告知的方式缴纳';

/** The quote of a fee notice, for the preview and the letter (src/domain/fees). */
export const feeQuote = (method: 'pages' | 'applications', quantity: number): FeeQuote =>
  method === 'pages' ? feeByPages(quantity) : feeByApplications(quantity);

/**
 * The letter's data with its provisional dates marked: every date the clock computed (due, new due, reply-by,
 * pay-by) whose year has no State Council notice in the agency's calendar is printed “（暂定）”.
 */
async function letterData(
  db: Executor,
  c: CaseRow,
  f: LetterFacts,
): Promise<{ kind: LetterKind; data: LetterData }> {
  const { kind, data } = await unmarkedLetterData(db, c, f);
  const calendar = await loadCalendar(db, c.agencyId);
  const computed = [data.dates.due, data.extension?.newDueDate, data.consultation?.replyBy, data.fee?.payBy]
    .filter((d): d is string => typeof d === 'string')
    .filter((d) => missingYearsFor(d, calendar).length > 0);
  if (!computed.length) return { kind, data };
  return { kind, data: { ...data, dates: { ...data.dates, provisional: [...new Set(computed)] } } };
}

async function unmarkedLetterData(
  db: Executor,
  c: CaseRow,
  f: LetterFacts,
): Promise<{ kind: LetterKind; data: LetterData }> {
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, c.agencyId));
  const [applicant] = await db.select().from(applicants).where(eq(applicants.id, c.applicantId));
  const base = {
    agency: { name: agency!.name },
    applicant: { name: applicant!.name, type: applicant!.type },
    case: {
      // The letter names the 查询码 the applicant follows the case with, not the internal number.
      trackingCode: c.trackingCode ? formatTrackingCode(c.trackingCode) : c.code,
      receivedOn: c.receivedOn,
      channel: c.channel,
      description: c.description,
    },
  };
  switch (f.kind) {
    case 'receipt':
      return {
        kind: 'receipt',
        data: parseLetterData({ ...base, dates: { issued: c.receivedOn, ...(f.due ? { due: f.due } : {}) } }),
      };
    case 'correction':
      return {
        kind: 'correction',
        data: parseLetterData({
          ...base,
          dates: { issued: f.on },
          correction: {
            items: f.items
              .split(/\n+/)
              .map((s) => s.trim())
              .filter(Boolean),
            replyBy: f.replyBy,
          },
        }),
      };
    case 'extension':
      return {
        kind: 'extension',
        data: parseLetterData({
          ...base,
          dates: { issued: f.on, due: f.dueBefore },
          extension: {
            days: f.workdays,
            newDueDate: f.newDue,
            approver: f.approver,
            ...(f.reason ? { reason: f.reason } : {}),
          },
        }),
      };
    case 'consultation':
      return {
        kind: 'consultation',
        data: parseLetterData({
          ...base,
          dates: { issued: f.on },
          consultation: {
            party: f.party,
            replyBy: f.replyBy,
            content: c.description,
            ...(f.reason ? { reason: f.reason } : {}),
          },
        }),
      };
    case 'fee':
      return {
        kind: 'fee',
        data: parseLetterData({
          ...base,
          dates: { issued: f.on },
          fee: {
            method: f.quote.method,
            quantity: f.quote.quantity,
            amount: f.quote.amount,
            bands: f.quote.lines,
            payBy: f.payBy,
            payment: f.payment,
          },
        }),
      };
    case 'reply': {
      const r = f.reply;
      const row = r.outcome;
      if (!isOutcomeRow(row))
        throw new LetterError('INVALID_DATA', `办理结果“${row}”没有对应的答复书`, [row]);
      const provision =
        row === 'granted'
          ? // The letter's own form of address: 您 to a person, 贵单位 to an organisation (placeholders.ts `you`).
            `按${applicant!.type === 'naturalPerson' ? '您' : '贵单位'}申请的形式（${c.formWanted ?? '纸质或电子文本'}），以${c.deliveryWanted ?? '适当方式'}提供`
          : undefined;
      return {
        kind: replyKind(row),
        data: parseLetterData({
          ...base,
          dates: { issued: r.on, ...(c.dueOn ? { due: c.dueOn } : {}) },
          outcome: {
            row,
            ...(r.legalBasis ? { article: r.legalBasis } : {}),
            ...(r.note ? { reasons: r.note } : {}),
            ...(provision ? { provision } : {}),
            ...(r.partial
              ? { partial: { disclosed: r.partial.disclosed, withheld: withheldText(r.partial) } }
              : {}),
            ...(r.otherAgency ? { notResponsible: true, otherAgency: { name: r.otherAgency } } : {}),
            ...(r.previousReplyOn ? { previousReplyOn: r.previousReplyOn } : {}),
            ...(r.previousReplyNumber ? { previousReplyNumber: r.previousReplyNumber } : {}),
          },
        }),
      };
    }
  }
}

/** The letter of an event, rendered and not stored: the preview shows it, and a LetterError says what is missing. */
export async function renderEventLetter(
  db: Executor,
  c: CaseRow,
  f: LetterFacts,
): Promise<{ kind: LetterKind; letter: RenderedLetter; version: number; html: string }> {
  const { kind, data } = await letterData(db, c, f);
  const { template, version } = await templateFor(db, kind);
  const letter = renderLetter(template, data);
  return { kind, letter, version, html: letterHtml(letter) };
}

/** Issue and keep the letter of an event; audited. */
export async function issueEventLetter(
  db: Executor,
  c: CaseRow,
  f: LetterFacts,
  actor: string,
): Promise<IssuedLetter> {
  const { kind, letter, version } = await renderEventLetter(db, c, f);
  const issuedOn = f.kind === 'receipt' ? c.receivedOn : f.kind === 'reply' ? f.reply.on : f.on;
  const docx = await docxOfLetter(letter);
  const [row] = await db
    .insert(letters)
    .values({
      caseId: c.id,
      kind,
      templateVersion: version,
      issuedOn,
      fields: { ...letter.fields },
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
  return { id: row!.id, kind, label: kindLabel(kind), issuedOn };
}

/** The 登记回执 of a case just registered (due date as the clock stored it at intake). */
export async function issueReceipt(db: Executor, caseId: number, actor: string): Promise<IssuedLetter> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw new LetterError('INVALID_DATA', '案件不存在', []);
  return issueEventLetter(db, c, { kind: 'receipt', due: c.dueOn, provisional: c.dueProvisional }, actor);
}

export async function caseLetters(db: Executor, caseId: number): Promise<IssuedLetter[]> {
  const rows = await db
    .select({ id: letters.id, kind: letters.kind, issuedOn: letters.issuedOn })
    .from(letters)
    .where(eq(letters.caseId, caseId))
    .orderBy(letters.id);
  return rows.map((r) => ({ ...r, label: kindLabel(r.kind as LetterKind) }));
}

/** The letters the applicant receives (the 征求意见书 goes to the third party, not to them). */
export async function applicantLetters(db: Executor, caseId: number): Promise<IssuedLetter[]> {
  return (await caseLetters(db, caseId)).filter((l) => l.kind !== 'consultation');
}

export async function letterBytes(db: Executor, caseId: number, id: number) {
  const [r] = await db
    .select({ kind: letters.kind, docx: letters.docx, issuedOn: letters.issuedOn })
    .from(letters)
    .where(and(eq(letters.caseId, caseId), eq(letters.id, id)));
  return r
    ? { kind: r.kind, label: kindLabel(r.kind as LetterKind), docx: r.docx, issuedOn: r.issuedOn }
    : null;
}

/** The PDF of a stored letter: LibreOffice converts the very DOCX that went out. */
export async function letterPdf(docx: Uint8Array): Promise<Uint8Array> {
  const { docxToPdf } = await import('../../render/pdf.ts');
  return docxToPdf(async () => docx, 'letter');
}

/** The 答复书 of a replied case, from its stored reply event (the demo and imports use this). */
export async function issueReplyLetter(
  db: Executor,
  c: CaseRow,
  actor: string,
  extra: { partial?: PartialParts | null; otherAgency?: string | null } = {},
): Promise<IssuedLetter> {
  if (!c.outcome || !c.closedOn) throw new LetterError('INVALID_DATA', '案件尚未答复，不能生成答复书', []);
  const [replied] = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'replied')))
    .orderBy(desc(caseEvents.id))
    .limit(1);
  const note = ((replied?.data as { note?: string } | undefined)?.note ?? null) || null;
  return issueEventLetter(
    db,
    c,
    {
      kind: 'reply',
      reply: {
        outcome: c.outcome,
        legalBasis: c.legalBasis,
        note,
        on: c.closedOn,
        partial: extra.partial ?? null,
        otherAgency: extra.otherAgency ?? null,
      },
    },
    actor,
  );
}

/** A 按件 notice prices this one application, the `rank`-th of the applicant's month (国办函〔2020〕109号第四条). */
export function applicationQuote(rank: number, unitPrice: number): FeeQuote {
  return {
    method: 'applications',
    quantity: 1,
    amount: unitPrice,
    lines: [{ from: rank, to: rank, unitPrice, quantity: 1, subtotal: unitPrice }],
    basis: feeByApplications(rank).basis,
  };
}

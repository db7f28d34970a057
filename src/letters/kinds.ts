// The kinds of letter: five procedural notices and one 答复书 per outcome (表三 result row, 2021 format).
import { isOutcomeRow, OUTCOME_ROWS, OUTCOMES, type OutcomeRow } from './outcomes.ts';

export const NOTICE_KINDS = ['receipt', 'correction', 'extension', 'consultation', 'fee'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** A 答复书 for one outcome: `reply:granted`, `reply:withheld.stateSecret`, … */
export type ReplyKind = `reply:${OutcomeRow}`;
export type LetterKind = NoticeKind | ReplyKind;

export const replyKind = (row: OutcomeRow): ReplyKind => `reply:${row}`;

export const LETTER_KINDS: readonly LetterKind[] = [...NOTICE_KINDS, ...OUTCOME_ROWS.map(replyKind)];

export const isLetterKind = (s: unknown): s is LetterKind =>
  typeof s === 'string' && (LETTER_KINDS as readonly string[]).includes(s);

/** The outcome a 答复书 kind is for; null for the notices. */
export function outcomeOfKind(kind: LetterKind): OutcomeRow | null {
  if (!kind.startsWith('reply:')) return null;
  const row = kind.slice('reply:'.length);
  return isOutcomeRow(row) ? row : null;
}

export const NOTICE_LABELS: Readonly<Record<NoticeKind, string>> = {
  receipt: '登记回执',
  correction: '补正告知书',
  extension: '延期答复告知书',
  consultation: '第三方征求意见书',
  fee: '收费通知书',
};

/** "登记回执", "答复书 · （三）不予公开 · 1.属于国家秘密": for lists and messages. */
export function kindLabel(kind: LetterKind): string {
  const row = outcomeOfKind(kind);
  return row ? `答复书 · ${OUTCOMES[row].label}` : NOTICE_LABELS[kind as NoticeKind];
}

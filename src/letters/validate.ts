// validateTemplate: the check an edited template passes before it is stored. It refuses what would make a wrong
// letter later — a malformed tag, a placeholder the letters layer does not know (a typo would otherwise surface
// only when a letter is refused), one that does not belong to this kind of letter, and a template that has lost
// what the law requires the letter to say (a 答复书 without remedies, a 补正告知书 without the items).
import { z } from 'zod';
import { isLetterKind, kindLabel, type LetterKind } from './kinds.ts';
import { appliesTo, PLACEHOLDERS } from './placeholders.ts';
import { namesIn, parseTemplate, TemplateSyntaxError } from './template-language.ts';
import { addresseeOf, type LetterTemplate } from './templates.ts';
import '../zod-zh.ts';

export type TemplateCheck =
  | { readonly ok: true; readonly template: LetterTemplate }
  | { readonly ok: false; readonly errors: readonly string[] };

/** What each kind of letter must keep saying, whatever the wording: placeholders it must use, words it must hold. */
interface Requirement {
  readonly placeholders?: readonly string[];
  readonly words?: readonly string[];
  readonly why: string;
}

const REPLY_REQUIREMENTS: readonly Requirement[] = [
  { placeholders: ['outcome.article'], why: '答复书须引用答复所依据的条款' },
  // 法释〔2018〕1号 第六十四条: without the time limits stated, the time to sue runs up to one year.
  { words: ['行政复议', '行政诉讼'], why: '答复书须告知申请行政复议、提起行政诉讼的权利和期限' },
];

export const REQUIREMENTS: Readonly<Record<string, readonly Requirement[]>> = {
  receipt: [
    { placeholders: ['case.trackingCode', 'dates.received'], why: '登记回执须写明查询码和收到申请之日' },
  ],
  // 《条例》第三十条: 说明需要补正的事项和合理的补正期限.
  correction: [
    {
      placeholders: ['correction.items', 'correction.replyBy'],
      why: '补正告知书须一次性写明补正事项和补正期限',
    },
  ],
  // 《条例》第三十三条第二款.
  extension: [
    { placeholders: ['extension.days', 'extension.newDueDate'], why: '延期答复告知书须写明延长的期限' },
  ],
  // 《条例》第三十二条: 15 working days.
  consultation: [{ placeholders: ['consultation.replyBy'], why: '征求意见书须写明提出意见的期限' }],
  // 国办函〔2020〕109号: 依据、标准、数额、缴纳方式, and the payment period.
  fee: [
    {
      placeholders: ['fee.bands', 'fee.amount', 'fee.payBy', 'fee.payment'],
      why: '收费通知书须写明收费标准、金额、缴纳期限和缴纳方式',
    },
  ],
};

const requirementsOf = (kind: LetterKind) =>
  kind.startsWith('reply:') ? REPLY_REQUIREMENTS : REQUIREMENTS[kind];

const shape = z.object(
  {
    kind: z.string({ error: '缺少 kind（信函类型）' }).refine(isLetterKind, { error: '信函类型不存在' }),
    title: z.string({ error: '缺少 title（标题）' }).trim().min(1, { error: '标题不能为空' }),
    addressee: z
      .string({ error: 'addressee（主送）应为文字' })
      .trim()
      .min(1, { error: '主送不能为空' })
      .optional(),
    paragraphs: z
      .array(z.string({ error: '每一段都应为文字' }), { error: '缺少 paragraphs（正文段落）' })
      .min(1, { error: '正文至少应有一段' }),
    basis: z.string({ error: '缺少 basis（依据）' }).trim().min(1, { error: '依据不能为空' }),
  },
  { error: '模板应为一个对象：{kind, title, paragraphs, basis}' },
);

/**
 * Checks a template (e.g. one an administrator edited, read from JSON). Every problem is reported, in Chinese,
 * naming the paragraph and the placeholder.
 */
export function validateTemplate(input: unknown): TemplateCheck {
  const parsed = shape.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => {
        const where = i.path.length ? `${i.path.map(String).join('.')}：` : '';
        return i.code === 'custom' && i.path[0] === 'kind'
          ? `信函类型“${String((input as { kind?: unknown }).kind)}”不存在`
          : where + i.message;
      }),
    };
  const t = parsed.data as LetterTemplate;
  const kind = t.kind;
  const errors: string[] = [];
  const used = new Set<string>();
  let allText = '';

  const parts: [string, string][] = [
    ['标题', t.title],
    ['主送', addresseeOf(t)],
    ...t.paragraphs.map((p, i): [string, string] => [`第${i + 1}段`, p]),
  ];
  for (const [where, source] of parts) {
    allText += source;
    let names: Set<string>;
    try {
      names = namesIn(parseTemplate(source));
    } catch (e) {
      if (e instanceof TemplateSyntaxError) {
        errors.push(`${where}：${e.message}`);
        continue;
      }
      throw e;
    }
    for (const name of names) {
      used.add(name);
      const def = PLACEHOLDERS.get(name);
      if (!def) errors.push(`${where}：未知的占位符“{{${name}}}”${suggest(name)}`);
      else if (!appliesTo(def, kind))
        errors.push(`${where}：占位符“{{${name}}}”（${def.label}）不适用于${kindLabel(kind)}`);
    }
  }

  for (const r of requirementsOf(kind) ?? []) {
    const lacking = [
      ...(r.placeholders ?? []).filter((p) => !used.has(p)).map((p) => `{{${p}}}`),
      ...(r.words ?? []).filter((w) => !allText.includes(w)).map((w) => `“${w}”`),
    ];
    if (lacking.length) errors.push(`${r.why}，模板中缺少 ${lacking.join('、')}`);
  }

  return errors.length ? { ok: false, errors } : { ok: true, template: t };
}

/** "（是否为 {{applicant.name}}？）" for a name one edit away from a known one. */
function suggest(name: string): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of PLACEHOLDERS.keys()) {
    const d = distance(name.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return best ? `（是否为“{{${best}}}”？）` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

// renderLetter: a template and the case data → the letter's text, ready for any output (DOCX, HTML, plain text).
// It refuses rather than guesses: an invalid template, invalid data, a template for another outcome than the
// case's, or any placeholder without a value (a legal letter never goes out with a blank) is a LetterError.
import { type LetterData, parseLetterData } from './data.ts';
import { LetterError } from './errors.ts';
import { cleanText, formatDate } from './format.ts';
import { kindLabel, type LetterKind, outcomeOfKind } from './kinds.ts';
import { OUTCOMES } from './outcomes.ts';
import { PLACEHOLDERS, type PlaceholderValue, placeholderValue } from './placeholders.ts';
import { evaluate, parseTemplate, soleVariable } from './template-language.ts';
import { addresseeOf, type LetterTemplate } from './templates.ts';
import { validateTemplate } from './validate.ts';

export interface RenderedLetter {
  readonly kind: LetterKind;
  /** The sending agency, printed above the title and as the signature. */
  readonly agency: string;
  readonly title: string;
  readonly docNumber?: string;
  readonly addressee: string;
  readonly paragraphs: readonly string[];
  /** 成文日期, written 2024年3月1日. */
  readonly date: string;
  /** Lines under the date: 联系地址、联系电话 when the agency gives them. */
  readonly contact: readonly string[];
  readonly basis: string;
  /** Every placeholder the letter used with the text it put there — the record kept with the issued letter. */
  readonly fields: Readonly<Record<string, string>>;
}

/** Throws LetterError('INVALID_TEMPLATE') listing every problem of the template. */
export function assertTemplate(template: unknown): LetterTemplate {
  const check = validateTemplate(template);
  if (!check.ok)
    throw new LetterError('INVALID_TEMPLATE', `信函模板有误：${check.errors.join('；')}`, check.errors);
  return check.template;
}

export function renderLetter(template: LetterTemplate, input: LetterData): RenderedLetter {
  const t = assertTemplate(template);
  const data = parseLetterData(input);
  const kind = t.kind;

  const row = outcomeOfKind(kind);
  if (row) {
    if (!data.outcome)
      throw new LetterError(
        'MISSING_PLACEHOLDER',
        `无法生成${kindLabel(kind)}：案件数据中缺少办理结果（outcome）`,
        ['outcome'],
      );
    if (data.outcome.row !== row)
      throw new LetterError(
        'KIND_MISMATCH',
        `模板是“${OUTCOMES[row].label}”的答复书，案件的办理结果却是“${OUTCOMES[data.outcome.row].label}”`,
        [data.outcome.row],
      );
  }

  const cache = new Map<string, PlaceholderValue | undefined>();
  const lookup = (name: string) => {
    if (!cache.has(name)) cache.set(name, placeholderValue(name, data, kind));
    return cache.get(name);
  };
  const missing = new Set<string>();
  const line = (source: string) => evaluate(parseTemplate(source), lookup, missing).trim();

  const paragraphs: string[] = [];
  for (const source of t.paragraphs) {
    const nodes = parseTemplate(source);
    const sole = soleVariable(nodes);
    const v = sole ? lookup(sole) : undefined;
    if (sole && Array.isArray(v)) {
      // A list standing alone is one paragraph per item (补正事项, 收费分档).
      paragraphs.push(...(v as readonly string[]));
      continue;
    }
    const text = evaluate(nodes, lookup, missing).trim();
    // A paragraph that is all conditional text on absent values is left out, not printed empty.
    if (text !== '') paragraphs.push(text);
  }
  const title = line(t.title);
  const addressee = line(addresseeOf(t));

  if (missing.size) {
    const names = [...missing].map((n) => `{{${n}}}（${PLACEHOLDERS.get(n)?.label ?? n}）`);
    throw new LetterError(
      'MISSING_PLACEHOLDER',
      `无法生成${kindLabel(kind)}：案件数据缺少 ${names.join('、')}。法律文书不能留空，请补充后再生成。`,
      [...missing],
    );
  }

  const fields: Record<string, string> = {};
  for (const [name, v] of cache) if (v !== undefined) fields[name] = typeof v === 'string' ? v : v.join('\n');

  const contact = [
    ...(data.agency.address ? [`联系地址：${cleanText(data.agency.address).trim()}`] : []),
    ...(data.agency.phone ? [`联系电话：${cleanText(data.agency.phone).trim()}`] : []),
  ];
  return {
    kind,
    agency: cleanText(data.agency.name).trim(),
    title,
    ...(data.docNumber ? { docNumber: cleanText(data.docNumber).trim() } : {}),
    addressee,
    paragraphs,
    date: formatDate(data.dates.issued),
    contact,
    basis: cleanText(t.basis).trim(),
    fields,
  };
}

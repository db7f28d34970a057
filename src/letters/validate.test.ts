import { describe, expect, it } from 'vitest';
import { LETTER_KINDS } from './kinds.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';
import { validateTemplate } from './validate.ts';

const errorsOf = (t: unknown) => {
  const r = validateTemplate(t);
  return r.ok ? [] : r.errors;
};
const reply = DEFAULT_TEMPLATES['reply:withheld.stateSecret'];

describe('validateTemplate', () => {
  it.each(LETTER_KINDS)('accepts the default template of %s', (kind) => {
    expect(errorsOf(DEFAULT_TEMPLATES[kind])).toEqual([]);
  });

  it('accepts a default template after a round trip through JSON (as an administrator stores it)', () => {
    const t = JSON.parse(JSON.stringify(DEFAULT_TEMPLATES.fee));
    expect(validateTemplate(t)).toEqual({ ok: true, template: t });
  });

  it('refuses an unknown placeholder, naming it and the paragraph, and suggesting the near one', () => {
    const edited = { ...reply, paragraphs: [...reply.paragraphs, '{{applicant.nmae}}，请知悉。'] };
    const errors = errorsOf(edited);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`第${edited.paragraphs.length}段`);
    expect(errors[0]).toContain('未知的占位符“{{applicant.nmae}}”');
    expect(errors[0]).toContain('是否为“{{applicant.name}}”');
  });

  it('refuses an unknown placeholder used as a condition', () => {
    expect(errorsOf({ ...reply, title: '{{#if outcome.secret}}答复书{{/if}}' })[0]).toContain(
      '未知的占位符“{{outcome.secret}}”',
    );
  });

  it('refuses a placeholder of another kind of letter (a fee amount in a receipt)', () => {
    const t = DEFAULT_TEMPLATES.receipt;
    const errors = errorsOf({ ...t, paragraphs: [...t.paragraphs, '应缴{{fee.amount}}元。'] });
    expect(errors).toEqual([expect.stringContaining('“{{fee.amount}}”（收费金额（元））不适用于登记回执')]);
  });

  it('refuses a 答复书 that no longer states the remedies', () => {
    const errors = errorsOf({
      ...reply,
      paragraphs: reply.paragraphs.filter((p) => !p.includes('行政复议')),
    });
    expect(errors).toEqual([expect.stringMatching(/行政复议.*“行政诉讼”|“行政复议”、“行政诉讼”/)]);
  });

  it('refuses a 答复书 that cites no article', () => {
    const errors = errorsOf({
      ...reply,
      paragraphs: reply.paragraphs.map((p) => p.replace(/\{\{outcome\.article\}\}/g, '有关规定')),
    });
    expect(errors).toEqual([expect.stringContaining('{{outcome.article}}')]);
  });

  it('refuses a 补正告知书 without the items to correct (《条例》第三十条)', () => {
    const t = DEFAULT_TEMPLATES.correction;
    expect(errorsOf({ ...t, paragraphs: t.paragraphs.filter((p) => p !== '{{correction.items}}') })).toEqual([
      expect.stringContaining('{{correction.items}}'),
    ]);
  });

  it('refuses a 收费通知书 without the payment method', () => {
    const t = DEFAULT_TEMPLATES.fee;
    expect(
      errorsOf({ ...t, paragraphs: t.paragraphs.map((p) => p.replace('{{fee.payment}}', '现金')) }),
    ).toEqual([expect.stringContaining('{{fee.payment}}')]);
  });

  it('reports a syntax error with the paragraph it is in, and goes on checking the others', () => {
    const errors = errorsOf({
      ...reply,
      paragraphs: ['{{#if reviewBody}}向{{reviewBody}}', ...reply.paragraphs, '{{bogus}}'],
    });
    expect(errors[0]).toMatch(/^第1段：.*缺少“\{\{\/if\}\}”/);
    expect(errors.some((e) => e.includes('{{bogus}}'))).toBe(true);
  });

  it.each([
    [null, /模板应为一个对象/],
    ['text', /模板应为一个对象/],
    [{ ...reply, kind: 'reply:unknown' }, /信函类型“reply:unknown”不存在/],
    [{ ...reply, title: ' ' }, /标题不能为空/],
    [{ ...reply, paragraphs: [] }, /正文至少应有一段/],
    [{ ...reply, paragraphs: 'text' }, /paragraphs/],
    [{ ...reply, basis: undefined }, /缺少 basis/],
  ])('refuses a malformed record %#', (input, message) => {
    expect(errorsOf(input).join('\n')).toMatch(message);
  });
});

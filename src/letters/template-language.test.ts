import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, namesIn, parseTemplate, soleVariable, TemplateSyntaxError } from './template-language.ts';

const run = (source: string, values: Record<string, string | string[]>) => {
  const missing = new Set<string>();
  const text = evaluate(parseTemplate(source), (n) => values[n], missing);
  return { text, missing: [...missing] };
};

describe('the template language', () => {
  it('fills {{name}} with the value, spaces inside the braces allowed', () => {
    expect(
      run('{{applicant.name}}：您好，{{ case.trackingCode }}', {
        'applicant.name': '张三',
        'case.trackingCode': 'A1',
      }),
    ).toEqual({ text: '张三：您好，A1', missing: [] });
  });

  it('reports every value used but not supplied', () => {
    expect(run('{{a}}与{{b}}与{{a}}', {}).missing).toEqual(['a', 'b']);
  });

  it('writes the {{#if}} branch when the value is there, the {{else}} branch when it is not', () => {
    const t = '向{{#if reviewBody}}{{reviewBody}}{{else}}有关机关{{/if}}申请';
    expect(run(t, { reviewBody: '某市人民政府' }).text).toBe('向某市人民政府申请');
    expect(run(t, {})).toEqual({ text: '向有关机关申请', missing: [] });
  });

  it('nests conditions', () => {
    const t = '{{#if a}}A{{#if b}}B{{else}}-{{/if}}{{/if}}';
    expect(run(t, { a: '1', b: '1' }).text).toBe('AB');
    expect(run(t, { a: '1' }).text).toBe('A-');
    expect(run(t, { b: '1' }).text).toBe('');
  });

  it('joins a list used inside a sentence with “；”', () => {
    expect(run('事项：{{items}}。', { items: ['甲', '乙'] }).text).toBe('事项：甲；乙。');
  });

  it('knows the names a template mentions, conditions included', () => {
    expect([...namesIn(parseTemplate('{{a}}{{#if b}}{{c}}{{else}}{{d}}{{/if}}'))].sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('recognises a paragraph that is one placeholder alone', () => {
    expect(soleVariable(parseTemplate(' {{correction.items}} '))).toBe('correction.items');
    expect(soleVariable(parseTemplate('（{{correction.items}}）'))).toBeNull();
  });

  it.each([
    ['{{applicant.name', '没有对应'],
    ['{{applicant.name}', '没有对应'],
    ['applicant.name}}', '多余的“}}”'],
    ['{{#if a}}x', '缺少“{{/if}}”'],
    ['x{{/if}}', '多余的“{{/if}}”'],
    ['{{else}}', '不在'],
    ['{{#if a}}1{{else}}2{{else}}3{{/if}}', '两个'],
    ['{{申请人}}', '不合法'],
    ['{{a b}}', '不合法'],
    ['{{#if}}', '不合法'],
  ])('refuses the malformed %j with a Chinese message', (source, message) => {
    expect(() => parseTemplate(source)).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(source)).toThrow(message);
  });

  it('inserts values as text, never as template: a value holding “{{x}}” stays as written', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const { text, missing } = run('【{{v}}】', { v: value, x: 'INJECTED' });
        expect(text).toBe(`【${value}】`);
        expect(missing).toEqual([]);
      }),
    );
  });

  it('text without braces comes out unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{{') && !s.includes('}}')),
        (s) => {
          expect(run(s, {}).text).toBe(s);
        },
      ),
    );
  });
});

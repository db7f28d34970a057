import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LetterData } from './data.ts';
import { LetterError } from './errors.ts';
import { LETTER_KINDS } from './kinds.ts';
import { letterText } from './preview.ts';
import { renderLetter } from './render.ts';
import { sampleLetterData } from './sample.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';

const render = (kind: (typeof LETTER_KINDS)[number], data: LetterData = sampleLetterData(kind)) =>
  renderLetter(DEFAULT_TEMPLATES[kind], data);

function failure(f: () => unknown): LetterError {
  try {
    f();
  } catch (e) {
    if (e instanceof LetterError) return e;
    throw e;
  }
  throw new Error('expected a LetterError');
}

describe('renderLetter', () => {
  it.each(LETTER_KINDS)('renders %s from complete data, leaving no placeholder behind', (kind) => {
    const l = render(kind);
    const text = letterText(l);
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(l.agency).toBe('某市某区人民政府');
    expect(l.date).toMatch(/^2024年\d+月\d+日$/);
  });

  it('writes the receipt date, tracking code and due date of the case', () => {
    const text = letterText(render('receipt'));
    expect(text).toContain('本机关收到该申请之日为2024年3月1日');
    expect(text).toContain('YSQ-2024-0012');
    expect(text).toContain('（即2024年3月29日前）作出答复');
  });

  it('records the value of every placeholder it used', () => {
    const l = render('reply:withheld.stateSecret');
    expect(l.fields['applicant.name']).toBe('张三');
    expect(l.fields['dates.received']).toBe('2024年3月1日');
    expect(l.fields['outcome.article']).toBe(
      '《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项',
    );
  });

  it('refuses a 不予公开 reply without reasons, naming the placeholder (never a blank in a legal letter)', () => {
    const data = sampleLetterData('reply:withheld.stateSecret');
    const e = failure(() =>
      render('reply:withheld.stateSecret', { ...data, outcome: { row: 'withheld.stateSecret' } }),
    );
    expect(e.code).toBe('MISSING_PLACEHOLDER');
    expect(e.details).toEqual(['outcome.reasons']);
    expect(e.message).toContain('{{outcome.reasons}}（理由）');
    expect(e.message).toContain('不能留空');
  });

  it('refuses 其他处理 without the article the officer relies on', () => {
    const e = failure(() =>
      render('reply:other.other', {
        ...sampleLetterData('reply:other.other'),
        outcome: { row: 'other.other', reasons: '申请已撤回' },
      }),
    );
    expect(e.details).toEqual(['outcome.article']);
  });

  it('names every missing placeholder at once', () => {
    const data = sampleLetterData('fee');
    const e = failure(() => render('fee', { ...data, fee: undefined }));
    expect(e.code).toBe('MISSING_PLACEHOLDER');
    expect(e.details).toEqual(
      expect.arrayContaining([
        'fee.method',
        'fee.quantity',
        'fee.bands',
        'fee.amount',
        'fee.payBy',
        'fee.payment',
      ]),
    );
  });

  it('refuses a reply template for another outcome than the case’s', () => {
    const e = failure(() => render('reply:granted', sampleLetterData('reply:withheld.stateSecret')));
    expect(e.code).toBe('KIND_MISMATCH');
    expect(e.message).toContain('（一）予以公开');
    expect(e.message).toContain('（三）不予公开 · 1.属于国家秘密');
  });

  it('refuses a reply when the case has no outcome', () => {
    const e = failure(() => render('reply:granted', { ...sampleLetterData('receipt'), outcome: undefined }));
    expect(e.code).toBe('MISSING_PLACEHOLDER');
    expect(e.details).toEqual(['outcome']);
  });

  it('refuses an edited template with an unknown placeholder before rendering anything', () => {
    const t = { ...DEFAULT_TEMPLATES.receipt, paragraphs: ['{{applicant.idNumber}}'] };
    const e = failure(() => renderLetter(t, sampleLetterData('receipt')));
    expect(e.code).toBe('INVALID_TEMPLATE');
    expect(e.message).toContain('{{applicant.idNumber}}');
  });

  it.each([
    [
      'an extension beyond 20 working days (《条例》第三十三条第二款)',
      'extension',
      (d: LetterData) => ({ ...d, extension: { ...d.extension!, days: 21 } }),
      '最长不得超过20个工作日',
    ],
    [
      'a fee whose bands do not add up to the amount',
      'fee',
      (d: LetterData) => ({ ...d, fee: { ...d.fee!, amount: 400 } }),
      '收费金额（fee.amount）与各档小计之和不一致',
    ],
    [
      'a date that does not exist',
      'receipt',
      (d: LetterData) => ({ ...d, case: { ...d.case, receivedOn: '2023-02-29' } }),
      '收到申请日期（case.receivedOn）应为有效日期',
    ],
    [
      'a correction notice with no item',
      'correction',
      (d: LetterData) => ({ ...d, correction: { ...d.correction!, items: [] } }),
      '一次性告知',
    ],
    [
      'an applicant type that is no 表三 column',
      'receipt',
      (d: LetterData) => ({ ...d, applicant: { ...d.applicant, type: 'total' } }),
      '申请人类型（applicant.type）应为',
    ],
    [
      'a blank applicant name',
      'receipt',
      (d: LetterData) => ({ ...d, applicant: { ...d.applicant, name: '  ' } }),
      '申请人姓名或名称（applicant.name）不能为空',
    ],
    [
      'a letter dated before the application arrived',
      'receipt',
      (d: LetterData) => ({ ...d, dates: { issued: '2024-02-01' } }),
      '发文日期（dates.issued）不得早于收到申请日期',
    ],
  ] as const)('refuses %s with a Chinese message naming the field', (_what, kind, change, message) => {
    const e = failure(() => render(kind, change(sampleLetterData(kind)) as LetterData));
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toContain(message);
  });

  it('names a missing data section in Chinese', () => {
    const { agency: _, ...rest } = sampleLetterData('receipt');
    const e = failure(() => render('receipt', rest as unknown as LetterData));
    expect(e.message).toContain('缺少发文机关（agency）');
  });

  it('addresses an organisation as 贵单位 and a person as 您', () => {
    const data = sampleLetterData('reply:granted');
    expect(letterText(render('reply:granted', data))).toContain('您如对本答复不服');
    const org = { ...data, applicant: { name: '某某律师事务所', type: 'legalService' as const } };
    const text = letterText(render('reply:granted', org));
    expect(text).toContain('某某律师事务所：');
    expect(text).toContain('贵单位如对本答复不服');
  });

  it('names the 复议机关 and the court when given, and reads well without them', () => {
    const data = sampleLetterData('reply:declined.duplicate');
    expect(letterText(render('reply:declined.duplicate', data))).toContain('向某市人民政府申请行政复议');
    const text = letterText(
      render('reply:declined.duplicate', { ...data, reviewBody: undefined, court: undefined }),
    );
    expect(text).toContain('依照《中华人民共和国行政复议法》申请行政复议');
    expect(text).toContain('向有管辖权的人民法院提起行政诉讼');
  });

  it('cites 第三十六条第（一）项 and tells where to find information already published', () => {
    const data = sampleLetterData('reply:granted');
    const l = render('reply:granted', {
      ...data,
      outcome: { row: 'granted', publishedAt: '本机关门户网站“政府信息公开”专栏' },
    });
    expect(l.paragraphs[1]).toContain('已经主动公开，可以通过本机关门户网站“政府信息公开”专栏获取');
    expect(l.paragraphs[1]).toContain('第三十六条第（一）项');
  });

  it('cites 第三十六条第（五）项 and names the responsible agency when it is another’s', () => {
    const data = sampleLetterData('reply:unavailable.notHeld');
    const l = render('reply:unavailable.notHeld', {
      ...data,
      outcome: {
        row: 'unavailable.notHeld',
        reasons: '该项目由市住房城乡建设委审批',
        otherAgency: { name: '某市住房和城乡建设委员会', contact: '010-87654321' },
      },
    });
    expect(l.paragraphs[1]).toContain('第三十六条第（五）项');
    expect(l.paragraphs[1]).toContain('该信息由某市住房和城乡建设委员会负责公开（联系方式：010-87654321）');
    expect(l.fields['outcome.article']).toContain('第三十六条第（五）项');
  });

  it('lets the officer override the citation of an outcome', () => {
    const data = sampleLetterData('reply:declined.confirmation');
    const l = render('reply:declined.confirmation', {
      ...data,
      outcome: { row: 'declined.confirmation', article: '《某省政府信息公开规定》第十条' },
    });
    expect(l.paragraphs[1]).toContain('依照《某省政府信息公开规定》第十条的规定');
  });

  it('writes one paragraph per item to correct, numbered （一）（二）', () => {
    const l = render('correction');
    expect(l.paragraphs).toContain('（一）请明确所申请文件的名称、文号或者其他便于查询的特征性描述；');
    expect(l.paragraphs).toContain('（二）请明确所申请信息涉及的小区名称或者项目名称。');
  });

  it('keeps what applicants type as text: quotes, braces, markup', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => /[^\s。；，、,.;：:]/.test(s)),
        (description) => {
          const data = sampleLetterData('receipt');
          const l = render('receipt', { ...data, case: { ...data.case, description } });
          const clean = description.replace(
            /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/g,
            '',
          );
          expect(l.paragraphs[0]).toContain(
            clean
              .replace(/\r\n?/g, '\n')
              .trim()
              .replace(/[。；，、,.;：:\s]+$/u, ''),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

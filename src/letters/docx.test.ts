import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { closingIndex, docxOfLetter, letterDocx, textWidth } from './docx.ts';
import { LetterError } from './errors.ts';
import { LETTER_KINDS, type LetterKind, outcomeOfKind } from './kinds.ts';
import { OUTCOMES } from './outcomes.ts';
import { renderLetter } from './render.ts';
import { sampleLetterData } from './sample.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';

/** The paragraphs of the document body as text, and the raw parts. */
async function open(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const document = await zip.file('word/document.xml')!.async('string');
  const styles = await zip.file('word/styles.xml')!.async('string');
  const paragraphs = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1]!)
      .join('')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  );
  return { document, styles, paragraphs, text: paragraphs.join('\n') };
}

const docx = (kind: LetterKind) => letterDocx(kind, sampleLetterData(kind));

describe('letterDocx', () => {
  it.each(LETTER_KINDS.filter((k) => outcomeOfKind(k)))(
    '%s: cites its article and states both remedies with their time limits',
    async (kind) => {
      const { text } = await open(await docx(kind));
      const row = outcomeOfKind(kind)!;
      const cite = OUTCOMES[row].articles.at(-1)?.cite ?? sampleLetterData(kind).outcome!.article!;
      expect(text).toContain(`依照${cite}的规定`);
      expect(text).toContain(
        '自收到本答复之日起60日内依照《中华人民共和国行政复议法》向某市人民政府申请行政复议',
      );
      expect(text).toContain(
        '自收到本答复之日起6个月内依照《中华人民共和国行政诉讼法》第四十六条向某市某区人民法院提起行政诉讼',
      );
      expect(text).toContain('政府信息公开申请答复书');
    },
  );

  it.each([
    ['receipt', '第三十一条', '政府信息公开申请登记回执'],
    ['correction', '第三十条', '政府信息公开申请补正告知书'],
    ['extension', '第三十三条第二款', '政府信息公开申请延期答复告知书'],
    ['consultation', '第三十二条', '政府信息公开第三方意见征求书'],
    ['fee', '国办函〔2020〕109号', '政府信息公开信息处理费收费通知书'],
  ] as const)('%s: titled and citing %s', async (kind, article, title) => {
    const { paragraphs, text } = await open(await docx(kind));
    expect(paragraphs[1]).toBe(title);
    expect(text).toContain(article);
    expect(text).not.toContain('{{');
  });

  it('fee notice: lists the bands, the total in figures and in words, the 20-working-day term and how to pay', async () => {
    const { paragraphs, text } = await open(await docx('fee'));
    expect(paragraphs).toContain('（一）第1页至第30页，共30页，免费；');
    expect(paragraphs).toContain('（二）第31页至第68页，共38页，每页10元，计380元。');
    expect(text).toContain('合计应缴纳信息处理费人民币380元（大写：叁佰捌拾元整）');
    expect(text).toContain('自收到本通知次日起20个工作日内（即2024年4月15日前）缴纳');
    expect(text).toContain('缴纳方式：通过某区政务服务网');
    expect(text).toContain('逾期未缴纳的，视为放弃申请');
  });

  it('fee notice by applications (按件) counts 件', async () => {
    const data = sampleLetterData('fee');
    const fee = {
      ...data.fee!,
      method: 'applications' as const,
      quantity: 12,
      amount: 200,
      bands: [
        { from: 1, to: 10, unitPrice: 0, quantity: 10, subtotal: 0 },
        { from: 11, to: 12, unitPrice: 100, quantity: 2, subtotal: 200 },
      ],
    };
    const { text } = await open(await letterDocx('fee', { ...data, fee }));
    expect(text).toContain('按件计收信息处理费，计费数量为12件');
    expect(text).toContain('（二）第11件至第12件，共2件，每件100元，计200元。');
  });

  it('extension notice states the days, the new due date and the approval by the head of the 工作机构', async () => {
    const { text } = await open(await docx('extension'));
    expect(text).toContain('经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日');
    expect(text).toContain('本机关将于2024年4月28日前作出答复');
  });

  it('consultation goes to the third party, with the 15-working-day period, and does not name the applicant', async () => {
    const { paragraphs, text } = await open(await docx('consultation'));
    expect(paragraphs).toContain('某某建设工程有限公司：');
    expect(text).toContain('自收到本征求意见书之日起15个工作日内（即2024年3月29日前）');
    expect(text).not.toContain('张三');
  });

  it('is laid out as an official document: agency and title, 文号, addressee, body, seal mark, signature, date', async () => {
    const { paragraphs } = await open(await docx('reply:partiallyGranted'));
    const nonEmpty = paragraphs.filter((p) => p !== '');
    expect(nonEmpty.slice(0, 4)).toEqual([
      '某市某区人民政府',
      '政府信息公开申请答复书',
      '某区政信复〔2024〕第12号',
      '张三：',
    ]);
    const seal = nonEmpty.indexOf('（印章）');
    expect(nonEmpty.slice(seal, seal + 3)).toEqual(['（印章）', '某市某区人民政府', '2024年3月22日']);
    expect(nonEmpty.slice(seal + 3)).toEqual(['联系地址：某市某区人民路1号', '联系电话：010-12345678']);
    expect(nonEmpty[seal - 1]).toBe('特此答复。');
  });

  it('uses A4 with the GB/T 9704 margins, the official faces and 三号 body text', async () => {
    const { document, styles } = await open(await docx('receipt'));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(document).toMatch(/w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/);
    expect(styles).toMatch(
      /<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>[\s\S]*<\/w:docDefaults>/,
    );
    expect(styles).toMatch(
      /w:styleId="LetterTitle"[\s\S]*w:eastAsia="方正小标宋简体"[\s\S]*<w:sz w:val="44"\/>/,
    );
  });

  it('names the free faces when asked (the PDF path), with the title in bold for want of 小标宋', async () => {
    const fonts = { title: 'Noto Serif CJK SC', heading: 'Noto Sans CJK SC', body: 'Noto Serif CJK SC' };
    const l = renderLetter(DEFAULT_TEMPLATES.receipt, sampleLetterData('receipt'));
    const { styles } = await open(await docxOfLetter(l, { fonts }));
    expect(styles).not.toContain('仿宋_GB2312');
    expect(styles).toMatch(/w:styleId="LetterTitle"[\s\S]*w:eastAsia="Noto Serif CJK SC"[\s\S]*<w:b\/>/);
  });

  it('prints no 文号 line when the letter has none', async () => {
    const { paragraphs } = await open(await docx('receipt'));
    expect(paragraphs.filter((p) => p.includes('〔'))).toEqual([]);
  });

  it('uses an administrator’s edited template', async () => {
    const t = DEFAULT_TEMPLATES['reply:declined.duplicate'];
    const edited = { ...t, paragraphs: t.paragraphs.map((p) => (p === '特此答复。' ? '特此告知。' : p)) };
    const { text } = await open(
      await letterDocx('reply:declined.duplicate', sampleLetterData('reply:declined.duplicate'), edited),
    );
    expect(text).toContain('特此告知。');
    expect(text).not.toContain('特此答复。');
  });

  it('refuses a template of another kind', async () => {
    const e = await letterDocx('fee', sampleLetterData('fee'), DEFAULT_TEMPLATES.receipt).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LetterError);
    expect((e as LetterError).code).toBe('KIND_MISMATCH');
  });

  it('keeps a value’s line breaks as breaks, and characters XML cannot hold out of the file', async () => {
    const data = sampleLetterData('receipt');
    const bytes = await letterDocx('receipt', {
      ...data,
      case: { ...data.case, description: '第一行\n第二行\u0001' },
    });
    const { document } = await open(bytes);
    expect(document).toContain('第一行</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">第二行');
    expect(document).not.toContain('\u0001');
  });
});

describe('textWidth', () => {
  it('counts CJK as one character and digits as half', () => {
    expect(textWidth('2024年3月22日')).toBe(3 + 3.5);
    expect(textWidth('某市某区人民政府')).toBe(8);
  });
});

describe('the close goes with the signature (GB/T 9704 §7.3.5.1; pages checked in test/letters-pagination.test.ts)', () => {
  it.each([
    [['正文。', '救济。', '特此答复。'], 2, 'the close as the last paragraph'],
    [['正文。', '特此告知。', '附件：收费标准'], 1, 'an 附件说明 after the close'],
    [['正文。', '依照该条例的规定，特此告知。'], 1, 'a close inside the last sentence: the last paragraph'],
    [['特此说明如下：', '一、……', '二、……', '三、……'], 3, 'a “特此” far from the end is not the close'],
  ] as const)('%j → from paragraph %i (%s)', (paragraphs, want, _why) => {
    expect(closingIndex(paragraphs)).toBe(want);
  });

  it('every paragraph from the close to the date keeps with the next; the body before it does not', async () => {
    const l = renderLetter(
      DEFAULT_TEMPLATES['reply:partiallyGranted'],
      sampleLetterData('reply:partiallyGranted'),
    );
    const { document } = await open(
      await docxOfLetter({ ...l, paragraphs: [...l.paragraphs, '附件：依申请公开的政府信息'] }),
    );
    const paras = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const keeps = (text: string) => /<w:keepNext\/>/.test(paras.find((p) => p.includes(`>${text}<`))!);
    expect(keeps('特此答复。')).toBe(true);
    expect(keeps('附件：依申请公开的政府信息')).toBe(true);
    expect(keeps('（印章）')).toBe(true);
    expect(keeps(l.paragraphs[0]!)).toBe(false);
  });
});

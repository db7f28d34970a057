import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, letterHtml, letterText } from './preview.ts';
import { renderLetter } from './render.ts';
import { sampleLetterData } from './sample.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';

const withDescription = (description: string) => {
  const data = sampleLetterData('receipt');
  return renderLetter(DEFAULT_TEMPLATES.receipt, { ...data, case: { ...data.case, description } });
};

describe('letterHtml', () => {
  it('escapes <script> typed into a case description', () => {
    const html = letterHtml(withDescription('<script>alert("x")</script>文件'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;文件');
  });

  it('escapes the agency, the applicant and the tracking code too', () => {
    const data = sampleLetterData('reply:granted');
    const l = renderLetter(DEFAULT_TEMPLATES['reply:granted'], {
      ...data,
      agency: { name: '<b>某局</b>' },
      applicant: { name: '"张三"&<i>', type: 'naturalPerson' },
      case: { ...data.case, trackingCode: "A'1" },
    });
    const html = letterHtml(l, { standalone: true });
    expect(html).not.toMatch(/<b>|<i>/);
    expect(html).toContain('&lt;b&gt;某局&lt;/b&gt;');
    expect(html).toContain('&quot;张三&quot;&amp;&lt;i&gt;：');
    expect(html).toContain('A&#39;1');
  });

  it('never lets a value open a tag, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).map((s) => `x${s}`),
        (description) => {
          const html = letterHtml(withDescription(description));
          const tags = html.match(/<[a-z/!][^>]*>/gi) ?? [];
          for (const t of tags) expect(t).toMatch(/^<\/?(article|h1|br|p|div)( class="[a-z-]+")?>$/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is a whole page with styles when standalone', () => {
    const html = letterHtml(withDescription('文件'), { standalone: true });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('Noto Serif CJK SC');
  });
});

describe('letterText', () => {
  it('reads in the order of the letter, the seal mark above the signature and date', () => {
    const lines = letterText(withDescription('文件')).split('\n');
    expect(lines.slice(0, 2)).toEqual(['某市某区人民政府', '政府信息公开申请登记回执']);
    expect(lines).toContain('张三：');
    const seal = lines.indexOf('（印章）');
    expect(lines.slice(seal + 1, seal + 3)).toEqual(['某市某区人民政府', '2024年3月1日']);
    expect(lines).toContain('联系电话：010-12345678');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives meaning to', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

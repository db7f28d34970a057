import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { blank, reportFromFields } from '../domain/report/model.ts';
import { renderHtml } from './html.ts';

const hostile = '<script>alert("x")</script>&"\'';
const report = reportFromFields(
  '2021',
  { 't3.received.total': 13 },
  {
    agency: `某某镇${hostile}`,
    year: 2023,
    sections: { overview: `正文${hostile}`, problems: '问题一\n问题二' },
  },
);
report.cells['t3.received.naturalPerson'] = blank('—');
const html = renderHtml(report);

const count = (re: RegExp) => (html.match(re) ?? []).length;

describe('renderHtml', () => {
  it('is a complete page that parses without errors, in Chinese', () => {
    const errors: string[] = [];
    parse(html, { onParseError: (e) => errors.push(e.code) });
    expect(errors).toEqual([]);
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(count(/<h1>/g)).toBe(1);
    expect(count(/<h2 /g)).toBe(6);
    expect(html).toContain('<p>问题一</p>\n<p>问题二</p>');
  });

  it('escapes every text it prints', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('某某镇&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&quot;&#39;2023年');
  });

  it('gives each table a caption and real header cells with a scope', () => {
    expect(count(/<caption>/g)).toBe(3);
    expect(html).toContain('<th scope="colgroup" colspan="7">申请人情况</th>');
    expect(html).toContain('<th scope="colgroup" colspan="5">法人或其他组织</th>');
    expect(html).toContain('<th scope="col" rowspan="2">自然人</th>');
    expect(html).toContain('<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>');
    expect(html).toContain('<th scope="row" rowspan="8">（三）不予公开</th>');
    expect(html).toContain('<th scope="row" colspan="3">一、本年新收政府信息公开申请数量</th>');
    expect(html).toContain('<td class="note" rowspan="3" colspan="3">（本列数据的勾稽关系为');
    expect(html).toContain('<th scope="colgroup" colspan="10">行政诉讼</th>');
  });

  it('puts each rowgroup in a <tbody> of its own: 表二 one per article, 表三 three (一二 / 三 / 四)', () => {
    const table = (cls: string) =>
      html.slice(
        html.indexOf(`<table class="${cls}">`),
        html.indexOf('</table>', html.indexOf(`<table class="${cls}">`)),
      );
    expect(table('t2').match(/<tbody>/g)).toHaveLength(4);
    expect(table('t3').match(/<tbody>/g)).toHaveLength(3);
    expect(table('t3').match(/<thead>/g)).toHaveLength(1);
    const last = table('t3').split('<tbody>').at(-1)!;
    expect(last).toContain('四、结转下年度继续办理');
    expect(last).not.toContain('（七）总计');
  });

  it('prints a printed blank as printed and an unknown cell as nothing', () => {
    expect(html).toContain('<td class="num" data-key="t3.received.naturalPerson">—</td>');
    expect(html).toContain('<td class="num" data-key="t3.received.commercial"></td>');
    expect(html).toContain('<td class="num" data-key="t3.received.total">13</td>');
  });

  it('lays out for A4 print', () => {
    expect(html).toContain('@page { size: A4;');
  });
});

import { describe, expect, it } from 'vitest';
import { printNumber, renderTemplate, validateTemplate } from './template.ts';

describe('section templates', () => {
  const values = new Map<string, number | string>([
    ['t3.received.total', 6],
    ['publishing.total', 316],
    ['publishing.byColumn', '街乡镇动态130条、通知公告57条'],
    ['t2.fees.amount', 0.1 + 0.2],
  ]);

  it('fills placeholders with the numbers of this build', () => {
    const r = renderTemplate(
      '收到申请{{t3.received.total}}件；共发布{{ publishing.total }}条，其中{{publishing.byColumn}}。',
      values,
    );
    expect(r).toEqual({ text: '收到申请6件；共发布316条，其中街乡镇动态130条、通知公告57条。', missing: [] });
  });

  it('prints money without float noise', () => {
    expect(renderTemplate('{{t2.fees.amount}}万元', values).text).toBe('0.3万元');
    expect(printNumber(12.5)).toBe('12.5');
  });

  it('when a value is missing, then the placeholder stays visible and is reported', () => {
    const r = renderTemplate('收取{{fees.collected}}元', values);
    expect(r).toEqual({ text: '收取{{fees.collected}}元', missing: ['fees.collected'] });
  });

  it('a family placeholder falls back to its default', () => {
    expect(renderTemplate('{{publishing.column.机构职能}}条', values, () => 0).text).toBe('0条');
  });

  it('validation names unknown placeholders and stray braces', () => {
    expect(validateTemplate('{{t3.received.total}}{{publishing.column.机构职能}}{{year}}')).toEqual([]);
    expect(validateTemplate('{{t3.recieved.total}}')).toEqual([
      { key: 't3.recieved.total', message: '未知的占位符“{{t3.recieved.total}}”' },
    ]);
    expect(validateTemplate('共{{publishing.total}条')[0]!.message).toMatch(/不成对/);
  });
});

// The report builder's text read as written Chinese: a zero is said in words ("本机关未主动公开政府信息"), an empty
// list never prints "无" after "其中" or "主要集中在", and the default text of a year quotes that year's names so our
// own copy check (cross-year.ts, digits folded) does not take it for last year's text with the numbers changed.
import { describe, expect, it } from 'vitest';
import { repeatedShare } from '../rules/cross-year.ts';
import { defaultTemplates } from './default-templates.ts';
import { type BuilderFacts, proseValues, tidyProse } from './facts.ts';
import { renderTemplate } from './template.ts';

const zero: BuilderFacts = {
  agency: '某镇人民政府',
  year: 2024,
  publishing: { total: 0, byColumn: [], byChannel: [], byDepartment: [], late: 0, overdue: 0 },
  catalogue: { matters: 0 },
  consultation: { calls: 0, total: 0, byCategory: [], feedbacks: 0 },
  work: {
    training: { count: 0, participants: 0 },
    openDay: { count: 0, participants: 0 },
    inspection: { count: 0, participants: 0 },
    other: { count: 0, participants: 0 },
  },
  fees: null,
};

/** A year with activity: the same columns and counts every year, only the names differ. */
const busy = (year: number, names: string): BuilderFacts => ({
  ...zero,
  year,
  publishing: {
    total: 12,
    byColumn: [
      { name: '通知公告', count: 7 },
      { name: '规划信息', count: 5 },
    ],
    byChannel: [{ name: '门户网站', count: 12 }],
    byDepartment: [],
    late: 0,
    overdue: 0,
  },
  catalogue: { matters: 6 },
  consultation: {
    calls: 1,
    total: 4,
    byCategory: [
      { name: '交通出行', count: 3 },
      { name: '环境卫生', count: 1 },
    ],
    feedbacks: 1,
  },
  work: { ...zero.work, training: { count: 2, participants: 60 } },
  named: {
    items: [`${names}年度预算公开`, `${names}农村人居环境整治方案`],
    topMatter: { name: `${names}规划`, count: 5 },
    normsIssued: [`${names}管理办法`],
    normsRepealed: [],
    consultations: [`${names}停车管理征求意见`],
    trainings: [`${names}专题培训`],
  },
});

const overview = (facts: BuilderFacts) => {
  const values = new Map<string, string | number>([...proseValues(facts)]);
  values.set('year', facts.year);
  // The table cells the template quotes, the same in both years.
  return tidyProse(renderTemplate(defaultTemplates('2021').overview, values, () => 0).text);
};

describe('the default text of 总体情况', () => {
  it('says a zero in words', () => {
    const text = overview(zero);
    expect(text).toContain('2024年，本机关未主动公开政府信息。');
    expect(text).toContain('本年未开展公开征集意见。');
    expect(text).not.toMatch(/其中无|主要集中在无|：无/);
  });

  it('lists the columns, the categories and the names of the year', () => {
    const text = overview(busy(2024, '甲'));
    expect(text).toContain(
      '2024年，本机关共主动公开政府信息12条，其中通知公告7条、规划信息5条，包括《甲年度预算公开》《甲农村人居环境整治方案》。',
    );
    expect(text).toContain(
      '本年就《甲停车管理征求意见》公开征集意见1次，共收到意见建议4条，主要集中在交通出行3条、环境卫生1条，公布意见采纳情况反馈1次。',
    );
    expect(text).toContain('，本年制发《甲管理办法》。');
  });

  it('a consultation with no opinion reads as Chinese', () => {
    const f = busy(2024, '甲');
    const text = overview({ ...f, consultation: { calls: 1, total: 0, byCategory: [], feedbacks: 0 } });
    expect(text).toContain('公开征集意见1次，未收到意见建议，尚未公布意见采纳情况反馈。');
  });

  it('is not taken for last year’s text when the year has its own facts', () => {
    const r = repeatedShare(overview(busy(2024, '乙')), overview(busy(2023, '甲')));
    // cross-year.ts flags a section at 60 % (DEFAULT_OPTIONS.similarityThreshold).
    expect(r.share).toBeLessThan(0.6);
  });
});

describe('a template saved before these sentences existed', () => {
  it('drops the clause of an empty list', () => {
    expect(tidyProse('2024年，本机关共主动公开政府信息0条，其中无。')).toBe(
      '2024年，本机关共主动公开政府信息0条。',
    );
    expect(tidyProse('共收到意见建议0条，主要集中在无；公布意见采纳情况反馈0次。')).toBe(
      '共收到意见建议0条；公布意见采纳情况反馈0次。',
    );
    expect(tidyProse('其中无线网络覆盖率提高。')).toBe('其中无线网络覆盖率提高。');
  });
});

import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../domain/report/layout.ts';
import { OUTCOME_ROWS, OUTCOMES, outcomeArticle } from './outcomes.ts';

describe('outcomes', () => {
  it('are exactly the 办理结果 rows of 表三 in the 2021 format', () => {
    const rows = LAYOUTS['2021'].t3Rows.filter((r) => r.result).map((r) => r.key);
    expect([...OUTCOME_ROWS]).toEqual(rows);
  });

  it('carry the row label with its group', () => {
    expect(OUTCOMES['withheld.stateSecret'].label).toBe('（三）不予公开 · 1.属于国家秘密');
    expect(OUTCOMES.partiallyGranted.label).toBe('（二）部分公开');
  });

  it.each([
    ['granted', '第三十六条第（二）项'],
    ['partiallyGranted', '第三十七条'],
    ['withheld.stateSecret', '第十四条'],
    ['withheld.thirdPartyRights', '第十五条'],
    ['withheld.internalAffairs', '第十六条第一款'],
    ['withheld.deliberative', '第十六条第二款'],
    ['withheld.enforcementFiles', '第十六条第二款'],
    ['withheld.inquiryMatters', '第三十六条第（七）项'],
    ['unavailable.notHeld', '第三十六条第（四）项'],
    ['unavailable.needsCreation', '第三十八条'],
    ['declined.complaint', '第三十九条第一款'],
    ['declined.duplicate', '第三十六条第（六）项'],
    ['declined.publication', '第三十九条第二款'],
    ['declined.excessive', '第三十五条'],
    ['other.noCorrection', '第三十条'],
    ['other.feeUnpaid', '国办函〔2020〕109号'],
  ] as const)('%s cites %s of the 条例 (01-…md §7)', (row, article) => {
    expect(outcomeArticle(row, () => false)).toContain(article);
  });

  it('every withheld ground also cites 第三十六条第（三）项 (告知并说明理由)', () => {
    for (const row of OUTCOME_ROWS.filter(
      (r) => r.startsWith('withheld.') && r !== 'withheld.inquiryMatters',
    ))
      expect(outcomeArticle(row, () => false)).toContain('第三十六条第（三）项');
  });

  it('picks 第三十六条第（一）项 for information already published, 第（五）项 for another agency’s', () => {
    expect(outcomeArticle('granted', (p) => p === 'outcome.publishedAt')).toContain('第三十六条第（一）项');
    expect(outcomeArticle('unavailable.notHeld', (p) => p === 'outcome.notResponsible')).toContain(
      '第三十六条第（五）项',
    );
  });

  it('has no default for 其他处理 · 其他: the officer must state the article', () => {
    expect(outcomeArticle('other.other', () => true)).toBeUndefined();
  });

  it('says so where the citation is a reading, not the text', () => {
    for (const row of [
      'withheld.inquiryMatters',
      'declined.confirmation',
      'unavailable.unclearAfterCorrection',
    ] as const)
      expect(OUTCOMES[row].note).toMatch(/条例/);
  });
});

describe('one outcome → article table for cases and letters', () => {
  it('the case vocabulary and the letters list the same 表三 rows', async () => {
    const { OUTCOMES: VOCAB } = await import('../db/schema/vocabulary.ts');
    expect([...VOCAB].sort()).toEqual([...OUTCOME_ROWS].sort());
  });

  it('a reply recorded without a basis cites what its 答复书 cites', async () => {
    const { OUTCOME_DEFS } = await import('../cases/outcomes.ts');
    for (const row of OUTCOME_ROWS)
      expect(OUTCOME_DEFS.get(row)!.basis ?? undefined, row).toBe(outcomeArticle(row, () => false));
  });
});

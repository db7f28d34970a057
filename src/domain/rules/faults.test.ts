// The faults the identities cannot see (issue 13, items 5–7): each shown once as a crafted faulty report (a single
// change that keeps every sum holding) and once clean, where the check must stay silent.
import { describe, expect, it } from 'vitest';
import { seed } from '../../../test/support/seeds.ts';
import { readReportBytes } from '../../parse/index.ts';
import { APPLICANT_COLUMNS, LAYOUTS } from '../report/layout.ts';
import { blank, num, type Report } from '../report/model.ts';
import { prng, synthesizeReport } from '../report/synthesize.ts';
import { checkReport } from './index.ts';
import { checkSubcounts } from './narrative.ts';

const findingsOf = (r: Report, rule: string, opts: Parameters<typeof checkReport>[1] = {}) =>
  checkReport(r, opts).filter((f) => f.rule === rule);
const v = (r: Report, k: string) => (r.cells[k] as { value: number }).value;

async function load(prefix: string): Promise<Report> {
  const s = seed(prefix);
  return (await readReportBytes(Buffer.from(s.text), s.file)).report;
}

/** A valid 2021 report whose text states who applied and what the appeals ended in. */
function stated(seedNo = 7): Report {
  const r = synthesizeReport(prng(seedNo), { format: '2021', year: 2023, agency: '某某区司法局' });
  r.cells['t3.received.commercial'] = num(v(r, 't3.received.commercial') + 0); // keep as printed
  const orgs = APPLICANT_COLUMNS.filter((c) => c.group).reduce((a, c) => a + v(r, `t3.received.${c.key}`), 0);
  r.sections.requests = `本年度新收政府信息公开申请${v(r, 't3.received.total')}件，其中自然人申请${v(r, 't3.received.naturalPerson')}件，法人或其他组织申请${orgs}件。`;
  for (const g of ['review', 'litigation.direct', 'litigation.afterReview']) {
    r.cells[`t4.${g}.upheld`] = num(g === 'review' ? 3 : 0);
    for (const c of ['corrected', 'other', 'pending']) r.cells[`t4.${g}.${c}`] = num(0);
    r.cells[`t4.${g}.total`] = num(g === 'review' ? 3 : 0);
  }
  r.sections.appeals = '本年度发生政府信息公开行政复议3件，复议结果均为维持。';
  return r;
}

describe('columns swapped: 自然人 and 商业企业', () => {
  it('the text says who applied; the swapped table is named', () => {
    const r = stated();
    expect(v(r, 't3.received.naturalPerson')).not.toBe(v(r, 't3.received.commercial'));
    for (const row of LAYOUTS['2021'].t3Rows) {
      const a = r.cells[`t3.${row.key}.naturalPerson`]!;
      r.cells[`t3.${row.key}.naturalPerson`] = r.cells[`t3.${row.key}.commercial`]!;
      r.cells[`t3.${row.key}.commercial`] = a;
    }
    // Every sum still holds.
    expect(checkReport(r).filter((f) => f.severity === 'error')).toEqual([]);
    const f = findingsOf(r, 'narrative.applicants');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.cells).toContain('t3.received.naturalPerson');
    expect(f[0]!.message).toMatch(/串列/);
  });

  it('clean: silent', () => {
    expect(findingsOf(stated(), 'narrative.applicants')).toEqual([]);
  });
});

describe('表四 维持 and 纠正 swapped while the text says all were upheld', () => {
  it('named', () => {
    const r = stated();
    r.cells['t4.review.upheld'] = num(0);
    r.cells['t4.review.corrected'] = num(3);
    expect(findingsOf(r, 't4.group-total')).toEqual([]);
    const f = findingsOf(r, 'narrative.t4-upheld');
    expect(f[0]!.cells).toEqual(['t4.review.corrected']);
  });

  it('clean: silent', () => {
    expect(findingsOf(stated(), 'narrative.t4-upheld')).toEqual([]);
  });
});

describe('a 万元 amount entered in 元', () => {
  it('35000 万元 of fees at a district department is suspect (the level, not one threshold)', () => {
    const r = stated();
    r.cells['t2.fees.amount'] = num(35000);
    expect(findingsOf(r, 'unit.wan-yuan')[0]!.cells).toEqual(['t2.fees.amount']);
  });

  it('the same amount at a province-level body is not; but 100× the peers’ median is', () => {
    const r = stated();
    r.agency = '某某省人民政府';
    r.cells['t2.fees.amount'] = num(35000);
    expect(findingsOf(r, 'unit.wan-yuan')).toEqual([]);
    const f = findingsOf(r, 'unit.wan-yuan', { options: { peerAmounts: [120, 300, 80, 210] } });
    expect(f[0]!.message).toMatch(/同级机关中位数/);
  });

  it('clean: a plausible amount is silent', () => {
    const r = stated();
    r.cells['t2.fees.amount'] = num(12.5);
    expect(findingsOf(r, 'unit.wan-yuan', { options: { peerAmounts: [10, 20, 15] } })).toEqual([]);
  });
});

describe('a misspelled official label', () => {
  it('“科研企业” for 科研机构 is named with its column', async () => {
    const s = seed('000');
    const text = s.text.replace('\t科研\n机构\n', '\t科研\n企业\n');
    expect(text).not.toBe(s.text);
    const { report } = await readReportBytes(Buffer.from(text), s.file);
    const f = findingsOf(report, 'label.official');
    expect(f[0]!.message).toBe('表格标签“科研企业”与官方格式“科研机构”不一致');
    expect(f[0]!.cells).toContain('t3.received.research');
  });

  it('clean: silent', async () => {
    expect(findingsOf(await load('000'), 'label.official')).toEqual([]);
  });
});

describe('（六）2 逾期未缴费 while section 六 says no fee was charged', () => {
  it('named', () => {
    const r = stated();
    r.cells['t3.other.feeUnpaid.naturalPerson'] = num(1);
    r.cells['t3.other.feeUnpaid.total'] = num(1);
    r.sections.other = '本年度未收取信息处理费。';
    expect(findingsOf(r, 'narrative.fee-unpaid')[0]!.cells).toEqual(['t3.other.feeUnpaid.total']);
  });

  it('clean: no such ending, or a text that reports the fee notice, is silent', () => {
    const r = stated();
    r.cells['t3.other.feeUnpaid.total'] = num(0);
    r.sections.other = '本年度未收取信息处理费。';
    expect(findingsOf(r, 'narrative.fee-unpaid')).toEqual([]);
    r.cells['t3.other.feeUnpaid.total'] = num(1);
    r.sections.other = '本年度发出收费通知1件，申请人逾期未缴纳。';
    expect(findingsOf(r, 'narrative.fee-unpaid')).toEqual([]);
  });
});

describe('--prev of another agency', () => {
  it('warns and compares no stocks across agencies', async () => {
    const r = await load('000');
    const other = await load('001');
    other.year = 2022;
    other.cells['t3.carriedForward.naturalPerson'] = num(v(other, 't3.carriedForward.naturalPerson') + 5);
    const all = checkReport(r, { prev: other });
    expect(all.find((f) => f.rule === 'prev.agency')?.message).toContain(other.agency!);
    expect(all.filter((f) => f.rule === 'prev.carry-over' || f.rule === 'prev.stock-flow')).toEqual([]);
  });

  it('clean: the same agency is compared, with no agency warning', async () => {
    const r = await load('000');
    const prev = await load('000');
    prev.year = 2022;
    prev.cells['t3.carriedForward.naturalPerson'] = num(v(prev, 't3.carriedForward.naturalPerson') + 1);
    const all = checkReport(r, { prev });
    expect(all.some((f) => f.rule === 'prev.agency')).toBe(false);
    expect(all.some((f) => f.rule === 'prev.carry-over')).toBe(true);
  });
});

describe('an empty cell', () => {
  it('is an error (doc 04 §F); a printed “—” stays a warning', async () => {
    const r = await load('000');
    r.cells['t3.granted.research'] = blank('');
    r.cells['t3.granted.legalService'] = blank('—');
    const f = findingsOf(r, 'cell.blank');
    expect(f.find((x) => x.cells.includes('t3.granted.research'))!.severity).toBe('error');
    expect(f.find((x) => x.cells.includes('t3.granted.legalService'))!.severity).toBe('warning');
  });
});

describe('narrative percentages: the base the sentence states', () => {
  it('35 of 805 answered is 4.34 %, though 859 were received', () => {
    const para =
      '本年度收到政府信息公开申请859件，答复政府信息公开申请805件，其中予以公开500件，不予公开35件，占4.34%。';
    expect(checkSubcounts(para)).toEqual([]);
    const wrong = para.replace('4.34%', '9.34%');
    expect(checkSubcounts(wrong).map((p) => p.message)).toEqual(['35件占859件的4.07%，文中写作9.34%']);
  });

  it('a share of 收到+结转 from the tables is accepted too', () => {
    // 10 of (received 40 + carried over 10) = 20 %.
    const para = '共收到申请40件，其中予以公开30件，不予公开10件，占20%。';
    expect(checkSubcounts(para, [50])).toEqual([]);
    expect(checkSubcounts(para)).toHaveLength(1);
  });
});

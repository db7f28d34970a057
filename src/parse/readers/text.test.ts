// The text reader on the forms text circulates in: tab rows, pdftotext-style space columns, markdown pipe tables,
// full-width digits, printed blanks, GBK bytes, a missing cell.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { APPLICANT_COLUMNS, LAYOUTS, SECTIONS, T4_COLUMNS, T4_GROUPS } from '../../domain/report/layout.ts';
import { type Report, toParsedJson, valueOf } from '../../domain/report/model.ts';
import { prng, synthesizeReport } from '../../domain/report/synthesize.ts';
import { readReportBytes } from '../index.ts';

type Join = (cells: string[]) => string;
const tabs: Join = (c) => c.join('\t');
const spaces: Join = (c) => c.join('    ');
const pipes: Join = (c) => `| ${c.join(' | ')} |`;

/** A plain-text rendering of a report, one table row a line, for reader tests. */
function asText(r: Report, join: Join, digits: (n: number) => string = String): string {
  const v = (k: string) => digits(valueOf(r, k) ?? 0);
  const layout = LAYOUTS[r.format!];
  const out: string[] = [`${r.agency}`, `${r.year}年政府信息公开工作年度报告`, ''];
  for (const s of SECTIONS) {
    out.push(`${s.ordinal}、${s.title}`);
    if (s.key === 'proactive') {
      for (const b of layout.t2) {
        out.push(join([b.article, ...b.columns.map(() => '')]));
        out.push(join(['信息内容', ...b.columns.map((c) => c.label)]));
        for (const row of b.rows)
          out.push(join([row.label, ...b.columns.map((c) => v(`t2.${row.key}.${c.key}`))]));
      }
    } else if (s.key === 'requests') {
      out.push(join(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况']));
      out.push(join(['', ...APPLICANT_COLUMNS.map((c) => c.label)]));
      for (const row of layout.t3Rows)
        out.push(
          join([...row.groups, row.label, ...APPLICANT_COLUMNS.map((c) => v(`t3.${row.key}.${c.key}`))]),
        );
    } else if (s.key === 'appeals') {
      out.push(join(['行政复议', '行政诉讼']));
      out.push(join(T4_COLUMNS.map((c) => c.label)));
      out.push(join(T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => v(`t4.${g.key}.${c.key}`)))));
    } else out.push(r.sections[s.key] ?? '');
    out.push('');
  }
  return out.join('\n');
}

const read = async (text: string | Uint8Array) =>
  (await readReportBytes(typeof text === 'string' ? Buffer.from(text) : text, 'test.txt')).report;

describe('text reader', () => {
  it.each([
    ['tab-separated rows', tabs],
    ['pdftotext-style space columns', spaces],
    ['markdown pipe tables', pipes],
  ] as const)('reads %s of random reports of both layouts exactly', async (_n, join) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.constantFrom('2019' as const, '2021' as const),
        async (seed, format) => {
          const r = synthesizeReport(prng(seed), { format });
          const back = await read(asText(r, join));
          expect(back.format).toBe(format);
          expect(back.year).toBe(r.year);
          expect(back.agency).toBe(r.agency);
          expect(toParsedJson(back).fields).toEqual(toParsedJson(r).fields);
          expect(back.uncertain).toEqual({});
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads full-width digits', async () => {
    const r = synthesizeReport(prng(7), { format: '2021' });
    const fw = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const back = await read(asText(r, tabs, fw));
    expect(toParsedJson(back).fields).toEqual(toParsedJson(r).fields);
  });

  it('keeps printed blanks apart from zeros', async () => {
    const r = synthesizeReport(prng(3), { format: '2021' });
    const text = asText(r, tabs).replace(/(（一）予以公开\t)(\d+)/, '$1—');
    const back = await read(text);
    expect(back.cells['t3.granted.naturalPerson']).toEqual({ state: 'blank', raw: '—' });
    expect(toParsedJson(back).blank).toEqual(['t3.granted.naturalPerson']);
  });

  it('decodes GBK text', async () => {
    const r = synthesizeReport(prng(11), { format: '2019' });
    const back = await read(iconv.encode(asText(r, tabs), 'gbk'));
    expect(back.agency).toBe(r.agency);
    expect(toParsedJson(back).fields).toEqual(toParsedJson(r).fields);
    expect(back.notes.join()).toContain('GB18030');
  });

  it('when a row has a cell too few, does not guess which went missing; the column identities recover it, flagged', async () => {
    const r = synthesizeReport(prng(5), { format: '2021' });
    const text = asText(r, spaces).replace(/(（一）予以公开 {4}\d+) {4}\d+/, '$1');
    const back = await read(text);
    for (const c of APPLICANT_COLUMNS) {
      const k = `t3.granted.${c.key}`;
      expect(valueOf(back, k), k).toBe(valueOf(r, k));
      expect(back.uncertain[k]).toMatch(/读到6个.*由（七）总计推算/);
    }
    expect(valueOf(back, 't3.partiallyGranted.total')).toBe(valueOf(r, 't3.partiallyGranted.total'));
  });

  it('reports a missing table as unknown, not as zeros', async () => {
    const r = synthesizeReport(prng(9), { format: '2021' });
    const text = asText(r, tabs).split('四、政府信息公开行政复议、行政诉讼情况')[0]!;
    const back = await read(text);
    expect(back.cells['t4.review.total']).toEqual({ state: 'unknown' });
    expect(toParsedJson(back).unknown).toContain('t4.review.total');
  });
});

describe('reports seen in practice', () => {
  it('reads the 2019/2021 hybrid (2021 表三 with a 2019 表二) and reports it', async () => {
    const r2021 = synthesizeReport(prng(21), { format: '2021', year: 2022 });
    const r2019 = synthesizeReport(prng(19), { format: '2019', year: 2022 });
    const t2019 = asText(r2019, tabs);
    const t2021 = asText(r2021, tabs);
    const t2 = (t: string) =>
      t.slice(t.indexOf('二、主动公开政府信息情况'), t.indexOf('三、收到和处理政府信息公开申请情况'));
    const hybrid = t2021.replace(t2(t2021), t2(t2019));
    const back = await read(hybrid);
    expect(back.format).toBe('2021');
    expect(back.tableFormats).toEqual({ t2: '2019', t3: '2021' });
    expect(valueOf(back, 't2.otherServices.decisions')).toBe(valueOf(r2019, 't2.otherServices.decisions'));
    expect(valueOf(back, 't3.other.feeUnpaid.total')).toBe(valueOf(r2021, 't3.other.feeUnpaid.total'));
    const { checkReport } = await import('../../domain/rules/index.ts');
    const f = checkReport(back).filter((x) => x.rule === 'layout.year');
    expect(f[0]!.message).toContain('表二使用2019版格式');
  });

  it('infers a missing result row from （七）总计 and marks it inferred', async () => {
    const r = synthesizeReport(prng(8), { format: '2021', year: 2023 });
    const text = asText(r, tabs)
      .split('\n')
      .filter((l) => !l.includes('\t3.其他\t'))
      .join('\n');
    const back = await read(text);
    for (const c of APPLICANT_COLUMNS) {
      const k = `t3.other.other.${c.key}`;
      expect(valueOf(back, k), k).toBe(valueOf(r, k));
      expect(back.uncertain[k]).toContain('原文缺少此行');
      expect(back.provenance[k]?.inferred).toBeDefined();
    }
  });
});

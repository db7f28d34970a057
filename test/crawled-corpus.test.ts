// The twenty real crawled pages of ../shared/corpus/crawled/ (平潭综合实验区, 2019–2025, both layouts): no expected
// values exist, the tables' identities are the check. For each page: the agency, year and publication date from the
// crawler's header; the rows with a cell not read for certain (uncertain with candidates, or not printed); the rows
// whose cells were cut from a glued run by the identities (provenance `inferred`); and the identities the page's
// own numbers break — a page with a real fault is reported as such, never "repaired".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_RULES } from '../src/domain/rules/identities.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { readReportFile } from '../src/parse/index.ts';

const DIR = join(import.meta.dirname, '../../shared/corpus/crawled');
const rowOf = (k: string) => k.slice(0, k.lastIndexOf('.'));
const IDENTITIES = new Set(IDENTITY_RULES.map((r) => r.id));

interface Expect {
  agency: string;
  year: number;
  published: string;
  /** Rows with a cell not read for certain; 'all' for the page without tables. */
  doubtful: string[] | 'all';
  inferred: string[];
  /** Identity findings: rule id and the first cell it names. */
  broken: string[];
}

const PAGES: Record<string, Expect> = {
  'pt-czj-2022': {
    agency: '平潭综合实验区财政金融局',
    year: 2022,
    published: '2023-01-05',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-gaj-2020': {
    agency: '平潭综合实验区公安局',
    year: 2020,
    published: '2021-01-28',
    doubtful: 'all',
    inferred: [],
    broken: [],
  },
  'pt-gaj-2021': {
    agency: '平潭综合实验区公安局',
    year: 2021,
    published: '2022-01-14',
    doubtful: [],
    inferred: [],
    broken: ['t3.column-identity t3.received.naturalPerson', 't3.column-identity t3.received.total'],
  },
  'pt-gaj-2024': {
    agency: '平潭综合实验区公安局',
    year: 2024,
    published: '2025-01-20',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-gwh-2022': {
    agency: '平潭综合实验区管委会办公室',
    year: 2022,
    published: '2023-01-19',
    doubtful: ['t2.normativeDocuments'],
    inferred: ['t3.received', 't3.total'],
    broken: [],
  },
  'pt-htp-2019': {
    agency: '平潭综合实验区海坛片区管理局',
    year: 2019,
    published: '2020-01-03',
    doubtful: ['t2.procurement'],
    inferred: [],
    broken: [],
  },
  'pt-jjf-2020': {
    agency: '平潭综合实验区经济发展局',
    year: 2020,
    published: '2021-01-27',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-jjf-2022': {
    agency: '平潭综合实验区经济发展局',
    year: 2022,
    published: '2023-01-05',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-jsp-2025': {
    agency: '平潭综合实验区君山片区管理局',
    year: 2025,
    published: '2026-01-26',
    doubtful: ['t2.regulations'],
    inferred: [],
    broken: [],
  },
  'pt-jtj-2023': {
    agency: '平潭综合实验区交通与建设局',
    year: 2023,
    published: '2024-01-30',
    doubtful: ['t2.normativeDocuments'],
    inferred: ['t3.received', 't3.total'],
    broken: [],
  },
  'pt-lyy-2020': {
    agency: '平潭综合实验区旅游与文化体育局',
    year: 2020,
    published: '2021-01-27',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-lyy-2022': {
    agency: '平潭综合实验区旅游与文化体育局',
    year: 2022,
    published: '2023-01-21',
    doubtful: ['t2.normativeDocuments'],
    inferred: [],
    broken: [],
  },
  'pt-lyy-2024': {
    agency: '平潭综合实验区旅游与文化体育局',
    year: 2024,
    published: '2025-01-26',
    doubtful: ['t2.normativeDocuments'],
    inferred: [],
    broken: [],
  },
  'pt-main-2025': {
    agency: '平潭综合实验区',
    year: 2025,
    published: '2026-03-10',
    doubtful: ['t2.normativeDocuments'],
    inferred: [
      't3.received',
      't3.granted',
      't3.partiallyGranted',
      't3.unavailable.notHeld',
      't3.total',
      't4.review',
      't4.litigation.direct',
      't4.litigation.afterReview',
    ],
    broken: [],
  },
  'pt-nyn-2020': {
    agency: '平潭综合实验区农业农村局',
    year: 2020,
    published: '2021-01-28',
    doubtful: ['t2.normativeDocuments', 't2.licensing', 't2.procurement'],
    inferred: [],
    broken: [],
  },
  'pt-nyn-2025': {
    agency: '平潭综合实验区农业农村局',
    year: 2025,
    published: '2026-01-30',
    doubtful: ['t2.regulations', 't2.normativeDocuments'],
    inferred: [],
    broken: [
      't3.row-total t3.received.total',
      't3.row-total t3.granted.total',
      't3.row-total t3.unavailable.notHeld.total',
      't3.row-total t3.total.total',
      't3.results-total t3.total.total',
    ],
  },
  'pt-scj-2022': {
    agency: '平潭综合实验区市场监督管理局',
    year: 2022,
    published: '2023-01-05',
    doubtful: ['t2.normativeDocuments', 't3.other.feeUnpaid', 't3.other.other'],
    inferred: [],
    broken: [],
  },
  'pt-spp-2020': {
    agency: '平潭综合实验区苏平片区管理局',
    year: 2020,
    published: '2021-01-27',
    doubtful: ['t2.procurement'],
    inferred: [],
    broken: [],
  },
  'pt-zhz-2024': {
    agency: '平潭综合实验区综合执法与应急管理局',
    year: 2024,
    published: '2025-01-31',
    doubtful: [],
    inferred: [],
    broken: [],
  },
  'pt-zrz-2021': {
    agency: '平潭综合实验区自然资源与生态环境局',
    year: 2021,
    published: '2022-01-11',
    doubtful: ['t2.normativeDocuments'],
    inferred: ['t3.received', 't3.granted', 't3.total', 't4.review', 't4.litigation.direct'],
    broken: [
      't3.column-identity t3.received.naturalPerson',
      't3.column-identity t3.received.nonprofit',
      't3.results-total t3.total.naturalPerson',
      't3.results-total t3.total.nonprofit',
    ],
  },
};

describe('crawled report pages', () => {
  it('the corpus holds the twenty pages this test knows', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.replace(/\.txt$/, ''));
    expect(files.sort()).toEqual(Object.keys(PAGES).sort());
  });

  for (const [name, want] of Object.entries(PAGES))
    it(`${name}: every cell read or flagged; inferred cuts and broken identities named`, async () => {
      const { report } = await readReportFile(join(DIR, `${name}.txt`));
      expect(report.agency).toBe(want.agency);
      expect(report.year).toBe(want.year);
      expect(report.published).toBe(want.published);
      const doubtfulKeys = Object.entries(report.cells)
        .filter(([k, c]) => c.state === 'unknown' || report.uncertain[k] !== undefined)
        .map(([k]) => k);
      const doubtful = [...new Set(doubtfulKeys.map(rowOf))];
      if (want.doubtful === 'all') {
        expect(doubtfulKeys.length).toBe(Object.keys(report.cells).length);
        expect(report.notes).toContain('正文中没有表格（表二、表三、表四均未找到）');
      } else expect(doubtful).toEqual(want.doubtful);
      // A cell not read for certain is never a number presented as read: unknown, or uncertain with its reason.
      for (const k of doubtfulKeys) {
        const c = report.cells[k]!;
        expect(c.state === 'unknown' || report.uncertain[k] !== undefined, k).toBe(true);
      }
      const inferred = [
        ...new Set(
          Object.entries(report.provenance)
            .filter(([, p]) => p.kind === 'inferred')
            .map(([k]) => rowOf(k)),
        ),
      ];
      expect(inferred).toEqual(want.inferred);
      const broken = checkReport(report)
        .filter((f) => IDENTITIES.has(f.rule))
        .map((f) => `${f.rule} ${f.cells[0]}`);
      expect(broken).toEqual(want.broken);
    });

  it('reads most pages fully (figure printed, not asserted beyond the current floor)', async () => {
    let full = 0;
    for (const name of Object.keys(PAGES)) {
      const { report } = await readReportFile(join(DIR, `${name}.txt`));
      if (Object.entries(report.cells).every(([k, c]) => c.state !== 'unknown' && !report.uncertain[k]))
        full++;
    }
    console.info(`crawled pages read fully: ${full}/${Object.keys(PAGES).length}`);
    expect(full).toBeGreaterThanOrEqual(7);
  });

  it('251000元-style amounts in the 万元 column: read converted, with provenance, and check names it', async () => {
    const { report } = await readReportFile(join(DIR, 'pt-lyy-2020.txt'));
    expect(report.cells['t2.procurement.amount']).toMatchObject({ state: 'number', value: 344.3 });
    expect(report.provenance['t2.procurement.amount']).toMatchObject({
      kind: 'converted',
      converted: '3443000元 → 344.3 万元',
    });
    const f = checkReport(report).filter((x) => x.rule === 'unit.wan-yuan');
    expect(f[0]!.message).toContain('3443000元 → 344.3 万元');
  });

  it('表二 规章/行政规范性文件 glued: the stock bound and the narrative name the likely cut but never decide it', async () => {
    // "行政规范性文件5066": 5|0|66 or 50|6|6. Only 5|0|66 has 现行有效 ≥ 制发 − 废止, but that is no identity of the
    // format (a document may expire within its year): both stay candidates, the reason names the likely one.
    const zrz = (await readReportFile(join(DIR, 'pt-zrz-2021.txt'))).report;
    for (const c of ['issued', 'repealed', 'inForce']) {
      expect(zrz.cells[`t2.normativeDocuments.${c}`]!.state).toBe('unknown');
      expect(zrz.uncertain[`t2.normativeDocuments.${c}`]).toContain('只有 5|0|66 成立（50|6|6 不成立）');
    }
    expect(zrz.candidates?.['t2.normativeDocuments.issued']).toEqual([5, 50]);
    // "5615": 5|6|15 and 5|61|5 both satisfy it: no likely cut is named.
    const jtj = (await readReportFile(join(DIR, 'pt-jtj-2023.txt'))).report;
    expect(jtj.uncertain['t2.normativeDocuments.repealed']).not.toContain('成立');
    expect(jtj.candidates?.['t2.normativeDocuments.repealed']).toEqual([1, 6, 61]);
    // "34089" beside the narrative's "本年度制发规范性文件34件": the one cut with 34 issued is named, not taken (the same
    // narrative's "现行有效件数424件" fits no cut at all — narrative and table disagree on this page).
    const gwh = (await readReportFile(join(DIR, 'pt-gwh-2022.txt'))).report;
    expect(gwh.cells['t2.normativeDocuments.issued']!.state).toBe('unknown');
    expect(gwh.uncertain['t2.normativeDocuments.issued']).toContain(
      '正文称“制发规范性文件34件”，只有 34|0|89 与之相符',
    );
    expect(gwh.candidates?.['t2.normativeDocuments.issued']).toEqual([3, 34, 340]);
  });

  it('a glued run cut by the identities: values, provenance kind, and candidates where several cuts hold', async () => {
    const { report } = await readReportFile(join(DIR, 'pt-main-2025.txt'));
    // 一、本年新收 "15130000154": 151 | 3 | 0 | 0 | 0 | 0 | 154.
    const received = [
      'naturalPerson',
      'commercial',
      'research',
      'nonprofit',
      'legalService',
      'otherOrg',
      'total',
    ];
    expect(received.map((c) => (report.cells[`t3.received.${c}`] as { value: number }).value)).toEqual([
      151, 3, 0, 0, 0, 0, 154,
    ]);
    expect(report.provenance['t3.received.naturalPerson']?.kind).toBe('inferred');
    // 表四 "25380363300630003": 25 3 8 0 36 | 3 3 0 0 6 | 3 0 0 0 3.
    expect(report.cells['t4.review.total']).toMatchObject({ value: 36 });
    // 行政规范性文件 "5845546": three cells, no identity — uncertain, never guessed.
    expect(report.cells['t2.normativeDocuments.issued']!.state).toBe('unknown');
    expect(report.candidates?.['t2.normativeDocuments.issued']).toContain(58);
  });
});

// What the renderers write, the project's readers read back: every seed and random reports of both layouts, through
// Markdown and text (the text reader) and HTML, DOCX and PDF (their readers, where present), to the same fields.
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FormatVersion, LAYOUTS } from '../src/domain/report/layout.ts';
import { blank, num, type Report, reportFromFields, toParsedJson } from '../src/domain/report/model.ts';
import { readReportBytes } from '../src/parse/index.ts';
import { type RenderForm, renderReport } from '../src/render/index.ts';
import { SEEDS } from './support/seeds.ts';

const has = (path: string) => existsSync(new URL(`../src/${path}`, import.meta.url));
const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');
/** A reader counts as landed when its file loads and exports `read` (the dispatcher's contract). */
const reader = async (name: string) =>
  has(`parse/readers/${name}.ts`) &&
  (await import(`../src/parse/readers/${name}.ts`).then(
    (m: { read?: unknown }) => typeof m.read === 'function',
    () => false,
  ));
const READY: Record<RenderForm, boolean> = {
  md: has('parse/readers/text.ts') && has('parse/extract.ts'),
  txt: has('parse/readers/text.ts') && has('parse/extract.ts'),
  html: await reader('html'),
  docx: await reader('docx'),
  pdf: (await reader('pdf')) && hasSoffice,
  json: true,
  csv: false,
  xlsx: false,
};

async function roundTrip(report: Report, form: RenderForm): Promise<Report> {
  const bytes = await renderReport(report, form);
  return (await readReportBytes(bytes, `report.${form}`)).report;
}

const sections = {
  overview: '（一）主动公开\n本年度主动公开政府信息156条。',
  problems: '一是宣传力度有待加强。',
  other: '本年度未收取信息处理费。',
};

describe.each(SEEDS)('seed $name', (s) => {
  const report = reportFromFields(s.expected.format, s.expected.fields, {
    agency: s.expected.agency,
    year: s.expected.year,
    sections,
  });
  for (const form of ['txt', 'md', 'html', 'docx', 'json'] as const)
    it.skipIf(!READY[form])(`${form} reads back to the expected fields`, async () => {
      const back = await roundTrip(report, form);
      expect(toParsedJson(back).fields).toEqual(s.expected.fields);
      expect(back.format).toBe(s.expected.format);
      expect(back.year).toBe(s.expected.year);
      expect(back.uncertain).toEqual({});
      if (form !== 'md') {
        expect(back.agency).toBe(s.expected.agency);
        expect(back.sections.problems).toBe(sections.problems);
      }
    });
  // Through LibreOffice and the PDF reader: one seed of each layout (a conversion takes seconds).
  if (['000', '003'].some((p) => s.name.startsWith(p)))
    it.skipIf(!READY.pdf)('pdf reads back to the expected fields', async () => {
      const back = await roundTrip(report, 'pdf');
      expect(toParsedJson(back).fields).toEqual(s.expected.fields);
      expect(back.format).toBe(s.expected.format);
    });
});

describe('printed blanks', () => {
  const s = SEEDS[0]!;
  const marks = {
    't2.licensing.decisions': '—',
    't3.withheld.stateSecret.research': '/',
    't4.review.pending': '无',
  };
  const report = reportFromFields(s.expected.format, s.expected.fields, {
    agency: s.expected.agency,
    year: s.expected.year,
  });
  for (const [k, raw] of Object.entries(marks)) report.cells[k] = blank(raw);
  for (const form of ['txt', 'md', 'html', 'docx'] as const)
    it.skipIf(!READY[form])(`${form} keeps "—", "/" and "无" as printed blanks, not as 0`, async () => {
      const back = await roundTrip(report, form);
      for (const [k, raw] of Object.entries(marks)) expect(back.cells[k]).toEqual({ state: 'blank', raw });
      expect(toParsedJson(back).blank.sort()).toEqual(Object.keys(marks).sort());
    });
});

// Markdown headings ("# title", "## 一、总体情况") are read as headings once the text reader strips the marks.

it('md keeps the title and the sections through the text reader', async () => {
  const s = SEEDS[0]!;
  const back = await roundTrip(
    reportFromFields(s.expected.format, s.expected.fields, {
      agency: s.expected.agency,
      year: s.expected.year,
      sections,
    }),
    'md',
  );
  expect(back.agency).toBe(s.expected.agency);
  expect(back.sections.problems).toBe(sections.problems);
});

/** A report of `format` with a random value in every cell: counts ≥ 0, 本年增/减 of either sign, 万元 to 4 places. */
const arbReport = (format: FormatVersion) =>
  fc
    .record({
      values: fc.tuple(
        ...LAYOUTS[format].fields.map((f) =>
          f.kind === 'count'
            ? fc.nat({ max: 100_000 })
            : f.kind === 'delta'
              ? fc.integer({ min: -500, max: 500 })
              : fc.nat({ max: 100_000_000 }).map((n) => n / 10_000),
        ),
      ),
      agency: fc.constantFrom('北京市大兴区某某镇人民政府', '某某市人民政府办公室', '某某区司法局'),
      year: format === '2019' ? fc.constantFrom(2019, 2020) : fc.integer({ min: 2021, max: 2025 }),
    })
    .map(({ values, agency, year }) => {
      const r = reportFromFields(format, {}, { agency, year });
      LAYOUTS[format].fields.forEach((f, i) => {
        r.cells[f.key] = num(values[i] as number);
      });
      return r;
    });

describe('random reports of both layouts', () => {
  for (const format of ['2019', '2021'] as const)
    for (const [form, runs] of [
      ['md', 60],
      ['txt', 60],
      ['html', 30],
      ['docx', 15],
    ] as const)
      it.skipIf(!READY[form])(`${format} → ${form} → the same fields`, async () => {
        await fc.assert(
          fc.asyncProperty(arbReport(format), async (report) => {
            const back = await roundTrip(report, form);
            expect(toParsedJson(back).fields).toEqual(toParsedJson(report).fields);
            expect(back.format).toBe(format);
          }),
          { numRuns: runs },
        );
      });
});

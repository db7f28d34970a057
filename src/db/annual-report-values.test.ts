// What an annual_reports row keeps of the numbers read by OCR (issue 17): page and box of each one, so the report
// page can show the crop of the scan beside it; nothing for numbers read from text or inferred from an identity.
import { describe, expect, it } from 'vitest';
import { num, reportFromFields, toParsedJson } from '../domain/report/model.ts';
import { annualReportValues, ocrBoxesOf } from './annual-report-values.ts';

describe('ocrBoxesOf', () => {
  it('keeps page and box of OCR-read numbers only', () => {
    expect(
      ocrBoxesOf({
        a: { kind: 'ocr', page: 3, box: [10, 20, 30, 12], confidence: 90, text: '7' },
        // Inferred from an identity: not what the scan printed there.
        b: { kind: 'ocr', page: 3, box: [10, 40, 30, 12], inferred: '由行合计推算' },
        // Read from a text layer.
        c: { page: 1, line: 12 },
        // A box no crop can be drawn for.
        d: { kind: 'ocr', page: 3, box: [10, 40, 0, 12] },
        e: { kind: 'ocr', box: [10, 40, 5, 12] },
      }),
    ).toEqual({ a: { page: 3, box: [10, 20, 30, 12] } });
  });

  it('goes into the row from the parsed provenance, or as given when the provenance was dropped', () => {
    const report = reportFromFields(
      '2021',
      { 't3.received.total': 5 },
      { year: 2023, agency: '某镇人民政府' },
    );
    report.cells['t3.received.total'] = num(5);
    report.provenance['t3.received.total'] = { kind: 'ocr', page: 4, box: [300, 120, 40, 18] };
    const base = {
      findings: [],
      agencyId: null,
      sourceName: 'scan.pdf',
      sourceForm: 'pdf',
      sha256: 'a'.repeat(64),
      origin: 'upload' as const,
    };
    expect(annualReportValues({ ...base, parsed: toParsedJson(report) }).ocrBoxes).toEqual({
      't3.received.total': { page: 4, box: [300, 120, 40, 18] },
    });
    const bare = toParsedJson(report, { provenance: false });
    expect(annualReportValues({ ...base, parsed: bare }).ocrBoxes).toEqual({});
    expect(
      annualReportValues({ ...base, parsed: bare, ocrBoxes: ocrBoxesOf(report.provenance) }).ocrBoxes,
    ).toEqual({ 't3.received.total': { page: 4, box: [300, 120, 40, 18] } });
    // A JSON file claiming OCR provenance has no scan to crop.
    expect(
      annualReportValues({ ...base, sourceForm: 'json', parsed: toParsedJson(report) }).ocrBoxes,
    ).toEqual({});
  });
});

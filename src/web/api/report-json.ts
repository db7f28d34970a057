// One stored report as the open-data API gives it: the `parse --json` fields (the same keys and values `gongkai
// parse --json` prints for the source), where each number comes from, the findings, and the copies of its
// agency-year. Nothing personal: mobile and ID numbers in the narrative are masked.
import { maskIdNumber, maskPhone } from '../../cases/mask.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import type { Copy } from '../../supervision/report-choice.ts';
import type { AnnualReportRow } from '../reports/store.ts';
import { rowToReport } from '../reports/store.ts';

export const PROVENANCE_KINDS = [
  'read',
  'ocr',
  'blank',
  'inferred',
  'uncertain',
  'unknown',
  'compiled',
  'confirmed',
] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/** Mobile numbers and 18-digit ID numbers in free text, masked as everywhere else (src/cases/mask.ts). */
export const scrubText = (s: string): string =>
  s
    .replace(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, (m) => maskIdNumber(m))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m));

export interface AgencyRef {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

export function summaryJson(row: {
  id: number;
  agency: AgencyRef | null;
  agencyName: string;
  year: number;
  format: string | null;
  publishedOn: string | null;
  errors: number;
  warnings: number;
  received: number | null;
}) {
  return {
    id: row.id,
    url: `/api/v1/reports/${row.id}`,
    agency: row.agency,
    agencyName: row.agencyName,
    year: row.year,
    format: row.format,
    publishedOn: row.publishedOn,
    errors: row.errors,
    warnings: row.warnings,
    received: row.received,
  };
}

export function reportJson(row: AnnualReportRow, agency: AgencyRef | null, copies: readonly Copy[]) {
  const report = rowToReport(row);
  const j = toParsedJson(report, { provenance: false });
  const blank = new Set(j.blank);
  const uncertain = new Set(j.uncertain);
  const inferred = new Set(row.inferred ?? []);
  // Numbers read by OCR from a scan keep their page and box (issue 17): said as such, with the crop's address.
  const boxes = row.ocrBoxes ?? {};
  const provenanceKind: Record<string, ProvenanceKind> = {};
  for (const k of Object.keys(j.fields))
    provenanceKind[k] = blank.has(k)
      ? 'blank'
      : uncertain.has(k)
        ? 'uncertain'
        : inferred.has(k)
          ? 'inferred'
          : row.origin === 'compiled'
            ? 'compiled'
            : boxes[k]
              ? 'ocr'
              : 'read';
  const ocr = Object.fromEntries(
    Object.entries(boxes).map(([k, b]) => [
      k,
      { page: b.page, box: b.box, crop: `/reports/${row.id}/crop/${encodeURIComponent(k)}` },
    ]),
  );
  for (const k of j.unknown ?? []) provenanceKind[k] = 'unknown';
  // A cell the reader was not sure of and a supervisor settled against the source: when, the note, and what the
  // reader had said (its reason and candidates). No reviewer's name in open data.
  const confirmed: Record<
    string,
    { at: string; note: string; reason?: string; candidates?: readonly number[] }
  > = {};
  for (const [k, p] of Object.entries(report.provenance))
    if (p.kind === 'confirmed' && p.confirmation) {
      provenanceKind[k] = 'confirmed';
      const { by: _by, ...c } = p.confirmation;
      confirmed[k] = { ...c, note: scrubText(c.note) };
    }
  const me = copies.find((c) => c.id === row.id);
  return {
    ...summaryJson({
      ...row,
      agency,
      received: j.fields['t3.received.total'] ?? null,
    }),
    fields: j.fields,
    blank: j.blank,
    uncertain: j.uncertain,
    ...(j.unknown ? { unknown: j.unknown } : {}),
    ...(j.uncertainReasons ? { uncertainReasons: j.uncertainReasons } : {}),
    provenanceKind,
    ...(Object.keys(ocr).length ? { ocr } : {}),
    ...(Object.keys(confirmed).length ? { confirmed } : {}),
    sections: Object.fromEntries(Object.entries(j.sections).map(([k, v]) => [k, scrubText(v ?? '')])),
    findings: row.findings,
    source: { name: row.sourceName, form: row.sourceForm, origin: row.origin },
    stands: me?.stands ?? true,
    supersededBy: row.supersededBy,
    copies: copies.map((c) => ({
      id: c.id,
      stands: c.stands,
      supersededBy: c.supersededBy,
      supersededAt: c.supersededAt?.toISOString() ?? null,
      collectedAt: c.collectedAt.toISOString(),
      publishedOn: c.publishedOn,
    })),
  };
}

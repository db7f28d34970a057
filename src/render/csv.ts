// CSV for analysts: one `key,label,value` row per field of the report's layout, in layout order (the field keys of
// ../shared/domain/fields.md are the interchange vocabulary). RFC 4180: CRLF line ends, fields quoted when they hold
// a comma, quote or line break. UTF-8 with a BOM, so Excel opens the Chinese labels correctly.
import type { Report } from '../domain/report/model.ts';
import { formatNumber, reportFields } from './view.ts';

/** One RFC 4180 field. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The value column: the number, or empty for a printed blank and for a cell nobody could read. */
function csvValue(report: Report, key: string): string {
  const c = report.cells[key];
  return c?.state === 'number' ? formatNumber(c.value) : '';
}

export function renderCsv(report: Report): string {
  const lines = [['key', 'label', 'value']];
  for (const f of reportFields(report)) lines.push([f.key, f.label, csvValue(report, f.key)]);
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

// Plain text: the title, the six section headings on their own lines, the narrative, and each table as
// tab-separated rows (one table row a line, the row labels, then the numbers) — the form of a Word table saved as
// text, which the project's text reader (src/parse/readers/text.ts) reads back, and which pastes into a spreadsheet
// with its columns in place.
import type { Report } from '../domain/report/model.ts';
import { flattenGrid } from './grid.ts';
import { cellText, reportSections, reportTitle } from './view.ts';

/** A narrative line that cannot be mistaken for a table row: no tabs, no runs of spaces. */
export function plainLine(s: string): string {
  return s.replace(/[\t ]{2,}|\t/g, ' ');
}

export function renderText(report: Report): string {
  const out: string[] = [reportTitle(report), ''];
  for (const s of reportSections(report)) {
    out.push(s.heading);
    for (const p of s.paragraphs) out.push(plainLine(p));
    if (s.table) {
      for (const row of flattenGrid(s.table, (k) => cellText(report, k))) {
        while (row.length > 1 && row[row.length - 1] === '') row.pop();
        out.push(row.map(plainLine).join('\t'));
      }
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

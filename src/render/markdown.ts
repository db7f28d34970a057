// Markdown: `#` title, `##` section headings, the narrative as paragraphs, and each table as a pipe table whose rows
// start with their labels. Merged cells cannot be drawn in a pipe table: a covered position is left empty and a row
// label stands next to its numbers (see flattenGrid), so the project's text reader reads the numbers back.
import type { Report } from '../domain/report/model.ts';
import { flattenGrid } from './grid.ts';
import { cellText, reportSections, reportTitle } from './view.ts';

/** A table cell: no line breaks, pipes escaped. */
function mdCell(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/**
 * A narrative paragraph, kept as plain as possible (the text reader reads it back verbatim): only what would turn
 * it into something else is escaped — a leading #, | or > (a heading, a table row, a quote) and the start of a raw
 * HTML tag, which a Markdown viewer would otherwise run.
 */
function mdParagraph(s: string): string {
  return s
    .replace(/^([#|>])/, '\\$1')
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .replace(/\s*\r?\n\s*/g, ' ');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [`# ${mdParagraph(reportTitle(report))}`, ''];
  for (const s of reportSections(report)) {
    out.push(`## ${s.heading}`, '');
    for (const p of s.paragraphs) out.push(mdParagraph(p), '');
    if (s.table) {
      const rows = flattenGrid(s.table, (k) => cellText(report, k));
      const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
      out.push(line(rows[0]!), `|${' --- |'.repeat(s.table.columns)}`, ...rows.slice(1).map(line), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

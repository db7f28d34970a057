// HTML: a complete, accessible page — lang="zh-CN", one <h1>, the six sections as <section>/<h2>, and tables 二/三/四
// drawn from the shared grid with the same merges (rowspan/colspan), a <caption> each, and real header cells whose
// scope says what they head (col / colgroup / row / rowgroup) so that a screen reader can name each number. Print
// CSS lays the page out on A4 with the GB/T 9704 margins. Every text is escaped.
import type { Report } from '../domain/report/model.ts';
import type { GridCell, TableGrid } from './grid.ts';
import { cellText, reportSections, reportTitle } from './view.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const CSS = `
:root { --ink: #111; --rule: #222; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--ink); background: #fff;
  font-family: "仿宋_GB2312", "仿宋", FangSong, "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 16pt; line-height: 1.8; }
h1 { font-family: "方正小标宋简体", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-weight: normal;
  font-size: 22pt; text-align: center; line-height: 1.5; margin: 0 0 1em; }
h2 { font-family: "黑体", SimHei, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal;
  font-size: 16pt; margin: 0.6em 0 0.2em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.5em 0 1em; font-size: 10.5pt;
  line-height: 1.35; page-break-inside: auto; }
table.t3, table.t4 { font-size: 9pt; }
caption { caption-side: top; text-align: center; font-size: 10.5pt; padding-bottom: 0.3em; }
th, td { border: 1px solid var(--rule); padding: 0.2em 0.25em; text-align: center; vertical-align: middle;
  font-weight: normal; overflow-wrap: anywhere; }
th[scope="row"]:not([rowspan]) { text-align: left; }
td.num { font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } }
`;

export function renderHtml(report: Report): string {
  const title = reportTitle(report);
  const body: string[] = [];
  for (const s of reportSections(report)) {
    const id = `s-${s.key}`;
    body.push(`<section aria-labelledby="${id}">`, `<h2 id="${id}">${escapeHtml(s.heading)}</h2>`);
    for (const p of s.paragraphs) body.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) body.push(htmlTable(report, s.table));
    body.push('</section>');
  }
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Gongkai">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function htmlCell(report: Report, c: GridCell): string {
  const span = `${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
  if (c.key !== undefined)
    return `<td class="num" data-key="${escapeHtml(c.key)}"${span}>${escapeHtml(cellText(report, c.key))}</td>`;
  // The 勾稽关系 note in 表三's corner heads nothing: a plain cell.
  if (!c.scope) return `<td class="note"${span}>${escapeHtml(c.text)}</td>`;
  return `<th scope="${c.scope}"${span}>${escapeHtml(c.text)}</th>`;
}

/**
 * One table. Header rows go in <thead>. A row group (a cell of scope="rowgroup": an article of 表二, 三、本年度办理结果
 * of 表三) opens a <tbody> of its own, and the rows after the group's span start another, so that each rowgroup
 * header covers exactly its rows.
 */
function htmlTable(report: Report, grid: TableGrid): string {
  const total = grid.widths.reduce((a, b) => a + b, 0);
  const out = [
    `<table class="${grid.id}">`,
    `<caption>${grid.name}　${escapeHtml(grid.caption)}</caption>`,
    `<colgroup>${grid.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('')}</colgroup>`,
  ];
  let open: 'thead' | 'tbody' | null = null;
  let groupEnd = -1;
  grid.rows.forEach((cells, r) => {
    const want = r < grid.headerRows ? 'thead' : 'tbody';
    const group = cells.find((c) => c.scope === 'rowgroup');
    if (open !== want || group || r === groupEnd) {
      if (open) out.push(`</${open}>`);
      out.push(`<${want}>`);
      open = want;
    }
    if (group && group.rowSpan > 1) groupEnd = r + group.rowSpan;
    out.push(`<tr>${cells.map((c) => htmlCell(report, c)).join('')}</tr>`);
  });
  if (open) out.push(`</${open}>`);
  out.push('</table>');
  return out.join('\n');
}

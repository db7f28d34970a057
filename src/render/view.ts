// What every renderer prints of a report, decided once: its title, which layout each table is drawn in, the text of
// a cell, the fields in layout order, the paragraphs of a section. A renderer only decides how it looks.
import {
  expectedFormat,
  type FieldDef,
  type FormatVersion,
  LAYOUTS,
  SECTIONS,
  type SectionKey,
} from '../domain/report/layout.ts';
import type { Report } from '../domain/report/model.ts';
import { type TableGrid, tableGrid } from './grid.ts';

export const TITLE_SUFFIX = '政府信息公开工作年度报告';

/** "<agency><year>年政府信息公开工作年度报告", with whatever of agency and year the report has. */
export function reportTitle(report: Report): string {
  if (report.agency || report.year !== null)
    return `${report.agency ?? ''}${report.year !== null ? `${report.year}年` : ''}${TITLE_SUFFIX}`;
  return report.title?.trim() || TITLE_SUFFIX;
}

/**
 * The layout each table is drawn in. Table 三 decides the report's layout; table 二 may differ (the 2019/2021
 * hybrids seen in practice keep the layout they were printed in). A report that names no layout is placed by the
 * rows it has, then by its year (reports on 2019 and 2020 use the 试行 layout), then the current one.
 */
export function tableFormats(report: Report): { t2: FormatVersion; t3: FormatVersion } {
  const t3 = report.tableFormats.t3 ?? report.format ?? formatByKeys(report) ?? yearFormat(report) ?? '2021';
  return { t2: report.tableFormats.t2 ?? t3, t3 };
}

/** The layout whose 表三 alone has one of the report's rows (（六）'s split rows: 2021; its single row: 2019). */
function formatByKeys(report: Report): FormatVersion | null {
  for (const k of Object.keys(report.cells)) {
    if (!k.startsWith('t3.')) continue;
    const in2019 = LAYOUTS['2019'].byKey.has(k);
    if (in2019 !== LAYOUTS['2021'].byKey.has(k)) return in2019 ? '2019' : '2021';
  }
  return null;
}

const yearFormat = (report: Report) => (report.year !== null ? expectedFormat(report.year) : null);

/** The three tables of the report, each in its layout. */
export function reportGrids(report: Report): TableGrid[] {
  const f = tableFormats(report);
  return [tableGrid('t2', f.t2), tableGrid('t3', f.t3), tableGrid('t4', f.t3)];
}

/** Every field of the report's layout(s) in layout order: 表二 of its layout, then 表三 and 表四. */
export function reportFields(report: Report): FieldDef[] {
  const f = tableFormats(report);
  return [
    ...LAYOUTS[f.t2].fields.filter((d) => d.table === 't2'),
    ...LAYOUTS[f.t3].fields.filter((d) => d.table !== 't2'),
  ];
}

/** A number as printed: plain digits, no grouping, no float noise (0.1 + 0.2 prints 0.3). */
export function formatNumber(n: number): string {
  return String(Number.isInteger(n) ? n : Number(n.toPrecision(12)));
}

/**
 * The text of a cell as the model says it: a number, a printed blank with its printed mark ("—", "/" or nothing),
 * and nothing for a cell nobody could read. A 0 is never invented.
 */
export function cellText(report: Report, key: string): string {
  const c = report.cells[key];
  if (!c || c.state === 'unknown') return '';
  if (c.state === 'blank') return c.raw;
  return formatNumber(c.value);
}

/** The numeric value for forms that keep numbers as numbers (XLSX), or the printed text, or nothing. */
export function cellValue(report: Report, key: string): number | string | null {
  const c = report.cells[key];
  if (!c || c.state === 'unknown') return null;
  if (c.state === 'blank') return c.raw === '' ? null : c.raw;
  return c.value;
}

export interface SectionView {
  readonly key: SectionKey;
  /** "一、总体情况" */
  readonly heading: string;
  /** The section's own text, one entry a paragraph, empty lines dropped. */
  readonly paragraphs: string[];
  /** The table the format puts in this section, when any. */
  readonly table: TableGrid | null;
}

/** The six sections of the format in order, with their text and table. */
export function reportSections(report: Report): SectionView[] {
  const grids = reportGrids(report);
  return SECTIONS.map((s) => ({
    key: s.key,
    heading: `${s.ordinal}、${s.title}`,
    paragraphs: (report.sections[s.key] ?? '')
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    table: grids.find((g) => g.section === s.key) ?? null,
  }));
}

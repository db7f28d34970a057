// The geometry of the official tables 二, 三 and 四, derived once from the layout data and shared by every renderer
// (DOCX, HTML, Markdown, text, XLSX), so that the merges of the official format are drawn the same way everywhere and
// a change of the format is a change of `src/domain/report/layout.ts`, not of each renderer.
// Source of the drawing: 国办公开办函〔2019〕60号 and 〔2021〕30号 (../shared/domain/03-annual-report-format.md §3–§5).
import {
  APPLICANT_COLUMNS,
  type FormatVersion,
  LAYOUTS,
  SECTIONS,
  type SectionKey,
  T3_HEADER_NOTE,
  T4_COLUMNS,
  T4_GROUPS,
  type TableId,
} from '../domain/report/layout.ts';

/** Header labels the format prints that are not field labels (the layout data has no place for them). */
export const CONTENT_HEADER = '信息内容';
export const APPLICANTS_HEADER = '申请人情况';

/** The `<th scope>` of a header cell: what it heads. */
export type Scope = 'col' | 'colgroup' | 'row' | 'rowgroup';

export interface GridCell {
  /** Position of the cell's top-left corner in the grid (0-based). */
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** A data cell carries its field key; a header cell a printed label and (except 表三's note) what it heads. */
  readonly key?: string;
  readonly text: string;
  readonly scope?: Scope;
}

export interface TableGrid {
  readonly id: TableId;
  readonly format: FormatVersion;
  /** The section that holds the table. */
  readonly section: SectionKey;
  /** Short name ("表三"), used for sheet names and captions. */
  readonly name: string;
  readonly caption: string;
  readonly columns: number;
  /** Number of rows at the top that head the columns (repeated on each printed page). */
  readonly headerRows: number;
  /** For each grid row, the cells whose top-left corner lies in it, in column order (the HTML model). */
  readonly rows: readonly (readonly GridCell[])[];
  /** Relative column widths in millimetres of a 156 mm GB/T 9704 type area. */
  readonly widths: readonly number[];
}

// ---------------------------------------------------------------- builders

class GridBuilder {
  readonly rows: GridCell[][] = [];
  add(
    row: number,
    col: number,
    cell: { text?: string; key?: string; rowSpan?: number; colSpan?: number; scope?: Scope },
  ): void {
    while (this.rows.length <= row) this.rows.push([]);
    this.rows[row]!.push({
      row,
      col,
      rowSpan: cell.rowSpan ?? 1,
      colSpan: cell.colSpan ?? 1,
      ...(cell.scope ? { scope: cell.scope } : {}),
      text: cell.text ?? '',
      ...(cell.key !== undefined ? { key: cell.key } : {}),
    });
  }
  done(): GridCell[][] {
    for (const r of this.rows) r.sort((a, b) => a.col - b.col);
    return this.rows;
  }
}

/** Splits `total` millimetres over `n` columns so that they add up exactly (to 0.1 mm). */
function spread(total: number, n: number): number[] {
  const each = Math.floor((total / n) * 10) / 10;
  const out = Array.from({ length: n }, () => each);
  out[n - 1] = Math.round((total - each * (n - 1)) * 10) / 10;
  return out;
}

const TYPE_AREA_MM = 156;

/** A table is named for the section that holds it: 表三 in 三、收到和处理政府信息公开申请情况. */
function named(section: SectionKey): { section: SectionKey; name: string; caption: string } {
  const s = SECTIONS.find((x) => x.key === section)!;
  return { section, name: `表${s.ordinal}`, caption: s.title };
}

/**
 * 表二: one table of blocks, each headed by the article it reports on (第二十条第（一）项 …) spanning the full width,
 * then a column-header row (信息内容 | …) and its rows. A block with fewer columns than the widest lets its last
 * column span the rest, as the official table does (2021: 本年处理决定数量 spans three columns).
 */
function table2(format: FormatVersion): TableGrid {
  const blocks = LAYOUTS[format].t2;
  const dataCols = Math.max(...blocks.map((b) => b.columns.length));
  const columns = dataCols + 1;
  const g = new GridBuilder();
  let r = 0;
  for (const b of blocks) {
    g.add(r++, 0, { text: b.article, colSpan: columns, scope: 'rowgroup' });
    const span = (i: number) => (i === b.columns.length - 1 ? dataCols - i : 1);
    g.add(r, 0, { text: CONTENT_HEADER, scope: 'col' });
    for (const [i, c] of b.columns.entries())
      g.add(r, i + 1, { text: c.label, colSpan: span(i), scope: 'col' });
    r++;
    for (const row of b.rows) {
      g.add(r, 0, { text: row.label, scope: 'row' });
      for (const [i, c] of b.columns.entries())
        g.add(r, i + 1, { key: `t2.${row.key}.${c.key}`, colSpan: span(i) });
      r++;
    }
  }
  const label = 46;
  return {
    id: 't2',
    format,
    ...named('proactive'),
    columns,
    headerRows: 0,
    rows: g.done(),
    widths: [label, ...spread(TYPE_AREA_MM - label, dataCols)],
  };
}

/**
 * 表三: a 3 × 3 corner cell holding the 勾稽关系 note; "申请人情况" over the seven applicant columns, with
 * "法人或其他组织" over its five; row labels in three columns, where a group label (三、本年度办理结果, （三）不予公开 …)
 * is merged down the rows it groups and a row without a group spans the label columns it does not use.
 */
function table3(format: FormatVersion): TableGrid {
  const rows = LAYOUTS[format].t3Rows;
  const depth = Math.max(...rows.map((r) => r.groups.length)) + 1;
  const headerRows = 3;
  const g = new GridBuilder();

  // Column headers, derived from APPLICANT_COLUMNS: a column with a group sits under the group's cell.
  g.add(0, 0, { text: T3_HEADER_NOTE, rowSpan: headerRows, colSpan: depth });
  g.add(0, depth, { text: APPLICANTS_HEADER, colSpan: APPLICANT_COLUMNS.length, scope: 'colgroup' });
  for (let i = 0; i < APPLICANT_COLUMNS.length; ) {
    const c = APPLICANT_COLUMNS[i]!;
    if (!c.group) {
      g.add(1, depth + i, { text: c.label, rowSpan: 2, scope: 'col' });
      i++;
      continue;
    }
    let j = i;
    while (j < APPLICANT_COLUMNS.length && APPLICANT_COLUMNS[j]!.group === c.group) {
      g.add(2, depth + j, { text: APPLICANT_COLUMNS[j]!.label, scope: 'col' });
      j++;
    }
    g.add(1, depth + i, { text: c.group, colSpan: j - i, scope: 'colgroup' });
    i = j;
  }

  // Row labels: a group cell starts where its group (the prefix of `groups`) starts and runs while it lasts.
  const samePrefix = (a: readonly string[], b: readonly string[], n: number) =>
    a.length >= n && b.length >= n && a.slice(0, n).every((x, k) => x === b[k]);
  rows.forEach((row, i) => {
    const r = headerRows + i;
    row.groups.forEach((group, level) => {
      const prev = rows[i - 1];
      if (prev && samePrefix(prev.groups, row.groups, level + 1)) return;
      let n = 1;
      while (rows[i + n] && samePrefix(rows[i + n]!.groups, row.groups, level + 1)) n++;
      // Only the outermost group can be an HTML row group (<tbody> does not nest); an inner group heads the rows
      // it spans as a row header with a rowspan, which assigns it to the same cells.
      g.add(r, level, { text: group, rowSpan: n, scope: level === 0 && n > 1 ? 'rowgroup' : 'row' });
    });
    g.add(r, row.groups.length, { text: row.label, colSpan: depth - row.groups.length, scope: 'row' });
    for (const [k, c] of APPLICANT_COLUMNS.entries()) g.add(r, depth + k, { key: `t3.${row.key}.${c.key}` });
  });
  const labels = 72;
  const labelWidths = depth === 3 ? [12, 15, 45] : spread(labels, depth);
  return {
    id: 't3',
    format,
    ...named('requests'),
    columns: depth + APPLICANT_COLUMNS.length,
    headerRows,
    rows: g.done(),
    widths: [...labelWidths, ...spread(TYPE_AREA_MM - labels, APPLICANT_COLUMNS.length)],
  };
}

/**
 * 表四: a two-level header. T4_GROUPS labels name their levels with " · " ("行政诉讼 · 复议后起诉"): consecutive
 * groups sharing a level share its cell (行政诉讼 over ten columns); a group with fewer levels lets its five column
 * labels run down the rows it does not use (行政复议's 结果维持 … spans two rows). One data row of 15 numbers.
 */
function table4(format: FormatVersion): TableGrid {
  const levels = T4_GROUPS.map((gr) => gr.label.split(' · '));
  const depth = Math.max(...levels.map((l) => l.length));
  const width = T4_COLUMNS.length;
  const g = new GridBuilder();
  for (let level = 0; level < depth; level++) {
    for (let i = 0; i < levels.length; ) {
      const label = levels[i]![level];
      if (label === undefined) {
        i++;
        continue;
      }
      let j = i + 1;
      while (
        j < levels.length &&
        levels[j]!.slice(0, level + 1).join('\u0000') === levels[i]!.slice(0, level + 1).join('\u0000')
      )
        j++;
      g.add(level, i * width, { text: label, colSpan: (j - i) * width, scope: 'colgroup' });
      i = j;
    }
  }
  for (const [i, l] of levels.entries())
    for (const [k, c] of T4_COLUMNS.entries())
      g.add(l.length, i * width + k, { text: c.label, rowSpan: depth + 1 - l.length, scope: 'col' });
  for (const [i, gr] of T4_GROUPS.entries())
    for (const [k, c] of T4_COLUMNS.entries())
      g.add(depth + 1, i * width + k, { key: `t4.${gr.key}.${c.key}` });
  const columns = T4_GROUPS.length * width;
  return {
    id: 't4',
    format,
    ...named('appeals'),
    columns,
    headerRows: depth + 1,
    rows: g.done(),
    widths: spread(TYPE_AREA_MM, columns),
  };
}

const cache = new Map<string, TableGrid>();

/** The grid of one official table in one layout (built once, then shared). */
export function tableGrid(id: TableId, format: FormatVersion): TableGrid {
  const k = `${id}:${format}`;
  let grid = cache.get(k);
  if (!grid) {
    grid = Object.freeze(id === 't2' ? table2(format) : id === 't3' ? table3(format) : table4(format));
    cache.set(k, grid);
  }
  return grid;
}

/** A row's own label (not a group spanning several rows): set flush left, where headings are centred. */
export const isRowLabel = (c: GridCell): boolean => c.scope === 'row' && c.rowSpan === 1;

// ---------------------------------------------------------------- the grid as a full matrix

export interface Slot {
  readonly cell: GridCell;
  /** True at the cell's top-left corner; false where the cell only covers the position. */
  readonly origin: boolean;
}

/** Every position of the grid with the cell covering it. Throws when cells overlap or leave a hole. */
export function expandGrid(grid: TableGrid): Slot[][] {
  const m: (Slot | undefined)[][] = grid.rows.map(() =>
    Array.from({ length: grid.columns }, () => undefined),
  );
  for (const row of grid.rows)
    for (const cell of row)
      for (let r = cell.row; r < cell.row + cell.rowSpan; r++)
        for (let c = cell.col; c < cell.col + cell.colSpan; c++) {
          if (!m[r] || c >= grid.columns)
            throw new Error(`${grid.name}: cell at ${cell.row},${cell.col} leaves the grid`);
          if (m[r]![c]) throw new Error(`${grid.name}: cells overlap at ${r},${c}`);
          m[r]![c] = { cell, origin: r === cell.row && c === cell.col };
        }
  return m.map((row, r) =>
    row.map((s, c) => {
      if (!s) throw new Error(`${grid.name}: no cell at ${r},${c}`);
      return s;
    }),
  );
}

/**
 * The grid as rows of text for the line-based forms (Markdown, plain text): every row has one entry per column so
 * the columns line up when pasted into a spreadsheet; a covered position is empty. A row label spanning several
 * label columns stands in the last of them, next to its numbers, so that a reader taking "the label cells, then the
 * numbers" finds exactly the numbers after it.
 */
export function flattenGrid(grid: TableGrid, value: (key: string) => string): string[][] {
  return expandGrid(grid).map((row, r) =>
    row.map(({ cell }, c) => {
      const anchor = cell.scope === 'row' && cell.colSpan > 1 ? cell.col + cell.colSpan - 1 : cell.col;
      if (r !== cell.row || c !== anchor) return '';
      return cell.key !== undefined ? value(cell.key) : cell.text;
    }),
  );
}

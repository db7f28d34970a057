// Two copies of one agency-year's report compared cell by cell: what a supervisor looks at before deciding which
// copy stands. A cell is compared as printed: a number, a printed blank, or not read.
import { ALL_FIELDS } from './layout.ts';
import type { Cell, Report } from './model.ts';

export interface CellDiff {
  readonly key: string;
  readonly label: string;
  readonly a: string;
  readonly b: string;
}

/** How a cell reads in the comparison: the number, “（空白）” for a printed blank, “未读出” for nothing read. */
export const showCell = (c: Cell | undefined): string =>
  !c || c.state === 'unknown' ? '未读出' : c.state === 'blank' ? '（空白）' : String(c.value);

/** Cells that differ between `a` and `b`, in layout order; `same` counts the cells that agree. */
export function diffReports(a: Report, b: Report): { cells: CellDiff[]; same: number } {
  const cells: CellDiff[] = [];
  let same = 0;
  for (const [key, def] of ALL_FIELDS) {
    if (!(key in a.cells) && !(key in b.cells)) continue;
    const x = showCell(a.cells[key]);
    const y = showCell(b.cells[key]);
    if (x === y) same++;
    else cells.push({ key, label: def.label, a: x, b: y });
  }
  return { cells, same };
}

// XLSX: one sheet per table (表二, 表三, 表四) drawn from the shared grid with its labels and merges, numbers kept as
// numbers, plus a "数据" sheet of key / label / value rows in layout order for analysis.
import ExcelJS from 'exceljs';
import type { Report } from '../domain/report/model.ts';
import { expandGrid, isRowLabel, type TableGrid } from './grid.ts';
import { cellValue, reportFields, reportGrids, reportTitle } from './view.ts';

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Column width in Excel's character units for a width in millimetres (about 2 mm a character at 11 pt). */
const chars = (mm: number) => Math.max(6, Math.round((mm / 2) * 10) / 10);

export async function renderXlsx(report: Report): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  wb.title = reportTitle(report);
  for (const grid of reportGrids(report)) drawSheet(wb, report, grid);

  const data = wb.addWorksheet('数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = [
    { header: 'key', key: 'key', width: 42 },
    { header: 'label', key: 'label', width: 60 },
    { header: 'value', key: 'value', width: 12 },
  ];
  data.getRow(1).font = { bold: true };
  for (const f of reportFields(report)) {
    const v = cellValue(report, f.key);
    data.addRow({ key: f.key, label: f.label, value: typeof v === 'number' ? v : null });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function drawSheet(wb: ExcelJS.Workbook, report: Report, grid: TableGrid): void {
  const ws = wb.addWorksheet(grid.name, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddHeader: `&C${grid.name}　${grid.caption}` },
  });
  ws.columns = grid.widths.map((w) => ({ width: chars(w) }));
  // Every position gets the border, so merged cells are outlined whole.
  for (const [r, row] of expandGrid(grid).entries())
    for (const [c, slot] of row.entries()) {
      const cell = ws.getCell(r + 1, c + 1);
      cell.border = BORDER;
      cell.alignment = {
        wrapText: true,
        vertical: 'middle',
        horizontal: isRowLabel(slot.cell) ? 'left' : 'center',
      };
      const g = slot.cell;
      if (slot.origin) cell.value = g.key !== undefined ? cellValue(report, g.key) : g.text;
    }
  for (const row of grid.rows)
    for (const g of row)
      if (g.rowSpan > 1 || g.colSpan > 1)
        ws.mergeCells(g.row + 1, g.col + 1, g.row + g.rowSpan, g.col + g.colSpan);
}

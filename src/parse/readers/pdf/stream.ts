// Tables without ruling lines, rebuilt from the text: a table is a run of lines whose numbers stand apart from
// the text before them (a gap of more than an em; narrative text has numbers too, but set close to the words).
// A label wrapped onto lines of its own is attached to the row of numbers beside it: a line that starts a numbered
// item ("5.要求行政机关…") belongs to the row below when that row has no label of its own; a continuation line
// belongs to the nearest row.

import { joinWrapped, tidy } from '../shared/text.ts';
import type { Piece } from './geometry.ts';
import type { Line } from './lines.ts';

export interface StreamRow {
  readonly top: number;
  readonly cells: string[];
}
export interface StreamTable {
  readonly top: number;
  readonly rows: StreamRow[];
}

const NUMERIC = /^[-+−－]?[\d０-９][\d０-９,，.．]*\s*(万元|元|件|条|项|个|%)?$|^[—/／-]{1,2}$/;
const ENUMERATOR = /^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d))/;

interface Cell {
  text: string;
  x0: number;
  x1: number;
  /** Vertical extent of the cell's text so far (a wrapped label grows). */
  y0: number;
  y1: number;
  numeric: boolean;
}
interface Classified {
  line: Line;
  cells: Cell[];
  kind: 'data' | 'multi' | 'single';
}

/** A line's cells: pieces separated by more than an em start a new cell; "1 0 3" set as one run is three. */
function cellsOf(line: Line): Cell[] {
  const cells: Cell[] = [];
  let cur: Piece[] = [];
  const flush = () => {
    if (!cur.length) return;
    const text = tidy(cur.map((p) => p.text).join(' '));
    const x0 = cur[0]!.x0;
    const x1 = cur[cur.length - 1]!.x1;
    if (/^\d+( \d+)+$/.test(text)) {
      const parts = text.split(' ');
      const w = (x1 - x0) / parts.length;
      parts.forEach((t, i) => {
        cells.push({
          text: t,
          x0: x0 + i * w,
          x1: x0 + (i + 1) * w,
          y0: line.top,
          y1: line.bottom,
          numeric: true,
        });
      });
    } else if (text) cells.push({ text, x0, x1, y0: line.top, y1: line.bottom, numeric: NUMERIC.test(text) });
    cur = [];
  };
  for (const p of line.pieces) {
    const prev = cur[cur.length - 1];
    if (prev && p.x0 - prev.x1 > Math.min(p.size, prev.size) * 1.0) flush();
    cur.push(p);
  }
  flush();
  return cells;
}

function classify(line: Line): Classified {
  const cells = cellsOf(line);
  const numbers = cells.filter((c) => c.numeric).length;
  const dataAfterText = cells.some((c, i) => c.numeric && i > 0);
  const kind =
    (numbers >= 2 || dataAfterText) && !(numbers === 1 && cells.length === 1)
      ? 'data'
      : cells.length >= 2
        ? 'multi'
        : 'single';
  return { line, cells, kind };
}

/** Split the page's lines into stream tables and the lines that remain text. */
export function streamTables(lines: readonly Line[]): { tables: StreamTable[]; rest: Line[] } {
  if (lines.length < 2) return { tables: [], rest: [...lines] };
  const items = lines.map(classify);
  const textLeft = Math.min(...lines.map((l) => l.x0));
  const textRight = Math.max(...lines.map((l) => l.x1));
  const width = Math.max(1, textRight - textLeft);
  const pitch = medianPitch(lines);
  const tables: StreamTable[] = [];
  const used = new Set<Line>();
  let i = 0;
  while (i < items.length) {
    if (items[i]!.kind !== 'data') {
      i++;
      continue;
    }
    // Grow a run around this data line: header lines just above, then following lines while they fit.
    const size = items[i]!.line.size;
    // Dense header lines pull the page's median pitch down; a table's rows are at least this far apart.
    const step = Math.max(pitch, size * 1.5);
    let start = i;
    while (
      start > 0 &&
      items[start - 1]!.kind !== 'data' &&
      fits(items[start - 1]!, width, size) &&
      items[start]!.line.top - items[start - 1]!.line.bottom < step * 2
    )
      start--;
    let end = i;
    while (
      end + 1 < items.length &&
      fits(items[end + 1]!, width, size) &&
      items[end + 1]!.line.top - items[end]!.line.bottom < step * 2.5
    )
      end++;
    const run = items.slice(start, end + 1);
    // Two rows of numbers, or one long one (表四 has a single row of fifteen).
    const data = run.filter((x) => x.kind === 'data');
    if (data.length >= 2 || data.some((x) => x.cells.filter((c) => c.numeric).length >= 4)) {
      // Leading single lines that are not wrapped labels of the first row are text, not table.
      while (
        run.length &&
        run[0]!.kind === 'single' &&
        !ENUMERATOR.test(run[0]!.cells[0]?.text ?? '') &&
        run[1]?.kind !== 'data'
      )
        run.shift();
      tables.push(build(run, step));
      for (const x of run) used.add(x.line);
    }
    i = end + 1;
  }
  return { tables, rest: lines.filter((l) => !used.has(l)) };
}

const SECTION_HEADING = /^[一二三四五六七八九十]+、/;

/**
 * A line that can be part of a table: data, a header with several cells, or a short label line set no larger than
 * the table's text. A section heading or a body-text line ends the table.
 */
function fits(x: Classified, width: number, size: number): boolean {
  if (x.kind === 'data') return true;
  if (x.line.size > size * 1.2) return false;
  if (x.kind === 'multi') return true;
  return x.line.x1 - x.line.x0 < width * 0.6 && !SECTION_HEADING.test(x.cells[0]?.text ?? '');
}

function medianPitch(lines: readonly Line[]): number {
  const d: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i]!.top - lines[i - 1]!.top;
    if (g > 0) d.push(g);
  }
  if (!d.length) return lines[0]!.size * 1.5;
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)]!;
}

interface Row {
  top: number;
  mid: number;
  labels: Cell[];
  data: Cell[];
  own: boolean;
}

function build(run: Classified[], pitch: number): StreamTable {
  const rows: Row[] = [];
  const dataRows: Row[] = [];
  // Data and header lines make rows; single lines wait for their row.
  const singles: { item: Classified; after: Row | null }[] = [];
  for (const item of run) {
    if (item.kind === 'single') {
      singles.push({ item, after: rows[rows.length - 1] ?? null });
      continue;
    }
    const firstNum =
      item.kind === 'data'
        ? item.cells.findIndex((c, i) => c.numeric && (i > 0 || item.cells.length > 1))
        : -1;
    const labels = firstNum >= 0 ? item.cells.slice(0, firstNum) : item.cells;
    const data = firstNum >= 0 ? item.cells.slice(firstNum) : [];
    const row: Row = {
      top: item.line.top,
      mid: (item.line.top + item.line.bottom) / 2,
      labels,
      data,
      own: labels.length > 0,
    };
    rows.push(row);
    if (item.kind === 'data') dataRows.push(row);
  }
  const standalone: { top: number; row: Row }[] = [];
  // Where the numbers start: left of it is the label area.
  const labelEdge = Math.min(...dataRows.map((r) => r.data[0]?.x0 ?? Number.POSITIVE_INFINITY));
  for (const { item } of singles) {
    const cell = item.cells[0]!;
    const cyL = (item.line.top + item.line.bottom) / 2;
    const below = dataRows.find((r) => r.mid > cyL);
    const above = [...dataRows].reverse().find((r) => r.mid <= cyL);
    let target: Row | undefined;
    // The label in the row's column where this line stands, if any.
    const inColumn = (r: Row) => r.labels.find((l) => l.x0 < cell.x1 && cell.x0 < l.x1);
    const near = (r: Row | undefined): r is Row => r !== undefined && Math.abs(r.mid - cyL) < pitch * 2;
    if (cell.x1 > labelEdge + 2) {
      // Over the number columns: a column header or a block title, a row of its own.
    } else if (ENUMERATOR.test(cell.text)) {
      // A numbered label starts a row: the row below, when that row has nothing in this column yet or only the
      // rest of a wrapped label.
      const there = below && inColumn(below);
      if (near(below) && (!there || !ENUMERATOR.test(there.text))) target = below;
    } else {
      // The rest of a wrapped label (or of a group label): the nearest row, if the line sits tight against the
      // label already in its column there (a block title one row away is a row of its own) or the column is empty.
      const tight = (r: Row) => {
        const l = inColumn(r);
        return !l || Math.max(l.y0 - item.line.bottom, item.line.top - l.y1) < item.line.size * 1.3;
      };
      const candidates = [above, below]
        .filter(near)
        .sort((a, b) => Math.abs(a.mid - cyL) - Math.abs(b.mid - cyL));
      target = candidates.find(tight);
    }
    if (!target) {
      standalone.push({
        top: item.line.top,
        row: { top: item.line.top, mid: cyL, labels: [cell], data: [], own: true },
      });
      continue;
    }
    // Join into the label cell that shares the column; a label in a column of its own (a group label set beside
    // its rows) becomes a cell of its own, in x order.
    const same = inColumn(target);
    if (same) {
      // Before or after the label's lines so far, by position.
      same.text =
        cyL < (same.y0 + same.y1) / 2
          ? joinWrapped([cell.text, same.text])
          : joinWrapped([same.text, cell.text]);
      same.y0 = Math.min(same.y0, cell.y0);
      same.y1 = Math.max(same.y1, cell.y1);
    } else {
      const at = target.labels.findIndex((l) => l.x0 > cell.x0);
      target.labels.splice(at < 0 ? target.labels.length : at, 0, { ...cell });
      target.own = true;
    }
  }
  const all = [...rows.map((row) => ({ top: row.top, row })), ...standalone].sort((a, b) => a.top - b.top);
  return {
    top: Math.min(...run.map((x) => x.line.top)),
    rows: all.map(({ row }) => ({ top: row.top, cells: [...row.labels, ...row.data].map((c) => c.text) })),
  };
}

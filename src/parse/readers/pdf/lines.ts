// Text outside tables: pieces → lines → paragraphs, with page numbers and running headers taken out.
import { tidy } from '../shared/text.ts';
import type { Piece } from './geometry.ts';

export interface Line {
  readonly pieces: Piece[];
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  /** Largest font size on the line. */
  size: number;
  text: string;
  page: number;
}

const overlapY = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) =>
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);

/**
 * Group pieces into lines: pieces whose baselines agree (within a third of the font size) with the line's first
 * piece. Baselines, not boxes: a tall number beside a label wrapped over two lines overlaps both of its lines.
 */
export function groupLines(pieces: readonly Piece[], page: number): Line[] {
  const sorted = [...pieces].sort((a, b) => a.base - b.base);
  const lines: Line[] = [];
  // Lines are made in baseline order, so a line whose first baseline is further above than the piece's own size
  // allows cannot take it: the search for the first line that does starts past those (bisection), instead of at
  // the first line of the page for every piece. With a 1-point margin, and only where every baseline and size is
  // a finite number (else the order is not total and every line is tried, as before); the first line that takes
  // the piece is the one the full search finds.
  const bounded = pieces.every((p) => Number.isFinite(p.base) && Number.isFinite(p.size));
  const takes = (l: Line, p: Piece) => {
    const a = l.pieces[0]!;
    return !a.vertical && Math.abs(a.base - p.base) <= 0.35 * Math.min(a.size, p.size) && overlapY(a, p) > 0;
  };
  for (const p of sorted) {
    // Vertical runs are lines of their own.
    let line: Line | undefined;
    if (!p.vertical) {
      let k = 0;
      if (bounded) {
        const from = p.base - 0.35 * Math.abs(p.size) - 1;
        let hi = lines.length;
        while (k < hi) {
          const mid = (k + hi) >>> 1;
          if (lines[mid]!.pieces[0]!.base < from) k = mid + 1;
          else hi = mid;
        }
      }
      for (; k < lines.length; k++)
        if (takes(lines[k]!, p)) {
          line = lines[k];
          break;
        }
    }
    if (line) {
      line.pieces.push(p);
      line.top = Math.min(line.top, p.top);
      line.bottom = Math.max(line.bottom, p.bottom);
      line.x0 = Math.min(line.x0, p.x0);
      line.x1 = Math.max(line.x1, p.x1);
      line.size = Math.max(line.size, p.size);
    } else
      lines.push({
        pieces: [p],
        top: p.top,
        bottom: p.bottom,
        x0: p.x0,
        x1: p.x1,
        size: p.size,
        text: '',
        page,
      });
  }
  for (const l of lines) {
    l.pieces.sort((a, b) => (a.vertical ? a.top - b.top : a.x0 - b.x0 || a.top - b.top));
    let s = '';
    let prev: Piece | null = null;
    for (const p of l.pieces) {
      if (prev && p.x0 - prev.x1 > 0.25 * Math.min(p.size, prev.size)) s += ' ';
      s += p.text;
      prev = p;
    }
    l.text = tidy(s);
  }
  return lines.filter((l) => l.text).sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

/** Page numbers as printed: "- 5 -", "— 5 —", "第5页", "第 5 页 共 20 页", "5/20", "5". */
const PAGE_NUMBER =
  /^(?:[-—–－―]\s*\d{1,4}\s*[-—–－―]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,4}|[-—–－―]\s*[ivxlcIVXLC]+\s*[-—–－―]|Page\s*\d+(?:\s*of\s*\d+)?)$/;

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.test(text.replace(/\s+/g, ' ').trim());
}

/** The share of the page height at the top and the bottom where running heads and page numbers sit. */
const MARGIN = 0.12;

/**
 * Remove page furniture: page numbers in the top or bottom margin, and lines repeated in the margins of at least
 * three pages (running heads: the agency's name, "政府信息公开工作年度报告"). Digits are ignored when comparing, so
 * "第3页" and "第4页" are the same running line.
 */
export function dropFurniture(pages: Line[][], heights: readonly number[]): Line[][] {
  const key = (l: Line) => l.text.replace(/\d+/g, '#');
  const inMargin = (l: Line, h: number) => l.bottom < h * MARGIN || l.top > h * (1 - MARGIN);
  const seen = new Map<string, number>();
  pages.forEach((lines, i) => {
    const keys = new Set(lines.filter((l) => inMargin(l, heights[i]!)).map(key));
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  });
  const repeated = new Set([...seen].filter(([, n]) => n >= 3 && n >= pages.length / 2).map(([k]) => k));
  return pages.map((lines, i) =>
    lines.filter((l) => !(inMargin(l, heights[i]!) && (isPageNumber(l.text) || repeated.has(key(l))))),
  );
}

const HEADING =
  /^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[、.．](?!\d))/;

/** The body text's frame, measured over the whole document: paragraphs are judged against it. */
export interface TextFrame {
  readonly left: number;
  readonly right: number;
  /** Usual distance from one line's top to the next. */
  readonly pitch: number;
  /** The body text's font size (the median). */
  readonly size: number;
}

export function textFrame(lines: readonly Line[]): TextFrame {
  if (!lines.length) return { left: 0, right: 0, pitch: 0, size: 0 };
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++)
    if (lines[i]!.page === lines[i - 1]!.page) {
      const d = lines[i]!.top - lines[i - 1]!.top;
      if (d > 0) pitches.push(d);
    }
  return {
    left: mode(lines.map((l) => Math.round(l.x0))),
    right: percentile(
      lines.map((l) => l.x1),
      0.9,
    ),
    pitch: pitches.length ? percentile(pitches, 0.5) : 0,
    size: percentile(
      lines.map((l) => l.size),
      0.5,
    ),
  };
}

/**
 * Lines → paragraphs. A line continues the paragraph above when it is close below it, starts at the body's left
 * edge, the line above ran to the right edge and was not a heading, and the font size is the same; otherwise it
 * starts a new one (first-line indent, a short line before it, a heading). Lines set larger than the body, or
 * centred, join the next line of their size (a title set over two lines). Paragraphs run on across a page break.
 */
export function paragraphs(lines: readonly Line[], frame: TextFrame = textFrame(lines)): Line[][] {
  const { left, right, pitch, size } = frame;
  const centre = (left + right) / 2;
  const centred = (l: Line) =>
    l.x0 > left + l.size && l.x1 < right - l.size && Math.abs((l.x0 + l.x1) / 2 - centre) < 2 * l.size;
  const out: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    let joins = false;
    if (prev) {
      const samePage = prev.page === l.page;
      const gap = l.top - prev.top;
      const sameSize = Math.abs(l.size - prev.size) <= Math.max(l.size, prev.size) * 0.08;
      const display = (x: Line) => centred(x) || x.size > size * 1.15;
      if (display(prev) && display(l))
        joins = samePage && sameSize && gap > 0 && gap <= l.size * 2.2 && !HEADING.test(l.text);
      else {
        const closeBelow = samePage ? gap > 0 && gap <= pitch * 1.3 + 0.5 : true;
        const atLeft = Math.abs(l.x0 - left) <= l.size * 0.6;
        const prevFull = prev.x1 >= right - prev.size * 1.5;
        // A heading line ("五、存在的主要问题及改进情况", "（一）组织领导") has no sentence punctuation.
        const prevHeading = cur.length === 1 && HEADING.test(prev.text) && !/[。；，：]/.test(prev.text);
        joins = closeBelow && atLeft && prevFull && sameSize && !prevHeading && !HEADING.test(l.text);
      }
    }
    if (!joins && cur.length) {
      out.push(cur);
      cur = [];
    }
    cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

function mode(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = xs[0]!;
  let n = 0;
  for (const [x, c] of counts)
    if (c > n || (c === n && x < best)) {
      best = x;
      n = c;
    }
  return best;
}

function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

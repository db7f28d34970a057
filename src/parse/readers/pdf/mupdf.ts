// The PDF engine: MuPDF's WebAssembly build (ADR 0003). It gives what the reader needs of a page — text runs with
// their boxes, and the ruling lines drawn on it — in the device space of geometry.ts (points, origin top-left, y
// down), at about an eighth of pdf.js's cost on the published WPS reports. What is built here has the shape the
// pdf.js engine gave (pieces as pdf.js text items became, the same ruling rules as paths.ts), so the layout code
// after it (lines, lattice, stream) is unchanged and reads the same documents to the same values
// (test/reader-values.test.ts).
import type * as Mupdf from 'mupdf';
import type { Piece } from './geometry.ts';
import { RulingCollector, type Rulings, type SubPath } from './paths.ts';

type MupdfModule = typeof Mupdf;
let mupdf: MupdfModule | null = null;

const MAX_MESSAGES = 200;
const messages: string[] = [];

/** What MuPDF printed since the last call (warnings and errors, one line each), and forget it. */
export function takeMupdfMessages(): string[] {
  return messages.splice(0);
}

/** Loaded on first use: the WebAssembly module costs ~100 ms to instantiate, a text-only run never pays it. */
export async function loadMupdf(): Promise<MupdfModule> {
  if (!mupdf) {
    // MuPDF writes its warnings and errors ("trying to repair broken xref", "zlib error: …") to stdout and stderr,
    // into the CLI's output; they are kept here instead (takeMupdfMessages), so the reader can tell a file whose
    // cross-reference table was merely wrong from one with damaged content. The Emscripten module reads its print
    // functions from this global when it is first instantiated.
    const g = globalThis as { $libmupdf_wasm_Module?: object };
    const keep = (s: unknown) => {
      if (messages.length < MAX_MESSAGES) messages.push(String(s));
    };
    g.$libmupdf_wasm_Module ??= { print: keep, printErr: keep };
    mupdf = (await import('mupdf')) as MupdfModule;
  }
  return mupdf;
}

// Share of the font size above and below the baseline, as geometry.ts gives pdf.js items.
const ASCENT = 0.85;
const DESCENT = 0.2;
/** A gap wider than this share of the font size between two characters starts a new run (a new pdf.js item). */
const RUN_GAP = 0.1;

/**
 * The page's text as runs: characters of one stext line that follow each other without a gap, in one font size.
 * Real spaces are kept (runs of them separate cells, splitAtGaps), MuPDF's guessed spaces are not (the line
 * grouping decides spacing from the gaps, as it did for pdf.js).
 */
export function piecesOf(page: Mupdf.Page, origin: readonly [number, number]): Piece[] {
  const st = page.toStructuredText('preserve-whitespace,inhibit-spaces');
  const pieces: Piece[] = [];
  const [ox, oy] = origin;
  let vertical = false;
  let text = '';
  let x0 = 0;
  let x1 = 0;
  let top = 0;
  let bottom = 0;
  let base = 0;
  let size = 0;
  const flush = () => {
    if (text)
      pieces.push(
        vertical
          ? { text, x0, x1, top, bottom, size, base, vertical }
          : { text, x0, x1, top: base - ASCENT * size, bottom: base + DESCENT * size, size, base, vertical },
      );
    text = '';
  };
  try {
    st.walk({
      beginLine(_bbox, wmode) {
        // MuPDF makes each character of a column of vertical text a line of its own; pdf.js gave the column as one
        // run, and so does this (the gap test below still separates columns that do not touch).
        if ((wmode === 1) !== vertical || wmode !== 1) flush();
        vertical = wmode === 1;
      },
      onChar(c, o, _font, sz, q) {
        const cx0 = Math.min(q[0], q[2], q[4], q[6]) - ox;
        const cx1 = Math.max(q[0], q[2], q[4], q[6]) - ox;
        const cy0 = Math.min(q[1], q[3], q[5], q[7]) - oy;
        const cy1 = Math.max(q[1], q[3], q[5], q[7]) - oy;
        const y = o[1] - oy;
        if (text) {
          const gap = vertical ? cy0 - bottom : cx0 - x1;
          const sameSize = Math.abs(sz - size) < 0.01 * size;
          const sameBase = vertical ? Math.abs(cx0 - x0) < 0.1 * size : Math.abs(y - base) < 0.01 * size;
          if (!sameSize || !sameBase || gap > RUN_GAP * size || gap < -RUN_GAP * size) flush();
        }
        if (!text) {
          x0 = cx0;
          x1 = cx1;
          top = cy0;
          base = y;
          size = sz;
        }
        text += c;
        x1 = Math.max(x1, cx1);
        bottom = cy1;
      },
      endLine() {
        if (!vertical) flush();
      },
    });
    flush();
  } finally {
    st.destroy();
  }
  return pieces;
}

/**
 * The page's ruling lines: the rules of paths.ts (stroked horizontal and vertical lines, thin filled rectangles,
 * the edges of filled cell backgrounds; white fills, curves and diagonals left out), taken from MuPDF's device
 * calls instead of pdf.js's operator list.
 */
export function rulingsOfPage(
  m: MupdfModule,
  page: Mupdf.Page,
  origin: readonly [number, number],
  size: readonly [number, number],
): Rulings {
  const out = new RulingCollector(size);
  const [ox, oy] = origin;
  const subPaths = (path: Mupdf.Path, ctm: Mupdf.Matrix): SubPath[] => {
    const paths: SubPath[] = [];
    let cur: SubPath | null = null;
    const at = (x: number, y: number): [number, number] => [
      ctm[0] * x + ctm[2] * y + ctm[4] - ox,
      ctm[1] * x + ctm[3] * y + ctm[5] - oy,
    ];
    path.walk({
      moveTo(x, y) {
        cur = { points: [at(x, y)], closed: false, curved: false };
        paths.push(cur);
      },
      lineTo(x, y) {
        const p = at(x, y);
        if (cur) cur.points.push(p);
        else {
          cur = { points: [p], closed: false, curved: false };
          paths.push(cur);
        }
      },
      curveTo(_x1, _y1, _x2, _y2, x3, y3) {
        if (cur) {
          cur.curved = true;
          cur.points.push(at(x3, y3));
        }
      },
      closePath() {
        if (cur) cur.closed = true;
        cur = cur ? { points: [cur.points[0]!], closed: false, curved: false } : null;
        if (cur) paths.push(cur);
      },
    });
    return paths;
  };
  // Run on the page, not on a display list: a display list packs its paths, and the JS device's wrapper of a
  // packed path frees memory it does not own (a crash in mupdf 1.28).
  const device = new m.Device({
    fillPath(path, _evenOdd, ctm, colorspace, color) {
      out.paint(subPaths(path, ctm), true, false, isWhite(colorspace, color));
      colorspace.destroy();
      path.destroy();
    },
    strokePath(path, stroke, ctm, colorspace) {
      out.paint(subPaths(path, ctm), false, true, false);
      path.destroy();
      stroke.destroy();
      colorspace.destroy();
    },
  });
  try {
    page.run(device, m.Matrix.identity);
    device.close();
  } finally {
    device.destroy();
  }
  return out.rulings();
}

/** White fills are invisible on the page (WPS paints a white box behind every line of text): not borders. */
function isWhite(cs: Mupdf.ColorSpace, color: ArrayLike<number>): boolean {
  const c = Array.from(color);
  if (cs.isCMYK()) return c.length >= 4 && c.slice(0, 4).every((x) => x === 0);
  if (cs.isGray()) return (c[0] ?? 0) >= 0.99;
  if (cs.isRGB()) return c.length >= 3 && c.slice(0, 3).every((x) => x >= 0.99);
  return false;
}

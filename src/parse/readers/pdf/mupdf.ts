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
    raw = rawAccess(g.$libmupdf_wasm_Module, mupdf);
  }
  return mupdf;
}

// --- Direct access to the engine's structures -------------------------------------------------------------------
// mupdf.js wraps every character of a structured-text walk in a Font object and two fresh arrays, and every path a
// device is handed in Path, ColorSpace and StrokeState objects (each registered with a FinalizationRegistry) — also
// for the text and images a rulings device ignores. Over a generated report that was a third of the PDF reader's
// JavaScript time and much of its garbage. The Emscripten module object (the one mupdf.js instantiates from
// `$libmupdf_wasm_Module`, set above) holds the same accessor functions and heap views mupdf.js calls; the walks
// below call them directly, in the same order, reading the same float32 values, so the pieces and rulings are those
// of the wrapped walks (pdf.test.ts compares both on every test PDF). When the module does not have the shape this
// expects (another mupdf version), `raw` stays null and the wrapped walks run as before.

interface RawModule {
  HEAPF32: Float32Array;
  _wasm_stext_page_get_first_block(page: number): number;
  _wasm_stext_block_get_next(block: number): number;
  _wasm_stext_block_get_type(block: number): number;
  _wasm_stext_block_get_first_line(block: number): number;
  _wasm_stext_line_get_next(line: number): number;
  _wasm_stext_line_get_wmode(line: number): number;
  _wasm_stext_line_get_first_char(line: number): number;
  _wasm_stext_char_get_next(ch: number): number;
  _wasm_stext_char_get_c(ch: number): number;
  _wasm_stext_char_get_origin(ch: number): number;
  _wasm_stext_char_get_size(ch: number): number;
  _wasm_stext_char_get_quad(ch: number): number;
  _wasm_walk_path(path: number, id: number): void;
  _wasm_colorspace_get_type(cs: number): number;
}
const RAW_FUNCTIONS = [
  '_wasm_stext_page_get_first_block',
  '_wasm_stext_block_get_next',
  '_wasm_stext_block_get_type',
  '_wasm_stext_block_get_first_line',
  '_wasm_stext_line_get_next',
  '_wasm_stext_line_get_wmode',
  '_wasm_stext_line_get_first_char',
  '_wasm_stext_char_get_next',
  '_wasm_stext_char_get_c',
  '_wasm_stext_char_get_origin',
  '_wasm_stext_char_get_size',
  '_wasm_stext_char_get_quad',
  '_wasm_walk_path',
  '_wasm_colorspace_get_type',
] as const;

/** The JS device's and path walk's dispatch tables mupdf.js installs on globalThis (called from WebAssembly). */
type Dispatch = Record<string, ((...args: number[]) => unknown) | undefined>;

interface Raw {
  readonly mod: RawModule;
  readonly colorspaceTypes: readonly string[];
}
let raw: Raw | null = null;
/** The rulings being collected by a direct device run (page.run is synchronous: one at a time). */
let activeDevice: ((name: string, args: number[]) => unknown) | null = null;
/** The path being walked directly (moveto/lineto/curveto/closepath of `_wasm_walk_path`). */
let activePath: PathSink | null = null;
interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  curveTo(x3: number, y3: number): void;
  closePath(): void;
}
/** An id no mupdf.js walk uses (its ids count up from 0). */
const RAW_ID = -1;

function rawAccess(module: unknown, m: MupdfModule): Raw | null {
  const mod = module as Partial<Record<string, unknown>> | undefined;
  const g = globalThis as { $libmupdf_device?: Dispatch; $libmupdf_path_walk?: Dispatch };
  const device = g.$libmupdf_device;
  const pathWalk = g.$libmupdf_path_walk;
  const types = (m.ColorSpace as unknown as { COLORSPACE_TYPES?: unknown }).COLORSPACE_TYPES;
  if (
    !mod ||
    !(mod.HEAPF32 instanceof Float32Array) ||
    RAW_FUNCTIONS.some((f) => typeof mod[f] !== 'function') ||
    !Array.isArray(types) ||
    !device ||
    !pathWalk ||
    ['fill_path', 'stroke_path', 'close_device', 'drop_device'].some(
      (f) => typeof device[f] !== 'function',
    ) ||
    ['moveto', 'lineto', 'curveto', 'closepath'].some((f) => typeof pathWalk[f] !== 'function')
  )
    return null;
  // While a direct device runs, every call of the JS device goes to it (it answers fill_path and stroke_path and
  // ignores the rest, as the wrapped device with only fillPath/strokePath did — begin_tile's "0" included); closing
  // and dropping the device stay with mupdf.js, which owns its table entry.
  for (const name of Object.keys(device)) {
    const original = device[name];
    if (typeof original !== 'function' || name === 'close_device' || name === 'drop_device') continue;
    device[name] = (...args: number[]) => (activeDevice ? activeDevice(name, args) : original(...args));
  }
  const sink = (name: 'moveto' | 'lineto' | 'curveto' | 'closepath') => {
    const original = pathWalk[name]!;
    pathWalk[name] = (...a: number[]) => {
      if (a[0] !== RAW_ID || !activePath) return original(...a);
      if (name === 'moveto') activePath.moveTo(a[1]!, a[2]!);
      else if (name === 'lineto') activePath.lineTo(a[1]!, a[2]!);
      else if (name === 'curveto') activePath.curveTo(a[5]!, a[6]!);
      else activePath.closePath();
      return undefined;
    };
  };
  sink('moveto');
  sink('lineto');
  sink('curveto');
  sink('closepath');
  return { mod: mod as unknown as RawModule, colorspaceTypes: types as string[] };
}

/** For the tests: whether the direct walks are in use, and a switch to compare them with the wrapped ones. */
export const directWalks = {
  get available(): boolean {
    return raw !== null;
  },
  enabled: true,
};
const useRaw = (): Raw | null => (directWalks.enabled ? raw : null);

// Share of the font size above and below the baseline, as geometry.ts gives pdf.js items.
const ASCENT = 0.85;
const DESCENT = 0.2;
/** A gap wider than this share of the font size between two characters starts a new run (a new pdf.js item). */
const RUN_GAP = 0.1;

/** What the page is read from: the page itself, or its recording (recordPage). */
export type PageSource = Mupdf.Page | Mupdf.DisplayList;

/**
 * The page's drawing recorded once, for both reads of a page that may be tabular: its text (piecesOf) and its ruling
 * lines (rulingsOfPage) then come from the recording instead of from interpreting the page's content stream twice —
 * the same drawing calls in the same order, so the same pieces and rulings (mupdf.test.ts compares both). Only
 * with the direct walks: the wrapped device frees the packed paths of a display list it does not own (a crash in
 * mupdf 1.28), so without them the page is read directly (null).
 */
export function recordPage(page: Mupdf.Page): Mupdf.DisplayList | null {
  return useRaw() ? page.toDisplayList(true) : null;
}

/**
 * The page's text as runs: characters of one stext line that follow each other without a gap, in one font size.
 * Real spaces are kept (runs of them separate cells, splitAtGaps), MuPDF's guessed spaces are not (the line
 * grouping decides spacing from the gaps, as it did for pdf.js).
 */
export function piecesOf(page: PageSource, origin: readonly [number, number]): Piece[] {
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
  const beginLine = (wmode: number) => {
    // MuPDF makes each character of a column of vertical text a line of its own; pdf.js gave the column as one
    // run, and so does this (the gap test below still separates columns that do not touch).
    if ((wmode === 1) !== vertical || wmode !== 1) flush();
    vertical = wmode === 1;
  };
  // The character's origin (its y) and quad (q0…q7: x and y of its four corners).
  const onChar = (
    c: string,
    originY: number,
    sz: number,
    q0: number,
    q1: number,
    q2: number,
    q3: number,
    q4: number,
    q5: number,
    q6: number,
    q7: number,
  ) => {
    const cx0 = Math.min(q0, q2, q4, q6) - ox;
    const cx1 = Math.max(q0, q2, q4, q6) - ox;
    const cy0 = Math.min(q1, q3, q5, q7) - oy;
    const cy1 = Math.max(q1, q3, q5, q7) - oy;
    const y = originY - oy;
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
  };
  const endLine = () => {
    if (!vertical) flush();
  };
  const r = useRaw();
  try {
    if (r) walkTextDirect(r.mod, (st as unknown as { pointer: number }).pointer, beginLine, onChar, endLine);
    else
      st.walk({
        beginLine: (_bbox, wmode) => beginLine(wmode),
        onChar: (c, o, _font, sz, q) => onChar(c, o[1], sz, q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]),
        endLine,
      });
    flush();
  } finally {
    st.destroy();
  }
  return pieces;
}

/** StructuredText.walk's text blocks, lines and characters (mupdf.js 1.28), without a wrapper per character. */
function walkTextDirect(
  mod: RawModule,
  stext: number,
  beginLine: (wmode: number) => void,
  onChar: (
    c: string,
    originY: number,
    sz: number,
    ...q: [number, number, number, number, number, number, number, number]
  ) => void,
  endLine: () => void,
): void {
  let block = mod._wasm_stext_page_get_first_block(stext);
  while (block) {
    if (mod._wasm_stext_block_get_type(block) === 0) {
      let line = mod._wasm_stext_block_get_first_line(block);
      while (line) {
        beginLine(mod._wasm_stext_line_get_wmode(line));
        let ch = mod._wasm_stext_line_get_first_char(line);
        while (ch) {
          // As mupdf.js: the code unit (String.fromCharCode), then the origin, size and quad, each read from the heap
          // as soon as its accessor returns.
          const c = String.fromCharCode(mod._wasm_stext_char_get_c(ch));
          const o = mod._wasm_stext_char_get_origin(ch) >> 2;
          const originY = mod.HEAPF32[o + 1]!;
          const sz = mod._wasm_stext_char_get_size(ch);
          const q = mod._wasm_stext_char_get_quad(ch) >> 2;
          const h = mod.HEAPF32;
          onChar(
            c,
            originY,
            sz,
            h[q]!,
            h[q + 1]!,
            h[q + 2]!,
            h[q + 3]!,
            h[q + 4]!,
            h[q + 5]!,
            h[q + 6]!,
            h[q + 7]!,
          );
          ch = mod._wasm_stext_char_get_next(ch);
        }
        endLine();
        line = mod._wasm_stext_line_get_next(line);
      }
    }
    block = mod._wasm_stext_block_get_next(block);
  }
}

/**
 * Collects a path's sub-paths in device space: the points of each, whether it is closed or has curves. One
 * instance per rulings run, reset for each path (page.run is synchronous): a generated report strokes every cell
 * border as a path of its own, and a collector of closures made per path (with esbuild's keepNames, each closure
 * named again) was a tenth of the PDF reader's JavaScript time (issue 18).
 */
class PathCollector implements PathSink {
  paths: SubPath[] = [];
  private cur: SubPath | null = null;
  private m0 = 1;
  private m1 = 0;
  private m2 = 0;
  private m3 = 1;
  private m4 = 0;
  private m5 = 0;
  constructor(
    private readonly ox: number,
    private readonly oy: number,
  ) {}

  /** A new path under the transform [m0 … m5] (MuPDF's matrix a, b, c, d, e, f). */
  begin(m0: number, m1: number, m2: number, m3: number, m4: number, m5: number): void {
    this.paths = [];
    this.cur = null;
    this.m0 = m0;
    this.m1 = m1;
    this.m2 = m2;
    this.m3 = m3;
    this.m4 = m4;
    this.m5 = m5;
  }

  private at(x: number, y: number): [number, number] {
    return [this.m0 * x + this.m2 * y + this.m4 - this.ox, this.m1 * x + this.m3 * y + this.m5 - this.oy];
  }

  moveTo(x: number, y: number): void {
    this.cur = { points: [this.at(x, y)], closed: false, curved: false };
    this.paths.push(this.cur);
  }

  lineTo(x: number, y: number): void {
    const p = this.at(x, y);
    if (this.cur) this.cur.points.push(p);
    else {
      this.cur = { points: [p], closed: false, curved: false };
      this.paths.push(this.cur);
    }
  }

  curveTo(x3: number, y3: number): void {
    if (this.cur) {
      this.cur.curved = true;
      this.cur.points.push(this.at(x3, y3));
    }
  }

  closePath(): void {
    const cur = this.cur;
    if (cur) cur.closed = true;
    this.cur = cur ? { points: [cur.points[0]!], closed: false, curved: false } : null;
    if (this.cur) this.paths.push(this.cur);
  }
}

/**
 * The page's ruling lines: the rules of paths.ts (stroked horizontal and vertical lines, thin filled rectangles,
 * the edges of filled cell backgrounds; white fills, curves and diagonals left out), taken from MuPDF's device
 * calls instead of pdf.js's operator list.
 */
export function rulingsOfPage(
  m: MupdfModule,
  page: PageSource,
  origin: readonly [number, number],
  size: readonly [number, number],
): Rulings {
  const out = new RulingCollector(size);
  const r = useRaw();
  // A recording's paths are packed: only the direct walk reads them safely (recordPage).
  if (!r && !(page instanceof m.Page))
    throw new Error('rulingsOfPage: a display list needs the direct walks');
  const [ox, oy] = origin;
  const subPaths = (path: Mupdf.Path, ctm: Mupdf.Matrix): SubPath[] => {
    const sink = new PathCollector(ox, oy);
    sink.begin(ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]);
    path.walk({
      moveTo: (x, y) => sink.moveTo(x, y),
      lineTo: (x, y) => sink.lineTo(x, y),
      curveTo: (_x1, _y1, _x2, _y2, x3, y3) => sink.curveTo(x3, y3),
      closePath: () => sink.closePath(),
    });
    return sink.paths;
  };
  // The wrapped device runs on the page, not on a display list: a display list packs its paths, and the JS device's
  // wrapper of a packed path frees memory it does not own (a crash in mupdf 1.28).
  const device = new m.Device(
    r
      ? {}
      : {
          fillPath(path, _evenOdd, ctm, colorspace, color) {
            out.paint(subPaths(path, ctm), true, false, isWhite(colorspace.getType(), color));
            colorspace.destroy();
            path.destroy();
          },
          strokePath(path, stroke, ctm, colorspace) {
            out.paint(subPaths(path, ctm), false, true, false);
            path.destroy();
            stroke.destroy();
            colorspace.destroy();
          },
        },
  );
  try {
    if (r) activeDevice = directDevice(r, out, ox, oy);
    page.run(device, m.Matrix.identity);
    device.close();
  } finally {
    activeDevice = null;
    activePath = null;
    device.destroy();
  }
  return out.rulings();
}

/**
 * The device calls as the wrapped device above takes them, from the raw arguments mupdf.js's dispatch receives:
 * fill_path(id, path, evenOdd, ctm, colorspace, colorN, colorPtr, alpha), stroke_path(id, path, stroke, ctm,
 * colorspace, colorN, colorPtr, alpha). Everything else is ignored (begin_tile answers 0, as mupdf.js does for a
 * device without beginTile).
 */
function directDevice(
  r: Raw,
  out: RulingCollector,
  ox: number,
  oy: number,
): (name: string, args: number[]) => unknown {
  const { mod } = r;
  const sink = new PathCollector(ox, oy);
  const walk = (path: number, ctm: number): SubPath[] => {
    const h = mod.HEAPF32;
    const c = ctm >> 2;
    sink.begin(h[c]!, h[c + 1]!, h[c + 2]!, h[c + 3]!, h[c + 4]!, h[c + 5]!);
    activePath = sink;
    try {
      mod._wasm_walk_path(path, RAW_ID);
    } finally {
      activePath = null;
    }
    return sink.paths;
  };
  return (name, a) => {
    if (name === 'fill_path') {
      const type = r.colorspaceTypes[mod._wasm_colorspace_get_type(a[4]!)] || 'None';
      out.paint(walk(a[1]!, a[3]!), true, false, isWhiteAt(type, mod.HEAPF32, a[6]! >> 2, a[5]!));
    } else if (name === 'stroke_path') out.paint(walk(a[1]!, a[3]!), false, true, false);
    return name === 'begin_tile' ? 0 : undefined;
  };
}

/** isWhite of the n components at index p of the heap, read in place (WPS paints a white box behind every line). */
function isWhiteAt(type: string, h: Float32Array, p: number, n: number): boolean {
  if (type === 'CMYK') return n >= 4 && h[p] === 0 && h[p + 1] === 0 && h[p + 2] === 0 && h[p + 3] === 0;
  if (type === 'Gray') return (n >= 1 ? h[p]! : 0) >= 0.99;
  if (type === 'RGB') return n >= 3 && h[p]! >= 0.99 && h[p + 1]! >= 0.99 && h[p + 2]! >= 0.99;
  return false;
}

/** White fills are invisible on the page (WPS paints a white box behind every line of text): not borders. */
function isWhite(type: string, color: ArrayLike<number>): boolean {
  const c = Array.from(color);
  if (type === 'CMYK') return c.length >= 4 && c.slice(0, 4).every((x) => x === 0);
  if (type === 'Gray') return (c[0] ?? 0) >= 0.99;
  if (type === 'RGB') return c.length >= 3 && c.slice(0, 3).every((x) => x >= 0.99);
  return false;
}

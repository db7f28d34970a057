// The crop of a scan behind a number read by OCR: the region of its page (provenance `page` + `box`, in points)
// rendered as PNG, so a reader can see what was printed next to what was read (issue 17). For the report page's
// crop view; the caller decides who may see the source (public only for public reports).
import type { ScanKind } from './index.ts';

type MuPdf = typeof import('mupdf');
let mupdf: Promise<MuPdf> | null = null;

export interface CropOptions {
  /** Resolution of the crop (default 150 dpi: the digits legible, the PNG small). */
  readonly dpi?: number;
  /** Points added on every side: the box is on the straightened page, the source may lean a degree or two. */
  readonly margin?: number;
}

/** Largest crop side in points (a box is a cell or a row; anything larger is a caller's mistake). */
const MAX_SIDE_PT = 900;

/** An opened scan, kept open by a caller that crops several numbers of one report (the crop worker). */
export interface OpenScan {
  readonly m: MuPdf;
  readonly doc: import('mupdf').Document;
  destroy(): void;
}

export async function openScan(bytes: Uint8Array, kind: ScanKind): Promise<OpenScan> {
  mupdf ??= import('mupdf');
  const m = await mupdf;
  const doc = m.Document.openDocument(bytes, kind);
  return { m, doc, destroy: () => doc.destroy() };
}

/**
 * PNG bytes of `box` ([x, y, w, h] in points from the page's top left) on page `page` (1-based) of a PDF or photo.
 * Throws a RangeError (English: a programming error, not the user's) on a page or box outside the document.
 */
export async function cropPng(
  bytes: Uint8Array,
  kind: ScanKind,
  page: number,
  box: readonly [number, number, number, number],
  o: CropOptions = {},
): Promise<Uint8Array> {
  const scan = await openScan(bytes, kind);
  try {
    return cropOf(scan, page, box, o);
  } finally {
    scan.destroy();
  }
}

/** The crop of an opened scan (see cropPng). */
export function cropOf(
  scan: OpenScan,
  page: number,
  box: readonly [number, number, number, number],
  o: CropOptions = {},
): Uint8Array {
  const { m, doc } = scan;
  if (!Number.isInteger(page) || page < 1 || page > doc.countPages()) throw new RangeError(`no page ${page}`);
  const [x, y, w, h] = box;
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0 || w > MAX_SIDE_PT || h > MAX_SIDE_PT)
    throw new RangeError(`bad box ${box.join(',')}`);
  const p = doc.loadPage(page - 1);
  try {
    const [bx0, by0, bx1, by1] = p.getBounds();
    const margin = o.margin ?? 6;
    const x0 = Math.max(bx0, bx0 + x - margin);
    const y0 = Math.max(by0, by0 + y - margin);
    const x1 = Math.min(bx1, bx0 + x + w + margin);
    const y1 = Math.min(by1, by0 + y + h + margin);
    if (x1 <= x0 || y1 <= y0) throw new RangeError(`box ${box.join(',')} outside page ${page}`);
    const scale = (o.dpi ?? 150) / 72;
    // Render only the region: translate it to the origin, then clip by the pixmap's own bounds.
    const pix = new m.Pixmap(
      m.ColorSpace.DeviceRGB,
      [0, 0, Math.ceil((x1 - x0) * scale), Math.ceil((y1 - y0) * scale)],
      false,
    );
    try {
      pix.clear(255);
      const dev = new m.DrawDevice([scale, 0, 0, scale, -x0 * scale, -y0 * scale], pix);
      try {
        p.run(dev, m.Matrix.identity);
        dev.close();
      } finally {
        dev.destroy();
      }
      return pix.asPNG();
    } finally {
      pix.destroy();
    }
  } finally {
    p.destroy();
  }
}

// Page images for OCR through MuPDF (already a dependency, WebAssembly, no system libraries): pages of an image-only
// PDF, and photos (PNG/JPEG) opened as one-page documents. Each page is rendered at a fixed width (A4 at 200 dpi),
// whatever resolution it was scanned at.
import { PAGE_WIDTH_PX, type PageInput } from './page.ts';

type MuPdf = typeof import('mupdf');
let mupdf: Promise<MuPdf> | null = null;
const load = () => {
  mupdf ??= import('mupdf');
  return mupdf;
};

export interface PageSource {
  readonly count: number;
  /** Whether page n (1-based) has a text layer of its own. */
  hasText(n: number): boolean;
  /** Page n (1-based) as pixels; `box` converts pixels back to the page's points. */
  render(n: number): { input: PageInput; ptPerPx: number };
  close(): void;
}

export async function openPages(
  bytes: Uint8Array,
  magic: 'application/pdf' | 'image/png' | 'image/jpeg',
): Promise<PageSource> {
  const m = await load();
  const doc = m.Document.openDocument(bytes, magic);
  return {
    count: doc.countPages(),
    hasText(n) {
      const page = doc.loadPage(n - 1);
      try {
        const text = page.toStructuredText('preserve-whitespace').asText();
        return text.replace(/\s+/g, '').length > 20;
      } finally {
        page.destroy();
      }
    },
    render(n) {
      const page = doc.loadPage(n - 1);
      try {
        const [x0, , x1] = page.getBounds();
        const wPt = Math.max(1, x1 - x0);
        const scale = PAGE_WIDTH_PX / wPt;
        const pix = page.toPixmap([scale, 0, 0, scale, 0, 0], m.ColorSpace.DeviceRGB, false);
        try {
          const input: PageInput = {
            page: n,
            pixels: pix.getPixels(),
            w: pix.getWidth(),
            h: pix.getHeight(),
            n: pix.getNumberOfComponents(),
            stride: pix.getStride(),
          };
          return {
            input: { ...input, pixels: new Uint8Array(input.pixels as Uint8ClampedArray) },
            ptPerPx: 1 / scale,
          };
        } finally {
          pix.destroy();
        }
      } finally {
        page.destroy();
      }
    },
    close() {
      doc.destroy();
    },
  };
}

// The crop behind a number read by OCR (issue 17): the region of the scan given by the number's provenance (page and
// box in points) comes back as a PNG showing what was printed there, and nothing from elsewhere on the page.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cropPng } from '../src/parse/ocr/crop.ts';

/** A white "scan" with one black square (its top left at x, y, size s, in pixels), as PNG bytes. */
function scanWithSquare(w: number, h: number, x: number, y: number, s: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      const k = (j * w + i) * 4;
      const ink = i >= x && i < x + s && j >= y && j < y + s;
      png.data[k] = png.data[k + 1] = png.data[k + 2] = ink ? 0 : 255;
      png.data[k + 3] = 255;
    }
  return new Uint8Array(PNG.sync.write(png));
}

const darkShare = (bytes: Uint8Array): number => {
  const png = PNG.sync.read(Buffer.from(bytes));
  let dark = 0;
  for (let k = 0; k < png.data.length; k += 4) if (png.data[k]! < 100) dark++;
  return dark / (png.width * png.height);
};

describe('crop of a scanned number', () => {
  // A 600×800 px image; MuPDF gives an image without a resolution 96 dpi, so 1 px = 0.75 pt.
  const img = scanWithSquare(600, 800, 400, 600, 40);
  const pt = (px: number) => px * 0.75;

  it('shows the printed mark inside the box', async () => {
    const png = await cropPng(img, 'image/png', 1, [pt(390), pt(590), pt(60), pt(60)], { margin: 0 });
    expect(darkShare(png)).toBeGreaterThan(0.3);
    const { width } = PNG.sync.read(Buffer.from(png));
    // 45 pt at 150 dpi.
    expect(Math.abs(width - Math.round((pt(60) * 150) / 72))).toBeLessThanOrEqual(2);
  });

  it('shows nothing from elsewhere on the page', async () => {
    const png = await cropPng(img, 'image/png', 1, [pt(50), pt(50), pt(100), pt(60)]);
    expect(darkShare(png)).toBe(0);
  });

  it('refuses a page or a box outside the document', async () => {
    await expect(cropPng(img, 'image/png', 2, [0, 0, 10, 10])).rejects.toThrow(RangeError);
    await expect(cropPng(img, 'image/png', 1, [9000, 9000, 10, 10])).rejects.toThrow(RangeError);
    await expect(cropPng(img, 'image/png', 1, [0, 0, -1, 10])).rejects.toThrow(RangeError);
  });
});

// The direct walks of mupdf.ts (structured text and the rulings device read through the engine's own accessors,
// without mupdf.js's wrapper objects) must give exactly what the wrapped walks give: the same pieces, to the last
// bit of every coordinate, and the same rulings, on every page of every PDF the reader is tested with — the
// published corpus, LibreOffice's and the fixtures' PDFs, the generated reports ruled and unruled, and a page drawn
// with what the generated ones lack (curves, closed paths, CMYK, grey and white fills, a scaled matrix, clips, text
// in a base-14 font, a form XObject, an image). And the same again when both are read from the page recorded once
// (recordPage, as the reader does), not from the page twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { miniPdf, pdfOf, ruledTable } from '../../../../test/fixtures/readers/mini-pdf.ts';
import { reportPdf } from '../../../../test/fixtures/readers/report-pdf.ts';
import { SEEDS, SHARED } from '../../../../test/support/seeds.ts';
import { read } from '../pdf.ts';
import { directWalks, loadMupdf, piecesOf, recordPage, rulingsOfPage } from './mupdf.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../test/fixtures/readers/${name}`, import.meta.url)));

/** A one-page PDF around a raw content stream, with a base-14 font, a form XObject and a 2×2 grey image. */
function rawPdf(content: string): Uint8Array {
  const form = 'q 0 0 1 rg 0 0 50 1 re f 0 0 m 0 40 l S Q';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R /Im1 7 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Length ${form.length} >>\nstream\n${form}\nendstream`,
    '<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\x80\xc0\xff\nendstream',
  ];
  return pdfOf(objects, 1);
}

const DRAWN = rawPdf(
  [
    '0 0 1 0 k 10 10 100 100 re f', // CMYK, not white: a cell background
    '0 0 0 0 k 10 200 100 1 re f', // CMYK white: not a line
    '0.5 g 10 300 200 2 re f 1 g 10 320 200 2 re f', // grey line, white line
    '1 0 0 rg 50 400 m 150 400 l 150 500 l h S', // closed triangle, stroked
    '50 600 m 100 650 150 650 200 600 c 250 600 l S', // a curve then a line
    'q 2 0 0 2 10 10 cm 20 20 m 120 20 l S Q', // scaled
    'q 300 300 100 100 re W n 0 0 0 RG 300 350 m 400 350 l S Q', // clipped
    'q 1 0 0 1 300 500 cm /X1 Do Q q 20 0 0 20 400 700 cm /Im1 Do Q',
    '0.3 0.3 0.3 0.3 K 10 780 m 500 780 l 10 790 m 500 790 l S',
    'BT /F1 12 Tf 72 720 Td (Hello 2023 ) Tj 0 -14 Td (12 345  678) Tj ET',
    'BT /F1 9 Tf 3 Tr 72 690 Td (invisible) Tj ET',
  ].join('\n'),
);

async function inputs(): Promise<[string, Uint8Array][]> {
  const out: [string, Uint8Array][] = [];
  for (const name of ['huaian-hongze-2023', 'huaian-hongze-2024', 'huaian-city-2024'])
    out.push([name, new Uint8Array(readFileSync(join(SHARED, 'corpus', `${name}.pdf`)))]);
  for (const name of ['libreoffice-2021.pdf', 'huaian-hongze-2024-no-rules.pdf', 'aes256-owner-only.pdf'])
    out.push([name, fixture(name)]);
  for (const s of SEEDS)
    for (const ruled of [true, false])
      out.push([`${s.name} ruled=${ruled}`, reportPdf(s.expected, { ruled })]);
  out.push([
    'ruled table',
    miniPdf([
      ruledTable(
        [
          ['项目', '数量'],
          ['一、收到申请', '12'],
        ],
        [50, 300, 400],
        100,
        20,
      ),
    ]),
  ]);
  out.push(['drawn page', DRAWN]);
  return out;
}

describe('direct walks of the structured text and the rulings device', () => {
  it('are in use with the installed mupdf (else the wrapped walks run, and this test would compare nothing)', async () => {
    await loadMupdf();
    expect(directWalks.available).toBe(true);
  });

  it('give the same pieces and rulings as the wrapped walks, on every page', {
    timeout: 120_000,
  }, async () => {
    const m = await loadMupdf();
    let pages = 0;
    let rulings = 0;
    for (const [name, bytes] of await inputs()) {
      const doc = m.Document.openDocument(bytes, 'application/pdf');
      try {
        for (let n = 0; n < doc.countPages(); n++) {
          const page = doc.loadPage(n);
          try {
            const [x0, y0, x1, y1] = page.getBounds();
            const origin = [x0, y0] as const;
            const size = [x1 - x0, y1 - y0] as const;
            const both = [true, false].map((enabled) => {
              directWalks.enabled = enabled;
              try {
                return { pieces: piecesOf(page, origin), rulings: rulingsOfPage(m, page, origin, size) };
              } finally {
                directWalks.enabled = true;
              }
            });
            expect(both[0], `${name} page ${n + 1}`).toStrictEqual(both[1]);
            // And what the reader uses: both read from the page recorded once (recordPage).
            const list = recordPage(page);
            expect(list, 'recorded with the direct walks').not.toBeNull();
            try {
              const recorded = {
                pieces: piecesOf(list!, origin),
                rulings: rulingsOfPage(m, list!, origin, size),
              };
              expect(recorded, `${name} page ${n + 1}, recorded`).toStrictEqual(both[1]);
            } finally {
              list?.destroy();
            }
            pages++;
            rulings += both[0]!.rulings.h.length + both[0]!.rulings.v.length;
          } finally {
            page.destroy();
          }
        }
      } finally {
        doc.destroy();
      }
    }
    // Not vacuous: pages were compared, and they had rulings.
    expect(pages).toBeGreaterThan(20);
    expect(rulings).toBeGreaterThan(100);
  });

  it('the drawn page: its lines, backgrounds and text are seen (what the comparison above covers)', async () => {
    const d = await read(DRAWN, 'drawn.pdf');
    expect(d.blocks.some((b) => b.kind === 'para' && b.text.includes('Hello 2023'))).toBe(true);
    const m = await loadMupdf();
    const doc = m.Document.openDocument(DRAWN, 'application/pdf');
    const page = doc.loadPage(0);
    const r = rulingsOfPage(m, page, [0, 0], [595, 842]);
    page.destroy();
    doc.destroy();
    // The CMYK background's four edges, the grey line, the triangle's base, the scaled line, the clipped line, the
    // form's bar, the two CMYK-stroked lines; not the white fills nor the curve.
    expect(r.h.length).toBeGreaterThanOrEqual(8);
    expect(r.h.some((h) => Math.abs(h.y - (842 - 201)) < 1 || Math.abs(h.y - (842 - 200.5)) < 1)).toBe(false);
  });
});

import { existsSync } from 'node:fs';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { pdfOfLetter } from './pdf.ts';
import { renderLetter } from './render.ts';
import { sampleLetterData } from './sample.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';

const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');

describe('pdfOfLetter', () => {
  it('without LibreOffice: an error naming the package to install', async () => {
    const l = renderLetter(DEFAULT_TEMPLATES.receipt, sampleLetterData('receipt'));
    const env = { PATH: '/nonexistent', GONGKAI_SOFFICE: '/nonexistent/soffice' };
    await expect(pdfOfLetter(l, { env })).rejects.toThrow('libreoffice-writer-nogui');
  });

  it.skipIf(!hasSoffice)(
    'with LibreOffice: a 答复书 whose text holds the title, the article and the remedies',
    async () => {
      const kind = 'reply:withheld.thirdPartyRights';
      const l = renderLetter(DEFAULT_TEMPLATES[kind], sampleLetterData(kind));
      const warnings: string[] = [];
      const bytes = await pdfOfLetter(l, { warn: (m) => warnings.push(m) });
      expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const { text } = await extractText(bytes, { mergePages: true });
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('政府信息公开申请答复书');
      expect(flat).toContain('第十五条、第三十六条第（三）项');
      expect(flat).toContain('申请行政复议');
      expect(flat).toContain('（印章）');
      expect(warnings).toEqual([]);
    },
  );
});

import { existsSync } from 'node:fs';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { reportFromFields } from '../domain/report/model.ts';
import { findSoffice, RenderError, renderPdf } from './pdf.ts';

const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');

describe('renderPdf', () => {
  it('without LibreOffice: a RenderError naming the package to install', async () => {
    const env = { PATH: '/nonexistent', GONGKAI_SOFFICE: '/nonexistent/soffice' };
    expect(await findSoffice(env)).toBeNull();
    const err = await renderPdf(reportFromFields('2021', {}), { env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).code).toBe('soffice-missing');
    expect((err as RenderError).message).toContain('libreoffice-writer-nogui');
  });

  it.skipIf(!hasSoffice)('with LibreOffice: a PDF holding the title and the tables', async () => {
    const r = reportFromFields('2021', { 't3.received.total': 13 }, { agency: '某某镇人民政府', year: 2023 });
    const warnings: string[] = [];
    const bytes = await renderPdf(r, { warn: (m) => warnings.push(m) });
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(bytes, { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('某某镇人民政府2023年政府信息公开工作年度报告');
    expect(flat).toContain('勾稽关系');
    expect(flat).toContain('未经复议直接起诉');
    expect(warnings).toEqual([]);
  });
});

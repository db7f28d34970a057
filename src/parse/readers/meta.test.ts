// Agency, year and publication date from every form's metadata (issue 13, item 4): a web page's <title> and
// headings, a DOCX's core properties, a crawler's header block — normalised, never with the crawler's field name.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readReportBytes } from '../index.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('report metadata outside the body', () => {
  it('a web page whose body has no title line: agency and year from <title>', async () => {
    const html = `<!doctype html><html><head><title>上海市黄浦区人民政府2019年政府信息公开工作年度报告_上海黄浦</title></head>
      <body><p>一、总体情况</p><p>2019年，本区……</p></body></html>`;
    const { report } = await readReportBytes(enc(html), 'page.html');
    expect(report.agency).toBe('上海市黄浦区人民政府');
    expect(report.year).toBe(2019);
  });

  it('a web page with the title in <h1> only', async () => {
    const html = `<html><body><div class="crumb">首页</div><h1>某某区司法局2022年度政府信息公开工作年度报告</h1>
      <p>一、总体情况</p></body></html>`;
    const { report } = await readReportBytes(enc(html), 'page.html');
    expect(report.agency).toBe('某某区司法局');
    expect(report.year).toBe(2022);
  });

  it('a DOCX with its title in the core properties only', async () => {
    const zip = new JSZip();
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    );
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p></w:body></w:document>',
    );
    zip.file(
      'docProps/core.xml',
      '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>沐阳县农业农村局2023年政府信息公开工作年度报告</dc:title></cp:coreProperties>',
    );
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const { report } = await readReportBytes(bytes, 'r.docx');
    // 沐阳 is what that report printed: kept as printed.
    expect(report.agency).toBe('沐阳县农业农村局');
    expect(report.year).toBe(2023);
  });

  it('a crawled page: agency from 标题 without the field name, publication date from 发布时间', async () => {
    const page = [
      '标题: 平潭综合实验区财政金融局2022年度 政府信息公开工作年度报告',
      '发布时间: 2023-01-05 10:14',
      '==================== 正文 ====================',
      '当前位置：首页 > 政务公开 > 年报 一、总体情况2022年，我局……',
    ].join('\n');
    const { report } = await readReportBytes(enc(page), 'page.txt');
    expect(report.agency).toBe('平潭综合实验区财政金融局');
    expect(report.year).toBe(2022);
    expect(report.published).toBe('2023-01-05');
    expect(report.sections.overview).toMatch(/^2022年，我局/);
  });
});

describe('a report with no title at all', () => {
  it('year from the statistics period, agency from the signature', async () => {
    const md = [
      '## 一、总体情况',
      '',
      '本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。',
      '',
      '## 六、其他需要报告的事项',
      '',
      '本年度未收取信息处理费。',
      '',
      '某某区司法局 2023年1月10日',
    ].join('\n');
    const { report } = await readReportBytes(enc(md), 'r.md');
    expect(report.year).toBe(2022);
    expect(report.agency).toBe('某某区司法局');
  });
});

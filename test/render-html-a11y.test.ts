// The HTML report in a real browser: axe-core finds no WCAG 2 A/AA violation, and the browser's own table model
// has the merges of the official format. Needs the Debian package chromium.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFromFields } from '../src/domain/report/model.ts';
import { renderHtml } from '../src/render/html.ts';
import { seed } from './support/seeds.ts';

const CHROMIUM = '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!existsSync(CHROMIUM))('HTML report in Chromium', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const prefix of ['000', '003']) {
    const s = seed(prefix);
    it(`seed ${prefix} (${s.expected.format}): no axe violations (WCAG 2 A/AA)`, async () => {
      const page = await browser.newPage();
      const report = reportFromFields(s.expected.format, s.expected.fields, {
        agency: s.expected.agency,
        year: s.expected.year,
        sections: { overview: '本年度主动公开政府信息156条。' },
      });
      await page.setContent(renderHtml(report));
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run(
          document,
          { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] } },
        ),
      )) as { violations: { id: string; nodes: unknown[] }[] };
      expect(result.violations.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
      // The browser's table model: 三、本年度办理结果 spans the result rows; 表三 has 10 columns in every row.
      const spans = await page.evaluate(() => {
        const t3 = document.querySelector('table.t3') as HTMLTableElement;
        const th = [...t3.querySelectorAll('th')].find((x) => x.textContent === '三、本年度办理结果')!;
        return { rowSpan: th.rowSpan, rows: t3.rows.length };
      });
      expect(spans).toEqual(
        s.expected.format === '2021' ? { rowSpan: 22, rows: 28 } : { rowSpan: 20, rows: 26 },
      );
      await page.close();
    });
  }
});

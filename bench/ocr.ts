// OCR of a scanned report: seconds per page, wall clock and CPU (this process plus the tesseract processes it ran,
// which use one thread each). The scan: seed 003 (6 pages) rendered through LibreOffice and degraded by the test
// recipe (test/support/scan.ts). Skipped with a note when tesseract, LibreOffice or the scan tools are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportBytes, readReportFile } from '../src/parse/index.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { scanPdf, scanToolsPresent } from '../test/support/scan.ts';
import { seed } from '../test/support/seeds.ts';
import { printTable } from './_table.ts';

const hasTesseract = (() => {
  try {
    return /chi_sim/.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }));
  } catch {
    return false;
  }
})();
if (!hasTesseract || !scanToolsPresent() || !existsSync('/usr/bin/soffice')) {
  console.log(
    '(skipped: needs tesseract-ocr, tesseract-ocr-chi-sim, imagemagick, img2pdf, poppler-utils, LibreOffice)',
  );
  process.exit(0);
}

/** CPU seconds of this process and of its waited-for children (Linux /proc). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (cutime, cstime) in clock ticks; after the name, they are at index 13 and 14.
  const children = (Number(f[13]) + Number(f[14])) / 100;
  return (own.user + own.system) / 1e6 + children;
}

// The bench measures OCR: on whatever the environment says.
process.env.GONGKAI_OCR = '1';
const dir = await mkdtemp(join(tmpdir(), 'gongkai-bench-ocr-'));
try {
  const s = seed('003');
  const pdf = join(dir, 'report.pdf');
  await writeFile(pdf, await renderPdf((await readReportFile(s.file)).report));
  const scan = join(dir, 'scan.pdf');
  await scanPdf(pdf, scan, { seed: 3 });
  const bytes = readFileSync(scan);
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [scan], { encoding: 'utf8' }))?.[1] ?? 0,
  );
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const { report } = await readReportBytes(bytes, 'scan.pdf');
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  const fields = Object.keys(s.expected.fields);
  const right = fields.filter(
    (k) =>
      !(k in report.uncertain) &&
      report.cells[k]?.state === 'number' &&
      (report.cells[k] as { value: number }).value === s.expected.fields[k],
  ).length;
  printTable([
    {
      what: 'OCR scanned report, per page (wall)',
      value: wall / pages,
      unit: 's/page',
      note: `${pages} pages, 150 dpi scan`,
    },
    {
      what: 'OCR scanned report, per page (CPU)',
      value: cpu / pages,
      unit: 's/page',
      note: 'one core: node + tesseract',
    },
    { what: 'OCR scanned report, whole file (wall)', value: wall, unit: 's', note: 'on a shared machine' },
    {
      what: 'OCR scanned report, whole file (CPU)',
      value: cpu,
      unit: 's',
      note: 'one core; aim: 6 pages < 20 s',
    },
    {
      what: 'OCR cells read outright',
      value: (100 * right) / fields.length,
      unit: '%',
      note: 'the rest flagged uncertain',
    },
  ]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

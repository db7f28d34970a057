// OCR of scanned reports: accuracy per scan and seconds per page. Every seed (rendered through the DOCX renderer and
// LibreOffice) and the three corpus PDFs of ../shared/corpus, scanned by the test recipe (test/support/scan.ts: 150
// dpi, tilt within ±1°, noise, blur, JPEG q70, a red seal), read, and each expected cell counted as read outright,
// flagged (right or wrong value), unread, or silently wrong — with where the flags came from (recognition,
// cell cutting, the identities). Seconds per page wall clock and CPU (this process plus its tesseract processes,
// one thread each). GONGKAI_BENCH_SCANS=<dir> keeps the scans there between runs (they take longer to make than to
// read). Skipped with a note when tesseract, LibreOffice or the scan tools are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportBytes, readReportFile } from '../src/parse/index.ts';
import { renderPdf } from '../src/render/pdf.ts';
import { tally } from '../test/support/ocr-truth.ts';
import { scanPdf, scanToolsPresent } from '../test/support/scan.ts';
import { SEEDS, SHARED } from '../test/support/seeds.ts';
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
const keep = process.env.GONGKAI_BENCH_SCANS;
const dir = keep ?? (await mkdtemp(join(tmpdir(), 'gongkai-bench-ocr-')));
mkdirSync(dir, { recursive: true });
const only = process.env.GONGKAI_BENCH_ONLY;

interface Subject {
  name: string;
  /** The scan's seed, as test/ocr-scans.test.ts makes it. */
  seed: number;
  pdf: () => Promise<string>;
  fields: Record<string, number>;
}
const subjects: Subject[] = [
  ...SEEDS.map((s, i) => ({
    name: `seed ${s.name.slice(0, 3)}`,
    seed: i + 1,
    fields: s.expected.fields,
    pdf: async () => {
      const out = join(dir, `seed-${s.name}.pdf`);
      if (!existsSync(out)) await writeFile(out, await renderPdf((await readReportFile(s.file)).report));
      return out;
    },
  })),
  ...['huaian-hongze-2023', 'huaian-hongze-2024', 'huaian-city-2024'].map((name) => ({
    name,
    seed: 9,
    fields: (
      JSON.parse(
        readFileSync(new URL(`../test/fixtures/corpus-expected/${name}.json`, import.meta.url), 'utf8'),
      ) as { fields: Record<string, number> }
    ).fields,
    pdf: async () => join(SHARED, 'corpus', `${name}.pdf`),
  })),
].filter((s) => !only || s.name.includes(only));

try {
  const rows: string[][] = [];
  let pagesAll = 0;
  let wallAll = 0;
  let cpuAll = 0;
  const sum = { cells: 0, outright: 0, flaggedRight: 0, flaggedWrong: 0, unread: 0, silentlyWrong: 0 };
  for (const s of subjects) {
    const scan = join(dir, `${s.name.replace(/\s+/g, '-')}-scan.pdf`);
    if (!existsSync(scan)) await scanPdf(await s.pdf(), scan, { seed: s.seed });
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [scan], { encoding: 'utf8' }))?.[1] ?? 0,
    );
    const c0 = cpuSeconds();
    const t0 = performance.now();
    const { report } = await readReportBytes(readFileSync(scan), 'scan.pdf');
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds() - c0;
    pagesAll += pages;
    wallAll += wall;
    cpuAll += cpu;
    const t = tally(report, s.fields);
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += t[k];
    rows.push([
      s.name,
      String(t.cells),
      `${t.outright} (${Math.round((100 * t.outright) / t.cells)}%)`,
      String(t.flaggedRight),
      `${t.flaggedWrong}${t.flaggedWrong ? ` (${t.truthInCandidates} cand.)` : ''}`,
      String(t.unread),
      String(t.silentlyWrong),
      `${t.sources.recognition}/${t.sources.cutting}/${t.sources.identity}/${t.sources.other}`,
      `${(cpu / pages).toFixed(1)}`,
    ]);
    for (const w of t.wrong) console.log(`  ${s.name} silently wrong: ${w}`);
  }
  rows.push([
    'all',
    String(sum.cells),
    `${sum.outright} (${Math.round((100 * sum.outright) / sum.cells)}%)`,
    String(sum.flaggedRight),
    String(sum.flaggedWrong),
    String(sum.unread),
    String(sum.silentlyWrong),
    '',
    `${(cpuAll / pagesAll).toFixed(1)}`,
  ]);
  const head = [
    'scan',
    'cells',
    'outright',
    'flagged, right',
    'flagged, wrong',
    'unread',
    'silently wrong',
    'flags: recog/cut/ident/other',
    'CPU s/page',
  ];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
  printTable([
    {
      what: 'OCR scanned report, per page (wall)',
      value: wallAll / pagesAll,
      unit: 's/page',
      note: `${pagesAll} pages, 150 dpi scans`,
    },
    {
      what: 'OCR scanned report, per page (CPU)',
      value: cpuAll / pagesAll,
      unit: 's/page',
      note: 'one core: node + tesseract',
    },
    {
      what: 'OCR 6-page report (CPU, at that rate)',
      value: (6 * cpuAll) / pagesAll,
      unit: 's',
      note: 'aim: < 20 s on one core',
    },
    {
      what: 'OCR cells read outright',
      value: (100 * sum.outright) / sum.cells,
      unit: '%',
      note: 'the rest flagged or unread',
    },
    { what: 'OCR cells silently wrong', value: sum.silentlyWrong, unit: 'cells', note: 'must be 0' },
  ]);
} finally {
  if (!keep) await rm(dir, { recursive: true, force: true });
}

// Reading rates of the readers, one core each, and of bulk ingest on two cores including start-up.
// The corpus: N synthetic reports per form (BENCH_PARSE_N, default 2000), rendered by the project's renderers for
// text, HTML and DOCX, and by the test fixtures' PDF writer for PDF (the project's PDF renderer goes through
// LibreOffice at about a second a file); every other PDF has no ruling lines, for the borderless path. Generated
// once into the temp directory and reused. Each stage runs in a process of its own so its peak RSS is its own.
// The rows with an aim of issue 18 (HTML, the published PDFs, ingest) run BENCH_REPEAT times (default 3) and print
// their median, range and verdict (bench/_repeat.ts); `--stage <form>` runs one stage once, as before.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toParsedJson } from '../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { readReportBytes } from '../src/parse/index.ts';
import { renderReport } from '../src/render/index.ts';
import { reportPdf } from '../test/fixtures/readers/report-pdf.ts';
import { aimById, median, repeatCount } from './_repeat.ts';
import { type Figure, peakRssMiB, printTable, repeated } from './_table.ts';

const N = Number(process.env.BENCH_PARSE_N ?? 2000);
const FORMS = ['text', 'html', 'docx', 'pdf'] as const;
type BenchForm = (typeof FORMS)[number];
const EXT: Record<BenchForm, string> = { text: 'txt', html: 'html', docx: 'docx', pdf: 'pdf' };
const root = join(import.meta.dirname, '..');
const corpus = join(tmpdir(), `gongkai-bench-parse-v2-${N}`);

const source = (i: number) => synthesizeReport(prng(1000 + i));

async function render(form: BenchForm, i: number): Promise<Uint8Array> {
  const r = source(i);
  if (form === 'pdf') {
    const j = toParsedJson(r);
    return reportPdf(
      { agency: r.agency!, year: r.year!, format: r.format!, fields: j.fields },
      { ruled: i % 2 === 0 },
    );
  }
  return renderReport(r, form === 'text' ? 'txt' : form);
}

async function ensureCorpus(): Promise<void> {
  const marker = join(corpus, '.complete');
  if (existsSync(marker)) return;
  const t = performance.now();
  for (const form of FORMS) {
    mkdirSync(join(corpus, form), { recursive: true });
    for (let i = 0; i < N; i++) writeFileSync(join(corpus, form, `${i}.${EXT[form]}`), await render(form, i));
  }
  writeFileSync(marker, '');
  console.log(
    `(generated ${N * FORMS.length} reports into ${corpus} in ${((performance.now() - t) / 1000).toFixed(0)} s)`,
  );
}

/** Child stage: read every file of one form in this process, sequentially. */
async function parseStage(stageName: BenchForm | 'corpus' | 'html-parse5'): Promise<void> {
  // 'html-parse5': the HTML reader as it was before issue 18's fast path (every page through parse5), measured in
  // the same run as the reader now, for the old-against-new figure.
  const old = stageName === 'html-parse5';
  const form = old ? 'html' : stageName;
  const { extractReport } = await import('../src/parse/extract.ts');
  const files =
    form === 'corpus'
      ? Array.from({ length: 100 }, () =>
          readdirSync(join(root, '..', 'shared', 'corpus'))
            .filter((f) => f.endsWith('.pdf'))
            .map((f) => join(root, '..', 'shared', 'corpus', f)),
        ).flat()
      : readdirSync(join(corpus, form)).map((f) => join(corpus, form, f));
  // The warm-up run (below) reads a few files only: enough to load every module the stage uses.
  if (process.env.BENCH_PARSE_WARMUP === '1') files.splice(3);
  let exact = 0;
  // Read the bytes first and verify afterwards: the timed loop is the reader alone.
  const bytes = files.map((f) => readFileSync(f));
  const got: Record<string, number>[] = [];
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  // Loaded inside the timed part, as readReportBytes loads its reader on the first file.
  const html = old ? await import('../src/parse/readers/html.ts') : undefined;
  for (let n = 0; n < files.length; n++) {
    const { report } = html
      ? { report: extractReport(await html.read(bytes[n]!, files[n]!, undefined, { parse5Only: true })) }
      : await readReportBytes(bytes[n]!, files[n]!);
    if (form !== 'corpus') got.push(toParsedJson(report, { provenance: false }).fields);
  }
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  if (form !== 'corpus')
    files.forEach((f, n) => {
      const i = Number(f.slice(f.lastIndexOf('/') + 1).split('.')[0]);
      const want = toParsedJson(source(i)).fields;
      if (Object.keys(want).every((k) => got[n]![k] === want[k])) exact++;
    });
  process.stdout.write(JSON.stringify({ files: files.length, ms, cpuMs, exact, rss: peakRssMiB() }));
}

function stage(
  args: string[],
  warmup = false,
): { files: number; ms: number; cpuMs: number; exact: number; rss: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'parse.ts'), '--stage', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: warmup ? { ...process.env, BENCH_PARSE_WARMUP: '1' } : process.env,
    },
  );
  if (r.status !== 0) throw new Error(`stage ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The production bundle (ADR 0006) in a folder of the bench's own, as `npm ci`'s postinstall leaves one: the ingest
 * row runs the command as an installation does, its reading workers started from the bundle too.
 */
function buildBundle(): Record<string, string> {
  const env = { GONGKAI_BUNDLE_DIR: join(tmpdir(), `gongkai-bench-parse-bundle-${process.pid}`) };
  const built = spawnSync(process.execPath, [join(root, 'bin', 'build.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0 || !readdirSync(env.GONGKAI_BUNDLE_DIR).some((f) => f.endsWith('.json')))
    throw new Error('bin/build.js made no bundle');
  return env;
}

/** Run the CLI as a user would, timing from spawn to exit and sampling its resident set (Linux /proc). */
async function ingest(
  jobs: number,
  env: Record<string, string>,
): Promise<{ files: number; ms: number; cpuMs: number; rss: number }> {
  const out = join(tmpdir(), `gongkai-bench-ingest-${process.pid}.jsonl`);
  rmSync(out, { force: true });
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'gongkai.js'),
      'ingest',
      corpus,
      '--out',
      out,
      '--jobs',
      String(jobs),
      '--no-provenance',
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // The files are read in child processes of the command (ADR 0007): their CPU and memory are the run's too. Each
  // process is sampled on its own (utime + stime in clock ticks, 100 a second on Linux; VmHWM), its last sample kept.
  const cpuOf = new Map<number, number>();
  const hwmOf = new Map<number, number>();
  const read = (pid: number) => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) hwmOf.set(pid, Math.max(hwmOf.get(pid) ?? 0, Number(m[1]) / 1024));
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      cpuOf.set(pid, Math.max(cpuOf.get(pid) ?? 0, (Number(f[11]) + Number(f[12])) * 10));
    } catch {
      // gone
    }
  };
  const sample = setInterval(() => {
    const pid = child.pid!;
    read(pid);
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean))
        read(Number(c));
    } catch {
      // gone
    }
  }, 50);
  const code = await new Promise<number | null>((res) => child.on('exit', res));
  clearInterval(sample);
  const ms = performance.now() - t;
  if (code !== 0) throw new Error(`ingest exited with ${code}`);
  const files = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
  rmSync(out, { force: true });
  const cpuMs = [...cpuOf.values()].reduce((a, b) => a + b, 0);
  // Peak of the command plus the peaks of its reading processes (an upper bound: they need not peak together).
  const rss = [...hwmOf.values()].reduce((a, b) => a + b, 0);
  return { files, ms, cpuMs, rss };
}

if (process.argv[2] === '--stage') {
  await parseStage(process.argv[3] as BenchForm | 'corpus' | 'html-parse5');
} else {
  await ensureCorpus();
  const REPEAT = repeatCount();
  const rows: Figure[] = [];
  // Each stage once on 3 files first, untimed: the stages run the sources through tsx, whose first run after a
  // source change transforms every module inside the timed loop (a reader loads on its first file). An
  // installation runs the bundle and never pays that; measured 2026-12-06, the same tree read HTML at 528 files/s on
  // the first run after a change and 852 on the next.
  for (const form of [...FORMS, 'html-parse5', 'corpus'] as const) stage([form], true);
  type Run = ReturnType<typeof stage>;
  const once = new Map<BenchForm, Run>();
  for (const form of ['text', 'docx', 'pdf'] as const) once.set(form, stage([form]));
  // The rows with an aim (HTML, the published PDFs) REPEAT times each, interleaved: HTML and its parse5-only
  // reference alternate (A B A B A B), so a slow minute of the shared machine slows both, and their ratio, taken
  // pair by pair, is steadier than either rate.
  const html: Run[] = [];
  const parse5: Run[] = [];
  const published: Run[] = [];
  for (let i = 0; i < REPEAT; i++) {
    html.push(stage(['html']));
    parse5.push(stage(['html-parse5']));
    published.push(stage(['corpus']));
  }
  const rate = (r: Run) => (r.files / r.ms) * 1000;
  // On a shared, loaded machine the wall-clock rate measures the neighbours too; the CPU the stage used does less so.
  const perCpu = (runs: readonly Run[]) =>
    `${median(runs.map((r) => (r.files / r.cpuMs) * 1000)).toFixed(1)} per CPU-second`;
  const rss = (runs: readonly Run[]) => Math.max(...runs.map((r) => r.rss)).toFixed(0);
  const exact = (runs: readonly Run[]) => Math.min(...runs.map((r) => r.exact));
  for (const form of FORMS) {
    const runs = form === 'html' ? html : [once.get(form)!];
    rows.push(
      repeated(`parse ${form}`, runs.map(rate), 'files/s/core', {
        ...(form === 'html' ? { aim: aimById('html') } : {}),
        note: `${runs[0]!.files} files, ${exact(runs)} read exactly${runs.length > 1 ? ' in every run' : ''}, ${perCpu(runs)}, peak RSS ${rss(runs)} MiB`,
      }),
    );
  }
  rows.push(
    repeated('parse html, parse5 only (before)', parse5.map(rate), 'files/s/core', {
      note: `${parse5[0]!.files} files, ${exact(parse5)} read exactly, ${perCpu(parse5)}, peak RSS ${rss(parse5)} MiB`,
    }),
    repeated(
      'parse html / parse5 only, same run',
      html.map((h, i) => rate(h) / rate(parse5[i]!)),
      '×',
      {
        note: 'each HTML run over the parse5-only run next to it: steadier than either rate on a shared machine',
      },
    ),
    repeated('parse corpus PDFs (WPS, 5-6 pages)', published.map(rate), 'files/s/core', {
      aim: aimById('corpus-pdf'),
      note: `${published[0]!.files} reads of the 3 published PDFs, ${perCpu(published)}, peak RSS ${rss(published)} MiB`,
    }),
  );
  const bundled = buildBundle();
  const ingests: Awaited<ReturnType<typeof ingest>>[] = [];
  for (let i = 0; i < REPEAT; i++) ingests.push(await ingest(2, bundled));
  rmSync(bundled.GONGKAI_BUNDLE_DIR!, { recursive: true, force: true });
  const g = ingests[0]!;
  rows.push(
    repeated(
      'ingest, 2 workers, incl. start-up',
      ingests.map((r) => (r.files / r.ms) * 1000),
      'files/s',
      {
        aim: aimById('ingest'),
        note: `${g.files} files of all forms (¼ each text, HTML, DOCX, PDF) in ${median(ingests.map((r) => r.ms / 1000)).toFixed(1)} s, ${median(ingests.map((r) => r.cpuMs / r.files)).toFixed(1)} ms of CPU a file (the command and its reading processes), peak RSS ${Math.max(...ingests.map((r) => r.rss)).toFixed(0)} MiB (summed over them); medians of the runs`,
      },
    ),
  );
  printTable(rows);
}

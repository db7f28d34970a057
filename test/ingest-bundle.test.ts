// Reading child processes started from the production bundle (ADR 0006, issue 18): a command that runs from the bundle
// starts its reading children from the bundle's `reading-worker.js`, and reads every file to the same line as the sources
// through tsx; without a current bundle (or with its worker entry missing) they start through tsx as before.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../bin/bundle.js';
import { childEntry } from '../src/reading/pool.ts';
import { renderReport } from '../src/render/index.ts';
import { reportPdf } from './fixtures/readers/report-pdf.ts';
import { SEEDS } from './support/seeds.ts';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-ingest-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reading children from the bundle', () => {
  it('start from reading-worker.js beside the bundle the command runs, else through tsx', () => {
    const dir = join(tmp, 'fake');
    mkdirSync(dir);
    const main = pathToFileURL(join(dir, 'main.js')).href;
    const throughTsx = (e: ReturnType<typeof childEntry>) =>
      e.entry.endsWith(join('src', 'reading', 'worker.ts')) && e.execArgv.join(' ').includes('tsx');
    expect(throughTsx(childEntry(main))).toBe(true); // no worker entry beside it (a bundle of format 1, or removed)
    writeFileSync(join(dir, 'reading-worker.js'), '');
    expect(childEntry(main)).toEqual({ entry: join(dir, 'reading-worker.js'), execArgv: [] });
    expect(throughTsx(childEntry(undefined))).toBe(true); // tests, tsx starts
  });

  it('a bundled ingest writes the same lines as one through tsx, for every form', async () => {
    const env = { GONGKAI_BUNDLE_DIR: join(tmp, 'cache') };
    await buildBundle(env, ROOT);
    const files = join(tmp, 'files');
    mkdirSync(files);
    const s = SEEDS[0]!;
    writeFileSync(join(files, 'a.txt'), readFileSync(s.file));
    writeFileSync(join(files, 'b.pdf'), reportPdf(s.expected, { ruled: true }));
    writeFileSync(join(files, 'c.pdf'), reportPdf(s.expected, { ruled: false }));
    for (const form of ['html', 'docx'] as const) {
      const { readReportBytes } = await import('../src/parse/index.ts');
      const { report } = await readReportBytes(readFileSync(s.file), s.name);
      writeFileSync(join(files, `d.${form}`), await renderReport(report, form));
    }
    writeFileSync(join(files, 'e.bin'), Buffer.from([0, 1, 2, 3, 255]));
    const run = (name: string, extra: Record<string, string>) => {
      const out = join(tmp, `${name}.jsonl`);
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'gongkai.js'), 'ingest', files, '--out', out, '--jobs', '2'],
        { env: { ...process.env, ...env, ...extra }, encoding: 'utf8', timeout: 180_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8').split('\n').filter(Boolean).sort();
    };
    const bundled = run('bundled', {});
    const sources = run('sources', { GONGKAI_BUNDLE: '0' });
    expect(bundled).toHaveLength(6);
    expect(bundled.filter((l) => l.includes('"error"'))).toHaveLength(1); // the binary file only
    expect(bundled).toEqual(sources);
  }, 300_000);
});

// Bulk ingest end to end, through worker threads: a tree of reports in every form plus broken files becomes one
// JSON line per file; a second run skips by content; a file that hangs or eats memory is stopped and the run goes on.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportFromFields } from '../src/domain/report/model.ts';
import { runIngest } from '../src/ingest/run.ts';
import { DEFAULT_LIMITS } from '../src/parse/limits.ts';
import { renderReport } from '../src/render/index.ts';
import { miniPdf } from './fixtures/readers/mini-pdf.ts';
import { reportHtml } from './fixtures/readers/report-html.ts';
import { reportPdf } from './fixtures/readers/report-pdf.ts';
import { SEEDS, SHARED } from './support/seeds.ts';

interface Line {
  file: string;
  sha256: string | null;
  error?: string;
  form?: string;
  format?: string;
  fields?: Record<string, number>;
  findings?: { rule: string; severity: string; cells: string[]; message: string }[];
  provenance?: unknown;
}
const lines = (path: string): Line[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
const byName = (ls: Line[], name: string) => ls.find((l) => l.file.endsWith(name))!;

const options = (inputs: string[], out: string, over: Partial<Parameters<typeof runIngest>[0]> = {}) => ({
  inputs,
  out,
  jobs: 2,
  limits: DEFAULT_LIMITS,
  provenance: true,
  retryErrors: false,
  ...over,
});

let dir: string;
let out: string;
const s0 = SEEDS[0]!;
const s3 = SEEDS[3]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-ingest-'));
  mkdirSync(join(dir, 'reports', 'html'), { recursive: true });
  mkdirSync(join(dir, 'reports', '.cache'));
  const r = (s: (typeof SEEDS)[number]) =>
    reportFromFields(s.expected.format, s.expected.fields, {
      agency: s.expected.agency,
      year: s.expected.year,
    });
  writeFileSync(join(dir, 'reports', 'seed0.txt'), s0.text);
  writeFileSync(join(dir, 'reports', 'html', 'seed3.htm'), iconv.encode(reportHtml(s3.expected), 'gbk'));
  writeFileSync(join(dir, 'reports', 'seed0.docx'), await renderReport(r(s0), 'docx'));
  writeFileSync(join(dir, 'reports', 'seed3.pdf'), reportPdf(s3.expected));
  copyFileSync(join(SHARED, 'corpus', 'huaian-city-2024.pdf'), join(dir, 'reports', 'city.pdf'));
  writeFileSync(join(dir, 'reports', 'empty.txt'), '');
  writeFileSync(join(dir, 'reports', 'noise.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 7]));
  writeFileSync(
    join(dir, 'reports', 'old.doc'),
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
  );
  writeFileSync(
    join(dir, 'reports', 'locked.pdf'),
    miniPdf([{ texts: [{ x: 90, y: 90, text: '机密' }] }], { encrypted: true }),
  );
  writeFileSync(join(dir, 'reports', '.cache', 'skip.txt'), s0.text);
  out = join(dir, 'results.jsonl');
});

describe('a first run', () => {
  it('writes one line per file, the parse --json shape plus sha256, form and findings, or the reason it failed', async () => {
    const summary = await runIngest(options([join(dir, 'reports')], out));
    const ls = lines(out);
    expect(ls).toHaveLength(9);
    expect(summary).toMatchObject({ files: 9, read: 5, unreadable: 4, skipped: 0 });
    expect(summary.byForm).toEqual({ text: 1, html: 1, docx: 1, pdf: 2 });

    for (const [name, seed, form] of [
      ['seed0.txt', s0, 'text'],
      ['seed3.htm', s3, 'html'],
      ['seed0.docx', s0, 'docx'],
      ['seed3.pdf', s3, 'pdf'],
    ] as const) {
      const l = byName(ls, name);
      expect(l.form, name).toBe(form);
      expect(l.fields, name).toEqual(seed.expected.fields);
      expect(l.format, name).toBe(seed.expected.format);
      expect(l.sha256, name).toMatch(/^[0-9a-f]{64}$/);
      expect(Array.isArray(l.findings), name).toBe(true);
    }
    const city = byName(ls, 'city.pdf');
    expect(city.fields?.['t3.total.total']).toBe(3050);
    expect(city.provenance).toBeDefined();

    expect(byName(ls, 'empty.txt').error).toMatch(/empty\.txt：文件为空$/);
    expect(byName(ls, 'noise.bin').error).toMatch(/二进制数据/);
    expect(byName(ls, 'old.doc').error).toMatch(/Word 97-2003/);
    expect(byName(ls, 'locked.pdf').error).toMatch(/locked\.pdf：PDF 已加密/);
    expect(ls.some((l) => l.file.includes('.cache'))).toBe(false);
  });

  it('a second run skips every file already in the output, a renamed copy included', async () => {
    copyFileSync(join(dir, 'reports', 'seed0.txt'), join(dir, 'reports', 'seed0-copy.txt'));
    const summary = await runIngest(options([join(dir, 'reports')], out));
    expect(summary).toMatchObject({ files: 10, skipped: 10, read: 0, unreadable: 0 });
    expect(lines(out)).toHaveLength(9);
  });

  it('after an interrupted write, cuts the partial last line and goes on', async () => {
    appendFileSync(out, '{"file":"half');
    writeFileSync(join(dir, 'reports', 'new.html'), iconv.encode(reportHtml(s0.expected), 'gbk'));
    const summary = await runIngest(options([join(dir, 'reports')], out));
    expect(summary).toMatchObject({ read: 1, skipped: 10, truncated: 13 });
    const ls = lines(out);
    expect(ls).toHaveLength(10);
    expect(byName(ls, 'new.html').fields).toEqual(s0.expected.fields);
  });

  it('with retryErrors, reads the files of the error lines again', async () => {
    const summary = await runIngest(options([join(dir, 'reports')], out, { retryErrors: true }));
    expect(summary).toMatchObject({ unreadable: 4, read: 0 });
    expect(lines(out)).toHaveLength(14);
  });
});

describe('limits', () => {
  /** A page big enough to take seconds and hundreds of MB to parse. */
  const heavy = () => {
    const d = mkdtempSync(join(tmpdir(), 'gongkai-heavy-'));
    const row = (i: number) => `<tr><td>规章${i}</td><td>${i}</td><td>0</td></tr>`;
    writeFileSync(
      join(d, 'heavy.html'),
      `<html><body><table>${Array.from({ length: 300_000 }, (_, i) => row(i)).join('')}</table></body></html>`,
    );
    writeFileSync(join(d, 'fine.txt'), s0.text);
    return d;
  };

  // Once skipped (issue 12): the worker began a file before it had said it was ready, so the pool never armed the
  // file's clock and the page ran to the heap limit for minutes. retry: the limit is a wall clock.
  it('stops a file that runs past the time limit, writes why, and reads the others', {
    retry: 2,
  }, async () => {
    const d = heavy();
    const o = join(d, 'out.jsonl');
    const summary = await runIngest(options([d], o, { jobs: 1, limits: { ...DEFAULT_LIMITS, timeMs: 300 } }));
    expect(summary).toMatchObject({ read: 1, unreadable: 1, timeouts: 1 });
    expect(byName(lines(o), 'heavy.html').error).toMatch(/heavy\.html：读取超时（超过 0\.3 秒），已中止/);
    expect(byName(lines(o), 'fine.txt').fields).toEqual(s0.expected.fields);
  });

  it('stops a file that needs more memory than a worker may have, and reads the others', async () => {
    const d = heavy();
    const o = join(d, 'out.jsonl');
    const summary = await runIngest(
      options([d], o, { jobs: 1, limits: { ...DEFAULT_LIMITS, memoryMb: 64 } }),
    );
    expect(summary).toMatchObject({ read: 1, unreadable: 1, outOfMemory: 1 });
    expect(byName(lines(o), 'heavy.html').error).toMatch(/内存超限/);
  });

  it('does not read a file over the size cap, but records it by its hash', async () => {
    const d = mkdtempSync(join(tmpdir(), 'gongkai-size-'));
    writeFileSync(join(d, 'big.txt'), 'x'.repeat(3 * 1024 * 1024));
    const o = join(d, 'out.jsonl');
    await runIngest(options([d], o, { limits: { ...DEFAULT_LIMITS, maxBytes: 1024 * 1024 } }));
    const [l] = lines(o);
    expect(l!.error).toMatch(/big\.txt：文件过大（3\.0 MB，上限 1\.0 MB），未读取/);
    expect(l!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

// Fuzzing the one reading pipeline as the server and the CLI use it (worker threads with time and memory limits):
// 2,400 mutated files — byte flips, truncations, insertions, and files of one type wearing another's signature —
// built from small reports of every form. Each must end as a report or as a refusal whose message is Chinese and
// names the file: no worker may die, no file may hang until the time limit, no English or stack trace may come out.
// Small files and two reused workers keep it within a CI minute on two cores.
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { reportFromFields } from '../src/domain/report/model.ts';
import { isChineseMessage } from '../src/reading/errors.ts';
import { ReadingPipeline, type ReadOutcome } from '../src/reading/pipeline.ts';
import { renderReport } from '../src/render/index.ts';
import { miniPdf } from './fixtures/readers/mini-pdf.ts';
import { reportHtml } from './fixtures/readers/report-html.ts';
import { SEEDS } from './support/seeds.ts';

const COUNT = 2400;

/** A deterministic PRNG (mulberry32): the same files on every run, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = SEEDS[1]!;
const report = reportFromFields(seed.expected.format, seed.expected.fields, {
  agency: seed.expected.agency,
  year: seed.expected.year,
});
const samples: Record<string, Uint8Array> = {
  text: new Uint8Array(Buffer.from(seed.text)),
  gbk: new Uint8Array(iconv.encode(seed.text, 'gbk')),
  html: new Uint8Array(iconv.encode(reportHtml(seed.expected), 'gbk')),
  docx: await renderReport(report, 'docx'),
  json: await renderReport(report, 'json'),
  pdf: miniPdf([
    {
      texts: [
        {
          x: 72,
          y: 80,
          size: 16,
          text: `${seed.expected.agency}${seed.expected.year}年政府信息公开工作年度报告`,
        },
        { x: 72, y: 120, text: '一、总体情况' },
        { x: 72, y: 140, text: '本年度新收政府信息公开申请 12 件。' },
      ],
      lines: [
        { x0: 72, y0: 200, x1: 500, y1: 200 },
        { x0: 72, y0: 220, x1: 500, y1: 220 },
      ],
    },
  ]),
};
const SIGNATURES: readonly Uint8Array[] = [
  Buffer.from('%PDF-1.7\n'),
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from('<!doctype html><table>'),
  Buffer.from('{"fields":'),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xef, 0xbb, 0xbf]),
];

type Kind = 'flip' | 'truncate' | 'insert' | 'wrongType' | 'splice';

/** The i-th mutated file: which sample, which damage. */
function mutant(i: number): { name: string; bytes: Uint8Array; kind: Kind } {
  const r = rng(i + 1);
  const forms = Object.keys(samples);
  const form = forms[i % forms.length]!;
  const original = samples[form]!;
  const kinds: Kind[] = ['flip', 'truncate', 'insert', 'wrongType', 'splice'];
  const kind = kinds[Math.floor(r() * kinds.length)]!;
  let b = new Uint8Array(original);
  switch (kind) {
    case 'flip': {
      const n = 1 + Math.floor(r() * 40);
      for (let k = 0; k < n; k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      break;
    }
    case 'truncate':
      b = b.subarray(0, Math.max(1, Math.floor(b.length * r())));
      break;
    case 'insert': {
      const at = Math.floor(r() * b.length);
      const junk = new Uint8Array(1 + Math.floor(r() * 64)).map(() => Math.floor(r() * 256));
      b = Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
      break;
    }
    case 'wrongType': {
      const sig = SIGNATURES[Math.floor(r() * SIGNATURES.length)]!;
      b = Buffer.concat([sig, b.subarray(Math.floor(r() * Math.min(64, b.length)))]);
      break;
    }
    case 'splice': {
      // The head of one form on the tail of another.
      const other = samples[forms[Math.floor(r() * forms.length)]!]!;
      b = Buffer.concat([
        b.subarray(0, Math.floor(b.length * r())),
        other.subarray(Math.floor(other.length * r())),
      ]);
      break;
    }
  }
  return { name: `fuzz-${String(i).padStart(4, '0')}-${form}-${kind}.bin`, bytes: b, kind };
}

const pipeline = new ReadingPipeline({
  size: 2,
  provenance: false,
  limits: { timeMs: 30_000, memoryMb: 256 },
});
afterAll(() => pipeline.close());

describe('the reading pipeline under fuzzing', () => {
  it(`reads or refuses each of ${COUNT} mutated files in Chinese: no dead worker, no hang`, async () => {
    const outcomes: { name: string; o: ReadOutcome }[] = [];
    // Two workers, two files in flight at a time.
    let next = 0;
    const lane = async () => {
      while (next < COUNT) {
        const m = mutant(next++);
        outcomes.push({ name: m.name, o: await pipeline.read(m.bytes, m.name) });
      }
    };
    await Promise.all([lane(), lane()]);
    expect(outcomes).toHaveLength(COUNT);
    const refused = outcomes.filter((x) => !x.o.ok) as {
      name: string;
      o: Extract<ReadOutcome, { ok: false }>;
    }[];
    const bad = refused.filter(
      (x) => !x.o.message.startsWith(`${x.name}：`) || !isChineseMessage(x.o.message),
    );
    expect(bad.map((x) => x.o.message)).toEqual([]);
    // A hang is a file stopped at the time limit; a dead reading child is a memory or crash stop of the pool.
    const stops = refused.filter((x) => x.o.kind === 'timeout' || x.o.kind === 'memory');
    expect(stops.map((x) => `${x.name}: ${x.o.message}`)).toEqual([]);
    const deaths = refused.filter((x) => /读取时出错，已中止|读取进程/.test(x.o.message));
    expect(deaths.map((x) => `${x.name}: ${x.o.message}`)).toEqual([]);
    const kinds = new Map<string, number>();
    for (const x of refused) kinds.set(x.o.kind, (kinds.get(x.o.kind) ?? 0) + 1);
    console.info(
      `fuzz: ${COUNT} files, ${COUNT - refused.length} read, ${refused.length} refused (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`,
    );
    // An exception a reader did not foresee is still turned into a Chinese refusal (kind "crash"): counted above,
    // listed here so the reader's owner can see which inputs reach that path.
    const unforeseen = refused.filter((x) => x.o.kind === 'crash').slice(0, 5);
    if (unforeseen.length) console.info(unforeseen.map((x) => `${x.name}: ${x.o.message}`).join('\n'));
  });
});

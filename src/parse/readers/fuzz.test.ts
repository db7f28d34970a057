// Fuzzing the whole read path as the ingest pipeline runs it (the input checks, then the dispatcher and the
// readers): random bytes, bytes behind each format's signature, and damaged real files must each end as a Report or
// as an UnreadableError — never another exception, never a hang (the test timeout is the bound).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { miniPdf } from '../../../test/fixtures/readers/mini-pdf.ts';
import { reportHtml } from '../../../test/fixtures/readers/report-html.ts';
import { SEEDS, SHARED } from '../../../test/support/seeds.ts';
import { reportFromFields } from '../../domain/report/model.ts';
import { renderReport } from '../../render/index.ts';
import { readReportBytes, UnreadableError } from '../index.ts';
import { rejectUnreadable } from '../limits.ts';

/** The ingest pipeline's read: input checks, then the dispatcher. */
async function outcome(bytes: Uint8Array): Promise<'report' | 'unreadable'> {
  try {
    rejectUnreadable(bytes, 'fuzz.bin');
    const { report } = await readReportBytes(bytes, 'fuzz.bin');
    expect(typeof report.cells).toBe('object');
    return 'report';
  } catch (e) {
    if (e instanceof UnreadableError) {
      expect(e.message.startsWith('fuzz.bin：')).toBe(true);
      return 'unreadable';
    }
    throw e;
  }
}

const seed = SEEDS[0]!;
const samples: Record<string, Uint8Array> = {
  html: new Uint8Array(iconv.encode(reportHtml(seed.expected), 'gbk')),
  docx: await renderReport(
    reportFromFields(seed.expected.format, seed.expected.fields, {
      agency: seed.expected.agency,
      year: seed.expected.year,
    }),
    'docx',
  ),
  pdf: new Uint8Array(readFileSync(join(SHARED, 'corpus', 'huaian-hongze-2024.pdf'))),
  text: new Uint8Array(Buffer.from(seed.text)),
};

/** A damaged copy: some bytes overwritten, then maybe cut short. */
const damage = (original: Uint8Array) =>
  fc
    .record({
      flips: fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), {
        minLength: 1,
        maxLength: 40,
      }),
      cut: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
    })
    .map(({ flips, cut }) => {
      const b = new Uint8Array(original);
      for (const f of flips) b[f.at % b.length] = f.byte;
      return cut === undefined ? b : b.subarray(0, Math.max(1, Math.floor(b.length * cut)));
    });

const SIGNATURES: Record<string, string> = {
  pdf: '%PDF-1.7\n',
  zip: 'PK\x03\x04',
  html: '<html><body><table><tr><td>',
  json: '{"fields":',
};

describe('fuzz: every input ends as a Report or an UnreadableError', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (b) => void (await outcome(b))),
      { numRuns: 200 },
    );
  }, 120_000);

  it.each(Object.keys(SIGNATURES))(
    'random bytes behind a %s signature',
    async (kind) => {
      const head = Buffer.from(SIGNATURES[kind]!, 'latin1');
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 4096 }),
          async (b) => void (await outcome(new Uint8Array([...head, ...b]))),
        ),
        { numRuns: 100 },
      );
    },
    120_000,
  );

  it.each(Object.keys(samples))(
    'a damaged %s report',
    async (kind) => {
      await fc.assert(
        fc.asyncProperty(damage(samples[kind]!), async (b) => void (await outcome(b))),
        {
          numRuns: kind === 'pdf' ? 40 : 100,
        },
      );
    },
    300_000,
  );

  it('a PDF with random text at random places', async () => {
    const text = fc.record({
      x: fc.double({ min: -50, max: 650, noNaN: true }),
      y: fc.double({ min: -50, max: 900, noNaN: true }),
      size: fc.double({ min: 1, max: 40, noNaN: true }),
      text: fc.string({
        unit: fc.constantFrom(...'０１２3456789一、（）总计自然人规章行政许可 .，'),
        minLength: 1,
        maxLength: 20,
      }),
    });
    const line = fc.record({
      x0: fc.integer({ min: 0, max: 595 }),
      y0: fc.integer({ min: 0, max: 842 }),
      x1: fc.integer({ min: 0, max: 595 }),
      y1: fc.integer({ min: 0, max: 842 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ texts: fc.array(text, { maxLength: 60 }), lines: fc.array(line, { maxLength: 60 }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        async (pages) => void (await outcome(miniPdf(pages))),
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});

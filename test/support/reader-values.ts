// The inputs whose reading must not change when a reader is made faster (issue 18): the seeds, the published PDFs
// of shared/corpus, the test fixtures' PDFs, and generated corpora of every form (the project's renderers for text,
// HTML and DOCX; the fixtures' PDF writer with and without ruling lines). For each, what the reader makes of it:
// every value and its provenance (page, line, table, row, column), the sections, the notes, and a digest of the
// whole SourceDocument. `npx tsx test/support/reader-values.ts --write` records them (run it only on the reader
// as it was before a change); test/reader-values.test.ts compares field by field.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toParsedJson } from '../../src/domain/report/model.ts';
import { prng, synthesizeReport } from '../../src/domain/report/synthesize.ts';
import { readReportBytes } from '../../src/parse/index.ts';
import { renderReport } from '../../src/render/index.ts';
import { reportPdf } from '../fixtures/readers/report-pdf.ts';
import { SEEDS, SHARED } from './seeds.ts';

export const VALUES_DIR = join(import.meta.dirname, '..', 'fixtures', 'reader-values');
const READERS_DIR = join(import.meta.dirname, '..', 'fixtures', 'readers');

export interface Input {
  readonly name: string;
  readonly bytes: () => Promise<Uint8Array>;
}

/** How many synthetic reports of each form: enough for both layouts, ruled and unruled PDFs, odd cells. */
const GENERATED = 12;

export function inputs(): Input[] {
  const out: Input[] = [];
  const corpus = join(SHARED, 'corpus');
  for (const f of readdirSync(corpus)
    .filter((f) => f.endsWith('.pdf'))
    .sort())
    out.push({ name: `corpus/${f}`, bytes: async () => readFileSync(join(corpus, f)) });
  for (const f of readdirSync(READERS_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort())
    out.push({ name: `fixtures/${f}`, bytes: async () => readFileSync(join(READERS_DIR, f)) });
  for (const s of SEEDS) {
    out.push({ name: `seeds/${s.name}.txt`, bytes: async () => readFileSync(s.file) });
    for (const ruled of [true, false])
      out.push({
        name: `seeds/${s.name}.${ruled ? 'ruled' : 'unruled'}.pdf`,
        bytes: async () => reportPdf(s.expected, { ruled }),
      });
  }
  for (let i = 0; i < GENERATED; i++) {
    const r = () => synthesizeReport(prng(1000 + i));
    for (const form of ['txt', 'html', 'docx'] as const)
      out.push({ name: `generated/${i}.${form}`, bytes: async () => renderReport(r(), form) });
    out.push({
      name: `generated/${i}.pdf`,
      bytes: async () => {
        const j = toParsedJson(r());
        return reportPdf(
          { agency: r().agency!, year: r().year!, format: r().format!, fields: j.fields },
          { ruled: i % 2 === 0 },
        );
      },
    });
  }
  return out;
}

export type Reading =
  | {
      readonly parsed: ReturnType<typeof toParsedJson>;
      /** sha256 of the SourceDocument's JSON: any change of text, order or provenance shows. */
      readonly source: string;
    }
  | { readonly error: string };

export async function reading(input: Input): Promise<Reading> {
  try {
    const { report, source } = await readReportBytes(await input.bytes(), input.name);
    return {
      parsed: toParsedJson(report),
      source: createHash('sha256').update(JSON.stringify(source)).digest('hex'),
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export const valuesFile = (name: string) => join(VALUES_DIR, `${name.replace(/[/]/g, '__')}.json`);

if (process.argv.includes('--write')) {
  // `--write [name …]`: only the inputs named (a reviewed change of one input, recorded in its commit).
  const only = process.argv.slice(process.argv.indexOf('--write') + 1);
  for (const input of inputs().filter((i) => !only.length || only.includes(i.name))) {
    const r = await reading(input);
    writeFileSync(valuesFile(input.name), `${JSON.stringify(r, null, 1)}\n`);
  }
  console.log(`wrote ${only.length || inputs().length} readings to ${VALUES_DIR}`);
}

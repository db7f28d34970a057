// The five real seed reports of ../shared/seeds, with their expected values.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
export const SEEDS_DIR = join(SHARED, 'seeds');

export interface Seed {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly expected: {
    agency: string;
    year: number;
    format: '2019' | '2021';
    fields: Record<string, number>;
  };
}

export const SEEDS: readonly Seed[] = readdirSync(SEEDS_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => {
    const file = join(SEEDS_DIR, f);
    return {
      name: f.replace(/\.txt$/, ''),
      file,
      text: readFileSync(file, 'utf8'),
      expected: JSON.parse(readFileSync(file.replace(/\.txt$/, '.expected.json'), 'utf8')),
    };
  });

export const seed = (prefix: string): Seed => SEEDS.find((s) => s.name.startsWith(prefix))!;

/**
 * A report naming `agency` (the second seed's figures, its overview saying `tag`), as the `parse --json` shape: read
 * by its content whatever its file is called.
 */
export const reportNaming = (agency: string, tag: string): Uint8Array =>
  new TextEncoder().encode(
    JSON.stringify({
      agency,
      year: 2023,
      format: SEEDS[1]!.expected.format,
      fields: SEEDS[1]!.expected.fields,
      blank: [],
      uncertain: [],
      sections: { overview: `（${tag}）` },
    }),
  );

// Issue 18: no reader reads a number differently after a speed change. The seeds, the published PDFs, the fixtures'
// PDFs and generated corpora of every form are read and compared field by field with what the readers made of them
// before (test/fixtures/reader-values, recorded by test/support/reader-values.ts --write on the old readers).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputs, type Reading, reading, valuesFile } from './support/reader-values.ts';

describe('the readers read every recorded input to the same values as before', () => {
  for (const input of inputs()) {
    it(input.name, { timeout: 60_000 }, async () => {
      const want = JSON.parse(readFileSync(valuesFile(input.name), 'utf8')) as Reading;
      const got = await reading(input);
      if ('error' in want) {
        expect(got).toEqual(want);
        return;
      }
      expect('error' in got ? got.error : '').toBe('');
      if ('error' in got) return;
      const { parsed: w } = want;
      const { parsed: g } = got;
      // Field by field first, so a failure names the cell.
      for (const [key, value] of Object.entries(w.fields)) expect(g.fields[key], key).toBe(value);
      expect(Object.keys(g.fields).sort()).toEqual(Object.keys(w.fields).sort());
      for (const [key, prov] of Object.entries(w.provenance ?? {}))
        expect(g.provenance?.[key], `provenance of ${key}`).toEqual(prov);
      expect(g).toEqual(w);
      expect(got.source, 'the whole SourceDocument').toBe(want.source);
    });
  }
});

// gongkai parse --json on a crawled page keeps its shape and adds, per cell that needed it, how the number was
// obtained (kinds: inferred, converted) and, for uncertain cells, the candidates; check names the page's faults.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

const DIR = join(import.meta.dirname, '../../shared/corpus/crawled');

it('parse --json: the usual keys, plus kinds, candidates and the publication date', async () => {
  const { code, stdout } = await runCli(['parse', '--json', join(DIR, 'pt-main-2025.txt')]);
  expect(code).toBe(0);
  const j = JSON.parse(stdout);
  for (const k of ['file', 'agency', 'year', 'format', 'fields', 'blank', 'uncertain', 'sections'])
    expect(j, k).toHaveProperty(k);
  expect(j.agency).toBe('平潭综合实验区');
  expect(j.year).toBe(2025);
  expect(j.published).toBe('2026-03-10');
  expect(j.fields['t3.received.total']).toBe(154);
  expect(j.kinds['t3.received.total']).toBe('inferred');
  expect(j.provenance['t3.received.total'].kind).toBe('inferred');
  // A printed number needs no kind.
  expect(j.kinds['t3.carriedForward.total']).toBeUndefined();
  expect(j.uncertain).toContain('t2.normativeDocuments.issued');
  expect(j.candidates['t2.normativeDocuments.issued']).toEqual([5, 58, 584, 5845, 58455]);
  expect(j.fields['t2.normativeDocuments.issued']).toBeUndefined();
});

it('parse --json: a 元 amount in the 万元 column is converted and says so', async () => {
  const { stdout } = await runCli(['parse', '--json', '--no-provenance', join(DIR, 'pt-lyy-2020.txt')]);
  const j = JSON.parse(stdout);
  expect(j.fields['t2.procurement.amount']).toBe(344.3);
  expect(j.kinds['t2.procurement.amount']).toBe('converted');
  expect(j.provenance).toBeUndefined();
});

it('check names a page whose own numbers are inconsistent, and does not repair it', async () => {
  const { code, stdout } = await runCli(['check', join(DIR, 'pt-nyn-2025.txt')]);
  expect(code).toBe(1);
  expect(stdout).toMatch(/本年新收.*不平衡/);
});

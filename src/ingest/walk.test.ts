// The lazy walk of an ingest run's inputs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { countFiles, walkFiles } from './walk.ts';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-walk-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, 'top.pdf'), 'x');
  writeFileSync(join(root, 'a', 'one.html'), 'x');
  writeFileSync(join(root, 'a', 'b', 'two.docx'), 'x');
  writeFileSync(join(root, '.git', 'config'), 'x');
  writeFileSync(join(root, '.DS_Store'), 'x');
  writeFileSync(join(root, 'results.jsonl'), '');
  // A link back up the tree: followed, it would never end.
  symlinkSync(root, join(root, 'a', 'loop'));
  return root;
}

const collect = async (gen: AsyncGenerator<string>) => {
  const out: string[] = [];
  for await (const f of gen) out.push(f);
  return out;
};

it('yields every file below the inputs, skipping hidden entries, links to directories and the excluded output', async () => {
  const root = tree();
  const files = await collect(walkFiles([root], { exclude: new Set([join(root, 'results.jsonl')]) }));
  expect(files.map((f) => relative(root, f)).sort()).toEqual(['a/b/two.docx', 'a/one.html', 'top.pdf']);
  expect(await countFiles([root])).toBe(4);
});

it('takes files named on the command line as they are', async () => {
  const root = tree();
  expect(await collect(walkFiles([join(root, 'top.pdf'), join(root, 'a')]))).toHaveLength(3);
});

it('is lazy: a directory is opened only when the walk reaches it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-walk-'));
  for (const d of ['d1', 'd2']) {
    mkdirSync(join(root, d));
    writeFileSync(join(root, d, 'f'), 'x');
  }
  const gen = walkFiles([root]);
  const first = (await gen.next()).value as string;
  // Remove the directory not yet visited: the walk must not have listed it already.
  const other = first.includes('d1') ? 'd2' : 'd1';
  rmSync(join(root, other), { recursive: true });
  expect(await collect(gen)).toEqual([]);
});

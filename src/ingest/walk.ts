// The files of an ingest run, found lazily: directories are read one entry at a time (opendir), so a tree of
// 100,000 reports costs the memory of the current path, not of the list. Hidden files and directories (".git",
// ".DS_Store") are skipped; symbolic links to directories are not followed (no cycles).
import { opendir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface WalkOptions {
  /** Absolute paths never to yield (the output file itself). */
  readonly exclude?: ReadonlySet<string>;
  /** Told about a directory that could not be opened (gone, no permission); the walk goes on without it. */
  readonly onError?: (path: string, error: NodeJS.ErrnoException) => void;
}

export async function* walkFiles(inputs: readonly string[], opts: WalkOptions = {}): AsyncGenerator<string> {
  const skip = (p: string) => opts.exclude?.has(resolve(p)) ?? false;
  for (const input of inputs) {
    const s = await stat(input);
    if (s.isFile()) {
      if (!skip(input)) yield input;
      continue;
    }
    if (!s.isDirectory()) continue;
    // Depth-first with an explicit stack of open directories.
    const stack = [await opendir(input)];
    const paths = [input];
    while (stack.length) {
      const dir = stack[stack.length - 1]!;
      const entry = await dir.read();
      if (!entry) {
        await dir.close().catch(() => {});
        stack.pop();
        paths.pop();
        continue;
      }
      if (entry.name.startsWith('.')) continue;
      const path = join(paths[paths.length - 1]!, entry.name);
      if (entry.isDirectory()) {
        try {
          stack.push(await opendir(path));
          paths.push(path);
        } catch (e) {
          opts.onError?.(path, e as NodeJS.ErrnoException);
        }
      } else if (
        entry.isFile() ||
        (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile())
      ) {
        if (!skip(path)) yield path;
      }
    }
  }
}

/** Count the files a walk would yield, for the progress line's estimate. */
export async function countFiles(inputs: readonly string[], opts: WalkOptions = {}): Promise<number> {
  let n = 0;
  for await (const _ of walkFiles(inputs, opts)) n++;
  return n;
}

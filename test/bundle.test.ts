// The production bundle (bin/bundle.js, ADR 0006): a start may run it only while it is current for the sources —
// an edited, added-to or deleted source makes it stale and the start runs the sources through tsx — and the bundled
// command behaves as the sources do.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, buildLock, freshBundle } from '../bin/bundle.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A tiny source tree of the same shape: src/cli/main.ts importing a module that reads a file next to it. */
function fakeProject(name: string): string {
  const root = join(tmp, name);
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(
    join(root, 'tsconfig.json'),
    '{"compilerOptions":{"jsx":"react-jsx","jsxImportSource":"hono/jsx"}}',
  );
  writeFileSync(join(root, 'src', 'cli', 'note.txt'), '说明');
  writeFileSync(
    join(root, 'src', 'cli', 'where.ts'),
    `import { readFileSync } from 'node:fs';
     export const note = (): string => readFileSync(new URL('./note.txt', import.meta.url), 'utf8');
     export const self = import.meta.url;`,
  );
  writeFileSync(
    join(root, 'src', 'cli', 'main.ts'),
    `import { note, self } from './where.ts';
     export async function main(): Promise<number> { return note() === '说明' ? 0 : 1; }
     export { note, self };`,
  );
  return root;
}

describe('the bundle is used only while current', () => {
  it('a built bundle is current until a bundled source changes or disappears', async () => {
    const root = fakeProject('stale');
    const env = { GONGKAI_BUNDLE_DIR: join(tmp, 'cache-stale') };
    expect(freshBundle(env, root)).toBeNull();
    await buildBundle(env, root);
    const entry = freshBundle(env, root);
    expect(entry).not.toBeNull();
    // Its modules still see their own source file's URL: a file next to the source is found.
    const mod = (await import(entry!)) as { main(): Promise<number>; self: string };
    expect(await mod.main()).toBe(0);
    expect(fileURLToPath(mod.self)).toBe(join(root, 'src', 'cli', 'where.ts'));
    expect(freshBundle({ ...env, GONGKAI_BUNDLE: '0' }, root)).toBeNull();

    writeFileSync(
      join(root, 'src', 'cli', 'where.ts'),
      'export const note = () => "改了"; export const self = "";',
    );
    expect(freshBundle(env, root)).toBeNull();
    await buildBundle(env, root);
    expect(freshBundle(env, root)).not.toBeNull();
    unlinkSync(join(root, 'src', 'cli', 'where.ts'));
    expect(freshBundle(env, root)).toBeNull();
  }, 120_000);

  it('bundles the packages every start loads, and is stale once one of them is upgraded', async () => {
    const root = fakeProject('package');
    // A package of the bundled set (zod) as npm installs it; the command imports it.
    const pkg = join(root, 'node_modules', 'zod');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      '{"name":"zod","version":"4.0.0","type":"module","main":"index.js"}',
    );
    writeFileSync(join(pkg, 'index.js'), 'export const version = "4.0.0";');
    writeFileSync(
      join(root, 'src', 'cli', 'main.ts'),
      `import { version } from 'zod';
       export async function main(): Promise<number> { return version === '4.0.0' ? 0 : 1; }`,
    );
    const env = { GONGKAI_BUNDLE_DIR: join(tmp, 'cache-package') };
    await buildBundle(env, root);
    const entry = freshBundle(env, root);
    expect(entry).not.toBeNull();
    // In the bundle itself, not imported from node_modules at run time.
    expect(readFileSync(fileURLToPath(entry!), 'utf8')).toContain('"4.0.0"');
    expect(await ((await import(entry!)) as { main(): Promise<number> }).main()).toBe(0);
    writeFileSync(
      join(pkg, 'package.json'),
      '{"name":"zod","version":"4.0.1","type":"module","main":"index.js"}',
    );
    expect(freshBundle(env, root)).toBeNull();
  }, 120_000);

  it("keeps only the zod locales the sources name, and zod's messages stay the same", async () => {
    const { z } = await import('zod');
    const expected = z.string().safeParse(1, { error: z.locales.zhCN().localeError }).error
      ?.issues[0]?.message;
    expect(expected).toMatch(/[\u4e00-\u9fff]/);
    const build = async (name: string, extra: string) => {
      const root = fakeProject(name);
      symlinkSync(join(ROOT, 'node_modules', 'zod'), join(root, 'node_modules', 'zod'), 'dir');
      writeFileSync(
        join(root, 'src', 'cli', 'main.ts'),
        `import { z } from 'zod';
         z.config(z.locales.zhCN());
         export const message = z.string().safeParse(1).error?.issues[0]?.message;
         ${extra}
         export async function main(): Promise<number> { return 0; }`,
      );
      const env = { GONGKAI_BUNDLE_DIR: join(tmp, `cache-${name}`) };
      await buildBundle(env, root);
      const entry = freshBundle(env, root);
      expect(entry).not.toBeNull();
      // The locale modules the bundle holds (esbuild names each bundled file in a comment).
      const dir = dirname(fileURLToPath(entry!));
      const files = new Set<string>();
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.js')))
        for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/zod\/v4\/locales\/([\w-]+)\.js\n/g))
          if (m[1] !== 'index') files.add(m[1]!);
      const mod = (await import(entry!)) as { message: string; names?: string[] };
      return { ...mod, files: [...files].sort() };
    };
    // Named as a property: only it and English (zod's default) are in the bundle; the message is zod's.
    const named = await build('zod-named', '');
    expect(named.files).toEqual(['en', 'zh-CN']);
    expect(named.message).toBe(expected);
    // Reached any other way: every locale stays.
    const all = await build('zod-all', 'export const names = Object.keys(z.locales).sort();');
    expect(all.names).toEqual(Object.keys(z.locales).sort());
    expect(all.files.length).toBe(all.names!.length);
    expect(all.message).toBe(expected);
  }, 120_000);

  it('refuses import.meta properties other than url (their meaning would change in a bundle)', async () => {
    const root = fakeProject('meta');
    writeFileSync(
      join(root, 'src', 'cli', 'main.ts'),
      'export const main = async () => (import.meta.dirname ? 0 : 1);',
    );
    const env = { GONGKAI_BUNDLE_DIR: join(tmp, 'cache-meta') };
    await expect(buildBundle(env, root)).rejects.toThrow(/import\.meta\.dirname/);
    expect(freshBundle(env, root)).toBeNull();
  }, 120_000);

  it('one build at a time', () => {
    const env = { GONGKAI_BUNDLE_DIR: join(tmp, 'cache-lock') };
    const lock = buildLock(env, ROOT);
    expect(lock).not.toBeNull();
    expect(buildLock(env, ROOT)).toBeNull();
    lock!.release();
    const again = buildLock(env, ROOT);
    expect(again).not.toBeNull();
    again!.release();
  });
});

describe('the bundled command', () => {
  it('answers as the sources do', async () => {
    const env = { ...process.env, GONGKAI_BUNDLE_DIR: join(tmp, 'cache-real') };
    const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { env, encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(freshBundle(env)).not.toBeNull();
    const run = (extra: Record<string, string>, args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'gongkai.js'), ...args], {
        env: { ...env, ...extra },
        encoding: 'utf8',
      });
    for (const args of [['help'], ['fee', '--pages', '120'], ['nosuchverb']]) {
      const bundled = run({}, args);
      const sources = run({ GONGKAI_BUNDLE: '0' }, args);
      expect(bundled.stdout).toBe(sources.stdout);
      expect(bundled.stderr).toBe(sources.stderr);
      expect(bundled.status).toBe(sources.status);
    }
    expect(run({}, ['help']).stdout).toContain('serve');
    expect(run({}, ['nosuchverb']).status).toBe(2);
  }, 180_000);
});

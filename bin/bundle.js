// The production bundle of the `gongkai` command (ADR 0006): src/cli/main.ts and everything it imports from src/,
// bundled by esbuild into ES modules (one chunk per verb and per lazily loaded part), with the few npm packages of
// many small ES modules that every start loads (BUNDLED_PACKAGES); the others are left as imports. A start then
// loads a few files natively instead of ~300 TypeScript modules through tsx's loader thread and ~900 package files.
//
// Never stale: the bundle's manifest lists every source file that went into it with its SHA-256, and every bundled
// package's package.json likewise; a start uses the bundle only if every one of them still has that content (a
// developer editing src/ runs the sources through tsx, as before, until the bundle is rebuilt; an upgraded package
// makes it stale too). Made by `npm ci`'s postinstall and by `npm run build`; a `serve`
// that found it stale rebuilds it in the background for the next start. Plain JavaScript: it runs without tsx.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bump when what goes into a bundle changes other than through its source files. */
const BUNDLE_FORMAT = '5';

/**
 * npm packages bundled with the sources: those every start loads that are plain ES modules spread over many files
 * (hono ~380, drizzle-orm ~450, zod ~60 files; issue 18, ADR 0006). Not bundled: native addons (@node-rs/argon2),
 * packages that read files beside themselves (PGlite's WebAssembly and data, mupdf, iconv-lite's tables),
 * CommonJS packages (prom-client, pino: in an ES module bundle their `require` of Node's own modules would fail),
 * and what a start does not load (exceljs, echarts, docx is one file already).
 */
const BUNDLED_PACKAGES = new Set(['hono', '@hono/node-server', 'drizzle-orm', 'zod']);

/** The package a bare import names: `hono/cookie` → hono, `@hono/node-server` → @hono/node-server. */
const packageOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** Leaves every npm package but BUNDLED_PACKAGES as an import, found in node_modules at run time. */
function externalPackages() {
  return {
    name: 'gongkai-external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (/^[A-Za-z]:[\\/]/.test(args.path)) return undefined;
        return BUNDLED_PACKAGES.has(packageOf(args.path)) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/**
 * zod's `z` namespace re-exports all of its ~50 message locales (`z.locales`, `z.core.locales`: 370 KB, half of
 * zod's chunk), which a start compiles and runs although our sources use one (src/zod-zh.ts: `z.locales.zhCN`).
 * The bundle's `locales` namespace keeps exactly the locales the sources name (`locales.zhCN`, `locales.en`, found
 * in src/ at build time) and English, zod's default; the others stay in node_modules. A source that reaches a
 * locale any other way (`locales[name]`, the namespace passed around) keeps them all. Issue 18, ADR 0006.
 */
function zodLocales(root) {
  return {
    name: 'gongkai-zod-locales',
    setup(build) {
      const names = localesNamed(join(root, 'src'));
      if (!names) return;
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
        return { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'gongkai-zod-locales' };
      });
      build.onLoad({ filter: /.*/, namespace: 'gongkai-zod-locales' }, (args) => {
        // zod's own index: one `export { default as zhCN } from "./zh-CN.js";` a locale.
        const lines = readFileSync(args.path, 'utf8').split('\n');
        const kept = lines.filter((line) => {
          const m = /^export \{ default as (\w+) \} from "\.\/[\w-]+\.js";$/.exec(line.trim());
          return m && names.has(m[1]);
        });
        return { contents: kept.join('\n'), resolveDir: dirname(args.path), loader: 'js' };
      });
    },
  };
}

/** The zod locales src/ names (`locales.zhCN`), with English; null when a source reaches them another way. */
function localesNamed(dir) {
  const names = new Set(['en']);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const m of text.matchAll(/\blocales\b(\s*\.\s*(\w+))?/g)) {
      if (!m[2]) {
        // Only in a comment or a string is a bare `locales` harmless; anything else keeps every locale.
        const line = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index);
        if (!/\/\/|^\s*\*|['"`]/.test(line)) return null;
        continue;
      }
      names.add(m[2]);
    }
  }
  return names;
}

/** The package.json of the package a bundled file from node_modules belongs to. */
function packageJsonOf(file) {
  const i = file.lastIndexOf(`node_modules${sep}`);
  const rest = file.slice(i + `node_modules${sep}`.length).split(sep);
  const name = rest[0].startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1);
  return join(file.slice(0, i), 'node_modules', ...name, 'package.json');
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join('src', 'reading', 'worker.ts');

/**
 * Where bundles are kept: GONGKAI_BUNDLE_DIR, else node_modules/.cache/gongkai beside the database template
 * (`npm ci` empties it; postinstall refills it). Worktrees may share node_modules: each source tree has its own
 * manifest (keyed by its path).
 */
export function bundleDir(env = process.env) {
  return env.GONGKAI_BUNDLE_DIR || join(ROOT, 'node_modules', '.cache', 'gongkai');
}

const rootKey = (root) => createHash('sha256').update(root).digest('hex').slice(0, 12);
const manifestPath = (dir, root) => join(dir, `bundle-${rootKey(root)}.json`);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('base64url');

function esbuildVersion() {
  try {
    return createRequire(join(ROOT, 'package.json'))('esbuild/package.json').version;
  } catch {
    return null;
  }
}

/**
 * The entry module of a bundle that is current for these sources, or null (none, another format or esbuild, a
 * source file changed or gone, GONGKAI_BUNDLE=0). Reads and hashes the bundled sources: a few milliseconds.
 */
export function freshBundle(env = process.env, root = ROOT) {
  if (env.GONGKAI_BUNDLE === '0') return null;
  try {
    const m = JSON.parse(readFileSync(manifestPath(bundleDir(env), root), 'utf8'));
    if (m.format !== BUNDLE_FORMAT || m.root !== root || m.node !== process.versions.node) return null;
    // A file with the size and modification time it had when bundled is not read again (git, an editor, npm
    // all change the time of what they write); any other is hashed and must match.
    const same = (file, hash, seen) => {
      const s = statSync(file);
      return (seen && s.size === seen[0] && s.mtimeMs === seen[1]) || sha256(file) === hash;
    };
    for (const [file, hash] of Object.entries(m.inputs))
      if (!same(join(root, file), hash, m.stats?.[file])) return null;
    for (const [file, hash] of Object.entries(m.packages))
      if (!same(file, hash, m.stats?.[file])) return null;
    const entry = join(bundleDir(env), m.dir, 'main.js');
    return existsSync(entry) ? pathToFileURL(entry).href : null;
  } catch {
    return null;
  }
}

/**
 * Every `import.meta.url` of a source file becomes that file's own URL, so `new URL('./static/style.css',
 * import.meta.url)`, the migrations folder, the worker's entry and createRequire resolve exactly as under tsx.
 * Any other `import.meta` property would silently change meaning in a bundle: refused.
 */
function keepModuleUrls(root) {
  return {
    name: 'gongkai-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (!args.path.startsWith(join(root, 'src') + sep)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        const other = /import\.meta\.(?!url\b)\w+/.exec(text);
        if (other) throw new Error(`${relative(root, args.path)}：打包不支持 ${other[0]}`);
        return {
          contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
          loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
        };
      });
    },
  };
}

/** Build the bundle for these sources and make it the current one; returns its entry module's path. */
export async function buildBundle(env = process.env, root = ROOT) {
  const esbuild = await import(
    pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('esbuild')).href
  );
  const dir = bundleDir(env);
  mkdirSync(dir, { recursive: true });
  const name = `bundle-${rootKey(root)}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const part = join(dir, `${name}.part`);
  try {
    const options = () => ({
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      // npm packages are imported from node_modules as they are installed (their own lazy loading, native addons,
      // WebAssembly files next to them), but for BUNDLED_PACKAGES.
      outdir: part,
      outExtension: { '.js': '.js' },
      tsconfig: join(root, 'tsconfig.json'),
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [externalPackages(), zodLocales(root), keepModuleUrls(root)],
    });
    const result = await esbuild.build({
      ...options(),
      entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
      keepNames: true,
    });
    // The reading child process's code (src/reading/pool.ts starts it from the bundle that the command runs from):
    // an entry of its own, built apart into reading/ chunks, and without keepNames — which wraps every named
    // closure in a call that defines its `name` each time one is made, ~3 % of a reading process in a bulk ingest
    // (a path collector per painted path, a helper per line group; issue 18). Nothing the reader runs reads a
    // function's or class's name (errors.ts reads an error's own `name` property, which keepNames does not touch).
    const reader = existsSync(join(root, WORKER))
      ? await esbuild.build({
          ...options(),
          entryPoints: { 'reading-worker': join(root, WORKER) },
          chunkNames: 'reading/[name]-[hash]',
          keepNames: false,
        })
      : null;
    // The bundle is ESM whatever the nearest package.json says about .js files.
    writeFileSync(join(part, 'package.json'), '{"type":"module"}\n');
    // The packages are imported by name, found by walking up from the bundle's folder: a bundle kept outside this
    // installation's node_modules (GONGKAI_BUNDLE_DIR) finds them through a link.
    const modules = join(root, 'node_modules');
    if (!realpathSync(part).startsWith(realpathSync(modules) + sep))
      symlinkSync(modules, join(part, 'node_modules'), 'dir');
    // Each file's size and modification time beside its hash, so a start need not read it (freshBundle): taken
    // before the hash, so a file written meanwhile has a newer time than recorded and is hashed at the next start.
    const inputs = {};
    const packages = {};
    const stats = {};
    const record = (file, into) => {
      const s = statSync(file.startsWith(sep) ? file : join(root, file));
      stats[file] = [s.size, s.mtimeMs];
      into[file] = sha256(file.startsWith(sep) ? file : join(root, file));
    };
    const inputFiles = new Set([
      ...Object.keys(result.metafile.inputs),
      ...Object.keys(reader?.metafile.inputs ?? {}),
    ]);
    for (const file of [...inputFiles].sort()) {
      // zod's trimmed locale index (zodLocales): zod's package.json stands for it, as for zod's own files.
      if (file.startsWith('gongkai-zod-locales:')) continue;
      const abs = join(root, file);
      if (abs.includes(`${sep}node_modules${sep}`)) {
        const pkg = packageJsonOf(abs);
        if (!(pkg in packages)) record(pkg, packages);
        continue;
      }
      if (!abs.startsWith(join(root, 'src') + sep))
        throw new Error(`打包的输入不在 src/ 下：${file}（请检查导入路径）`);
      record(relative(root, abs), inputs);
    }
    renameSync(part, join(dir, name));
    const manifest = {
      format: BUNDLE_FORMAT,
      root,
      node: process.versions.node,
      esbuild: esbuildVersion(),
      dir: name,
      builtAt: new Date().toISOString(),
      inputs,
      packages,
      stats,
    };
    const tmp = `${manifestPath(dir, root)}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(manifest)}\n`);
    renameSync(tmp, manifestPath(dir, root));
    removeOld(dir, root, name);
    return join(dir, name, 'main.js');
  } catch (e) {
    rmSync(part, { recursive: true, force: true });
    throw e;
  }
}

/**
 * One build at a time per source tree (racing postinstalls, several stale `serve`s): an exclusive lock file, taken
 * over when older than five minutes (a build that died). Returns null when another build holds it.
 */
export function buildLock(env = process.env, root = ROOT) {
  const dir = bundleDir(env);
  const file = join(dir, `bundle-${rootKey(root)}.lock`);
  try {
    mkdirSync(dir, { recursive: true });
    try {
      if (Date.now() - statSync(file).mtimeMs > 5 * 60_000) rmSync(file, { force: true });
    } catch {
      // no lock
    }
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    return null;
  }
  return { release: () => rmSync(file, { force: true }) };
}

/** Bundles of this source tree other than the current one, and anyone's half-written ones, once a minute old
 *  (a start may still be loading the previous bundle); other trees' bundles after a week. */
function removeOld(dir, root, current) {
  const mine = `bundle-${rootKey(root)}-`;
  const now = Date.now();
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith('bundle-') || entry === current || /\.(json|lock)$/.test(entry)) continue;
    try {
      const age = now - statSync(join(dir, entry)).mtimeMs;
      if ((entry.startsWith(mine) && age > 60_000) || age > 7 * 86_400_000)
        rmSync(join(dir, entry), { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

// The template database (ADR 0004): PGlite's initdb and every migration, done once per installation and kept as a
// stopped PGlite data directory, so a new data folder is a file copy of it instead of a new cluster (initdb was
// ~40 % of a first start, the migrations ~15 %). `npm ci` makes it (postinstall: bin/make-db-template.js); a start
// that finds none makes it then. The calendar seed, the first administrator and the demo stay per folder: they are
// dated and audited when they happen.
//
// The template is keyed by what decides its content — the installed PGlite (a dump is only loadable by the PGlite
// that wrote it), the extensions every instance loads, and the migration files — so a new migration or an upgraded
// PGlite simply makes another one; nothing has to invalidate it by hand.
import { createHash, randomBytes } from 'node:crypto';
import {
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle, Db } from './handle.ts';
import { MIGRATIONS_FOLDER, runMigrations } from './migrate.ts';

/** Bump when what goes into a template changes other than through the key's inputs. */
const TEMPLATE_FORMAT = '1';
/** The extensions every PGlite instance loads (open.ts's pgliteExtensions): part of the key. */
const EXTENSIONS = 'pg_trgm';
const PREFIX = 'pglite-template-';

type Env = Readonly<Record<string, string | undefined>>;

/** The installed PGlite's version. */
export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? '';
    } catch {
      // not this folder
    }
  }
  return '';
}

/** A short hash of the template's inputs: PGlite's version, the extensions, the migration files and journal. */
export function templateKey(): string {
  const h = createHash('sha256');
  h.update(`format:${TEMPLATE_FORMAT}\0pglite:${pgliteVersion()}\0extensions:${EXTENSIONS}\0`);
  for (const f of readdirSync(MIGRATIONS_FOLDER)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    h.update(f);
    h.update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  }
  h.update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  return h.digest('hex').slice(0, 16);
}

/**
 * Where this installation keeps its templates: GONGKAI_DB_TEMPLATE_DIR, else node_modules/.cache/gongkai next to
 * the program (the usual home of a package's derived files; `npm ci` empties it and postinstall refills it).
 */
export function templateDir(env: Env = process.env): string {
  return (
    env.GONGKAI_DB_TEMPLATE_DIR ||
    join(fileURLToPath(new URL('../../node_modules/.cache/gongkai', import.meta.url)))
  );
}

/** GONGKAI_DB_TEMPLATE=0 turns templates off (every new folder then runs initdb and the migrations itself). */
export function templatesEnabled(env: Env = process.env): boolean {
  return env.GONGKAI_DB_TEMPLATE !== '0';
}

export function templatePath(env: Env = process.env): string {
  return join(templateDir(env), `${PREFIX}${templateKey()}`);
}

/**
 * A fresh in-memory PGlite with every migration applied, dumped (the tests' template: src/db/testing.ts loads it
 * into memory for each test file).
 */
export async function dumpMigratedDatabase(): Promise<Uint8Array> {
  const { openDatabase } = await import('./open.ts');
  const fresh: DatabaseHandle = await openDatabase({ memory: true, migrate: true });
  try {
    const client = (fresh.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
  } finally {
    await fresh.close();
  }
}

/**
 * Make the template for the current key: a PGlite data directory, created and migrated in a folder of its own, shut
 * down cleanly (a cold copy of a cleanly stopped cluster is a valid cluster), then renamed into place. A plain
 * folder rather than PGlite's tar dump: a new data folder is then a native recursive copy (1,181 files, 41 MB:
 * ~0.4 s of CPU under load) instead of the tar going file by file through PGlite's WebAssembly file system (seconds).
 * Also drops this folder's templates of other keys older than a day.
 */
export async function makeTemplate(env: Env = process.env): Promise<string> {
  const path = templatePath(env);
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { pgliteExtensions } = await import('./open.ts');
    const schema = await import('./schema/index.ts');
    const client = await PGlite.create(part, { extensions: await pgliteExtensions() });
    try {
      const db = drizzle(client, { schema }) as unknown as Db;
      await runMigrations({ db, kind: 'pglite', location: part, close: async () => {} });
    } finally {
      await client.close();
    }
    // Two first starts (or a start and postinstall) may race: the first rename wins, the other's copy is dropped;
    // a reader never sees half a template.
    try {
      renameSync(part, path);
    } catch (e) {
      if (!existsSync(join(path, 'PG_VERSION'))) throw e;
    }
  } finally {
    rmSync(part, { recursive: true, force: true });
  }
  // Keep other keys for a day: other checkouts sharing this folder (a worktree per branch) may still use them.
  for (const f of readdirSync(dirname(path))) {
    const other = join(dirname(path), f);
    if (!f.startsWith(PREFIX) || other === path) continue;
    try {
      if (Date.now() - statSync(other).mtimeMs > 86_400_000) rmSync(other, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
  return path;
}

/**
 * Fill `pgdata` (a folder that holds no database) from the template, made now if this installation has none yet.
 * False when the template can be neither found nor made (a read-only installation): the caller then creates the
 * database the ordinary way.
 */
export async function copyTemplate(pgdata: string, env: Env = process.env): Promise<boolean> {
  const path = templatePath(env);
  try {
    if (!existsSync(join(path, 'PG_VERSION'))) await makeTemplate(env);
    // A copy-on-write clone where the file system has one (btrfs, XFS, APFS): no data copied; else a plain copy.
    cpSync(path, pgdata, { recursive: true, force: true, mode: constants.COPYFILE_FICLONE });
    return true;
  } catch {
    rmSync(pgdata, { recursive: true, force: true });
    return false;
  }
}

/** Remove a template that failed to open (damaged on disk): the next new folder makes it again. */
export function discardTemplate(env: Env = process.env): void {
  rmSync(templatePath(env), { recursive: true, force: true });
}

// Typed database-layer errors: a stable code, the context, and a Chinese message for the user.

/** Another live process holds the PGlite data folder (PGlite has no cross-process lock of its own). */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
    /** Where and since when the owner runs, e.g. "（主机 x，自 … 起，运行 gongkai serve）". */
    readonly owner = '',
  ) {
    super(
      `数据目录 ${dir} 已被进程 ${pid} 使用${owner}（同一数据目录只能由一个进程打开；请先停止该进程，或设置 GONGKAI_DATA 使用其他目录）`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** The database schema is older than this program (PostgreSQL server not migrated yet). */
export class SchemaOutdatedError extends Error {
  readonly code = 'SCHEMA_OUTDATED';
  constructor(
    readonly applied: number,
    readonly expected: number,
  ) {
    super(`数据库结构版本过旧（已应用 ${applied} 个迁移，需要 ${expected} 个）：请先运行 gongkai db:migrate`);
    this.name = 'SchemaOutdatedError';
  }
}

/** The database's own message behind a driver error (drizzle wraps it as `cause` of "Failed query: …"). */
export function dbErrorMessage(e: unknown): string {
  let cur: unknown = e;
  let last = '';
  for (let i = 0; cur && i < 5; i++) {
    if (cur instanceof Error) last = cur.message;
    cur = (cur as { cause?: unknown }).cause;
  }
  return last;
}

/** A database setting in the environment that cannot be used (GONGKAI_PGLITE_SHARED_BUFFERS). */
export class DatabaseSettingError extends Error {
  readonly code = 'DATABASE_SETTING';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseSettingError';
  }
}

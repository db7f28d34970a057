// What the `publish` and `report` verbs share: the database session of case management (PGlite migrated on first
// use, calendar seeded, GONGKAI_TODAY for scripted dates), the operator as actor and role, and typed errors turned
// into the CLI's Chinese error with an exit code.
import { withCaseDatabase } from '../cases/cli-support.ts';
import { CliError, type CliIO } from '../cli/io.ts';
import type { Db } from '../db/handle.ts';
import { REVIEW_ROLES } from '../db/schema/publishing.ts';
import type { ReviewRole } from '../domain/publishing/review-chain.ts';
import { StatsCsvError } from '../domain/report-builder/stats-csv.ts';
import type { PublishingContext } from './context.ts';
import { PublishingError } from './errors.ts';

/** Exit codes: 2 bad input, 3 conflict, 4 year locked, 5 not allowed / wrong state, 6 report not ready. */
export function publishingCliError(e: unknown): unknown {
  if (e instanceof PublishingError) {
    const code = {
      NOT_FOUND: 2,
      INVALID_INPUT: 2,
      CONFLICT: 3,
      YEAR_LOCKED: 4,
      NOT_ALLOWED: 5,
      WRONG_STATE: 5,
      NOT_READY: 6,
    }[e.code];
    return new CliError(e.message, code);
  }
  if (e instanceof StatsCsvError) return new CliError(e.message, 2);
  return e;
}

export interface Session {
  readonly db: Db;
  readonly ctx: PublishingContext;
}

export function rolesOf(v: unknown): ReviewRole[] {
  if (v === undefined) return ['officer'];
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  for (const r of list)
    if (!(REVIEW_ROLES as readonly string[]).includes(r))
      throw new CliError(`--role 应为 ${REVIEW_ROLES.join(' / ')}，收到“${r}”`);
  return list as ReviewRole[];
}

/** Run a command body with the database open; the actor is `--as` (user:<name>) or the OS user. */
export async function withPublishing<T>(
  io: CliIO,
  opts: { as?: string | undefined; roles?: ReviewRole[]; amend?: string | undefined },
  body: (s: Session) => Promise<T>,
): Promise<T> {
  return withCaseDatabase(io, opts.as, async ({ handle, actor, today }) => {
    try {
      return await body({
        db: handle.db,
        ctx: {
          actor,
          roles: opts.roles ?? ['officer'],
          today,
          ...(opts.amend ? { amendment: { reason: opts.amend } } : {}),
        },
      });
    } catch (e) {
      throw publishingCliError(e);
    }
  });
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function need(opts: Record<string, unknown>, name: string, where: string): string {
  const v = str(opts[name]);
  if (v === undefined || v.trim() === '') throw new CliError(`${where}：缺少 --${name}`);
  return v;
}

export function intArg(v: string | undefined, what: string, where: string): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n))
    throw new CliError(`${where}：${what}应为整数，收到“${v ?? ''}”`);
  return n;
}

export const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v])
    .flatMap((x) => String(x).split(/[,，、]/))
    .map((x) => x.trim())
    .filter(Boolean);

export const printJson = (io: CliIO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** Fixed-width columns for CJK text (a CJK character takes two cells). */
export function columns(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((a, c) => a + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  const w: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      w[i] = Math.max(w[i] ?? 0, width(c));
    });
  return `${rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(w[i]! - width(c)))).join('  ')).join('\n')}\n`;
}

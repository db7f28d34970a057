// Applies the policy table (../policies.ts) to a route: sign-in, one-time-password change, role, then the scope of
// the record the path names. Every route under /staff, /supervise, /admin and /account is registered with it
// (test/web-authz.test.ts checks that none is left out).
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { reportingAgencyId } from '../../cases/agencies.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import type { AppEnv } from '../env.ts';
import { forbidden, notFound } from '../errors.ts';
import { type Action, hasRole, inScope, policyOf, type ResourceKind } from '../policies.ts';
import { inSubtree } from '../scope.ts';

/** How to find the agency a record belongs to; undefined when the record does not exist. */
const RESOLVERS: Record<ResourceKind, (db: Executor, key: string) => Promise<number | null | undefined>> = {
  case: async (db, code) => {
    const [r] = await queryRows<{ a: number }>(
      db,
      sql`select agency_id as a from cases where code = ${code}`,
    );
    return r ? Number(r.a) : undefined;
  },
  agency: async (db, id) => {
    if (!/^\d{1,9}$/.test(id)) return undefined;
    const [r] = await queryRows<{ a: number }>(
      db,
      sql`select id as a from agencies where id = ${Number(id)}`,
    );
    return r ? Number(r.a) : undefined;
  },
  report: async (db, id) => {
    if (!/^\d{1,9}$/.test(id)) return undefined;
    const [r] = await queryRows<{ a: number | null }>(
      db,
      sql`select agency_id as a from annual_reports where id = ${Number(id)}`,
    );
    return r ? (r.a === null ? null : Number(r.a)) : undefined;
  },
  publishingItem: (db, id) => agencyOfRow(db, 'publishing_items', id),
  consultation: (db, id) => agencyOfRow(db, 'consultations', id),
  normDoc: (db, id) => agencyOfRow(db, 'normative_documents', id),
};

async function agencyOfRow(
  db: Executor,
  table: 'publishing_items' | 'consultations' | 'normative_documents',
  id: string,
): Promise<number | undefined> {
  if (!/^\d{1,9}$/.test(id)) return undefined;
  const [r] = await queryRows<{ a: number }>(
    db,
    sql`select agency_id as a from ${sql.identifier(table)} where id = ${Number(id)}`,
  );
  return r ? Number(r.a) : undefined;
}

const RESOURCE_NAMES: Record<ResourceKind, string> = {
  case: '申请',
  agency: '机关',
  report: '年度报告',
  publishingItem: '主动公开信息',
  consultation: '征集',
  normDoc: '规范性文件',
};

/** Marks a handler as a guard, so the route table can be checked for unguarded routes. */
export const GUARD = Symbol('gongkai.guard');

export function guard(action: Action): MiddlewareHandler<AppEnv> {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.get('user');
    if (!user) return redirectToLogin(c);
    if (user.mustChangePassword && action !== 'account.password') return c.redirect('/account/password', 303);
    const policy = policyOf(action);
    if (!hasRole(user, action)) throw forbidden(policy.summary);
    if (policy.resource) {
      const db = c.get('deps').handle.db;
      const key = c.req.param(policy.resource.param) ?? '';
      const agencyId = await RESOLVERS[policy.resource.kind](db, key);
      if (agencyId === undefined) throw notFound(RESOURCE_NAMES[policy.resource.kind]);
      const tree = {
        inSubtree: (root: number, a: number) => inSubtree(db, root, a),
        sameUnit: async (a: number, b: number) =>
          (await reportingAgencyId(db, a)) === (await reportingAgencyId(db, b)),
      };
      if (!(await inScope(user, action, agencyId, tree))) throw forbidden(policy.summary);
    }
    await next();
  };
  Object.defineProperty(mw, GUARD, { value: action });
  return mw;
}

/**
 * A guard that lets a request through without the action when `open` says the record is public (a published
 * report's scan crops), and otherwise runs `guard(action)`. Marked with the action, so the route table shows which
 * policy governs the route when the record is not public.
 */
export function guardUnlessPublic(
  action: Action,
  open: (c: Context<AppEnv>) => Promise<boolean>,
): MiddlewareHandler<AppEnv> {
  const inner = guard(action);
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => ((await open(c)) ? next() : inner(c, next));
  Object.defineProperty(mw, GUARD, { value: action });
  return mw;
}

/** Anonymous visitors of a console go to the login page, and come back afterwards. */
export function redirectToLogin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname;
  return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
}

/** Only local paths are followed after login (no open redirect). */
export function safeNext(next: string | undefined | null): string | null {
  if (!next || next.length > 2000) return null;
  // A same-site path only: one leading slash, no backslash (browsers read "\\" as "/"), no control characters or
  // spaces (CR/LF would split the Location header; a tab is dropped by URL parsers, so "/\t/evil.example" becomes
  // "//evil.example", off-site).
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u0020\u007f-\u009f]/.test(next))
    return null;
  // What a URL parser makes of it must stay on this site, on the same path.
  try {
    const u = new URL(next, 'http://same.invalid');
    if (u.host !== 'same.invalid' || u.pathname.startsWith('//')) return null;
  } catch {
    return null;
  }
  return next;
}

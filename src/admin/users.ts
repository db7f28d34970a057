// Users, as the operator manages them — from the command line (`gongkai user …`) and the administration page alike.
// Every change is written to the append-only audit log in the transaction of the change. A deactivated user's
// sessions are deleted in that same transaction, so the next request of any of their browsers is anonymous; and
// lookupSession() also refuses a session of an inactive user, so nothing can revive one.
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencies } from '../db/schema/agencies.ts';
import { sessions } from '../db/schema/sessions.ts';
import { users } from '../db/schema/users.ts';
import { ROLES, type Role } from '../db/schema/vocabulary.ts';
import { AccountError, createUser, resetPassword } from '../web/auth/accounts.ts';
import { AdminError } from './errors.ts';

export interface UserRow {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly agencyCode: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  /** Live sessions (not expired). */
  readonly sessions: number;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;

/** node-postgres parses text[] into an array; PGlite may hand back the literal '{a,b}'. */
function parseRoles(v: unknown): Role[] {
  if (Array.isArray(v)) return v as Role[];
  return String(v ?? '')
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as Role[];
}

export function checkRoles(roles: readonly string[]): Role[] {
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length)
    throw new AdminError('INVALID', `未知角色：${bad.join('、')}（可选：${ROLES.join(' / ')}）`, 'roles');
  if (!roles.length) throw new AdminError('INVALID', '请至少指定一个角色', 'roles');
  return [...new Set(roles)] as Role[];
}

export async function listUsers(db: Executor, now: Date = new Date()): Promise<UserRow[]> {
  const rows = await queryRows<{
    id: number;
    username: string;
    display_name: string;
    agency_id: number;
    agency_name: string;
    agency_code: string;
    roles: unknown;
    active: boolean;
    sessions: number;
  }>(
    db,
    sql`select u.id, u.username, u.display_name, u.agency_id, a.name as agency_name, a.code as agency_code,
          u.roles, u.active,
          (select count(*)::int from sessions s where s.user_id = u.id
             and s.expires_at > ${now.toISOString()}::timestamptz) as sessions
        from users u join agencies a on a.id = u.agency_id order by u.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    agencyId: Number(r.agency_id),
    agencyName: r.agency_name,
    agencyCode: r.agency_code,
    roles: parseRoles(r.roles),
    active: Boolean(r.active),
    sessions: Number(r.sessions),
  }));
}

/** A user by user name (the CLI) or id (the web). */
export async function findUser(db: Executor, who: string | number) {
  const [u] = await db
    .select()
    .from(users)
    .where(typeof who === 'number' ? eq(users.id, who) : eq(users.username, who.trim()));
  if (!u) throw new AdminError('NOT_FOUND', `用户 ${who} 不存在`, 'username');
  return { ...u, roles: parseRoles(u.roles) };
}

async function agencyId(db: Executor, agency: string | number): Promise<number> {
  const [a] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(typeof agency === 'number' ? eq(agencies.id, agency) : eq(agencies.code, agency));
  if (!a) throw new AdminError('NOT_FOUND', `机关 ${agency} 不存在`, 'agencyId');
  return a.id;
}

export interface AddUserInput {
  readonly username: string;
  readonly displayName: string;
  /** Agency code (CLI) or id (web). */
  readonly agency: string | number;
  readonly roles: readonly string[];
}

/** Create a user with a one-time password, returned to be handed over once (the user must change it). */
export async function addUser(
  db: Db,
  input: AddUserInput,
  actor: string,
): Promise<{ id: number; username: string; password: string }> {
  const username = input.username.trim();
  if (!USERNAME.test(username))
    throw new AdminError('INVALID', '用户名应为 3–40 位字母、数字、点、下划线或横线', 'username');
  const displayName = input.displayName.trim();
  if (!displayName) throw new AdminError('INVALID', '请填写姓名', 'displayName');
  if (displayName.length > 50) throw new AdminError('INVALID', '姓名过长（最多 50 个字）', 'displayName');
  const roles = checkRoles(input.roles);
  const id = await agencyId(db, input.agency);
  try {
    const r = await createUser(db, { username, displayName, agencyId: id, roles }, actor);
    return { id: r.id, username, password: r.password };
  } catch (e) {
    if (e instanceof AccountError)
      throw new AdminError(e.code === 'DUPLICATE_USER' ? 'CONFLICT' : 'INVALID', e.message, e.field);
    throw e;
  }
}

/** A new one-time password; every session of the user ends (accounts.ts resetPassword). */
export async function resetUserPassword(
  db: Db,
  who: string | number,
  actor: string,
): Promise<{ id: number; username: string; password: string }> {
  const u = await findUser(db, who);
  if (!u.active) throw new AdminError('CONFLICT', `用户 ${u.username} 已停用，请先启用再重置密码`);
  const password = await resetPassword(db, u.id, actor);
  return { id: u.id, username: u.username, password };
}

/** Refuse a change that would leave no active administrator (nobody could then manage the system). */
async function assertAnotherAdministrator(db: Executor, userId: number, what: string): Promise<void> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from users where active and 'administrator' = any(roles) and id <> ${userId}`,
  );
  if ((row?.n ?? 0) === 0)
    throw new AdminError('CONFLICT', `${what}后将没有可用的系统管理员，请先为其他用户授予管理员角色`);
}

/** Deactivate a user: they can no longer sign in, and every session they hold ends at once. */
export async function deactivateUser(
  db: Db,
  who: string | number,
  actor: string,
): Promise<{ id: number; username: string; sessionsEnded: number }> {
  return db.transaction(async (tx) => {
    const u = await findUser(tx, who);
    if (!u.active) return { id: u.id, username: u.username, sessionsEnded: 0 };
    if (u.roles.includes('administrator')) await assertAnotherAdministrator(tx, u.id, `停用 ${u.username} `);
    await tx.update(users).set({ active: false }).where(eq(users.id, u.id));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, u.id)).returning({ id: sessions.id });
    await writeAudit(tx, {
      actor,
      action: 'user.deactivate',
      entity: 'user',
      entityId: u.id,
      before: { active: true },
      after: { active: false, sessionsEnded: ended.length },
    });
    return { id: u.id, username: u.username, sessionsEnded: ended.length };
  });
}

/** Let a deactivated user sign in again (with the password they had; reset it if it may have leaked). */
export async function reactivateUser(
  db: Db,
  who: string | number,
  actor: string,
): Promise<{ username: string }> {
  return db.transaction(async (tx) => {
    const u = await findUser(tx, who);
    if (u.active) return { username: u.username };
    await tx.update(users).set({ active: true }).where(eq(users.id, u.id));
    await writeAudit(tx, {
      actor,
      action: 'user.reactivate',
      entity: 'user',
      entityId: u.id,
      before: { active: false },
      after: { active: true },
    });
    return { username: u.username };
  });
}

export interface UserChanges {
  readonly displayName?: string;
  readonly agency?: string | number;
  readonly roles?: readonly string[];
}

/**
 * Edit a user: name, agency, roles. The roles and agency are read afresh on every request (lookupSession), so a
 * change applies to the user's open sessions at their next click.
 */
export async function updateUser(
  db: Db,
  who: string | number,
  changes: UserChanges,
  actor: string,
): Promise<{ id: number; username: string; changed: boolean }> {
  const roles = changes.roles === undefined ? undefined : checkRoles(changes.roles);
  const displayName = changes.displayName?.trim();
  if (changes.displayName !== undefined && !displayName)
    throw new AdminError('INVALID', '请填写姓名', 'displayName');
  if (displayName && displayName.length > 50)
    throw new AdminError('INVALID', '姓名过长（最多 50 个字）', 'displayName');
  return db.transaction(async (tx) => {
    const u = await findUser(tx, who);
    const next = {
      displayName: displayName ?? u.displayName,
      agencyId: changes.agency === undefined ? u.agencyId : await agencyId(tx, changes.agency),
      roles: roles ?? u.roles,
    };
    const before = { displayName: u.displayName, agencyId: u.agencyId, roles: u.roles };
    const same =
      next.displayName === before.displayName &&
      next.agencyId === before.agencyId &&
      [...next.roles].sort().join() === [...before.roles].sort().join();
    if (same) return { id: u.id, username: u.username, changed: false };
    if (u.active && u.roles.includes('administrator') && !next.roles.includes('administrator'))
      await assertAnotherAdministrator(tx, u.id, `取消 ${u.username} 的管理员角色`);
    await tx
      .update(users)
      .set({ ...next, roles: [...next.roles] })
      .where(eq(users.id, u.id));
    await writeAudit(tx, {
      actor,
      action: 'user.update',
      entity: 'user',
      entityId: u.id,
      before,
      after: next,
    });
    return { id: u.id, username: u.username, changed: true };
  });
}

// Account use cases: the first administrator, signing in, changing and resetting passwords, creating users.
// A password an administrator hands out (or the first run prints) is one-time: the audit log records it as
// `user.password.issued`, and until the user records `user.password.changed` every page sends them to set their own.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { users } from '../../db/schema/users.ts';
import { ROLES, type Role } from '../../db/schema/vocabulary.ts';
import { audit } from '../audit.ts';
import { decoyHash, hashPassword, oneTimePassword, passwordProblem, verifyPassword } from './passwords.ts';

export class AccountError extends Error {
  constructor(
    readonly code: 'BAD_PASSWORD' | 'WEAK_PASSWORD' | 'DUPLICATE_USER' | 'NO_AGENCY' | 'BAD_ROLES',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const FIRST_ADMIN = 'admin';

/**
 * On first run (no active administrator at all), create the user `admin` — and, in an empty database, a top
 * agency to hang it on — with a one-time password. Returns the password to print once, or null when an
 * administrator already exists.
 */
export async function ensureAdministrator(db: Db): Promise<{ username: string; password: string } | null> {
  const [has] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from users where active and 'administrator' = any(roles)`,
  );
  if ((has?.n ?? 0) > 0) return null;
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    let [top] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(sql`${agencies.parentId} is null`)
      .limit(1);
    if (!top) {
      [top] = await tx
        .insert(agencies)
        .values({
          level: 'region',
          kind: 'localGovernment',
          code: 'root',
          name: '本级人民政府（请在管理页修改名称）',
        })
        .returning({ id: agencies.id });
      await audit(tx, { actor: 'system', action: 'agency.create', entity: 'agency', entityId: top!.id });
    }
    let username = FIRST_ADMIN;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (taken) username = `${FIRST_ADMIN}-${Date.now().toString(36)}`;
    const [u] = await tx
      .insert(users)
      .values({
        agencyId: top!.id,
        username,
        displayName: '系统管理员',
        passwordHash,
        roles: ['administrator'],
      })
      .returning({ id: users.id });
    await audit(tx, {
      actor: 'system',
      action: 'user.create',
      entity: 'user',
      entityId: u!.id,
      after: { username, roles: ['administrator'] },
    });
    await audit(tx, { actor: 'system', action: 'user.password.issued', entity: 'user', entityId: u!.id });
    return { username, password };
  });
}

/** The user id for a correct user name and password, else null (same time spent either way). */
export async function authenticate(db: Executor, username: string, password: string): Promise<number | null> {
  const [u] = await db
    .select({ id: users.id, hash: users.passwordHash })
    .from(users)
    .where(and(eq(users.username, username.trim()), eq(users.active, true)));
  if (!u) {
    await verifyPassword(await decoyHash(), password);
    return null;
  }
  return (await verifyPassword(u.hash, password)) ? u.id : null;
}

export async function changePassword(
  db: Db,
  userId: number,
  current: string,
  next: string,
  actor: string,
): Promise<void> {
  const [u] = await db
    .select({ username: users.username, hash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!u || !(await verifyPassword(u.hash, current)))
    throw new AccountError('BAD_PASSWORD', '当前密码不正确', 'current');
  const problem = passwordProblem(next, u.username);
  if (problem) throw new AccountError('WEAK_PASSWORD', problem, 'next');
  if (next === current) throw new AccountError('WEAK_PASSWORD', '新密码不能与当前密码相同', 'next');
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await audit(tx, { actor, action: 'user.password.changed', entity: 'user', entityId: userId });
  });
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: number;
  readonly roles: readonly Role[];
}

/** Create a user with a one-time password (returned, to hand over once). */
export async function createUser(
  db: Db,
  input: NewUser,
  actor: string,
): Promise<{ id: number; password: string }> {
  if (!input.roles.length || input.roles.some((r) => !ROLES.includes(r)))
    throw new AccountError('BAD_ROLES', '请至少选择一个有效角色', 'roles');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(eq(agencies.id, input.agencyId));
    if (!agency) throw new AccountError('NO_AGENCY', '所选机关不存在', 'agencyId');
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken) throw new AccountError('DUPLICATE_USER', `用户名 ${input.username} 已被使用`, 'username');
    const [u] = await tx
      .insert(users)
      .values({ ...input, roles: [...input.roles], passwordHash })
      .returning({ id: users.id });
    await audit(tx, {
      actor,
      action: 'user.create',
      entity: 'user',
      entityId: u!.id,
      after: { username: input.username, agencyId: input.agencyId, roles: input.roles },
    });
    await audit(tx, { actor, action: 'user.password.issued', entity: 'user', entityId: u!.id });
    return { id: u!.id, password };
  });
}

/** An administrator resets a password: a new one-time password, and every session of the user ends. */
export async function resetPassword(db: Db, userId: number, actor: string): Promise<string> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.execute(sql`delete from sessions where user_id = ${userId}`);
    await audit(tx, { actor, action: 'user.password.issued', entity: 'user', entityId: userId });
  });
  return password;
}

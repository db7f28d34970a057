// Sessions in the database. The cookie holds a random 32-byte token; the row is keyed by its SHA-256, so neither a
// database dump nor the audit log hands out a live session. A session ends after `sessionIdleMs` without a request
// or `sessionMaxMs` after login, whichever comes first; logging in always starts a new one (no session fixation).
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { sessions } from '../../db/schema/sessions.ts';
import type { Role } from '../../db/schema/vocabulary.ts';
import type { CurrentSession, CurrentUser } from '../env.ts';
import { newToken, sha256Hex } from './tokens.ts';

export const SESSION_COOKIE = 'gk_session';

export interface SessionTimes {
  readonly now: Date;
  readonly idleMs: number;
  readonly maxMs: number;
}

export async function createSession(
  db: Executor,
  userId: number,
  t: SessionTimes,
): Promise<{ token: string; session: CurrentSession }> {
  const token = newToken();
  const id = sha256Hex(token);
  const csrfSecret = newToken();
  await db.insert(sessions).values({
    id,
    userId,
    createdAt: t.now,
    lastSeenAt: t.now,
    expiresAt: new Date(t.now.getTime() + t.maxMs),
    csrfSecret,
  });
  return { token, session: { id, csrfSecret } };
}

interface Row {
  id: string;
  csrf_secret: string;
  last_seen_at: string | Date;
  expires_at: string | Date;
  user_id: number;
  username: string;
  display_name: string;
  agency_id: number;
  agency_name: string;
  roles: Role[] | string;
  last_password_action: string | null;
}

/**
 * The session and user of a cookie token, or null when the token is unknown, expired, idle too long, or its user
 * has been deactivated. Touches `last_seen_at` at most once a minute.
 */
export interface FoundSession {
  readonly session: CurrentSession;
  readonly user: CurrentUser;
  /** When the session ends however active it is (ms since the epoch). */
  readonly expiresAt: number;
  /** `last_seen_at` as stored after this lookup (ms): the idle timeout counts from it. */
  readonly lastSeenAt: number;
}

export async function lookupSession(
  db: Executor,
  token: string,
  t: SessionTimes,
): Promise<FoundSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = sha256Hex(token);
  const idleSince = new Date(t.now.getTime() - t.idleMs);
  const [row] = await queryRows<Row>(
    db,
    sql`select s.id, s.csrf_secret, s.last_seen_at, s.expires_at, u.id as user_id, u.username, u.display_name, u.agency_id,
          a.name as agency_name, u.roles,
          (select l.action from audit_log l
            where l.entity = 'user' and l.entity_id = u.id::text
              and l.action in ('user.password.issued', 'user.password.changed')
            order by l.id desc limit 1) as last_password_action
        from sessions s join users u on u.id = s.user_id join agencies a on a.id = u.agency_id
        where s.id = ${id} and s.expires_at > ${t.now.toISOString()}::timestamptz
          and s.last_seen_at > ${idleSince.toISOString()}::timestamptz and u.active`,
  );
  if (!row) return null;
  let lastSeen = new Date(row.last_seen_at).getTime();
  if (t.now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    await touchSession(db, id, t.now);
    lastSeen = t.now.getTime();
  }
  return {
    expiresAt: new Date(row.expires_at).getTime(),
    lastSeenAt: lastSeen,
    session: { id: row.id, csrfSecret: row.csrf_secret },
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      roles: parseRoles(row.roles),
      mustChangePassword: row.last_password_action === 'user.password.issued',
    },
  };
}

/** `last_seen_at` is written at most this often per session (the idle timeout is minutes to hours). */
export const TOUCH_EVERY_MS = 60_000;

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

/** node-postgres parses text[] into an array; PGlite may hand back the literal '{a,b}'. */
function parseRoles(v: Role[] | string): Role[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as Role[];
}

export async function destroySession(db: Executor, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** End every session of a user (password changed or reset, account deactivated). */
export async function destroyUserSessions(db: Executor, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Remove expired and idle sessions (run now and then; lookups ignore them anyway). */
export async function pruneSessions(db: Executor, t: SessionTimes): Promise<void> {
  const idleSince = new Date(t.now.getTime() - t.idleMs);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, t.now), and(lt(sessions.lastSeenAt, idleSince))));
}

// People by name, never by internal id: the audit actors of the timeline ("user:<username>", "system:demo",
// "anonymous:<address>", "cli:<os user>") as a reader understands them.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/handle.ts';
import { users } from '../../db/schema/users.ts';

/** actor → the name to show. Unknown users keep a neutral label rather than their login name. */
export async function actorNames(db: Executor, actors: readonly string[]): Promise<Map<string, string>> {
  const usernames = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))];
  const found = usernames.length
    ? await db
        .select({ username: users.username, name: users.displayName })
        .from(users)
        .where(inArray(users.username, usernames))
    : [];
  const byUser = new Map(found.map((u) => [u.username, u.name]));
  const out = new Map<string, string>();
  for (const a of actors) out.set(a, actorLabel(a, byUser));
  return out;
}

function actorLabel(a: string, byUser: ReadonlyMap<string, string>): string {
  if (a.startsWith('user:')) return byUser.get(a.slice(5)) ?? '工作人员';
  if (a === 'system' || a.startsWith('system:')) return '系统';
  if (a.startsWith('anonymous:')) return '申请人（网上提交）';
  if (a.startsWith('cli:')) return '系统管理员（命令行）';
  return '工作人员';
}

/** A username recorded in data (an approver) shown by name. */
export async function userNames(db: Executor, usernames: readonly string[]): Promise<Map<string, string>> {
  const m = await actorNames(
    db,
    usernames.map((u) => `user:${u}`),
  );
  return new Map(usernames.map((u) => [u, m.get(`user:${u}`) === '工作人员' ? u : m.get(`user:${u}`)!]));
}

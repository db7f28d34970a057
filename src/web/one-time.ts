// A result to be shown exactly once: the one-time password an administrator has just issued. The POST stores it
// under a random key bound to the administrator's session and redirects to a GET that takes it out; a reload of
// that GET finds nothing and says so — it never issues a second password behind the administrator's back.
// Kept in memory only, for a few minutes: a password never touches the database in clear, and a restart simply
// forgets an unread one (the administrator resets again).
import { randomBytes } from 'node:crypto';

interface Entry<T> {
  readonly sessionId: string;
  readonly value: T;
  readonly expires: number;
}

export class OneTimeDisplay<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(private readonly ttlMs = 10 * 60_000) {}

  put(sessionId: string, value: T, now = Date.now()): string {
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
    const key = randomBytes(16).toString('hex');
    this.entries.set(key, { sessionId, value, expires: now + this.ttlMs });
    return key;
  }

  /** The value, once, to the session that stored it; null afterwards, after the time-out, or for anyone else. */
  take(sessionId: string, key: string, now = Date.now()): T | null {
    const e = this.entries.get(key);
    if (!e || e.sessionId !== sessionId) return null;
    this.entries.delete(key);
    return e.expires > now ? e.value : null;
  }
}

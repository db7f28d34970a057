// Forms that come back filled after an expired session: the typed fields are kept server-side under a one-time
// random key (table form_drafts) rather than in the login address, because they hold ID and phone numbers. A draft
// is given once, to the same form, within DRAFT_TTL_MS; older drafts are removed whenever one is stored.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { formDrafts } from '../db/schema/case-files.ts';

export const DRAFT_TTL_MS = 2 * 60 * 60 * 1000;

/** The forms whose GET takes `?draft=<key>`. */
export const DRAFT_FORMS: ReadonlySet<string> = new Set(['/staff/intake', '/apply']);

export async function stashDraft(
  db: Executor,
  path: string,
  fields: Readonly<Record<string, string>>,
  now: Date,
): Promise<string> {
  const key = randomBytes(18).toString('base64url');
  await db.delete(formDrafts).where(lt(formDrafts.createdAt, new Date(now.getTime() - DRAFT_TTL_MS)));
  await db.insert(formDrafts).values({ key, path, fields: { ...fields }, createdAt: now });
  return key;
}

/** The draft of `path` under `key`, removed as it is read; null when unknown, used, expired or another form's. */
export async function takeDraft(
  db: Executor,
  path: string,
  key: string | undefined,
  now: Date,
): Promise<Record<string, string> | null> {
  if (!key || !/^[A-Za-z0-9_-]{20,40}$/.test(key)) return null;
  const [row] = await db
    .delete(formDrafts)
    .where(
      and(
        eq(formDrafts.key, key),
        eq(formDrafts.path, path),
        gt(formDrafts.createdAt, new Date(now.getTime() - DRAFT_TTL_MS)),
      ),
    )
    .returning({ fields: formDrafts.fields });
  return row ? row.fields : null;
}

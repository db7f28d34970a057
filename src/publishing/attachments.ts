// Attachments of a publishing item. The bytes are stored in the database (bytea) under their SHA-256, with the
// file's base name for display; a path given by a user is never stored or opened. Reading checks the hash again.
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { publishingAttachments, publishingItems } from '../db/schema/publishing.ts';
import type { PublishingContext } from './context.ts';
import { invalid, notFound, PublishingError } from './errors.ts';

/** Attachments larger than this are refused (a scanned document of some hundred pages fits). */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export interface AttachmentMeta {
  readonly id: number;
  readonly itemId: number;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The base name of a file name as a browser or a shell may give it ("C:\\x\\a.pdf", "../a.pdf" → "a.pdf"). */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // No control characters; no leading dots (a hidden or relative name).
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  if (!clean) throw invalid(`附件名称“${name}”无效`);
  if (clean.length > 200) throw invalid('附件名称不能超过200字');
  return clean;
}

export async function addAttachment(
  db: Db,
  itemId: number,
  file: { name: string; bytes: Uint8Array },
  ctx: PublishingContext,
): Promise<AttachmentMeta> {
  const name = displayName(file.name);
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES)
    throw invalid(`附件“${name}”超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const sha256 = sha256Hex(file.bytes);
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select()
      .from(publishingItems)
      .where(eq(publishingItems.id, itemId))
      .for('update');
    if (!item) throw notFound('主动公开信息', itemId);
    // What was reviewed is what is published: attachments change only while the item is a draft.
    if (item.state !== 'draft') throw new PublishingError('WRONG_STATE', '只有草稿状态的信息可以添加附件');
    const [dup] = await tx
      .select({ name: publishingAttachments.name })
      .from(publishingAttachments)
      .where(and(eq(publishingAttachments.itemId, itemId), eq(publishingAttachments.sha256, sha256)));
    if (dup) throw new PublishingError('CONFLICT', `附件“${name}”与已有附件“${dup.name}”内容相同`);
    const [row] = await tx
      .insert(publishingAttachments)
      .values({
        itemId,
        name,
        sha256,
        size: file.bytes.byteLength,
        content: file.bytes,
        createdBy: ctx.actor,
      })
      .returning({
        id: publishingAttachments.id,
        itemId: publishingAttachments.itemId,
        name: publishingAttachments.name,
        sha256: publishingAttachments.sha256,
        size: publishingAttachments.size,
        createdBy: publishingAttachments.createdBy,
        createdAt: publishingAttachments.createdAt,
      });
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'publishing.attachment.add',
      entity: 'publishing_item',
      entityId: itemId,
      after: { attachment: row!.id, name, sha256, size: row!.size },
    });
    return row!;
  });
}

export async function listAttachments(db: Executor, itemId: number): Promise<AttachmentMeta[]> {
  return db
    .select({
      id: publishingAttachments.id,
      itemId: publishingAttachments.itemId,
      name: publishingAttachments.name,
      sha256: publishingAttachments.sha256,
      size: publishingAttachments.size,
      createdBy: publishingAttachments.createdBy,
      createdAt: publishingAttachments.createdAt,
    })
    .from(publishingAttachments)
    .where(eq(publishingAttachments.itemId, itemId))
    .orderBy(asc(publishingAttachments.id));
}

/** The bytes of an attachment, verified against their recorded hash. */
export async function readAttachment(
  db: Executor,
  id: number,
): Promise<{ meta: AttachmentMeta; bytes: Uint8Array }> {
  const [row] = await db.select().from(publishingAttachments).where(eq(publishingAttachments.id, id));
  if (!row) throw notFound('附件', id);
  const bytes = new Uint8Array(row.content);
  if (sha256Hex(bytes) !== row.sha256) throw new Error(`附件 ${id}（${row.name}）内容与登记的 SHA-256 不符`);
  const { content: _, ...meta } = row;
  return { meta, bytes };
}

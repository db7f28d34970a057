// The documents an agency releases with its reply (公开的政府信息, 《条例》第三十六条第（二）项、第三十七条: provide the
// information, or the part that can be given): uploaded by the officer on the case page, stored like the applicant's
// attachments (bytes in case_files with their SHA-256), and given to the holder of the 查询码 once the case is
// answered. Type is decided by the bytes, never by the name the browser sends.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db } from '../db/handle.ts';
import { caseFiles } from '../db/schema/case-files.ts';
import type { UseCaseContext } from './context.ts';
import { CaseError, invalid } from './errors.ts';
import { lockCase } from './events.ts';

/** One released file at most this large (a scanned contract of some hundred pages fits). */
export const MAX_RELEASED_BYTES = 20 * 1024 * 1024;
/** At most this many files in one upload. */
export const MAX_RELEASED_FILES = 10;

export const RELEASED_TYPES_LABEL = 'PDF、OFD、Word（DOCX）、Excel（XLSX）、JPEG 或 PNG';

const OOXML: readonly (readonly [string, string])[] = [
  ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['OFD.xml', 'application/ofd'],
];

/** The media type of `bytes` by their content, or null when it is none of the accepted kinds. */
export async function releasedMediaType(bytes: Uint8Array): Promise<string | null> {
  const b = bytes;
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    try {
      // Imported on the first zip checked, not at every server start (issue 18, docs/benchmarks.md).
      const { default: JSZip } = await import('jszip');
      const zip = await JSZip.loadAsync(bytes);
      for (const [entry, type] of OOXML) if (zip.file(entry)) return type;
    } catch {
      return null;
    }
  }
  return null;
}

/** The base name a browser may send ("C:\\x\\a.pdf" → "a.pdf"), without control characters or leading dots. */
export function releasedName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  if (!base) throw invalid(`文件名“${name}”无效`);
  return base.slice(0, 200);
}

export interface ReleasedUpload {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Store the released documents of a case. Every file is checked before any is stored (one bad file stores
 * nothing); a file whose content is already among the case's released documents is refused by name.
 */
export async function addReleasedFiles(
  db: Db,
  code: string,
  files: readonly ReleasedUpload[],
  ctx: UseCaseContext,
): Promise<{ ids: number[] }> {
  if (files.length === 0) throw invalid('请选择要上传的文件');
  if (files.length > MAX_RELEASED_FILES) throw invalid(`一次最多上传 ${MAX_RELEASED_FILES} 个文件`);
  const checked: { name: string; bytes: Uint8Array; mediaType: string; sha256: string }[] = [];
  for (const f of files) {
    const name = releasedName(f.name);
    if (f.bytes.byteLength === 0) throw invalid(`文件“${name}”是空文件`);
    if (f.bytes.byteLength > MAX_RELEASED_BYTES)
      throw invalid(`文件“${name}”超过 ${MAX_RELEASED_BYTES / 1024 / 1024} MB，请压缩或分册后再上传`);
    const mediaType = await releasedMediaType(f.bytes);
    if (!mediaType) throw invalid(`文件“${name}”不是 ${RELEASED_TYPES_LABEL} 文件`);
    checked.push({
      name,
      bytes: f.bytes,
      mediaType,
      sha256: createHash('sha256').update(f.bytes).digest('hex'),
    });
  }
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, code);
    const existing = await tx
      .select({ filename: caseFiles.filename, sha256: caseFiles.sha256 })
      .from(caseFiles)
      .where(and(eq(caseFiles.caseId, c.id), eq(caseFiles.role, 'released')));
    const seen = new Map(existing.map((e) => [e.sha256, e.filename]));
    const ids: number[] = [];
    for (const f of checked) {
      const dup = seen.get(f.sha256);
      if (dup) throw new CaseError('CONFLICT', `文件“${f.name}”与已上传的“${dup}”内容相同`);
      seen.set(f.sha256, f.name);
      const [row] = await tx
        .insert(caseFiles)
        .values({
          caseId: c.id,
          role: 'released',
          filename: f.name,
          mediaType: f.mediaType,
          size: f.bytes.byteLength,
          sha256: f.sha256,
          content: f.bytes,
          createdBy: ctx.actor,
        })
        .returning({ id: caseFiles.id });
      ids.push(row!.id);
      await writeAudit(tx, {
        actor: ctx.actor,
        action: 'case.file.released',
        entity: 'case',
        entityId: code,
        after: {
          file: row!.id,
          filename: f.name,
          mediaType: f.mediaType,
          size: f.bytes.byteLength,
          sha256: f.sha256,
        },
      });
    }
    return { ids };
  });
}

/** What a withdrawal is told: the reason is kept in the audit log beside the withdrawn file's name and hash. */
export const MAX_WITHDRAW_REASON = 500;

/**
 * Withdraw a released document uploaded by mistake (the wrong file, or one that discloses what 《条例》第十五条 protects:
 * a third party's trade secret or personal privacy). The applicant can no longer download it from /track; the
 * bytes are removed (keeping them would keep the disclosure), and the audit log keeps the name, size, SHA-256, who
 * withdrew it and why. A reason is required: after the reply the applicant may already hold the file, and whoever
 * reads the case later must see why it went.
 */
export async function withdrawReleasedFile(
  db: Db,
  code: string,
  fileId: number,
  reason: string,
  ctx: UseCaseContext,
): Promise<{ filename: string }> {
  const why = reason.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (!why) throw invalid('请填写撤回的理由');
  if (why.length > MAX_WITHDRAW_REASON) throw invalid(`撤回理由不超过 ${MAX_WITHDRAW_REASON} 字`);
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, code);
    const [f] = await tx
      .select({
        id: caseFiles.id,
        filename: caseFiles.filename,
        mediaType: caseFiles.mediaType,
        size: caseFiles.size,
        sha256: caseFiles.sha256,
        createdBy: caseFiles.createdBy,
        createdAt: caseFiles.createdAt,
      })
      .from(caseFiles)
      .where(and(eq(caseFiles.caseId, c.id), eq(caseFiles.id, fileId), eq(caseFiles.role, 'released')));
    // A second click, or another tab, after the file went: the page answers with what is left.
    if (!f) throw new CaseError('CONFLICT', '没有这个公开的文件（可能已被撤回）');
    await tx.delete(caseFiles).where(eq(caseFiles.id, f.id));
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'case.file.withdrawn',
      entity: 'case',
      entityId: code,
      before: {
        file: f.id,
        filename: f.filename,
        mediaType: f.mediaType,
        size: f.size,
        sha256: f.sha256,
        uploadedBy: f.createdBy,
        uploadedAt: f.createdAt,
      },
      after: { reason: why },
    });
    return { filename: f.filename };
  });
}

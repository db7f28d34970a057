// The supervisor's bulk upload, in the background: the request stores the files (upload_files) and returns at once;
// this queue reads them one at a time in the reading pipeline's worker (time and memory limits, never on the
// server's event loop) and records each file's outcome in a transaction of its own, so one file never costs another.
// The queue is the table: on start, files left 'reading' by a server that stopped are queued again.
//
// Scope: a report is matched only to agencies in the uploader's subtree. One that matches none there (or only an
// agency outside it) is not stored as an annual report: it waits on the review list, where a supervisor of that
// subtree assigns the agency or discards it.
import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { ocrBoxesOf } from '../../db/annual-report-values.ts';
import { cleanDeep, cleanText } from '../../db/clean-text.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { annualReports, type StoredFinding } from '../../db/schema/annual-reports.ts';
import { type UploadFileOutcome, uploadBatches, uploadFiles } from '../../db/schema/uploads.ts';
import { fromParsedJson, type ParsedJson, type Report, toParsedJson } from '../../domain/report/model.ts';
import { checkReport, type Finding } from '../../domain/rules/index.ts';
import type { ReadingPipeline } from '../../reading/pipeline.ts';
import { audit } from '../audit.ts';
import { readingQueue } from '../observability/metrics.ts';
import { subtreeIds } from '../scope.ts';
import { collectReport, matchAgency } from './store.ts';
import type { StoredFiles } from './stored-files.ts';
import { displayName, previousReport } from './upload.ts';

export const UPLOAD_OUTCOME_LABELS: Readonly<Record<UploadFileOutcome, string>> = {
  collected: '已收集',
  duplicate: '已存在（同一文件）',
  review: '待分配机关',
  unreadable: '无法读取',
  noYear: '未识别年度',
  tooLarge: '文件过大',
  empty: '空文件',
  failed: '处理失败',
};

export interface UploadQueueOptions {
  readonly db: Executor;
  readonly pipeline: ReadingPipeline;
  /** Where the uploaded bytes are (the request stored them there). */
  readonly files: StoredFiles;
  readonly maxFileBytes: number;
  readonly log?: (line: string) => void;
}

/** A file of an upload: its bytes already on disk (StoredFiles.put), or too large to be kept. */
export interface EnqueuedFile {
  readonly name: string;
  /** What the batch line says about the file before its outcome (a name that could not be read, replaced). */
  readonly note?: string;
  readonly size: number;
  readonly sha256: string;
  /** Relative to the store; null when the bytes were not kept (over the per-file limit). */
  readonly path: string | null;
}

/**
 * Record an upload's files, already stored on disk, and return its batch id; the queue reads them after. Only small
 * rows go into the database: the bytes never pass through it.
 */
export async function enqueueUpload(
  db: Executor,
  input: { userId: number; scopeAgencyId: number; files: readonly EnqueuedFile[]; actor?: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [b] = await tx
      .insert(uploadBatches)
      .values({ userId: input.userId, scopeAgencyId: input.scopeAgencyId })
      .returning({ id: uploadBatches.id });
    if (input.files.length)
      await tx.insert(uploadFiles).values(
        input.files.map((f, i) => ({
          batchId: b!.id,
          position: i,
          name: displayName(f.name),
          size: f.size,
          sha256: f.sha256,
          path: f.path,
          message: f.note ?? null,
        })),
      );
    // The upload itself is a change (files kept on the server, a batch to read): in the log with its files.
    await audit(tx, {
      actor: input.actor ?? (await actorOf(tx, input.userId)),
      action: 'upload.store',
      entity: 'upload_batch',
      entityId: b!.id,
      after: {
        scopeAgencyId: input.scopeAgencyId,
        files: input.files.map((f) => ({
          name: displayName(f.name),
          size: f.size,
          sha256: f.sha256 || null,
        })),
      },
    });
    return b!.id;
  });
}

/**
 * Store the bytes of an upload's files (each streamed to disk, one at a time) and record the batch. A file over the
 * per-file limit is not kept: its row says so when the queue reaches it.
 */
export async function storeUpload(
  db: Executor,
  store: StoredFiles,
  input: {
    userId: number;
    scopeAgencyId: number;
    maxFileBytes: number;
    files: readonly { name: string; size: number; stream(): ReadableStream<Uint8Array> }[];
  },
): Promise<number> {
  const stored: EnqueuedFile[] = [];
  try {
    for (const f of input.files) {
      if (f.size > input.maxFileBytes) {
        stored.push({ name: f.name, size: f.size, sha256: '', path: null });
        continue;
      }
      // Pinned until its row is committed: the queue, releasing an earlier copy of the same file, keeps it.
      const s = await store.put(f.stream(), { pin: true });
      stored.push({ name: f.name, size: s.size, sha256: s.sha256, path: s.path });
    }
    return await enqueueUpload(db, {
      userId: input.userId,
      scopeAgencyId: input.scopeAgencyId,
      files: stored,
    });
  } finally {
    for (const f of stored) if (f.path) store.unpin(f.sha256);
  }
}

type Outcome = {
  outcome: UploadFileOutcome;
  message: string;
  form?: string | null;
  agencyName?: string | null;
  year?: number | null;
  errors?: number | null;
  warnings?: number | null;
  reportId?: number | null;
  parsed?: Record<string, unknown> | null;
  findings?: StoredFinding[] | null;
  reviewState?: 'pending' | null;
};

/**
 * The agency of `name` among `ids` (the uploader's subtree), or null: the one matcher of names, short forms and
 * aliases (src/supervision/agency-names.ts), then the scope. A name that means an agency elsewhere is not matched.
 */
async function matchInScope(
  db: Executor,
  name: string | null,
  ids: readonly number[],
): Promise<number | null> {
  if (!name || !ids.length) return null;
  const id = await matchAgency(db, name);
  return id !== null && ids.includes(id) ? id : null;
}

export class UploadQueue {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly o: UploadQueueOptions) {}

  /** After a restart: files a stopped server was reading are read again; then the queue runs. */
  async resume(): Promise<void> {
    await this.o.files.sweepTemp();
    await this.o.db.update(uploadFiles).set({ status: 'queued' }).where(eq(uploadFiles.status, 'reading'));
    this.kick();
  }

  /** Start reading queued files (no-op when already running). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when nothing is queued or being read (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      const [next] = await this.o.db
        .select({ id: uploadFiles.id })
        .from(uploadFiles)
        .where(eq(uploadFiles.status, 'queued'))
        .orderBy(asc(uploadFiles.id))
        .limit(1);
      // The operator's /metrics shows how many uploaded files are waiting to be read.
      const [waiting] = await this.o.db
        .select({ n: count() })
        .from(uploadFiles)
        .where(eq(uploadFiles.status, 'queued'));
      readingQueue.set(Number(waiting?.n ?? 0));
      if (!next) return;
      await this.process(next.id);
    }
  }

  /** Read and store one file; whatever happens, the file ends with an outcome. */
  private async process(id: number): Promise<void> {
    const db = this.o.db;
    await db.update(uploadFiles).set({ status: 'reading' }).where(eq(uploadFiles.id, id));
    let result: Outcome;
    try {
      result = await this.outcomeOf(id);
    } catch (e) {
      const ref = randomBytes(4).toString('hex');
      this.o.log?.(
        `上传文件处理失败 [${ref}] upload_files.id=${id}: ${e instanceof Error ? (e.stack ?? e.message) : e}`,
      );
      const [f] = await db.select({ name: uploadFiles.name }).from(uploadFiles).where(eq(uploadFiles.id, id));
      result = {
        outcome: 'failed',
        message: `${f?.name ?? '文件'}：处理时出错，未收集（问题编号 ${ref}，已记录）`,
      };
    }
    await db
      .update(uploadFiles)
      .set({
        status: 'done',
        content: null,
        finishedAt: new Date(),
        outcome: result.outcome,
        // A note written at upload (a replaced name) stays in front of the outcome.
        message: sql`concat_ws('；', ${uploadFiles.message}, ${result.message}::text)`,
        form: result.form ?? null,
        agencyName: result.agencyName ?? null,
        year: result.year ?? null,
        errors: result.errors ?? null,
        warnings: result.warnings ?? null,
        reportId: result.reportId ?? null,
        parsed: result.parsed ?? null,
        findings: result.findings ?? null,
        reviewState: result.reviewState ?? null,
      })
      .where(eq(uploadFiles.id, id));
    await this.release(id);
  }

  /**
   * The bytes of a file that was read stay on disk only while something may need them again: a collected report
   * (its scan for the crop view, a re-read) or a file waiting on the review list. Refused files are removed.
   */
  private async release(id: number): Promise<void> {
    const [f] = await this.o.db
      .select({ sha256: uploadFiles.sha256, path: uploadFiles.path })
      .from(uploadFiles)
      .where(eq(uploadFiles.id, id));
    if (f?.path) await releaseStored(this.o.db, this.o.files, f.sha256);
  }

  private async outcomeOf(id: number): Promise<Outcome> {
    const db = this.o.db;
    const [f] = await db
      .select({
        name: uploadFiles.name,
        size: uploadFiles.size,
        content: uploadFiles.content,
        path: uploadFiles.path,
        sha256: uploadFiles.sha256,
        scope: uploadBatches.scopeAgencyId,
        userId: uploadBatches.userId,
      })
      .from(uploadFiles)
      .innerJoin(uploadBatches, eq(uploadBatches.id, uploadFiles.batchId))
      .where(eq(uploadFiles.id, id));
    if (!f) throw new Error(`upload file ${id} vanished`);
    const name = f.name;
    if (f.size > this.o.maxFileBytes)
      return {
        outcome: 'tooLarge',
        message: `文件大小 ${(f.size / 1048576).toFixed(1)} MB，超过单个文件上限 ${(this.o.maxFileBytes / 1048576).toFixed(0)} MB`,
      };
    if (f.size === 0) return { outcome: 'empty', message: '文件是空的' };
    // On disk since files moved out of the database (read there by the reading process itself, never loaded
    // here); a row queued before that still holds its bytes.
    const stored = f.path ? await this.o.files.storedPath(f.sha256) : null;
    if (!stored && !f.content)
      return { outcome: 'failed', message: `${name}：上传的文件已不在服务器上，请重新上传` };
    const [dup] = await db
      .select({ id: annualReports.id, agencyName: annualReports.agencyName, year: annualReports.year })
      .from(annualReports)
      .where(eq(annualReports.sha256, f.sha256));
    if (dup)
      return {
        outcome: 'duplicate',
        message: '该文件此前已收集，未重复保存',
        reportId: dup.id,
        agencyName: dup.agencyName,
        year: dup.year,
      };
    const r = stored
      ? await this.o.pipeline.readStored(stored, f.sha256, f.size, name)
      : await this.o.pipeline.read(f.content!, name);
    if (!r.ok) return { outcome: r.kind === 'tooLarge' ? 'tooLarge' : 'unreadable', message: r.message };
    const report = r.report;
    if (report.year === null)
      return {
        outcome: 'noYear',
        message: `${name}：未能从标题或正文中识别报告年度，未收集`,
        agencyName: report.agency,
        form: r.form,
      };
    const actor = await actorOf(db, f.userId);
    const agencyId = await matchInScope(db, report.agency, await subtreeIds(db, f.scope));
    if (agencyId === null) {
      const { value } = cleanDeep({
        // Without the source positions (large), but with the boxes of OCR-read numbers: the crop of the scan beside
        // each number once the file is assigned to an agency (issue 17).
        parsed: withOcrBoxes(toParsedJson(report, { provenance: false }), report) as unknown as Record<
          string,
          unknown
        >,
        findings: r.findings.map((x) => ({ ...x, cells: [...x.cells] })) as StoredFinding[],
      });
      const errors = r.findings.filter((x) => x.severity === 'error').length;
      return {
        outcome: 'review',
        message: report.agency
          ? `报告署名“${cleanText(report.agency).text}”未匹配到您监督范围内的机关，已列入待分配清单`
          : '未能识别报告所属机关，已列入待分配清单',
        form: r.form,
        agencyName: report.agency,
        year: report.year,
        errors,
        warnings: r.findings.length - errors,
        parsed: value.parsed,
        findings: value.findings,
        reviewState: 'pending',
      };
    }
    return db.transaction(async (tx) => {
      const findings = checkReport(report, { prev: await previousReport(tx, agencyId, report.year!) });
      const errors = findings.filter((x) => x.severity === 'error').length;
      const { id: reportId, created } = await collectReport(
        tx,
        {
          report,
          ...(r.sources ? { sources: r.sources } : {}),
          findings,
          sourceName: name,
          sourceForm: r.form,
          sha256: f.sha256,
          origin: 'upload',
          agencyId,
        },
        actor,
      );
      return {
        outcome: created ? 'collected' : 'duplicate',
        message: created ? '已读取、检查并收集' : '该文件此前已收集，未重复保存',
        form: r.form,
        agencyName: report.agency,
        year: report.year,
        errors,
        warnings: findings.length - errors,
        reportId,
      } satisfies Outcome;
    });
  }
}

/** `parsed` with the provenance of its OCR-read numbers only (kind, page, box: what the crop view needs). */
function withOcrBoxes(parsed: ParsedJson, report: Report): ParsedJson {
  const boxes = Object.entries(ocrBoxesOf(report.provenance));
  if (!boxes.length) return parsed;
  return {
    ...parsed,
    provenance: Object.fromEntries(boxes.map(([k, b]) => [k, { kind: 'ocr' as const, ...b }])),
  };
}

async function actorOf(db: Executor, userId: number): Promise<string> {
  const [u] = await queryRows<{ username: string }>(db, sql`select username from users where id = ${userId}`);
  return `user:${u?.username ?? userId}`;
}

export interface BatchFile {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly status: string;
  readonly outcome: UploadFileOutcome | null;
  readonly message: string | null;
  readonly agencyName: string | null;
  readonly year: number | null;
  readonly errors: number | null;
  readonly warnings: number | null;
  readonly reportId: number | null;
  readonly reviewState: string | null;
}

export interface Batch {
  readonly id: number;
  readonly userId: number;
  readonly scopeAgencyId: number;
  readonly createdAt: Date;
  readonly files: readonly BatchFile[];
  readonly done: boolean;
}

export async function loadBatch(db: Executor, id: number): Promise<Batch | null> {
  const [b] = await db.select().from(uploadBatches).where(eq(uploadBatches.id, id));
  if (!b) return null;
  const files = await db
    .select({
      id: uploadFiles.id,
      name: uploadFiles.name,
      size: uploadFiles.size,
      status: uploadFiles.status,
      outcome: uploadFiles.outcome,
      message: uploadFiles.message,
      agencyName: uploadFiles.agencyName,
      year: uploadFiles.year,
      errors: uploadFiles.errors,
      warnings: uploadFiles.warnings,
      reportId: uploadFiles.reportId,
      reviewState: uploadFiles.reviewState,
    })
    .from(uploadFiles)
    .where(eq(uploadFiles.batchId, id))
    .orderBy(asc(uploadFiles.position));
  return {
    ...b,
    files: files.map((f) => ({ ...f, outcome: f.outcome as UploadFileOutcome | null })),
    done: files.every((f) => f.status === 'done'),
  };
}

export interface ReviewItem {
  readonly id: number;
  readonly name: string;
  readonly agencyName: string | null;
  readonly year: number | null;
  readonly errors: number | null;
  readonly warnings: number | null;
  readonly uploadedAt: Date;
}

/** Files waiting for an agency, uploaded within the subtree of `rootId`. */
export async function reviewList(db: Executor, rootId: number): Promise<ReviewItem[]> {
  const ids = await subtreeIds(db, rootId);
  if (!ids.length) return [];
  return db
    .select({
      id: uploadFiles.id,
      name: uploadFiles.name,
      agencyName: uploadFiles.agencyName,
      year: uploadFiles.year,
      errors: uploadFiles.errors,
      warnings: uploadFiles.warnings,
      uploadedAt: uploadBatches.createdAt,
    })
    .from(uploadFiles)
    .innerJoin(uploadBatches, eq(uploadBatches.id, uploadFiles.batchId))
    .where(and(eq(uploadFiles.reviewState, 'pending'), inArray(uploadBatches.scopeAgencyId, ids)))
    .orderBy(asc(uploadFiles.id));
}

/** A pending review item visible to a supervisor of `rootId`, with what assigning it needs. */
export async function reviewItem(db: Executor, rootId: number, fileId: number) {
  const [f] = await db
    .select({
      id: uploadFiles.id,
      name: uploadFiles.name,
      sha256: uploadFiles.sha256,
      form: uploadFiles.form,
      parsed: uploadFiles.parsed,
      findings: uploadFiles.findings,
      scope: uploadBatches.scopeAgencyId,
      reviewState: uploadFiles.reviewState,
    })
    .from(uploadFiles)
    .innerJoin(uploadBatches, eq(uploadBatches.id, uploadFiles.batchId))
    .where(eq(uploadFiles.id, fileId));
  if (!f || f.reviewState !== 'pending') return null;
  if (!(await subtreeIds(db, rootId)).includes(f.scope)) return null;
  return f;
}

/** Assign a pending file to an agency: it becomes an annual report of that agency (checked against last year). */
export async function assignReview(
  db: Executor,
  item: NonNullable<Awaited<ReturnType<typeof reviewItem>>>,
  agencyId: number,
  actor: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const report = fromParsedJson(item.parsed as unknown as ParsedJson);
    const findings: Finding[] = checkReport(report, {
      prev: report.year === null ? undefined : await previousReport(tx, agencyId, report.year),
    });
    const { id } = await collectReport(
      tx,
      {
        report,
        findings,
        sourceName: item.name,
        sourceForm: item.form ?? 'unknown',
        sha256: item.sha256,
        origin: 'upload',
        agencyId,
      },
      actor,
    );
    await tx
      .update(uploadFiles)
      .set({ reviewState: 'assigned', reviewedBy: actor, reviewedAt: new Date(), reportId: id })
      .where(eq(uploadFiles.id, item.id));
    await audit(tx, {
      actor,
      action: 'upload.assign',
      entity: 'upload_file',
      entityId: item.id,
      after: { agencyId, reportId: id },
    });
    return id;
  });
}

export async function discardReview(
  db: Executor,
  files: StoredFiles,
  fileId: number,
  actor: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(uploadFiles)
      .set({ reviewState: 'discarded', reviewedBy: actor, reviewedAt: new Date(), parsed: null })
      .where(eq(uploadFiles.id, fileId));
    await audit(tx, { actor, action: 'upload.discard', entity: 'upload_file', entityId: fileId });
  });
  const [f] = await db
    .select({ sha256: uploadFiles.sha256, path: uploadFiles.path })
    .from(uploadFiles)
    .where(eq(uploadFiles.id, fileId));
  if (f?.path) await releaseStored(db, files, f.sha256);
}

/**
 * Remove the stored bytes of `sha256` unless something still needs them: an annual report collected from them, or
 * an uploaded file not yet read or waiting on the review list.
 */
export async function releaseStored(db: Executor, files: StoredFiles, sha256: string): Promise<void> {
  const [used] = await queryRows<{ n: number }>(
    db,
    sql`select (exists (select 1 from annual_reports where sha256 = ${sha256})
          or exists (select 1 from upload_files where sha256 = ${sha256} and path is not null
                     and (status <> 'done' or review_state = 'pending')))::int as n`,
  );
  if (!Number(used?.n)) await files.remove(sha256);
}

// The supervisor's bulk upload: the form, the POST that stores the files and returns at once (the files are read in
// the background, src/web/reports/upload-queue.ts), the progress page of a batch, and the review list of reports
// that matched no agency in the supervisor's subtree (assign an agency, or discard).
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { type Context, Hono } from 'hono';
import { userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { streamedToken } from '../middleware/csrf.ts';
import {
  assignReview,
  discardReview,
  type EnqueuedFile,
  enqueueUpload,
  loadBatch,
  reviewItem,
  reviewList,
} from '../reports/upload-queue.ts';
import { discardReceived, receiveUpload, UploadAborted, UploadRefused } from '../reports/upload-receive.ts';
import { agencyTree, flattenTree, inSubtree, subtreeIds } from '../scope.ts';
import { formValues, one } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import { UploadPage } from '../views/supervise.tsx';
import { BatchPage, ReviewPage } from '../views/supervise-upload.tsx';

export const UPLOAD_PATH = '/supervise/upload';

const intParam = (s: string | undefined): number | null => (s && /^\d{1,9}$/.test(s) ? Number(s) : null);

/** The upload form, with what went wrong when a POST was refused (the files must be chosen again: a browser never
 *  refills a file input). */
function uploadForm(c: Context<AppEnv>, status: 200 | 400 | 413 | 422 = 200, error?: string) {
  const u = c.get('deps').options.upload;
  return page(
    c,
    <UploadPage
      {...frame(c)}
      maxFiles={u.maxFiles}
      maxFileMb={Math.round(u.maxFileBytes / 1048576)}
      maxTotalMb={Math.round(u.maxTotalBytes / 1048576)}
      error={error}
    />,
    status,
  );
}

/** The request body as a Node stream: the Node request itself under @hono/node-server, else the Web body. */
function requestBody(c: Context<AppEnv>): Readable {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.readableDidRead) return incoming;
  const body = c.req.raw.body;
  return body
    ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
    : Readable.from([]);
}

export function superviseUploadRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/upload', guard('supervise.upload'), (c) => uploadForm(c));

  // Stores the files and answers at once: reading is the queue's job, off the request and off the event loop. The
  // body is streamed to disk as it arrives (reports/upload-receive.ts): the request holds a few chunks, never the
  // upload, so a slow client or three supervisors at once cost disk, not the server's memory.
  app.post('/upload', guard('supervise.upload'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const u = deps.options.upload;
    const token = streamedToken(c);
    const contentType = c.req.header('content-type') ?? '';
    // Only a multipart form carries files (the CSRF middleware checked anything else's token already).
    if (!token) return uploadForm(c, 400, '请选择至少一个报告文件。');
    let files: EnqueuedFile[];
    try {
      files = await receiveUpload({
        source: requestBody(c),
        contentType,
        store: deps.files,
        db: deps.handle.db,
        token,
        limits: {
          maxFiles: u.maxFiles,
          maxFileBytes: u.maxFileBytes,
          maxTotalBytes: u.maxTotalBytes,
        },
      });
    } catch (e) {
      if (e instanceof UploadRefused && (e.status === 400 || e.status === 413))
        return uploadForm(c, e.status, e.message);
      // Nobody is waiting for an answer; the connection is gone.
      if (e instanceof UploadAborted) return c.body(null, 400);
      throw e;
    }
    let batchId: number;
    try {
      batchId = await enqueueUpload(deps.handle.db, {
        userId: user.id,
        scopeAgencyId: user.agencyId,
        files,
        actor: userActor(user.username),
      });
    } catch (e) {
      await discardReceived(deps.handle.db, deps.files, files);
      throw e;
    }
    for (const f of files) if (f.path) deps.files.unpin(f.sha256);
    deps.uploads?.kick();
    return c.redirect(`/supervise/uploads/${batchId}`, 303);
  });

  app.get('/uploads/:batchId', guard('supervise.upload'), async (c) => {
    const db = c.get('deps').handle.db;
    const user = c.get('user')!;
    const id = intParam(c.req.param('batchId'));
    const batch = id === null ? null : await loadBatch(db, id);
    // The uploader, or a supervisor whose subtree holds the uploader's agency.
    if (!batch || (batch.userId !== user.id && !(await inSubtree(db, user.agencyId, batch.scopeAgencyId))))
      throw notFound('上传记录');
    return page(c, <BatchPage {...frame(c)} batch={batch} />);
  });

  const reviewPage = async (c: Context<AppEnv>, errors?: Record<string, string>) => {
    const db = c.get('deps').handle.db;
    const user = c.get('user')!;
    const agencies = flattenTree(await agencyTree(db, user.agencyId)).map((n) => ({
      id: n.id,
      name: n.name,
    }));
    return page(
      c,
      <ReviewPage
        {...frame(c)}
        items={await reviewList(db, user.agencyId)}
        agencies={agencies}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get('/review', guard('supervise.upload'), (c) => reviewPage(c));

  app.post('/review/:fileId', guard('supervise.upload'), async (c) => {
    const db = c.get('deps').handle.db;
    const user = c.get('user')!;
    const id = intParam(c.req.param('fileId'));
    const item = id === null ? null : await reviewItem(db, user.agencyId, id);
    if (!item) throw notFound('待分配的报告');
    const values = await formValues(c);
    const action = one(values.action);
    const actor = userActor(user.username);
    if (action === 'discard') {
      await discardReview(db, c.get('deps').files, item.id, actor);
      return c.redirect('/supervise/review', 303);
    }
    if (action !== 'assign') return reviewPage(c, { form: '请选择“指定机关并收入”或“舍弃”。' });
    const agencyId = intParam(one(values.agencyId));
    // Only an agency of the supervisor's own subtree.
    if (agencyId === null || !(await subtreeIds(db, user.agencyId)).includes(agencyId))
      return reviewPage(c, { form: '只能选择您监督范围内的机关。' });
    const reportId = await assignReview(db, item, agencyId, actor);
    return c.redirect(`/supervise/reports/${reportId}/edit`, 303);
  });

  return app;
}

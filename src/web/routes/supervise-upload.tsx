// The supervisor's bulk upload: the form, the POST that stores the files and returns at once (the files are read in
// the background, src/web/reports/upload-queue.ts), the progress page of a batch, and the review list of reports
// that matched no agency in the supervisor's subtree (assign an agency, or discard).
import { type Context, Hono } from 'hono';
import { userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import {
  assignReview,
  discardReview,
  loadBatch,
  reviewItem,
  reviewList,
  storeUpload,
} from '../reports/upload-queue.ts';
import { agencyTree, flattenTree, inSubtree, subtreeIds } from '../scope.ts';
import { formValues, one } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import { UploadPage } from '../views/supervise.tsx';
import { BatchPage, ReviewPage } from '../views/supervise-upload.tsx';

export const UPLOAD_PATH = '/supervise/upload';

const intParam = (s: string | undefined): number | null => (s && /^\d{1,9}$/.test(s) ? Number(s) : null);

export function superviseUploadRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/upload', guard('supervise.upload'), (c) => {
    const u = c.get('deps').options.upload;
    return page(
      c,
      <UploadPage
        {...frame(c)}
        maxFiles={u.maxFiles}
        maxFileMb={Math.round(u.maxFileBytes / 1048576)}
        maxTotalMb={Math.round(u.maxTotalBytes / 1048576)}
      />,
    );
  });

  // Stores the files and answers at once: reading is the queue's job, off the request and off the event loop.
  app.post('/upload', guard('supervise.upload'), async (c) => {
    const deps = c.get('deps');
    const user = c.get('user')!;
    const body = await c.req.parseBody({ all: true });
    const raw = body.files;
    const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
      (f): f is File => typeof f !== 'string',
    );
    if (!files.length) throw badRequest('请选择至少一个报告文件。');
    if (files.length > deps.options.upload.maxFiles)
      throw badRequest(
        `一次最多上传 ${deps.options.upload.maxFiles} 个文件，本次选择了 ${files.length} 个。`,
      );
    // The bytes go to disk (the data folder's files/, by hash), one file at a time; the database gets small rows.
    const batchId = await storeUpload(deps.handle.db, deps.files, {
      userId: user.id,
      scopeAgencyId: user.agencyId,
      maxFileBytes: deps.options.upload.maxFileBytes,
      files,
    });
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

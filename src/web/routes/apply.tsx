// The public application form (rate-limited per address; CSRF by double-submit cookie; a one-time form token so that
// a second press of "submit" or a resubmission after "back" registers nothing twice), its attachments (identity
// proof, the application letter: size- and type-checked by content), the receipt with the 查询码, and tracking:
// stage, due date (暂定 where provisional), overdue state, and for the holder of the code the letters and the
// documents released. Intake goes through the case use case (src/cases/intake.ts) like every other channel.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { intakeCase } from '../../cases/intake.ts';
import type { Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { caseFiles } from '../../db/schema/case-files.ts';
import { cases } from '../../db/schema/cases.ts';
import { anonymousActor } from '../audit.ts';
import { issueReceipt, letterBytes } from '../cases/letters.ts';
import { publicStatus } from '../cases/public-status.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { takeDraft } from '../form-drafts.ts';
import { APPLY_LABELS, ApplySchema, DELIVERY_OPTIONS, FORM_OPTIONS, labelOf } from '../forms/apply.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { type RateLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { formValues, one, validate } from '../validate.ts';
import { ApplyPage, ReceiptPage, TrackPage } from '../views/apply.tsx';
import { frame, page } from '../views/render.ts';
import { fileDownload, letterDownload } from './case-downloads.ts';

/** Agencies that take applications (regions are not 受理机关; departments apply through their agency). */
export async function receivingAgencies(db: Executor): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(and(eq(agencies.level, 'agency'), eq(agencies.receivesApplications, true)))
    .orderBy(asc(agencies.name));
}

/** How the portal confirms an online application: the receipt page itself (《条例》第三十一条第三项). */
export const PORTAL_CONFIRMATION = '通过本平台在线提交，系统即时出具回执和查询码';

/** The attachments the form takes: at most one of each, 5 MB, PDF / JPEG / PNG recognised by their bytes. */
export const ATTACHMENTS = [
  ['identityProof', '身份证明'],
  ['applicationLetter', '申请书'],
] as const;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** The body limit of /apply: two attachments and the form. */
export const APPLY_BODY_LIMIT = 2 * MAX_ATTACHMENT_BYTES + 256 * 1024;

function sniff(b: Uint8Array): string | null {
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  return null;
}

interface Upload {
  role: 'identityProof' | 'applicationLetter';
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
}

async function attachmentsOf(
  c: Context<AppEnv>,
): Promise<{ files: Upload[]; errors: Record<string, string> }> {
  const body = await c.req.parseBody({ all: true });
  const files: Upload[] = [];
  const errors: Record<string, string> = {};
  for (const [field, label] of ATTACHMENTS) {
    const v = body[field];
    const f = Array.isArray(v) ? v[0] : v;
    if (!(f instanceof File) || f.size === 0) continue;
    if (f.size > MAX_ATTACHMENT_BYTES) {
      errors[field] = `${label}“${f.name}”超过 5 MB，请压缩或分页后再上传`;
      continue;
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    const type = sniff(bytes);
    if (!type) {
      errors[field] = `${label}“${f.name}”不是 PDF、JPEG 或 PNG 文件`;
      continue;
    }
    files.push({ role: field, filename: f.name.slice(0, 200) || `${label}`, mediaType: type, bytes });
  }
  return { files, errors };
}

const ATTACHMENT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(ATTACHMENTS);

const newFormToken = () => randomBytes(18).toString('base64url');

export function applyRoutes(limiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/apply', async (c) => {
    const deps = c.get('deps');
    // Back after a refused form (its cookie or token had expired): what was typed, kept under a one-time key.
    const draft = await takeDraft(deps.handle.db, '/apply', c.req.query('draft'), deps.now());
    const values = draft
      ? Object.fromEntries(Object.keys(APPLY_LABELS).map((k) => [k, String(draft[k] ?? '')]))
      : undefined;
    return page(
      c,
      <ApplyPage
        {...frame(c)}
        agencies={await receivingAgencies(deps.handle.db)}
        formToken={newFormToken()}
        {...(values ? { values } : {})}
      />,
    );
  });

  app.post('/apply', rateLimit(limiter, '提交申请'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const form = await formValues(c);
    const values: Record<string, string> = {};
    for (const k of Object.keys(APPLY_LABELS)) values[k] = one(form[k]);
    const token = one(form.formToken);
    const list = await receivingAgencies(db);
    const v = validate(ApplySchema, values);
    const errors: Record<string, string> = v.ok ? {} : { ...v.errors };
    if (v.ok && !list.some((a) => a.id === v.data.agencyId)) errors.agencyId = '请从列表中选择受理机关';
    const { files, errors: fileErrors } = await attachmentsOf(c);
    Object.assign(errors, fileErrors);
    if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) errors._ = '表单已过期，请核对后重新提交';
    // A browser cannot put a file back into the form: a file that was fine is not kept when the form comes back for
    // another field, so say so beside it — else the citizen resubmits without the 身份证明 they think is attached.
    if (!v.ok || Object.keys(errors).length)
      for (const f of files)
        errors[f.role] ??=
          `${ATTACHMENT_LABELS[f.role] ?? '附件'}“${f.filename}”尚未提交：请修改其他内容后重新选择该文件`;
    if (!v.ok || Object.keys(errors).length)
      return page(
        c,
        <ApplyPage
          {...frame(c)}
          agencies={list}
          values={values}
          errors={errors}
          formToken={/^[A-Za-z0-9_-]{20,40}$/.test(token) ? token : newFormToken()}
        />,
        400,
      );
    // The one-time token: a form already submitted (back + submit, a double click) goes to its receipt.
    const claimed = await queryRows<{ token: string }>(
      db,
      sql`insert into form_tokens (token) values (${token}) on conflict (token) do nothing returning token`,
    );
    if (claimed.length === 0) {
      // A double click: the first submission may still be registering — wait for it briefly.
      let done: { case_code: string | null } | undefined;
      for (let i = 0; i < 40; i++) {
        [done] = await queryRows<{ case_code: string | null }>(
          db,
          sql`select case_code from form_tokens where token = ${token}`,
        );
        if (done?.case_code || !done) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [row] = done?.case_code
        ? await db.select({ t: cases.trackingCode }).from(cases).where(eq(cases.code, done.case_code))
        : [];
      if (row?.t) return c.redirect(`/apply/receipt/${row.t}?again=1`, 303);
      return page(
        c,
        <ApplyPage
          {...frame(c)}
          agencies={list}
          values={values}
          errors={{ _: '这份表单正在提交或已经提交，请勿重复提交；如需再次申请，请刷新页面。' }}
          formToken={newFormToken()}
        />,
        409,
      );
    }
    const d = v.data!;
    const today = deps.today();
    const actor = anonymousActor(clientIp(c));
    try {
      const { code, caseId, trackingCode } = await intakeCase(
        db,
        {
          agency: d.agencyId,
          applicant: {
            type: d.applicantType,
            name: d.name,
            idNumber: d.idNumber.toUpperCase(),
            phone: d.phone,
            email: d.email || null,
            address: d.address || null,
          },
          channel: 'online',
          receivedOn: today,
          confirmation: PORTAL_CONFIRMATION,
          description: d.description,
          formWanted: labelOf(FORM_OPTIONS, d.formWanted),
          deliveryWanted: labelOf(DELIVERY_OPTIONS, d.deliveryWanted),
        },
        { actor, today },
      );
      for (const f of files)
        await db.insert(caseFiles).values({
          caseId,
          role: f.role,
          filename: f.filename,
          mediaType: f.mediaType,
          size: f.bytes.length,
          sha256: createHash('sha256').update(f.bytes).digest('hex'),
          content: f.bytes,
          createdBy: actor,
        });
      await db.execute(sql`update form_tokens set case_code = ${code} where token = ${token}`);
      await issueReceipt(db, caseId, actor);
      return c.redirect(`/apply/receipt/${trackingCode}`, 303);
    } catch (e) {
      await db.execute(sql`delete from form_tokens where token = ${token}`);
      throw e;
    }
  });

  app.get('/apply/receipt/:code', async (c) => {
    const deps = c.get('deps');
    const status = await publicStatus(deps.handle.db, c.req.param('code'), deps.today());
    if (!status) throw notFound('申请');
    c.header('Cache-Control', 'no-store');
    return page(c, <ReceiptPage {...frame(c)} status={status} again={c.req.query('again') === '1'} />);
  });

  app.get('/track', async (c) => {
    const deps = c.get('deps');
    const code = (c.req.query('code') ?? '').trim().slice(0, 60);
    const status = code ? await publicStatus(deps.handle.db, code, deps.today()) : null;
    c.header('Cache-Control', 'no-store');
    return page(
      c,
      <TrackPage {...frame(c)} code={code} status={status} searched={Boolean(code)} />,
      code && !status ? 404 : 200,
    );
  });

  // The letters and released documents, to the holder of the 查询码 only.
  app.get('/track/:code/letters/:file{[0-9]+\\.(docx|pdf)}', async (c) => {
    const deps = c.get('deps');
    const status = await publicStatus(deps.handle.db, c.req.param('code'), deps.today());
    const [idText, ext] = c.req.param('file').split('.');
    const id = Number(idText);
    if (!status?.letters.some((l) => l.id === id)) throw notFound('文书');
    const letter = await letterBytes(deps.handle.db, status.caseId, id);
    if (!letter) throw notFound('文书');
    const name = `${letter.label.replace(/ · /g, ' ')}（${letter.issuedOn}）`;
    return letterDownload(c, letter, name, ext);
  });

  app.get('/track/:code/files/:id{[0-9]+}', async (c) => {
    const deps = c.get('deps');
    const status = await publicStatus(deps.handle.db, c.req.param('code'), deps.today());
    const id = Number(c.req.param('id'));
    if (!status?.files.some((f) => f.id === id)) throw notFound('文件');
    const [f] = await deps.handle.db
      .select()
      .from(caseFiles)
      .where(and(eq(caseFiles.caseId, status.caseId), eq(caseFiles.id, id), eq(caseFiles.role, 'released')));
    if (!f) throw notFound('文件');
    return fileDownload(c, f);
  });

  return app;
}

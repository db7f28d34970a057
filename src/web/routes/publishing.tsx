// 主动公开 in the staff console: the register of items with its review chain (工作人员审核 → 保密审查 → 主管领导审批
// → 发布), one queue per role of the user's agency, attachments, and the registers the annual report quotes — the
// 政务公开标准目录, the normative documents, the consultations and the work records. Every handler calls the same use
// case as `gongkai publish …` (src/publishing); the use case validates, checks the chain and writes the audit log.
import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { reportingAgencyId } from '../../cases/agencies.ts';
import type { Db } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import type { ItemState, ReviewAction, ReviewRole } from '../../domain/publishing/index.ts';
import type { NormKind } from '../../domain/report-builder/table2.ts';
import { addAttachment, listAttachments, readAttachment } from '../../publishing/attachments.ts';
import { addMatter, listMatters } from '../../publishing/catalogue.ts';
import {
  addOpinion,
  classifyOpinion,
  getConsultation,
  listConsultations,
  openConsultation,
  publishFeedback,
} from '../../publishing/consultations.ts';
import type { PublishingContext } from '../../publishing/context.ts';
import { PublishingError } from '../../publishing/errors.ts';
import {
  createItem,
  getItem,
  listItems,
  overdueItems,
  publishingCounts,
  reviewItem,
  updateItem,
} from '../../publishing/items.ts';
import { addNormDoc, listNormDocs, repealNormDoc } from '../../publishing/normative-documents.ts';
import { addWorkRecord, listWorkRecords } from '../../publishing/work-records.ts';
import { userActor } from '../audit.ts';
import type { AppEnv, CurrentUser } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { type FormValues, formValues, one } from '../validate.ts';
import type { FieldErrors } from '../views/components.tsx';
import {
  ConsultationPage,
  ConsultationsPage,
  ItemFormPage,
  ItemPage,
  type ItemQueue,
  MattersPage,
  NormsPage,
  QueuePage,
  RegisterPage,
  WorkPage,
} from '../views/publishing.tsx';
import { frame, page } from '../views/render.ts';
import { attachment } from './reports.tsx';

/** The path of the attachment upload: the only staff form allowed a body larger than a form's (app.tsx). */
export const ATTACHMENT_PATH = /^\/staff\/publishing\/items\/\d{1,9}\/attachments$/;

/** The queues of the chain, each for the role that takes its step (src/domain/publishing/review-chain.ts). */
export const QUEUES: readonly { state: ItemState; role: ReviewRole; label: string }[] = [
  { state: 'draft', role: 'officer', label: '草稿和退回修改的信息' },
  { state: 'review', role: 'officer', label: '待工作人员审核' },
  { state: 'secrecy', role: 'reviewer', label: '待保密审查' },
  { state: 'approval', role: 'approver', label: '待主管领导审批' },
  { state: 'approved', role: 'officer', label: '已审批，待发布' },
];

const NOTICES: Record<string, string> = {
  created: '信息已登记为草稿。',
  saved: '已保存。',
  attached: '附件已添加。',
  submit: '已提交审核。',
  pass: '已通过，转入下一环节。',
  return: '已退回起草人修改。',
  publish: '已发布，门户网站的主动公开目录中可见。',
  withdraw: '已撤回。',
  matter: '目录事项已登记。',
  norm: '规范性文件已登记。',
  repealed: '已登记废止。',
  consultation: '征集已登记。',
  opinion: '意见已登记。',
  classified: '意见已归类。',
  feedback: '反馈已发布。',
  work: '工作记录已登记。',
};

const ACTIONS: readonly ReviewAction[] = ['submit', 'pass', 'return', 'publish', 'withdraw'];

/** Field problems of a use case's INVALID_INPUT, keyed by the form's field names. */
function fieldErrors(e: PublishingError, rename: Record<string, string> = {}): FieldErrors {
  const out: Record<string, string> = {};
  const problems = (e.context.problems ?? []) as { field: string; message: string }[];
  for (const p of problems) out[rename[p.field] ?? p.field] ??= p.message;
  return out;
}

const isProblem = (e: unknown): e is PublishingError =>
  e instanceof PublishingError && e.code !== 'NOT_FOUND' && e.code !== 'NOT_ALLOWED';

const statusOf = (e: PublishingError): 409 | 422 =>
  e.code === 'CONFLICT' || e.code === 'WRONG_STATE' || e.code === 'YEAR_LOCKED' ? 409 : 422;

const list = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((x) => x.split(/[,，、\n]/))
    .map((x) => x.trim())
    .filter(Boolean);

const intOrNull = (v: string): number | null => (/^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : null);

export function publishingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The register is kept by the agency that reports: a user of a department works in its agency's register. */
  const agencyOf = (c: Context<AppEnv>) =>
    reportingAgencyId(c.get('deps').handle.db, c.get('user')!.agencyId);

  const ctxOf = async (c: Context<AppEnv>, agencyId: number): Promise<PublishingContext> => {
    const u: CurrentUser = c.get('user')!;
    const deps = c.get('deps');
    return {
      actor: userActor(u.username),
      roles: [...u.roles] as ReviewRole[],
      today: deps.today(),
      calendar: await deps.calendar(agencyId),
    };
  };

  /** People by name: "user:zhang" → 张承办. */
  const namesOf = async (c: Context<AppEnv>, actors: readonly string[]): Promise<Map<string, string>> => {
    const usernames = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))];
    const out = new Map<string, string>();
    if (!usernames.length) return out;
    const rows = await queryRows<{ username: string; display_name: string }>(
      c.get('deps').handle.db,
      sql`select username, display_name from users where username in ${usernames}`,
    );
    for (const r of rows) out.set(`user:${r.username}`, r.display_name);
    return out;
  };

  const departmentsOf = (c: Context<AppEnv>, agencyId: number) =>
    queryRows<{ id: number; name: string }>(
      c.get('deps').handle.db,
      sql`select id, name from agencies where parent_id = ${agencyId} and level = 'department' order by name`,
    );

  const notice = (c: Context<AppEnv>) => NOTICES[c.req.query('notice') ?? ''];

  // ------------------------------------------------------------------------------------------------- queues

  app.get('/', guard('publishing.queue'), async (c) => {
    const db = c.get('deps').handle.db;
    const user = c.get('user')!;
    const agencyId = await agencyOf(c);
    const ctx = await ctxOf(c, agencyId);
    const queues: ItemQueue[] = [];
    for (const q of QUEUES) {
      if (!user.roles.includes(q.role)) continue;
      const items = await listItems(db, { agency: agencyId, state: q.state, limit: 500 }, ctx);
      queues.push({ ...q, items });
    }
    const overdue = await overdueItems(db, agencyId, ctx);
    const names = await namesOf(
      c,
      queues.flatMap((q) => q.items.map((i) => i.item.author)),
    );
    const [agency] = await queryRows<{ name: string }>(
      db,
      sql`select name from agencies where id = ${agencyId}`,
    );
    return page(
      c,
      <QueuePage
        {...frame(c)}
        agencyName={agency?.name ?? ''}
        today={ctx.today}
        queues={queues}
        overdue={overdue}
        names={names}
        canCreate={user.roles.includes('officer')}
        notice={notice(c)}
      />,
    );
  });

  app.get('/items', guard('publishing.registers'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = await agencyOf(c);
    const ctx = await ctxOf(c, agencyId);
    const state = c.req.query('state') ?? '';
    const year = intOrNull(c.req.query('year') ?? '');
    let items: Awaited<ReturnType<typeof listItems>>;
    try {
      items = await listItems(
        db,
        {
          agency: agencyId,
          ...(state ? { state: state as ItemState } : {}),
          ...(year ? { year } : {}),
          limit: 1000,
        },
        ctx,
      );
    } catch (e) {
      if (e instanceof PublishingError && e.code === 'INVALID_INPUT') throw badRequest(e.message);
      throw e;
    }
    const counts = await publishingCounts(db, agencyId, year ? { year } : {});
    return page(c, <RegisterPage {...frame(c)} items={items} counts={counts} state={state} year={year} />);
  });

  // ------------------------------------------------------------------------------------------------- items

  const itemForm = async (
    c: Context<AppEnv>,
    opts: {
      values?: FormValues;
      errors?: FieldErrors;
      problem?: string;
      itemId?: number;
      status?: 200 | 409 | 422;
    },
  ) => {
    const db = c.get('deps').handle.db;
    const agencyId = await agencyOf(c);
    return page(
      c,
      <ItemFormPage
        {...frame(c)}
        itemId={opts.itemId ?? null}
        values={opts.values ?? {}}
        errors={opts.errors}
        problem={opts.problem}
        matters={(await listMatters(db, agencyId)).map((m) => ({ id: m.id, name: m.name, domain: m.domain }))}
        departments={await departmentsOf(c, agencyId)}
        today={c.get('deps').today()}
      />,
      opts.status ?? 200,
    );
  };

  const itemInputOf = (f: FormValues) => ({
    title: one(f.title),
    docNo: one(f.docNo) || null,
    category: one(f.category),
    channels: list(f.channels),
    formedOn: one(f.formedOn),
    matterId: intOrNull(one(f.matterId)),
    department: intOrNull(one(f.department)),
    body: one(f.body) || null,
    url: one(f.url) || null,
  });

  app.get('/new', guard('publishing.create'), (c) =>
    itemForm(c, { values: { formedOn: c.get('deps').today(), channels: ['门户网站'] } }),
  );

  app.post('/new', guard('publishing.create'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = await agencyOf(c);
    const f = await formValues(c);
    try {
      const row = await createItem(db, { agency: agencyId, ...itemInputOf(f) }, await ctxOf(c, agencyId));
      return c.redirect(`/staff/publishing/items/${row.id}?notice=created`, 303);
    } catch (e) {
      if (!isProblem(e)) throw e;
      return itemForm(c, { values: f, errors: fieldErrors(e), problem: e.message, status: statusOf(e) });
    }
  });

  const itemPage = async (
    c: Context<AppEnv>,
    opts: { problem?: string; reason?: string; status?: 200 | 403 | 409 | 422 } = {},
  ) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('itemId'));
    const agencyId = await agencyOf(c);
    const ctx = await ctxOf(c, agencyId);
    const detail = await getItem(db, id, ctx);
    const attachments = await listAttachments(db, id);
    const names = await namesOf(c, [detail.item.author, ...detail.steps.map((s) => s.actor)]);
    const matter = detail.item.matterId
      ? (await listMatters(db, detail.item.agencyId)).find((m) => m.id === detail.item.matterId)
      : undefined;
    return page(
      c,
      <ItemPage
        {...frame(c)}
        detail={detail}
        attachments={attachments}
        names={names}
        matterName={matter?.name ?? null}
        canEdit={c.get('user')!.roles.includes('officer') && detail.item.state === 'draft'}
        problem={opts.problem}
        reason={opts.reason}
        notice={notice(c)}
      />,
      opts.status ?? 200,
    );
  };

  app.get('/items/:itemId', guard('publishing.view'), (c) => itemPage(c));

  app.get('/items/:itemId/edit', guard('publishing.edit'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('itemId'));
    const agencyId = await agencyOf(c);
    const { item } = await getItem(db, id, await ctxOf(c, agencyId));
    return itemForm(c, {
      itemId: id,
      values: {
        title: item.title,
        docNo: item.docNo ?? '',
        category: item.category,
        channels: item.channels,
        formedOn: item.formedOn,
        matterId: item.matterId ? String(item.matterId) : '',
        department: item.departmentId ? String(item.departmentId) : '',
        body: item.body ?? '',
        url: item.url ?? '',
      },
    });
  });

  app.post('/items/:itemId/edit', guard('publishing.edit'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('itemId'));
    const agencyId = await agencyOf(c);
    const f = await formValues(c);
    try {
      await updateItem(db, id, itemInputOf(f), await ctxOf(c, agencyId));
    } catch (e) {
      if (!isProblem(e)) throw e;
      return itemForm(c, {
        itemId: id,
        values: f,
        errors: fieldErrors(e),
        problem: e.message,
        status: statusOf(e),
      });
    }
    return c.redirect(`/staff/publishing/items/${id}?notice=saved`, 303);
  });

  app.post('/items/:itemId/step', guard('publishing.review'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('itemId'));
    const agencyId = await agencyOf(c);
    const f = await formValues(c);
    const action = one(f.action) as ReviewAction;
    if (!ACTIONS.includes(action)) throw badRequest('未知的操作');
    const reason = one(f.reason).trim();
    try {
      await reviewItem(
        db,
        id,
        {
          action,
          reason: reason || null,
          ...(action === 'publish' && one(f.publishedOn) ? { publishedOn: one(f.publishedOn) } : {}),
          ...(action === 'publish' && one(f.url) ? { url: one(f.url) } : {}),
        },
        await ctxOf(c, agencyId),
      );
    } catch (e) {
      // A step this person may not take (their own item's 审核, a page left open while roles changed): the item
      // page again with why, not a dead-end error page.
      if (e instanceof PublishingError && e.code === 'NOT_ALLOWED')
        return itemPage(c, { problem: e.message, reason, status: 403 });
      if (!isProblem(e)) throw e;
      return itemPage(c, { problem: e.message, reason, status: statusOf(e) });
    }
    return c.redirect(`/staff/publishing/items/${id}?notice=${action}`, 303);
  });

  app.post('/items/:itemId/attachments', guard('publishing.edit'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('itemId'));
    const agencyId = await agencyOf(c);
    const body = await c.req.parseBody({ all: true });
    const files = (Array.isArray(body.file) ? body.file : [body.file]).filter(
      (x): x is File => typeof x === 'object' && x !== null && 'arrayBuffer' in x && x.size > 0,
    );
    if (!files.length) return itemPage(c, { problem: '请选择要上传的附件', status: 422 });
    const ctx = await ctxOf(c, agencyId);
    try {
      for (const file of files)
        await addAttachment(
          db,
          id,
          { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
          ctx,
        );
    } catch (e) {
      if (!isProblem(e)) throw e;
      return itemPage(c, { problem: e.message, status: statusOf(e) });
    }
    return c.redirect(`/staff/publishing/items/${id}?notice=attached`, 303);
  });

  app.get('/items/:itemId/attachments/:attachmentId', guard('publishing.view'), async (c) => {
    const db = c.get('deps').handle.db;
    const aid = intOrNull(c.req.param('attachmentId'));
    if (aid === null) throw notFound('附件');
    const { meta, bytes } = await readAttachment(db, aid);
    if (meta.itemId !== Number(c.req.param('itemId'))) throw notFound('附件');
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', attachment(meta.name));
    c.header('Cache-Control', 'no-store');
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });

  // ------------------------------------------------------------------------------------------------- catalogue

  // ------------------------------------------------------------------------------------------------- registers
  // The four registers (catalogue, norms, consultations, work records) share one shape: a page of the agency's
  // entries with the officer's form, and a POST that saves through the use case and redirects, or answers the page
  // with what was typed and what went wrong.

  type RegisterOpts = {
    values?: FormValues;
    errors?: FieldErrors;
    problem?: string;
    status?: 200 | 409 | 422;
  };
  type RegisterCommon = ReturnType<typeof frame> & {
    canEdit: boolean;
    values: FormValues;
    errors?: FieldErrors;
    problem?: string;
    notice?: string;
  };

  const registerPage =
    (render: (c: Context<AppEnv>, agencyId: number, common: RegisterCommon) => Promise<JSX.Element>) =>
    async (c: Context<AppEnv>, opts: RegisterOpts = {}) => {
      const agencyId = await agencyOf(c);
      const common: RegisterCommon = {
        ...frame(c),
        canEdit: c.get('user')!.roles.includes('officer'),
        values: opts.values ?? {},
        errors: opts.errors,
        problem: opts.problem,
        notice: notice(c),
      };
      return page(c, await render(c, agencyId, common), opts.status ?? 200);
    };

  /** What a register's POST saves with: the request, what was typed, the user's agency, the context, the database. */
  type Save = (s: {
    c: Context<AppEnv>;
    f: FormValues;
    agency: number;
    ctx: PublishingContext;
    db: Db;
  }) => Promise<string>;

  /** A register's POST: `save` returns where to go; a problem of the use case answers the page (4xx). */
  const registerPost =
    (pageOf: (c: Context<AppEnv>, opts: RegisterOpts) => Promise<Response>, save: Save) =>
    async (c: Context<AppEnv>) => {
      const agency = await agencyOf(c);
      const f = await formValues(c);
      let to: string;
      try {
        to = await save({ c, f, agency, ctx: await ctxOf(c, agency), db: c.get('deps').handle.db });
      } catch (e) {
        if (!isProblem(e)) throw e;
        return pageOf(c, { values: f, errors: fieldErrors(e), problem: e.message, status: statusOf(e) });
      }
      return c.redirect(to, 303);
    };

  /** A register: its page (GET, to anyone who may see the registers) and its form's POST (to an officer). */
  const register = (
    path: string,
    pageOf: (c: Context<AppEnv>, opts?: RegisterOpts) => Promise<Response>,
    save: Save,
  ) => {
    app.get(path, guard('publishing.registers'), (c) => pageOf(c));
    app.post(path, guard('publishing.register'), registerPost(pageOf, save));
  };

  const mattersPage = registerPage(async (c, agencyId, common) => (
    <MattersPage {...common} matters={await listMatters(c.get('deps').handle.db, agencyId)} />
  ));

  register('/catalogue', mattersPage, async ({ db, f, agency, ctx }) => {
    const matter = {
      agency,
      domain: one(f.domain) || null,
      name: one(f.name),
      content: one(f.content),
      basis: one(f.basis),
      timeLimit: one(f.timeLimit),
      subject: one(f.subject),
      channels: list(f.channels),
      audience: one(f.audience) || '全社会',
      mode: one(f.mode),
      category: one(f.category) || null,
    };
    await addMatter(db, matter, ctx);
    return '/staff/publishing/catalogue?notice=matter';
  });

  // ------------------------------------------------------------------------------------------------- norms

  const normsPage = registerPage(async (c, agencyId, common) => (
    <NormsPage
      {...common}
      docs={await listNormDocs(c.get('deps').handle.db, agencyId)}
      agencyId={agencyId}
      canBuild={c.get('user')!.roles.some((r) => r === 'officer' || r === 'approver')}
      today={c.get('deps').today()}
    />
  ));

  register('/norms', normsPage, async ({ db, f, agency, ctx }) => {
    const doc = {
      agency,
      kind: one(f.kind) as NormKind,
      docNo: one(f.docNo),
      title: one(f.title),
      issuedOn: one(f.issuedOn),
      publishedOn: one(f.publishedOn) || null,
    };
    await addNormDoc(db, doc, ctx);
    return '/staff/publishing/norms?notice=norm';
  });

  app.post('/norms/:normId/repeal', guard('publishing.norm'), async (c) => {
    const db = c.get('deps').handle.db;
    const agencyId = await agencyOf(c);
    const f = await formValues(c);
    try {
      await repealNormDoc(
        db,
        Number(c.req.param('normId')),
        { repealedOn: one(f.repealedOn), note: one(f.note) || null },
        await ctxOf(c, agencyId),
      );
    } catch (e) {
      if (!isProblem(e)) throw e;
      return normsPage(c, { problem: e.message, status: statusOf(e) });
    }
    return c.redirect('/staff/publishing/norms?notice=repealed', 303);
  });

  // ------------------------------------------------------------------------------------------------- consultations

  const consultationsPage = registerPage(async (c, agencyId, common) => (
    <ConsultationsPage
      {...common}
      consultations={await listConsultations(c.get('deps').handle.db, agencyId)}
    />
  ));

  register('/consultations', consultationsPage, async ({ db, f, agency, ctx }) => {
    const consultation = {
      agency,
      title: one(f.title),
      description: one(f.description) || null,
      opensOn: one(f.opensOn),
      closesOn: one(f.closesOn),
    };
    const row = await openConsultation(db, consultation, ctx);
    return `/staff/publishing/consultations/${row.id}?notice=consultation`;
  });

  const consultationPage = async (
    c: Context<AppEnv>,
    opts: { values?: FormValues; errors?: FieldErrors; problem?: string; status?: 200 | 409 | 422 } = {},
  ) => {
    const db = c.get('deps').handle.db;
    const view = await getConsultation(db, Number(c.req.param('consultationId')));
    return page(
      c,
      <ConsultationPage
        {...frame(c)}
        view={view}
        canEdit={c.get('user')!.roles.includes('officer')}
        values={opts.values ?? {}}
        errors={opts.errors}
        problem={opts.problem}
        today={c.get('deps').today()}
        notice={notice(c)}
      />,
      opts.status ?? 200,
    );
  };

  app.get('/consultations/:consultationId', guard('publishing.consultation.view'), (c) =>
    consultationPage(c),
  );
  app.post(
    '/consultations/:consultationId/opinions',
    guard('publishing.consultation'),
    registerPost(consultationPage, async ({ c, db, f, ctx }) => {
      const id = Number(c.req.param('consultationId'));
      const opinion = {
        receivedOn: one(f.receivedOn),
        author: one(f.author) || null,
        content: one(f.content),
        channel: one(f.channel) || null,
        category: one(f.category) || null,
      };
      await addOpinion(db, id, opinion, ctx);
      return `/staff/publishing/consultations/${id}?notice=opinion`;
    }),
  );

  app.post(
    '/consultations/:consultationId/opinions/:opinionId/classify',
    guard('publishing.consultation'),
    async (c) => {
      const db = c.get('deps').handle.db;
      const id = Number(c.req.param('consultationId'));
      const opinionId = intOrNull(c.req.param('opinionId'));
      const view = await getConsultation(db, id);
      // The opinion must belong to the consultation the guard checked.
      if (opinionId === null || !view.opinions.some((o) => o.id === opinionId)) throw notFound('意见');
      const f = await formValues(c);
      try {
        await classifyOpinion(db, opinionId, one(f.category), await ctxOf(c, await agencyOf(c)));
      } catch (e) {
        if (!isProblem(e)) throw e;
        return consultationPage(c, { problem: e.message, status: statusOf(e) });
      }
      return c.redirect(`/staff/publishing/consultations/${id}?notice=classified`, 303);
    },
  );

  app.post(
    '/consultations/:consultationId/feedback',
    guard('publishing.consultation'),
    registerPost(consultationPage, async ({ c, db, f, ctx }) => {
      const id = Number(c.req.param('consultationId'));
      await publishFeedback(db, id, { feedback: one(f.feedback), publishedOn: one(f.publishedOn) }, ctx);
      return `/staff/publishing/consultations/${id}?notice=feedback`;
    }),
  );

  // ------------------------------------------------------------------------------------------------- work records

  const workPage = registerPage(async (c, agencyId, common) => (
    <WorkPage
      {...common}
      records={await listWorkRecords(c.get('deps').handle.db, agencyId)}
      today={c.get('deps').today()}
    />
  ));

  register('/work', workPage, async ({ db, f, agency, ctx }) => {
    const num = (v: string, d: number) => (v.trim() === '' ? d : Number(v.trim()));
    const record = {
      agency,
      on: one(f.on),
      kind: one(f.kind),
      count: num(one(f.count), 1),
      participants: num(one(f.participants), 0),
      note: one(f.note) || null,
    };
    await addWorkRecord(db, record, ctx);
    return '/staff/publishing/work?notice=work';
  });

  return app;
}

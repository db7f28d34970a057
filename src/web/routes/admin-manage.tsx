// Administration of one user or one agency (the use cases of src/admin, shared with `gongkai user` and
// `gongkai agency`). Every POST redirects to a GET (POST → redirect → GET); a password reset and a deactivation
// go through a confirmation page first; the one-time password is shown once by /admin/issued/:key.
import { sql } from 'drizzle-orm';
import type { Context, Hono } from 'hono';
import {
  AdminError,
  deactivateUser,
  findAgency,
  listUsers,
  moveAgency,
  reactivateUser,
  renameAgency,
  resetUserPassword,
  setReceivesApplications,
  updateUser,
} from '../../admin/index.ts';
import { queryRows } from '../../db/query.ts';
import { userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { badRequest, notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import type { OneTimeDisplay } from '../one-time.ts';
import { agencyTree, flattenTree } from '../scope.ts';
import { formValues, one } from '../validate.ts';
import { AgencyEditPage, ConfirmPage, UserEditPage } from '../views/admin-manage.tsx';
import type { FieldErrors } from '../views/components.tsx';
import { frame, page } from '../views/render.ts';

export interface Issued {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  /** What happened, for the heading line ("用户 x 已创建", "已重置 x 的密码"). */
  readonly what: string;
}

const idParam = (c: Context<AppEnv>, name: string): number => {
  const v = c.req.param(name) ?? '';
  if (!/^\d{1,9}$/.test(v)) throw notFound(name === 'userId' ? '用户' : '机关');
  return Number(v);
};

const actorOf = (c: Context<AppEnv>) => userActor(c.get('user')!.username);

/** Every agency of the tree, indented, for a <select>. */
async function agencyOptions(c: Context<AppEnv>, exclude?: number) {
  const db = c.get('deps').handle.db;
  const roots = await queryRows<{ id: number }>(
    db,
    sql`select id from agencies where parent_id is null order by name`,
  );
  const out: (readonly [string, string])[] = [];
  for (const r of roots)
    for (const n of flattenTree(await agencyTree(db, Number(r.id)))) {
      if (exclude !== undefined && n.id === exclude) continue;
      out.push([String(n.id), `${'　'.repeat(n.depth)}${n.name}`] as const);
    }
  return out;
}

const USER_NOTICES: Record<string, string> = {
  saved: '已保存。',
  deactivated: '账号已停用，其所有会话已结束。',
  activated: '账号已重新启用。',
};

export function manageUsers(app: Hono<AppEnv>, issued: OneTimeDisplay<Issued>): void {
  const userPage = async (
    c: Context<AppEnv>,
    extra: {
      notice?: string;
      errors?: FieldErrors;
      typed?: Parameters<typeof UserEditPage>[0]['typed'];
    } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const id = idParam(c, 'userId');
    const u = (await listUsers(c.get('deps').handle.db, c.get('deps').now())).find((x) => x.id === id);
    if (!u) throw notFound('用户');
    return page(
      c,
      <UserEditPage {...frame(c)} edited={u} agencyOptions={await agencyOptions(c)} {...extra} />,
      status,
    );
  };

  app.get('/users/:userId', guard('admin.users'), (c) =>
    userPage(c, { notice: USER_NOTICES[c.req.query('notice') ?? ''] }),
  );

  app.post('/users/:userId', guard('admin.users'), async (c) => {
    const id = idParam(c, 'userId');
    const values = await formValues(c);
    const roles =
      values.roles === undefined ? [] : Array.isArray(values.roles) ? values.roles : [values.roles];
    const typed = { displayName: one(values.displayName), agencyId: one(values.agencyId), roles };
    const agency = /^\d{1,9}$/.test(typed.agencyId) ? Number(typed.agencyId) : null;
    if (agency === null) return userPage(c, { errors: { agencyId: '请选择机关' }, typed }, 400);
    try {
      await updateUser(
        c.get('deps').handle.db,
        id,
        { displayName: typed.displayName, agency, roles },
        actorOf(c),
      );
    } catch (e) {
      if (e instanceof AdminError && e.code !== 'NOT_FOUND')
        return userPage(
          c,
          { errors: { [e.field ?? 'roles']: e.message }, typed },
          e.code === 'CONFLICT' ? 409 : 400,
        );
      if (e instanceof AdminError) throw notFound('用户');
      throw e;
    }
    return c.redirect(`/admin/users/${id}?notice=saved`, 303);
  });

  const confirmPage = async (c: Context<AppEnv>, kind: 'reset' | 'deactivate') => {
    const id = idParam(c, 'userId');
    const u = (await listUsers(c.get('deps').handle.db, c.get('deps').now())).find((x) => x.id === id);
    if (!u) throw notFound('用户');
    const who = `${u.displayName}（${u.username}，${u.agencyName}）`;
    return page(
      c,
      kind === 'reset' ? (
        <ConfirmPage
          {...frame(c)}
          title="确认重置密码"
          lines={[
            `将为 ${who} 生成新的一次性密码。`,
            `原密码立即失效，其当前 ${u.sessions} 个会话立即结束；新密码只显示一次，本人首次登录时必须修改。`,
          ]}
          action={`/admin/users/${id}/reset`}
          confirmLabel="确认重置密码"
          cancel={`/admin/users/${id}`}
        />
      ) : (
        <ConfirmPage
          {...frame(c)}
          title="确认停用账号"
          lines={[
            `将停用 ${who}。`,
            `停用后该账号不能登录，其当前 ${u.sessions} 个会话立即结束。其经办的案件和审计记录保持不变；需要时可重新启用。`,
          ]}
          action={`/admin/users/${id}/deactivate`}
          confirmLabel="确认停用"
          cancel={`/admin/users/${id}`}
        />
      ),
    );
  };

  /** A POST without the confirmation field (an old bookmark, a crafted form) goes back to the confirmation page. */
  const confirmed = async (c: Context<AppEnv>) => one((await formValues(c)).confirm) === 'yes';

  app.get('/users/:userId/reset', guard('admin.users'), (c) => confirmPage(c, 'reset'));
  app.post('/users/:userId/reset', guard('admin.users'), async (c) => {
    const id = idParam(c, 'userId');
    if (!(await confirmed(c))) return c.redirect(`/admin/users/${id}/reset`, 303);
    try {
      const r = await resetUserPassword(c.get('deps').handle.db, id, actorOf(c));
      const u = (await listUsers(c.get('deps').handle.db)).find((x) => x.id === id);
      const key = issued.put(c.get('session')!.id, {
        ...r,
        displayName: u?.displayName ?? r.username,
        what: `已重置 ${r.username} 的密码，其所有会话已结束`,
      });
      return c.redirect(`/admin/issued/${key}`, 303);
    } catch (e) {
      if (e instanceof AdminError && e.code === 'NOT_FOUND') throw notFound('用户');
      if (e instanceof AdminError) throw badRequest(e.message);
      throw e;
    }
  });

  app.get('/users/:userId/deactivate', guard('admin.users'), (c) => confirmPage(c, 'deactivate'));
  app.post('/users/:userId/deactivate', guard('admin.users'), async (c) => {
    const id = idParam(c, 'userId');
    if (!(await confirmed(c))) return c.redirect(`/admin/users/${id}/deactivate`, 303);
    if (id === c.get('user')!.id) throw badRequest('不能停用自己正在使用的账号；请由另一位管理员操作。');
    try {
      await deactivateUser(c.get('deps').handle.db, id, actorOf(c));
    } catch (e) {
      if (e instanceof AdminError && e.code === 'NOT_FOUND') throw notFound('用户');
      if (e instanceof AdminError) throw badRequest(e.message);
      throw e;
    }
    return c.redirect(`/admin/users/${id}?notice=deactivated`, 303);
  });

  app.post('/users/:userId/activate', guard('admin.users'), async (c) => {
    const id = idParam(c, 'userId');
    try {
      await reactivateUser(c.get('deps').handle.db, id, actorOf(c));
    } catch (e) {
      if (e instanceof AdminError) throw notFound('用户');
      throw e;
    }
    return c.redirect(`/admin/users/${id}?notice=activated`, 303);
  });
}

const AGENCY_NOTICES: Record<string, string> = {
  renamed: '名称已修改。',
  moved: '上级已调整。',
  receiving: '已保存。',
};

export function manageAgencies(app: Hono<AppEnv>): void {
  const agencyPage = async (
    c: Context<AppEnv>,
    extra: { notice?: string; errors?: FieldErrors; typed?: { name?: string; parentId?: string } } = {},
    status: 200 | 400 = 200,
  ) => {
    const db = c.get('deps').handle.db;
    const id = idParam(c, 'agencyId');
    let a: Awaited<ReturnType<typeof findAgency>>;
    try {
      a = await findAgency(db, id);
    } catch (e) {
      if (e instanceof AdminError) throw notFound('机关');
      throw e;
    }
    const parent = a.parentId === null ? null : await findAgency(db, a.parentId);
    return page(
      c,
      <AgencyEditPage
        {...frame(c)}
        agency={{
          id: a.id,
          name: a.name,
          code: a.code,
          level: a.level,
          kind: a.kind,
          parentId: a.parentId,
          parentName: parent?.name ?? null,
          receivesApplications: a.receivesApplications,
        }}
        parentOptions={await agencyOptions(c, a.id)}
        {...extra}
      />,
      status,
    );
  };

  app.get('/agencies/:agencyId', guard('admin.agencies'), (c) =>
    agencyPage(c, { notice: AGENCY_NOTICES[c.req.query('notice') ?? ''] }),
  );

  /** Run a change; a refusal re-shows the page with the message next to its field and what was typed. */
  const change = async (
    c: Context<AppEnv>,
    notice: string,
    typed: { name?: string; parentId?: string },
    run: (id: number) => Promise<unknown>,
  ) => {
    const id = idParam(c, 'agencyId');
    try {
      await run(id);
    } catch (e) {
      if (e instanceof AdminError && e.code === 'NOT_FOUND' && e.field === 'agency') throw notFound('机关');
      if (e instanceof AdminError)
        return agencyPage(c, { errors: { [e.field ?? 'name']: e.message }, typed }, 400);
      throw e;
    }
    return c.redirect(`/admin/agencies/${id}?notice=${notice}`, 303);
  };

  app.post('/agencies/:agencyId/rename', guard('admin.agencies'), async (c) => {
    const name = one((await formValues(c)).name);
    return change(c, 'renamed', { name }, (id) =>
      renameAgency(c.get('deps').handle.db, id, name, actorOf(c)),
    );
  });

  app.post('/agencies/:agencyId/move', guard('admin.agencies'), async (c) => {
    const parentId = one((await formValues(c)).parentId);
    if (parentId !== '' && !/^\d{1,9}$/.test(parentId)) throw badRequest('请选择上级机关。');
    return change(c, 'moved', { parentId }, (id) =>
      moveAgency(c.get('deps').handle.db, id, parentId === '' ? null : Number(parentId), actorOf(c)),
    );
  });

  app.post('/agencies/:agencyId/receiving', guard('admin.agencies'), async (c) => {
    const v = one((await formValues(c)).receives);
    if (v !== 'yes' && v !== 'no') throw badRequest('请选择是否受理申请。');
    return change(c, 'receiving', {}, (id) =>
      setReceivesApplications(c.get('deps').handle.db, id, v === 'yes', actorOf(c)),
    );
  });
}

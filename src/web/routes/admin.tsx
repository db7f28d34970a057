// Administration pages: users and their one-time passwords, the agency tree, the demo data.

import { eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { AdminError, addUser } from '../../admin/index.ts';
import { queryRows } from '../../db/query.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { AGENCY_KINDS, AGENCY_LEVELS, ROLES } from '../../db/schema/vocabulary.ts';
import { loadDemo } from '../../demo/load.ts';
import { audit, userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { OneTimeDisplay } from '../one-time.ts';
import { agencyTree, flattenTree } from '../scope.ts';
import { formValues, one, validate } from '../validate.ts';
import { AdminPage, type UserLine } from '../views/admin.tsx';
import { IssuedPage } from '../views/admin-manage.tsx';
import type { FieldErrors } from '../views/components.tsx';
import { frame, page } from '../views/render.ts';
import { type Issued, manageAgencies, manageUsers } from './admin-manage.tsx';

const UserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/, '用户名应为 3–40 位字母、数字、点或横线'),
  displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名过长'),
  agencyId: z.coerce.number({ error: '请选择机关' }).int().positive('请选择机关'),
  roles: z.array(z.enum(ROLES)).min(1, '请至少选择一个角色'),
});

const AgencySchema = z.object({
  name: z.string().trim().min(1, '请填写机关名称').max(100, '名称过长'),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '代码应为 2–40 位小写字母、数字或横线'),
  parentId: z.union([z.literal(''), z.coerce.number().int().positive()]),
  level: z.enum(AGENCY_LEVELS, { error: '请选择层级' }),
  kind: z.enum(AGENCY_KINDS, { error: '请选择类别' }),
});

async function adminPage(
  c: Context<AppEnv>,
  extra: { notice?: string; issued?: { username: string; password: string }; errors?: FieldErrors } = {},
  status: 200 | 400 = 200,
) {
  const deps = c.get('deps');
  const db = deps.handle.db;
  const list = await queryRows<UserLine & { agency_name: string; display_name: string }>(
    db,
    sql`select u.id, u.username, u.display_name, a.name as agency_name, u.roles, u.active
        from users u join agencies a on a.id = u.agency_id order by u.id`,
  );
  const roots = await db.select({ id: agencies.id }).from(agencies).where(sql`${agencies.parentId} is null`);
  const nodes = [];
  for (const r of roots) nodes.push(...flattenTree(await agencyTree(db, r.id)));
  return page(
    c,
    <AdminPage
      {...frame(c)}
      users={list.map((u) => ({
        id: Number(u.id),
        username: u.username,
        displayName: u.display_name,
        agencyName: u.agency_name,
        roles: Array.isArray(u.roles) ? u.roles : String(u.roles).replace(/[{}]/g, '').split(','),
        active: u.active,
      }))}
      agencies={nodes}
      demo={deps.options.demo}
      {...extra}
    />,
    status,
  );
}

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const issued = new OneTimeDisplay<Issued>();
  const issue = (c: Context<AppEnv>, r: Issued) =>
    c.redirect(`/admin/issued/${issued.put(c.get('session')!.id, r)}`, 303);

  app.get('/', guard('admin.users'), (c) => {
    const n = c.req.query('notice');
    return adminPage(
      c,
      n === 'demo' ? { notice: '演示数据已载入。' } : n === 'agency' ? { notice: '机关已添加。' } : {},
    );
  });

  app.get('/issued/:key', guard('admin.users'), (c) => {
    const value = issued.take(c.get('session')!.id, c.req.param('key'));
    return page(c, <IssuedPage {...frame(c)} issued={value} />);
  });

  app.post('/users', guard('admin.users'), async (c) => {
    const db = c.get('deps').handle.db;
    const values = await formValues(c);
    const roles =
      values.roles === undefined ? [] : Array.isArray(values.roles) ? values.roles : [values.roles];
    const v = validate(UserSchema, {
      username: one(values.username),
      displayName: one(values.displayName),
      agencyId: one(values.agencyId),
      roles,
    });
    if (!v.ok) return adminPage(c, { errors: v.errors }, 400);
    try {
      const r = await addUser(
        db,
        {
          username: v.data.username,
          displayName: v.data.displayName,
          agency: v.data.agencyId,
          roles: v.data.roles,
        },
        userActor(c.get('user')!.username),
      );
      return issue(c, { ...r, displayName: v.data.displayName, what: `用户 ${r.username} 已创建` });
    } catch (e) {
      if (e instanceof AdminError)
        return adminPage(c, { errors: { [e.field ?? 'username']: e.message } }, 400);
      throw e;
    }
  });

  manageUsers(app, issued);
  manageAgencies(app);

  app.post('/agencies', guard('admin.agencies'), async (c) => {
    const db = c.get('deps').handle.db;
    const values = await formValues(c);
    const v = validate(AgencySchema, {
      name: one(values.name),
      code: one(values.code),
      parentId: one(values.parentId),
      level: one(values.level),
      kind: one(values.kind),
    });
    if (!v.ok) return adminPage(c, { errors: v.errors }, 400);
    const [dup] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, v.data.code));
    if (dup) return adminPage(c, { errors: { code: `代码 ${v.data.code} 已被使用` } }, 400);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(agencies)
        .values({ ...v.data, parentId: v.data.parentId === '' ? null : v.data.parentId })
        .returning();
      await audit(tx, {
        actor: userActor(c.get('user')!.username),
        action: 'agency.create',
        entity: 'agency',
        entityId: row!.id,
        after: row,
      });
    });
    return c.redirect('/admin?notice=agency', 303);
  });

  app.post('/demo', guard('admin.demo'), async (c) => {
    const deps = c.get('deps');
    if (!deps.options.demo) throw notFound('演示数据功能');
    await loadDemo(deps.handle, {
      actor: userActor(c.get('user')!.username),
      today: deps.today(),
      calendar: await deps.calendar(),
      ...(deps.pipeline ? { pipeline: deps.pipeline } : {}),
      files: deps.files,
    });
    return c.redirect('/admin?notice=demo', 303);
  });

  return app;
}

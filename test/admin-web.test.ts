// Administration in the browser's HTTP terms: a one-time password is shown once and a reload never issues another
// (POST → redirect → GET); a password reset and a deactivation need a confirmation; a deactivated user's sessions
// end at once; agencies are renamed and moved; an internal office marked as not receiving applications is refused
// as the receiving agency (《条例》第二十七条). Every change is in the audit log.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeCase } from '../src/cases/intake.ts';
import { queryRows } from '../src/db/query.ts';
import { openWebTest, TEST_PASSWORD, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

async function loginAs(username: string, password: string) {
  const r = await t.app.request('/login', {
    method: 'POST',
    headers: {
      cookie: 'gk_csrf=admin-web-test-token-0123456789',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, password, _csrf: 'admin-web-test-token-0123456789' }).toString(),
  });
  return r;
}

async function auditOf(action: string) {
  return queryRows<{ actor: string; entity_id: string; before: unknown; after: unknown }>(
    t.handle.db,
    sql`select actor, entity_id, before, after from audit_log where action = ${action} order by id`,
  );
}

const passwordIn = (html: string) => /<p class="code">([^<]+)<\/p>/.exec(html)?.[1] ?? null;

describe('one-time passwords are shown once', { timeout: 120_000 }, () => {
  it('creating a user redirects to a page that shows the password once; a reload shows no password', async () => {
    const r = await t.request('/admin/users', {
      as: 'administrator',
      form: { username: 'li.ming', displayName: '李明', agencyId: String(t.agency.A), roles: 'officer' },
    });
    expect(r.status).toBe(303);
    const where = r.headers.get('location')!;
    expect(where).toMatch(/^\/admin\/issued\/[0-9a-f]{32}$/);
    const first = await (await t.request(where, { as: 'administrator' })).text();
    const password = passwordIn(first);
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(first).toContain('李明');
    const again = await (await t.request(where, { as: 'administrator' })).text();
    expect(passwordIn(again)).toBeNull();
    expect(again).toContain('已经显示过');
    // Another administrator's session cannot read it either (it was bound to the session that issued it).
    expect((await loginAs('li.ming', password!)).status).toBe(303);
  });

  it('a reset needs a confirmation, ends the sessions and never issues a second password on reload', async () => {
    const target = t.userId.reviewer;
    const victim = await t.session('reviewer');
    const noConfirm = await t.request(`/admin/users/${target}/reset`, { as: 'administrator', form: {} });
    expect(noConfirm.status).toBe(303);
    expect(noConfirm.headers.get('location')).toBe(`/admin/users/${target}/reset`);
    expect((await t.app.request('/staff', { headers: { cookie: victim.cookie } })).status).toBe(200);
    const confirm = await (await t.request(`/admin/users/${target}/reset`, { as: 'administrator' })).text();
    expect(confirm).toContain('确认重置密码');
    const issuedBefore = (await auditOf('user.password.issued')).length;
    const done = await t.request(`/admin/users/${target}/reset`, {
      as: 'administrator',
      form: { confirm: 'yes' },
    });
    expect(done.status).toBe(303);
    const page = await (await t.request(done.headers.get('location')!, { as: 'administrator' })).text();
    const password = passwordIn(page)!;
    expect(password).toBeTruthy();
    await t.request(done.headers.get('location')!, { as: 'administrator' });
    expect((await auditOf('user.password.issued')).length).toBe(issuedBefore + 1);
    expect((await t.app.request('/staff', { headers: { cookie: victim.cookie } })).status).toBe(303);
    expect((await loginAs('reviewer', TEST_PASSWORD)).status).toBe(401);
    expect((await loginAs('reviewer', password)).status).toBe(303);
  });
});

describe('users', { timeout: 120_000 }, () => {
  it('deactivating a user ends their sessions at once, and they can no longer log in', async () => {
    const victim = await t.session('approver');
    expect((await t.app.request('/staff', { headers: { cookie: victim.cookie } })).status).toBe(200);
    const confirm = await (
      await t.request(`/admin/users/${t.userId.approver}/deactivate`, { as: 'administrator' })
    ).text();
    expect(confirm).toContain('确认停用');
    const r = await t.request(`/admin/users/${t.userId.approver}/deactivate`, {
      as: 'administrator',
      form: { confirm: 'yes' },
    });
    expect(r.status).toBe(303);
    const after = await t.app.request('/staff', { headers: { cookie: victim.cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
    expect((await loginAs('approver', TEST_PASSWORD)).status).toBe(401);
    const [row] = await auditOf('user.deactivate');
    expect(row!.actor).toBe('user:administrator');
    expect(row!.entity_id).toBe(String(t.userId.approver));
    const page = await (await t.request(`/admin/users/${t.userId.approver}`, { as: 'administrator' })).text();
    expect(page).toContain('已停用');
    // Reactivated, the user can log in again with the password they had.
    await t.request(`/admin/users/${t.userId.approver}/activate`, { as: 'administrator', form: {} });
    expect((await loginAs('approver', TEST_PASSWORD)).status).toBe(303);
  });

  it('re-roling a user applies at their next request and is audited with before and after', async () => {
    const s = await t.session('supervisorS');
    expect((await t.app.request('/staff', { headers: { cookie: s.cookie } })).status).toBe(403);
    const r = await t.request(`/admin/users/${t.userId.supervisorS}`, {
      as: 'administrator',
      form: { displayName: '监督员乙', agencyId: String(t.agency.S), roles: ['supervisor', 'reviewer'] },
    });
    expect(r.status).toBe(303);
    expect((await t.app.request('/staff', { headers: { cookie: s.cookie } })).status).toBe(200);
    const rows = await auditOf('user.update');
    const last = rows.at(-1)!;
    expect(last.before).toMatchObject({ roles: ['supervisor'] });
    expect(last.after).toMatchObject({ displayName: '监督员乙', roles: ['supervisor', 'reviewer'] });
  });

  it('refuses to leave no administrator, and shows the form again with what was typed', async () => {
    const r = await t.request(`/admin/users/${t.userId.administrator}`, {
      as: 'administrator',
      form: { displayName: '管理员改名', agencyId: String(t.agency.R), roles: 'officer' },
    });
    expect(r.status).toBe(409);
    const html = await r.text();
    expect(html).toContain('没有可用的系统管理员');
    expect(html).toContain('value="管理员改名"');
    const none = await t.request(`/admin/users/${t.userId.officer}`, {
      as: 'administrator',
      form: { displayName: '', agencyId: String(t.agency.A), roles: 'officer' },
    });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请填写姓名');
  });
});

describe('agencies', { timeout: 120_000 }, () => {
  it('renames the root, and the new name is what the pages show', async () => {
    const r = await t.request(`/admin/agencies/${t.agency.R}/rename`, {
      as: 'administrator',
      form: { name: '东湖区人民政府' },
    });
    expect(r.status).toBe(303);
    const page = await (await t.request(`/admin/agencies/${t.agency.R}`, { as: 'administrator' })).text();
    expect(page).toContain('东湖区人民政府');
    const [row] = await auditOf('agency.rename');
    expect(row!.before).toEqual({ name: '测试区人民政府' });
    expect(row!.after).toEqual({ name: '东湖区人民政府' });
    const blank = await t.request(`/admin/agencies/${t.agency.R}/rename`, {
      as: 'administrator',
      form: { name: ' ' },
    });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('机关名称不能为空');
  });

  it('moves an agency, and refuses a move under its own department or a department at the top', async () => {
    const cycle = await t.request(`/admin/agencies/${t.agency.A}/move`, {
      as: 'administrator',
      form: { parentId: String(t.agency.A1) },
    });
    expect(cycle.status).toBe(400);
    expect(await cycle.text()).toContain('不能把');
    const top = await t.request(`/admin/agencies/${t.agency.A1}/move`, {
      as: 'administrator',
      form: { parentId: '' },
    });
    expect(top.status).toBe(400);
    expect(await top.text()).toContain('不能没有上级');
    const ok = await t.request(`/admin/agencies/${t.agency.B}/move`, {
      as: 'administrator',
      form: { parentId: String(t.agency.S) },
    });
    expect(ok.status).toBe(303);
    const [row] = await queryRows<{ parent_id: number }>(
      t.handle.db,
      sql`select parent_id from agencies where id = ${t.agency.B}`,
    );
    expect(Number(row!.parent_id)).toBe(t.agency.S);
    await t.request(`/admin/agencies/${t.agency.B}/move`, {
      as: 'administrator',
      form: { parentId: String(t.agency.R) },
    });
  });

  it('an internal office marked as not receiving applications is refused as the receiving agency', async () => {
    const before = await (await t.request('/staff/intake', { as: 'officer' })).text();
    expect(before).toContain('甲镇党政办公室');
    const r = await t.request(`/admin/agencies/${t.agency.A1}/receiving`, {
      as: 'administrator',
      form: { receives: 'no' },
    });
    expect(r.status).toBe(303);
    const form = await (await t.request('/staff/intake', { as: 'officer' })).text();
    expect(form).not.toContain('甲镇党政办公室');
    await expect(
      intakeCase(
        t.handle.db,
        {
          agency: t.agency.A1,
          applicant: { type: 'naturalPerson', name: '张三' },
          channel: 'inPerson',
          receivedOn: '2024-03-01',
          description: '某文件',
        },
        { actor: 'test', today: '2024-03-15' } as never,
      ),
    ).rejects.toThrow(/甲镇党政办公室是内设机构，不以自己名义受理申请/);
    expect((await auditOf('agency.receiving')).at(-1)!.after).toEqual({ receivesApplications: false });
    // The public application form offers only agencies that receive applications.
    expect(await (await t.request('/apply')).text()).toContain('测试区乙街道办事处');
    await t.request(`/admin/agencies/${t.agency.B}/receiving`, {
      as: 'administrator',
      form: { receives: 'no' },
    });
    expect(await (await t.request('/apply')).text()).not.toContain('测试区乙街道办事处');
    await t.request(`/admin/agencies/${t.agency.B}/receiving`, {
      as: 'administrator',
      form: { receives: 'yes' },
    });
    expect(await (await t.request('/apply')).text()).toContain('测试区乙街道办事处');
  });
});

describe('what an administrator types is escaped on the new pages', { timeout: 120_000 }, () => {
  it('an agency name and a user name with markup come back as text', async () => {
    const payload = '<script>alert(1)</script>';
    await t.request(`/admin/agencies/${t.agency.C}/rename`, { as: 'administrator', form: { name: payload } });
    await t.request(`/admin/users/${t.userId.supervisor}`, {
      as: 'administrator',
      form: { displayName: payload, agencyId: String(t.agency.R), roles: 'supervisor' },
    });
    for (const path of [
      `/admin/agencies/${t.agency.C}`,
      `/admin/users/${t.userId.supervisor}`,
      `/admin/users/${t.userId.supervisor}/deactivate`,
      `/admin/users/${t.userId.supervisor}/reset`,
      '/admin',
    ]) {
      const html = await (await t.request(path, { as: 'administrator' })).text();
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html, path).not.toContain(payload);
    }
  });
});

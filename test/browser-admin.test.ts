import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTest, haveChromium, newPage as openPage, SHOTS, login as signIn } from './support/browser.ts';

const HAVE_CHROMIUM = haveChromium();

const T = 300_000;

const web = browserTest({
  setup: async (t) => {
    await t.handle.db.execute(
      sql`update agencies set name = '本级人民政府（请在管理页修改名称）' where id = ${t.agency.R}`,
    );
    await t.handle.db.execute(sql`update users set display_name = '李承办' where username = 'officer'`);
    await t.handle.db.execute(sql`update users set display_name = '王审查' where username = 'reviewer'`);
  },
  timeout: T,
});

const newPage = () => openPage(web.browser, { viewport: { width: 1200, height: 860 } });

const login = (page: Page, username: string, password?: string) => signIn(page, web.base, username, password);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe.skipIf(!HAVE_CHROMIUM)('administration in a browser', () => {
  it(
    'the administrator renames the root agency',
    async () => {
      const page = await newPage();
      await login(page, 'administrator');
      await page.goto(`${web.base}/admin`);
      await page.click('a:has-text("本级人民政府（请在管理页修改名称）")');
      await page.fill('#name', '东湖区人民政府');
      await Promise.all([page.waitForURL(/notice=renamed/), page.click('button:has-text("保存名称")')]);
      expect(await page.textContent('h1')).toContain('东湖区人民政府');
      expect(await page.textContent('body')).toContain('名称已修改');
      await shot(page, 'admin-agency');
      await page.goto(`${web.base}/admin`);
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain('东湖区人民政府');
      expect(body).not.toContain('请在管理页修改名称');
      await page.context().close();
    },
    T,
  );

  it(
    'the administrator deactivates an officer, whose session ends and who can no longer log in',
    async () => {
      const officer = await newPage();
      await login(officer, 'officer');
      await officer.goto(`${web.base}/staff`);
      expect(officer.url()).toBe(`${web.base}/staff`);

      const page = await newPage();
      await login(page, 'administrator');
      await page.goto(`${web.base}/admin`);
      await page.click('a[aria-label="管理用户 李承办"]');
      await page.click('a:has-text("停用账号")');
      expect(await page.textContent('body')).toContain('将停用 李承办');
      await shot(page, 'admin-deactivate-confirm');
      await Promise.all([page.waitForURL(/notice=deactivated/), page.click('button:has-text("确认停用")')]);
      expect(await page.textContent('body')).toContain('账号已停用，其所有会话已结束');
      await shot(page, 'admin-user');

      // The officer's next click is anonymous, and logging in again is refused.
      await officer.goto(`${web.base}/staff`);
      expect(officer.url()).toContain('/login');
      await login(officer, 'officer');
      expect(officer.url()).toContain('/login');
      expect(await officer.textContent('body')).toContain('用户名或密码错误');
      await officer.context().close();
      await page.context().close();
    },
    T,
  );

  it(
    'a password reset is confirmed, shown once, and a reload issues no second password',
    async () => {
      const page = await newPage();
      await login(page, 'administrator');
      await page.goto(`${web.base}/admin/users/${web.t.userId.reviewer}`);
      await page.click('a:has-text("重置密码")');
      await Promise.all([
        page.waitForURL(/\/admin\/issued\//),
        page.click('button:has-text("确认重置密码")'),
      ]);
      const password = (await page.textContent('p.code'))?.trim() ?? '';
      expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
      await shot(page, 'admin-issued');
      await page.reload();
      expect(await page.locator('p.code').count()).toBe(0);
      expect(await page.textContent('body')).toContain('已经显示过，不会再次显示');
      const reviewer = await newPage();
      await login(reviewer, 'reviewer', password);
      expect(reviewer.url()).toContain('/account/password');
      await reviewer.context().close();
      await page.context().close();
    },
    T,
  );
});

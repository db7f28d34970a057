// The browser tests' one setup: the app served on a free loopback port and Debian's Chromium launched headless
// (playwright-core, no bundled browser). Each browser test file calls it in its beforeAll and `close()` in afterAll.
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { TEST_PASSWORD } from './web.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Debian's chromium is installed; without it a browser test file is skipped, and says why. */
export function haveChromium(): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok)
    console.warn(
      `跳过浏览器测试：未找到 ${CHROMIUM}（请安装 Debian 软件包 chromium：apt-get install -y chromium）`,
    );
  return ok;
}

/**
 * Where screenshots go: docs/screenshots when asked for (GONGKAI_SCREENSHOTS=1 npm test refreshes the pictures),
 * else a temp folder, so an ordinary run leaves the work tree as it found it.
 */
export const SHOTS = process.env.GONGKAI_SCREENSHOTS
  ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : mkdtempSync(join(tmpdir(), 'gongkai-shots-'));

/** A page of a new context (cookies of its own): Chinese locale, 1200×900 unless `options` say otherwise. */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    locale: 'zh-CN',
    ...options,
  });
  return ctx.newPage();
}

/** Screenshot `name`.png into SHOTS: the top of the page, or scrolled to `selector`. */
export async function shot(page: Page, name: string, selector?: string): Promise<void> {
  if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Sign in through the login form as a person would. */
export async function login(
  page: Page,
  base: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit].primary')]);
}

export interface BrowserServer {
  readonly base: string;
  readonly browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

export async function serveInChromium(fetch: Parameters<typeof serve>[0]['fetch']): Promise<BrowserServer> {
  let server: ReturnType<typeof serve> | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => server!.close(() => r()));
    },
  };
}

// The browser tests' one setup: the app served on a free loopback port and Debian's Chromium launched headless
// (playwright-core, no bundled browser). A browser test file opens with `browserTest()`, which does it in beforeAll
// (after the file's own setup of the database) and closes it all in afterAll.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { agencies } from '../../src/db/schema/agencies.ts';
import { openWebTest, TEST_PASSWORD, type WebTest } from './web.ts';

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

/**
 * Serious and critical axe-core violations of the page, as "rule: target" lines. The page's context must bypass the
 * CSP to take the script (the pages themselves run none).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({
    content: readFileSync(
      join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
      'utf8',
    ),
  });
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe;
    return axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
  })) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
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

/** A browser test file's web test, served app and browser: set once its beforeAll has run. */
export interface BrowserTest {
  readonly t: WebTest;
  /** The served app's address: http://127.0.0.1:<port>. */
  readonly base: string;
  readonly browser: Browser;
}

/**
 * A browser test file's opening, called at its top level: in beforeAll (nothing without Chromium) a web test with
 * `web` options, the file's `setup` of it, then the app served and Chromium launched; in afterAll, all closed.
 */
export function browserTest(
  opts: {
    web?: Parameters<typeof openWebTest>[0];
    setup?: (t: WebTest) => Promise<void>;
    /** beforeAll's own timeout, when the setup is slow. */
    timeout?: number;
  } = {},
): BrowserTest {
  let t: WebTest | undefined;
  let served: BrowserServer | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    t = await openWebTest(opts.web);
    await opts.setup?.(t);
    served = await serveInChromium(t.app.fetch);
  }, opts.timeout);
  afterAll(async () => {
    await served?.close();
    await t?.close();
  });
  return {
    get t() {
      return t!;
    },
    get base() {
      return served?.base ?? '';
    },
    get browser() {
      return served!.browser;
    },
  };
}

/** A region (top level) and its agencies below it, as [code, name, kind]; their ids by code, the region's as `region`. */
export async function addRegion(
  t: WebTest,
  name: string,
  units: readonly (readonly [code: string, name: string, kind: string])[],
): Promise<Record<string, number>> {
  const db = t.handle.db;
  const [region] = await db
    .insert(agencies)
    .values({ code: 'demo', name, level: 'region', kind: 'localGovernment' })
    .returning({ id: agencies.id });
  const ids: Record<string, number> = { region: region!.id };
  for (const [code, unit, kind] of units) {
    const [a] = await db
      .insert(agencies)
      .values({ code, name: unit, kind, level: 'agency', parentId: region!.id })
      .returning({ id: agencies.id });
    ids[code] = a!.id;
  }
  return ids;
}

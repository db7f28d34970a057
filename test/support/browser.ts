// The browser tests' one setup: the app served on a free loopback port and Debian's Chromium launched headless
// (playwright-core, no bundled browser). Each browser test file calls it in its beforeAll and `close()` in afterAll.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

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

// A disclosure officer on an office laptop: 1366×768 with the browser zoomed to 125 % (a 1093×614 CSS-pixel window),
// keyboard only, in a real browser (Debian's chromium through playwright-core). Signing in, the case list, a case,
// a 部分公开 reply with its letter, and the publishing queue are all reached by Tab and Enter; every control passed on
// the way shows a focus ring and lies on screen; every form field has a label; nothing is cut off and no page
// scrolls sideways; the deadline badges of the case list stand in view with the first cases above the fold; the
// header marks one section as current. Screenshots (laptop-*.png) go to docs/screenshots/ with
// GONGKAI_SCREENSHOTS=1. Skipped, saying why, when /usr/bin/chromium is missing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserTest, haveChromium, newPage, shot } from './support/browser.ts';
import { addUser, intakeTestCase, TEST_PASSWORD } from './support/web.ts';

const HAVE_CHROMIUM = haveChromium();

const web = browserTest({
  setup: async (t) => {
    await addUser(t.handle.db, {
      username: 'wang',
      displayName: '王经办',
      agencyId: t.agency.A,
      roles: ['officer'],
    });
    for (let i = 1; i <= 6; i++)
      await intakeTestCase(t, {
        description: `甲镇2023年第${i}批老旧小区改造项目的施工合同和验收报告`,
        receivedOn: `2024-02-0${i}`,
      });
  },
});

/** 1366×768 at 125 % zoom: the window is 1093×614 CSS pixels, drawn at 1.25 device pixels each. */
const laptop = () =>
  newPage(web.browser, {
    viewport: { width: 1093, height: 614 },
    deviceScaleFactor: 1.25,
    acceptDownloads: true,
    bypassCSP: true,
  });

interface Focused {
  readonly what: string;
  readonly ring: boolean;
  readonly onScreen: boolean;
}

/** The focused element: what it is, whether a focus ring (outline or shadow of 2 px or more) shows, whether it is in view. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const ring =
      (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    const onScreen =
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.top < innerHeight &&
      r.right > 0 &&
      r.left < innerWidth;
    const text = (e.textContent ?? '').trim().slice(0, 20) || e.getAttribute('name') || '';
    return { what: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} ${text}`, ring, onScreen };
  });

/**
 * Press Tab until the focused element matches `selector` (at most 120 times), checking each element passed on the way
 * shows its focus and is on screen: the keyboard user's walk to that control.
 */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.what.startsWith('body')) continue;
    expect(f.ring, `focus ring: ${f.what}`).toBe(true);
    expect(f.onScreen, `on screen: ${f.what}`).toBe(true);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Change the focused <select> with the arrow keys until it holds `value`. */
async function arrowTo(page: Page, value: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option ${value}`);
}

/** What the officer cannot fully see: page sideways scroll, controls without a label, text clipped by its box. */
const defects = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
    for (const e of document.querySelectorAll<HTMLInputElement>(
      'main :is(input, select, textarea):not([type=hidden])',
    ))
      if (!(e.labels?.[0]?.textContent ?? '').trim() && !e.getAttribute('aria-label'))
        out.push(`no label: ${e.name}`);
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      const s = getComputedStyle(e);
      if (
        (s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis') &&
        e.scrollWidth > e.clientWidth + 1 &&
        !e.classList.contains('sr-only') &&
        !e.classList.contains('skip')
      )
        out.push(
          `cut off: ${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').trim().slice(0, 20)}`,
        );
    }
    const current = [...document.querySelectorAll('header.site a[aria-current="page"]')].map(
      (a) => a.textContent,
    );
    if (current.length > 1) out.push(`several current sections: ${current.join('、')}`);
    return out;
  });

describe.skipIf(!HAVE_CHROMIUM)('an officer on a 1366×768 laptop at 125 %, keyboard only', () => {
  it('signs in, finds a case, records a 部分公开 reply, downloads its letter and opens the publishing queue', async () => {
    const page = await laptop();
    await page.goto(`${web.base}/login`);
    // The skip link comes first, shows when focused, and takes the next Tab into the page's content.
    await page.keyboard.press('Tab');
    expect((await focused(page)).what).toContain('跳到正文');
    expect((await focused(page)).onScreen).toBe(true);
    await page.keyboard.press('Enter');
    await tabTo(page, '#username');
    expect(await defects(page)).toEqual([]);
    await page.keyboard.type('wang');
    await tabTo(page, '#password');
    await page.keyboard.type(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${web.base}/staff`), page.keyboard.press('Enter')]);

    await tabTo(page, 'main a[href="/staff/cases"]');
    await Promise.all([page.waitForURL(/\/staff\/cases$/), page.keyboard.press('Enter')]);
    expect(await defects(page)).toEqual([]);
    // The list's first cases, each with its deadline badge, stand above the fold with the filters open.
    const rows = await page.locator('table.data tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const r = tr.getBoundingClientRect();
        const pill = tr.querySelector('.pill')?.getBoundingClientRect();
        return {
          inView: r.bottom <= innerHeight,
          pill: !!pill && pill.right <= innerWidth && pill.width > 0,
        };
      }),
    );
    expect(rows.length).toBe(6);
    expect(rows.filter((r) => r.inView).length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.pill)).toBe(true);
    await shot(page, 'laptop-cases');

    await tabTo(page, 'table.data tbody tr:first-child a');
    await Promise.all([page.waitForURL(/\/staff\/cases\/[^/?]+$/), page.keyboard.press('Enter')]);
    expect(await defects(page)).toEqual([]);
    await tabTo(page, '#action-reply > summary');
    await page.keyboard.press('Enter');
    await tabTo(page, '#action-reply select[name=outcome]');
    await arrowTo(page, 'partiallyGranted');
    await tabTo(page, '#action-reply [name=note]');
    await page.keyboard.type('合同中的报价明细属于第三方商业秘密');
    await tabTo(page, '#action-reply [name=disclosed]');
    await page.keyboard.type('施工合同正文和验收报告');
    await tabTo(page, '#action-reply [name=withheld1]');
    await page.keyboard.type('合同附件三报价明细');
    await tabTo(page, '#action-reply select[name=ground1]');
    await arrowTo(page, 'withheld.thirdPartyRights');
    expect(await defects(page)).toEqual([]);
    await shot(page, 'laptop-reply', '#action-reply');
    await tabTo(page, '#action-reply button[type=submit]');
    await Promise.all([page.waitForURL(/\/preview\/reply\?/), page.keyboard.press('Enter')]);
    expect(await page.textContent('main')).toContain('合同附件三报价明细');
    await tabTo(page, 'button.primary');
    await Promise.all([page.waitForURL(/notice=letter/), page.keyboard.press('Enter')]);
    expect(await page.textContent('main')).toContain('（二）部分公开');
    await tabTo(page, 'a[data-letter="reply:partiallyGranted"]');
    const [letter] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(letter.suggestedFilename()).toMatch(/\.docx$/);
    await shot(page, 'laptop-case-letter', 'a[data-letter="reply:partiallyGranted"]');

    await tabTo(page, 'header.site a[href="/staff/publishing"]');
    await Promise.all([page.waitForURL(/\/staff\/publishing$/), page.keyboard.press('Enter')]);
    expect(await defects(page)).toEqual([]);
    expect(await page.locator('header.site a[aria-current="page"]').allTextContents()).toEqual(['主动公开']);
    await tabTo(page, 'main a[href="/staff/publishing/new"]');
    await Promise.all([page.waitForURL(/\/staff\/publishing\/new$/), page.keyboard.press('Enter')]);
    expect(await defects(page)).toEqual([]);
    await shot(page, 'laptop-publishing-new');
    await page.context().close();
  });

  it('axe-core finds no serious or critical violation on the officer pages at this size', async () => {
    const page = await laptop();
    await page.goto(`${web.base}/login`);
    await page.fill('#username', 'wang');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${web.base}/staff`), page.press('#password', 'Enter')]);
    await page.goto(`${web.base}/staff/cases`);
    const caseHref = (await page.getAttribute('table.data tbody tr:first-child a', 'href'))!;
    for (const path of ['/staff', '/staff/cases', caseHref, '/staff/publishing']) {
      await page.goto(`${web.base}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await page.context().close();
  });
});

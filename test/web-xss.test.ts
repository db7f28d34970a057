// Script injection: a payload in every text field a citizen (or an uploaded report) can supply is shown escaped on
// every page it appears on — the form echoing it back, the staff lists and case page, the full identity view, the
// 答复书, the supervisor's pages and the public report pages.
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../src/db/schema/cases.ts';
import { seed } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';
import { ESCAPED, P, payloadApplication, safe } from './support/xss.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const ANON = 'gk_csrf=anonymous-test-token-0123456789';
// Each submission carries its own one-time form token, as the form gives it (a resubmission registers nothing).
let tokens = 0;
const post = (form: Record<string, string>) =>
  t.app.request('/apply', {
    method: 'POST',
    headers: { cookie: ANON, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...form,
      formToken: `xss-form-token-${String(++tokens).padStart(8, '0')}`,
      _csrf: 'anonymous-test-token-0123456789',
    }).toString(),
  });

let code = '';
/** The applicant's 查询码 (the receipt and /track); `code` is the internal case number the officer works with. */
let tracking = '';

describe('citizen input', () => {
  it('the form echoes every field escaped when validation fails', async () => {
    const r = await post(payloadApplication(t.agency.A));
    expect(r.status).toBe(400);
    const html = await r.text();
    safe(html, '/apply (400)');
    expect(html.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(6);
  });

  it('a valid application carrying the payload in its free-text fields is registered', async () => {
    const r = await post({
      agencyId: String(t.agency.A),
      applicantType: 'commercial',
      name: P,
      idNumber: '91350100M000100Y43',
      phone: '13812345678',
      email: 'a@example.com',
      address: P,
      description: P,
      formWanted: 'paper',
      deliveryWanted: 'post',
    });
    expect(r.status).toBe(303);
    tracking = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    const [row] = await t.handle.db
      .select({ code: cases.code })
      .from(cases)
      .where(eq(cases.trackingCode, tracking));
    code = row!.code;
  });

  it.each([
    ['receipt', (): string => `/apply/receipt/${tracking}`, null],
    ['track', (): string => `/track?code=${tracking}`, null],
    ['case list', (): string => '/staff/cases', 'officer'],
    ['case page', (): string => `/staff/cases/${code}`, 'officer'],
  ] as const)('%s shows it escaped', async (where, path, as) => {
    const html = await (await t.request(path(), { as })).text();
    safe(html, where);
    if (as) expect(html).toContain(ESCAPED);
  });

  it('the full identity view and the preview show it escaped', async () => {
    const reveal = await (await t.request(`/staff/cases/${code}/reveal`, { as: 'officer', form: {} })).text();
    safe(reveal, 'reveal');
    expect(reveal).toContain(ESCAPED);
    const preview =
      await // Previews are GET pages (POST → redirect → GET): what was typed travels in the query.
      (
        await t.request(
          `/staff/cases/${code}/preview/note?${new URLSearchParams({ on: '2024-03-15', text: P })}`,
          {
            as: 'officer',
          },
        )
      ).text();
    safe(preview, 'preview');
    expect(preview).toContain(ESCAPED);
  });

  it('the officer’s note and the reply reasons are escaped on the timeline, and the 答复书 keeps them as text', async () => {
    await t.request(`/staff/cases/${code}/do/note`, { as: 'officer', form: { on: '2024-03-15', text: P } });
    const r = await t.request(`/staff/cases/${code}/do/reply`, {
      as: 'officer',
      form: { on: '2024-03-15', outcome: 'withheld.thirdPartyRights', legalBasis: '', note: P },
    });
    expect(r.status).toBe(303);
    const html = await (await t.request(`/staff/cases/${code}`, { as: 'officer' })).text();
    safe(html, 'case page after reply');
    const href = /href="([^"]+\/letters\/\d+\.docx)"/.exec(html)![1]!;
    const zip = await JSZip.loadAsync(await (await t.request(href, { as: 'officer' })).arrayBuffer());
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;');
  });
});

describe('uploaded reports', () => {
  let id = '';
  it('an uploaded report whose agency, sections and file name carry the payload is shown escaped', async () => {
    const e = seed('000').expected;
    const json = JSON.stringify({
      agency: P,
      year: 2023,
      format: '2021',
      fields: e.fields,
      blank: [],
      uncertain: [],
      sections: { overview: P, problems: P },
    });
    const s = await t.session('supervisor');
    const form = new FormData();
    form.append('_csrf', s.csrf);
    form.append('files', new File([json], `${P}.json`));
    const posted = await t.app.request('/supervise/upload', {
      method: 'POST',
      headers: { cookie: s.cookie },
      body: form,
    });
    expect(posted.status).toBe(303);
    await t.uploadsDone();
    const progress = await t.app.request(posted.headers.get('location')!, { headers: { cookie: s.cookie } });
    const html = await progress.text();
    expect(progress.status).toBe(200);
    safe(html, 'upload results');
    // Its agency is no agency of the subtree: it waits on the review list, shown escaped too.
    const review = await t.request('/supervise/review', { as: 'supervisor' });
    const list = await review.text();
    safe(list, 'review list');
    expect(list).toContain('&lt;script&gt;');
    const fileId = /action="\/supervise\/review\/(\d+)"/.exec(list)![1]!;
    // Assigned to an agency of the subtree and dated, it becomes a public report.
    const assigned = await t.request(`/supervise/review/${fileId}`, {
      as: 'supervisor',
      form: { action: 'assign', agencyId: String(t.agency.B) },
    });
    expect(assigned.status).toBe(303);
    id = /\/supervise\/reports\/(\d+)\/edit/.exec(assigned.headers.get('location')!)![1]!;
    await t.request(`/supervise/reports/${id}/edit`, {
      as: 'supervisor',
      form: { publishedOn: '2024-01-20', agencyId: String(t.agency.B) },
    });
  });

  it.each([
    ['report list', (): string => '/reports', null],
    ['report page', (): string => `/reports/${id}`, null],
    ['edit page', (): string => `/supervise/reports/${id}/edit`, 'supervisor'],
    ['home', (): string => '/', null],
  ] as const)('%s shows it escaped', async (where, path, as) => {
    const html = await (await t.request(path(), { as })).text();
    safe(html, where);
    expect(html).toContain('&lt;script&gt;');
  });

  it('the ranking chart (SVG served as an image) escapes it too', async () => {
    // Assign the report to an agency of the subtree so that it is charted.
    await t.request(`/supervise/reports/${id}/edit`, {
      as: 'supervisor',
      form: { publishedOn: '2024-01-20', agencyId: String(t.agency.B) },
    });
    const svg = await (
      await t.request(`/supervise/agencies/${t.agency.R}/charts/ranking.svg?year=2023`, { as: 'supervisor' })
    ).text();
    expect(svg).not.toContain('<script');
    const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    safe(board, 'board');
    const combined = await (
      await t.request(`/supervise/agencies/${t.agency.R}/combined?year=2023`, { as: 'supervisor' })
    ).text();
    safe(combined, 'combined');
  });
});

// The supervisor's journey (session 9 field walk): the district's own 2023 report, a real PDF whose 表二 is printed
// in the 2021 layout and 表三 in the 2019 one, signs as "洪泽区人民政府" and waits on the review list with "错误 4" —
// what `gongkai check` finds. Assigned to its agency, it was checked again from its stored JSON and showed 错误 12:
// every 表二 row of the 2019 layout "未读出", rows the report never had. The board, the league table and the public
// page then counted eight errors the report does not contain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { runCli } from './support/cli.ts';
import { SHARED } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const PDF = join(SHARED, 'corpus', 'huaian-hongze-2023.pdf');
let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('a report assigned from the review list keeps the findings it was read with', () => {
  it('the hybrid-layout PDF shows the same errors on the review list, after assignment and in the CLI', async () => {
    const cli = await runCli(['check', '--json', PDF]);
    const cliErrors = (JSON.parse(cli.stdout).findings as { severity: string }[]).filter(
      (f) => f.severity === 'error',
    ).length;
    expect(cliErrors).toBeGreaterThan(0);

    const s = await t.session('supervisor');
    const form = new FormData();
    form.append('_csrf', s.csrf);
    form.append('files', new File([readFileSync(PDF)], 'huaian-hongze-2023.pdf'));
    const up = await t.app.request('/supervise/upload', {
      method: 'POST',
      headers: { cookie: s.cookie },
      body: form,
    });
    expect(up.status).toBe(303);
    await t.uploadsDone();
    const list = await (await t.request('/supervise/review', { as: 'supervisor' })).text();
    expect(text(list)).toContain(`错误 ${cliErrors}`);
    const fileId = /action="\/supervise\/review\/(\d+)"/.exec(list)![1]!;

    const ok = await t.request(`/supervise/review/${fileId}`, {
      as: 'supervisor',
      form: { action: 'assign', agencyId: String(t.agency.B) },
    });
    expect(ok.status).toBe(303);
    const id = Number(/\/supervise\/reports\/(\d+)\/edit/.exec(ok.headers.get('location')!)![1]);
    const [row] = await t.handle.db.select().from(annualReports).where(eq(annualReports.id, id));
    expect(row!.errors).toBe(cliErrors);
    // What the supervisor reads on the report's page: the same count, and no 表二 row "未读出".
    const page = text(await (await t.request(`/reports/${id}`, { as: 'supervisor' })).text());
    expect(page).toContain(`错误 ${cliErrors} 项`);
    expect(page).not.toMatch(/表二“[^”]+”行未读出/);
  });
});

// Stored findings follow the rules (src/supervision/recheck.ts): a report stored with the findings of an older
// version of the rules — here the real hybrid-layout PDF (2019 表二 under a 2021 表三) as it was stored before the
// fix of session 9, with a "行未读出" error for every 表二 row — shows its old error count until it is checked again;
// after the recheck the board, the report page and the API give the count the rules give today (the CLI's own
// `check` of the file), reports whose findings were right are left as they were, and a second run finds nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowToReport } from '../src/db/annual-report-values.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { checkReport, RULES, type Rule } from '../src/domain/rules/index.ts';
import { recheckStale, staleCount } from '../src/supervision/recheck.ts';
import { rulesFingerprint, rulesVersion } from '../src/supervision/rules-version.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { runCli } from './support/cli.ts';
import { SEEDS, SHARED } from './support/seeds.ts';
import { openWebTest, type WebTest } from './support/web.ts';

const PDF = join(SHARED, 'corpus', 'huaian-hongze-2023.pdf');
let t: WebTest;
let id: number;
let cliErrors: number;
let rightFindings: unknown;

beforeAll(async () => {
  t = await openWebTest({ apiLimit: { max: 10_000, windowMs: 60_000 } });
  const cli = await runCli(['check', '--json', PDF]);
  cliErrors = (JSON.parse(cli.stdout).findings as { severity: string }[]).filter(
    (f) => f.severity === 'error',
  ).length;
  const r = await collectFile(
    t.handle.db,
    { name: 'huaian-hongze-2023.pdf', bytes: readFileSync(PDF) },
    { maxFileBytes: 1 << 24, actor: 'test', agencyId: t.agency.A, publishedOn: '2024-01-25' },
  );
  id = r.reportId!;
  // The seeds too (other agencies): reports whose stored findings are right must come out of a recheck unchanged.
  const others = [t.agency.B, t.agency.C, t.agency.S, t.agency.R, t.agency.A1];
  for (const [i, s] of SEEDS.entries())
    await collectFile(
      t.handle.db,
      { name: `${s.name}.txt`, bytes: readFileSync(s.file) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: others[i]!, publishedOn: '2024-01-19' },
    );
}, 180_000);
afterAll(async () => t?.close());

/** The errors the board shows for agency A's report, the report page's, and the API's. */
async function shownErrors() {
  const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
  const row = [...board.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => m[1]!)
    .find((r) => r.includes('测试区甲镇人民政府'))!;
  const onBoard = Number(/错误 (\d+)/.exec(row)?.[1] ?? (row.includes('无错误') ? 0 : Number.NaN));
  const pageHtml = await (await t.request(`/reports/${id}`)).text();
  const onPage = Number(/错误 <strong>(\d+)<\/strong> 项/.exec(pageHtml)?.[1]);
  const items = (pageHtml.match(/<li class="finding error"/g) ?? []).length;
  const api = (await (await t.request(`/api/v1/reports/${id}`)).json()) as { errors: number };
  return { onBoard, onPage, items, api: api.errors };
}

describe('stored findings follow the rules', () => {
  it('a report stored by older rules keeps its old count until rechecked; then board, page and API agree with check', async () => {
    const db = t.handle.db;
    const [row] = await db.select().from(annualReports).where(eq(annualReports.id, id));
    rightFindings = row!.findings;
    expect(row!.errors).toBe(cliErrors);
    // As the report was stored before session 9's fix: checked from its stored numbers without its table layouts.
    const old = checkReport(rowToReport({ ...row!, format: row!.format }), {});
    const oldErrors = old.filter((f) => f.severity === 'error').length;
    expect(oldErrors).toBeGreaterThan(cliErrors);
    await db
      .update(annualReports)
      .set({
        findings: old.map((f) => ({ ...f, cells: [...f.cells] })),
        errors: oldErrors,
        warnings: old.length - oldErrors,
        rulesVersion: 'e0-0000000000000000',
      })
      .where(eq(annualReports.id, id));
    const { reportPages } = await import('../src/web/reports/page-cache.ts');
    reportPages.invalidate();
    const before = await shownErrors();
    expect(before).toEqual({ onBoard: oldErrors, onPage: oldErrors, items: oldErrors, api: oldErrors });

    expect(await staleCount(db)).toBe(1 + SEEDS.length);
    const progress: number[] = [];
    const r = await recheckStale(db, { batch: 2, onProgress: (p) => progress.push(p.done) });
    reportPages.invalidate();
    expect(r.total).toBe(1 + SEEDS.length);
    expect(progress).toEqual([2, 4, 6]);
    // Only the stale report changed: the seeds' stored findings are what the rules give.
    expect(r.changed).toBe(1);
    expect(r.errorsChanged).toBe(1);
    const after = await shownErrors();
    expect(after).toEqual({ onBoard: cliErrors, onPage: cliErrors, items: cliErrors, api: cliErrors });
    const [now] = await db.select().from(annualReports).where(eq(annualReports.id, id));
    expect(now!.findings).toEqual(rightFindings);
    expect(now!.rulesVersion).toBe(await rulesVersion());
    // A second run finds nothing to do.
    expect(await staleCount(db)).toBe(0);
    expect((await recheckStale(db)).done).toBe(0);
  });

  it('the rules version changes whenever a rule behaves differently, and only then', async () => {
    const base = await rulesFingerprint(RULES);
    expect(await rulesFingerprint(RULES)).toBe(base);
    expect(await rulesVersion()).toBe(base);
    // A reworded message of one rule.
    const reworded: Rule[] = RULES.map((r) =>
      r.id !== 't3.row-total'
        ? r
        : { ...r, evaluate: (ctx) => r.evaluate(ctx).map((f) => ({ ...f, message: `${f.message}。` })) },
    );
    expect(await rulesFingerprint(reworded)).not.toBe(base);
    // A rule that finds less (the hybrid's 表二 no longer flagged, say), with the same id and title.
    const quieter: Rule[] = RULES.map((r) => (r.id !== 'cell.unknown' ? r : { ...r, evaluate: () => [] }));
    expect(await rulesFingerprint(quieter)).not.toBe(base);
    // A rule regraded.
    const regraded: Rule[] = RULES.map((r) => (r.id !== 'cell.uncertain' ? r : { ...r, severity: 'error' }));
    expect(await rulesFingerprint(regraded)).not.toBe(base);
  });
});

// A supervisor settles a collected report's uncertain cells in the web (src/web/routes/supervise-cells.tsx): the list
// "待核对 N 格", one cell's form, errors that name the field and keep what was typed, the warning before a value that
// breaks a 勾稽 rule, POST → redirect → GET, the public page's "经人工核对" mark (no reviewer's name), the API's kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng, synthesizeReport } from '../src/domain/report/synthesize.ts';
import { renderReport } from '../src/render/index.ts';
import { getReportRow } from '../src/web/reports/store.ts';
import { collectFile } from '../src/web/reports/upload.ts';
import { auditActions, collectCrawledPage, openWebTest, type WebTest } from './support/web.ts';

const ROW = 't2.normativeDocuments';
let t: WebTest;
let id: number;
beforeAll(async () => {
  t = await openWebTest();
  id = await collectCrawledPage(t);
});
afterAll(async () => t?.close());

const cellPath = (key: string) => `/supervise/reports/${id}/cells/${key}`;

describe('the supervisor settles the glued 规范性文件 row of a crawled page', () => {
  it('lists the cells to confirm with the reader’s reason and candidates', async () => {
    const res = await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisor' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('待核对 3 格');
    expect(html).toContain('数字连写（“7030”）');
    expect(html).toContain('7、70');
    // The report's own page links to the list for supervisors.
    const page = await (await t.request(`/reports/${id}`, { as: 'supervisor' })).text();
    expect(page).toContain(`/supervise/reports/${id}/cells`);
    expect(page).toContain('待核对 3 格');
  });

  it('shows one cell: source text, reason, candidates as choices', async () => {
    const html = await (await t.request(cellPath(`${ROW}.issued`), { as: 'supervisor' })).text();
    expect(html).toContain('“7030”');
    expect(html).toMatch(/type="radio"[^>]*value="7"/);
    expect(html).toMatch(/type="radio"[^>]*value="70"/);
    expect(html).toMatch(/type="radio"[^>]*value="blank"/);
  });

  it('a form without a note or with a word for a number is shown again, naming the field, keeping what was typed', async () => {
    const noNote = await t.request(cellPath(`${ROW}.issued`), {
      as: 'supervisor',
      form: { choice: '7', value: '', note: '' },
    });
    expect(noNote.status).toBe(400);
    const a = await noNote.text();
    expect(a).toContain('核对说明');
    expect(a).toMatch(/type="radio"[^>]*value="7"[^>]*checked|checked[^>]*value="7"/);
    const word = await t.request(cellPath(`${ROW}.issued`), {
      as: 'supervisor',
      form: { choice: '', value: '七件', note: '核对原文' },
    });
    expect(word.status).toBe(400);
    const b = await word.text();
    expect(b).toContain('本年制发件数');
    expect(b).toContain('value="七件"');
    expect(b).toContain('value="核对原文"');
  });

  it('a supervisor of another subtree is refused (403), and an unknown field is 404', async () => {
    expect((await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisorS' })).status).toBe(403);
    const post = await t.request(cellPath(`${ROW}.issued`), {
      as: 'supervisorS',
      form: { choice: '7', value: '', note: '核对' },
    });
    expect(post.status).toBe(403);
    expect((await t.request(cellPath('t2.noSuch.issued'), { as: 'supervisor' })).status).toBe(404);
  });

  it('confirms the three cells (a candidate, a typed number, a candidate) → redirect → the page reads fully', async () => {
    const forms: [string, Record<string, string>][] = [
      [`${ROW}.issued`, { choice: '7', value: '', note: '核对原文网页' }],
      [`${ROW}.repealed`, { choice: '', value: '0', note: '核对原文网页' }],
      [`${ROW}.inForce`, { choice: '30', value: '', note: '核对原文网页' }],
    ];
    for (const [key, form] of forms) {
      const res = await t.request(cellPath(key), { as: 'supervisor', form });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/supervise/reports/${id}/cells?done=confirmed`);
    }
    const html = await (
      await t.request(`/supervise/reports/${id}/cells?done=confirmed`, { as: 'supervisor' })
    ).text();
    expect(html).toContain('已保存核对结果');
    expect(html).toContain('已人工核对 3 格');
    expect(html).toContain('supervisor'); // the reviewer by name (display name) on the supervisor's page
    const row = (await getReportRow(t.handle.db, id))!;
    expect([ROW + '.issued', ROW + '.repealed', ROW + '.inForce'].map((k) => row.fields[k])).toEqual([
      7, 0, 30,
    ]);
    expect((await auditActions(t.handle)).filter((a) => a === 'annualReport.confirmCell')).toHaveLength(3);
  });

  it('the public page marks the cells 经人工核对 with the date, and names no reviewer; the API says confirmed', async () => {
    const res = await t.request(`/reports/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const cell = /<td id="cell-t2\.normativeDocuments\.issued"[^>]*>([\s\S]*?)<\/td>/.exec(html)![0];
    expect(cell).toContain('confirmed');
    expect(cell).toContain('经人工核对');
    expect(cell).toContain('2024-03-15');
    expect(html).not.toContain('/supervise/reports/');
    expect(html).not.toContain('user:supervisor');
    const api = (await (await t.request(`/api/v1/reports/${id}`)).json()) as {
      provenanceKind: Record<string, string>;
      confirmed: Record<string, { at: string; note: string; by?: string; candidates?: number[] }>;
    };
    expect(api.provenanceKind[`${ROW}.issued`]).toBe('confirmed');
    expect(api.confirmed[`${ROW}.issued`]).toMatchObject({ note: '核对原文网页', candidates: [7, 70] });
    expect(api.confirmed[`${ROW}.issued`]!.by).toBeUndefined();
  });

  it('restores the reader’s reading (audited), then the cell is to confirm again', async () => {
    const res = await t.request(`${cellPath(`${ROW}.inForce`)}/restore`, { as: 'supervisor', form: {} });
    expect(res.status).toBe(303);
    const html = await (await t.request(`/supervise/reports/${id}/cells`, { as: 'supervisor' })).text();
    expect(html).toContain('待核对 1 格');
    expect(await auditActions(t.handle)).toContain('annualReport.restoreCell');
    // Without the CSRF token the POST is refused.
    const forged = await t.request(cellPath(`${ROW}.inForce`), {
      as: 'supervisor',
      form: { choice: '30', value: '', note: '核对' },
      csrf: false,
    });
    expect(forged.status).toBe(403);
  });
});

describe('a value that breaks a 勾稽 rule', () => {
  it('is warned of before saving; saved when the supervisor insists; the finding shows at once', async () => {
    const r = synthesizeReport(prng(11), { format: '2021', year: 2023, agency: '测试区乙街道办事处' });
    const html = new TextDecoder().decode(await renderReport(r, 'html'));
    const up = await collectFile(
      t.handle.db,
      { name: 'synth.html', bytes: new TextEncoder().encode(html) },
      { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.B },
    );
    const rid = up.reportId!;
    const key = 't3.received.total';
    // Make the cell uncertain as a reader would have left it: unknown, with a reason.
    const { annualReports } = await import('../src/db/schema/annual-reports.ts');
    const { eq } = await import('drizzle-orm');
    const row = (await getReportRow(t.handle.db, rid))!;
    const truth = row.fields[key]!;
    const fields = { ...row.fields };
    delete fields[key];
    await t.handle.db
      .update(annualReports)
      .set({
        fields,
        uncertain: [...row.uncertain, key],
        readings: { [key]: { read: { state: 'unknown' }, reason: '测试：数字看不清' } },
      })
      .where(eq(annualReports.id, rid));
    const path = `/supervise/reports/${rid}/cells/${key}`;
    const form = { choice: '', value: String(truth + 1), note: '核对原文' };
    const warn = await t.request(path, { as: 'supervisor', form });
    expect(warn.status).toBe(200);
    const page = await warn.text();
    expect(page).toContain('该值使下列勾稽关系不成立');
    expect(page).toContain('仍然保存');
    expect((await getReportRow(t.handle.db, rid))!.fields[key]).toBeUndefined();
    const ack = /name="ack" value="([^"]+)"/.exec(page)![1]!;
    const saved = await t.request(path, { as: 'supervisor', form: { ...form, ack } });
    expect(saved.status).toBe(303);
    const after = (await getReportRow(t.handle.db, rid))!;
    expect(after.fields[key]).toBe(truth + 1);
    const finding = after.findings.find((f) => f.rule === 't3.row-total' && f.cells.includes(key));
    expect(finding).toBeDefined();
    const report = await (await t.request(`/reports/${rid}`, { as: 'supervisor' })).text();
    expect(report).toContain(finding!.message.slice(0, 12));
  });
});

// The supervisor's console over HTTP: bulk upload of the seed reports (and faulty files), the status board, the
// combined tables, findings linked to cells, charts, and recording a publication date.
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies } from '../src/db/schema/agencies.ts';
import { annualReports } from '../src/db/schema/annual-reports.ts';
import { SEEDS, seed } from './support/seeds.ts';
import { auditActions, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await openWebTest({
    upload: { maxFiles: 20, maxFileBytes: 300 * 1024, maxTotalBytes: 5 * 1024 * 1024 },
  });
  // Three of the seeds' agencies live in R's subtree under the names their reports print.
  for (const [code, name] of [
    ['pgz', '北京市大兴区庞各庄镇人民政府'],
    ['by', '北京市通州区人民政府北苑街道办事处'],
    ['gd', '郭店镇'],
  ] as const) {
    const [r] = await t.handle.db
      .insert(agencies)
      .values({ code, name, parentId: t.agency.R, level: 'agency', kind: 'township' })
      .returning({ id: agencies.id });
    ids[code] = r!.id;
  }
});
afterAll(async () => t?.close());

/** A report in the `parse --json` shape whose 表三 does not add up: 一+二 ≠ 三（七）+四 for 自然人. */
function faultyJson(): Uint8Array {
  const e = seed('002').expected;
  const fields = { ...e.fields, 't3.received.naturalPerson': e.fields['t3.received.naturalPerson']! + 5 };
  return new TextEncoder().encode(
    JSON.stringify({
      agency: '测试区乙街道办事处',
      year: 2023,
      format: '2021',
      fields,
      blank: [],
      uncertain: [],
      sections: {},
    }),
  );
}

async function upload(
  files: { name: string; bytes: Uint8Array }[],
  as: 'supervisor' | 'officer' = 'supervisor',
) {
  const s = await t.session(as);
  const form = new FormData();
  form.append('_csrf', s.csrf);
  for (const f of files) form.append('files', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
  const posted = await t.app.request('/supervise/upload', {
    method: 'POST',
    headers: { cookie: s.cookie },
    body: form,
  });
  // The upload answers at once with the batch's progress page; the files are read in the background.
  if (posted.status !== 303) return posted;
  await t.uploadsDone();
  return t.app.request(posted.headers.get('location')!, { headers: { cookie: s.cookie } });
}

describe('bulk upload', () => {
  let html = '';
  it('reads every seed, refuses faulty files one by one, and lists each outcome', async () => {
    const files = [
      ...SEEDS.map((s) => ({ name: s.name + '.txt', bytes: readFileSync(s.file) })),
      { name: 'faulty.json', bytes: faultyJson() },
      { name: 'empty.txt', bytes: new Uint8Array() },
      { name: 'huge.txt', bytes: new Uint8Array(400 * 1024).fill(0x41) },
      { name: '../../etc/notes.txt', bytes: new TextEncoder().encode('这不是年度报告。\n只是几行文字。') },
    ];
    const r = await upload(files);
    html = await r.text();
    expect(r.status, html).toBe(200);
    // 太师屯镇 and 大兴区政府办 are not in the supervisor's subtree: they wait on the review list.
    expect(html).toContain('共 9 个文件：新收集 4 份，重复 0 份，待分配机关 2 份，未收集 3 份');
    expect(html).toContain('空文件');
    expect(html).toContain('文件过大');
    expect(html).toContain('未识别年度');
    // A client-given path is reduced to its last segment.
    expect(html).toContain('notes.txt');
    expect(html).not.toContain('../../etc');
  });

  it('matches reports to agencies by the name they print', async () => {
    expect(html).toContain('北京市大兴区庞各庄镇人民政府');
    expect(html).toContain('未匹配到您监督范围内的机关'); // 太师屯镇, 大兴区政府办 are not in this tree
  });

  it('when the same files come again, then they are recognised and not stored twice', async () => {
    const r = await upload([{ name: 'again.txt', bytes: readFileSync(seed('000').file) }]);
    expect(await r.text()).toContain('新收集 0 份，重复 1 份');
  });

  it('refuses a second request without files and an officer altogether', async () => {
    expect((await upload([])).status).toBe(400);
    expect((await upload([{ name: 'x.txt', bytes: readFileSync(seed('000').file) }], 'officer')).status).toBe(
      403,
    );
  });

  it('holds anyone but a supervisor, and a supervisor over the total, to the body limit (413, nothing read)', async () => {
    const big = { name: 'big.txt', bytes: new Uint8Array(1024 * 1024).fill(0x41) };
    const officer = await upload([big], 'officer');
    expect(officer.status).toBe(413);
    expect(await officer.text()).toContain('提交的内容超过了上限');
    const huge = Array.from({ length: 6 }, (_, i) => ({
      name: `part${i}.txt`,
      bytes: new Uint8Array(1024 * 1024).fill(0x42),
    }));
    expect((await upload(huge)).status).toBe(413);
  });

  it('audits each collected report', async () => {
    expect((await auditActions(t.handle)).filter((a) => a === 'annualReport.collect')).toHaveLength(4);
  });
});

describe('status board and combined tables', () => {
  it('lists the subtree with who published in 2023 and the findings counts', async () => {
    const r = await t.request('/supervise?year=2023', { as: 'supervisor' });
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(html).toContain('监督工作台：测试区人民政府');
    for (const name of ['测试区甲镇人民政府', '测试区乙街道办事处', '北京市大兴区庞各庄镇人民政府', '郭店镇'])
      expect(html).toContain(name);
    expect(html).not.toContain('甲镇党政办公室'); // departments publish no report of their own
    expect(html).not.toContain('另一区丙镇人民政府'); // another subtree
    expect(html).toContain('已收集（发布日期未知）');
    expect(html).toContain('逾期未发布'); // 甲镇: nothing by 2024-01-31, today is 2024-03-15
    expect(html).toContain('<span class="pill bad">错误 2</span>');
  });

  it('sums the subtree’s 2023 reports field by field, each agency once', async () => {
    const r = await t.request(`/supervise/agencies/${t.agency.R}/combined?year=2023`, { as: 'supervisor' });
    const html = await r.text();
    expect(r.status).toBe(200);
    const sum = (k: string) =>
      ['000', '001', '002'].reduce((a, p) => a + (seed(p).expected.fields[k] ?? 0), 0) +
      seed('002').expected.fields[k]! +
      (k === 't3.received.naturalPerson' ? 5 : 0);
    for (const k of ['t3.received.total', 't3.received.naturalPerson', 't3.granted.total', 't4.review.total'])
      expect(cellOf(html, k), k).toBe(String(sum(k)));
    expect(html).toContain('合计 4 份报告');
  });

  it('links each agency’s findings to the cell they are about', async () => {
    const html = await (
      await t.request(`/supervise/agencies/${t.agency.R}/combined?year=2023`, { as: 'supervisor' })
    ).text();
    expect(html).toMatch(/href="\/reports\/\d+#cell-t3\.received\.naturalPerson"/);
    const id = /href="\/reports\/(\d+)#cell-t3\.received\.naturalPerson"/.exec(html)![1];
    const report = await (await t.request(`/reports/${id}`, { as: 'supervisor' })).text();
    expect(report).toMatch(/<td id="cell-t3\.received\.naturalPerson" class="num flag-error"/);
  });

  it('draws the four charts as SVG', async () => {
    for (const chart of ['received', 'outcomes', 'corrections', 'ranking']) {
      const r = await t.request(`/supervise/agencies/${t.agency.R}/charts/${chart}.svg?year=2023`, {
        as: 'supervisor',
      });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('image/svg+xml');
      const svg = await r.text();
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('<script');
    }
  });

  it('after a publication date is recorded, the board says on time or late', async () => {
    const board = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    const ids = [...board.matchAll(/\/supervise\/reports\/(\d+)\/edit/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const late = await t.request(`/supervise/reports/${ids[0]}/edit`, {
      as: 'supervisor',
      form: { publishedOn: '2024-02-20', agencyId: String(await agencyOfReport(ids[0]!)) },
    });
    expect(late.status).toBe(303);
    const bad = await t.request(`/supervise/reports/${ids[1]}/edit`, {
      as: 'supervisor',
      form: { publishedOn: '2024-13-40', agencyId: '' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('发布日期格式应为 年-月-日');
    const after = await (await t.request('/supervise?year=2023', { as: 'supervisor' })).text();
    expect(after).toContain('逾期发布');
    expect(after).toContain('逾期 20 天');
    expect(await auditActions(t.handle)).toContain('annualReport.publishedOn');
  });
});

async function agencyOfReport(id: string): Promise<number> {
  const [r] = await t.handle.db
    .select()
    .from(annualReports)
    .where(eq(annualReports.id, Number(id)));
  return r!.agencyId!;
}

/** The printed text of a report cell on a page. */
function cellOf(html: string, key: string): string | undefined {
  const m = new RegExp(`<td id="cell-${key.replace(/\./g, '\\.')}"[^>]*>([^<]*)<`).exec(html);
  return m?.[1];
}

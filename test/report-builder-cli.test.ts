// The `publish` and `report` verbs scripted end to end against a PGlite data folder: register and review an item,
// import statistics (a bad sheet first), build the report with its checks, publish DOCX + HTML + JSON.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportBytes } from '../src/parse/index.ts';
import { runCli } from './support/cli.ts';

let dir: string;
let env: Record<string, string | undefined>;
const cli = (args: string[], today = '2024-01-18') => runCli(args, { ...env, GONGKAI_TODAY: today });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-report-cli-'));
  env = { ...process.env, GONGKAI_DATA: join(dir, 'data'), DATABASE_URL: '' };
  for (const a of [
    [
      'agency',
      'add',
      '--code',
      'bys',
      '--name',
      '北京市通州区人民政府北苑街道办事处',
      '--level',
      'agency',
      '--kind',
      'township',
    ],
    [
      'agency',
      'add',
      '--code',
      'bys-dzb',
      '--name',
      '党政办公室',
      '--level',
      'department',
      '--kind',
      'other',
      '--parent',
      'bys',
    ],
  ]) {
    const r = await cli(['case', ...a]);
    expect(r.code, r.stderr).toBe(0);
  }
  const add = await cli([
    'case',
    'add',
    '--agency',
    'bys',
    '--applicant-type',
    'naturalPerson',
    '--applicant-name',
    '张三',
    '--channel',
    'inPerson',
    '--received',
    '2023-03-01',
    '--description',
    '2022年低保名单',
    '--json',
  ]);
  expect(add.code, add.stderr).toBe(0);
  const code = JSON.parse(add.stdout).code as string;
  const reply = await cli(['case', 'event', code, 'reply', '--on', '2023-03-10', '--outcome', 'granted']);
  expect(reply.code, reply.stderr).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('gongkai publish', () => {
  it('scripts the register: add, the review chain with roles, list', async () => {
    const add = await cli(
      [
        'publish',
        'item',
        'add',
        '--agency',
        'bys',
        '--department',
        'bys-dzb',
        '--title',
        '关于开展消防检查的通知',
        '--category',
        '通知公告',
        '--channel',
        '门户网站',
        '--channel',
        '微信公众号',
        '--formed',
        '2023-04-03',
        '--json',
        '--as',
        'zhang',
      ],
      '2023-04-03',
    );
    expect(add.code, add.stderr).toBe(0);
    const id = String(JSON.parse(add.stdout).id);
    const step = (action: string, as: string, role: string, extra: string[] = []) =>
      cli(['publish', 'item', action, id, '--as', as, '--role', role, ...extra], '2023-04-06');
    expect((await step('submit', 'zhang', 'officer')).code).toBe(0);
    const wrong = await step('pass', 'li', 'approver');
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toMatch(/须由信息公开工作人员或管理员办理/);
    expect((await step('pass', 'li', 'officer')).code).toBe(0);
    const ret = await step('return', 'wang', 'reviewer');
    expect(ret.stderr).toMatch(/退回须填写理由/);
    expect((await step('pass', 'wang', 'reviewer')).code).toBe(0);
    expect((await step('pass', 'zhao', 'approver')).code).toBe(0);
    const pub = await step('publish', 'zhang', 'officer', ['--on', '2023-04-06']);
    expect(pub.stdout).toMatch(/已审批待发布 → 已发布（发布日期 2023-04-06）/);
    const list = await cli(['publish', 'item', 'list', '--agency', 'bys', '--year', '2023']);
    expect(list.stdout).toMatch(
      /已发布\s+2023-04-03\s+2023-04-06\s+2023-05-\d\d\s+通知公告\s+关于开展消防检查的通知/,
    );
    const counts = await cli(['publish', 'counts', '--agency', 'bys', '--year', '2023', '--json']);
    expect(JSON.parse(counts.stdout)).toMatchObject({
      total: 1,
      byDepartment: [{ name: '党政办公室', count: 1 }],
    });
  });

  it('a bad statistics sheet names its line and imports nothing; a good one is imported', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '行政许可,3\n行政处罚,很多\n');
    const r = await cli(['publish', 'import-stats', bad, '--agency', 'bys', '--year', '2023']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv：统计表有1处错误，未导入任何数据\n\s+第2行：“很多”不是数字/);
    expect(
      JSON.parse((await cli(['publish', 'stats', '--agency', 'bys', '--year', '2023', '--json'])).stdout)
        .values,
    ).toEqual({});
    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      't2.licensing.decisions,3\nt2.penalty.decisions,56\nt2.coercion.decisions,2\nt2.fees.amount,0\n',
    );
    const ok = await cli(['publish', 'import-stats', good, '--agency', 'bys', '--year', '2023']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/已导入 4 项/);
  });

  it('registers normative documents and shows 表二 第（一）项', async () => {
    const add = await cli([
      'publish',
      'norm',
      'add',
      '--agency',
      'bys',
      '--kind',
      '行政规范性文件',
      '--doc-no',
      '京通北发〔2023〕1号',
      '--title',
      '北苑街道社区治理办法',
      '--issued',
      '2023-05-01',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const t = await cli(['publish', 'norm', 'table', '--agency', 'bys', '--year', '2023', '--json']);
    expect(JSON.parse(t.stdout)).toMatchObject({
      't2.normativeDocuments.issued': 1,
      't2.normativeDocuments.inForce': 1,
    });
  });
});

describe('gongkai report', () => {
  it('build lists the checks and exits 0 when there is no error', async () => {
    const b = await cli(['report', 'build', '--agency', 'bys', '--year', '2023']);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    expect(b.stdout).toMatch(/北苑街道办事处 2023年度政府信息公开工作年度报告（2021版）/);
    expect(b.stdout).toMatch(/仍有待填写的提示/);
    const j = JSON.parse(
      (await cli(['report', 'build', '--agency', 'bys', '--year', '2023', '--json'])).stdout,
    );
    expect(j.report.fields).toMatchObject({
      't3.received.total': 1,
      't3.granted.total': 1,
      't2.penalty.decisions': 56,
    });
    expect(j.errors).toBe(0);
  });

  it('build with --prev reads last year’s report from a file and checks the carry-over', async () => {
    const prev = join(dir, 'prev.json');
    writeFileSync(
      prev,
      JSON.stringify({
        agency: '北京市通州区人民政府北苑街道办事处',
        year: 2022,
        format: '2021',
        fields: { 't3.carriedForward.total': 4 },
        blank: [],
        uncertain: [],
        sections: {},
      }),
    );
    const b = await cli(['report', 'build', '--agency', 'bys', '--year', '2023', '--prev', prev]);
    // Last year carried 4 forward, this year carried none over: an error, so the exit code is 1.
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/上年报告：prev\.json（2022年度）/);
    expect(b.stdout).toMatch(/不等于2022年度报告的“结转下年度继续办理”总计（4）/);
  });

  it('publish refuses while text is to be written, then writes DOCX, HTML and JSON that read back', async () => {
    const out = join(dir, 'out');
    const refused = await cli(['report', 'publish', '--agency', 'bys', '--year', '2023', '--out', out]);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/尚不能发布/);
    const text = join(dir, 'other.txt');
    writeFileSync(
      text,
      '本年度发出收费通知{{fees.notices}}件，实际收取信息处理费{{fees.collected}}元。\n无其他需要报告的事项。\n',
    );
    for (const args of [
      ['--section', 'other', '--file', text],
      ['--section', 'problems', '--text', '一是发布及时性有待提高。'],
    ])
      expect(
        (await cli(['report', 'template', 'set', '--agency', 'bys', '--year', '2023', ...args])).code,
      ).toBe(0);
    const bad = await cli([
      'report',
      'template',
      'set',
      '--agency',
      'bys',
      '--year',
      '2023',
      '--section',
      'problems',
      '--text',
      '{{oops}}',
    ]);
    expect(bad.stderr).toMatch(/未知的占位符“\{\{oops\}\}”/);
    const r = await cli([
      'report',
      'publish',
      '--agency',
      'bys',
      '--year',
      '2023',
      '--out',
      out,
      '--on',
      '2024-01-18',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /已发布 北京市通州区人民政府北苑街道办事处2023年政府信息公开工作年度报告（2024-01-18），.*年度已锁定/,
    );
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      '北京市通州区人民政府北苑街道办事处2023年政府信息公开工作年度报告.docx',
      '北京市通州区人民政府北苑街道办事处2023年政府信息公开工作年度报告.html',
      '北京市通州区人民政府北苑街道办事处2023年政府信息公开工作年度报告.json',
    ]);
    const json = JSON.parse(readFileSync(join(out, files[2]!), 'utf8'));
    for (const f of files.slice(0, 2)) {
      const back = await readReportBytes(readFileSync(join(out, f)), f);
      expect(back.report.cells['t3.granted.total']).toMatchObject({ value: 1 });
      expect(
        Object.fromEntries(
          Object.entries(json.fields).map(([k]) => [k, (back.report.cells[k] as { value?: number }).value]),
        ),
      ).toEqual(json.fields);
    }
    const again = await cli(['report', 'publish', '--agency', 'bys', '--year', '2023', '--out', out]);
    expect(again.code).toBe(3);
    const locked = await cli([
      'case',
      'add',
      '--agency',
      'bys',
      '--applicant-type',
      'naturalPerson',
      '--applicant-name',
      '李四',
      '--channel',
      'inPerson',
      '--received',
      '2023-12-29',
      '--description',
      'x',
    ]);
    expect(locked.code).toBe(4);
  });

  it('deadlines: reminded from 15 January, silent once published', async () => {
    const d = await cli(['report', 'deadlines', '--agency', 'bys', '--on', '2024-01-16']);
    expect(d.stdout).toBe('无提醒\n');
    const e = await cli(['report', 'deadlines', '--agency', 'bys', '--on', '2025-02-03']);
    expect(e.stdout).toMatch(/\[逾期\] 2024年政府信息公开工作年度报告应于1月31日前发布，已逾期3天仍未发布/);
  });
});

// Enforcement and fee statistics of 表二 imported from a CSV sheet: the source is kept (file, SHA-256, who, when), a
// sheet with a bad line names the line and imports nothing, a GBK sheet from Excel reads as well as UTF-8.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsCsvError } from '../src/domain/report-builder/stats-csv.ts';
import { getStatistics, importStatistics, setStatistics } from '../src/publishing/statistics.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';

let f: Fixture;
const ctx = { actor: 'user:zhang', roles: ['officer' as const], today: '2024-01-10' };
const utf8 = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
});
afterAll(async () => {
  await f?.handle.close();
});

describe('statistics import', () => {
  it('imports a Chinese-labelled GBK sheet and keeps its source', async () => {
    const bytes = iconv.encode(
      '信息内容,项目,数值\n行政许可,本年处理决定数量,12\n行政处罚,56\n行政强制,2\n行政事业性收费,0.35\n',
      'gbk',
    );
    const r = await importStatistics(
      f.db,
      { agency: 't-jd', year: 2023, fileName: '2023执法统计.csv', bytes },
      ctx,
    );
    expect(r.values).toEqual({
      't2.licensing.decisions': 12,
      't2.penalty.decisions': 56,
      't2.coercion.decisions': 2,
      't2.fees.amount': 0.35,
    });
    const s = await getStatistics(f.db, 't-jd', 2023);
    expect(s.values).toEqual(r.values);
    expect(s.history).toHaveLength(1);
    expect(s.history[0]).toMatchObject({
      kind: 'csv',
      fileName: '2023执法统计.csv',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdBy: 'user:zhang',
    });
    expect(s.sources['t2.penalty.decisions']).toMatch(
      /^导入 2023执法统计\.csv（user:zhang，\d{4}-\d{2}-\d{2}，SHA-256 [0-9a-f]{12}…）$/,
    );
  });

  it('a sheet with a bad line names the file and the line, and nothing is written', async () => {
    const sheet = 't2.licensing.decisions,99\nt2.penalty.decisions,60\nt2.coercion.decisions,两件\n';
    const e = await importStatistics(
      f.db,
      { agency: 't-jd', year: 2023, fileName: 'bad.csv', bytes: utf8(sheet) },
      ctx,
    ).catch((x) => x);
    expect(e).toBeInstanceOf(StatsCsvError);
    expect(e.message).toMatch(/^bad\.csv：统计表有1处错误，未导入任何数据\n {2}第3行：“两件”不是数字/);
    const s = await getStatistics(f.db, 't-jd', 2023);
    expect(s.values['t2.licensing.decisions']).toBe(12);
    expect(s.values['t2.penalty.decisions']).toBe(56);
    expect(s.history).toHaveLength(1);
  });

  it('a later import replaces the values it names and says what it replaced', async () => {
    const r = await importStatistics(
      f.db,
      { agency: 't-jd', year: 2023, fileName: 'fix.csv', bytes: utf8('t2.penalty.decisions,58\n') },
      ctx,
    );
    expect(r.replaced).toEqual({ 't2.penalty.decisions': 56 });
    const s = await getStatistics(f.db, 't-jd', 2023);
    expect(s.values).toMatchObject({ 't2.penalty.decisions': 58, 't2.licensing.decisions': 12 });
    expect(s.sources['t2.penalty.decisions']).toMatch(/fix\.csv/);
    expect(s.sources['t2.licensing.decisions']).toMatch(/2023执法统计\.csv/);
  });

  it('the 2019 layout takes its own columns; hand entries obey the same rules', async () => {
    await importStatistics(
      f.db,
      {
        agency: 't-jd',
        year: 2020,
        fileName: '2020.csv',
        bytes: utf8('行政许可,上一年项目数量,30\n行政许可,本年增/减,-2\n'),
      },
      ctx,
    );
    await setStatistics(f.db, { agency: 't-jd', year: 2020, values: { 't2.procurement.amount': 12.5 } }, ctx);
    expect((await getStatistics(f.db, 't-jd', 2020)).values).toEqual({
      't2.licensing.previous': 30,
      't2.licensing.change': -2,
      't2.procurement.amount': 12.5,
    });
    await expect(
      setStatistics(f.db, { agency: 't-jd', year: 2020, values: { 't2.fees.amount': 1 } }, ctx),
    ).rejects.toThrow(/不是2019版格式表二可录入/);
    await expect(
      importStatistics(
        f.db,
        { agency: 't-jd', year: 2023, fileName: 'old.csv', bytes: utf8('t2.licensing.previous,4\n') },
        ctx,
      ),
    ).rejects.toThrow(/第1行：2021版格式没有/);
  });
});

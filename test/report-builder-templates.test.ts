// Section templates keep the numbers live: the text is stored with its placeholders and re-rendered on every build,
// so a change in the registers shows in the next build without touching the text. Also: a template with an unknown
// placeholder is refused; last year's report imported from a file is used for the cross-year checks; the deadline
// is watched from 15 January.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../src/calendar-seed/index.ts';
import { reportFromFields } from '../src/domain/report/model.ts';
import { createItem, reviewItem } from '../src/publishing/items.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';
import { renderReport } from '../src/render/index.ts';
import { buildReport } from '../src/report-builder/build.ts';
import { deadlineBoard, deadlineWarningsFor } from '../src/report-builder/deadlines.ts';
import { getDraft, importPrevReport, setSectionTemplate } from '../src/report-builder/drafts.ts';
import { SEEDS } from './support/seeds.ts';

let f: Fixture;
const calendar = seedCalendar();
const who = (actor: string, role: 'officer' | 'reviewer' | 'approver', today: string) => ({
  actor,
  roles: [role],
  today,
  calendar,
});

async function publishOne(title: string, category: string, on: string) {
  const item = await createItem(
    f.db,
    { agency: 't-jd', title, category, formedOn: on },
    who('a', 'officer', on),
  );
  for (const [action, ctx] of [
    ['submit', who('a', 'officer', on)],
    ['pass', who('b', 'officer', on)],
    ['pass', who('c', 'reviewer', on)],
    ['pass', who('d', 'approver', on)],
    ['publish', who('a', 'officer', on)],
  ] as const)
    await reviewItem(f.db, item.id, { action }, ctx);
}

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
});
afterAll(async () => {
  await f?.handle.close();
});

describe('templates keep the numbers live', () => {
  const template =
    '本年共发布信息{{publishing.total}}条，其中{{publishing.byColumn}}；机构职能栏目{{publishing.column.机构职能}}条。';

  it('the stored text keeps its placeholders; each build renders the figures of that moment', async () => {
    await setSectionTemplate(
      f.db,
      { agency: 't-jd', year: 2023, section: 'overview', template },
      { actor: 'user:a' },
    );
    await publishOne('通知1', '通知公告', '2023-03-01');
    const first = await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar });
    expect(first.report.sections.overview).toBe('本年共发布信息1条，其中通知公告1条；机构职能栏目0条。');
    await publishOne('职能', '机构职能', '2023-04-01');
    await publishOne('通知2', '通知公告', '2023-05-01');
    const second = await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar });
    expect(second.report.sections.overview).toBe(
      '本年共发布信息3条，其中通知公告2条、机构职能1条；机构职能栏目1条。',
    );
    expect(second.templates.overview).toEqual({ text: template, isDefault: false });
    expect((await getDraft(f.db, second.agency.id, 2023))?.templates.overview).toBe(template);
  });

  it('a preview renders unsaved text without storing it', async () => {
    const b = await buildReport(
      f.db,
      { agency: 't-jd', year: 2023, templates: { problems: '超期发布{{publishing.late}}条。' } },
      { calendar },
    );
    expect(b.report.sections.problems).toBe('超期发布0条。');
    expect((await getDraft(f.db, b.agency.id, 2023))?.templates.problems).toBeUndefined();
  });

  it('an unknown placeholder or section is refused with its name', async () => {
    await expect(
      setSectionTemplate(
        f.db,
        { agency: 't-jd', year: 2023, section: 'overview', template: '共{{publishing.totle}}条' },
        { actor: 'a' },
      ),
    ).rejects.toThrow('未知的占位符“{{publishing.totle}}”');
    await expect(
      setSectionTemplate(
        f.db,
        { agency: 't-jd', year: 2023, section: 'summary', template: 'x' },
        { actor: 'a' },
      ),
    ).rejects.toThrow(/没有“summary”这一部分/);
  });

  it('back to the default with null', async () => {
    await setSectionTemplate(
      f.db,
      { agency: 't-jd', year: 2023, section: 'overview', template: null },
      { actor: 'a' },
    );
    const b = await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar });
    expect(b.templates.overview.isDefault).toBe(true);
    expect(b.report.sections.overview).toContain(
      '本机关共主动公开政府信息3条，其中通知公告2条、机构职能1条，包括《通知2》《职能》《通知1》。',
    );
  });
});

describe('last year’s report imported from a file', () => {
  it('is stored, linked, and used by the cross-year checks', async () => {
    // Last year's report as the agency published it (a DOCX), with 2 applications carried forward.
    const seed = SEEDS.find((s) => s.expected.format === '2021')!;
    const fields = {
      ...seed.expected.fields,
      't3.carriedForward.naturalPerson': 2,
      't3.carriedForward.total': 2,
    };
    const prev = reportFromFields('2021', fields, {
      agency: '北京市通州区人民政府北苑街道办事处',
      year: 2022,
      sections: { overview: '略' },
    });
    const bytes = await renderReport(prev, 'docx');
    const r = await importPrevReport(
      f.db,
      { agency: 't-jd', year: 2023, fileName: '2022年报.docx', bytes },
      { actor: 'user:a' },
    );
    expect(r).toMatchObject({ year: 2022, notes: [] });
    const b = await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar });
    expect(b.prev).toMatchObject({ kind: 'linked', name: '2022年报.docx', year: 2022 });
    // No case of this agency was open on 1 January 2023, but last year's report says 2 were carried forward.
    expect(b.findings.find((x) => x.rule === 'prev.carry-over')?.message).toMatch(
      /不等于2022年度报告的“结转下年度继续办理”/,
    );
  });

  it('a file the parser cannot read is refused with its name', async () => {
    await expect(
      importPrevReport(
        f.db,
        { agency: 't-jd', year: 2023, fileName: 'x.pdf', bytes: new TextEncoder().encode('%PDF-1.4 broken') },
        { actor: 'a' },
      ),
    ).rejects.toThrow(/x\.pdf/);
  });
});

describe('the annual report deadline is watched from 15 January (《条例》第四十九条)', () => {
  it.each([
    ['2024-01-14', 't-jd', []],
    ['2024-01-15', 't-jd', ['warning']],
    ['2024-02-01', 't-jd', ['error']],
    ['2024-02-01', 't-qu', []],
    ['2024-03-20', 't-sfj', ['error']],
  ] as const)('on %s %s → %j', async (today, agency, severities) => {
    if (agency === 't-qu') {
      // A region is not an agency with a report of its own here; its 县级以上地方人民政府 would be (3月31日).
      expect((await deadlineBoard(f.db, today)).map((r) => r.code)).not.toContain('t-qu');
      return;
    }
    expect((await deadlineWarningsFor(f.db, agency, today)).map((w) => w.severity)).toEqual(severities);
  });

  it('the board lists every agency under a root still owing its report, late ones first', async () => {
    const board = await deadlineBoard(f.db, '2024-01-20');
    expect(board.map((r) => [r.code, r.warnings[0]!.severity])).toEqual([
      ['t-jd', 'warning'],
      ['t-sfj', 'warning'],
    ]);
    expect(board[0]!.warnings[0]!.message).toBe(
      '2023年政府信息公开工作年度报告应于1月31日前发布，还剩11天，尚未发布',
    );
  });
});

// End to end: an agency with a year of cases (made through case management's use cases) and a year of published
// items gets an annual report whose tables equal an independent count, that passes every check, that renders to
// DOCX and HTML which read back (readReportBytes) to the same numbers; publishing locks the year; next year's
// build finds this report in the system for the cross-year checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../src/calendar-seed/index.ts';
import { decideAppeal, fileAppeal } from '../src/cases/appeals.ts';
import * as ev from '../src/cases/events.ts';
import { intakeCase } from '../src/cases/intake.ts';
import { lockedYears } from '../src/cases/year-lock.ts';
import { APPLICANT_PARTS, LAYOUTS } from '../src/domain/report/layout.ts';
import { toParsedJson } from '../src/domain/report/model.ts';
import { prng } from '../src/domain/report/synthesize.ts';
import { readReportBytes } from '../src/parse/index.ts';
import { getAgency } from '../src/publishing/agencies.ts';
import { addOpinion, openConsultation } from '../src/publishing/consultations.ts';
import { PublishingError } from '../src/publishing/errors.ts';
import { createItem, reviewItem } from '../src/publishing/items.ts';
import { addNormDoc } from '../src/publishing/normative-documents.ts';
import { importStatistics } from '../src/publishing/statistics.ts';
import { agencyTree, type Fixture, openFixture } from '../src/publishing/test-fixtures.ts';
import { addWorkRecord } from '../src/publishing/work-records.ts';
import { buildReport } from '../src/report-builder/build.ts';
import { setSectionTemplate } from '../src/report-builder/drafts.ts';
import { publishedFiles, publishReport } from '../src/report-builder/publish.ts';

let f: Fixture;
const calendar = seedCalendar();
const caseCtx = { actor: 'user:officer' };
const pub = (actor: string, role: 'officer' | 'reviewer' | 'approver', today = '2024-01-20') => ({
  actor,
  roles: [role],
  today,
  calendar,
});
const officer = pub('user:zhang', 'officer');

/** The independent count: what the tables must say, tallied while the cases are made. */
const expected: Record<string, number> = {};
const bump = (key: string, n = 1) => {
  expected[key] = (expected[key] ?? 0) + n;
};
const COLUMNS = ['街乡镇动态', '通知公告', '社会救助', '行政执法公示'];
const byColumn: Record<string, number> = {};

const BASIS = '《中华人民共和国政府信息公开条例》第三十六条';
const day = (year: number, doy: number) => {
  const d = new Date(Date.UTC(year, 0, 1) + doy * 86_400_000);
  return d.toISOString().slice(0, 10);
};

async function makeCases() {
  const rand = prng(20231231);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const outcomes = LAYOUTS['2021'].t3Rows
    .filter((r) => r.result && !r.key.startsWith('other.') && r.key !== 'unavailable.unclearAfterCorrection')
    .map((r) => r.key);
  let n = 0;
  const intake = async (type: string, receivedOn: string) =>
    (
      await intakeCase(
        f.db,
        {
          agency: n++ % 3 === 0 ? 't-jd-dzb' : 't-jd',
          applicant: { type: type as 'naturalPerson', name: `申请人${n}` },
          channel: 'inPerson',
          receivedOn,
          description: `申请公开的信息${n}`,
        },
        caseCtx,
      )
    ).code;
  const codes: string[] = [];
  // Carried over from 2022: received in December 2022, answered in January 2023.
  for (let i = 0; i < 4; i++) {
    const type = pick(APPLICANT_PARTS);
    const code = await intake(type, day(2022, 340 + i * 3));
    const outcome = pick(outcomes);
    await ev.reply(f.db, code, { on: day(2023, 3 + i), outcome, legalBasis: BASIS }, caseCtx);
    bump(`t3.carriedOver.${type}`);
    bump(`t3.${outcome}.${type}`);
    codes.push(code);
  }
  // Received and answered in 2023.
  for (let i = 0; i < 30; i++) {
    const type = rand() < 0.6 ? 'naturalPerson' : pick(APPLICANT_PARTS);
    const received = day(2023, 5 + i * 11);
    const code = await intake(type, received);
    bump(`t3.received.${type}`);
    if (i === 7) {
      // 按件/按量 fee, paid, then granted.
      await ev.notifyFee(f.db, code, { on: day(2023, 7 + i * 11), method: 'pages', pages: 150 }, caseCtx);
      await ev.payFee(f.db, code, { on: day(2023, 9 + i * 11) }, caseCtx);
      await ev.reply(f.db, code, { on: day(2023, 12 + i * 11), outcome: 'granted' }, caseCtx);
      bump(`t3.granted.${type}`);
    } else if (i === 12) {
      // The fee is not paid: 视为放弃 (表三 （六）2).
      await ev.notifyFee(f.db, code, { on: day(2023, 6 + i * 11), method: 'pages', pages: 120 }, caseCtx);
      await ev.abandon(f.db, code, { on: day(2023, 40 + i * 11), reason: 'fee' }, caseCtx);
      bump(`t3.other.feeUnpaid.${type}`);
    } else if (i === 20) {
      await ev.withdraw(f.db, code, { on: day(2023, 6 + i * 11) }, caseCtx);
      bump(`t3.other.other.${type}`);
    } else {
      const outcome = pick(outcomes);
      await ev.reply(f.db, code, { on: day(2023, 8 + i * 11), outcome, legalBasis: BASIS }, caseCtx);
      bump(`t3.${outcome}.${type}`);
    }
    codes.push(code);
  }
  // Open on 31 December: carried forward.
  for (let i = 0; i < 3; i++) {
    const type = pick(APPLICANT_PARTS);
    await intake(type, day(2023, 350 + i * 3));
    bump(`t3.received.${type}`);
    bump(`t3.carriedForward.${type}`);
  }
  // 表四: a review upheld, a review still pending on 31 December, a direct suit corrected.
  const r1 = await fileAppeal(f.db, { case: codes[5]!, kind: 'review', filedOn: '2023-04-01' }, caseCtx);
  await decideAppeal(f.db, { id: r1.id, result: 'upheld', closedOn: '2023-06-01' }, caseCtx);
  bump('t4.review.upheld');
  await fileAppeal(f.db, { case: codes[20]!, kind: 'review', filedOn: '2023-11-20' }, caseCtx);
  bump('t4.review.pending');
  const l1 = await fileAppeal(
    f.db,
    { case: codes[10]!, kind: 'litigation.direct', filedOn: '2023-05-10' },
    caseCtx,
  );
  await decideAppeal(f.db, { id: l1.id, result: 'corrected', closedOn: '2023-10-10' }, caseCtx);
  bump('t4.litigation.direct.corrected');
}

async function publishItem(i: number, year: number) {
  const column = COLUMNS[i % COLUMNS.length]!;
  const formedOn = day(year, 10 + i * 9);
  const item = await createItem(
    f.db,
    {
      agency: 't-jd',
      department: i % 2 ? 't-jd-dzb' : null,
      title: `${column}信息${year}-${i}`,
      category: column,
      channels: i % 3 ? ['门户网站'] : ['门户网站', '微信公众号'],
      formedOn,
    },
    { ...officer, today: formedOn },
  );
  const on = { today: day(year, 12 + i * 9) };
  await reviewItem(f.db, item.id, { action: 'submit' }, { ...officer, ...on });
  await reviewItem(f.db, item.id, { action: 'pass' }, { ...pub('user:li', 'officer'), ...on });
  await reviewItem(f.db, item.id, { action: 'pass' }, { ...pub('user:wang', 'reviewer'), ...on });
  await reviewItem(f.db, item.id, { action: 'pass' }, { ...pub('user:zhao', 'approver'), ...on });
  await reviewItem(f.db, item.id, { action: 'publish' }, { ...officer, ...on });
  if (year === 2023) byColumn[column] = (byColumn[column] ?? 0) + 1;
}

beforeAll(async () => {
  f = await openFixture();
  await agencyTree(f.db);
  await makeCases();
  for (let i = 0; i < 18; i++) await publishItem(i, 2023);
  await publishItem(0, 2022);
  // A draft is not counted.
  await createItem(
    f.db,
    { agency: 't-jd', title: '草稿', category: '通知公告', formedOn: '2023-12-20' },
    officer,
  );

  await addNormDoc(
    f.db,
    {
      agency: 't-jd',
      kind: '行政规范性文件',
      docNo: '京通北发〔2021〕1号',
      title: 'a',
      issuedOn: '2021-03-01',
    },
    officer,
  );
  await addNormDoc(
    f.db,
    {
      agency: 't-jd',
      kind: '行政规范性文件',
      docNo: '京通北发〔2023〕2号',
      title: 'b',
      issuedOn: '2023-06-01',
    },
    officer,
  );
  Object.assign(expected, {
    't2.regulations.issued': 0,
    't2.regulations.repealed': 0,
    't2.regulations.inForce': 0,
    't2.normativeDocuments.issued': 1,
    't2.normativeDocuments.repealed': 0,
    't2.normativeDocuments.inForce': 2,
  });
  await importStatistics(
    f.db,
    {
      agency: 't-jd',
      year: 2023,
      fileName: '执法统计2023.csv',
      bytes: new TextEncoder().encode('行政许可,0\n行政处罚,56\n行政强制,2\n行政事业性收费,0\n'),
    },
    officer,
  );
  Object.assign(expected, {
    't2.licensing.decisions': 0,
    't2.penalty.decisions': 56,
    't2.coercion.decisions': 2,
    't2.fees.amount': 0,
  });

  const c = await openConsultation(
    f.db,
    { agency: 't-jd', title: '民生实事征集', opensOn: '2023-02-01', closesOn: '2023-02-28' },
    officer,
  );
  for (const [category, k] of [
    ['基本公共服务', 5],
    ['便民服务', 3],
  ] as const)
    for (let i = 0; i < k; i++)
      await addOpinion(f.db, c.id, { receivedOn: '2023-02-10', content: '建议', category }, officer);
  await addWorkRecord(f.db, { agency: 't-jd', on: '2023-05-12', kind: '培训', participants: 40 }, officer);

  await setSectionTemplate(
    f.db,
    {
      agency: 't-jd',
      year: 2023,
      section: 'problems',
      template: '一是部分栏目更新不及时。\n二是将加强培训，提高信息发布质量。',
    },
    officer,
  );
  await setSectionTemplate(
    f.db,
    {
      agency: 't-jd',
      year: 2023,
      section: 'other',
      template:
        '本年度发出收费通知{{fees.notices}}件，实际收取信息处理费{{fees.collected}}元。\n无其他需要报告的事项。',
    },
    officer,
  );
});
afterAll(async () => {
  await f?.handle.close();
});

/** Every field of the 2021 layout: the independent count, zero where nothing was counted. */
function expectedFields(): Record<string, number> {
  const layout = LAYOUTS['2021'];
  const out: Record<string, number> = {};
  for (const fd of layout.fields) out[fd.key] = expected[fd.key] ?? 0;
  // Totals: per row over the applicant columns, per column over the result rows; 表四 group totals.
  const results = layout.t3Rows.filter((r) => r.result).map((r) => r.key);
  for (const col of APPLICANT_PARTS)
    out[`t3.total.${col}`] = results.reduce((a, r) => a + out[`t3.${r}.${col}`]!, 0);
  for (const r of layout.t3Rows)
    out[`t3.${r.key}.total`] = APPLICANT_PARTS.reduce((a, c) => a + out[`t3.${r.key}.${c}`]!, 0);
  for (const g of ['review', 'litigation.direct', 'litigation.afterReview'])
    out[`t4.${g}.total`] = ['upheld', 'corrected', 'other', 'pending'].reduce(
      (a, c) => a + out[`t4.${g}.${c}`]!,
      0,
    );
  return out;
}

describe('the annual report of an agency-year', () => {
  it('has tables equal to an independent count and passes every check', async () => {
    const b = await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar });
    expect(toParsedJson(b.report).fields).toEqual(expectedFields());
    expect(b.findings).toEqual([]);
    expect(b.notices).toEqual([]);
    expect(b.prev).toBeNull();
    expect(b.fees).toMatchObject({ notices: 2, paid: 1 });
    // The narrative quotes the registers' counts.
    const total = Object.values(byColumn).reduce((a, n) => a + n, 0);
    expect(total).toBe(18);
    const list = Object.entries(byColumn)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
      .map(([k, n]) => `${k}${n}条`)
      .join('、');
    expect(b.report.sections.overview).toContain(`2023年，本机关共主动公开政府信息18条，其中${list}，包括《`);
    // The year's names are quoted: the consultation, the document issued.
    expect(b.report.sections.overview).toContain('本年就《民生实事征集》公开征集意见1次');
    expect(b.report.sections.overview).toContain('共收到意见建议8条，主要集中在基本公共服务5条、便民服务3条');
    expect(b.report.sections.overview).toContain(
      `本年度新收政府信息公开申请${expectedFields()['t3.received.total']}件，上年结转4件`,
    );
    expect(b.report.sections.other).toMatch(/^本年度发出收费通知2件，实际收取信息处理费\d+(\.\d+)?元。/);
    expect(b.report.provenance['t2.penalty.decisions']?.inferred).toMatch(/执法统计2023\.csv/);
    expect(b.report.provenance['t3.received.total']?.cases?.length).toBe(
      expectedFields()['t3.received.total'],
    );
  });

  it('publishes: DOCX and HTML read back to the same numbers, the data is stored and the year locked', async () => {
    const r = await publishReport(f.db, { agency: 't-jd', year: 2023, publishedOn: '2024-01-20' }, officer);
    expect(r.timeliness).toMatchObject({ status: 'onTime', deadline: '2024-01-31' });
    for (const [form, bytes] of [
      ['docx', r.docx],
      ['html', r.html],
    ] as const) {
      const back = await readReportBytes(bytes, `report.${form}`);
      expect(toParsedJson(back.report).fields, form).toEqual(expectedFields());
      expect(back.report).toMatchObject({
        year: 2023,
        format: '2021',
        agency: '北京市通州区人民政府北苑街道办事处',
      });
    }
    const stored = await publishedFiles(f.db, 't-jd', 2023);
    expect(stored.files.map((x) => x.form).sort()).toEqual(['docx', 'html']);
    expect(Buffer.from(stored.files.find((x) => x.form === 'docx')!.bytes).equals(Buffer.from(r.docx))).toBe(
      true,
    );
    const rows = (await f.db.execute(
      `select origin, published_on::text as p, errors, source_form, fields->>'t3.received.total' as received from annual_reports where id = ${r.annualReportId}`,
    )) as unknown as { rows: Record<string, unknown>[] };
    expect(rows.rows[0]).toEqual({
      origin: 'compiled',
      p: '2024-01-20',
      errors: 0,
      source_form: 'compiled',
      received: String(expectedFields()['t3.received.total']),
    });
    const { id } = await getAgency(f.db, 't-jd');
    expect(await lockedYears(f.db, id)).toEqual([2023]);
  });

  it('after publication the year is locked: a case change, a template edit or a second publication is refused', async () => {
    await expect(
      intakeCase(
        f.db,
        {
          agency: 't-jd',
          applicant: { type: 'naturalPerson', name: '迟到' },
          channel: 'inPerson',
          receivedOn: '2023-12-30',
          description: 'x',
        },
        caseCtx,
      ),
    ).rejects.toMatchObject({ code: 'YEAR_LOCKED' });
    await expect(
      setSectionTemplate(f.db, { agency: 't-jd', year: 2023, section: 'problems', template: '改' }, officer),
    ).rejects.toThrow(/已于 2024-01-20 发布/);
    const again = await publishReport(f.db, { agency: 't-jd', year: 2023 }, officer).catch((e) => e);
    expect(again).toBeInstanceOf(PublishingError);
    expect(again.code).toBe('CONFLICT');
  });

  it('next year finds this report in the system: carry-over checked, copied text warned', async () => {
    const b = await buildReport(f.db, { agency: 't-jd', year: 2024 }, { calendar });
    expect(b.prev).toMatchObject({ kind: 'system', year: 2023 });
    // The cases open on 31 December 2023 are 2024's 上年结转: the carry-over rule holds.
    expect(b.findings.filter((x) => x.rule === 'prev.carry-over')).toEqual([]);
    expect(toParsedJson(b.report).fields['t3.carriedOver.total']).toBe(3);
    // The default 总体情况 quotes this year's facts: our own copy check does not take it for last year's text.
    expect(b.findings.filter((x) => x.rule === 'prev.similarity')).toEqual([]);
    // Last year's text pasted in as this year's is still flagged (the check folds the digits).
    const last = (await buildReport(f.db, { agency: 't-jd', year: 2023 }, { calendar })).report.sections
      .overview!;
    const copied = await buildReport(
      f.db,
      { agency: 't-jd', year: 2024, templates: { overview: last } },
      { calendar },
    );
    expect(copied.findings.find((x) => x.rule === 'prev.similarity')?.message).toMatch(/第一部分“总体情况”/);
    // No 2024 statistics yet: the builder says so, the engine reports the cells.
    expect(b.notices.map((n) => n.kind)).toContain('statistics.missing');
    expect(b.findings.some((x) => x.rule === 'cell.unknown')).toBe(true);
  });

  it('a report with errors or unwritten text is not published', async () => {
    const e = await publishReport(
      f.db,
      { agency: 't-jd', year: 2024, publishedOn: '2025-01-10' },
      { ...officer, today: '2025-01-10' },
    ).catch((x) => x);
    expect(e).toBeInstanceOf(PublishingError);
    expect(e.code).toBe('NOT_READY');
    expect(e.message).toMatch(/表二“行政许可”行未读出/);
    expect(e.message).toMatch(/仍有待填写的提示/);
  });
});

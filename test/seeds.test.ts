// Each real seed report parses to exactly its expected values and checks with no error.
import { describe, expect, it } from 'vitest';
import { toParsedJson } from '../src/domain/report/model.ts';
import { checkReport } from '../src/domain/rules/index.ts';
import { readReportFile } from '../src/parse/index.ts';
import { SEEDS } from './support/seeds.ts';

describe.each(SEEDS.map((s) => [s.name, s] as const))('seed %s', (_name, s) => {
  it('parses to exactly the expected fields, agency, year and format', async () => {
    const { report, form } = await readReportFile(s.file);
    const j = toParsedJson(report);
    expect(form).toBe('text');
    expect(j.agency).toBe(s.expected.agency);
    expect(j.year).toBe(s.expected.year);
    expect(j.format).toBe(s.expected.format);
    expect(j.fields).toEqual(s.expected.fields);
    expect(j.blank).toEqual([]);
    expect(j.uncertain).toEqual([]);
  });

  it('checks with no error finding', async () => {
    const { report } = await readReportFile(s.file);
    const errors = checkReport(report).filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  it('knows the line of every number', async () => {
    const { report } = await readReportFile(s.file);
    const lines = s.text.split('\n');
    for (const key of Object.keys(s.expected.fields)) {
      const p = report.provenance[key];
      expect(p?.line, key).toBeGreaterThan(0);
      expect(lines[p!.line! - 1]!.trim(), key).toContain(String(p!.text));
    }
  });
});

it('finds the six sections, and only the five that seed 003 has', async () => {
  for (const s of SEEDS) {
    const { report } = await readReportFile(s.file);
    const keys = Object.keys(report.sections);
    if (s.name.startsWith('003'))
      expect(keys).toEqual(['overview', 'proactive', 'requests', 'appeals', 'problems']);
    else expect(keys).toEqual(['overview', 'proactive', 'requests', 'appeals', 'problems', 'other']);
  }
});

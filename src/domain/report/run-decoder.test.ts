// The run decoder on the glued runs seen on real pages (issue 13): one consistent cut → inferred; several →
// uncertain with candidates; none → the report's own numbers are inconsistent, and only what is certain is kept.
import { describe, expect, it } from 'vitest';
import { decodeRuns, enumerateSplits, type RunRowSpec, t3Identities } from './run-decoder.ts';

const t3Row: RunRowSpec = { kinds: Array(7).fill('count'), sumLast: true };
const t4Rows: RunRowSpec[] = [0, 1, 2].map(() => ({ kinds: Array(5).fill('count'), sumLast: true }));
const keys = (row: string) =>
  ['naturalPerson', 'commercial', 'research', 'nonprofit', 'legalService', 'otherOrg', 'total'].map(
    (c) => `t3.${row}.${c}`,
  );
const values = (r: ReturnType<typeof decodeRuns>, ks: string[]) =>
  ks.map((k) => {
    const c = r.cells.get(k)!;
    return c.state === 'number' ? c.value : c.state;
  });

describe('cutting a run', () => {
  it('no leading zeros, spaces are boundaries the page kept', () => {
    const cuts = enumerateSplits('10 0 0 0 01', [t3Row], false)!;
    expect(cuts.map((s) => s.map((x) => x.value))).toEqual([[1, 0, 0, 0, 0, 0, 1]]);
  });

  it('a unit closes its cell; a decimal point is never cut', () => {
    const money: RunRowSpec = { kinds: ['count', 'money'], sumLast: false };
    expect(enumerateSplits('3个 3443000元', [money], false)!.map((s) => s.map((x) => x.text))).toEqual([
      ['3个', '3443000元'],
    ]);
    const cuts = enumerateSplits('18425.5', [money], false)!.map((s) => s.map((x) => x.value));
    expect(cuts).toEqual([
      [1, 8425.5],
      [18, 425.5],
      [184, 25.5],
      [1842, 5.5],
    ]);
  });
});

describe('decoding rows by their identities', () => {
  it('a long consistent run is cut in full: 269 73 164 159 263 238 | 1166 (21 digits) is never called broken', () => {
    // Found by the crawled-page property test: 38,760 cuts, of which a per-piece cap kept the first 20,000 (first cell
    // 2 or 26), so the row looked inconsistent and the printed 269 was not among the candidates.
    const text = '269731641592632381166';
    const cuts = enumerateSplits(text, [t3Row], false)!;
    expect(cuts.length).toBe(38_760); // C(20, 6): every way to cut 21 digits into 7 numbers
    const r = decodeRuns([{ id: 'a', text, rows: [t3Row], keys: keys('received') }], []);
    expect(r.notes.join('')).not.toContain('不满足');
    const natural = r.cells.get('t3.received.naturalPerson')!;
    const printed = [269, 73, 164, 159, 263, 238, 1166];
    keys('received').forEach((k, i) => {
      const c = r.cells.get(k)!;
      if (c.state === 'number') expect(c.value).toBe(printed[i]);
      else expect(c.state === 'uncertain' && c.candidates).toContain(printed[i]);
    });
    expect(natural.state).not.toBe('unknown');
  });

  it('a run too long to enumerate is flagged as such, never cut partly', () => {
    const text = '1'.repeat(60);
    expect(enumerateSplits(text, [t3Row], false)).toBeNull();
    const r = decodeRuns([{ id: 'a', text, rows: [t3Row], keys: keys('received') }], []);
    for (const k of keys('received')) expect(r.cells.get(k)!.state).toBe('unknown');
  });

  it('一、本年新收 21710000218 is 217 1 0 0 0 0 | 218, inferred', () => {
    const r = decodeRuns([{ id: 'a', text: '21710000218', rows: [t3Row], keys: keys('received') }], []);
    expect(values(r, keys('received'))).toEqual([217, 1, 0, 0, 0, 0, 218]);
    expect((r.cells.get('t3.received.naturalPerson') as { kind: string }).kind).toBe('inferred');
  });

  it('seven digits for seven cells are printed, even when the row does not add up (the report’s fault)', () => {
    const r = decodeRuns([{ id: 'a', text: '1000000', rows: [t3Row], keys: keys('received') }], []);
    expect(values(r, keys('received'))).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect((r.cells.get('t3.received.total') as { kind: string }).kind).toBe('printed');
  });

  it('行政规范性文件6233440 (three cells, no identity) stays uncertain with 62 | 33 | 440 among the candidates', () => {
    const ks = [
      't2.normativeDocuments.issued',
      't2.normativeDocuments.repealed',
      't2.normativeDocuments.inForce',
    ];
    const r = decodeRuns(
      [
        {
          id: 'a',
          text: '6233440',
          rows: [{ kinds: ['count', 'count', 'count'], sumLast: false }],
          keys: ks,
        },
      ],
      [],
    );
    const want = [62, 33, 440];
    ks.forEach((k, i) => {
      const c = r.cells.get(k)!;
      expect(c.state).toBe('uncertain');
      expect(c).toMatchObject({ candidates: expect.arrayContaining([want[i]]) });
    });
  });

  it('表四 as one run: 15 cells cut by the three group totals', () => {
    const ks = ['review', 'litigation.direct', 'litigation.afterReview'].flatMap((g) =>
      ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `t4.${g}.${c}`),
    );
    const r = decodeRuns([{ id: 't4', text: '25380363300630003', rows: t4Rows, keys: ks }], []);
    expect(values(r, ks)).toEqual([25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]);
  });

  it('a run no cut can satisfy is reported, and only the cells every cut agrees on are kept', () => {
    const r = decodeRuns([{ id: 'a', text: '1230000', rows: [t3Row], keys: keys('received') }], []);
    // Seven digits: the only cut is 1 2 3 0 0 0 0 — printed as is; the checks report the broken row.
    expect(values(r, keys('received'))).toEqual([1, 2, 3, 0, 0, 0, 0]);
    const r2 = decodeRuns([{ id: 'a', text: '12300005', rows: [t3Row], keys: keys('received') }], []);
    expect(r2.notes.join('')).toMatch(/原文数字本身不一致/);
    expect(values(r2, keys('received')).some((v) => v === 'uncertain')).toBe(true);
  });

  it('the table identities choose among the cuts a row allows', () => {
    // 一、本年新收 "101000011" cuts as 10 1 0 0 0 0 11 or 1 0 10 0 0 0 11 (both add up); （七）总计, printed with
    // spaces, and 一 + 二 = （七） + 四 per column choose the first.
    const rows = [
      { id: 'r', text: '101000011', rows: [t3Row], keys: keys('received') },
      { id: 'c', text: '0000000', rows: [t3Row], keys: keys('carriedOver') },
      { id: 'g', text: '10 1 0 0 0 0 11', rows: [t3Row], keys: keys('granted') },
      { id: 't', text: '10 1 0 0 0 0 11', rows: [t3Row], keys: keys('total') },
      { id: 'f', text: '0000000', rows: [t3Row], keys: keys('carriedForward') },
    ];
    const ids = t3Identities('2021').filter((id) =>
      [...id.left, ...id.right].every((k) => rows.some((r) => r.keys.includes(k))),
    );
    const r = decodeRuns(rows, ids);
    expect(values(r, keys('received'))).toEqual([10, 1, 0, 0, 0, 0, 11]);
    expect((r.cells.get('t3.received.naturalPerson') as { kind: string }).kind).toBe('inferred');
    // Without the table, the row alone leaves the choice open.
    const alone = decodeRuns([rows[0]!], []);
    expect(alone.cells.get('t3.received.naturalPerson')).toMatchObject({
      state: 'uncertain',
      candidates: [1, 10],
    });
  });
});

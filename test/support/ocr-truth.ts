// Scanned reports against their truth: which expected cells OCR read outright, which it flagged, which it got
// silently wrong. Shared by the OCR tests (test/ocr-*.test.ts) and the accuracy bench (bench/ocr.ts), so both
// count by the same rule: a number that differs from the truth without being flagged uncertain is silently wrong.
import type { Report } from '../../src/domain/report/model.ts';

/** Expected fields that came back different from the truth without being flagged. */
export function silentlyWrong(report: Report, fields: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const c = report.cells[k];
    if (k in report.uncertain) continue;
    if (!c || c.state === 'unknown') continue; // not read at all: reported by the checks, not a wrong number
    const got = c.state === 'number' ? c.value : 0;
    if (got !== v) out.push(`${k}: 应为 ${v}，读成 ${got}`);
  }
  return out;
}

/** Share of the expected fields read outright (not flagged) and right. */
export function readShare(report: Report, fields: Record<string, number>): number {
  const keys = Object.keys(fields);
  return keys.filter((k) => outright(report, k, fields[k]!)).length / keys.length;
}

const valueAt = (report: Report, k: string): number | undefined => {
  const c = report.cells[k];
  return c?.state === 'number' ? c.value : c?.state === 'blank' ? 0 : undefined;
};

const outright = (report: Report, k: string, v: number) =>
  !(k in report.uncertain) && valueAt(report, k) === v;

/** Where an uncertain cell's doubt came from, by its reason. */
export function doubtSource(reason: string): 'recognition' | 'cutting' | 'identity' | 'other' {
  if (/识别不确定（识别为|无法识别此单元格/.test(reason)) return 'recognition';
  if (/连在一起/.test(reason)) return 'cutting';
  if (/勾稽关系/.test(reason)) return 'identity';
  return 'other';
}

export interface Tally {
  cells: number;
  outright: number;
  /** Flagged, with the right value read. */
  flaggedRight: number;
  /** Flagged, value wrong; `truthInCandidates` of them list the truth among their candidates. */
  flaggedWrong: number;
  truthInCandidates: number;
  /** Not read at all (the row or its label was not found). */
  unread: number;
  silentlyWrong: number;
  /** Flagged cells by where the doubt came from. */
  sources: Record<ReturnType<typeof doubtSource>, number>;
  wrong: string[];
}

export function tally(report: Report, fields: Record<string, number>): Tally {
  const t: Tally = {
    cells: 0,
    outright: 0,
    flaggedRight: 0,
    flaggedWrong: 0,
    truthInCandidates: 0,
    unread: 0,
    silentlyWrong: 0,
    sources: { recognition: 0, cutting: 0, identity: 0, other: 0 },
    wrong: silentlyWrong(report, fields),
  };
  for (const [k, v] of Object.entries(fields)) {
    t.cells++;
    const got = valueAt(report, k);
    const why = report.uncertain[k];
    if (why !== undefined) {
      t.sources[doubtSource(why)]++;
      if (got === v) t.flaggedRight++;
      else {
        t.flaggedWrong++;
        const cands = [
          ...(report.candidates?.[k] ?? []),
          ...(report.provenance[k]?.candidates ?? []).map(Number),
        ];
        if (cands.includes(v)) t.truthInCandidates++;
      }
    } else if (got === undefined) t.unread++;
    else if (got === v) t.outright++;
    else t.silentlyWrong++;
  }
  return t;
}

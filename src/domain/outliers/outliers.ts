// Outliers against the peer group: ratios evaluators look at (行政复议/诉讼 纠正率, 不予公开 share, 不掌握 share,
// 结转 share), each report compared with the robust spread of its peers (median and median absolute deviation),
// so one extreme report cannot hide the others. A finding is a prompt to look, not an error: heuristic.
import { type Report, valueOf } from '../report/model.ts';

export interface Ratio {
  readonly id: string;
  readonly label: string;
  /** Numerator and denominator keys; a report whose denominator is below `minDenominator` is not judged. */
  readonly num: readonly string[];
  readonly den: readonly string[];
  readonly minDenominator: number;
}

const WITHHELD = [
  'stateSecret',
  'prohibitedByLaw',
  'securityStability',
  'thirdPartyRights',
  'internalAffairs',
  'deliberative',
  'enforcementFiles',
  'inquiryMatters',
].map((k) => `t3.withheld.${k}.total`);

const APPEAL_GROUPS = ['review', 'litigation.direct', 'litigation.afterReview'];

export const RATIOS: readonly Ratio[] = [
  {
    id: 'withheldShare',
    label: '不予公开占办结比例',
    num: WITHHELD,
    den: ['t3.total.total'],
    minDenominator: 10,
  },
  {
    id: 'notHeldShare',
    label: '“本机关不掌握”占办结比例',
    num: ['t3.unavailable.notHeld.total'],
    den: ['t3.total.total'],
    minDenominator: 10,
  },
  {
    id: 'carriedForwardShare',
    label: '结转下年度占全部申请比例',
    num: ['t3.carriedForward.total'],
    den: ['t3.received.total', 't3.carriedOver.total'],
    minDenominator: 10,
  },
  {
    id: 'correctionRate',
    label: '行政复议、行政诉讼结果纠正率',
    num: APPEAL_GROUPS.map((g) => `t4.${g}.corrected`),
    den: APPEAL_GROUPS.flatMap((g) => ['upheld', 'corrected', 'other'].map((c) => `t4.${g}.${c}`)),
    minDenominator: 5,
  },
];

export interface Outlier {
  readonly id: string;
  readonly ratio: string;
  readonly label: string;
  readonly value: number;
  readonly median: number;
  /** Robust z-score: 0.6745 × (value − median) / MAD. */
  readonly score: number;
  readonly cells: readonly string[];
}

const sum = (r: Report, keys: readonly string[]) => keys.reduce((a, k) => a + (valueOf(r, k) ?? 0), 0);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Reports whose ratio lies beyond `threshold` robust standard deviations of the peer group's. */
export function findOutliers(
  reports: readonly { id: string; report: Report }[],
  opts: { threshold?: number; minPeers?: number } = {},
): Outlier[] {
  const threshold = opts.threshold ?? 3.5;
  const minPeers = opts.minPeers ?? 8;
  const out: Outlier[] = [];
  for (const ratio of RATIOS) {
    const values: { id: string; v: number }[] = [];
    for (const { id, report } of reports) {
      const den = sum(report, ratio.den);
      if (den < ratio.minDenominator) continue;
      values.push({ id, v: sum(report, ratio.num) / den });
    }
    if (values.length < minPeers) continue;
    const med = median(values.map((x) => x.v));
    let mad = median(values.map((x) => Math.abs(x.v - med)));
    // A peer group where most agencies share one value (often 0) has MAD 0: fall back to the mean deviation.
    if (mad === 0) mad = values.reduce((a, x) => a + Math.abs(x.v - med), 0) / values.length / 0.8;
    if (mad === 0) continue;
    for (const x of values) {
      const score = (0.6745 * (x.v - med)) / mad;
      if (Math.abs(score) >= threshold)
        out.push({
          id: x.id,
          ratio: ratio.id,
          label: ratio.label,
          value: Math.round(x.v * 10000) / 10000,
          median: Math.round(med * 10000) / 10000,
          score: Math.round(score * 100) / 100,
          cells: [...ratio.num, ...ratio.den],
        });
    }
  }
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
}

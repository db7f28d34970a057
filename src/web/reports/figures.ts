// The figures the charts and summaries show, computed from report fields (keys of fields.md).
import { T4_GROUPS } from '../../domain/report/layout.ts';

type Fields = Readonly<Record<string, number>>;

/** The 办理结果 groups of 表三 as the format prints them: （一）…（六）, summed over their rows, 总计 column. */
export const OUTCOME_GROUPS = [
  { key: 'granted', label: '予以公开', prefix: 't3.granted.' },
  { key: 'partiallyGranted', label: '部分公开', prefix: 't3.partiallyGranted.' },
  { key: 'withheld', label: '不予公开', prefix: 't3.withheld.' },
  { key: 'unavailable', label: '无法提供', prefix: 't3.unavailable.' },
  { key: 'declined', label: '不予处理', prefix: 't3.declined.' },
  { key: 'other', label: '其他处理', prefix: 't3.other.' },
] as const;

export function outcomeMix(fields: Fields): { name: string; value: number }[] {
  return OUTCOME_GROUPS.map((g) => ({
    name: g.label,
    value: Object.entries(fields)
      .filter(([k]) => k.startsWith(g.prefix) && k.endsWith('.total'))
      .reduce((a, [, v]) => a + v, 0),
  }));
}

export const received = (fields: Fields): number => fields['t3.received.total'] ?? 0;

/**
 * 纠错率 of 行政复议 / 行政诉讼: results corrected over results concluded (维持 + 纠正 + 其他), in percent, or null
 * when nothing concluded. Litigation counts both 未经复议直接起诉 and 复议后起诉.
 */
export function correctionRates(fields: Fields): { review: number | null; litigation: number | null } {
  const rate = (groups: readonly string[]) => {
    let corrected = 0;
    let concluded = 0;
    for (const g of groups) {
      const c = fields[`t4.${g}.corrected`] ?? 0;
      corrected += c;
      concluded += c + (fields[`t4.${g}.upheld`] ?? 0) + (fields[`t4.${g}.other`] ?? 0);
    }
    return concluded ? Math.round((corrected / concluded) * 1000) / 10 : null;
  };
  const lit = T4_GROUPS.map((g) => g.key).filter((k) => k.startsWith('litigation'));
  return { review: rate(['review']), litigation: rate(lit) };
}

// 表二 第二十条第（一）项 (规章, 行政规范性文件) from the normative-documents register, for either layout; the other
// rows of 表二 (enforcement decisions, fees, the 2019 extras) come from the statistics entered or imported per year.
import type { FormatVersion } from '../report/layout.ts';
import { LAYOUTS } from '../report/layout.ts';
import type { Provenance } from '../report/model.ts';

export const NORM_KINDS = ['regulation', 'normativeDocument'] as const;
export type NormKind = (typeof NORM_KINDS)[number];
export const NORM_KIND_LABELS: Readonly<Record<NormKind, string>> = {
  regulation: '规章',
  normativeDocument: '行政规范性文件',
};
/** The 表二 row of each kind (fields.md). */
export const NORM_ROW: Readonly<Record<NormKind, 'regulations' | 'normativeDocuments'>> = {
  regulation: 'regulations',
  normativeDocument: 'normativeDocuments',
};

export interface NormDocument {
  readonly kind: NormKind;
  /** 成文/印发日期. */
  readonly issuedOn: string;
  /** When it was made public (2019 layout: 本年新公开); null = not (yet) published. */
  readonly publishedOn: string | null;
  /** The first day it no longer has effect (废止/失效); null = in force. */
  readonly repealedOn: string | null;
}

export interface RegisterOptions {
  /**
   * 2019 layout, 对外公开总数量: whether documents repealed by the end of the year still count. The format does not
   * say ([UNCERTAIN]); we count every document made public by 31 December (a repealed document stays disclosed).
   */
  readonly totalExcludesRepealed: boolean;
}

export const DEFAULT_REGISTER_OPTIONS: RegisterOptions = { totalExcludesRepealed: false };

export interface Table2Part {
  readonly fields: Record<string, number>;
  readonly provenance: Record<string, Provenance>;
}

const inYear = (date: string | null, year: number) => date !== null && date.slice(0, 4) === String(year);

/**
 * 2021 layout (国办公开办函〔2021〕30号): 本年制发 = issued in the year; 本年废止 = repealed in the year; 现行有效 = in
 * force on 31 December (issued by then and not repealed on or before it — a document repealed with effect from
 * 31 December is no longer in force that day).
 *
 * 2019 layout (国办公开办函〔2019〕60号): 本年新制作 = issued in the year; 本年新公开 = made public in the year (a
 * document of an earlier year published now counts here, not in 新制作); 对外公开总数量 = made public by 31 December.
 * The register knows only the documents entered in it: documents of the years before the system was adopted must
 * be entered too, or 现行有效 / 对外公开总数量 fall short — the builder cannot tell.
 */
export function table2FromRegister(
  docs: readonly NormDocument[],
  year: number,
  format: FormatVersion,
  options: RegisterOptions = DEFAULT_REGISTER_OPTIONS,
): Table2Part {
  const end = `${year}-12-31`;
  const fields: Record<string, number> = {};
  const provenance: Record<string, Provenance> = {};
  for (const kind of NORM_KINDS) {
    const row = NORM_ROW[kind];
    const mine = docs.filter((d) => d.kind === kind);
    const counted: Record<string, readonly NormDocument[]> =
      format === '2021'
        ? {
            issued: mine.filter((d) => inYear(d.issuedOn, year)),
            repealed: mine.filter((d) => inYear(d.repealedOn, year)),
            inForce: mine.filter((d) => d.issuedOn <= end && (d.repealedOn === null || d.repealedOn > end)),
          }
        : {
            made: mine.filter((d) => inYear(d.issuedOn, year)),
            published: mine.filter((d) => inYear(d.publishedOn, year)),
            total: mine.filter(
              (d) =>
                d.publishedOn !== null &&
                d.publishedOn <= end &&
                !(options.totalExcludesRepealed && d.repealedOn !== null && d.repealedOn <= end),
            ),
          };
    for (const [column, list] of Object.entries(counted)) {
      const key = `t2.${row}.${column}`;
      fields[key] = list.length;
      provenance[key] = { inferred: `由规范性文件登记簿生成（${list.length}件）` };
    }
  }
  return { fields, provenance };
}

/** The 表二 keys the register fills for a layout; the statistics may not set them. */
export function registerKeys(format: FormatVersion): string[] {
  return LAYOUTS[format].fields
    .filter((f) => f.table === 't2' && (f.row === 'regulations' || f.row === 'normativeDocuments'))
    .map((f) => f.key);
}

/** The 表二 keys entered as statistics for a layout (enforcement decisions, fees, the 2019 extras). */
export function statisticKeys(format: FormatVersion): string[] {
  const reg = new Set(registerKeys(format));
  return LAYOUTS[format].fields.filter((f) => f.table === 't2' && !reg.has(f.key)).map((f) => f.key);
}

// Assembling an agency-year's annual report: 表三/表四 as compiled from the cases, 表二 from the registers and the
// statistics, and the six sections rendered from their templates with the figures of this build.
import { expectedFormat, type FormatVersion, SECTIONS, type SectionKey } from '../report/layout.ts';
import { emptyReport, num, type Provenance, type Report } from '../report/model.ts';
import { defaultTemplates, PROMPT, type SectionTemplates } from './default-templates.ts';
import { type BuilderFacts, familyDefault, templateValues, tidyProse } from './facts.ts';
import { statisticKeys, type Table2Part } from './table2.ts';
import { renderTemplate } from './template.ts';

export interface Statistics {
  /** Field key → value, as entered or imported for the year. */
  readonly values: Readonly<Record<string, number>>;
  /** Field key → where it came from ("导入 stats.csv", "手工录入"). */
  readonly sources: Readonly<Record<string, string>>;
}

export interface AssembleInput {
  readonly agency: string;
  readonly year: number;
  /** The report compiled from the cases: its 表三 and 表四 cells (with their case provenance) are taken as they are. */
  readonly compiled: Report;
  readonly register: Table2Part;
  readonly statistics: Statistics;
  readonly facts: BuilderFacts;
  /** The agency's edited templates; a section without one uses the default. */
  readonly templates: Partial<Record<SectionKey, string>>;
}

export type NoticeKind = 'template.missing' | 'template.prompt' | 'statistics.missing';

/** What the builder itself has to say (the report's checks are checkReport's findings, returned beside these). */
export interface BuildNotice {
  readonly kind: NoticeKind;
  readonly section?: SectionKey;
  readonly keys: readonly string[];
  readonly message: string;
}

export interface Assembled {
  readonly report: Report;
  readonly format: FormatVersion;
  /** The template each section was rendered from, and whether it is the default. */
  readonly templates: Readonly<Record<SectionKey, { readonly text: string; readonly isDefault: boolean }>>;
  readonly notices: readonly BuildNotice[];
}

export function assembleReport(input: AssembleInput): Assembled {
  const format = expectedFormat(input.year);
  const report = emptyReport(format);
  report.agency = input.agency;
  report.year = input.year;
  report.title = `${input.agency}${input.year}年政府信息公开工作年度报告`;

  // 表三 and 表四 as case management compiled them, provenance (the cases behind each number) included.
  for (const [k, c] of Object.entries(input.compiled.cells))
    if ((k.startsWith('t3.') || k.startsWith('t4.')) && k in report.cells) report.cells[k] = c;
  for (const [k, p] of Object.entries(input.compiled.provenance))
    if ((k.startsWith('t3.') || k.startsWith('t4.')) && k in report.cells) report.provenance[k] = p;
  for (const [k, why] of Object.entries(input.compiled.uncertain))
    if (k in report.cells) report.uncertain[k] = why;

  // 表二: 第（一）项 from the register, the rest from the statistics.
  for (const [k, v] of Object.entries(input.register.fields)) {
    if (!(k in report.cells)) continue;
    report.cells[k] = num(v);
    const p = input.register.provenance[k];
    if (p) report.provenance[k] = p;
  }
  const notices: BuildNotice[] = [];
  const missingStats: string[] = [];
  for (const k of statisticKeys(format)) {
    const v = input.statistics.values[k];
    if (v === undefined) {
      missingStats.push(k);
      continue;
    }
    report.cells[k] = num(v);
    const src = input.statistics.sources[k];
    report.provenance[k] = { inferred: src ?? '统计录入' } satisfies Provenance;
  }
  if (missingStats.length)
    notices.push({
      kind: 'statistics.missing',
      keys: missingStats,
      message: `表二有${missingStats.length}项统计尚未录入或导入（行政许可、行政处罚、行政强制、行政事业性收费等），请用“导入统计”录入本年数据`,
    });

  // The sections, rendered with this build's figures.
  const defaults = defaultTemplates(format);
  const values = templateValues(report, input.facts);
  const used = {} as Record<SectionKey, { text: string; isDefault: boolean }>;
  for (const s of SECTIONS) {
    const own = input.templates[s.key];
    const text = own ?? defaults[s.key];
    used[s.key] = { text, isDefault: own === undefined };
    const r = renderTemplate(text, values, familyDefault);
    report.sections[s.key] = tidyProse(r.text);
    if (r.missing.length)
      notices.push({
        kind: 'template.missing',
        section: s.key,
        keys: r.missing,
        message: `第${s.ordinal}部分“${s.title}”中的${r.missing.map((m) => `{{${m}}}`).join('、')}本次无数据，原样保留，请修改模板或补录数据`,
      });
    const prompts = r.text.match(PROMPT);
    if (prompts)
      notices.push({
        kind: 'template.prompt',
        section: s.key,
        keys: [],
        message: `第${s.ordinal}部分“${s.title}”仍有待填写的提示：${prompts.join('')}`,
      });
  }
  return { report, format, templates: used, notices };
}

export type { SectionTemplates };

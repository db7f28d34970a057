// Building an agency's annual report for a year: 表三/表四 from case management's compile, 表二 from the normative-
// documents register and the statistics, the six sections rendered from the agency's templates with this build's
// figures, last year's report for the cross-year checks — and every check of the report engine, returned with it.
// Nothing is stored: a build is re-run whenever it is looked at, so the numbers are always live.
import { compileYear, type FeeFigures } from '../cases/compile.ts';
import type { Executor } from '../db/handle.ts';
import type { SectionKey } from '../domain/report/layout.ts';
import type { Report } from '../domain/report/model.ts';
import { type Assembled, assembleReport, type BuildNotice } from '../domain/report-builder/assemble.ts';
import type { BuilderFacts } from '../domain/report-builder/facts.ts';
import { checkReport, type Finding } from '../domain/rules/index.ts';
import { resolveAgency } from '../publishing/agencies.ts';
import type { PublishingContext } from '../publishing/context.ts';
import { asPublishingError, invalid } from '../publishing/errors.ts';
import { calendarFor } from '../publishing/items.ts';
import { registerTable2 } from '../publishing/normative-documents.ts';
import { getStatistics } from '../publishing/statistics.ts';
import { annualReportById, publishedReport, reportOfYear, rowToReport } from './annual-reports.ts';
import { getDraft } from './drafts.ts';
import { gatherFacts } from './facts.ts';

export interface PrevSource {
  /** Where last year's report came from. */
  readonly kind: 'linked' | 'system' | 'given';
  readonly name: string;
  readonly annualReportId: number | null;
  readonly year: number | null;
}

/**
 * A notice of the builder itself (beside the assembler's): 'overview.assessment' — a 人民政府's report does not yet
 * mention its 工作考核、社会评议和责任追究结果 (《条例》第五十条). A reminder, not a bar to publishing: the agency
 * kind 'township' also holds 街道办事处, which are not 人民政府, so the name is all there is to go by.
 */
export type BuilderNotice =
  | BuildNotice
  | {
      readonly kind: 'overview.assessment';
      readonly section: 'overview';
      readonly keys: readonly string[];
      readonly message: string;
    };

/**
 * Whether the agency is a 人民政府 (a 县级以上地方人民政府 or a 乡镇人民政府), whose report 《条例》第五十条 asks also
 * for 工作考核、社会评议和责任追究结果情况 — not its offices (…人民政府办公室) nor a 街道办事处.
 */
export const isPeoplesGovernment = (agency: { readonly kind: string; readonly name: string }): boolean =>
  (agency.kind === 'localGovernment' || agency.kind === 'township') && /人民政府$/.test(agency.name.trim());

/** The words by which the overview reports the assessment (any of them will do: the officer's wording varies). */
const ASSESSMENT_WORDS = /考核|社会评议|责任追究/;

export interface BuildResult {
  readonly agency: {
    readonly id: number;
    readonly code: string;
    readonly name: string;
    readonly kind: string;
  };
  readonly year: number;
  readonly report: Report;
  /** checkReport(report, {prev}): errors first. */
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
  /** The builder's own notes: statistics missing, placeholders without data, prompts left in the text. */
  readonly notices: readonly BuilderNotice[];
  readonly templates: Assembled['templates'];
  readonly facts: BuilderFacts;
  readonly fees: FeeFigures;
  readonly prev: PrevSource | null;
  /** The report as published, when it is. */
  readonly published: { readonly annualReportId: number; readonly publishedOn: string | null } | null;
}

export interface BuildInput {
  readonly agency: string | number;
  readonly year: number;
  /** Last year's report given directly (CLI --prev <file>); otherwise the linked one, else the system's. */
  readonly prev?: { readonly report: Report; readonly name: string };
  /** Section templates to try without saving them (the editor's preview). */
  readonly templates?: Partial<Record<SectionKey, string>>;
}

export async function buildReport(
  db: Executor,
  input: BuildInput,
  ctx: Pick<PublishingContext, 'calendar'>,
): Promise<BuildResult> {
  if (!Number.isInteger(input.year) || input.year < 2019 || input.year > 2200)
    throw invalid(`年度“${input.year}”无效（统一格式自2019年度起）`);
  const { agency, department } = await resolveAgency(db, input.agency);
  if (department) throw invalid(`${department.name}是内设机构，年度报告由${agency.name}编制`);

  let compiled: Awaited<ReturnType<typeof compileYear>>;
  try {
    compiled = await compileYear(db, { agency: agency.id, year: input.year });
  } catch (e) {
    throw asPublishingError(e);
  }
  const calendar = await calendarFor(db, ctx, agency.id);
  const facts = await gatherFacts(db, agency, input.year, calendar, compiled.fees);
  const register = await registerTable2(db, agency.id, input.year);
  const stats = await getStatistics(db, agency.id, input.year);
  const draft = await getDraft(db, agency.id, input.year);

  const assembled = assembleReport({
    agency: agency.name,
    year: input.year,
    compiled: compiled.report,
    register,
    statistics: { values: stats.values, sources: stats.sources },
    facts,
    templates: { ...(draft?.templates ?? {}), ...(input.templates ?? {}) },
  });

  const { prev, source } = await findPrev(db, agency.id, input, draft?.prevReportId ?? null);
  const findings = checkReport(assembled.report, { prev });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const pub = await publishedReport(db, agency.id, input.year);
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name, kind: agency.kind },
    year: input.year,
    report: assembled.report,
    findings,
    errors,
    warnings: findings.length - errors,
    notices: [
      ...assembled.notices,
      ...(isPeoplesGovernment(agency) && !ASSESSMENT_WORDS.test(assembled.report.sections.overview ?? '')
        ? [
            {
              kind: 'overview.assessment' as const,
              section: 'overview' as const,
              keys: [],
              message:
                '《条例》第五十条：人民政府的年度报告还应当包括政府信息公开工作考核、社会评议和责任追究结果情况（2021年格式写在第一部分“监督保障”中），正文尚未写到，请补充',
            },
          ]
        : []),
    ],
    templates: assembled.templates,
    facts,
    fees: compiled.fees,
    prev: source,
    published: pub ? { annualReportId: pub.id, publishedOn: pub.publishedOn } : null,
  };
}

async function findPrev(
  db: Executor,
  agencyId: number,
  input: BuildInput,
  linkedId: number | null,
): Promise<{ prev: Report | undefined; source: PrevSource | null }> {
  if (input.prev)
    return {
      prev: input.prev.report,
      source: { kind: 'given', name: input.prev.name, annualReportId: null, year: input.prev.report.year },
    };
  const linked = linkedId !== null ? await annualReportById(db, linkedId) : null;
  const row = linked ?? (await reportOfYear(db, agencyId, input.year - 1));
  if (!row) return { prev: undefined, source: null };
  return {
    prev: rowToReport(row),
    source: {
      kind: linked ? 'linked' : 'system',
      name: row.sourceName,
      annualReportId: row.id,
      year: row.year,
    },
  };
}

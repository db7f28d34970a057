// The agency's working copy of a year's report: its own section templates (edited in place of the defaults) and the
// link to last year's report for the cross-year checks — one already in the system, or one imported from any file
// the parser reads (stored in annual_reports as an upload).
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { reportDrafts } from '../db/schema/publishing-reports.ts';
import { SECTIONS, type SectionKey } from '../domain/report/layout.ts';
import { validateTemplate } from '../domain/report-builder/template.ts';
import { checkReport } from '../domain/rules/index.ts';
import { resolveAgency } from '../publishing/agencies.ts';
import type { PublishingContext } from '../publishing/context.ts';
import { invalid, notFound, PublishingError } from '../publishing/errors.ts';
import { sharedPipeline } from '../reading/pipeline.ts';
import { annualReportById, insertAnnualReport, publishedReport } from './annual-reports.ts';

export type DraftRow = typeof reportDrafts.$inferSelect;

const SECTION_KEYS = new Set<string>(SECTIONS.map((s) => s.key));

export async function getDraft(db: Executor, agencyId: number, year: number): Promise<DraftRow | null> {
  const [row] = await db
    .select()
    .from(reportDrafts)
    .where(and(eq(reportDrafts.agencyId, agencyId), eq(reportDrafts.year, year)));
  return row ?? null;
}

async function upsertDraft(
  db: Executor,
  agencyId: number,
  year: number,
  change: Partial<Pick<DraftRow, 'templates' | 'prevReportId'>>,
  actor: string,
): Promise<DraftRow> {
  const [row] = await db
    .insert(reportDrafts)
    .values({
      agencyId,
      year,
      templates: change.templates ?? {},
      prevReportId: change.prevReportId ?? null,
      updatedBy: actor,
    })
    .onConflictDoUpdate({
      target: [reportDrafts.agencyId, reportDrafts.year],
      set: { ...change, updatedBy: actor, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

async function refuseIfPublished(db: Executor, agencyId: number, year: number): Promise<void> {
  const pub = await publishedReport(db, agencyId, year);
  if (pub) throw new PublishingError('CONFLICT', `${year}年度报告已于 ${pub.publishedOn} 发布，不能再修改`);
}

/**
 * Save the agency's template of one section (null: back to the default). Unknown placeholders are refused, so a
 * typo never reaches a published report.
 */
export async function setSectionTemplate(
  db: Db,
  input: { agency: string | number; year: number; section: string; template: string | null },
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<DraftRow> {
  if (!SECTION_KEYS.has(input.section))
    throw invalid(
      `没有“${input.section}”这一部分（可用：${SECTIONS.map((s) => `${s.key}=${s.ordinal}、${s.title}`).join('；')}）`,
    );
  const section = input.section as SectionKey;
  const text = input.template?.replace(/\r\n?/g, '\n').trim() ?? null;
  if (text !== null) {
    if (!text) throw invalid('模板不能为空（恢复默认请传 null）');
    if (text.length > 50_000) throw invalid('模板不能超过50000字');
    const problems = validateTemplate(text);
    if (problems.length)
      throw new PublishingError('INVALID_INPUT', problems.map((p) => p.message).join('；'), { problems });
  }
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, input.agency);
    await refuseIfPublished(tx, agency.id, input.year);
    const before = await getDraft(tx, agency.id, input.year);
    const templates = { ...(before?.templates ?? {}) };
    if (text === null) delete templates[section];
    else templates[section] = text;
    const row = await upsertDraft(tx, agency.id, input.year, { templates }, ctx.actor);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'report.template',
      entity: 'report_draft',
      entityId: `${agency.id}:${input.year}`,
      before: { [section]: before?.templates[section] ?? null },
      after: { [section]: text },
    });
    return row;
  });
}

/** Link last year's report already stored in annual_reports. */
export async function linkPrevReport(
  db: Db,
  input: { agency: string | number; year: number; annualReportId: number },
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<DraftRow> {
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, input.agency);
    const prev = await annualReportById(tx, input.annualReportId);
    if (!prev) throw notFound('年度报告', input.annualReportId);
    if (prev.agencyId !== null && prev.agencyId !== agency.id)
      throw invalid(`报告“${prev.sourceName}”不是${agency.name}的报告`);
    const row = await upsertDraft(tx, agency.id, input.year, { prevReportId: prev.id }, ctx.actor);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'report.prev',
      entity: 'report_draft',
      entityId: `${agency.id}:${input.year}`,
      after: { prevReportId: prev.id },
    });
    return row;
  });
}

/**
 * Import last year's report from a file (DOCX, HTML, PDF, text, JSON — whatever the parser reads) and link it. The
 * file is stored in annual_reports as an upload, with the checks it passed at import.
 */
export async function importPrevReport(
  db: Db,
  input: { agency: string | number; year: number; fileName: string; bytes: Uint8Array },
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<{ draft: DraftRow; annualReportId: number; year: number | null; notes: string[] }> {
  // Read in the reading pipeline's worker (time and memory limits): a hostile file costs a worker, not the server.
  const read = await sharedPipeline().read(input.bytes, input.fileName);
  if (!read.ok) throw invalid(read.message, { file: input.fileName });
  const report = read.report;
  if (report.year === null) report.year = input.year - 1;
  const notes: string[] = [];
  if (report.year !== input.year - 1) notes.push(`导入的报告为${report.year}年度，不是${input.year - 1}年度`);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, input.agency);
    report.agency ??= agency.name;
    const { row } = await insertAnnualReport(tx, {
      report,
      agencyId: agency.id,
      findings: checkReport(report),
      sourceName: input.fileName,
      sourceForm: read.form,
      sha256,
      origin: 'upload',
      publishedOn: null,
    });
    const draft = await upsertDraft(tx, agency.id, input.year, { prevReportId: row.id }, ctx.actor);
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'report.prev.import',
      entity: 'report_draft',
      entityId: `${agency.id}:${input.year}`,
      after: { prevReportId: row.id, file: input.fileName, sha256, form: read.form },
    });
    return { draft, annualReportId: row.id, year: report.year, notes };
  });
}

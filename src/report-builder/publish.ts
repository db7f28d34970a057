// Publishing an agency's annual report: the build must pass every error-level check and have no text left to
// write; then the DOCX and HTML are rendered (src/render), stored with the `parse --json`-shaped data in
// annual_reports (origin 'compiled') and report_files, the publication date recorded, and the year locked (case
// management's year lock: a later change to that year's cases needs an audited amendment). One transaction.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { loadDeadlineRules } from '../admin/report-deadlines.ts';
import { lockYear } from '../cases/year-lock.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { reportFiles } from '../db/schema/publishing-reports.ts';
import { isIsoDate } from '../domain/calendar/index.ts';
import { type ReportStatus, reportingKindOf, reportStatus } from '../domain/deadlines/report-deadline.ts';
import { type ParsedJson, toParsedJson } from '../domain/report/model.ts';
import { resolveAgency } from '../publishing/agencies.ts';
import type { PublishingContext } from '../publishing/context.ts';
import { asPublishingError, invalid, notFound, PublishingError } from '../publishing/errors.ts';
import { renderReport } from '../render/index.ts';
import { reportTitle } from '../render/view.ts';
import { insertAnnualReport, publishedReport } from './annual-reports.ts';
import { type BuildResult, buildReport } from './build.ts';

export interface PublishResult {
  readonly annualReportId: number;
  readonly publishedOn: string;
  /** On time or late against 《条例》第四十九条's deadline for the agency's kind. */
  readonly timeliness: {
    readonly status: ReportStatus;
    readonly deadline: string;
    readonly daysLate: number;
  };
  readonly title: string;
  readonly docx: Uint8Array;
  readonly html: Uint8Array;
  /** The `parse --json` shape of what was published. */
  readonly json: ParsedJson;
  readonly build: BuildResult;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function publishReport(
  db: Db,
  input: { agency: string | number; year: number; publishedOn?: string },
  ctx: PublishingContext,
): Promise<PublishResult> {
  const publishedOn = input.publishedOn ?? ctx.today;
  if (!isIsoDate(publishedOn)) throw invalid(`发布日期“${publishedOn}”无效，应写作 YYYY-MM-DD`);
  if (publishedOn > ctx.today) throw invalid(`发布日期 ${publishedOn} 晚于今天（${ctx.today}）`);
  // 《条例》第五十条: the report covers the whole year, so it cannot come out before the year has ended.
  if (publishedOn <= `${input.year}-12-31`)
    throw invalid(`${input.year}年度报告须在${input.year}年结束后发布，发布日期为 ${publishedOn}`);

  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, input.agency);
    const already = await publishedReport(tx, agency.id, input.year);
    if (already)
      throw new PublishingError(
        'CONFLICT',
        `${agency.name}${input.year}年度报告已于 ${already.publishedOn} 发布`,
      );
    const build = await buildReport(tx, { agency: agency.id, year: input.year }, ctx);
    const blocking = [
      ...build.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      // A missing statistic shows as an error of its cell; the assessment reminder cannot tell a 街道办事处 from a
      // 人民政府 for sure (build.ts), so neither bars publishing by itself.
      ...build.notices
        .filter((n) => n.kind !== 'statistics.missing' && n.kind !== 'overview.assessment')
        .map((n) => n.message),
    ];
    if (blocking.length)
      throw new PublishingError(
        'NOT_READY',
        `${input.year}年度报告尚不能发布（${blocking.length}个问题）：\n${blocking.map((m) => `  - ${m}`).join('\n')}`,
        { problems: blocking },
      );

    const report = build.report;
    const title = reportTitle(report);
    const docx = await renderReport(report, 'docx');
    const html = await renderReport(report, 'html');
    const { row, created } = await insertAnnualReport(tx, {
      report,
      agencyId: agency.id,
      findings: build.findings,
      sourceName: `${title}.docx`,
      sourceForm: 'compiled',
      sha256: sha256(docx),
      origin: 'compiled',
      publishedOn,
    });
    if (!created) throw new PublishingError('CONFLICT', `同一文件已作为“${row.sourceName}”收录`);
    await tx.insert(reportFiles).values([
      {
        annualReportId: row.id,
        form: 'docx',
        name: `${title}.docx`,
        sha256: sha256(docx),
        size: docx.byteLength,
        content: docx,
      },
      {
        annualReportId: row.id,
        form: 'html',
        name: `${title}.html`,
        sha256: sha256(html),
        size: html.byteLength,
        content: html,
      },
    ]);
    try {
      await lockYear(
        tx,
        {
          agency: agency.id,
          year: input.year,
          note: `${title}已发布（${publishedOn}，年度报告 #${row.id}）`,
        },
        ctx,
      );
    } catch (e) {
      throw asPublishingError(e);
    }
    // By the stored local rule for 乡镇、街道 (src/admin/report-deadlines.ts), as the status board judges it.
    const timeliness = reportStatus(
      input.year,
      reportingKindOf(agency.kind, agency.name),
      publishedOn,
      publishedOn,
      await loadDeadlineRules(tx),
    );
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'report.publish',
      entity: 'annual_report',
      entityId: row.id,
      after: {
        agencyId: agency.id,
        year: input.year,
        publishedOn,
        sha256: row.sha256,
        warnings: build.warnings,
        timeliness,
      },
    });
    return {
      annualReportId: row.id,
      publishedOn,
      timeliness,
      title,
      docx,
      html,
      json: toParsedJson(report, { provenance: false }),
      build,
    };
  });
}

/** The files of a published report (DOCX, HTML), as stored. */
export async function publishedFiles(
  db: Executor,
  agencyRef: string | number,
  year: number,
): Promise<{
  annualReportId: number;
  files: { form: string; name: string; sha256: string; bytes: Uint8Array }[];
}> {
  const { agency } = await resolveAgency(db, agencyRef);
  const row = await publishedReport(db, agency.id, year);
  if (!row) throw notFound('已发布的年度报告', `${agency.name} ${year}`);
  const files = await db
    .select()
    .from(reportFiles)
    .where(and(eq(reportFiles.annualReportId, row.id)));
  return {
    annualReportId: row.id,
    files: files.map((f) => ({
      form: f.form,
      name: f.name,
      sha256: f.sha256,
      bytes: new Uint8Array(f.content),
    })),
  };
}

// Enforcement and fee statistics of 表二 (行政许可, 行政处罚, 行政强制 decisions; 行政事业性收费 in 万元; the 2019
// layout's extras), entered by hand or imported from a CSV sheet, per agency and year. Every import keeps its
// source (file name, SHA-256, who, when); a sheet with a bad line imports nothing (one transaction, parsed first).
import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { guardLockedYears } from '../cases/year-lock.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { statisticSources, statistics } from '../db/schema/publishing-registers.ts';
import { expectedFormat, fieldDef } from '../domain/report/layout.ts';
import { checkStatValue, parseStatsCsv } from '../domain/report-builder/stats-csv.ts';
import { decodeText } from '../parse/readers/decode.ts';
import { resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { asPublishingError, invalid } from './errors.ts';

export type StatisticSourceRow = typeof statisticSources.$inferSelect;

const checkYear = (year: number) => {
  if (!Number.isInteger(year) || year < 2019 || year > 2200)
    throw invalid(`年度“${year}”无效（统一格式自2019年度起）`);
};

/** The sheets are small; anything larger is not a statistics sheet. */
export const MAX_SHEET_BYTES = 1024 * 1024;

export interface ImportResult {
  readonly source: StatisticSourceRow;
  readonly values: Record<string, number>;
  /** Values of the year this import replaced. */
  readonly replaced: Record<string, number>;
}

/** Import a statistics sheet (CSV, UTF-8 or GBK). Throws StatsCsvError naming the file and every bad line. */
export async function importStatistics(
  db: Db,
  input: { agency: string | number; year: number; fileName: string; bytes: Uint8Array },
  ctx: PublishingContext,
): Promise<ImportResult> {
  checkYear(input.year);
  if (input.bytes.byteLength > MAX_SHEET_BYTES) throw invalid(`${input.fileName}：文件过大，不是统计表`);
  const { text } = decodeText(input.bytes);
  const sheet = parseStatsCsv(text, input.fileName, expectedFormat(input.year));
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  return store(
    db,
    input.agency,
    input.year,
    sheet.values,
    { kind: 'csv', fileName: input.fileName, sha256 },
    ctx,
  );
}

/** Enter values by hand (field key → value). */
export async function setStatistics(
  db: Db,
  input: { agency: string | number; year: number; values: Record<string, number> },
  ctx: PublishingContext,
): Promise<ImportResult> {
  checkYear(input.year);
  const format = expectedFormat(input.year);
  const problems = Object.entries(input.values)
    .map(([k, v]) => checkStatValue(k, v, format))
    .filter((p): p is string => p !== null);
  if (problems.length) throw invalid(problems.join('；'));
  if (!Object.keys(input.values).length) throw invalid('没有要录入的数据');
  return store(
    db,
    input.agency,
    input.year,
    input.values,
    { kind: 'manual', fileName: null, sha256: null },
    ctx,
  );
}

async function store(
  db: Db,
  agencyRef: string | number,
  year: number,
  values: Record<string, number>,
  src: { kind: 'csv' | 'manual'; fileName: string | null; sha256: string | null },
  ctx: PublishingContext,
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, agencyRef);
    try {
      await guardLockedYears(tx, agency.id, [year], ctx, {
        action: 'statistics.import',
        entity: 'statistics',
        entityId: `${agency.id}:${year}`,
        what: `${year}年度表二统计的${src.kind === 'csv' ? '导入' : '录入'}`,
      });
    } catch (e) {
      throw asPublishingError(e);
    }
    const before = await currentValues(tx, agency.id, year);
    const [source] = await tx
      .insert(statisticSources)
      .values({
        agencyId: agency.id,
        year,
        kind: src.kind,
        fileName: src.fileName,
        sha256: src.sha256,
        values,
        createdBy: ctx.actor,
      })
      .returning();
    const rows = Object.entries(values).map(([key, value]) => ({
      agencyId: agency.id,
      year,
      key,
      value,
      sourceId: source!.id,
    }));
    await tx
      .insert(statistics)
      .values(rows)
      .onConflictDoUpdate({
        target: [statistics.agencyId, statistics.year, statistics.key],
        set: { value: sql`excluded.value`, sourceId: sql`excluded.source_id` },
      });
    const replaced = Object.fromEntries(
      Object.keys(values)
        .filter((k) => k in before)
        .map((k) => [k, before[k]!]),
    );
    await writeAudit(tx, {
      actor: ctx.actor,
      action: src.kind === 'csv' ? 'statistics.import' : 'statistics.set',
      entity: 'statistics',
      entityId: `${agency.id}:${year}`,
      before: replaced,
      after: { values, source: source!.id, fileName: src.fileName, sha256: src.sha256 },
    });
    return { source: source!, values, replaced };
  });
}

async function currentValues(db: Executor, agencyId: number, year: number): Promise<Record<string, number>> {
  const rows = await db
    .select({ key: statistics.key, value: statistics.value })
    .from(statistics)
    .where(and(eq(statistics.agencyId, agencyId), eq(statistics.year, year)));
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]));
}

export interface YearStatistics {
  readonly values: Record<string, number>;
  /** Field key → where the value came from, for the report's provenance: "导入 stats.csv（张三，2024-01-10）". */
  readonly sources: Record<string, string>;
  readonly history: readonly StatisticSourceRow[];
}

export async function getStatistics(
  db: Executor,
  agencyRef: string | number,
  year: number,
): Promise<YearStatistics> {
  const { agency } = await resolveAgency(db, agencyRef);
  const rows = await db
    .select({ key: statistics.key, value: statistics.value, source: statisticSources })
    .from(statistics)
    .innerJoin(statisticSources, eq(statisticSources.id, statistics.sourceId))
    .where(and(eq(statistics.agencyId, agency.id), eq(statistics.year, year)));
  const format = expectedFormat(year);
  const values: Record<string, number> = {};
  const sources: Record<string, string> = {};
  for (const r of rows) {
    // A value of the other layout (entered before a layout change) is not part of this year's report.
    if (fieldDef(r.key) === undefined || checkStatValue(r.key, Number(r.value), format) !== null) continue;
    values[r.key] = Number(r.value);
    const when = r.source.createdAt.toISOString().slice(0, 10);
    sources[r.key] =
      r.source.kind === 'csv'
        ? `导入 ${r.source.fileName}（${r.source.createdBy}，${when}，SHA-256 ${r.source.sha256!.slice(0, 12)}…）`
        : `手工录入（${r.source.createdBy}，${when}）`;
  }
  const history = await db
    .select()
    .from(statisticSources)
    .where(and(eq(statisticSources.agencyId, agency.id), eq(statisticSources.year, year)))
    .orderBy(asc(statisticSources.id));
  return { values, sources, history };
}

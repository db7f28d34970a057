// The normative-documents register (规章, 行政规范性文件): 文号, title, issue, publication and repeal dates. It
// yields 表二 第二十条第（一）项 of the annual report (src/domain/report-builder/table2.ts says how, per layout).
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { guardLockedYears } from '../cases/year-lock.ts';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { normativeDocuments } from '../db/schema/publishing-registers.ts';
import { expectedFormat } from '../domain/report/layout.ts';
import {
  DEFAULT_REGISTER_OPTIONS,
  NORM_KINDS,
  type RegisterOptions,
  type Table2Part,
  table2FromRegister,
} from '../domain/report-builder/table2.ts';
import { resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { asPublishingError, invalid, notFound, PublishingError } from './errors.ts';
import { agencyRef, isoDate, optionalText, parseInput, text } from './input.ts';

export type NormDocRow = typeof normativeDocuments.$inferSelect;

const kind = z.preprocess(
  (v) =>
    v === '规章' ? 'regulation' : v === '行政规范性文件' || v === '规范性文件' ? 'normativeDocument' : v,
  z.enum(NORM_KINDS, { error: '类别应为“规章”或“行政规范性文件”' }),
);

export const normDocInput = z
  .object({
    agency: agencyRef,
    kind,
    docNo: text('文号', 100),
    title: text('标题', 300),
    issuedOn: isoDate('印发日期'),
    publishedOn: isoDate('公开日期').nullish(),
    repealedOn: isoDate('废止日期').nullish(),
    repealNote: optionalText('废止说明', 2000),
  })
  .refine((v) => !v.publishedOn || v.publishedOn >= v.issuedOn, {
    message: '公开日期不能早于印发日期',
    path: ['publishedOn'],
  })
  .refine((v) => !v.repealedOn || v.repealedOn > v.issuedOn, {
    message: '废止日期应晚于印发日期',
    path: ['repealedOn'],
  });

const yearsOf = (...dates: (string | null | undefined)[]) =>
  dates.filter((d): d is string => Boolean(d)).map((d) => Number(d.slice(0, 4)));

async function guard(
  db: Executor,
  agencyId: number,
  years: number[],
  ctx: PublishingContext,
  what: string,
  id: string | number,
) {
  try {
    await guardLockedYears(db, agencyId, years, ctx, {
      action: 'normative.change',
      entity: 'normative_document',
      entityId: id,
      what,
    });
  } catch (e) {
    throw asPublishingError(e);
  }
}

export async function addNormDoc(
  db: Db,
  input: z.input<typeof normDocInput>,
  ctx: PublishingContext,
): Promise<NormDocRow> {
  const v = parseInput(normDocInput, input);
  for (const d of [v.issuedOn, v.publishedOn, v.repealedOn])
    if (d && d > ctx.today) throw invalid(`日期 ${d} 晚于今天（${ctx.today}）`);
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, v.agency);
    const [dup] = await tx
      .select({ id: normativeDocuments.id })
      .from(normativeDocuments)
      .where(and(eq(normativeDocuments.agencyId, agency.id), eq(normativeDocuments.docNo, v.docNo)));
    if (dup) throw new PublishingError('CONFLICT', `文号“${v.docNo}”已登记`);
    // A document dated into a year whose report is out changes that report's 表二.
    await guard(
      tx,
      agency.id,
      yearsOf(v.issuedOn, v.publishedOn, v.repealedOn),
      ctx,
      `规范性文件“${v.docNo}”的登记`,
      v.docNo,
    );
    const [row] = await tx
      .insert(normativeDocuments)
      .values({
        agencyId: agency.id,
        kind: v.kind,
        docNo: v.docNo,
        title: v.title,
        issuedOn: v.issuedOn,
        publishedOn: v.publishedOn ?? null,
        repealedOn: v.repealedOn ?? null,
        repealNote: v.repealNote,
        createdBy: ctx.actor,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'normative.add',
      entity: 'normative_document',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export const repealInput = z.object({
  repealedOn: isoDate('废止日期'),
  note: optionalText('废止说明', 2000),
});

export async function repealNormDoc(
  db: Db,
  id: number,
  input: z.input<typeof repealInput>,
  ctx: PublishingContext,
): Promise<NormDocRow> {
  const v = parseInput(repealInput, input);
  if (v.repealedOn > ctx.today) throw invalid(`废止日期 ${v.repealedOn} 晚于今天（${ctx.today}）`);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(normativeDocuments)
      .where(eq(normativeDocuments.id, id))
      .for('update');
    if (!before) throw notFound('规范性文件', id);
    if (before.repealedOn)
      throw new PublishingError('CONFLICT', `“${before.docNo}”已于 ${before.repealedOn} 废止`);
    if (v.repealedOn <= before.issuedOn) throw invalid(`废止日期应晚于印发日期 ${before.issuedOn}`);
    await guard(tx, before.agencyId, yearsOf(v.repealedOn), ctx, `规范性文件“${before.docNo}”的废止`, id);
    const [row] = await tx
      .update(normativeDocuments)
      .set({ repealedOn: v.repealedOn, repealNote: v.note })
      .where(eq(normativeDocuments.id, id))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'normative.repeal',
      entity: 'normative_document',
      entityId: id,
      before,
      after: row,
    });
    return row!;
  });
}

export async function listNormDocs(db: Executor, agency: string | number): Promise<NormDocRow[]> {
  const { agency: a } = await resolveAgency(db, agency);
  return db
    .select()
    .from(normativeDocuments)
    .where(eq(normativeDocuments.agencyId, a.id))
    .orderBy(asc(normativeDocuments.issuedOn), asc(normativeDocuments.id));
}

/** 表二 第（一）项 of an agency-year from the register, in the layout of the year. */
export async function registerTable2(
  db: Executor,
  agencyId: number,
  year: number,
  options: RegisterOptions = DEFAULT_REGISTER_OPTIONS,
): Promise<Table2Part> {
  const docs = await db
    .select({
      kind: normativeDocuments.kind,
      issuedOn: normativeDocuments.issuedOn,
      publishedOn: normativeDocuments.publishedOn,
      repealedOn: normativeDocuments.repealedOn,
    })
    .from(normativeDocuments)
    .where(eq(normativeDocuments.agencyId, agencyId));
  return table2FromRegister(
    docs.map((d) => ({ ...d, kind: d.kind as (typeof NORM_KINDS)[number] })),
    year,
    expectedFormat(year),
    options,
  );
}

// 公开征集意见: a call for opinions with its period; opinions collected (by staff now, from the portal later),
// classified by category, and the feedback (意见采纳情况) published. The counts per category feed the annual
// report's text (seed 004: "共收到社会各界意见建议98条，主要集中在基本公共服务（54条）、便民服务（33条）…").
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { consultationOpinions, consultations } from '../db/schema/publishing-registers.ts';
import { type NamedCount, UNCLASSIFIED } from '../domain/report-builder/facts.ts';
import { resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { invalid, notFound, PublishingError } from './errors.ts';
import { agencyRef, isoDate, optionalText, parseInput, text } from './input.ts';

export type ConsultationRow = typeof consultations.$inferSelect;
export type OpinionRow = typeof consultationOpinions.$inferSelect;

export const consultationInput = z
  .object({
    agency: agencyRef,
    title: text('征集标题', 300),
    description: optionalText('征集说明', 20_000),
    opensOn: isoDate('征集开始日期'),
    closesOn: isoDate('征集截止日期'),
  })
  .refine((v) => v.closesOn >= v.opensOn, { message: '征集截止日期不能早于开始日期', path: ['closesOn'] });

export async function openConsultation(
  db: Db,
  input: z.input<typeof consultationInput>,
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<ConsultationRow> {
  const v = parseInput(consultationInput, input);
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, v.agency);
    const [row] = await tx
      .insert(consultations)
      .values({
        agencyId: agency.id,
        title: v.title,
        description: v.description,
        opensOn: v.opensOn,
        closesOn: v.closesOn,
        createdBy: ctx.actor,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'consultation.open',
      entity: 'consultation',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

async function getConsultationRow(db: Executor, id: number): Promise<ConsultationRow> {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id));
  if (!row) throw notFound('征集', id);
  return row;
}

export const opinionInput = z.object({
  receivedOn: isoDate('收到日期'),
  author: optionalText('提出人', 200),
  content: text('意见内容', 20_000),
  channel: optionalText('渠道', 50),
  category: optionalText('类别', 100),
});

/** Record an opinion; it must arrive within the call's period. */
export async function addOpinion(
  db: Db,
  consultationId: number,
  input: z.input<typeof opinionInput>,
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<OpinionRow> {
  const v = parseInput(opinionInput, input);
  return db.transaction(async (tx) => {
    const c = await getConsultationRow(tx, consultationId);
    if (v.receivedOn < c.opensOn || v.receivedOn > c.closesOn)
      throw invalid(`征集期为 ${c.opensOn} 至 ${c.closesOn}，该意见收到于 ${v.receivedOn}，不在征集期内`);
    const [row] = await tx
      .insert(consultationOpinions)
      .values({
        consultationId,
        receivedOn: v.receivedOn,
        author: v.author,
        content: v.content,
        channel: v.channel,
        category: v.category,
        classifiedBy: v.category ? ctx.actor : null,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'consultation.opinion',
      entity: 'consultation',
      entityId: consultationId,
      after: { opinion: row!.id, category: row!.category },
    });
    return row!;
  });
}

export async function classifyOpinion(
  db: Db,
  opinionId: number,
  category: string,
  ctx: Pick<PublishingContext, 'actor'>,
): Promise<OpinionRow> {
  const cat = parseInput(text('类别', 100), category);
  if (cat === UNCLASSIFIED) throw invalid(`“${UNCLASSIFIED}”不能作为类别`);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(consultationOpinions)
      .where(eq(consultationOpinions.id, opinionId))
      .for('update');
    if (!before) throw notFound('意见', opinionId);
    const [row] = await tx
      .update(consultationOpinions)
      .set({ category: cat, classifiedBy: ctx.actor })
      .where(eq(consultationOpinions.id, opinionId))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'consultation.classify',
      entity: 'consultation',
      entityId: before.consultationId,
      before: { opinion: opinionId, category: before.category },
      after: { opinion: opinionId, category: cat },
    });
    return row!;
  });
}

export const feedbackInput = z.object({
  feedback: text('反馈内容', 50_000),
  publishedOn: isoDate('反馈发布日期'),
});

/** Publish the feedback on the opinions (意见采纳情况), after the call has closed. */
export async function publishFeedback(
  db: Db,
  consultationId: number,
  input: z.input<typeof feedbackInput>,
  ctx: Pick<PublishingContext, 'actor' | 'today'>,
): Promise<ConsultationRow> {
  const v = parseInput(feedbackInput, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(consultations)
      .where(eq(consultations.id, consultationId))
      .for('update');
    if (!before) throw notFound('征集', consultationId);
    if (before.feedbackPublishedOn)
      throw new PublishingError('CONFLICT', `该征集的反馈已于 ${before.feedbackPublishedOn} 发布`);
    if (v.publishedOn < before.closesOn)
      throw invalid(`征集截止于 ${before.closesOn}，反馈不能早于截止日期发布`);
    if (v.publishedOn > ctx.today) throw invalid(`反馈发布日期 ${v.publishedOn} 晚于今天（${ctx.today}）`);
    const [row] = await tx
      .update(consultations)
      .set({ feedback: v.feedback, feedbackPublishedOn: v.publishedOn })
      .where(eq(consultations.id, consultationId))
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'consultation.feedback',
      entity: 'consultation',
      entityId: consultationId,
      before,
      after: row,
    });
    return row!;
  });
}

export interface ConsultationView {
  readonly consultation: ConsultationRow;
  readonly total: number;
  /** Per category, largest first; opinions not yet classified as “未分类”. */
  readonly byCategory: readonly NamedCount[];
  readonly opinions: readonly OpinionRow[];
}

export async function getConsultation(db: Executor, id: number): Promise<ConsultationView> {
  const consultation = await getConsultationRow(db, id);
  const opinions = await db
    .select()
    .from(consultationOpinions)
    .where(eq(consultationOpinions.consultationId, id))
    .orderBy(asc(consultationOpinions.receivedOn), asc(consultationOpinions.id));
  const byCategory = await categoryCounts(db, sql`o.consultation_id = ${id}`);
  return { consultation, total: opinions.length, byCategory, opinions };
}

async function categoryCounts(db: Executor, where: ReturnType<typeof sql>): Promise<NamedCount[]> {
  const rows = await queryRows<{ name: string; count: number }>(
    db,
    sql`select coalesce(o.category, ${UNCLASSIFIED}) as name, count(*)::int as count
          from consultation_opinions o join consultations c on c.id = o.consultation_id
         where ${where} group by 1 order by 2 desc, 1`,
  );
  return rows.map((r) => ({ name: r.name, count: Number(r.count) }));
}

export async function listConsultations(
  db: Executor,
  agency: string | number,
  year?: number,
): Promise<ConsultationRow[]> {
  const { agency: a } = await resolveAgency(db, agency);
  const where = [eq(consultations.agencyId, a.id)];
  if (year) where.push(sql`extract(year from ${consultations.opensOn}) = ${year}`);
  return db
    .select()
    .from(consultations)
    .where(and(...where))
    .orderBy(asc(consultations.opensOn), asc(consultations.id));
}

/** For the annual report: the calls opened in the year, their opinions per category, feedbacks published. */
export async function consultationFacts(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<{ calls: number; total: number; byCategory: NamedCount[]; feedbacks: number }> {
  const inYear = sql`c.agency_id = ${agencyId} and c.opens_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`;
  const [calls] = await queryRows<{ calls: number; feedbacks: number }>(
    db,
    sql`select count(*)::int as calls, count(c.feedback_published_on)::int as feedbacks from consultations c where ${inYear}`,
  );
  const byCategory = await categoryCounts(db, inYear);
  return {
    calls: Number(calls?.calls ?? 0),
    feedbacks: Number(calls?.feedbacks ?? 0),
    total: byCategory.reduce((a, c) => a + c.count, 0),
    byCategory,
  };
}

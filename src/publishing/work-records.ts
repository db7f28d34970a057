// Work records: trainings, 政务开放日, inspections — what section 一（五）监督保障 reports ("2023年5月我街道开展信息
// 公开培训会", seed 001). One row per event or batch, with a count and participants.
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { workRecords } from '../db/schema/publishing-registers.ts';
import { WORK_KINDS, type WorkKind } from '../domain/report-builder/facts.ts';
import { resolveAgency } from './agencies.ts';
import type { PublishingContext } from './context.ts';
import { invalid } from './errors.ts';
import { agencyRef, isoDate, optionalText, parseInput } from './input.ts';

export type WorkRecordRow = typeof workRecords.$inferSelect;

const KIND_ALIASES: Record<string, WorkKind> = {
  培训: 'training',
  政务开放日: 'openDay',
  开放日: 'openDay',
  检查: 'inspection',
  监督检查: 'inspection',
  其他: 'other',
};

export const workRecordInput = z.object({
  agency: agencyRef,
  on: isoDate('日期'),
  kind: z.preprocess(
    (v) => (typeof v === 'string' ? (KIND_ALIASES[v] ?? v) : v),
    z.enum(WORK_KINDS, { error: '类型应为 培训 / 政务开放日 / 监督检查 / 其他' }),
  ),
  count: z
    .number({ error: '次数应为整数' })
    .int({ message: '次数应为整数' })
    .min(0, { message: '次数不能为负' })
    .default(1),
  participants: z
    .number({ error: '人数应为整数' })
    .int({ message: '人数应为整数' })
    .min(0, { message: '人数不能为负' })
    .default(0),
  note: optionalText('备注', 2000),
});

export async function addWorkRecord(
  db: Db,
  input: z.input<typeof workRecordInput>,
  ctx: Pick<PublishingContext, 'actor' | 'today'>,
): Promise<WorkRecordRow> {
  const v = parseInput(workRecordInput, input);
  if (v.on > ctx.today) throw invalid(`日期 ${v.on} 晚于今天（${ctx.today}）`);
  return db.transaction(async (tx) => {
    const { agency } = await resolveAgency(tx, v.agency);
    const [row] = await tx
      .insert(workRecords)
      .values({
        agencyId: agency.id,
        on: v.on,
        kind: v.kind,
        count: v.count,
        participants: v.participants,
        note: v.note,
        createdBy: ctx.actor,
      })
      .returning();
    await writeAudit(tx, {
      actor: ctx.actor,
      action: 'work.record',
      entity: 'work_record',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function listWorkRecords(
  db: Executor,
  agency: string | number,
  year?: number,
): Promise<WorkRecordRow[]> {
  const { agency: a } = await resolveAgency(db, agency);
  const where = [eq(workRecords.agencyId, a.id)];
  if (year) where.push(sql`${workRecords.on} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`);
  return db
    .select()
    .from(workRecords)
    .where(and(...where))
    .orderBy(asc(workRecords.on), asc(workRecords.id));
}

/** Per kind, the events and participants of the year. */
export async function workFacts(
  db: Executor,
  agencyId: number,
  year: number,
): Promise<Record<WorkKind, { count: number; participants: number }>> {
  const rows = await queryRows<{ kind: WorkKind; count: number; participants: number }>(
    db,
    sql`select kind, sum(count)::int as count, sum(participants)::int as participants from work_records
         where agency_id = ${agencyId} and "on" between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
         group by kind`,
  );
  const out = Object.fromEntries(WORK_KINDS.map((k) => [k, { count: 0, participants: 0 }])) as Record<
    WorkKind,
    { count: number; participants: number }
  >;
  for (const r of rows) out[r.kind] = { count: Number(r.count), participants: Number(r.participants) };
  return out;
}

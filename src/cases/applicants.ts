// Applicants. Stored in full (the reply must reach them and 《条例》第二十九条 requires 身份证明); shown masked
// everywhere else (mask.ts).
import { eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Executor } from '../db/handle.ts';
import { applicants } from '../db/schema/applicants.ts';
import { APPLICANT_TYPES, type ApplicantType } from '../db/schema/vocabulary.ts';
import type { UseCaseContext } from './context.ts';
import { invalid, notFound } from './errors.ts';
import { maskIdNumber, maskName, maskPhone } from './mask.ts';

export type Applicant = typeof applicants.$inferSelect;

export interface ApplicantInput {
  type: ApplicantType;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  email?: string | null;
}

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  naturalPerson: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legalService: '法律服务机构',
  otherOrg: '其他组织',
};

export function assertApplicantType(t: unknown): asserts t is ApplicantType {
  if (!APPLICANT_TYPES.includes(t as ApplicantType))
    throw invalid(`申请人类型“${String(t)}”无效，应为 ${APPLICANT_TYPES.join(' / ')}（表三的申请人列）`);
}

export async function createApplicant(
  db: Executor,
  input: ApplicantInput,
  ctx: Pick<UseCaseContext, 'actor'>,
): Promise<Applicant> {
  assertApplicantType(input.type);
  if (!input.name?.trim()) throw invalid('申请人姓名或名称不能为空（《条例》第二十九条第二款第（一）项）');
  const [row] = await db
    .insert(applicants)
    .values({
      type: input.type,
      name: input.name.trim(),
      idNumber: input.idNumber?.trim() || null,
      phone: input.phone?.trim() || null,
      address: input.address?.trim() || null,
      email: input.email?.trim() || null,
    })
    .returning();
  // The audit log keeps the masked values: it is read more widely than the case file.
  await writeAudit(db, {
    actor: ctx.actor,
    action: 'applicant.create',
    entity: 'applicant',
    entityId: row!.id,
    after: maskedApplicant(row!),
  });
  return row!;
}

export async function findApplicant(db: Executor, id: number): Promise<Applicant> {
  const [row] = await db.select().from(applicants).where(eq(applicants.id, id));
  if (!row) throw notFound('申请人', id);
  return row;
}

/** The applicant as lists, logs and exports show it. */
export function maskedApplicant(a: Applicant) {
  return {
    id: a.id,
    type: a.type,
    name: a.type === 'naturalPerson' ? maskName(a.name) : a.name,
    idNumber: maskIdNumber(a.idNumber),
    phone: maskPhone(a.phone),
  };
}

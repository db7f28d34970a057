// Which agency a register entry belongs to. Registers are kept by the reporting agency (the one that publishes the
// annual report); an entry may name the department (内设机构) that formed it. A department given where an agency is
// expected stands for its agency, with itself as the department.
import { findAgency, reportingAgencyId } from '../cases/agencies.ts';
import type { Executor } from '../db/handle.ts';
import type { agencies } from '../db/schema/agencies.ts';
import { asPublishingError, invalid } from './errors.ts';

export type AgencyRow = typeof agencies.$inferSelect;

export async function getAgency(db: Executor, ref: string | number): Promise<AgencyRow> {
  try {
    return await findAgency(db, ref);
  } catch (e) {
    throw asPublishingError(e);
  }
}

/** The reporting agency of `ref`, and the department when `ref` (or `department`) is one. */
export async function resolveAgency(
  db: Executor,
  ref: string | number,
  department?: string | number | null,
): Promise<{ agency: AgencyRow; department: AgencyRow | null }> {
  const given = await getAgency(db, ref);
  const reportingId = await reportingAgencyId(db, given.id);
  const agency = reportingId === given.id ? given : await getAgency(db, reportingId);
  let dept = given.id === agency.id ? null : given;
  if (department !== undefined && department !== null && department !== '') {
    const d = await getAgency(db, department);
    if (d.level !== 'department' || (await reportingAgencyId(db, d.id)) !== agency.id)
      throw invalid(`“${d.name}”不是${agency.name}的内设机构`);
    dept = d;
  }
  return { agency, department: dept };
}

// Case lists for an agency (and its departments): the officer's work queue.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';
import { agencyAndDepartmentsSql, findAgency } from './agencies.ts';

export interface CaseListItem {
  code: string;
  receivedOn: string;
  applicantType: string;
  status: string;
  dueOn: string | null;
  closedOn: string | null;
  outcome: string | null;
  /** Some date of the case is 暂定 (whole-case view; loading the missing notice will move it). */
  provisional: boolean;
  /** `dueOn` itself is 暂定: the flag to print beside it. */
  dueProvisional: boolean;
  /** Open and past its due date as of `today`. */
  overdue: boolean;
}

export async function listCases(
  db: Executor,
  input: { agency: string | number; open?: boolean; year?: number; today?: string; limit?: number },
): Promise<CaseListItem[]> {
  const agency = await findAgency(db, input.agency);
  const today = input.today ?? '9999-12-31';
  return queryRows<CaseListItem>(
    db,
    sql`${agencyAndDepartmentsSql(agency.id)}
        select code, to_char(received_on, 'YYYY-MM-DD') as "receivedOn", applicant_type as "applicantType", status,
               to_char(due_on, 'YYYY-MM-DD') as "dueOn", to_char(closed_on, 'YYYY-MM-DD') as "closedOn", outcome,
               provisional, due_provisional as "dueProvisional", (status <> 'closed' and due_on < ${today}::date) as overdue
          from cases
         where agency_id in (select id from scope)
           ${input.open ? sql`and status <> 'closed'` : sql``}
           ${input.year ? sql`and extract(year from received_on) = ${input.year}` : sql``}
         order by received_on, id
         limit ${input.limit ?? 1000}`,
  );
}

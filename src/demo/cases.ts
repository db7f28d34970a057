// A year of sample 依申请公开 cases for the demo agency, put through the case use cases (src/cases) so that the
// timeline, the clock and the compiled 表三/表四 are real.
import type { DatabaseHandle } from '../db/handle.ts';
import type { CalendarData } from '../domain/calendar/index.ts';

export async function loadDemoCases(
  _handle: DatabaseHandle,
  _opts: { agencyId: number; actor: string; today: string; calendar: CalendarData },
): Promise<{ cases: number; casesSkipped?: string }> {
  return { cases: 0, casesSkipped: '案件模块尚未就绪' };
}

// The annual report deadlines as stored settings. 《条例》第四十九条 fixes 部门 (1月31日) and 县级以上地方人民政府本级
// (3月31日); 乡镇, 街道 (its own value, or the 乡镇 one) and other bodies follow a local rule, which an administrator
// records here with its source
// (`gongkai config report-deadlines`, /admin/report-deadlines). Every reader of a deadline — the supervisor's status
// board and its exports, `gongkai status`, the deadline watch — takes its rules from loadDeadlineRules.
import { eq } from 'drizzle-orm';
import { writeAudit } from '../db/audit.ts';
import type { Db, Executor } from '../db/handle.ts';
import { settings } from '../db/schema/settings.ts';
import {
  DEFAULT_DEADLINE_SETTINGS,
  type DeadlineRules,
  type ReportDeadlineSettings,
  rulesOf,
  validateDeadlineSettings,
} from '../domain/deadlines/report-deadline.ts';
import { AdminError } from './errors.ts';

export const REPORT_DEADLINES_KEY = 'report-deadlines';

export interface StoredDeadlineSettings extends ReportDeadlineSettings {
  /** Who set them last and when; null while the defaults stand. */
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}

/** The stored settings, or the defaults (1月31日, last day on time) when none were ever set. */
export async function loadDeadlineSettings(db: Executor): Promise<StoredDeadlineSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, REPORT_DEADLINES_KEY));
  if (!row) return { ...DEFAULT_DEADLINE_SETTINGS, updatedBy: null, updatedAt: null };
  const v = row.value as Partial<ReportDeadlineSettings>;
  return {
    township: v.township ?? DEFAULT_DEADLINE_SETTINGS.township,
    // Settings stored before 街道 had its own value lack the key: 街道 follows 乡镇, as it did then.
    subdistrict: v.subdistrict ?? null,
    other: v.other ?? DEFAULT_DEADLINE_SETTINGS.other,
    lastDayIncluded: v.lastDayIncluded ?? DEFAULT_DEADLINE_SETTINGS.lastDayIncluded,
    source: v.source ?? null,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** The rules every deadline reader applies. */
export async function loadDeadlineRules(db: Executor): Promise<DeadlineRules> {
  return rulesOf(await loadDeadlineSettings(db));
}

/**
 * Set (some of) the settings, as typed; fields left out keep their value. Refuses bad input with AdminError naming
 * the field. Audited (before → after) in the same transaction; saving the same values changes and audits nothing.
 */
export async function saveDeadlineSettings(
  db: Db,
  input: Readonly<Partial<Record<keyof ReportDeadlineSettings, string>>>,
  actor: string,
): Promise<{ settings: ReportDeadlineSettings; changed: boolean }> {
  return db.transaction(async (tx) => {
    const stored = await loadDeadlineSettings(tx);
    const before: ReportDeadlineSettings = {
      township: stored.township,
      subdistrict: stored.subdistrict,
      other: stored.other,
      lastDayIncluded: stored.lastDayIncluded,
      source: stored.source,
    };
    const r = validateDeadlineSettings(input, before);
    if ('errors' in r) {
      const [field, message] = Object.entries(r.errors)[0]!;
      throw new DeadlineSettingsError(r.errors, message!, field);
    }
    const after = r.settings;
    if (JSON.stringify(after) === JSON.stringify(before)) return { settings: after, changed: false };
    await tx
      .insert(settings)
      .values({ key: REPORT_DEADLINES_KEY, value: after, updatedBy: actor })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: after, updatedBy: actor, updatedAt: new Date() },
      });
    await writeAudit(tx, {
      actor,
      action: 'settings.report-deadlines',
      entity: 'settings',
      entityId: REPORT_DEADLINES_KEY,
      before,
      after,
    });
    return { settings: after, changed: true };
  });
}

/** Every field's error at once (the form shows them all); `message`/`field` are the first, for the CLI. */
export class DeadlineSettingsError extends AdminError {
  constructor(
    readonly errors: Partial<Record<keyof ReportDeadlineSettings, string>>,
    message: string,
    field: string,
  ) {
    super('INVALID', message, field);
  }
}

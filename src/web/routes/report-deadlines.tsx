// The annual report deadlines in the browser (/admin/report-deadlines): the same use case as
// `gongkai config report-deadlines` (src/admin/report-deadlines.ts). Administrators only (admin.settings); a save
// is audited, a bad month-day is refused with the field named and what was typed kept.
import { type Context, Hono } from 'hono';
import {
  DeadlineSettingsError,
  loadDeadlineSettings,
  saveDeadlineSettings,
} from '../../admin/report-deadlines.ts';
import { userActor } from '../audit.ts';
import { actorNames } from '../cases/people.ts';
import type { AppEnv } from '../env.ts';
import { guard } from '../middleware/authorize.ts';
import { formValues, one } from '../validate.ts';
import type { FieldErrors } from '../views/components.tsx';
import { frame, page } from '../views/render.ts';
import { ReportDeadlinesPage } from '../views/report-deadlines.tsx';

const beijing = (at: Date): string =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function show(
  c: Context<AppEnv>,
  extra: { notice?: string; errors?: FieldErrors; values?: Record<string, string> } = {},
  status: 200 | 400 = 200,
) {
  const db = c.get('deps').handle.db;
  const s = await loadDeadlineSettings(db);
  const by = s.updatedBy ? ((await actorNames(db, [s.updatedBy])).get(s.updatedBy) ?? s.updatedBy) : null;
  return page(
    c,
    <ReportDeadlinesPage
      {...frame(c)}
      settings={s}
      updated={s.updatedAt && by ? { by, at: beijing(s.updatedAt) } : null}
      {...extra}
    />,
    status,
  );
}

export function reportDeadlineRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', guard('admin.settings'), (c) =>
    show(c, c.req.query('notice') === 'saved' ? { notice: '已保存（记入审计日志）。' } : {}),
  );

  app.post('/', guard('admin.settings'), async (c) => {
    const values = await formValues(c);
    const v: Record<string, string> = Object.fromEntries(
      ['township', 'other', 'lastDayIncluded', 'source'].map((k) => [k, one(values[k]) ?? '']),
    );
    // 街道's own date: empty means it follows 乡镇; a form without the field (an older page) leaves it as it is.
    const subdistrict = one(values.subdistrict);
    if (subdistrict !== undefined) v.subdistrict = subdistrict;
    try {
      await saveDeadlineSettings(c.get('deps').handle.db, v, userActor(c.get('user')!.username));
    } catch (e) {
      if (!(e instanceof DeadlineSettingsError)) throw e;
      return show(c, { errors: e.errors as FieldErrors, values: v }, 400);
    }
    return c.redirect('/admin/report-deadlines?notice=saved', 303);
  });

  return app;
}

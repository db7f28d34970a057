// The public application form (rate-limited per address; CSRF by double-submit cookie), its receipt, and tracking.
// Intake goes through the case use case (src/cases/intake.ts) like every other channel.

import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { intakeCase } from '../../cases/intake.ts';
import type { Executor } from '../../db/handle.ts';
import { agencies } from '../../db/schema/agencies.ts';
import { anonymousActor } from '../audit.ts';
import { publicStatus } from '../cases/public-status.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { APPLY_LABELS, ApplySchema, DELIVERY_OPTIONS, FORM_OPTIONS, labelOf } from '../forms/apply.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { type RateLimiter, rateLimit } from '../middleware/rate-limit.ts';
import { formValues, one, validate } from '../validate.ts';
import { ApplyPage, ReceiptPage, TrackPage } from '../views/apply.tsx';
import { frame, page } from '../views/render.ts';

/** Agencies that take applications (regions are not 受理机关; departments apply through their agency). */
export async function receivingAgencies(db: Executor): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(and(eq(agencies.level, 'agency'), eq(agencies.receivesApplications, true)))
    .orderBy(asc(agencies.name));
}

/** How the portal confirms an online application: the receipt page itself (《条例》第三十一条第三项). */
export const PORTAL_CONFIRMATION = '通过本平台在线提交，系统即时出具回执和查询码';

export function applyRoutes(limiter: RateLimiter): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/apply', async (c) =>
    page(c, <ApplyPage {...frame(c)} agencies={await receivingAgencies(c.get('deps').handle.db)} />),
  );

  app.post('/apply', rateLimit(limiter, '提交申请'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const form = await formValues(c);
    const values: Record<string, string> = {};
    for (const k of Object.keys(APPLY_LABELS)) values[k] = one(form[k]);
    const list = await receivingAgencies(db);
    const v = validate(ApplySchema, values);
    const errors = v.ok ? {} : { ...v.errors };
    if (v.ok && !list.some((a) => a.id === v.data.agencyId)) errors.agencyId = '请从列表中选择受理机关';
    if (!v.ok || Object.keys(errors).length)
      return page(c, <ApplyPage {...frame(c)} agencies={list} values={values} errors={errors} />, 400);
    const d = v.data;
    const today = deps.today();
    const { code } = await intakeCase(
      db,
      {
        agency: d.agencyId,
        applicant: {
          type: d.applicantType,
          name: d.name,
          idNumber: d.idNumber.toUpperCase(),
          phone: d.phone,
          email: d.email || null,
          address: d.address || null,
        },
        channel: 'online',
        receivedOn: today,
        confirmation: PORTAL_CONFIRMATION,
        description: d.description,
        formWanted: labelOf(FORM_OPTIONS, d.formWanted),
        deliveryWanted: labelOf(DELIVERY_OPTIONS, d.deliveryWanted),
      },
      { actor: anonymousActor(clientIp(c)), today },
    );
    return c.redirect(`/apply/receipt/${encodeURIComponent(code)}`, 303);
  });

  app.get('/apply/receipt/:code', async (c) => {
    const status = await publicStatus(c.get('deps').handle.db, c.req.param('code'));
    if (!status) throw notFound('申请');
    return page(c, <ReceiptPage {...frame(c)} status={status} />);
  });

  app.get('/track', async (c) => {
    const code = (c.req.query('code') ?? '').trim().slice(0, 60);
    const status = code ? await publicStatus(c.get('deps').handle.db, code) : null;
    return page(
      c,
      <TrackPage {...frame(c)} code={code} status={status} searched={Boolean(code)} />,
      code && !status ? 404 : 200,
    );
  });

  return app;
}

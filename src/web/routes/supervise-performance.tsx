// Per-agency performance in the supervisor's console: the league table of a subtree for a year, one agency's years
// (trend), and what supervision records about an agency: its aliases (used by the name matcher) and population.
import { and, eq, sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { queryRows } from '../../db/query.ts';
import { agencyAliases, agencyPopulations } from '../../db/schema/agency-identity.ts';
import { crossChecks } from '../../supervision/cross-checks.ts';
import { leagueOrder } from '../../supervision/league.ts';
import { performance } from '../../supervision/performance.ts';
import { audit, userActor } from '../audit.ts';
import { barChart } from '../charts.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import { reportYears } from '../reports/store.ts';
import { formValues, one, validate } from '../validate.ts';
import { CrossCheckPage, LeaguePage, ProfilePage } from '../views/performance.tsx';
import { frame, page } from '../views/render.ts';
import { svgResponse } from './reports.tsx';
import { rootOf, yearOf } from './supervise.tsx';

const AliasSchema = z.object({
  alias: z.string().trim().min(2, '别名至少两个字').max(100, '别名不超过100字'),
});
const PopulationSchema = z.object({
  year: z.coerce.number().int('年度应为整数').min(2000, '年度应在2000年以后').max(2199, '年度不正确'),
  population: z.coerce.number().int('人口应为整数').positive('人口应大于0').max(100_000_000, '人口不正确'),
  source: z.string().trim().min(2, '请写明人口数字的来源').max(200, '来源不超过200字'),
});

/** Every year from the first report on file to the last (a year without a report is a row, a gap in charts). */
async function yearSpan(c: Context<AppEnv>): Promise<number[]> {
  const known = await reportYears(c.get('deps').handle.db);
  if (!known.length) return [];
  const from = Math.min(...known);
  return Array.from({ length: Math.max(...known) - from + 1 }, (_, i) => from + i);
}

export function supervisePerformanceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/agencies/:agencyId/performance', guard('supervise.agency'), async (c) => {
    const deps = c.get('deps');
    const db = deps.handle.db;
    const id = Number(c.req.param('agencyId'));
    const root = await rootOf(db, id);
    const { year, years } = await yearOf(c);
    const rows = (await performance(db, { rootId: id, years: [year], today: deps.today() })).sort(
      leagueOrder,
    );
    return page(
      c,
      <LeaguePage
        {...frame(c)}
        root={root}
        year={year}
        years={years}
        rows={rows}
        base={`/supervise/agencies/${id}`}
      />,
    );
  });

  // Copies between agencies, each agency against its previous year, outliers: what `gongkai crosscheck` prints.
  app.get('/agencies/:agencyId/crosscheck', guard('supervise.agency'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('agencyId'));
    const root = await rootOf(db, id);
    const { year, years } = await yearOf(c);
    const rows = (await crossChecks(db, { year, rootAgencyId: id })).sort(
      (a, b) => a.agencyName.localeCompare(b.agencyName, 'zh-CN') || a.rule.localeCompare(b.rule),
    );
    return page(
      c,
      <CrossCheckPage
        {...frame(c)}
        root={root}
        year={year}
        years={years}
        rows={rows}
        base={`/supervise/agencies/${id}`}
      />,
    );
  });

  const own = async (c: Context<AppEnv>, id: number) => {
    const deps = c.get('deps');
    return (
      await performance(deps.handle.db, { rootId: id, years: await yearSpan(c), today: deps.today() })
    ).filter((r) => r.agencyId === id);
  };

  const profile = async (
    c: Context<AppEnv>,
    errors?: Record<string, string>,
    values?: Record<string, string>,
  ) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('agencyId'));
    const agency = await rootOf(db, id);
    const aliases = await db
      .select({ id: agencyAliases.id, alias: agencyAliases.alias })
      .from(agencyAliases)
      .where(eq(agencyAliases.agencyId, id))
      .orderBy(agencyAliases.alias);
    const populations = await db
      .select({
        year: agencyPopulations.year,
        population: agencyPopulations.population,
        source: agencyPopulations.source,
      })
      .from(agencyPopulations)
      .where(eq(agencyPopulations.agencyId, id))
      .orderBy(agencyPopulations.year);
    return page(
      c,
      <ProfilePage
        {...frame(c)}
        agency={agency}
        years={await own(c, id)}
        aliases={aliases}
        populations={populations}
        errors={errors}
        values={values}
      />,
      errors ? 400 : 200,
    );
  };

  app.get('/agencies/:agencyId/profile', guard('supervise.agency'), (c) => profile(c));

  app.get('/agencies/:agencyId/profile/received.svg', guard('supervise.agency'), async (c) => {
    const years = await own(c, Number(c.req.param('agencyId')));
    if (!years.length) throw notFound('图表');
    return svgResponse(
      c,
      barChart({
        title: '历年新收申请数量',
        categories: years.map((y) => `${y.year}年`),
        series: [{ name: '新收申请', data: years.map((y) => y.received) }],
        yName: '件',
      }),
    );
  });

  app.post('/agencies/:agencyId/profile/aliases', guard('supervise.aliases'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('agencyId'));
    const values = await formValues(c);
    const raw = { alias: one(values.alias) };
    const v = validate(AliasSchema, raw);
    if (!v.ok) return profile(c, v.errors, raw);
    const alias = v.data.alias;
    // One name, one agency: an alias that is already some agency's name or alias would make matching ambiguous.
    const [taken] = await queryRows<{ name: string }>(
      db,
      sql`select a.name from agencies a
            where regexp_replace(a.name, '[\s　]+', '', 'g') = regexp_replace(${alias}, '[\s　]+', '', 'g')
          union all select a.name from agency_aliases x join agencies a on a.id = x.agency_id
            where regexp_replace(x.alias, '[\s　]+', '', 'g') = regexp_replace(${alias}, '[\s　]+', '', 'g')`,
    );
    if (taken) return profile(c, { alias: `“${alias}”已是${taken.name}的名称或别名` }, raw);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(agencyAliases)
        .values({ agencyId: id, alias })
        .returning({ id: agencyAliases.id });
      await audit(tx, {
        actor: userActor(c.get('user')!.username),
        action: 'agency.alias.add',
        entity: 'agency',
        entityId: id,
        after: { aliasId: row!.id, alias },
      });
    });
    return c.redirect(`/supervise/agencies/${id}/profile`, 303);
  });

  app.post('/agencies/:agencyId/profile/aliases/:aliasId/delete', guard('supervise.aliases'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('agencyId'));
    const aliasId = Number(c.req.param('aliasId'));
    await db.transaction(async (tx) => {
      const [gone] = await tx
        .delete(agencyAliases)
        .where(and(eq(agencyAliases.id, aliasId), eq(agencyAliases.agencyId, id)))
        .returning({ alias: agencyAliases.alias });
      if (!gone) throw notFound('别名');
      await audit(tx, {
        actor: userActor(c.get('user')!.username),
        action: 'agency.alias.delete',
        entity: 'agency',
        entityId: id,
        before: { aliasId, alias: gone.alias },
      });
    });
    return c.redirect(`/supervise/agencies/${id}/profile`, 303);
  });

  app.post('/agencies/:agencyId/profile/population', guard('supervise.aliases'), async (c) => {
    const db = c.get('deps').handle.db;
    const id = Number(c.req.param('agencyId'));
    const values = await formValues(c);
    const raw = { year: one(values.year), population: one(values.population), source: one(values.source) };
    const v = validate(PopulationSchema, raw);
    if (!v.ok) return profile(c, v.errors, raw);
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(agencyPopulations)
        .where(and(eq(agencyPopulations.agencyId, id), eq(agencyPopulations.year, v.data.year)));
      await tx
        .insert(agencyPopulations)
        .values({ agencyId: id, ...v.data })
        .onConflictDoUpdate({
          target: [agencyPopulations.agencyId, agencyPopulations.year],
          set: { population: v.data.population, source: v.data.source },
        });
      await audit(tx, {
        actor: userActor(c.get('user')!.username),
        action: 'agency.population',
        entity: 'agency',
        entityId: id,
        before: before ?? null,
        after: v.data,
      });
    });
    return c.redirect(`/supervise/agencies/${id}/profile`, 303);
  });

  return app;
}

// The authorization table is complete: every route the app answers is either guarded by an action of the policy
// table (src/web/policies.ts) or listed below as public on purpose; every action of the table is used by a route;
// and a guarded route that checks a record's scope names that record in its path. A route added without a guard
// fails here until someone decides, in this list, that it is public. (test/web-authz.test.ts checks the outcome of
// each role on each console route and that console routes carry a guard; this checks the table against the app.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUARD } from '../src/web/middleware/authorize.ts';
import { type Action, POLICIES } from '../src/web/policies.ts';
import { openWebTest, type WebTest } from './support/web.ts';

/** Public on purpose, each with why. Anything else must be guarded. */
const PUBLIC: Readonly<Record<string, string>> = {
  'GET /health': 'liveness probe: answers {ok:true}, nothing else',
  'GET /static/style.css': 'the stylesheet',
  'GET /': 'portal front page',
  'GET /apply': 'the application form (《条例》第二十九条: anyone may apply)',
  'POST /apply': 'submitting an application: anonymous by law, rate-limited, CSRF double-submit',
  'GET /apply/receipt/:code':
    'the receipt of an application, by its unguessable code; shows nothing personal',
  'GET /track': 'tracking by code; shows nothing personal',
  'GET /reports': 'published annual reports (主动公开)',
  'GET /reports/:id': 'one published annual report',
  'GET /reports/:id/docx': 'its DOCX',
  'GET /reports/:id/pdf': 'its PDF (official layout)',
  'GET /reports/:id/original': 'a collected report’s file as the agency published it',
  'GET /reports/:id/json': 'its data',
  'GET /reports/:id/charts/:chart': 'its charts',
  'GET /catalogue': '主动公开 catalogue',
  'GET /open-data': 'the open-data page: dataset downloads of the public years and what each column means',
  'GET /login': 'the login form',
  'POST /login': 'signing in: rate-limited, CSRF double-submit',
  'POST /logout': 'signing out ends only the caller’s own session (CSRF-protected)',
  'GET /static/charts.js': 'the charts’ SVG/PNG download script',
  'GET /api/v1/openapi.json': 'the open-data API’s description',
  'GET /api/v1/reports': 'published annual reports as data (rate-limited, no personal data)',
  'GET /api/v1/reports/:id': 'one published report as data',
  'GET /api/v1/datasets/:file': 'a year’s published reports as CSV / JSON Lines',
  'GET /track/:code/letters/:file{[0-9]+\\.(docx|pdf)}':
    'the letters of a case to the holder of its unguessable 查询码 (≥ 80 random bits)',
  'GET /track/:code/files/:id{[0-9]+}': 'documents released to the holder of the 查询码',
  'GET /catalogue/matters/:id': 'a matter of the 主动公开 catalogue with its published items',
  'GET /catalogue/items/:id': 'a published 主动公开 item (drafts answer 404)',
  'GET /catalogue/items/:id/attachments/:aid': 'an attachment of a published item',
};

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

interface RouteInfo {
  readonly key: string;
  readonly path: string;
  readonly actions: Action[];
}

function routeTable(): RouteInfo[] {
  const byKey = new Map<string, RouteInfo>();
  for (const r of t.app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const info = byKey.get(key) ?? { key, path: r.path, actions: [] };
    const action = (r.handler as unknown as Record<symbol, Action | undefined>)[GUARD];
    if (action) info.actions.push(action);
    byKey.set(key, info);
  }
  return [...byKey.values()];
}

describe('the policy table against the app’s routes', () => {
  it('every route is guarded or public on purpose', () => {
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(50);
    const unaccounted = routes.filter((r) => !r.actions.length && !(r.key in PUBLIC)).map((r) => r.key);
    expect(unaccounted).toEqual([]);
  });

  it('no public route is also guarded, and every listed public route exists', () => {
    const routes = new Map(routeTable().map((r) => [r.key, r]));
    for (const key of Object.keys(PUBLIC)) {
      expect(routes.has(key), `${key} listed as public but the app has no such route`).toBe(true);
      expect(routes.get(key)!.actions, key).toEqual([]);
    }
  });

  it('each guarded route runs exactly one guard, with an action of the table', () => {
    for (const r of routeTable().filter((x) => x.actions.length)) {
      expect(r.actions, r.key).toHaveLength(1);
      expect(Object.keys(POLICIES), r.key).toContain(r.actions[0]);
    }
  });

  it('every action of the table guards at least one route', () => {
    const used = new Set(routeTable().flatMap((r) => r.actions));
    expect(Object.keys(POLICIES).filter((a) => !used.has(a as Action))).toEqual([]);
  });

  it('a guard that checks a record’s scope sits on a route whose path names that record', () => {
    for (const r of routeTable())
      for (const a of r.actions) {
        const p = POLICIES[a] as { resource?: { param: string } };
        if (p.resource) expect(r.path, `${r.key} (${a})`).toContain(`:${p.resource.param}`);
      }
  });

  it('public routes stay out of the consoles', () => {
    for (const key of Object.keys(PUBLIC))
      expect(key.split(' ')[1], key).not.toMatch(/^\/(staff|supervise|admin|account)(\/|$)/);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/query.ts';
import { createApp } from '../src/web/app.tsx';
import { DEFAULT_WEB_OPTIONS } from '../src/web/deps.ts';
import { loopbackServers, openWebTest, type WebTest } from './support/web.ts';

const N = 200;
const TOKEN = 'load-test-csrf-token-0123456789';

let t: WebTest;
const { listen, closeAll } = loopbackServers();

beforeAll(async () => {
  t = await openWebTest({ applyLimit: { max: 10 * N, windowMs: 60_000 } });
});
afterAll(async () => {
  closeAll();
  await t?.close();
});

function application(i: number, marker: string): string {
  return new URLSearchParams({
    agencyId: String(t.agency.A),
    applicantType: 'naturalPerson',
    name: `申请人${i}`,
    idNumber: '11010519491231002X',
    phone: '13812345678',
    email: '',
    address: '测试区测试路1号',
    description: `${marker}${String(i).padStart(4, '0')}`,
    formWanted: 'electronic',
    deliveryWanted: 'online',
    // Each submission's own one-time form token, as the form gives it.
    formToken: `load-${marker.length}-${String(i).padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`,
    _csrf: TOKEN,
  }).toString();
}

async function burst(
  base: string,
  marker: string,
): Promise<{ status: number; location: string; ms: number }[]> {
  return Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const t0 = performance.now();
      const r = await fetch(`${base}/apply`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `gk_csrf=${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: application(i, marker),
      });
      await r.arrayBuffer();
      return { status: r.status, location: r.headers.get('location') ?? '', ms: performance.now() - t0 };
    }),
  );
}

const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

describe(`${N} simultaneous applications`, () => {
  it('are all stored exactly once, with unique tracking codes, a received event and an audit row each', async () => {
    const base = await listen(t.app.fetch);
    const t0 = performance.now();
    const results = await burst(base, '负载测试-');
    const wall = performance.now() - t0;
    const ms = results.map((r) => r.ms);
    console.log(
      `load-apply (${t.handle.kind}): ${N} submissions in ${(wall / 1000).toFixed(1)} s, ` +
        `p50 ${percentile(ms, 0.5).toFixed(0)} ms, p99 ${percentile(ms, 0.99).toFixed(0)} ms`,
    );

    expect(results.map((r) => r.status)).toEqual(Array(N).fill(303));
    const codes = results.map((r) => decodeURIComponent(r.location.replace('/apply/receipt/', '')));
    expect(new Set(codes).size).toBe(N);

    const db = t.handle.db;
    const stored = await queryRows<{ code: string; description: string; events: number; received: number }>(
      db,
      sql`select c.tracking_code as code, c.description,
            (select count(*)::int from case_events e where e.case_id = c.id) as events,
            (select count(*)::int from case_events e where e.case_id = c.id and e.type = 'received') as received
          from cases c where c.description like '负载测试-%'`,
    );
    expect(stored).toHaveLength(N);
    expect(new Set(stored.map((s) => s.description)).size).toBe(N);
    expect(new Set(stored.map((s) => s.code))).toEqual(new Set(codes));
    expect(stored.filter((s) => Number(s.events) !== 1 || Number(s.received) !== 1)).toEqual([]);

    const audited = await queryRows<{ entity_id: string; n: number }>(
      db,
      sql`select entity_id, count(*)::int as n from audit_log
          where action = 'case.intake' and entity_id in (select code from cases where description like '负载测试-%')
          group by entity_id`,
    );
    expect(audited).toHaveLength(N);
    expect(audited.every((a) => Number(a.n) === 1)).toBe(true);

    // Each receipt answers with its own case.
    const receipt = await fetch(`${base}${results[N - 1]!.location}`);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain(codes[N - 1]!);
  });

  it('with the default limit, the same burst from one address stores exactly the allowed 20', async () => {
    const app = createApp({ ...t.deps, options: { ...DEFAULT_WEB_OPTIONS } });
    const base = await listen(app.fetch);
    const results = await burst(base, '限流测试-');
    const statuses = results.map((r) => r.status);
    const allowed = DEFAULT_WEB_OPTIONS.applyLimit.max;
    expect(statuses.filter((s) => s === 303)).toHaveLength(allowed);
    expect(statuses.filter((s) => s === 429)).toHaveLength(N - allowed);
    const [row] = await queryRows<{ n: number }>(
      t.handle.db,
      sql`select count(*)::int as n from cases where description like '限流测试-%'`,
    );
    expect(Number(row!.n)).toBe(allowed);
  });
});

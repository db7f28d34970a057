import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebTest, type WebTest } from './support/web.ts';

let t: WebTest;
beforeAll(async () => {
  t = await openWebTest();
});
afterAll(async () => t?.close());

describe('smoke', () => {
  it('home', async () => {
    const r = await t.request('/');
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toMatch(/^<!doctype html>/);
    expect(body).toContain('申请政府信息公开');
    console.log(r.headers.get('content-security-policy'));
  });
  it('health', async () => {
    const r = await t.request('/health');
    expect(await r.json()).toEqual({ ok: true });
  });
  it('staff redirects anonymous', async () => {
    const r = await t.request('/staff');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/login?next=%2Fstaff');
  });
  it('supervise board', async () => {
    const r = await t.request('/supervise', { as: 'supervisor' });
    const body = await r.text();
    expect(r.status, body).toBe(200);
  });
});

// `gongkai user …` and `gongkai agency …` as an operator runs them at night: a new user with a one-time password,
// the list, a reset, a deactivation that ends the user's sessions at once, roles; the agency tree renamed and
// moved — each audited with the CLI's actor, each refusal a Chinese message and a non-zero exit.
// On a PGlite data folder, or on PostgreSQL when DATABASE_URL is set (one fresh database for the file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/handle.ts';
import { openDatabase } from '../src/db/open.ts';
import { queryRows } from '../src/db/query.ts';
import { authenticate } from '../src/web/auth/accounts.ts';
import { createSession, lookupSession } from '../src/web/auth/sessions.ts';
import { runCli } from './support/cli.ts';

const T = 300_000;
let dir: string;
let env: Record<string, string | undefined>;
let pgDrop: (() => Promise<void>) | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-admin-cli-'));
  env = { ...process.env, GONGKAI_DATA: dir, USER: 'operator', DATABASE_URL: undefined };
  if (process.env.DATABASE_URL) {
    // A database of its own on the server, so the CLI's `db:migrate` starts from nothing.
    const { default: pg } = await import('pg');
    const name = `gongkai_admin_cli_${process.pid}`;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.query(`create database "${name}"`);
    await c.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    pgDrop = async () => {
      const d = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await d.connect();
      await d.query(`drop database if exists "${name}" with (force)`);
      await d.end();
    };
  }
  expect((await runCli(['db:migrate'], env)).code).toBe(0);
  const add = await runCli(
    [
      'agency',
      'add',
      'dhq',
      '--name',
      '本级人民政府（请在管理页修改名称）',
      '--level',
      'region',
      '--kind',
      'localGovernment',
    ],
    env,
  );
  expect(add.stderr).toBe('');
  expect(add.code).toBe(0);
}, T);
afterAll(async () => {
  await pgDrop?.();
  rmSync(dir, { recursive: true, force: true });
});

/** Open the database between commands (PGlite: one process at a time, so always closed before the next). */
async function withDb<T>(body: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const h = await openDatabase({ env, cwd: process.cwd() });
  try {
    return await body(h);
  } finally {
    await h.close();
  }
}

const TIMES = () => ({ now: new Date(), idleMs: 3_600_000, maxMs: 36_000_000 });

describe('gongkai agency', () => {
  it(
    'adds agencies, renames the root, moves an agency, refuses a cycle',
    async () => {
      for (const args of [
        [
          'agency',
          'add',
          'dhq-zfb',
          '--name',
          '区政府办公室',
          '--level',
          'agency',
          '--kind',
          'department',
          '--parent',
          'dhq',
        ],
        [
          'agency',
          'add',
          'dhq-pgz',
          '--name',
          '平安街道办事处',
          '--level',
          'agency',
          '--kind',
          'township',
          '--parent',
          'dhq',
        ],
        [
          'agency',
          'add',
          'dhq-pgz-dzb',
          '--name',
          '平安街道党政办公室',
          '--level',
          'department',
          '--kind',
          'other',
          '--parent',
          'dhq-pgz',
          '--no-applications',
        ],
      ]) {
        const r = await runCli(args, env);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
      const rename = await runCli(['agency', 'rename', 'dhq', '东湖区人民政府'], env);
      expect(rename.code).toBe(0);
      expect(rename.stdout).toContain('已将“本级人民政府（请在管理页修改名称）”改名为“东湖区人民政府”');
      const cycle = await runCli(['agency', 'move', 'dhq-pgz', '--parent', 'dhq-pgz-dzb'], env);
      expect(cycle.code).toBe(2);
      expect(cycle.stderr).toContain('不能把 平安街道办事处 移到它自己或它的下级');
      const move = await runCli(['agency', 'move', 'dhq-pgz-dzb', '--parent', 'dhq-zfb'], env);
      expect(move.code).toBe(0);
      expect(move.stdout).toContain('已将 平安街道党政办公室 移到 区政府办公室 之下');
      const unknown = await runCli(['agency', 'rename', 'nope', '某机关'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('机关 nope 不存在');
      const list = await runCli(['agency', 'list'], env);
      expect(list.stdout).toContain('东湖区人民政府（dhq');
      expect(list.stdout).toMatch(/ {4}平安街道党政办公室（dhq-pgz-dzb，内设机构，其他，不受理申请）/);
      const audit = await withDb((h) =>
        queryRows<{ actor: string; action: string }>(
          h.db,
          sql`select actor, action from audit_log where entity = 'agency' and action in ('agency.rename', 'agency.move')`,
        ),
      );
      expect(audit).toEqual([
        { actor: 'cli:operator', action: 'agency.rename' },
        { actor: 'cli:operator', action: 'agency.move' },
      ]);
    },
    T,
  );
});

describe('gongkai user', () => {
  let password = '';
  it(
    'adds a user and prints the one-time password once; refuses bad input in Chinese',
    async () => {
      const r = await runCli(
        ['user', 'add', 'wang.fang', '--name', '王芳', '--agency', 'dhq-pgz', '--role', 'officer,approver'],
        env,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      password = /一次性密码：(\S+)/.exec(r.stdout)![1]!;
      expect(password).toHaveLength(16);
      expect(await withDb((h) => authenticate(h.db, 'wang.fang', password))).not.toBeNull();
      const dup = await runCli(
        ['user', 'add', 'wang.fang', '--name', '王芳', '--agency', 'dhq-pgz', '--role', 'officer'],
        env,
      );
      expect(dup.code).toBe(3);
      expect(dup.stderr).toContain('用户名 wang.fang 已被使用');
      const badRole = await runCli(
        ['user', 'add', 'zhao', '--name', '赵', '--agency', 'dhq', '--role', 'boss'],
        env,
      );
      expect(badRole.code).toBe(2);
      expect(badRole.stderr).toContain('未知角色：boss');
      const noAgency = await runCli(
        ['user', 'add', 'zhao', '--name', '赵', '--agency', 'nope', '--role', 'officer'],
        env,
      );
      expect(noAgency.code).toBe(2);
      expect(noAgency.stderr).toContain('机关 nope 不存在');
      const admin = await runCli(
        ['user', 'add', 'ops', '--name', '运维', '--agency', 'dhq', '--role', 'administrator'],
        env,
      );
      expect(admin.code).toBe(0);
    },
    T,
  );

  it(
    'lists users with agency, roles, state and sessions',
    async () => {
      const r = await runCli(['user', 'list'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /wang\.fang\t王芳\t平安街道办事处（dhq-pgz）\t承办人、审批人（工作机构负责人）\t启用\t会话 0/,
      );
      const json = JSON.parse((await runCli(['user', 'list', '--json'], env)).stdout) as {
        username: string;
      }[];
      expect(json.map((u) => u.username)).toEqual(['wang.fang', 'ops']);
    },
    T,
  );

  it(
    'sets roles and shows them',
    async () => {
      const set = await runCli(
        ['user', 'roles', 'wang.fang', '--role', 'officer', '--role', 'reviewer'],
        env,
      );
      expect(set.code).toBe(0);
      expect(set.stdout).toContain('已将 wang.fang 的角色设为：承办人、保密审查');
      const show = await runCli(['user', 'roles', 'wang.fang'], env);
      expect(show.stdout).toContain('wang.fang（王芳）的角色：承办人、保密审查');
      const last = await runCli(['user', 'roles', 'ops', '--role', 'officer'], env);
      expect(last.code).toBe(3);
      expect(last.stderr).toContain('没有可用的系统管理员');
    },
    T,
  );

  it(
    'reset-password issues a new one-time password and ends every session',
    async () => {
      const token = await withDb(async (h) => {
        const id = (await authenticate(h.db, 'wang.fang', password))!;
        return (await createSession(h.db, id, TIMES())).token;
      });
      const r = await runCli(['user', 'reset-password', 'wang.fang'], env);
      expect(r.code).toBe(0);
      const fresh = /一次性密码：(\S+)/.exec(r.stdout)![1]!;
      expect(fresh).not.toBe(password);
      await withDb(async (h) => {
        expect(await lookupSession(h.db, token, TIMES())).toBeNull();
        expect(await authenticate(h.db, 'wang.fang', password)).toBeNull();
        expect(await authenticate(h.db, 'wang.fang', fresh)).not.toBeNull();
      });
      password = fresh;
    },
    T,
  );

  it(
    'deactivate ends the user’s sessions at once and refuses their login; the audit log says who did it',
    async () => {
      const tokens = await withDb(async (h) => {
        const id = (await authenticate(h.db, 'wang.fang', password))!;
        const a = await createSession(h.db, id, TIMES());
        const b = await createSession(h.db, id, TIMES());
        expect(await lookupSession(h.db, a.token, TIMES())).not.toBeNull();
        return [a.token, b.token];
      });
      const r = await runCli(['user', 'deactivate', 'wang.fang', '--as', 'night.operator'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('已停用 wang.fang：不能再登录，已结束 2 个会话');
      await withDb(async (h) => {
        for (const t of tokens) expect(await lookupSession(h.db, t, TIMES())).toBeNull();
        expect(await authenticate(h.db, 'wang.fang', password)).toBeNull();
        const [n] = await queryRows<{ n: number }>(
          h.db,
          sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.username = 'wang.fang'`,
        );
        expect(Number(n!.n)).toBe(0);
        const [row] = await queryRows<{ actor: string; after: { sessionsEnded: number } }>(
          h.db,
          sql`select actor, after from audit_log where action = 'user.deactivate'`,
        );
        expect(row!.actor).toBe('user:night.operator');
        expect(row!.after.sessionsEnded).toBe(2);
      });
      expect((await runCli(['user', 'list'], env)).stdout).toMatch(/wang\.fang\t.*\t已停用\t会话 0/);
      const reset = await runCli(['user', 'reset-password', 'wang.fang'], env);
      expect(reset.code).toBe(3);
      expect(reset.stderr).toContain('已停用');
      const lastAdmin = await runCli(['user', 'deactivate', 'ops'], env);
      expect(lastAdmin.code).toBe(3);
      expect(lastAdmin.stderr).toContain('没有可用的系统管理员');
      const nobody = await runCli(['user', 'deactivate', 'nobody'], env);
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain('用户 nobody 不存在');
    },
    T,
  );
});

describe('gongkai config check', () => {
  it(
    'says what is set and what is missing, and fails on a bad proxy setting',
    async () => {
      const ok = await runCli(['config', 'check'], {
        ...env,
        GONGKAI_TRUSTED_PROXIES: '127.0.0.1',
        GONGKAI_UPLOAD_MAX_MB: '50',
      });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('✓ 数据库');
      expect(ok.stdout).toContain('结构已是最新');
      expect(ok.stdout).toContain('✓ 反向代理：信任来自 127.0.0.1');
      expect(ok.stdout).toContain('client_max_body_size 应设为 51m');
      expect(ok.stdout).toContain('！ HTTPS：未启用 GONGKAI_SECURE_COOKIES');
      const bad = await runCli(['config', 'check'], { ...env, GONGKAI_TRUSTED_PROXIES: '127.0.0.1,nginx' });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('✗ 网站设置：GONGKAI_TRUSTED_PROXIES：受信任代理地址“nginx”无效');
      const unreachable = await runCli(['config', 'check'], {
        ...env,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stdout).toContain('✗ 数据库：无法连接 PostgreSQL');
    },
    T,
  );
});

// A web app on a fresh, migrated PGlite database with a small agency tree and one user per role, for route tests.
//
//   region R ─┬─ agency A (own) ── department A1
//             └─ agency B (other, in R's subtree)
//   region S ─── agency C (outside R's subtree)
//
// Users: officer / reviewer / approver at A, supervisor at R, supervisor at S (supervisorS), administrator at R.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { loadCalendar, seedCalendarIfEmpty } from '../../src/cases/calendar.ts';
import { intakeCase } from '../../src/cases/intake.ts';
import type { DatabaseHandle } from '../../src/db/handle.ts';
import { agencies } from '../../src/db/schema/agencies.ts';
import { users } from '../../src/db/schema/users.ts';
import type { Role } from '../../src/db/schema/vocabulary.ts';
import { openTestDatabase } from '../../src/db/testing.ts';
import { ReadingPipeline } from '../../src/reading/pipeline.ts';
import { createApp } from '../../src/web/app.tsx';
import { audit } from '../../src/web/audit.ts';
import { hashPassword } from '../../src/web/auth/passwords.ts';
import { createSession } from '../../src/web/auth/sessions.ts';
import { DEFAULT_WEB_OPTIONS, type WebDeps, type WebOptions } from '../../src/web/deps.ts';
import { csrfTokenOf } from '../../src/web/middleware/csrf.ts';
import { StoredFiles } from '../../src/web/reports/stored-files.ts';
import { collectFile } from '../../src/web/reports/upload.ts';
import { UploadQueue } from '../../src/web/reports/upload-queue.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TODAY = '2024-03-15';

export type Who = 'officer' | 'reviewer' | 'approver' | 'supervisor' | 'supervisorS' | 'administrator';
const PEOPLE: Record<Who, { agency: 'R' | 'A' | 'S'; roles: Role[] }> = {
  officer: { agency: 'A', roles: ['officer'] },
  reviewer: { agency: 'A', roles: ['reviewer'] },
  approver: { agency: 'A', roles: ['approver'] },
  supervisor: { agency: 'R', roles: ['supervisor'] },
  supervisorS: { agency: 'S', roles: ['supervisor'] },
  administrator: { agency: 'R', roles: ['administrator'] },
};

export interface WebTest {
  readonly handle: DatabaseHandle;
  readonly app: ReturnType<typeof createApp>;
  readonly deps: WebDeps;
  readonly agency: Record<'R' | 'A' | 'A1' | 'B' | 'S' | 'C', number>;
  readonly userId: Record<Who, number>;
  /** A fresh session of `who`: the cookie header and the CSRF token of its forms. */
  session(who: Who): Promise<{ cookie: string; csrf: string }>;
  /** A request as `who` (or anonymous); form bodies get the CSRF token added unless `csrf: false`. */
  request(
    path: string,
    init?: {
      as?: Who | null;
      method?: string;
      form?: Record<string, string | string[]>;
      csrf?: boolean;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  /** Wait until the background upload queue has read every queued file. */
  uploadsDone(): Promise<void>;
  /** Move the test clock (sessions expire, rate-limit windows pass). */
  setNow(at: Date): void;
  close(): Promise<void>;
}

export async function openWebTest(options: Partial<WebOptions> = {}): Promise<WebTest> {
  const handle = await openTestDatabase();
  await seedCalendarIfEmpty(handle.db, { actor: 'test' });
  const db = handle.db;
  const add = async (code: string, name: string, parentId: number | null, level: string, kind: string) => {
    const [r] = await db
      .insert(agencies)
      .values({ code, name, parentId, level, kind })
      .returning({ id: agencies.id });
    return r!.id;
  };
  const R = await add('r', '测试区人民政府', null, 'region', 'localGovernment');
  const A = await add('a', '测试区甲镇人民政府', R, 'agency', 'township');
  const A1 = await add('a1', '甲镇党政办公室', A, 'department', 'other');
  const B = await add('b', '测试区乙街道办事处', R, 'agency', 'township');
  const S = await add('s', '另一区人民政府', null, 'region', 'localGovernment');
  const C = await add('c', '另一区丙镇人民政府', S, 'agency', 'township');
  const agency = { R, A, A1, B, S, C };
  const hash = await hashPassword(TEST_PASSWORD);
  const userId = {} as Record<Who, number>;
  for (const [who, p] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
    const [u] = await db
      .insert(users)
      .values({
        agencyId: agency[p.agency],
        username: who,
        displayName: who,
        passwordHash: hash,
        roles: p.roles,
      })
      .returning({ id: users.id });
    userId[who] = u!.id;
    await audit(db, { actor: 'test', action: 'user.password.changed', entity: 'user', entityId: u!.id });
  }
  let now = new Date(`${TODAY}T02:00:00Z`);
  const webOptions = { ...DEFAULT_WEB_OPTIONS, ...options };
  // Uploads are read in the background as under `serve`: one worker of the file's own.
  const pipeline = new ReadingPipeline({ provenance: false });
  // Uploaded bytes go to a folder of the test's own, removed on close.
  const filesDir = mkdtempSync(join(tmpdir(), 'gongkai-web-files-'));
  const files = new StoredFiles(filesDir);
  const uploads = new UploadQueue({ db, pipeline, files, maxFileBytes: webOptions.upload.maxFileBytes });
  const deps: WebDeps = {
    handle,
    calendar: (agencyId) => loadCalendar(db, agencyId ?? null),
    now: () => now,
    today: () => TODAY,
    options: webOptions,
    uploads,
    files,
    pipeline,
  };
  const app = createApp(deps);
  const times = () => ({
    now: deps.now(),
    idleMs: deps.options.sessionIdleMs,
    maxMs: deps.options.sessionMaxMs,
  });
  const sessions = new Map<Who, { cookie: string; csrf: string }>();
  const session = async (who: Who) => {
    const { token, session: s } = await createSession(db, userId[who], times());
    return { cookie: `gk_session=${token}`, csrf: csrfTokenOf(s.csrfSecret) };
  };
  const anon = { cookie: 'gk_csrf=anonymous-test-token-0123456789', csrf: 'anonymous-test-token-0123456789' };
  return {
    handle,
    app,
    deps,
    agency,
    userId,
    session,
    async request(path, init = {}) {
      const who = init.as ?? null;
      let s = anon;
      if (who) {
        if (!sessions.has(who)) sessions.set(who, await session(who));
        s = sessions.get(who)!;
      }
      const headers: Record<string, string> = { cookie: s.cookie, ...(init.headers ?? {}) };
      let body: string | undefined;
      if (init.form) {
        const p = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form))
          for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
        if (init.csrf !== false) p.append('_csrf', s.csrf);
        body = p.toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      return app.request(path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body });
    },
    setNow(at) {
      now = at;
    },
    async uploadsDone() {
      await uploads.idle();
    },
    async close() {
      await uploads.close();
      await pipeline.close();
      await handle.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/**
 * A user who can sign in with TEST_PASSWORD (the password's change is in the audit log, as the policy on first
 * sign-in requires). For the tests that add people of their own beside the fixture's.
 */
export async function addUser(
  db: DatabaseHandle['db'],
  u: { username: string; displayName: string; agencyId: number; roles: readonly Role[]; password?: string },
): Promise<number> {
  const [row] = await db
    .insert(users)
    .values({
      username: u.username,
      displayName: u.displayName,
      agencyId: u.agencyId,
      roles: [...u.roles],
      passwordHash: await hashPassword(u.password ?? TEST_PASSWORD),
    })
    .returning({ id: users.id });
  await audit(db, { actor: 'test', action: 'user.password.changed', entity: 'user', entityId: row!.id });
  return row!.id;
}

/** An applicant as the intake form and the apply form take it (a natural person, paper by post). */
export const PERSON = {
  applicantType: 'naturalPerson',
  name: '王小明',
  idNumber: '11010519491231002X',
  phone: '13812345678',
  email: '',
  address: '北京市大兴区某路1号',
  formWanted: 'paper',
  deliveryWanted: 'post',
} as const;

/** The staff intake form of PERSON's application at agency A: what a test varies is the channel, day and request. */
export function intakeForm(
  t: WebTest,
  o: { channel: string; receivedOn: string; description: string },
): Record<string, string> {
  return {
    ...PERSON,
    agencyId: String(t.agency.A),
    channel: o.channel,
    arrivedOn: '',
    receivedOn: o.receivedOn,
    confirmation: '',
    description: o.description,
  };
}

/** The code of the case a successful intake redirects to. */
export const caseCodeOf = (r: Response): string =>
  decodeURIComponent(/\/staff\/cases\/([^?]+)/.exec(r.headers.get('location')!)![1]!);

/**
 * A case received in person from a natural person (测试, with ID and phone, so masking can be checked), registered
 * directly as the CLI would, not through a request: at `agency` (default A), on `receivedOn` (default 2024-03-01).
 */
export function intakeTestCase(
  t: WebTest,
  o: { agency?: number; receivedOn?: string; description?: string; today?: string } = {},
): ReturnType<typeof intakeCase> {
  return intakeCase(
    t.handle.db,
    {
      agency: o.agency ?? t.agency.A,
      applicant: {
        type: 'naturalPerson',
        name: '测试',
        idNumber: '11010519491231002X',
        phone: '13812345678',
      },
      channel: 'inPerson',
      receivedOn: o.receivedOn ?? '2024-03-01',
      description: o.description ?? '测试信息',
    },
    { actor: 'test', ...(o.today ? { today: o.today } : {}) },
  );
}

/**
 * A real crawled page (../shared/corpus/crawled/<name>.txt) collected for agency B, as a supervisor's upload stores
 * it: its report id. pt-lyy-2024 prints 表二's 规范性文件 row as the glued run "7030" (three uncertain cells).
 */
export async function collectCrawledPage(t: WebTest, name = 'pt-lyy-2024'): Promise<number> {
  const r = await collectFile(
    t.handle.db,
    {
      name: `${name}.txt`,
      bytes: readFileSync(new URL(`../../../shared/corpus/crawled/${name}.txt`, import.meta.url)),
    },
    { maxFileBytes: 1 << 22, actor: 'test', agencyId: t.agency.B },
  );
  return r.reportId!;
}

export async function auditActions(handle: DatabaseHandle): Promise<string[]> {
  const res = (await handle.db.execute(sql`select action from audit_log order by id`)) as unknown as {
    rows: { action: string }[];
  };
  return res.rows.map((r) => r.action);
}

/**
 * The section templates of a report's editor page as a form to post back: each textarea's text unescaped, the default
 * templates' 【请填写…】 prompts (which the agency must replace before publishing) answered "无。".
 */
export function templateForm(html: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const m of html.matchAll(/<textarea id="sec-(\w+)" name="(template\.\w+)"[^>]*>([^<]*)<\/textarea>/g))
    form[m[2]!] = m[3]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/【[^】]*】/g, '无。');
  return form;
}

/**
 * A test file's loopback servers, on the adapter `gongkai serve` uses: `listen(fetch)` serves on a free port and
 * gives the address; `closeAll()`, in afterAll, closes every one.
 */
export function loopbackServers(): {
  listen(fetch: (r: Request, env: unknown) => Response | Promise<Response>): Promise<string>;
  closeAll(): void;
} {
  const servers: { close(): void }[] = [];
  return {
    listen: (fetch) =>
      new Promise((resolve) => {
        const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
          resolve(`http://127.0.0.1:${info.port}`),
        );
        servers.push(s);
      }),
    closeAll: () => {
      for (const s of servers) s.close();
    },
  };
}

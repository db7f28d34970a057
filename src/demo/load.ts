// Demo data: a 区 with a few 街道/镇 and its 政府办公室, the five real seed reports (../shared/seeds, read with the
// report parser like any upload) as their published reports, demo staff accounts, and a year of sample cases put
// through the case use cases. Loading twice adds nothing the first load already added.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/handle.ts';
import { agencies } from '../db/schema/agencies.ts';
import { users } from '../db/schema/users.ts';
import type { AgencyKind, AgencyLevel, Role } from '../db/schema/vocabulary.ts';
import type { CalendarData } from '../domain/calendar/index.ts';
import { addMatter } from '../publishing/catalogue.ts';
import { PublishingError } from '../publishing/errors.ts';
import type { ReadingPipeline } from '../reading/pipeline.ts';
import { audit } from '../web/audit.ts';
import { createUser } from '../web/auth/accounts.ts';
import type { StoredFiles } from '../web/reports/stored-files.ts';
import { collectFile, type UploadResult } from '../web/reports/upload.ts';
import { loadDemoCases } from './cases.ts';
import { loadDemoPublishing } from './publishing.ts';

export const DEFAULT_SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds', import.meta.url));

interface DemoAgency {
  readonly code: string;
  readonly name: string;
  readonly parent: string | null;
  readonly level: AgencyLevel;
  readonly kind: AgencyKind;
  /** The seed report (file name prefix) published by this agency, and the day it was published. */
  readonly seed?: { readonly prefix: string; readonly publishedOn: string };
}

/** The demo 区. The seed reports come from several Beijing districts; here they stand for one 区's units. */
export const DEMO_AGENCIES: readonly DemoAgency[] = [
  { code: 'demo', name: '演示区人民政府', parent: null, level: 'region', kind: 'localGovernment' },
  {
    code: 'demo-zfb',
    name: '北京市大兴区人民政府政府办公室',
    parent: 'demo',
    level: 'agency',
    kind: 'department',
    seed: { prefix: '004_', publishedOn: '2022-01-28' },
  },
  {
    code: 'demo-pgz',
    name: '北京市大兴区庞各庄镇人民政府',
    parent: 'demo',
    level: 'agency',
    kind: 'township',
    seed: { prefix: '000_', publishedOn: '2024-01-19' },
  },
  {
    code: 'demo-pgz-dzb',
    name: '庞各庄镇党政办公室',
    parent: 'demo-pgz',
    level: 'department',
    kind: 'other',
  },
  {
    code: 'demo-by',
    name: '北京市通州区人民政府北苑街道办事处',
    parent: 'demo',
    level: 'agency',
    kind: 'township',
    seed: { prefix: '001_', publishedOn: '2024-02-06' },
  },
  {
    code: 'demo-gd',
    name: '郭店镇',
    parent: 'demo',
    level: 'agency',
    kind: 'township',
    seed: { prefix: '002_', publishedOn: '2024-01-26' },
  },
  {
    code: 'demo-tst',
    name: '北京市密云区太师屯镇',
    parent: 'demo',
    level: 'agency',
    kind: 'township',
    seed: { prefix: '003_', publishedOn: '2020-01-21' },
  },
];

/**
 * Demo accounts: the 庞各庄镇 staff and the 区's supervisor. Passwords are one-time, returned to print once. Two
 * officers: the author of a 主动公开 draft may not pass its own 审核 (four-eyes, review-chain.ts), so 周核稿 does
 * the 审核 of what 张承办 drafts and an item can be walked draft → 审核 → 保密审查 → 审批 → 发布 with demo users.
 */
export const DEMO_USERS: readonly { username: string; displayName: string; agency: string; roles: Role[] }[] =
  [
    { username: 'demo-officer', displayName: '张承办', agency: 'demo-pgz', roles: ['officer'] },
    { username: 'demo-officer2', displayName: '周核稿', agency: 'demo-pgz', roles: ['officer'] },
    { username: 'demo-reviewer', displayName: '王审查', agency: 'demo-pgz', roles: ['reviewer'] },
    { username: 'demo-approver', displayName: '李主任', agency: 'demo-pgz', roles: ['approver'] },
    { username: 'demo-supervisor', displayName: '赵监督', agency: 'demo', roles: ['supervisor'] },
  ];

const DEMO_MATTERS = [
  {
    domain: '财政信息',
    name: '财政预决算',
    content: '镇级财政预算、决算及报表，“三公”经费预决算情况',
    basis: '《中华人民共和国预算法》第十四条；《中华人民共和国政府信息公开条例》第二十条',
    timeLimit: '经本级人民代表大会批准后20日内',
    subject: '北京市大兴区庞各庄镇人民政府',
    channels: ['政府网站', '政务公开栏'],
  },
  {
    domain: '社会救助',
    name: '最低生活保障',
    content: '低保申请条件、办理程序、保障标准，低保对象名单（隐去个人敏感信息）',
    basis: '《社会救助暂行办法》；《中华人民共和国政府信息公开条例》第二十条',
    timeLimit: '信息形成或变更之日起20个工作日内',
    subject: '北京市大兴区庞各庄镇人民政府',
    channels: ['政府网站', '村务公开栏'],
  },
  {
    domain: '规划建设',
    name: '镇村规划',
    content: '镇总体规划、村庄规划及其调整的草案公示和批准结果',
    basis: '《中华人民共和国城乡规划法》第八条、第二十六条；《中华人民共和国政府信息公开条例》第二十条',
    timeLimit: '信息形成或变更之日起20个工作日内',
    subject: '北京市大兴区庞各庄镇人民政府',
    channels: ['政府网站', '政务公开栏'],
  },
  {
    domain: '重大建设项目',
    name: '农村道路建设项目',
    content: '项目批准服务信息、招标投标信息、施工有关信息和竣工验收信息',
    basis: '《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》',
    timeLimit: '信息形成或变更之日起20个工作日内',
    subject: '北京市大兴区庞各庄镇人民政府',
    channels: ['政府网站'],
  },
] as const;

export interface DemoResult {
  readonly agencies: number;
  readonly reports: readonly UploadResult[];
  readonly users: readonly {
    username: string;
    displayName: string;
    roles: readonly Role[];
    password: string;
  }[];
  readonly cases: number;
  /** Why the sample cases were not loaded, when they were not. */
  readonly casesSkipped?: string;
  /** The folder of sample reports, when it was not found (a clone without `../shared`). */
  readonly seedsMissing?: string;
}

export interface DemoOptions {
  readonly actor: string;
  readonly today: string;
  readonly calendar: CalendarData;
  readonly seedsDir?: string;
  /** Create the demo accounts (default true). */
  readonly users?: boolean;
  /** The reading pipeline of the caller (the server's one, so that `serve --demo` starts no second set of
   *  workers); without it, the process's shared pipeline. */
  readonly pipeline?: ReadingPipeline;
  /** Where the source of a scanned report is kept for the crop view (the server's StoredFiles). */
  readonly files?: StoredFiles;
}

export async function loadDemo(handle: DatabaseHandle, opts: DemoOptions): Promise<DemoResult> {
  const db = handle.db;
  const ids = new Map<string, number>();
  let created = 0;
  for (const a of DEMO_AGENCIES) {
    const [have] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, a.code));
    if (have) {
      ids.set(a.code, have.id);
      continue;
    }
    const parentId = a.parent ? (ids.get(a.parent) ?? null) : null;
    const id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(agencies)
        .values({ code: a.code, name: a.name, parentId, level: a.level, kind: a.kind })
        .returning({ id: agencies.id });
      await audit(tx, {
        actor: opts.actor,
        action: 'agency.create',
        entity: 'agency',
        entityId: row!.id,
        after: { ...a, parentId, demo: true },
      });
      return row!.id;
    });
    ids.set(a.code, id);
    created++;
  }

  // The five sample reports are real published reports kept beside the project (../shared/seeds), not in it;
  // GONGKAI_DEMO_SEEDS names another folder of text reports.
  const dir = opts.seedsDir ?? DEFAULT_SEEDS_DIR;
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .sort()
    : [];
  const reports: UploadResult[] = [];
  for (const a of DEMO_AGENCIES) {
    if (!a.seed) continue;
    const f = files.find((x) => x.startsWith(a.seed!.prefix));
    if (!f) continue;
    reports.push(
      await collectFile(
        db,
        { name: basename(f), bytes: readFileSync(join(dir, f)) },
        {
          maxFileBytes: 20 * 1024 * 1024,
          actor: opts.actor,
          origin: 'demo',
          agencyId: ids.get(a.code)!,
          publishedOn: a.seed.publishedOn,
          ...(opts.pipeline ? { pipeline: opts.pipeline } : {}),
          ...(opts.files ? { files: opts.files } : {}),
        },
      ),
    );
  }

  const issued: { username: string; displayName: string; roles: readonly Role[]; password: string }[] = [];
  if (opts.users !== false)
    for (const u of DEMO_USERS) {
      const [have] = await db.select({ id: users.id }).from(users).where(eq(users.username, u.username));
      if (have) continue;
      const { password } = await createUser(
        db,
        { username: u.username, displayName: u.displayName, agencyId: ids.get(u.agency)!, roles: u.roles },
        opts.actor,
      );
      issued.push({ username: u.username, displayName: u.displayName, roles: u.roles, password });
    }

  // A few matters of the 庞各庄镇 catalogue (政务公开标准目录), for the portal's 主动公开目录.
  for (const m of DEMO_MATTERS) {
    try {
      await addMatter(
        db,
        { ...m, channels: [...m.channels], agency: ids.get('demo-pgz')!, mode: 'proactive' },
        { actor: opts.actor },
      );
    } catch (e) {
      if (!(e instanceof PublishingError && e.code === 'CONFLICT')) throw e;
    }
  }

  await loadDemoPublishing(handle, {
    agencyId: ids.get('demo-pgz')!,
    today: opts.today,
    calendar: opts.calendar,
  });

  const cases = await loadDemoCases(handle, {
    agencyId: ids.get('demo-pgz')!,
    actor: opts.actor,
    today: opts.today,
    calendar: opts.calendar,
  });
  return {
    agencies: created,
    reports,
    users: issued,
    ...cases,
    ...(existsSync(dir) ? {} : { seedsMissing: dir }),
  };
}

// `gongkai agency …`: the agency tree from the command line — the same use cases as the administration page
// (src/admin), audited the same way.

import { sql } from 'drizzle-orm';
import {
  addAgency,
  LEVEL_NAMES,
  moveAgency,
  renameAgency,
  setReceivesApplications,
} from '../../admin/index.ts';
import { queryRows } from '../../db/query.ts';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  AGENCY_LEVELS,
  type AgencyKind,
  type AgencyLevel,
} from '../../db/schema/vocabulary.ts';
import { subcommandOf, withAdminSession } from '../admin-session.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

const USAGE = `用法：gongkai agency <子命令> [参数]

管理机关树（与网页“系统管理”相同的操作，写入审计日志）。
数据库由 DATABASE_URL（PostgreSQL）或 GONGKAI_DATA（内嵌数据库目录，默认 ./data）指定。
通用选项：--as <用户名>（审计日志记录的操作人）

子命令：
  add <代码> --name <名称> --level region|agency|department --kind <类型> [--parent <上级代码>] [--no-applications]
        类型：${AGENCY_KINDS.map((k) => `${k}（${AGENCY_KIND_LABELS[k]}）`).join(' / ')}
        --no-applications：内设机构（如党政办公室）不以自己名义受理申请，登记申请时不能选作受理机关
  rename <代码> <新名称>
  move <代码> --parent <新上级代码> | --top
  receives <代码> yes|no              是否以自己名义受理政府信息公开申请（《条例》第二十七条）
  list                                 机关树`;

export const command: Command = {
  name: 'agency',
  summary: '管理机关：新增、改名、调整上级、是否受理申请',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { positionals, options } = parseArgs(
      rest,
      {
        as: { type: 'string' },
        name: { type: 'string' },
        level: { type: 'string' },
        kind: { type: 'string' },
        parent: { type: 'string' },
        top: { type: 'boolean' },
        'no-applications': { type: 'boolean' },
      },
      `agency ${sub ?? ''}`.trim(),
    );
    subcommandOf('agency', sub, ['add', 'rename', 'move', 'receives', 'list']);
    const as = typeof options.as === 'string' ? options.as : undefined;
    return withAdminSession(io, as, async ({ handle, actor }) => {
      const db = handle.db;
      const code = () => {
        if (!positionals[0]) throw new CliError(`agency ${sub}：请指定机关代码`);
        return positionals[0];
      };
      switch (sub) {
        case 'add': {
          if (positionals.length !== 1) throw new CliError('agency add：请指定一个机关代码');
          if (typeof options.name !== 'string') throw new CliError('agency add：请用 --name 指定名称');
          const level = options.level ?? 'agency';
          const kind = options.kind;
          if (typeof kind !== 'string')
            throw new CliError(`agency add：请用 --kind 指定类型（${AGENCY_KINDS.join(' / ')}）`);
          if (!AGENCY_LEVELS.includes(level as AgencyLevel))
            throw new CliError(
              `agency add：--level 应为 ${AGENCY_LEVELS.join(' / ')}，收到 “${String(level)}”`,
            );
          const a = await addAgency(
            db,
            {
              code: code(),
              name: options.name,
              level: level as AgencyLevel,
              kind: kind as AgencyKind,
              parent: typeof options.parent === 'string' ? options.parent : null,
              receivesApplications: !options['no-applications'],
            },
            actor,
          );
          io.stdout(`已新增${LEVEL_NAMES[a.level] ?? ''} ${a.name}（代码 ${a.code}）。\n`);
          return 0;
        }
        case 'rename': {
          if (positionals.length !== 2)
            throw new CliError('agency rename：用法 agency rename <代码> <新名称>');
          const [c, name] = positionals as [string, string];
          const before = (
            await queryRows<{ name: string }>(db, sql`select name from agencies where code = ${c}`)
          )[0];
          const r = await renameAgency(db, c, name, actor);
          io.stdout(
            r.changed
              ? `已将“${before?.name}”改名为“${r.agency.name}”。\n`
              : `名称未变：${r.agency.name}。\n`,
          );
          return 0;
        }
        case 'move': {
          if (positionals.length !== 1) throw new CliError('agency move：请指定一个机关代码');
          if (options.top && typeof options.parent === 'string')
            throw new CliError('agency move：--parent 与 --top 只能选一个');
          if (!options.top && typeof options.parent !== 'string')
            throw new CliError('agency move：请用 --parent <新上级代码> 指定新上级，或用 --top 移到最上层');
          const r = await moveAgency(db, code(), options.top ? null : (options.parent as string), actor);
          io.stdout(
            r.changed
              ? `已将 ${r.agency.name} 移到${r.parent ? ` ${r.parent.name} 之下` : '最上层'}。\n`
              : `上级未变：${r.agency.name}。\n`,
          );
          return 0;
        }
        case 'receives': {
          const v = positionals[1];
          if (positionals.length !== 2 || !['yes', 'no'].includes(v!))
            throw new CliError('agency receives：用法 agency receives <代码> yes|no');
          const r = await setReceivesApplications(db, code(), v === 'yes', actor);
          io.stdout(
            `${r.agency.name}${r.agency.receivesApplications ? '以自己名义受理申请' : '不以自己名义受理申请（登记时不能选作受理机关）'}${r.changed ? '' : '（未变）'}。\n`,
          );
          return 0;
        }
        default: {
          const rows = await queryRows<{
            name: string;
            code: string;
            level: string;
            kind: string;
            receives: boolean;
            depth: number;
          }>(
            db,
            sql`with recursive t(id, depth, path) as (
                    select id, 0, array[name] from agencies where parent_id is null
                    union all select a.id, t.depth + 1, t.path || a.name from agencies a join t on a.parent_id = t.id)
                  select a.name, a.code, a.level, a.kind, a.receives_applications as receives, t.depth
                  from t join agencies a on a.id = t.id order by t.path`,
          );
          for (const r of rows)
            io.stdout(
              `${'  '.repeat(r.depth)}${r.name}（${r.code}，${LEVEL_NAMES[r.level] ?? r.level}，${AGENCY_KIND_LABELS[r.kind as AgencyKind] ?? r.kind}${r.receives ? '' : '，不受理申请'}）\n`,
            );
          return 0;
        }
      }
    });
  },
};

// `gongkai user …`: the operator's user management from the command line — the same use cases as the
// administration page (src/admin), audited the same way (actor `cli:<os user>` or `--as <用户名>`).
import {
  addUser,
  deactivateUser,
  findUser,
  listUsers,
  reactivateUser,
  resetUserPassword,
  updateUser,
} from '../../admin/index.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../db/schema/vocabulary.ts';
import { subcommandOf, withAdminSession } from '../admin-session.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';

const USAGE = `用法：gongkai user <子命令> [参数]

管理用户账号（与网页“系统管理”相同的操作，写入审计日志）。
数据库由 DATABASE_URL（PostgreSQL）或 GONGKAI_DATA（内嵌数据库目录，默认 ./data）指定。
通用选项：--as <用户名>（审计日志记录的操作人，默认 cli:<系统用户名>）

子命令：
  add <用户名> --name <姓名> --agency <机关代码> --role <角色> [--role <角色> …]
        新建用户并打印一次性密码（只显示这一次；首次登录时必须修改）
  list [--json]                       列出用户：机关、角色、是否停用、当前会话数
  reset-password <用户名>             生成新的一次性密码，并立即结束该用户的所有会话
  deactivate <用户名>                 停用账号：不能再登录，已登录的会话立即失效
  activate <用户名>                   重新启用已停用的账号
  roles <用户名> [--role <角色> …]    不带 --role 时显示角色；带 --role 时把角色设为所列各项

角色：${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join('、')}
多个角色可以重复 --role，也可以用逗号分隔，如 --role officer,approver。`;

function rolesOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list
    .flatMap((x) => String(x).split(/[,，、]/))
    .map((x) => x.trim())
    .filter(Boolean);
}

const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r] ?? r).join('、');

export const command: Command = {
  name: 'user',
  summary: '管理用户：新建、列出、重置密码、停用、设置角色',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const { positionals, options } = parseArgs(
      rest,
      {
        as: { type: 'string' },
        name: { type: 'string' },
        agency: { type: 'string' },
        role: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      `user ${sub ?? ''}`.trim(),
    );
    const as = typeof options.as === 'string' ? options.as : undefined;
    const target = () => {
      const u = positionals[0];
      if (!u || positionals.length > 1) throw new CliError(`user ${sub}：请指定一个用户名`);
      return u;
    };
    subcommandOf('user', sub, ['add', 'list', 'reset-password', 'deactivate', 'activate', 'roles']);
    return withAdminSession(io, as, async ({ handle, actor }) => {
      const db = handle.db;
      switch (sub) {
        case 'add': {
          const username = target();
          if (typeof options.name !== 'string') throw new CliError('user add：请用 --name 指定姓名');
          if (typeof options.agency !== 'string') throw new CliError('user add：请用 --agency 指定机关代码');
          const roles = rolesOf(options.role);
          if (!roles.length) throw new CliError('user add：请用 --role 指定至少一个角色');
          const r = await addUser(
            db,
            { username, displayName: options.name, agency: options.agency, roles },
            actor,
          );
          io.stdout(
            [
              `已创建用户 ${r.username}（${options.name}）。`,
              `一次性密码：${r.password}`,
              '（只显示这一次，请当面或通过安全渠道交给本人；首次登录时必须修改。）',
              '',
            ].join('\n'),
          );
          return 0;
        }
        case 'list': {
          const list = await listUsers(db);
          if (options.json) {
            io.stdout(`${JSON.stringify(list, null, 2)}\n`);
            return 0;
          }
          if (!list.length) {
            io.stdout('（没有用户）\n');
            return 0;
          }
          for (const u of list)
            io.stdout(
              `${u.username}\t${u.displayName}\t${u.agencyName}（${u.agencyCode}）\t${rolesText(u.roles)}\t` +
                `${u.active ? '启用' : '已停用'}\t会话 ${u.sessions}\n`,
            );
          return 0;
        }
        case 'reset-password': {
          const r = await resetUserPassword(db, target(), actor);
          io.stdout(
            [
              `已重置 ${r.username} 的密码，其所有会话已结束。`,
              `一次性密码：${r.password}`,
              '（只显示这一次；首次登录时必须修改。）',
              '',
            ].join('\n'),
          );
          return 0;
        }
        case 'deactivate': {
          const r = await deactivateUser(db, target(), actor);
          io.stdout(`已停用 ${r.username}：不能再登录，已结束 ${r.sessionsEnded} 个会话。\n`);
          return 0;
        }
        case 'activate': {
          const r = await reactivateUser(db, target(), actor);
          io.stdout(
            `已启用 ${r.username}。如密码可能已泄露，请再执行 gongkai user reset-password ${r.username}。\n`,
          );
          return 0;
        }
        default: {
          const username = target();
          const roles = rolesOf(options.role);
          if (roles.length) {
            const r = await updateUser(db, username, { roles }, actor);
            const u = await findUser(db, username);
            io.stdout(
              r.changed
                ? `已将 ${r.username} 的角色设为：${rolesText(u.roles)}。\n`
                : `${r.username} 的角色未变：${rolesText(u.roles)}。\n`,
            );
          } else {
            const u = await findUser(db, username);
            io.stdout(
              `${u.username}（${u.displayName}）的角色：${rolesText(u.roles)}${u.active ? '' : '（账号已停用）'}\n`,
            );
          }
          return 0;
        }
      }
    });
  },
};

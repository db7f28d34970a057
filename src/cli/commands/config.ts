// `gongkai config check`: is this machine ready to run Gongkai? Database reachable and migrated, data folder
// writable, LibreOffice (PDF output) and OCR present or not, the HTTPS and proxy settings and the upload limit
// nginx must agree with — each line says what is missing and how to fix it. Exit 1 when something required fails.
// `gongkai config report-deadlines`: show or set the annual report deadlines of 乡镇、街道 and other bodies (a local
// rule; 《条例》第四十九条 fixes the others), the same use case as /admin/report-deadlines.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  readonly item: string;
  readonly status: Status;
  readonly detail: string;
}

const MARK: Record<Status, string> = { ok: '✓', warn: '！', fail: '✗' };

function run(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((r) =>
    execFile(cmd, args, { timeout: 10_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      r(err ? null : `${stdout}${stderr}`),
    ),
  );
}

export const command: Command = {
  name: 'config',
  summary: '检查运行环境；查看或设置年度报告截止日期（乡镇、街道等的地方规定）',
  usage: `用法：gongkai config check [--secure-cookies] [--trust-proxy] [--json]
      gongkai config report-deadlines [--township MM-DD] [--subdistrict MM-DD|同乡镇] [--other MM-DD]
                                      [--last-day-included yes|no]
                                      [--source <文件名称、文号>] [--as <用户名>] [--json]

检查本机能否运行 Gongkai，并说明缺少什么、怎样补上：
  数据库        DATABASE_URL 指定的 PostgreSQL 能否连接、结构是否最新；未设置时检查内嵌数据库（GONGKAI_DATA）
  数据目录      GONGKAI_DATA（默认 ./data）是否可写
  LibreOffice   生成 PDF（年度报告、答复书）所需；缺少时只是不能导出 PDF
  OCR           tesseract 与简体中文语言包，识别扫描件所需；缺少时扫描件需人工录入
  HTTPS 与代理  GONGKAI_SECURE_COOKIES、GONGKAI_TRUSTED_PROXIES、上传上限与 nginx client_max_body_size
--secure-cookies、--trust-proxy 与 gongkai serve 的同名选项含义相同，用于检查带这些选项启动时的设置。
有必需项不满足时退出码为 1。部署方法见 docs/deploy.md。

config report-deadlines：年度报告截止日期。部门1月31日前、县级以上地方人民政府本级3月31日前由《条例》第四十九条
规定，不能修改；乡镇人民政府（--township）、街道办事处（--subdistrict）和其他机关（--other）按地方规定，默认
1月31日前。街道未单独设置时与乡镇相同；名称含“街道”的机关（如“××街道办事处”）按街道的截止日期。
不带选项时显示现行规则；带选项时修改（记入审计日志），未给出的项保持不变。
  --township、--other       截止月日，如 01-20 或“1月20日”（报告年度的次年）
  --subdistrict            街道的截止月日；“同乡镇”（或 township）恢复为与乡镇相同
  --last-day-included      yes：截止当日发布算按时（默认）；no：算逾期
  --source                 地方规定的文件名称、文号；截止日期不是1月31日时必须填写
监督工作台、gongkai status、截止提醒和各项导出都按此规则判断是否按时。`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'report-deadlines') return reportDeadlines(rest, io);
    if (sub !== 'check')
      throw new CliError(
        sub
          ? `config：未知子命令 ${sub}（可选：check、report-deadlines）`
          : 'config：请指定子命令 check 或 report-deadlines',
      );
    const { options } = parseArgs(
      rest,
      {
        'secure-cookies': { type: 'boolean' },
        'trust-proxy': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      'config check',
    );
    const env = io.env;
    const checks: Check[] = [];
    const add = (item: string, status: Status, detail: string) => checks.push({ item, status, detail });

    // Database.
    const { openDatabase } = await import('../../db/open.ts');
    const { appliedMigrations, shippedMigrations } = await import('../../db/migrate.ts');
    const { DataDirLockedError } = await import('../../db/errors.ts');
    const pg = Boolean(env.DATABASE_URL);
    const dir = resolve(io.cwd, env.GONGKAI_DATA ?? './data');
    const { PGLITE_SUBDIR } = await import('../../db/open.ts');
    if (!pg && !existsSync(join(dir, PGLITE_SUBDIR)))
      add(
        '数据库',
        'warn',
        `内嵌数据库 ${dir} 尚未创建（首次运行 gongkai serve 或 gongkai db:migrate 时创建）`,
      );
    else
      try {
        const handle = await openDatabase({ env, cwd: io.cwd });
        try {
          const applied = await appliedMigrations(handle);
          const shipped = shippedMigrations();
          const where = pg ? `PostgreSQL ${handle.location}` : `内嵌数据库 ${handle.location}`;
          if (applied >= shipped) add('数据库', 'ok', `${where}：可连接，结构已是最新（${shipped} 个迁移）`);
          else
            add(
              '数据库',
              pg ? 'fail' : 'warn',
              `${where}：可连接，但有 ${shipped - applied} 个迁移尚未执行` +
                (pg ? '：请先备份，再运行 gongkai db:migrate' : '（gongkai serve 启动时会自动执行）'),
            );
        } finally {
          await handle.close();
        }
      } catch (e) {
        if (e instanceof DataDirLockedError)
          add(
            '数据库',
            'ok',
            `内嵌数据库 ${e.dir} 正由进程 ${e.pid} 使用（gongkai serve 正在运行？），未再打开检查`,
          );
        else
          add(
            '数据库',
            'fail',
            `${e instanceof Error ? e.message : String(e)}` +
              (pg
                ? '；请检查 DATABASE_URL、PostgreSQL 是否运行、用户名与密码（docs/deploy.md “PostgreSQL”）'
                : ''),
          );
      }
    if (!pg)
      add(
        '数据库类型',
        'warn',
        '未设置 DATABASE_URL，使用内嵌数据库（PGlite）：适合单机试用；正式运行请改用 PostgreSQL（docs/deploy.md）',
      );

    // Data folder.
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, `.gongkai-write-test-${process.pid}`);
      writeFileSync(probe, 'ok');
      rmSync(probe);
      add('数据目录', 'ok', `${dir} 可写`);
    } catch (e) {
      add(
        '数据目录',
        pg ? 'warn' : 'fail',
        `${dir} 不可写（${(e as NodeJS.ErrnoException).code ?? String(e)}）：请设置 GONGKAI_DATA 为运行用户可写的目录`,
      );
    }

    // LibreOffice and OCR: optional, but say what is lost without them.
    const { findSoffice, SOFFICE_PACKAGE } = await import('../../render/pdf.ts');
    const soffice = await findSoffice(env);
    if (soffice) add('LibreOffice', 'ok', `${soffice}（可生成 PDF）`);
    else
      add(
        'LibreOffice',
        'warn',
        `未找到 soffice：不能生成 PDF（年度报告、答复书仍可导出为 DOCX）。安装：apt-get install -y ${SOFFICE_PACKAGE}，或用 GONGKAI_SOFFICE 指定路径`,
      );
    const langs = await run('tesseract', ['--list-langs']);
    if (langs === null)
      add(
        'OCR',
        'warn',
        '未找到 tesseract：扫描件（图片 PDF）不能识别文字。安装：apt-get install -y tesseract-ocr tesseract-ocr-chi-sim',
      );
    else if (!/^chi_sim$/m.test(langs))
      add('OCR', 'warn', '已安装 tesseract，但缺少简体中文语言包：apt-get install -y tesseract-ocr-chi-sim');
    else add('OCR', 'ok', 'tesseract 与简体中文语言包（chi_sim）已安装');

    // HTTPS, proxy, upload limits.
    const { webOptionsFromEnv, nginxBodySizeMb, SettingError } = await import('../../web/settings.ts');
    try {
      const o = webOptionsFromEnv(env, {
        secureCookies: Boolean(options['secure-cookies']),
        trustProxy: Boolean(options['trust-proxy']),
      });
      if (o.secureCookies)
        add('HTTPS', 'ok', 'Cookie 带 Secure 标记，并发送 HSTS（须经 HTTPS 访问，否则无法登录）');
      else
        add(
          'HTTPS',
          'warn',
          '未启用 GONGKAI_SECURE_COOKIES：经 HTTPS 对外提供服务时请设置 GONGKAI_SECURE_COOKIES=1（Cookie 才带 Secure 标记，并发送 HSTS）',
        );
      const proxies = o.trustedProxies?.list ?? [];
      if (proxies.length)
        add(
          '反向代理',
          'ok',
          `信任来自 ${proxies.join('、')} 的 X-Forwarded-For（访问者地址用于频率限制和审计日志）`,
        );
      else
        add(
          '反向代理',
          'warn',
          '未设置 GONGKAI_TRUSTED_PROXIES：在 nginx 之后运行时，所有访问者都会被记为代理的地址，频率限制会把他们算在一起。请设为代理连接 Gongkai 时的地址，如 127.0.0.1',
        );
      add(
        '上传上限',
        'ok',
        `批量上传一次最多 ${Math.round(o.upload.maxTotalBytes / 1048576)} MB、单个文件 ${Math.round(o.upload.maxFileBytes / 1048576)} MB；` +
          `nginx 的 client_max_body_size 应设为 ${nginxBodySizeMb(o)}m`,
      );
      add(
        '运行指标',
        'ok',
        o.metricsToken
          ? '/metrics：管理员登录后可查看，Prometheus 可用 GONGKAI_METRICS_TOKEN 抓取'
          : '/metrics：管理员登录后可查看（未设置 GONGKAI_METRICS_TOKEN，Prometheus 不能抓取）',
      );
    } catch (e) {
      if (e instanceof SettingError) add('网站设置', 'fail', e.message);
      else throw e;
    }

    if (options.json) io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
    else {
      for (const c of checks) io.stdout(`${MARK[c.status]} ${c.item}：${c.detail}\n`);
      const fails = checks.filter((c) => c.status === 'fail').length;
      const warns = checks.filter((c) => c.status === 'warn').length;
      io.stdout(
        fails
          ? `\n有 ${fails} 项必需条件不满足${warns ? `，${warns} 项提示` : ''}。\n`
          : `\n必需条件均已满足${warns ? `（${warns} 项提示）` : ''}。\n`,
      );
    }
    return checks.some((c) => c.status === 'fail') ? 1 : 0;
  },
};

async function reportDeadlines(args: string[], io: CliIO): Promise<number> {
  const { options: o } = parseArgs(
    args,
    {
      township: { type: 'string' },
      subdistrict: { type: 'string' },
      other: { type: 'string' },
      'last-day-included': { type: 'string' },
      source: { type: 'string' },
      as: { type: 'string' },
      json: { type: 'boolean' },
    },
    'config report-deadlines',
  );
  const { DeadlineSettingsError, loadDeadlineSettings, saveDeadlineSettings } = await import(
    '../../admin/report-deadlines.ts'
  );
  const { deadlineBasis, KIND_LABELS, REPORTING_KINDS_ORDER, SETTINGS_FIELD_LABELS } = await import(
    '../../domain/deadlines/report-deadline.ts'
  );
  const { withAdminSession } = await import('../admin-session.ts');
  const input: Record<string, string> = {};
  for (const [opt, key] of [
    ['township', 'township'],
    ['subdistrict', 'subdistrict'],
    ['other', 'other'],
    ['last-day-included', 'lastDayIncluded'],
    ['source', 'source'],
  ] as const)
    if (typeof o[opt] === 'string') input[key] = o[opt] as string;
  return withAdminSession(io, typeof o.as === 'string' ? o.as : undefined, async ({ handle, actor }) => {
    let changed: boolean | null = null;
    if (Object.keys(input).length)
      try {
        changed = (await saveDeadlineSettings(handle.db, input, actor)).changed;
      } catch (e) {
        if (e instanceof DeadlineSettingsError)
          throw new CliError(
            `config report-deadlines：${Object.entries(e.errors)
              .map(([k, m]) => `${SETTINGS_FIELD_LABELS[k as keyof typeof SETTINGS_FIELD_LABELS]}：${m}`)
              .join('；')}`,
            2,
          );
        throw e;
      }
    const s = await loadDeadlineSettings(handle.db);
    if (o.json) {
      const { updatedAt, ...rest } = s;
      io.stdout(
        `${JSON.stringify({ ...rest, updatedAt: updatedAt?.toISOString() ?? null, changed }, null, 2)}\n`,
      );
      return 0;
    }
    if (changed !== null) io.stdout(changed ? '已保存（记入审计日志）。\n' : '与现行规则相同，未作改变。\n');
    const basis = deadlineBasis(s);
    io.stdout('年度报告截止日期（报告年度的次年）：\n');
    for (const k of REPORTING_KINDS_ORDER) io.stdout(`  ${KIND_LABELS[k]}：${basis[k]}\n`);
    io.stdout(`  截止当日发布：${s.lastDayIncluded ? '按时' : '逾期'}\n`);
    return 0;
  });
}

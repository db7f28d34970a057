// `gongkai publish …`: 主动公开 for scripting and tests — the publishing register with its review chain, the
// catalogue, consultations, work records, the normative-documents register and the 表二 statistics. The same use
// cases the web calls (src/publishing); every change is audited.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { STATE_LABELS } from '../../domain/publishing/index.ts';
import { fieldDef } from '../../domain/report/layout.ts';
import { NORM_KIND_LABELS, type NormKind } from '../../domain/report-builder/table2.ts';
import { getAgency } from '../../publishing/agencies.ts';
import { addAttachment } from '../../publishing/attachments.ts';
import { addMatter, listMatters, MODE_LABELS, searchCatalogue } from '../../publishing/catalogue.ts';
import {
  columns,
  intArg,
  list,
  need,
  printJson,
  rolesOf,
  str,
  withPublishing,
} from '../../publishing/cli-support.ts';
import {
  addOpinion,
  classifyOpinion,
  getConsultation,
  openConsultation,
  publishFeedback,
} from '../../publishing/consultations.ts';
import {
  createItem,
  getItem,
  type ItemView,
  listItems,
  publishingCounts,
  reviewItem,
} from '../../publishing/items.ts';
import {
  addNormDoc,
  listNormDocs,
  registerTable2,
  repealNormDoc,
} from '../../publishing/normative-documents.ts';
import { getStatistics, importStatistics } from '../../publishing/statistics.ts';
import { addWorkRecord } from '../../publishing/work-records.ts';
import { type OptionSpec, parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';

const USAGE = `用法：gongkai publish <子命令> [参数]

主动公开工作：信息发布登记与审核（工作人员审核 → 保密审查 → 主管领导审批 → 发布）、政务公开标准目录、
公开征集意见、工作记录、规范性文件登记和表二执法统计。
数据库由 DATABASE_URL（PostgreSQL）或 GONGKAI_DATA（内嵌数据库目录，默认 ./data）指定；每项变更写入审计日志。
通用选项：--as <用户名>（操作人）  --role <角色>（officer 工作人员 / reviewer 保密审查 / approver 主管领导 /
administrator 管理员，默认 officer）  --json（输出 JSON）  --amend <理由>（更正已发布年度的数据）

信息发布：
  item add --agency <机关代码> --title <标题> --category <目录栏目> --formed <形成日期>
           [--department <内设机构代码>] [--channel <渠道>]… [--doc-no <文号>] [--matter <目录事项号>]
           [--body <正文>] [--url <网址>]
  item submit|pass|return|publish|withdraw <信息号> [--reason <理由>] [--on <发布日期>] [--url <网址>]
        退回（return）和撤回（withdraw）须写明 --reason；发布日期默认今天
  item show <信息号>             审核记录、发布期限（《条例》第二十六条：形成之日起20个工作日内）
  item list --agency <代码> [--state <状态>] [--category <栏目>] [--year <年>] [--overdue]
  item attach <信息号> <文件>    添加附件（仅草稿；按内容 SHA-256 存入数据库）
  counts --agency <代码> [--year <年>]   按栏目、部门、渠道统计条数和最近更新日期

政务公开标准目录：
  catalogue add --agency <代码> --name <事项名称> --content <公开内容> --basis <公开依据>
                --time-limit <公开时限> --subject <公开主体> --mode 主动|依申请
                [--channel <渠道>]… [--audience <公开对象>] [--domain <领域>] [--category <栏目>]
  catalogue list --agency <代码>
  catalogue search <检索词> [--agency <代码>]

公开征集意见：
  consult open --agency <代码> --title <标题> --from <开始日期> --to <截止日期> [--description <说明>]
  consult opinion <征集号> --on <收到日期> --content <意见> [--category <类别>] [--author <提出人>] [--channel <渠道>]
  consult classify <意见号> --category <类别>
  consult feedback <征集号> --text <反馈内容> --on <发布日期>
  consult show <征集号>

工作记录：
  work add --agency <代码> --on <日期> --kind 培训|政务开放日|监督检查|其他 [--count N] [--participants N] [--note …]

规范性文件登记：
  norm add --agency <代码> --kind 规章|行政规范性文件 --doc-no <文号> --title <标题> --issued <印发日期>
           [--published <公开日期>] [--repealed <废止日期>]
  norm repeal <文件号> --on <废止日期> [--note <说明>]
  norm list --agency <代码>
  norm table --agency <代码> --year <年>   由登记簿生成表二第二十条第（一）项

表二执法统计：
  import-stats <CSV文件> --agency <代码> --year <年>
        每行“字段键,数值”（如 t2.licensing.decisions,120）或中文“项目,列,数值”（如 行政许可,本年处理决定数量,120；
        只有一列的项目可省略列名）；行政事业性收费以万元为单位。任何一行有误则整表不导入，错误指明行号。
  stats --agency <代码> --year <年>

退出码：0 成功；2 输入有误；3 冲突；4 年度已锁定；5 角色无权或状态不符。
`;

const SPEC: Record<string, OptionSpec> = {
  as: { type: 'string' },
  role: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  amend: { type: 'string' },
  agency: { type: 'string' },
  department: { type: 'string' },
  title: { type: 'string' },
  category: { type: 'string' },
  formed: { type: 'string' },
  channel: { type: 'string', multiple: true },
  'doc-no': { type: 'string' },
  matter: { type: 'string' },
  body: { type: 'string' },
  url: { type: 'string' },
  reason: { type: 'string' },
  on: { type: 'string' },
  state: { type: 'string' },
  year: { type: 'string' },
  overdue: { type: 'boolean' },
  name: { type: 'string' },
  content: { type: 'string' },
  basis: { type: 'string' },
  'time-limit': { type: 'string' },
  subject: { type: 'string' },
  mode: { type: 'string' },
  audience: { type: 'string' },
  domain: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  description: { type: 'string' },
  author: { type: 'string' },
  text: { type: 'string' },
  kind: { type: 'string' },
  count: { type: 'string' },
  participants: { type: 'string' },
  note: { type: 'string' },
  issued: { type: 'string' },
  published: { type: 'string' },
  repealed: { type: 'string' },
};

type Opts = Record<string, string | boolean | string[] | undefined>;

const yearOf = (o: Opts, where: string) => intArg(need(o, 'year', where), '--year ', where);

function itemLine(v: ItemView): string[] {
  const t = v.timeliness;
  const flag = t.overdue ? '已超期' : t.late ? '超期发布' : '';
  return [
    String(v.item.id),
    v.stateLabel,
    v.item.formedOn,
    v.item.publishedOn ?? '',
    t.due,
    flag,
    v.item.category,
    v.item.title,
  ];
}

export const command: Command = {
  name: 'publish',
  summary: '主动公开：信息发布与审核、公开目录、征集意见、规范性文件和执法统计',
  usage: USAGE,
  async run(args, io) {
    const { positionals, options: o } = parseArgs(args, SPEC, 'publish');
    const [group, ...rest] = positionals;
    if (!group) throw new CliError('publish：缺少子命令（用 gongkai help publish 查看用法）');
    const session = { as: str(o.as), roles: rolesOf(o.role), amend: str(o.amend) };
    const json = o.json === true;
    return withPublishing(io, session, async ({ db, ctx }) => {
      switch (group) {
        case 'item':
          return item(io, db, ctx, rest, o, json);
        case 'counts': {
          const year = o.year ? yearOf(o, 'publish counts') : undefined;
          const c = await publishingCounts(db, need(o, 'agency', 'publish counts'), year ? { year } : {});
          if (json) printJson(io, c);
          else {
            io.stdout(`共 ${c.total} 条，最近更新 ${c.lastPublishedOn ?? '—'}\n\n按栏目：\n`);
            io.stdout(
              columns([
                ['栏目', '条数', '最近更新'],
                ...c.byColumn.map((r) => [r.name, String(r.count), r.lastPublishedOn ?? '']),
              ]),
            );
            io.stdout('\n按部门：\n');
            io.stdout(
              columns([
                ['部门', '条数', '最近更新'],
                ...c.byDepartment.map((r) => [r.name, String(r.count), r.lastPublishedOn ?? '']),
              ]),
            );
          }
          return 0;
        }
        case 'catalogue':
          return catalogue(io, db, ctx, rest, o, json);
        case 'consult':
          return consult(io, db, ctx, rest, o, json);
        case 'work': {
          if (rest[0] !== 'add') throw new CliError('publish work：子命令应为 add');
          const r = await addWorkRecord(
            db,
            {
              agency: need(o, 'agency', 'publish work add'),
              on: need(o, 'on', 'publish work add'),
              kind: need(o, 'kind', 'publish work add'),
              ...(o.count ? { count: intArg(str(o.count), '--count ', 'publish work add') } : {}),
              ...(o.participants
                ? { participants: intArg(str(o.participants), '--participants ', 'publish work add') }
                : {}),
              note: str(o.note) ?? null,
            },
            ctx,
          );
          if (json) printJson(io, r);
          else io.stdout(`已记录工作记录 ${r.id}\n`);
          return 0;
        }
        case 'norm':
          return norm(io, db, ctx, rest, o, json);
        case 'import-stats': {
          const file = rest[0];
          if (!file) throw new CliError('publish import-stats：请指定 CSV 文件');
          const bytes = await readFile(resolve(io.cwd, file)).catch(() => {
            throw new CliError(`${file}：文件不存在或无法读取`);
          });
          const r = await importStatistics(
            db,
            {
              agency: need(o, 'agency', 'publish import-stats'),
              year: yearOf(o, 'publish import-stats'),
              fileName: basename(file),
              bytes,
            },
            ctx,
          );
          if (json)
            printJson(io, {
              source: r.source.id,
              sha256: r.source.sha256,
              values: r.values,
              replaced: r.replaced,
            });
          else {
            io.stdout(
              `已导入 ${Object.keys(r.values).length} 项（来源 ${r.source.id}，SHA-256 ${r.source.sha256}）：\n`,
            );
            for (const [k, v] of Object.entries(r.values)) io.stdout(`  ${fieldDef(k)?.label ?? k} = ${v}\n`);
          }
          return 0;
        }
        case 'stats': {
          const s = await getStatistics(db, need(o, 'agency', 'publish stats'), yearOf(o, 'publish stats'));
          if (json) printJson(io, s);
          else
            for (const [k, v] of Object.entries(s.values))
              io.stdout(`${fieldDef(k)?.label ?? k} = ${v}  〔${s.sources[k]}〕\n`);
          return 0;
        }
        default:
          throw new CliError(`publish：未知子命令“${group}”（用 gongkai help publish 查看用法）`);
      }
    });
  },
};

type Db = Parameters<Parameters<typeof withPublishing>[2]>[0]['db'];
type Ctx = Parameters<Parameters<typeof withPublishing>[2]>[0]['ctx'];

async function item(io: CliIO, db: Db, ctx: Ctx, rest: string[], o: Opts, json: boolean): Promise<number> {
  const [sub, idText] = rest;
  const where = `publish item ${sub ?? ''}`.trim();
  switch (sub) {
    case 'add': {
      const row = await createItem(
        db,
        {
          agency: need(o, 'agency', where),
          department: str(o.department) ?? null,
          title: need(o, 'title', where),
          category: need(o, 'category', where),
          formedOn: need(o, 'formed', where),
          channels: list(o.channel),
          docNo: str(o['doc-no']) ?? null,
          matterId: o.matter ? intArg(str(o.matter), '--matter ', where) : null,
          body: str(o.body) ?? null,
          url: str(o.url) ?? null,
        },
        ctx,
      );
      if (json) printJson(io, row);
      else io.stdout(`已登记信息 ${row.id}（草稿）：${row.title}\n`);
      return 0;
    }
    case 'submit':
    case 'pass':
    case 'return':
    case 'publish':
    case 'withdraw': {
      const id = intArg(idText, '信息号', where);
      const { item: row, step } = await reviewItem(
        db,
        id,
        {
          action: sub,
          reason: str(o.reason) ?? null,
          ...(o.on ? { publishedOn: str(o.on)! } : {}),
          url: str(o.url) ?? null,
        },
        ctx,
      );
      if (json) printJson(io, { item: row, step });
      else
        io.stdout(
          `信息 ${id}：${STATE_LABELS[step.fromState as keyof typeof STATE_LABELS]} → ${STATE_LABELS[step.toState as keyof typeof STATE_LABELS]}${row.publishedOn && sub === 'publish' ? `（发布日期 ${row.publishedOn}）` : ''}\n`,
        );
      return 0;
    }
    case 'show': {
      const d = await getItem(db, intArg(idText, '信息号', where), ctx);
      if (json) printJson(io, d);
      else {
        io.stdout(
          `${d.item.id} ${d.item.title}\n状态：${d.stateLabel}  栏目：${d.item.category}  部门：${d.department ?? '—'}\n`,
        );
        io.stdout(
          `形成：${d.item.formedOn}  发布期限：${d.timeliness.due}  发布：${d.item.publishedOn ?? '未发布'}${d.timeliness.overdue ? '  【已超期】' : d.timeliness.late ? '  【超期发布】' : ''}\n`,
        );
        if (d.returnedFor) io.stdout(`退回理由：${d.returnedFor}\n`);
        for (const s of d.steps)
          io.stdout(
            `  ${s.at.toISOString().slice(0, 16).replace('T', ' ')}  ${s.actor}（${s.role}）${s.action}${s.reason ? `：${s.reason}` : ''}\n`,
          );
      }
      return 0;
    }
    case 'list': {
      const rows = await listItems(
        db,
        {
          agency: need(o, 'agency', where),
          ...(o.state ? { state: str(o.state) as never } : {}),
          ...(o.category ? { category: str(o.category)! } : {}),
          ...(o.year ? { year: yearOf(o, where) } : {}),
          ...(o.overdue ? { overdue: true } : {}),
          limit: 1000,
        },
        ctx,
      );
      if (json) printJson(io, rows);
      else
        io.stdout(
          columns([['号', '状态', '形成', '发布', '期限', '', '栏目', '标题'], ...rows.map(itemLine)]),
        );
      return 0;
    }
    case 'attach': {
      const file = rest[2];
      if (!file) throw new CliError(`${where}：请指定附件文件`);
      const bytes = await readFile(resolve(io.cwd, file)).catch(() => {
        throw new CliError(`${file}：文件不存在或无法读取`);
      });
      const m = await addAttachment(
        db,
        intArg(idText, '信息号', where),
        { name: basename(file), bytes },
        ctx,
      );
      if (json) printJson(io, m);
      else io.stdout(`已添加附件 ${m.id}：${m.name}（${m.size} 字节，SHA-256 ${m.sha256}）\n`);
      return 0;
    }
    default:
      throw new CliError(
        `publish item：子命令应为 add / submit / pass / return / publish / withdraw / show / list / attach`,
      );
  }
}

async function catalogue(
  io: CliIO,
  db: Db,
  ctx: Ctx,
  rest: string[],
  o: Opts,
  json: boolean,
): Promise<number> {
  const [sub, q] = rest;
  const where = `publish catalogue ${sub ?? ''}`.trim();
  if (sub === 'add') {
    const m = await addMatter(
      db,
      {
        agency: need(o, 'agency', where),
        name: need(o, 'name', where),
        content: need(o, 'content', where),
        basis: need(o, 'basis', where),
        timeLimit: need(o, 'time-limit', where),
        subject: need(o, 'subject', where),
        mode: need(o, 'mode', where),
        channels: list(o.channel),
        ...(o.audience ? { audience: str(o.audience)! } : {}),
        domain: str(o.domain) ?? null,
        category: str(o.category) ?? null,
      },
      ctx,
    );
    if (json) printJson(io, m);
    else io.stdout(`已添加目录事项 ${m.id}：${m.name}\n`);
    return 0;
  }
  if (sub === 'list' || sub === 'search') {
    const rows =
      sub === 'list'
        ? await listMatters(db, need(o, 'agency', where))
        : await searchCatalogue(db, { q: q ?? '', ...(o.agency ? { agency: str(o.agency)! } : {}) });
    if (json) printJson(io, rows);
    else
      io.stdout(
        columns([
          ['号', '机关', '领域', '事项', '公开方式', '时限', '已发布', '最近'],
          ...rows.map((m) => [
            String(m.id),
            m.agencyName,
            m.domain ?? '',
            m.name,
            MODE_LABELS[m.mode as 'proactive'],
            m.timeLimit,
            String(m.items),
            m.lastPublishedOn ?? '',
          ]),
        ]),
      );
    return 0;
  }
  throw new CliError('publish catalogue：子命令应为 add / list / search');
}

async function consult(io: CliIO, db: Db, ctx: Ctx, rest: string[], o: Opts, json: boolean): Promise<number> {
  const [sub, idText] = rest;
  const where = `publish consult ${sub ?? ''}`.trim();
  let out: unknown;
  switch (sub) {
    case 'open':
      out = await openConsultation(
        db,
        {
          agency: need(o, 'agency', where),
          title: need(o, 'title', where),
          opensOn: need(o, 'from', where),
          closesOn: need(o, 'to', where),
          description: str(o.description) ?? null,
        },
        ctx,
      );
      break;
    case 'opinion':
      out = await addOpinion(
        db,
        intArg(idText, '征集号', where),
        {
          receivedOn: need(o, 'on', where),
          content: need(o, 'content', where),
          category: str(o.category) ?? null,
          author: str(o.author) ?? null,
          channel: str(o.channel) ?? null,
        },
        ctx,
      );
      break;
    case 'classify':
      out = await classifyOpinion(db, intArg(idText, '意见号', where), need(o, 'category', where), ctx);
      break;
    case 'feedback':
      out = await publishFeedback(
        db,
        intArg(idText, '征集号', where),
        { feedback: need(o, 'text', where), publishedOn: need(o, 'on', where) },
        ctx,
      );
      break;
    case 'show': {
      const v = await getConsultation(db, intArg(idText, '征集号', where));
      if (json) printJson(io, v);
      else {
        io.stdout(
          `${v.consultation.title}（${v.consultation.opensOn} 至 ${v.consultation.closesOn}）共收到意见 ${v.total} 条\n`,
        );
        for (const c of v.byCategory) io.stdout(`  ${c.name}：${c.count} 条\n`);
        if (v.consultation.feedbackPublishedOn)
          io.stdout(`反馈已于 ${v.consultation.feedbackPublishedOn} 发布\n`);
      }
      return 0;
    }
    default:
      throw new CliError('publish consult：子命令应为 open / opinion / classify / feedback / show');
  }
  if (json) printJson(io, out);
  else io.stdout(`已完成（编号 ${(out as { id: number }).id}）\n`);
  return 0;
}

async function norm(io: CliIO, db: Db, ctx: Ctx, rest: string[], o: Opts, json: boolean): Promise<number> {
  const [sub, idText] = rest;
  const where = `publish norm ${sub ?? ''}`.trim();
  switch (sub) {
    case 'add': {
      const d = await addNormDoc(
        db,
        {
          agency: need(o, 'agency', where),
          kind: need(o, 'kind', where),
          docNo: need(o, 'doc-no', where),
          title: need(o, 'title', where),
          issuedOn: need(o, 'issued', where),
          publishedOn: str(o.published) ?? null,
          repealedOn: str(o.repealed) ?? null,
        },
        ctx,
      );
      if (json) printJson(io, d);
      else io.stdout(`已登记${NORM_KIND_LABELS[d.kind as NormKind]} ${d.id}：${d.docNo} ${d.title}\n`);
      return 0;
    }
    case 'repeal': {
      const d = await repealNormDoc(
        db,
        intArg(idText, '文件号', where),
        { repealedOn: need(o, 'on', where), note: str(o.note) ?? null },
        ctx,
      );
      if (json) printJson(io, d);
      else io.stdout(`${d.docNo} 自 ${d.repealedOn} 废止\n`);
      return 0;
    }
    case 'list': {
      const rows = await listNormDocs(db, need(o, 'agency', where));
      if (json) printJson(io, rows);
      else
        io.stdout(
          columns([
            ['号', '类别', '文号', '印发', '公开', '废止', '标题'],
            ...rows.map((d) => [
              String(d.id),
              NORM_KIND_LABELS[d.kind as NormKind],
              d.docNo,
              d.issuedOn,
              d.publishedOn ?? '',
              d.repealedOn ?? '',
              d.title,
            ]),
          ]),
        );
      return 0;
    }
    case 'table': {
      const a = await getAgency(db, need(o, 'agency', where));
      const t = await registerTable2(db, a.id, yearOf(o, where));
      if (json) printJson(io, t.fields);
      else for (const [k, v] of Object.entries(t.fields)) io.stdout(`${fieldDef(k)?.label ?? k} = ${v}\n`);
      return 0;
    }
    default:
      throw new CliError('publish norm：子命令应为 add / repeal / list / table');
  }
}

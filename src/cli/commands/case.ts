// `gongkai case …`: 依申请公开 case management for scripting and tests — the same use cases the web calls
// (src/cases). Every change is audited; a change in a year whose report is published needs --amend "理由".

import { type AgencyInput, createAgency } from '../../cases/agencies.ts';
import { decideAppeal, fileAppeal, reReply } from '../../cases/appeals.ts';
import { withCaseDatabase } from '../../cases/cli-support.ts';
import { compileYear } from '../../cases/compile.ts';
import type { UseCaseContext } from '../../cases/context.ts';
import * as ev from '../../cases/events.ts';
import { intakeCase } from '../../cases/intake.ts';
import { listCases } from '../../cases/list.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import { showCase } from '../../cases/show.ts';
import { lockYear } from '../../cases/year-lock.ts';
import { agencies } from '../../db/schema/agencies.ts';
import type {
  AppealDefendant,
  AppealKind,
  AppealResult,
  ApplicantType,
  Channel,
  RedoUnit,
} from '../../db/schema/vocabulary.ts';
import { EVENT_LABELS, RECEIPT_CHANNELS } from '../../domain/clock/index.ts';
import type { FormatVersion } from '../../domain/report/layout.ts';
import { toParsedJson } from '../../domain/report/model.ts';
import { type OptionSpec, parseArgs } from '../args.ts';
import { CliError, type CliIO, type Command } from '../io.ts';

const USAGE = `用法：gongkai case <子命令> [参数]

依申请公开案件办理（登记、补正、征求意见、延期、收费、答复、复议诉讼）与年度报告表三、表四的汇总。
数据库由 DATABASE_URL（PostgreSQL）或 GONGKAI_DATA（内嵌数据库目录，默认 ./data）指定。
每项变更写入审计日志；涉及已发布年度（已锁定）的变更须加 --amend "更正理由"。
通用选项：--as <用户名>（审计日志记录的操作人）  --json（输出 JSON）

子命令：
  agency add --code <代码> --name <名称> --level region|agency|department --kind <类型> [--parent <代码>]
        类型：localGovernment（县级以上地方人民政府）/ department（县级以上人民政府部门）/ township（乡镇、街道）/ other
  agency list

  add --agency <代码> --applicant-type <类型> --applicant-name <姓名或名称> --channel <渠道>
      --received <YYYY-MM-DD> --description <所需信息> [--arrived <日期>] [--confirmed-by <确认方式>]
      [--id-number …] [--phone …] [--address …] [--email …] [--form …] [--delivery …] [--code <编号>]
        申请人类型（表三的列）：naturalPerson / commercial / research / nonprofit / legalService / otherOrg
        渠道与收到申请之日（《条例》第三十一条）：
${Object.entries(RECEIPT_CHANNELS)
  .map(([k, v]) => `          ${k.padEnd(15)}${v.label}：${v.rule}`)
  .join('\n')}
        平常信函、互联网、电子邮件、传真须用 --confirmed-by 记录确认方式，--received 填确认之日。

  event <编号> <事项> [--on <日期，默认今天>] [选项]
        correction-request --items <补正事项> [--due <补正期限>]     告知补正（7个工作日内，第三十条）
        correction-receive                                           收到补正（答复期限重新起算）
        consult-start --party thirdParty|otherAgency --consultee <名称> [--ref <编号>]   征求意见（不计入期限）
        consult-end [--ref <编号>] [--opinion agree|object|none]    征求意见结束
        extend --workdays <N≤20> --approver <批准人>  [--reason …]  延长答复期限（第三十三条第二款）
        fee-notice --method pages|applications [--pages N] [--received-on <日期>]   收费通知（国办函〔2020〕109号）
        fee-paid [--amount <元>]                                     缴费
        abandon --reason correction|fee                              视为放弃申请
        withdraw [--outcome <表三结果行>]                             申请人撤回（默认计入（六）其他处理）
        reply --outcome <表三结果行> [--basis <法律依据>] [--on-the-spot]   答复
        note --text <备注>
  show <编号> [--json]                  案件详情（申请人信息脱敏）、办理记录、期限
  list --agency <代码> [--open] [--year N] [--json]
  compile --agency <代码> --year <年份> [--format 2019|2021] [--no-cases] [--json]
        由案件汇总表三、表四（含第六部分信息处理费）；--json 输出与 parse --json 相同的结构，
        provenance 中每个单元格列出其案件编号（--no-cases 不列）。
  appeal <编号> --kind review|litigation.direct|litigation.afterReview --filed <日期>
         [--body <复议机关或法院>] [--review-agency <代码>] [--co-defendant]
         [--defendant original|joint|review] [--copy-received <收到副本之日>]
  appeal-result <记录号> --result upheld|corrected|other --closed <日期>
         [--redo [--decision-received <日期>] [--redo-days N [--redo-unit days|workdays] | --redo-due <日期>]]
         责令重新答复；未写期限的，按收到决定书次日起 20 个工作日（系统默认）
  rereply <编号> --on <日期> --outcome <表三结果行> [--basis <法律依据>] [--note <说明>]
         复议决定或判决责令后的重新答复（表三仍按首次答复统计）
  lock --agency <代码> --year <年份> [--note <已发布的报告>]     年度报告发布后锁定该年度

表三结果行：
${[...OUTCOME_DEFS.values()].map((o) => `  ${o.key.padEnd(36)}${o.label}`).join('\n')}

退出码：0 成功；2 输入有误；3 冲突（已存在、数据目录被占用、数据库未迁移）；4 年度已锁定。
`;

const COMMON: Record<string, OptionSpec> = {
  as: { type: 'string' },
  json: { type: 'boolean' },
  amend: { type: 'string' },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function need(opts: Record<string, unknown>, name: string, sub: string): string {
  const v = str(opts[name]);
  if (v === undefined || v.trim() === '') throw new CliError(`case ${sub}：缺少 --${name}`);
  return v;
}

function intOf(v: string | undefined, name: string, sub: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliError(`case ${sub}：--${name} 应为整数，收到“${v}”`);
  return n;
}

function numOf(v: string | undefined, name: string, sub: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`case ${sub}：--${name} 应为数字，收到“${v}”`);
  return n;
}

const print = (io: CliIO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

function context(actor: string, today: string, amend: string | undefined): UseCaseContext {
  return { actor, today, ...(amend ? { amendment: { reason: amend } } : {}) };
}

// ------------------------------------------------------------------------------------------------ event names

/** CLI names of the events, with the clock's names accepted too. */
const EVENT_ALIASES: Record<string, string> = {
  'correction-request': 'correction-request',
  correctionRequested: 'correction-request',
  'correction-receive': 'correction-receive',
  correctionReceived: 'correction-receive',
  'consult-start': 'consult-start',
  consultationStarted: 'consult-start',
  'consult-end': 'consult-end',
  consultationEnded: 'consult-end',
  extend: 'extend',
  extended: 'extend',
  'fee-notice': 'fee-notice',
  feeNotified: 'fee-notice',
  'fee-paid': 'fee-paid',
  feePaid: 'fee-paid',
  abandon: 'abandon',
  abandoned: 'abandon',
  withdraw: 'withdraw',
  withdrawn: 'withdraw',
  reply: 'reply',
  replied: 'reply',
  note: 'note',
};

const EVENT_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON,
  on: { type: 'string' },
  items: { type: 'string' },
  due: { type: 'string' },
  party: { type: 'string' },
  consultee: { type: 'string' },
  ref: { type: 'string' },
  opinion: { type: 'string' },
  workdays: { type: 'string' },
  approver: { type: 'string' },
  reason: { type: 'string' },
  method: { type: 'string' },
  pages: { type: 'string' },
  'received-on': { type: 'string' },
  amount: { type: 'string' },
  outcome: { type: 'string' },
  basis: { type: 'string' },
  'on-the-spot': { type: 'boolean' },
  text: { type: 'string' },
  note: { type: 'string' },
};

async function runEvent(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(args, EVENT_OPTIONS, 'case event');
  const [code, rawName] = positionals;
  if (!code || !rawName || positionals.length > 2)
    throw new CliError(
      'case event：用法 gongkai case event <编号> <事项> [选项]（gongkai help case 查看事项）',
    );
  const name = EVENT_ALIASES[rawName];
  if (!name)
    throw new CliError(
      `case event：未知事项“${rawName}”（可选：${[...new Set(Object.values(EVENT_ALIASES))].join('、')}）`,
    );
  const sub = `event ${name}`;
  return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
    const db = handle.db;
    const ctx = context(actor, today, str(o.amend));
    const on = str(o.on) ?? today;
    let r: ev.EventOutcome;
    switch (name) {
      case 'correction-request':
        r = await ev.requestCorrection(
          db,
          code,
          { on, items: need(o, 'items', sub), correctionDue: str(o.due) ?? null },
          ctx,
        );
        break;
      case 'correction-receive':
        r = await ev.receiveCorrection(db, code, { on }, ctx);
        break;
      case 'consult-start':
        r = await ev.startConsultation(
          db,
          code,
          {
            on,
            party: need(o, 'party', sub) as 'thirdParty',
            consultee: need(o, 'consultee', sub),
            ref: str(o.ref) ?? null,
          },
          ctx,
        );
        break;
      case 'consult-end':
        r = await ev.endConsultation(
          db,
          code,
          { on, ref: str(o.ref) ?? null, opinion: (str(o.opinion) as 'agree') ?? null },
          ctx,
        );
        break;
      case 'extend':
        r = await ev.extendDeadline(
          db,
          code,
          {
            on,
            workdays: intOf(need(o, 'workdays', sub), 'workdays', sub)!,
            approver: need(o, 'approver', sub),
            reason: str(o.reason) ?? null,
          },
          ctx,
        );
        break;
      case 'fee-notice':
        r = await ev.notifyFee(
          db,
          code,
          {
            on,
            method: need(o, 'method', sub) as 'pages',
            pages: intOf(str(o.pages), 'pages', sub) ?? null,
            receivedOn: str(o['received-on']) ?? null,
          },
          ctx,
        );
        break;
      case 'fee-paid':
        r = await ev.payFee(db, code, { on, amount: numOf(str(o.amount), 'amount', sub) ?? null }, ctx);
        break;
      case 'abandon':
        r = await ev.abandon(db, code, { on, reason: need(o, 'reason', sub) as 'fee' }, ctx);
        break;
      case 'withdraw':
        r = await ev.withdraw(
          db,
          code,
          { on, outcome: str(o.outcome) ?? null, note: str(o.note) ?? null },
          ctx,
        );
        break;
      case 'reply':
        r = await ev.reply(
          db,
          code,
          {
            on,
            outcome: need(o, 'outcome', sub),
            legalBasis: str(o.basis) ?? null,
            onTheSpot: o['on-the-spot'] === true,
            note: str(o.note) ?? null,
          },
          ctx,
        );
        break;
      default:
        r = await ev.addNote(db, code, { on, text: need(o, 'text', sub) }, ctx);
    }
    if (o.json) print(io, { case: r.case, warnings: r.warnings });
    else {
      const c = r.case;
      const state =
        c.status === 'closed'
          ? `已办结（${c.closedOn}，${OUTCOME_DEFS.get(c.outcome ?? '')?.label ?? c.outcome}）`
          : `办理中（${c.status}），答复期限 ${c.dueOn ?? '待定'}${c.dueProvisional ? '（暂定）' : ''}`;
      io.stdout(`${c.code}：${state}\n`);
      for (const w of r.warnings) io.stderr(`注意：${w}\n`);
    }
    return 0;
  });
}

// ------------------------------------------------------------------------------------------------ add, show, list

const ADD_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON,
  agency: { type: 'string' },
  'applicant-type': { type: 'string' },
  'applicant-name': { type: 'string' },
  'id-number': { type: 'string' },
  phone: { type: 'string' },
  address: { type: 'string' },
  email: { type: 'string' },
  channel: { type: 'string' },
  received: { type: 'string' },
  arrived: { type: 'string' },
  'confirmed-by': { type: 'string' },
  description: { type: 'string' },
  form: { type: 'string' },
  delivery: { type: 'string' },
  code: { type: 'string' },
};

async function runAdd(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(args, ADD_OPTIONS, 'case add');
  if (positionals.length) throw new CliError(`case add：多余的参数 ${positionals.join(' ')}`);
  const input = {
    agency: need(o, 'agency', 'add'),
    applicant: {
      type: need(o, 'applicant-type', 'add') as ApplicantType,
      name: need(o, 'applicant-name', 'add'),
      idNumber: str(o['id-number']) ?? null,
      phone: str(o.phone) ?? null,
      address: str(o.address) ?? null,
      email: str(o.email) ?? null,
    },
    channel: need(o, 'channel', 'add') as Channel,
    receivedOn: need(o, 'received', 'add'),
    arrivedOn: str(o.arrived) ?? null,
    confirmation: str(o['confirmed-by']) ?? null,
    description: need(o, 'description', 'add'),
    formWanted: str(o.form) ?? null,
    deliveryWanted: str(o.delivery) ?? null,
    ...(str(o.code) ? { code: str(o.code)! } : {}),
  };
  return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
    const r = await intakeCase(handle.db, input, context(actor, today, str(o.amend)));
    if (o.json) print(io, r);
    else {
      io.stdout(`${r.code}\n`);
      for (const w of r.warnings) io.stderr(`注意：${w}\n`);
    }
    return 0;
  });
}

async function runShow(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(args, COMMON, 'case show');
  const code = positionals[0];
  if (!code || positionals.length > 1) throw new CliError('case show：请指定一个案件编号');
  return withCaseDatabase(io, str(o.as), async ({ handle, today }) => {
    const v = await showCase(handle.db, code, { today });
    if (o.json) {
      print(io, v);
      return 0;
    }
    const c = v.case;
    const lines = [
      `案件 ${c.code}  ${v.agency.name}`,
      `申请人：${v.applicant.name}（${c.applicantType}）${v.applicant.phone ? `  电话 ${v.applicant.phone}` : ''}`,
      `渠道：${RECEIPT_CHANNELS[c.channel as Channel]?.label ?? c.channel}  收到申请之日：${c.receivedOn}`,
      `所需信息：${c.description}`,
      c.status === 'closed'
        ? `状态：已办结 ${c.closedOn}  结果：${v.outcomeLabel}  依据：${c.legalBasis ?? '—'}`
        : `状态：${c.status}  答复期限：${v.clock.dueDate ?? '待定'}${v.clock.provisionalDates.dueDate ? `（暂定，日历缺 ${v.clock.provisionalDates.dueDate.join('、')} 年）` : ''}${v.clock.overdue ? '  【已超期】' : v.clock.dueSoon ? '  【即将到期】' : ''}`,
      `日历版本：${c.calendarVersion ?? '—'}`,
      '办理记录：',
      ...v.events.map(
        (e) =>
          `  ${e.on}  ${EVENT_LABELS[e.type as keyof typeof EVENT_LABELS] ?? e.type}  ${summarize(e.data)}`,
      ),
      ...(v.appeals.length
        ? [
            '复议、诉讼：',
            ...v.appeals.map(
              (a) =>
                `  #${a.id} ${a.kind} ${a.filedOn} ${a.result ? `${a.result} ${a.closedOn}` : '尚未审结'}`,
            ),
          ]
        : []),
      ...v.clock.warnings.map((w) => `注意：${w}`),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  });
}

function summarize(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([k]) => k !== 'lines')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

async function runList(args: string[], io: CliIO): Promise<number> {
  const { options: o } = parseArgs(
    args,
    { ...COMMON, agency: { type: 'string' }, open: { type: 'boolean' }, year: { type: 'string' } },
    'case list',
  );
  const agency = need(o, 'agency', 'list');
  const year = intOf(str(o.year), 'year', 'list');
  return withCaseDatabase(io, str(o.as), async ({ handle, today }) => {
    const rows = await listCases(handle.db, {
      agency,
      open: o.open === true,
      today,
      ...(year ? { year } : {}),
    });
    if (o.json) print(io, rows);
    else
      for (const r of rows)
        io.stdout(
          `${r.code}\t${r.receivedOn}\t${r.status}\t${r.closedOn ?? r.dueOn ?? ''}${r.overdue ? '\t超期' : ''}\t${r.outcome ?? ''}\n`,
        );
    return 0;
  });
}

// ------------------------------------------------------------------------------------------------ compile

async function runCompile(args: string[], io: CliIO): Promise<number> {
  const { options: o } = parseArgs(
    args,
    {
      ...COMMON,
      agency: { type: 'string' },
      year: { type: 'string' },
      format: { type: 'string' },
      'no-cases': { type: 'boolean' },
    },
    'case compile',
  );
  const agency = need(o, 'agency', 'compile');
  const year = intOf(need(o, 'year', 'compile'), 'year', 'compile')!;
  const format = str(o.format);
  if (format !== undefined && format !== '2019' && format !== '2021')
    throw new CliError(`case compile：--format 应为 2019 或 2021，收到“${format}”`);
  return withCaseDatabase(io, str(o.as), async ({ handle }) => {
    const r = await compileYear(handle.db, {
      agency,
      year,
      drillDown: o['no-cases'] !== true,
      ...(format ? { format: format as FormatVersion } : {}),
    });
    if (o.json) {
      print(io, toParsedJson(r.report));
      return 0;
    }
    const f = (k: string) => {
      const c = r.report.cells[k];
      return c?.state === 'number' ? c.value : 0;
    };
    io.stdout(
      [
        `${r.report.title}（表三、表四，由案件汇总）`,
        `一、本年新收 ${f('t3.received.total')}  二、上年结转 ${f('t3.carriedOver.total')}  三（七）总计 ${f('t3.total.total')}  四、结转下年度 ${f('t3.carriedForward.total')}`,
        `行政复议 ${f('t4.review.total')}（尚未审结 ${f('t4.review.pending')}）  行政诉讼 ${f('t4.litigation.direct.total') + f('t4.litigation.afterReview.total')}`,
        r.report.sections.other ?? '',
        '用 --json 查看全部单元格及其案件。',
      ].join('\n') + '\n',
    );
    return 0;
  });
}

// ------------------------------------------------------------------------------------------------ appeals, lock

async function runAppeal(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(
    args,
    {
      ...COMMON,
      kind: { type: 'string' },
      filed: { type: 'string' },
      body: { type: 'string' },
      'review-agency': { type: 'string' },
      'co-defendant': { type: 'boolean' },
      note: { type: 'string' },
      defendant: { type: 'string' },
      'copy-received': { type: 'string' },
    },
    'case appeal',
  );
  const code = positionals[0];
  if (!code || positionals.length > 1) throw new CliError('case appeal：请指定一个案件编号');
  return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
    const a = await fileAppeal(
      handle.db,
      {
        case: code,
        kind: need(o, 'kind', 'appeal') as AppealKind,
        filedOn: need(o, 'filed', 'appeal'),
        body: str(o.body) ?? null,
        reviewAgency: str(o['review-agency']) ?? null,
        coDefendant: o['co-defendant'] === true,
        defendant: (str(o.defendant) ?? null) as AppealDefendant | null,
        copyReceivedOn: str(o['copy-received']) ?? null,
        note: str(o.note) ?? null,
      },
      context(actor, today, str(o.amend)),
    );
    if (o.json) print(io, a);
    else io.stdout(`${a.id}\n`);
    return 0;
  });
}

async function runAppealResult(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(
    args,
    {
      ...COMMON,
      result: { type: 'string' },
      closed: { type: 'string' },
      note: { type: 'string' },
      redo: { type: 'boolean' },
      'decision-received': { type: 'string' },
      'redo-days': { type: 'string' },
      'redo-unit': { type: 'string' },
      'redo-due': { type: 'string' },
    },
    'case appeal-result',
  );
  const id = intOf(positionals[0], 'id', 'appeal-result');
  if (id === undefined || positionals.length > 1)
    throw new CliError('case appeal-result：请指定一个复议/诉讼记录号');
  return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
    const a = await decideAppeal(
      handle.db,
      {
        id,
        result: need(o, 'result', 'appeal-result') as AppealResult,
        closedOn: need(o, 'closed', 'appeal-result'),
        note: str(o.note) ?? null,
        redoOrdered: o.redo === true,
        decisionReceivedOn: str(o['decision-received']) ?? null,
        redoDays: intOf(str(o['redo-days']), 'redo-days', 'appeal-result') ?? null,
        redoUnit: (str(o['redo-unit']) ?? null) as RedoUnit | null,
        redoDueOn: str(o['redo-due']) ?? null,
      },
      context(actor, today, str(o.amend)),
    );
    if (o.json) print(io, a);
    else io.stdout(`#${a.id} ${a.result} ${a.closedOn}\n`);
    return 0;
  });
}

async function runLock(args: string[], io: CliIO): Promise<number> {
  const { options: o } = parseArgs(
    args,
    { ...COMMON, agency: { type: 'string' }, year: { type: 'string' }, note: { type: 'string' } },
    'case lock',
  );
  const agency = need(o, 'agency', 'lock');
  const year = intOf(need(o, 'year', 'lock'), 'year', 'lock')!;
  return withCaseDatabase(io, str(o.as), async ({ handle, actor }) => {
    await handle.db.transaction((tx) => lockYear(tx, { agency, year, note: str(o.note) ?? null }, { actor }));
    io.stdout(`已锁定 ${agency} ${year} 年度\n`);
    return 0;
  });
}

async function runAgency(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { options: o } = parseArgs(rest, COMMON, 'case agency list');
    return withCaseDatabase(io, str(o.as), async ({ handle }) => {
      const rows = await handle.db.select().from(agencies).orderBy(agencies.id);
      if (o.json) print(io, rows);
      else for (const a of rows) io.stdout(`${a.code}\t${a.level}\t${a.kind}\t${a.name}\n`);
      return 0;
    });
  }
  if (sub !== 'add') throw new CliError('case agency：子命令应为 add 或 list');
  const { options: o } = parseArgs(
    rest,
    {
      ...COMMON,
      code: { type: 'string' },
      name: { type: 'string' },
      level: { type: 'string' },
      kind: { type: 'string' },
      parent: { type: 'string' },
    },
    'case agency add',
  );
  const input: AgencyInput = {
    code: need(o, 'code', 'agency add'),
    name: need(o, 'name', 'agency add'),
    level: (str(o.level) ?? 'agency') as AgencyInput['level'],
    kind: need(o, 'kind', 'agency add') as AgencyInput['kind'],
    parent: str(o.parent) ?? null,
  };
  return withCaseDatabase(io, str(o.as), async ({ handle, actor }) => {
    const a = await handle.db.transaction((tx) => createAgency(tx, input, { actor }));
    if (o.json) print(io, a);
    else io.stdout(`${a.code}\n`);
    return 0;
  });
}

async function runReReply(args: string[], io: CliIO): Promise<number> {
  const { positionals, options: o } = parseArgs(
    args,
    {
      ...COMMON,
      on: { type: 'string' },
      outcome: { type: 'string' },
      basis: { type: 'string' },
      note: { type: 'string' },
    },
    'case rereply',
  );
  const code = positionals[0];
  if (!code || positionals.length > 1) throw new CliError('case rereply：请指定一个案件编号');
  return withCaseDatabase(io, str(o.as), async ({ handle, actor, today }) => {
    const a = await reReply(
      handle.db,
      code,
      {
        on: need(o, 'on', 'rereply'),
        outcome: need(o, 'outcome', 'rereply'),
        legalBasis: str(o.basis) ?? null,
        note: str(o.note) ?? null,
      },
      context(actor, today, str(o.amend)),
    );
    if (o.json) print(io, a);
    else io.stdout(`${code} 重新答复 ${a.redoneOn}（期限 ${a.redoDueOn}）\n`);
    return 0;
  });
}

const SUBCOMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  add: runAdd,
  event: runEvent,
  show: runShow,
  list: runList,
  compile: runCompile,
  appeal: runAppeal,
  'appeal-result': runAppealResult,
  rereply: runReReply,
  lock: runLock,
  agency: runAgency,
};

export const command: Command = {
  name: 'case',
  summary: '依申请公开案件：登记、办理事项、答复、复议诉讼，汇总表三表四',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    const run = sub ? SUBCOMMANDS[sub] : undefined;
    if (!run)
      throw new CliError(
        sub
          ? `case：未知子命令“${sub}”（可选：${Object.keys(SUBCOMMANDS).join('、')}）`
          : 'case：缺少子命令（gongkai help case 查看用法）',
      );
    return run(rest, io);
  },
};

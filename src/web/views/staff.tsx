// The staff console: dashboard, case list, intake for every channel, the case page with its timeline and actions,
// and the preview of an action's new deadlines before it is saved.
import type { Child, FC } from 'hono/jsx';
import { DEFAULT_REDO_WORKDAYS } from '../../cases/appeals.ts';
import { APPLICANT_TYPE_LABELS } from '../../cases/applicants.ts';
import type { ExtensionRequestRow, QueueLine } from '../../cases/extension-requests.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import type { CaseRow, EventRow } from '../../cases/timeline.ts';
import type { ClockDateKey, ClockResult } from '../../domain/clock/index.ts';
import { EVENT_LABELS, PARTY_LABELS, RECEIPT_CHANNELS } from '../../domain/clock/index.ts';
import type { CaseAction, FieldSpec } from '../cases/actions.ts';
import { STATUS_LABELS } from '../cases/public-status.ts';
import { type CaseLine, type Dashboard, LIST_STATUSES, type SearchLine } from '../cases/queries.ts';
import { CHANNEL_OPTIONS, INTAKE_LABELS } from '../forms/intake.ts';
import { ApplicantFields, WantedFields } from './apply.tsx';
import {
  Csrf,
  DataTable,
  ErrorSummary,
  Facts,
  type FieldErrors,
  type Frame,
  Pill,
  Radios,
  Select,
  TextArea,
  TextField,
} from './components.tsx';
import { Layout } from './layout.tsx';

const CRUMBS = [['办理工作台', '/staff']] as const;

const STATUS_TONE: Record<string, 'ok' | 'warn' | 'info' | 'muted' | 'bad'> = {
  open: 'info',
  paused: 'warn',
  awaitingCorrection: 'warn',
  awaitingFee: 'warn',
  closed: 'ok',
};

/** A case's status in words, as the list shows it (the CSV and Excel export write the same). */
export const statusLabel = (status: string, overdue = false): string =>
  overdue ? '已逾期' : (STATUS_LABELS[status] ?? status);

export const StatusPill: FC<{ status: string; overdue?: boolean }> = ({ status, overdue }) =>
  overdue ? (
    <Pill tone="bad">已逾期</Pill>
  ) : (
    <Pill tone={STATUS_TONE[status] ?? 'muted'}>{STATUS_LABELS[status] ?? status}</Pill>
  );

export const outcomeLabel = (o: string | null) => (o ? (OUTCOME_DEFS.get(o)?.label ?? o) : '');

export const CaseTable: FC<{ lines: readonly CaseLine[]; today: string; caption?: string }> = ({
  lines,
  today,
  caption,
}) => (
  <DataTable
    rows={lines}
    caption={caption || undefined}
    empty="没有符合条件的申请。"
    columns={['编号', '收到日期', '申请人', '身份证明', '电话', '状态', '答复期限', '结果']}
    row={(l) => (
      <tr>
        <td class="nowrap">
          <a href={`/staff/cases/${encodeURIComponent(l.code)}`}>{l.code}</a>
          {'duplicateOf' in l && l.duplicateOf ? <Pill tone="warn">可能重复</Pill> : null}
        </td>
        <td class="nowrap">{l.receivedOn}</td>
        <td>
          {l.applicant}
          <span class="hint">
            {APPLICANT_TYPE_LABELS[l.applicantType as keyof typeof APPLICANT_TYPE_LABELS]}
          </span>
        </td>
        <td class="nowrap">{l.idNumber}</td>
        <td class="nowrap">{l.phone}</td>
        <td>
          {l.closedOn && l.redoDueOn ? (
            l.redoDueOn < today ? (
              <StatusPill status={l.status} overdue />
            ) : (
              <Pill tone="warn">待重新答复</Pill>
            )
          ) : (
            <StatusPill status={l.status} overdue={!l.closedOn && l.dueOn !== null && l.dueOn < today} />
          )}
        </td>
        <td class="nowrap">
          {l.closedOn ? (l.redoDueOn ? `${l.redoDueOn}（重新答复）` : '—') : (l.dueOn ?? '补正后计算')}
          {!l.closedOn && l.dueOn && 'dueProvisional' in l && l.dueProvisional ? '（暂定）' : ''}
        </td>
        <td>{l.closedOn ? `${l.closedOn} ${outcomeLabel(l.outcome)}` : ''}</td>
      </tr>
    )}
  />
);

/** The dashboard's figures and lists: the same for every user of a scope on a day (cached: cases/page-cache.ts). */
export const DashboardBody: FC<{ d: Dashboard; today: string }> = ({ d, today }) => (
  <>
    <div class="cards">
      <div class="card">
        <h2>{d.year}年新收</h2>
        <div class="stat">{d.receivedThisYear}</div>
      </div>
      <div class="card">
        <h2>{d.year}年办结</h2>
        <div class="stat">{d.concludedThisYear}</div>
      </div>
      <div class="card">
        <h2>办理中</h2>
        <div class="stat">{d.open}</div>
      </div>
      <div class="card">
        <h2>已逾期</h2>
        <div class={`stat${d.overdue.length ? ' bad' : ''}`}>
          {d.overdue.length}
          {d.more.overdue ? '+' : ''}
        </div>
      </div>
      <div class="card">
        <h2>即将到期</h2>
        <div class={`stat${d.dueSoon.length ? ' warn' : ''}`}>
          {d.dueSoon.length}
          {d.more.dueSoon ? '+' : ''}
        </div>
      </div>
    </div>
    <h2>已逾期</h2>
    <CaseTable lines={d.overdue} today={today} />
    <h2>即将到期（3 个工作日内）</h2>
    <CaseTable lines={d.dueSoon} today={today} />
    <h2>等待申请人或第三方</h2>
    <CaseTable lines={d.waiting} today={today} />
    {d.redo.length ? (
      <>
        <h2>待重新答复（复议决定或判决责令）</h2>
        <CaseTable lines={d.redo} today={today} />
      </>
    ) : null}
  </>
);

/** `body`: DashboardBody, rendered (or cached); the actions above it depend on the user's roles. */
export const DashboardPage: FC<Frame & { body: Child; year: number; agencyId: number; notice?: string }> = ({
  user,
  csrf,
  body,
  year,
  agencyId,
  notice,
}) => (
  <Layout title="办理工作台" user={user} csrf={csrf} section="staff" notice={notice}>
    <p class="actions">
      {user?.roles.includes('officer') ? (
        <a class="button primary" href="/staff/intake">
          登记申请
        </a>
      ) : null}
      <a class="button" href="/staff/cases">
        全部申请
      </a>
      {user?.roles.some((r) => r === 'officer' || r === 'reviewer' || r === 'approver') ? (
        <a class="button" href="/staff/publishing">
          主动公开
        </a>
      ) : null}
      {user?.roles.some((r) => r === 'officer' || r === 'approver') ? (
        <a class="button" href={`/staff/agencies/${agencyId}/report/${year - 1}`}>
          编制{year - 1}年度报告
        </a>
      ) : null}
      <a class="button" href="/admin/calendar">
        工作日历
      </a>
    </p>
    {body}
  </Layout>
);

/** The list's filters, rows and next-page link: the same for every user of a scope (cached: cases/page-cache.ts). */
export const CaseListBody: FC<{
  lines: readonly SearchLine[];
  next: { receivedOn: string; id: number } | null;
  filters: {
    status: string;
    number: string;
    applicant: string;
    words: string;
    from: string;
    to: string;
    mine: boolean;
    problems: readonly string[];
  };
  today: string;
}> = ({ lines, next, filters: f, today }) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({
    status: f.status,
    number: f.number,
    applicant: f.applicant,
    words: f.words,
    from: f.from,
    to: f.to,
  }))
    if (v) params.set(k, v);
  if (f.mine) params.set('mine', '1');
  const query = params.toString();
  return (
    <>
      {f.problems.length ? (
        <ul class="error-box" role="alert">
          {f.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      <form method="get" action="/staff/cases" class="filters compact">
        <div class="field">
          <label for="status">状态</label>
          <select id="status" name="status">
            {LIST_STATUSES.map(([v, l]) => (
              <option value={v} selected={v === f.status}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <TextField name="number" label="编号或查询码" type="search" value={f.number} maxlength={60} />
        <TextField name="applicant" label="申请人" type="search" value={f.applicant} maxlength={60} />
        <TextField name="words" label="申请内容关键词" type="search" value={f.words} maxlength={60} />
        <TextField name="from" label="收到日期自" type="date" value={f.from} />
        <TextField name="to" label="至" type="date" value={f.to} />
        <div class="field">
          <label>
            <input type="checkbox" name="mine" value="1" checked={f.mine} /> 只看我的案件
          </label>
        </div>
        <button type="submit">筛选</button>
      </form>
      <p class="actions">
        <a class="button" href={`/staff/cases/export.csv${query ? `?${query}` : ''}`}>
          导出 CSV
        </a>
        <a class="button" href={`/staff/cases/export.xlsx${query ? `?${query}` : ''}`}>
          导出 Excel
        </a>
        <span class="hint">按收到日期从新到旧排列；身份证明号码、电话和自然人姓名已脱敏显示，导出亦同。</span>
      </p>
      <CaseTable lines={lines} today={today} />
      {next ? (
        <p>
          <a
            class="button"
            rel="next"
            href={`/staff/cases?${query ? `${query}&` : ''}after=${next.receivedOn}.${next.id}`}
          >
            下一页
          </a>
        </p>
      ) : null}
    </>
  );
};

/** `body`: CaseListBody, rendered (or cached). */
export const CaseListPage: FC<Frame & { mine: boolean; body: Child }> = ({ user, csrf, mine, body }) => (
  <Layout title={mine ? '我的案件' : '申请列表'} user={user} csrf={csrf} section="staff" crumbs={CRUMBS}>
    {body}
  </Layout>
);

export const ApprovalsPage: FC<Frame & { lines: readonly QueueLine[] }> = ({ user, csrf, lines }) => (
  <Layout title="待审批的延期申请" user={user} csrf={csrf} section="staff" crumbs={CRUMBS}>
    <p>
      延长答复期限须经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过 20
      个工作日（《条例》第三十三条第二款）。
    </p>
    <DataTable
      rows={lines}
      empty="没有待审批的延期申请。"
      columns={['编号', '机关', '现答复期限', '申请延长', '理由', '申请人（经办）', '审批']}
      row={(l) => {
        const base = `/staff/cases/${encodeURIComponent(l.code)}`;
        return (
          <tr>
            <td class="nowrap">
              <a href={base}>{l.code}</a>
            </td>
            <td>{l.agency}</td>
            <td class="nowrap">
              {l.dueOn ?? '—'}
              {l.dueProvisional ? '（暂定）' : ''}
            </td>
            <td>{l.workdays} 个工作日</td>
            <td>{l.reason}</td>
            <td>
              {l.requestedBy}（{l.requestedOn}）
            </td>
            <td class="nowrap">
              <a class="button primary" href={`${base}#action-extensionApprove`}>
                审批
              </a>
            </td>
          </tr>
        );
      }}
    />
  </Layout>
);

export const IntakePage: FC<
  Frame & {
    agencies: readonly { id: number; name: string }[];
    values?: Readonly<Record<string, string>>;
    errors?: FieldErrors;
    today: string;
  }
> = ({ user, csrf, agencies, values = {}, errors, today }) => (
  <Layout title="登记申请" user={user} csrf={csrf} section="staff" crumbs={CRUMBS}>
    <ErrorSummary errors={errors} labels={INTAKE_LABELS} />
    <form method="post" action="/staff/intake" class="stack" novalidate>
      <Csrf token={csrf} />
      <Select
        name="agencyId"
        label="受理机关"
        required
        value={values.agencyId ?? (agencies.length === 1 ? String(agencies[0]!.id) : undefined)}
        options={agencies.map((a) => [String(a.id), a.name] as const)}
        errors={errors}
      />
      <fieldset class="group">
        <legend>申请渠道和收到日期（《条例》第三十一条）</legend>
        <Radios
          name="channel"
          label="申请渠道"
          required
          value={values.channel}
          options={CHANNEL_OPTIONS.map(([k, l, rule]) => [k, l, rule] as const)}
          errors={errors}
        />
        <TextField
          name="arrivedOn"
          label="送达日期"
          type="date"
          value={values.arrivedOn}
          hint="申请实际到达的日期；平常信函、网络、传真以确认之日为收到申请之日时填写。"
          errors={errors}
        />
        <TextField
          name="receivedOn"
          label="收到申请之日"
          type="date"
          required
          value={values.receivedOn ?? today}
          errors={errors}
        />
        <TextField
          name="confirmation"
          label="确认方式"
          value={values.confirmation}
          maxlength={200}
          hint="平常信函、互联网、电子邮件、传真渠道须记录与申请人确认的方式，如“电话确认”。"
          errors={errors}
        />
      </fieldset>
      <fieldset class="group">
        <legend>申请人</legend>
        <ApplicantFields values={values} errors={errors} />
      </fieldset>
      <fieldset class="group">
        <legend>所需信息</legend>
        <TextArea
          name="description"
          label="所需信息的描述"
          required
          value={values.description}
          maxlength={2000}
          errors={errors}
        />
        <WantedFields values={values} errors={errors} />
      </fieldset>
      <button type="submit" class="primary">
        登记
      </button>
    </form>
  </Layout>
);

/** A computed date as printed: “（暂定）” only when that date's own window lacks a year's holiday notice. */
const clockDate = (r: ClockResult, key: ClockDateKey): string | null => {
  const d = r[key];
  return d && `${d}${r.provisionalDates[key] ? '（暂定）' : ''}`;
};

/** The fee is notified and not yet paid: its pay-by date is what the officer watches. */
/** What kept time out of the reply period, by its basis: a consultation is 《条例》第三十三条第三款; the fee period is
 *  the clock setting `feePausesClock` (src/domain/clock/settings.ts: the 办法's article on it was not found), so it is
 *  not attributed to the 条例. */
function pausedLine(r: ClockResult): string {
  const consultation = r.pauses.some((p) => p.reason === 'consultation');
  const fee = r.pauses.some((p) => p.reason === 'fee');
  const what = [consultation ? '征求第三方或其他机关意见' : null, fee ? '等待缴纳信息处理费' : null]
    .filter(Boolean)
    .join('、');
  const basis = [
    consultation ? '《条例》第三十三条第三款' : null,
    fee ? '缴费期间按本系统计时设置不计入' : null,
  ]
    .filter(Boolean)
    .join('；');
  return `${what}的时间不计入答复期限：共 ${r.pausedWorkdays} 个工作日（${basis}）。`;
}

const feePending = (r: ClockResult) => r.status === 'awaitingFee' && r.feePaymentDue !== null;

const PROVISIONAL_NOTE =
  '暂定：所需年份的国务院办公厅节假日安排尚未公布，已按《全国年节及纪念日放假办法》的法定节假日推算';

/** What an event's details say, in a line. */
/** A reply's line in the timeline, the first reply's and a 重新答复's alike: result, basis, the 部分公开 parts, note. */
function replySummary(d: Record<string, unknown>): string {
  const p = d.partial as
    | { disclosed: string; withheld: { part: string; ground: string; article: string }[] }
    | undefined;
  const parts = p
    ? `；予以公开：${p.disclosed}；不予公开：${p.withheld.map((w) => `${w.part}（${w.ground}，${w.article}）`).join('、')}`
    : '';
  return `${outcomeLabel(d.outcome as string)}；依据：${d.legalBasis ?? ''}${parts}${d.note ? `；${d.note}` : ''}`;
}

function eventDetail(e: EventRow, personName: (u: string) => string = (u) => u): string {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'received': {
      const ch = RECEIPT_CHANNELS[d.channel as keyof typeof RECEIPT_CHANNELS];
      return [
        ch?.label,
        d.arrivedOn ? `${d.arrivedOn} 送达` : '',
        d.confirmation ? `确认方式：${d.confirmation}` : '',
      ]
        .filter(Boolean)
        .join('；');
    }
    case 'correctionRequested':
      return `补正事项：${d.items ?? ''}${d.correctionDue ? `；补正期限 ${d.correctionDue}` : ''}`;
    case 'consultationStarted':
      return `${PARTY_LABELS[d.party as keyof typeof PARTY_LABELS] ?? ''}：${d.consultee ?? ''}`;
    case 'consultationEnded':
      return d.opinion === 'agree'
        ? '同意公开'
        : d.opinion === 'object'
          ? '不同意公开'
          : d.opinion === 'none'
            ? '逾期未提出意见'
            : '';
    case 'extended':
      return `延长 ${d.workdays} 个工作日，批准人 ${personName(String(d.approver ?? ''))}${d.reason ? `；理由：${d.reason}` : ''}`;
    case 'feeNotified':
      return `${d.method === 'pages' ? `按量计收 ${d.pages ?? ''} 页` : '按件计收'}，金额 ${d.amount ?? ''} 元`;
    case 'feePaid':
      return `缴纳 ${d.amount ?? ''} 元`;
    case 'abandoned':
      return d.reason === 'fee' ? '逾期未缴纳信息处理费' : '逾期不补正';
    case 'replied':
      return replySummary(d);
    case 'withdrawn':
      return d.note ? String(d.note) : '';
    case 'redoOrdered':
      return `${d.kind === 'review' ? '复议决定' : '判决'}纠正并责令重新答复，重新答复期限 ${String(d.dueOn)}${d.default ? `（决定未写期限，系统默认：收到决定书次日起 ${DEFAULT_REDO_WORKDAYS} 个工作日）` : ''}`;
    case 'reReplied':
      return `${replySummary(d)}${d.late ? `（晚于重新答复期限 ${String(d.dueOn)}）` : ''}`;
    case 'note':
      return String(d.text ?? '');
    default:
      return '';
  }
}

const OTHER_EVENT_LABELS: Record<string, string> = {
  note: '备注',
  redoOrdered: '复议决定或判决纠正',
  reReplied: '重新答复',
};
const eventLabel = (type: string) =>
  (EVENT_LABELS as Record<string, string>)[type] ?? OTHER_EVENT_LABELS[type] ?? type;

/** A form field from an action's field spec. */
export const SpecField: FC<{ f: FieldSpec; prefix: string; value?: string; errors?: FieldErrors }> = ({
  f,
  prefix,
  value,
  errors,
}) => {
  const name = f.name;
  const id = `${prefix}-${name}`;
  const error = errors?.[name];
  const described =
    [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {f.label}
        {f.required ? <span class="req">（必填）</span> : null}
      </label>
      {f.kind === 'textarea' ? (
        <textarea
          id={id}
          name={name}
          rows={3}
          aria-describedby={described}
          aria-invalid={error ? 'true' : undefined}
        >
          {value ?? ''}
        </textarea>
      ) : f.kind === 'select' ? (
        <select id={id} name={name} aria-describedby={described} aria-invalid={error ? 'true' : undefined}>
          {(f.options ?? []).map(([v, l]) => (
            <option value={v} selected={v === value}>
              {l}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={name}
          type={f.kind === 'number' ? 'number' : f.kind === 'date' ? 'date' : 'text'}
          value={value ?? ''}
          aria-describedby={described}
          aria-invalid={error ? 'true' : undefined}
        />
      )}
      {f.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {f.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
};

export interface ApplicantView {
  readonly name: string;
  readonly type: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
  /** Whether the values are shown in full (after an audited reveal). */
  readonly full: boolean;
}

const FILE_ROLE_LABELS: Record<string, string> = {
  identityProof: '身份证明',
  applicationLetter: '申请书',
  released: '公开的文件',
};

export interface LetterLink {
  readonly id: number;
  readonly kind: string;
  readonly label: string;
  readonly issuedOn: string;
}

export const CasePage: FC<
  Frame & {
    c: CaseRow;
    trackingCode: string | null;
    agency: string;
    applicant: ApplicantView;
    events: readonly EventRow[];
    actorName: (actor: string) => string;
    personName: (username: string) => string;
    clock: ClockResult;
    actions: readonly { action: CaseAction; fields: readonly FieldSpec[] }[];
    today: string;
    letters: readonly LetterLink[];
    requests: readonly ExtensionRequestRow[];
    appeals: readonly {
      id: number;
      kind: string;
      /** 'review' or a litigation kind: which paper the agency writes (答复书 / 答辩状). */
      isReview: boolean;
      filedOn: string;
      body: string | null;
      coDefendant: boolean;
      /** Who the suit is against, as people read it; null for a 复议. */
      defendant: string | null;
      result: string | null;
      closedOn: string | null;
      /** The 答复书/答辩状 deadline (calendar days from the copy), when the copy's date is recorded. */
      copyReceivedOn: string | null;
      paperDueOn: string | null;
      /** False when the 复议机关 alone is the defendant: this agency writes no 答辩状. */
      writesPaper: boolean;
      /** 责令重新答复: its deadline, whether the product assumed it, and when it was made. */
      redoDueOn: string | null;
      redoDueDefault: boolean;
      redoneOn: string | null;
      /** Who recorded it and its result, by name (from the audit log). */
      recordedBy: string | null;
      decidedBy: string | null;
    }[];
    files: readonly { id: number; role: string; filename: string; size: number }[];
    /** Whether the user may upload released documents (the officer's role). */
    canRelease: boolean;
    assignee: string | null;
    canReveal: boolean;
    failed?: {
      action: string;
      message: string;
      errors?: FieldErrors;
      values?: Readonly<Record<string, string>>;
    };
    notice?: Child;
  }
> = ({
  user,
  csrf,
  c,
  trackingCode,
  agency,
  applicant,
  events,
  actorName,
  personName,
  clock,
  actions,
  today,
  letters,
  requests,
  appeals,
  files,
  canRelease,
  assignee,
  canReveal,
  failed,
  notice,
}) => {
  const base = `/staff/cases/${encodeURIComponent(c.code)}`;
  return (
    <Layout title={`申请 ${c.code}`} user={user} csrf={csrf} section="staff" crumbs={CRUMBS} notice={notice}>
      <p>
        <StatusPill status={c.status} overdue={clock.overdue === true && !c.closedOn} />{' '}
        {c.closedOn
          ? `${c.closedOn} 办结：${outcomeLabel(c.outcome)}${appeals
              .filter((x) => x.redoDueOn && !x.redoneOn)
              .map(
                (x) =>
                  `；${x.kind}决定纠正，待重新答复，期限 ${x.redoDueOn}${x.redoDueDefault ? '（系统默认期限）' : ''}${x.redoDueOn! < today ? '，已逾期' : ''}`,
              )
              .join('')}`
          : clock.dueDate
            ? `答复期限 ${clockDate(clock, 'dueDate')}${clock.remainingWorkdays !== null && clock.remainingWorkdays >= 0 && !clock.overdue ? `，还剩 ${clock.remainingWorkdays} 个工作日` : ''}${feePending(clock) ? `；缴费期限 ${clockDate(clock, 'feePaymentDue')}` : ''}${clock.provisionalDates.dueDate || (feePending(clock) && clock.provisionalDates.feePaymentDue) ? `。${PROVISIONAL_NOTE}` : ''}`
            : '待申请人补正，答复期限自收到补正之日起重新计算'}
      </p>
      {c.duplicateOf ? (
        <p class="error-box" role="note">
          可能是重复提交：同一申请人在几分钟内提交过相同内容的申请{' '}
          <a href={`/staff/cases/${encodeURIComponent(c.duplicateOf)}`}>{c.duplicateOf}</a>。
        </p>
      ) : null}
      {clock.warnings.length ? (
        <ul class="error-box">
          {clock.warnings.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
      ) : null}
      <div class="two">
        <section aria-labelledby="h-case">
          <h2 id="h-case">申请</h2>
          <Facts
            items={[
              ['受理机关', agency],
              ['查询码', trackingCode ?? '—'],
              ['经办人', assignee ?? '未指定'],
              ['收到申请之日', c.receivedOn],
              ['渠道', RECEIPT_CHANNELS[c.channel as keyof typeof RECEIPT_CHANNELS]?.label ?? c.channel],
              ['所需信息', c.description],
              ['形式', c.formWanted ?? '—'],
              ['获取方式', c.deliveryWanted ?? '—'],
              ...(c.legalBasis ? ([['答复依据', c.legalBasis]] as const) : []),
            ]}
          />
        </section>
        <section aria-labelledby="h-applicant">
          <h2 id="h-applicant">申请人</h2>
          <Facts
            items={[
              [
                '类型',
                APPLICANT_TYPE_LABELS[applicant.type as keyof typeof APPLICANT_TYPE_LABELS] ?? applicant.type,
              ],
              ['姓名或名称', applicant.name],
              ['身份证明', applicant.idNumber || '—'],
              ['电话', applicant.phone || '—'],
              ['电子邮箱', applicant.email || '—'],
              ['地址', applicant.address || '—'],
            ]}
          />
          {applicant.full ? (
            <p class="hint">完整信息的查看已记入审计日志。</p>
          ) : canReveal ? (
            <form method="post" action={`${base}/reveal`}>
              <Csrf token={csrf} />
              <button type="submit">查看完整身份信息（记入审计日志）</button>
            </form>
          ) : null}
        </section>
      </div>
      <h2>办理过程</h2>
      <ol class="timeline">
        {events.map((e) => (
          <li>
            <time datetime={e.on}>{e.on}</time>
            <strong>{eventLabel(e.type)}</strong> {eventDetail(e, personName)}{' '}
            <span class="hint">{actorName(e.actor)}</span>
          </li>
        ))}
      </ol>
      {clock.pauses.length ? <p class="hint">{pausedLine(clock)}</p> : null}
      {requests.length ? (
        <>
          <h2>延期申请</h2>
          <ul>
            {requests.map((r) => (
              <li>
                {r.requestedOn} {personName(r.requestedBy)} 申请延长 {r.workdays} 个工作日（{r.reason}）：
                {r.status === 'pending'
                  ? '等待审批'
                  : `${r.decidedOn} ${personName(r.decidedBy ?? '')}${r.status === 'approved' ? '同意' : '不同意'}${r.decisionNote ? `（${r.decisionNote}）` : ''}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {appeals.length ? (
        <>
          <h2>行政复议和行政诉讼</h2>
          <ul>
            {appeals.map((x) => (
              <li>
                {x.filedOn} {x.kind}
                {x.body ? `（${x.body}）` : ''}
                {x.defendant ? `，被告：${x.defendant}` : x.coDefendant ? '，复议机关为共同被告' : ''}：
                {x.result ? `${x.closedOn} 审结，${x.result}` : '尚未审结'}{' '}
                <span class="hint">
                  {[x.recordedBy ? `${x.recordedBy}登记` : '', x.decidedBy ? `${x.decidedBy}记录结果` : '']
                    .filter(Boolean)
                    .join('，')}
                </span>
                {x.redoDueOn ? (
                  <div>
                    {x.redoneOn
                      ? `已于 ${x.redoneOn} 重新答复（期限 ${x.redoDueOn}）`
                      : `责令重新答复：期限 ${x.redoDueOn}${x.redoDueOn < today ? '，已逾期' : ''}`}
                    {x.redoDueDefault ? (
                      <span class="hint">
                        {' '}
                        决定书未写期限，系统默认自收到决定书次日起 {DEFAULT_REDO_WORKDAYS}{' '}
                        个工作日（参照《条例》第三十三条第二款）
                      </span>
                    ) : null}
                  </div>
                ) : null}
                {x.writesPaper ? (
                  <div>
                    {x.paperDueOn
                      ? `${x.isReview ? '行政复议答复书及证据、依据' : '答辩状及证据、规范性文件'}提交期限：${x.paperDueOn}（收到副本之日 ${x.copyReceivedOn} 起 ${x.isReview ? 10 : 15} 日，按自然日计算、未顺延节假日）${!x.closedOn && x.paperDueOn < today ? '，已过期限' : ''}`
                      : `未记录收到${x.isReview ? '复议申请书' : '起诉状'}副本之日，无法提示${x.isReview ? '答复书' : '答辩状'}期限`}{' '}
                    <a href={`${base}/appeals/${x.id}/paper.docx`}>
                      下载{x.isReview ? '行政复议答复书' : '答辩状'}草稿（DOCX）
                    </a>
                  </div>
                ) : (
                  <div class="hint">
                    复议机关单独为被告：本机关不是被告，不提交答辩状；本诉讼不计入本机关表四，复议机关是本系统的机关时计入复议机关（国办公开办函〔2016〕201号只答复了共同被告的情形，此处按《行政诉讼法》第二十六条第二款推定）。
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {files.some((f) => f.role !== 'released') ? (
        <>
          <h2>附件</h2>
          <ul>
            {files
              .filter((f) => f.role !== 'released')
              .map((f) => (
                <li>
                  <a href={`${base}/files/${f.id}`}>{f.filename}</a>{' '}
                  <span class="hint">
                    {FILE_ROLE_LABELS[f.role] ?? f.role}，{Math.ceil(f.size / 1024)} KB
                  </span>
                </li>
              ))}
          </ul>
        </>
      ) : null}
      <section aria-labelledby="h-released" id="released">
        <h2 id="h-released">公开的政府信息</h2>
        {files.some((f) => f.role === 'released') ? (
          <ul class="released">
            {files
              .filter((f) => f.role === 'released')
              .map((f) => (
                <li>
                  <a href={`${base}/files/${f.id}`} data-released={f.filename}>
                    {f.filename}
                  </a>{' '}
                  <span class="hint">{Math.ceil(f.size / 1024)} KB</span>
                  {canRelease ? (
                    <details class="withdraw">
                      <summary>撤回</summary>
                      <form
                        method="post"
                        action={`${base}/released/${f.id}/withdraw`}
                        class="stack"
                        data-withdraw={f.filename}
                      >
                        <Csrf token={csrf} />
                        <label for={`withdraw-reason-${f.id}`}>
                          撤回“{f.filename}”的理由（记入操作日志）
                        </label>
                        <input
                          id={`withdraw-reason-${f.id}`}
                          name="reason"
                          required
                          maxlength={500}
                          placeholder="例如：误传了其他案件的文件"
                        />
                        <p class="hint">撤回后申请人不能再下载；如已答复，申请人可能已经下载过。</p>
                        <button type="submit">撤回此文件</button>
                      </form>
                    </details>
                  ) : null}
                </li>
              ))}
          </ul>
        ) : (
          <p class="hint">尚未上传随答复提供的政府信息。</p>
        )}
        {failed?.action === 'released' ? (
          <p class="error-box" role="alert">
            {failed.message}
          </p>
        ) : null}
        {canRelease ? (
          <form method="post" action={`${base}/released`} enctype="multipart/form-data" class="stack">
            <Csrf token={csrf} />
            <label for="released-file">
              随答复提供的文件（PDF、OFD、Word、Excel、JPEG 或 PNG，每个不超过 20 MB，一次最多 10 个）
            </label>
            <input id="released-file" name="file" type="file" multiple />
            <p class="hint">申请人在答复后可凭查询码下载这些文件。</p>
            <button type="submit">上传公开的文件</button>
          </form>
        ) : null}
      </section>
      <h2>文书</h2>
      {letters.length ? (
        <ul class="letters">
          {letters.map((l) => (
            <li>
              {l.label}（{l.issuedOn}）：
              <a href={`${base}/letters/${l.id}.docx`} download data-letter={l.kind}>
                DOCX
              </a>{' '}
              <a href={`${base}/letters/${l.id}.pdf`} download>
                PDF
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">尚无文书。</p>
      )}
      {actions.length ? <h2>办理</h2> : null}
      {failed && failed.action !== 'released' ? (
        <p class="error-box" role="alert">
          {failed.message}
        </p>
      ) : null}
      {actions.map(({ action: a, fields }) => (
        <details class="action" id={`action-${a.key}`} open={failed?.action === a.key}>
          <summary>{a.label}</summary>
          <form method="get" action={`${base}/preview/${a.key}`} class="stack">
            {fields.map((f) => (
              <SpecField
                f={f}
                prefix={a.key}
                value={
                  failed?.action === a.key
                    ? failed.values?.[f.name]
                    : f.kind === 'date' && f.name === 'on'
                      ? today
                      : undefined
                }
                errors={failed?.action === a.key ? failed.errors : undefined}
              />
            ))}
            <button type="submit" class="primary">
              预览（期限和文书）
            </button>
          </form>
        </details>
      ))}
    </Layout>
  );
};

export const PreviewPage: FC<
  Frame & {
    c: CaseRow;
    action: CaseAction;
    values: Readonly<Record<string, string>>;
    summary: readonly (readonly [string, string])[];
    before: ClockResult;
    after: ClockResult;
    /** Whether the step moves the clock (an appeal, an assignment do not). */
    moves: boolean;
    letter: { label: string; html: string } | null;
  }
> = ({ user, csrf, c, action, values, summary, before, after, moves, letter }) => {
  const base = `/staff/cases/${encodeURIComponent(c.code)}`;
  const row = (label: string, a: string | null, b: string | null) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{a ?? '—'}</td>
      <td>
        <strong>{b ?? '—'}</strong>
        {a !== b ? <span class="pill info">变化</span> : null}
      </td>
    </tr>
  );
  return (
    <Layout
      title={`确认：${action.label}`}
      user={user}
      csrf={csrf}
      section="staff"
      crumbs={[...CRUMBS, [`申请 ${c.code}`, base]]}
    >
      <div class="preview" role="status">
        <p>保存之前，请核对{moves ? '这一步对期限的影响' : '以下内容'}：</p>
        <Facts items={summary} />
        {moves ? (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">项目</th>
                <th scope="col">现在</th>
                <th scope="col">保存后</th>
              </tr>
            </thead>
            <tbody>
              {row(
                '状态',
                STATUS_LABELS[before.status] ?? before.status,
                STATUS_LABELS[after.status] ?? after.status,
              )}
              {row('答复期限', clockDate(before, 'dueDate'), clockDate(after, 'dueDate'))}
              {row(
                '补正告知期限',
                before.closure ? null : clockDate(before, 'correctionNoticeDue'),
                after.closure ? null : clockDate(after, 'correctionNoticeDue'),
              )}
              {row('缴费期限', clockDate(before, 'feePaymentDue'), clockDate(after, 'feePaymentDue'))}
              {row('办结日期', before.closure?.on ?? null, after.closure?.on ?? null)}
            </tbody>
          </table>
        ) : null}
        {moves &&
        (['dueDate', 'correctionNoticeDue', 'feePaymentDue'] as const).some(
          (k) => (k !== 'correctionNoticeDue' || !after.closure) && after.provisionalDates[k],
        ) ? (
          <p class="hint">{PROVISIONAL_NOTE}。</p>
        ) : null}
        {after.warnings.length ? (
          <ul class="error-box">
            {after.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {letter ? (
        <section aria-labelledby="h-letter">
          <h2 id="h-letter">将生成的文书：{letter.label}</h2>
          <div class="letter-preview" dangerouslySetInnerHTML={{ __html: letter.html }} />
        </section>
      ) : null}
      <form method="post" action={`${base}/do/${action.key}`} class="actions">
        <Csrf token={csrf} />
        {Object.entries(values).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <button type="submit" class="primary">
          确认保存
        </button>
        <a href={base}>返回修改</a>
      </form>
    </Layout>
  );
};

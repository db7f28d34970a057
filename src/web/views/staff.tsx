// The staff console: dashboard, case list, intake for every channel, the case page with its timeline and actions,
// and the preview of an action's new deadlines before it is saved.
import type { Child, FC } from 'hono/jsx';
import { APPLICANT_TYPE_LABELS } from '../../cases/applicants.ts';
import { OUTCOME_DEFS } from '../../cases/outcomes.ts';
import type { CaseRow, EventRow } from '../../cases/timeline.ts';
import type { ClockResult } from '../../domain/clock/index.ts';
import { EVENT_LABELS, PARTY_LABELS, RECEIPT_CHANNELS } from '../../domain/clock/index.ts';
import type { CaseAction, FieldSpec } from '../cases/actions.ts';
import { STATUS_LABELS } from '../cases/public-status.ts';
import type { CaseLine, Dashboard } from '../cases/queries.ts';
import type { CurrentUser } from '../env.ts';
import { APPLICANT_TYPE_OPTIONS } from '../forms/apply.ts';
import { CHANNEL_OPTIONS, INTAKE_LABELS } from '../forms/intake.ts';
import { WantedFields } from './apply.tsx';
import {
  Csrf,
  Empty,
  ErrorSummary,
  Facts,
  type FieldErrors,
  Pill,
  Radios,
  Select,
  TextArea,
  TextField,
} from './components.tsx';
import { Layout } from './layout.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

const CRUMBS = [['办理工作台', '/staff']] as const;

const STATUS_TONE: Record<string, 'ok' | 'warn' | 'info' | 'muted' | 'bad'> = {
  open: 'info',
  paused: 'warn',
  awaitingCorrection: 'warn',
  awaitingFee: 'warn',
  closed: 'ok',
};

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
}) =>
  lines.length ? (
    <div class="table-scroll">
      <table class="data">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">收到日期</th>
            <th scope="col">申请人</th>
            <th scope="col">身份证明</th>
            <th scope="col">电话</th>
            <th scope="col">状态</th>
            <th scope="col">答复期限</th>
            <th scope="col">结果</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <td>
                <a href={`/staff/cases/${encodeURIComponent(l.code)}`}>{l.code}</a>
              </td>
              <td>{l.receivedOn}</td>
              <td>
                {l.applicant}
                <span class="hint">
                  {APPLICANT_TYPE_LABELS[l.applicantType as keyof typeof APPLICANT_TYPE_LABELS]}
                </span>
              </td>
              <td>{l.idNumber}</td>
              <td>{l.phone}</td>
              <td>
                <StatusPill status={l.status} overdue={!l.closedOn && l.dueOn !== null && l.dueOn < today} />
              </td>
              <td>{l.closedOn ? '—' : (l.dueOn ?? '补正后计算')}</td>
              <td>{l.closedOn ? `${l.closedOn} ${outcomeLabel(l.outcome)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <Empty>没有符合条件的申请。</Empty>
  );

export const DashboardPage: FC<
  Frame & { d: Dashboard; today: string; agencyId: number; notice?: string }
> = ({ user, csrf, d, today, agencyId, notice }) => (
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
        <a class="button" href={`/staff/agencies/${agencyId}/report/${d.year - 1}`}>
          编制{d.year - 1}年度报告
        </a>
      ) : null}
    </p>
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
        <div class={`stat${d.overdue.length ? ' bad' : ''}`}>{d.overdue.length}</div>
      </div>
      <div class="card">
        <h2>即将到期</h2>
        <div class={`stat${d.dueSoon.length ? ' warn' : ''}`}>{d.dueSoon.length}</div>
      </div>
    </div>
    <h2>已逾期</h2>
    <CaseTable lines={d.overdue} today={today} />
    <h2>即将到期（3 个工作日内）</h2>
    <CaseTable lines={d.dueSoon} today={today} />
    <h2>等待申请人或第三方</h2>
    <CaseTable lines={d.waiting} today={today} />
  </Layout>
);

export const CaseListPage: FC<
  Frame & { lines: readonly CaseLine[]; today: string; status: string; q: string }
> = ({ user, csrf, lines, today, status, q }) => (
  <Layout title="申请列表" user={user} csrf={csrf} section="staff" crumbs={CRUMBS}>
    <form method="get" action="/staff/cases" class="filters">
      <div class="field">
        <label for="status">状态</label>
        <select id="status" name="status">
          {(
            [
              ['open', '办理中'],
              ['closed', '已办结'],
              ['all', '全部'],
            ] as const
          ).map(([v, l]) => (
            <option value={v} selected={v === status}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <TextField name="q" label="编号" type="search" value={q} maxlength={60} />
      <button type="submit">筛选</button>
    </form>
    <p class="hint">身份证明号码、电话和自然人姓名已脱敏显示。</p>
    <CaseTable lines={lines} today={today} />
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
        <Radios
          name="applicantType"
          label="申请人类型"
          required
          value={values.applicantType}
          options={APPLICANT_TYPE_OPTIONS}
          errors={errors}
        />
        <TextField
          name="name"
          label="姓名或名称"
          required
          value={values.name}
          maxlength={100}
          errors={errors}
        />
        <TextField
          name="idNumber"
          label="身份证明号码"
          required
          value={values.idNumber}
          maxlength={40}
          errors={errors}
        />
        <TextField
          name="phone"
          label="联系电话"
          type="tel"
          required
          value={values.phone}
          maxlength={30}
          errors={errors}
        />
        <TextField
          name="email"
          label="电子邮箱"
          type="email"
          value={values.email}
          maxlength={200}
          errors={errors}
        />
        <TextField name="address" label="通信地址" value={values.address} maxlength={200} errors={errors} />
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

/** What an event's details say, in a line. */
function eventDetail(e: EventRow): string {
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
      return `延长 ${d.workdays} 个工作日，批准人 ${d.approver ?? ''}${d.reason ? `；理由：${d.reason}` : ''}`;
    case 'feeNotified':
      return `${d.method === 'pages' ? `按量计收 ${d.pages ?? ''} 页` : '按件计收'}，金额 ${d.amount ?? ''} 元`;
    case 'feePaid':
      return `缴纳 ${d.amount ?? ''} 元`;
    case 'abandoned':
      return d.reason === 'fee' ? '逾期未缴纳信息处理费' : '逾期不补正';
    case 'replied':
      return `${outcomeLabel(d.outcome as string)}；依据：${d.legalBasis ?? ''}${d.note ? `；${d.note}` : ''}`;
    case 'withdrawn':
      return d.note ? String(d.note) : '';
    case 'note':
      return String(d.text ?? '');
    default:
      return '';
  }
}

const eventLabel = (type: string) =>
  (EVENT_LABELS as Record<string, string>)[type] ?? (type === 'note' ? '备注' : type);

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

export interface LetterLink {
  readonly id: number;
  readonly label: string;
  readonly issuedOn: string;
}

export const CasePage: FC<
  Frame & {
    c: CaseRow;
    agency: string;
    applicant: ApplicantView;
    events: readonly EventRow[];
    clock: ClockResult;
    actions: readonly CaseAction[];
    today: string;
    letters: readonly LetterLink[];
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
  agency,
  applicant,
  events,
  clock,
  actions,
  today,
  letters,
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
          ? `${c.closedOn} 办结：${outcomeLabel(c.outcome)}`
          : clock.dueDate
            ? `答复期限 ${clock.dueDate}${clock.remainingWorkdays !== null && clock.remainingWorkdays >= 0 && !clock.overdue ? `（还剩 ${clock.remainingWorkdays} 个工作日）` : ''}${clock.provisional ? '（暂定：所需年份的节假日安排尚未公布）' : ''}`
            : '待申请人补正，答复期限自收到补正之日起重新计算'}
      </p>
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
            <strong>{eventLabel(e.type)}</strong> {eventDetail(e)} <span class="hint">{e.actor}</span>
          </li>
        ))}
      </ol>
      {clock.pauses.length ? (
        <p class="hint">
          征求意见等不计入答复期限的时间：共 {clock.pausedWorkdays} 个工作日（《条例》第三十三条第三款）。
        </p>
      ) : null}
      {letters.length ? (
        <>
          <h2>文书</h2>
          <ul>
            {letters.map((l) => (
              <li>
                <a href={`${base}/letters/${l.id}`} download>
                  {l.label}（{l.issuedOn}，DOCX）
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {actions.length ? <h2>办理</h2> : null}
      {failed ? (
        <p class="error-box" role="alert">
          {failed.message}
        </p>
      ) : null}
      {actions.map((a) => (
        <details class="action" open={failed?.action === a.key}>
          <summary>{a.label}</summary>
          <form method="post" action={`${base}/preview/${a.key}`} class="stack">
            <Csrf token={csrf} />
            {a.fields.map((f) => (
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
              预览新的期限
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
  }
> = ({ user, csrf, c, action, values, summary, before, after }) => {
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
        <p>保存之前，请核对这一步对期限的影响：</p>
        <Facts items={summary} />
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
            {row('答复期限', before.dueDate, after.dueDate)}
            {row(
              '补正告知期限',
              before.closure ? null : before.correctionNoticeDue,
              after.closure ? null : after.correctionNoticeDue,
            )}
            {row('缴费期限', before.feePaymentDue, after.feePaymentDue)}
            {row('办结日期', before.closure?.on ?? null, after.closure?.on ?? null)}
          </tbody>
        </table>
        {after.provisional ? <p class="hint">所需年份的节假日安排尚未公布，期限为暂定。</p> : null}
        {after.warnings.length ? (
          <ul class="error-box">
            {after.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
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

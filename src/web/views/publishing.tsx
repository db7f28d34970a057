// 主动公开 in the staff console: the queues of the review chain, an item with its history and the step its reader may
// take, the item form, and the registers (catalogue, normative documents, consultations, work records).
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { ItemState } from '../../domain/publishing/index.ts';
import { type ReviewRole, ROLE_LABELS, STATE_LABELS, TRANSITIONS } from '../../domain/publishing/index.ts';
import { WORK_KIND_LABELS, type WorkKind } from '../../domain/report-builder/facts.ts';
import { NORM_KIND_LABELS, type NormKind } from '../../domain/report-builder/table2.ts';
import type { AttachmentMeta } from '../../publishing/attachments.ts';
import type { MatterView } from '../../publishing/catalogue.ts';
import type { ConsultationRow, ConsultationView } from '../../publishing/consultations.ts';
import { CHANNELS, type ItemDetail, type ItemView, type PublishingCounts } from '../../publishing/items.ts';
import type { NormDocRow } from '../../publishing/normative-documents.ts';
import type { WorkRecordRow } from '../../publishing/work-records.ts';
import type { FormValues } from '../validate.ts';
import {
  Csrf,
  DataTable,
  Empty,
  Facts,
  type FieldErrors,
  type Frame,
  Pill,
  Problem,
  Select,
  TextArea,
  TextField,
} from './components.tsx';
import { Layout } from './layout.tsx';

interface FormProps {
  readonly values: FormValues;
  readonly errors?: FieldErrors;
  readonly problem?: string;
}

const CRUMBS = [['主动公开', '/staff/publishing']] as const;

const v1 = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const vs = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/** One field of a register's form; what was typed (else `initial`) and its error come from the page's values. */
interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly required?: boolean;
  readonly type?: 'date' | 'number';
  /** A text area of this many rows. */
  readonly rows?: number;
  /** A choice among these. */
  readonly options?: readonly (readonly [string, string])[];
  readonly placeholder?: string;
  /** Shown when nothing was typed. */
  readonly initial?: string;
  /** Several values, shown joined by 、. */
  readonly list?: boolean;
  readonly maxlength?: number;
  readonly hint?: string;
}

/** The fields of a form, in order (the registers' forms differ only in which fields they list). */
const FormFields: FC<{
  fields: readonly FieldDef[];
  values: FormValues;
  errors?: FieldErrors | undefined;
}> = ({ fields, values, errors }) => (
  <>
    {fields.map((f) => {
      const value = f.list ? vs(values[f.name]).join('、') : v1(values[f.name]) || (f.initial ?? '');
      const common = { name: f.name, label: f.label, required: f.required, hint: f.hint, errors, value };
      if (f.options) return <Select {...common} options={f.options} placeholder={f.placeholder} />;
      if (f.rows !== undefined) return <TextArea {...common} rows={f.rows} maxlength={f.maxlength} />;
      return <TextField {...common} type={f.type} maxlength={f.maxlength} />;
    })}
  </>
);

const STATE_TONE: Record<ItemState, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  draft: 'muted',
  review: 'info',
  secrecy: 'info',
  approval: 'info',
  approved: 'warn',
  published: 'ok',
  withdrawn: 'muted',
};

export const StatePill: FC<{ state: string }> = ({ state }) => (
  <Pill tone={STATE_TONE[state as ItemState] ?? 'muted'}>{STATE_LABELS[state as ItemState] ?? state}</Pill>
);

/** 《条例》第二十六条: the last day to publish, and a flag once it has passed. */
const Due: FC<{ v: ItemView }> = ({ v }) =>
  v.item.publishedOn ? (
    v.timeliness.late ? (
      <Pill tone="warn">超期发布（应于 {v.timeliness.due} 前）</Pill>
    ) : (
      <span class="hint">按期发布</span>
    )
  ) : v.timeliness.overdue ? (
    <Pill tone="bad">已超期（应于 {v.timeliness.due} 前发布）</Pill>
  ) : (
    <span>
      {v.timeliness.due} 前发布
      {v.timeliness.provisional ? <span class="hint">（日历未确认）</span> : null}
    </span>
  );

export const SubNav: FC<{ current: string }> = ({ current }) => (
  <nav aria-label="主动公开" class="actions">
    {(
      [
        ['queue', '/staff/publishing', '待办'],
        ['items', '/staff/publishing/items', '发布登记簿'],
        ['catalogue', '/staff/publishing/catalogue', '标准目录'],
        ['norms', '/staff/publishing/norms', '规范性文件'],
        ['consultations', '/staff/publishing/consultations', '公开征集意见'],
        ['work', '/staff/publishing/work', '工作记录'],
      ] as const
    ).map(([key, href, label]) => (
      <a
        class={`button${key === current ? ' primary' : ''}`}
        href={href}
        aria-current={key === current ? 'page' : undefined}
      >
        {label}
      </a>
    ))}
  </nav>
);

/** A page of the registers: the staff frame with the registers' navigation above its content. */
const RegisterFrame: FC<PropsWithChildren<Frame & { title: string; current: string; notice?: Child }>> = ({
  user,
  csrf,
  title,
  current,
  notice,
  children,
}) => (
  <Layout title={title} user={user} csrf={csrf} section="publishing" crumbs={CRUMBS} notice={notice}>
    <SubNav current={current} />
    {children}
  </Layout>
);

/** A register's form to add a record: its heading, the form's problem (when given), the fields and the button. */
const AddForm: FC<{
  id: string;
  title: string;
  action: string;
  submit: string;
  /** The page's token, what was typed and its errors (and the form's problem, shown above the fields). */
  form: { csrf: string; values: FormValues; errors?: FieldErrors | undefined; problem?: string | undefined };
  fields: readonly FieldDef[];
}> = ({ id, title, action, submit, form, fields }) => (
  <section aria-labelledby={id}>
    <h2 id={id}>{title}</h2>
    <Problem problem={form.problem} />
    <form method="post" action={action} class="stack">
      <Csrf token={form.csrf} />
      <FormFields values={form.values} errors={form.errors} fields={fields} />
      <button type="submit" class="primary">
        {submit}
      </button>
    </form>
  </section>
);

export const ItemTable: FC<{
  items: readonly ItemView[];
  names?: ReadonlyMap<string, string>;
  caption?: string;
}> = ({ items, names, caption }) => (
  <DataTable
    rows={items}
    caption={caption}
    empty="没有信息。"
    columns={['标题', '栏目', '形成日期', '状态', '发布期限（第二十六条）', names ? '起草人' : '发布日期']}
    row={(v) => (
      <tr>
        <th scope="row">
          <a href={`/staff/publishing/items/${v.item.id}`}>{v.item.title}</a>
          {v.item.docNo ? <span class="hint">{v.item.docNo}</span> : null}
        </th>
        <td>{v.item.category}</td>
        <td>{v.item.formedOn}</td>
        <td>
          <StatePill state={v.item.state} />
        </td>
        <td>
          <Due v={v} />
        </td>
        {names ? <td>{names.get(v.item.author) ?? v.item.author}</td> : <td>{v.item.publishedOn ?? ''}</td>}
      </tr>
    )}
  />
);

export interface ItemQueue {
  readonly state: ItemState;
  readonly role: ReviewRole;
  readonly label: string;
  readonly items: readonly ItemView[];
}

export const QueuePage: FC<
  Frame & {
    agencyName: string;
    today: string;
    queues: readonly ItemQueue[];
    overdue: readonly ItemView[];
    names: ReadonlyMap<string, string>;
    canCreate: boolean;
    notice?: string;
  }
> = ({ user, csrf, agencyName, today, queues, overdue, names, canCreate, notice }) => (
  <Layout
    title="主动公开"
    user={user}
    csrf={csrf}
    section="publishing"
    crumbs={[['办理工作台', '/staff']]}
    notice={notice}
  >
    <SubNav current="queue" />
    <p>
      {agencyName}的主动公开信息按“工作人员审核 → 保密审查 → 主管领导审批 →
      发布”办理；属于主动公开范围的政府信息应当自形成或者变更之日起 20
      个工作日内公开（《条例》第二十六条）。今天是 {today}。
    </p>
    {canCreate ? (
      <p class="actions">
        <a class="button primary" href="/staff/publishing/new">
          登记新信息
        </a>
      </p>
    ) : null}
    {queues.map((q) => (
      <section aria-labelledby={`queue-${q.state}`}>
        <h2 id={`queue-${q.state}`}>
          {q.label}（{q.items.length}）<span class="hint">由{ROLE_LABELS[q.role]}办理</span>
        </h2>
        <ItemTable items={q.items} names={names} />
      </section>
    ))}
    <section aria-labelledby="queue-overdue">
      <h2 id="queue-overdue">超过 20 个工作日仍未发布（{overdue.length}）</h2>
      <ItemTable items={overdue} names={names} />
    </section>
  </Layout>
);

export const RegisterPage: FC<
  Frame & { items: readonly ItemView[]; counts: PublishingCounts; state: string; year: number | null }
> = ({ user, csrf, items, counts, state, year }) => (
  <RegisterFrame title="主动公开发布登记簿" user={user} csrf={csrf} current="items">
    <form method="get" action="/staff/publishing/items" class="filters">
      <Select
        name="state"
        label="状态"
        value={state}
        placeholder="全部"
        options={Object.entries(STATE_LABELS) as [string, string][]}
      />
      <TextField
        name="year"
        label="发布年度"
        type="number"
        value={year ? String(year) : ''}
        hint="按发布日期筛选"
      />
      <button type="submit" class="primary">
        筛选
      </button>
    </form>
    <ItemTable items={items} caption={`共 ${items.length} 条`} />
    <h2>已发布条数{year ? `（${year}年）` : ''}</h2>
    <DataTable
      rows={counts.total ? counts.byColumn : []}
      caption={`共 ${counts.total} 条，最近更新 ${counts.lastPublishedOn ?? ''}`}
      empty="尚无已发布的信息。"
      columns={['目录栏目', ['条数', 'n'], '最近更新日期']}
      row={(r) => (
        <tr>
          <th scope="row">{r.name}</th>
          <td class="n">{r.count}</td>
          <td>{r.lastPublishedOn ?? ''}</td>
        </tr>
      )}
    />
  </RegisterFrame>
);

const CHANNEL_HINT = `常用渠道：${CHANNELS.join('、')}；多个渠道用顿号或逗号分隔`;

export const ItemFormPage: FC<
  Frame &
    FormProps & {
      itemId: number | null;
      matters: readonly { id: number; name: string; domain: string | null }[];
      departments: readonly { id: number; name: string }[];
      today: string;
    }
> = ({ user, csrf, itemId, values, errors, problem, matters, departments, today }) => (
  <Layout
    title={itemId ? '修改主动公开信息' : '登记主动公开信息'}
    user={user}
    csrf={csrf}
    section="publishing"
    crumbs={itemId ? [...CRUMBS, ['信息', `/staff/publishing/items/${itemId}`]] : CRUMBS}
  >
    <Problem problem={problem} />
    <form
      method="post"
      action={itemId ? `/staff/publishing/items/${itemId}/edit` : '/staff/publishing/new'}
      class="stack"
    >
      <Csrf token={csrf} />
      <FormFields
        values={values}
        errors={errors}
        fields={[
          { name: 'title', label: '标题', required: true, maxlength: 300 },
          { name: 'docNo', label: '文号', maxlength: 100 },
          {
            name: 'matterId',
            label: '目录事项',
            placeholder: '（不属于目录中的事项）',
            options: matters.map(
              (m) => [String(m.id), m.domain ? `${m.domain} · ${m.name}` : m.name] as const,
            ),
            hint: '属于政务公开标准目录中哪一事项；门户网站的目录在该事项下列出本信息',
          },
          {
            name: 'category',
            label: '公开目录栏目',
            required: true,
            maxlength: 100,
            hint: '如：通知公告、机构职能、规划信息',
          },
          ...(departments.length
            ? [
                {
                  name: 'department',
                  label: '内设机构',
                  placeholder: '（本机关）',
                  options: departments.map((d) => [String(d.id), d.name] as const),
                },
              ]
            : []),
          {
            name: 'formedOn',
            label: '形成或变更日期',
            type: 'date',
            required: true,
            hint: `自该日起 20 个工作日内发布（《条例》第二十六条）；不晚于今天 ${today}`,
          },
          { name: 'channels', label: '发布渠道', list: true, hint: CHANNEL_HINT },
          { name: 'body', label: '正文', rows: 8 },
          { name: 'url', label: '发布网址', maxlength: 2000 },
        ]}
      />
      <p class="actions">
        <button type="submit" class="primary">
          {itemId ? '保存修改' : '登记为草稿'}
        </button>
      </p>
    </form>
  </Layout>
);

const STEP_LABELS: Record<string, string> = {
  submit: '提交审核',
  pass: '通过',
  return: '退回',
  publish: '发布',
  withdraw: '撤回',
};

/** The step's name in the chain: "保密审查退回", "主管领导审批通过". */
const stepLabel = (from: string, action: string) =>
  TRANSITIONS.find((t) => t.from === from && t.action === action)?.label ?? STEP_LABELS[action] ?? action;

/** A moment in Beijing time (UTC+8, no daylight saving). */
const chinaTime = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export const ItemPage: FC<
  Frame & {
    detail: ItemDetail;
    attachments: readonly AttachmentMeta[];
    names: ReadonlyMap<string, string>;
    matterName: string | null;
    canEdit: boolean;
    problem?: string;
    reason?: string;
    notice?: string;
  }
> = ({ user, csrf, detail, attachments, names, matterName, canEdit, problem, reason, notice }) => {
  const { item } = detail;
  const who = (actor: string) => names.get(actor) ?? actor.replace(/^user:/, '');
  const base = `/staff/publishing/items/${item.id}`;
  const needsReason = detail.next.some((n) => n.action === 'return' || n.action === 'withdraw');
  return (
    <Layout title={item.title} user={user} csrf={csrf} section="publishing" crumbs={CRUMBS} notice={notice}>
      <Problem problem={problem} />
      {detail.returnedFor ? (
        <p class="error-box" role="status">
          已被退回修改，理由：{detail.returnedFor}
        </p>
      ) : null}
      <Facts
        items={[
          ['状态', <StatePill state={item.state} />],
          ['文号', item.docNo ?? '—'],
          ['公开目录栏目', item.category],
          ['目录事项', matterName ?? '—'],
          ['内设机构', detail.department ?? '—'],
          ['形成日期', item.formedOn],
          ['发布期限', <Due v={detail} />],
          ['发布日期', item.publishedOn ?? '—'],
          ['发布渠道', item.channels.join('、') || '—'],
          ['起草人', who(item.author)],
          ['发布网址', item.url ?? '—'],
        ]}
      />
      {item.body ? (
        <section aria-labelledby="body-h">
          <h2 id="body-h">正文</h2>
          {item.body.split(/\n+/).map((p) => (
            <p>{p}</p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="att-h">
        <h2 id="att-h">附件（{attachments.length}）</h2>
        {attachments.length ? (
          <ul>
            {attachments.map((a) => (
              <li>
                <a href={`${base}/attachments/${a.id}`}>{a.name}</a>{' '}
                <span class="hint">
                  {Math.max(1, Math.round(a.size / 1024))} KB，SHA-256 {a.sha256.slice(0, 12)}…
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>无附件。</Empty>
        )}
        {canEdit ? (
          <form method="post" action={`${base}/attachments`} enctype="multipart/form-data" class="stack">
            <Csrf token={csrf} />
            <div class="field">
              <label for="file">添加附件</label>
              <input id="file" name="file" type="file" multiple aria-describedby="file-hint" />
              <span class="hint" id="file-hint">
                仅草稿可添加附件：审核的内容就是发布的内容
              </span>
            </div>
            <button type="submit">上传附件</button>
          </form>
        ) : null}
      </section>
      {canEdit ? (
        <p class="actions">
          <a class="button" href={`${base}/edit`}>
            修改草稿
          </a>
        </p>
      ) : null}
      {detail.withheldStep && !detail.next.length ? (
        <section aria-labelledby="step-h">
          <h2 id="step-h">办理</h2>
          <p class="hint">{detail.withheldStep}</p>
        </section>
      ) : null}
      {detail.next.length ? (
        <section aria-labelledby="step-h">
          <h2 id="step-h">办理</h2>
          {detail.withheldStep ? <p class="hint">{detail.withheldStep}</p> : null}
          <form method="post" action={`${base}/step`} class="stack">
            <Csrf token={csrf} />
            {needsReason ? (
              <TextArea
                name="reason"
                label="理由"
                value={reason ?? ''}
                rows={3}
                hint="退回或撤回须写明理由，起草人在信息页上看到"
                errors={problem && !reason ? { reason: problem } : undefined}
              />
            ) : null}
            {detail.next.some((n) => n.action === 'publish') ? (
              <TextField name="publishedOn" label="发布日期" type="date" value="" hint="默认今天" />
            ) : null}
            <p class="actions">
              {detail.next.map((n) => (
                <button
                  type="submit"
                  name="action"
                  value={n.action}
                  class={n.action === 'return' || n.action === 'withdraw' ? '' : 'primary'}
                >
                  {n.label}
                </button>
              ))}
            </p>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="hist-h">
        <h2 id="hist-h">办理记录</h2>
        {detail.steps.length ? (
          <ol class="timeline">
            {detail.steps.map((s) => (
              <li>
                <strong>{stepLabel(s.fromState, s.action)}</strong>：{STATE_LABELS[s.fromState as ItemState]}{' '}
                → {STATE_LABELS[s.toState as ItemState]}，{who(s.actor)}（
                {ROLE_LABELS[s.role as ReviewRole] ?? s.role}），
                {chinaTime(s.at)}
                {s.reason ? <div>理由：{s.reason}</div> : null}
              </li>
            ))}
          </ol>
        ) : (
          <Empty>尚未提交审核。</Empty>
        )}
      </section>
    </Layout>
  );
};

export const MattersPage: FC<
  Frame & FormProps & { matters: readonly MatterView[]; canEdit: boolean; notice?: string }
> = ({ user, csrf, matters, canEdit, values, errors, problem, notice }) => (
  <RegisterFrame title="政务公开标准目录" user={user} csrf={csrf} current="catalogue" notice={notice}>
    <DataTable
      rows={matters}
      caption={`共 ${matters.length} 项`}
      empty="目录中尚无事项。"
      columns={['事项', '公开内容', '时限', ['已发布', 'n']]}
      row={(m) => (
        <tr>
          <th scope="row">
            {m.domain ? <span class="hint">{m.domain}</span> : null}
            <a href={`/catalogue/matters/${m.id}`}>{m.name}</a>
          </th>
          <td>{m.content}</td>
          <td>{m.timeLimit}</td>
          <td class="n">{m.items}</td>
        </tr>
      )}
    />
    {canEdit ? (
      <AddForm
        id="add-matter"
        title="登记目录事项"
        action="/staff/publishing/catalogue"
        submit="登记事项"
        form={{ csrf, values, errors, problem }}
        fields={[
          { name: 'domain', label: '领域' },
          { name: 'name', label: '事项名称', required: true },
          { name: 'content', label: '公开内容', required: true, rows: 3 },
          { name: 'basis', label: '公开依据', required: true, rows: 2 },
          {
            name: 'timeLimit',
            label: '公开时限',
            required: true,
            initial: '信息形成或变更之日起20个工作日内',
          },
          { name: 'subject', label: '公开主体', required: true },
          { name: 'channels', label: '公开渠道', list: true },
          {
            name: 'mode',
            label: '公开方式',
            required: true,
            initial: 'proactive',
            options: [
              ['proactive', '主动公开'],
              ['onRequest', '依申请公开'],
            ],
          },
          { name: 'category', label: '目录栏目' },
        ]}
      />
    ) : null}
  </RegisterFrame>
);

export const NormsPage: FC<
  Frame &
    FormProps & {
      docs: readonly NormDocRow[];
      agencyId: number;
      canEdit: boolean;
      canBuild: boolean;
      today: string;
      notice?: string;
    }
> = ({ user, csrf, docs, agencyId, canEdit, canBuild, values, errors, problem, today, notice }) => {
  const year = Number(today.slice(0, 4));
  return (
    <RegisterFrame title="规章和规范性文件登记簿" user={user} csrf={csrf} current="norms" notice={notice}>
      <p>
        年度报告表二“第二十条第（一）项”的制发、废止和现行有效件数由本登记簿生成。
        {canBuild ? (
          <>
            {' '}
            <a href={`/staff/agencies/${agencyId}/report/${year}`}>查看{year}年度报告表二</a>
          </>
        ) : null}
      </p>
      <Problem problem={problem} />
      <DataTable
        rows={docs}
        caption={`共 ${docs.length} 件`}
        empty="尚未登记规章或规范性文件。"
        columns={['文号', '标题', '类别', '印发日期', '公开日期', '废止']}
        row={(d) => (
          <tr>
            <th scope="row">{d.docNo}</th>
            <td>{d.title}</td>
            <td>{NORM_KIND_LABELS[d.kind as NormKind] ?? d.kind}</td>
            <td>{d.issuedOn}</td>
            <td>{d.publishedOn ?? '—'}</td>
            <td>
              {d.repealedOn ? (
                <>
                  {d.repealedOn} 废止{d.repealNote ? <span class="hint">{d.repealNote}</span> : null}
                </>
              ) : canEdit ? (
                <details>
                  <summary>登记废止</summary>
                  <form method="post" action={`/staff/publishing/norms/${d.id}/repeal`} class="stack">
                    <Csrf token={csrf} />
                    <TextField name="repealedOn" label="废止日期" type="date" required value={today} />
                    <TextField name="note" label="废止说明" value="" />
                    <button type="submit">确认废止</button>
                  </form>
                </details>
              ) : (
                '现行有效'
              )}
            </td>
          </tr>
        )}
      />
      {canEdit ? (
        <AddForm
          id="add-norm"
          title="登记规章或规范性文件"
          action="/staff/publishing/norms"
          submit="登记"
          form={{ csrf, values, errors }}
          fields={[
            {
              name: 'kind',
              label: '类别',
              required: true,
              initial: 'normativeDocument',
              options: Object.entries(NORM_KIND_LABELS) as [string, string][],
            },
            { name: 'docNo', label: '文号', required: true },
            { name: 'title', label: '标题', required: true },
            { name: 'issuedOn', label: '印发日期', type: 'date', required: true },
            { name: 'publishedOn', label: '公开日期', type: 'date' },
          ]}
        />
      ) : null}
    </RegisterFrame>
  );
};

export const ConsultationsPage: FC<
  Frame & FormProps & { consultations: readonly ConsultationRow[]; canEdit: boolean; notice?: string }
> = ({ user, csrf, consultations, canEdit, values, errors, problem, notice }) => (
  <RegisterFrame title="公开征集意见" user={user} csrf={csrf} current="consultations" notice={notice}>
    {consultations.length ? (
      <ul>
        {consultations.map((x) => (
          <li>
            <a href={`/staff/publishing/consultations/${x.id}`}>{x.title}</a>{' '}
            <span class="hint">
              {x.opensOn} 至 {x.closesOn}
              {x.feedbackPublishedOn ? `，${x.feedbackPublishedOn} 已公布反馈` : '，尚未公布反馈'}
            </span>
          </li>
        ))}
      </ul>
    ) : (
      <Empty>尚未登记征集。</Empty>
    )}
    {canEdit ? (
      <AddForm
        id="add-c"
        title="登记征集"
        action="/staff/publishing/consultations"
        submit="登记"
        form={{ csrf, values, errors, problem }}
        fields={[
          { name: 'title', label: '征集标题', required: true },
          { name: 'description', label: '征集说明', rows: 3 },
          { name: 'opensOn', label: '开始日期', type: 'date', required: true },
          { name: 'closesOn', label: '截止日期', type: 'date', required: true },
        ]}
      />
    ) : null}
  </RegisterFrame>
);

export const ConsultationPage: FC<
  Frame & FormProps & { view: ConsultationView; canEdit: boolean; today: string; notice?: string }
> = ({ user, csrf, view, canEdit, values, errors, problem, today, notice }) => {
  const c = view.consultation;
  const base = `/staff/publishing/consultations/${c.id}`;
  return (
    <Layout
      title={c.title}
      user={user}
      csrf={csrf}
      section="publishing"
      crumbs={[...CRUMBS, ['公开征集意见', '/staff/publishing/consultations']]}
      notice={notice}
    >
      <Problem problem={problem} />
      <Facts
        items={[
          ['征集期', `${c.opensOn} 至 ${c.closesOn}`],
          ['收到意见', `${view.total} 条`],
          [
            '按类别',
            view.byCategory.length ? view.byCategory.map((x) => `${x.name}${x.count}条`).join('、') : '—',
          ],
          ['反馈', c.feedbackPublishedOn ? `${c.feedbackPublishedOn} 公布` : '尚未公布'],
        ]}
      />
      {c.description ? <p>{c.description}</p> : null}
      {c.feedback ? (
        <section aria-labelledby="fb-h">
          <h2 id="fb-h">意见采纳情况反馈</h2>
          <p>{c.feedback}</p>
        </section>
      ) : null}
      <h2>意见</h2>
      <DataTable
        rows={view.opinions}
        empty="尚未收到意见。"
        columns={['收到日期', '内容', '类别']}
        row={(o) => (
          <tr>
            <td>{o.receivedOn}</td>
            <td>
              {o.content}
              {o.channel ? <span class="hint">{o.channel}</span> : null}
            </td>
            <td>
              {o.category ?? '未分类'}
              {canEdit ? (
                <form method="post" action={`${base}/opinions/${o.id}/classify`} class="inline">
                  <Csrf token={csrf} />
                  <label class="hint" for={`cat-${o.id}`}>
                    归类为
                  </label>{' '}
                  <input id={`cat-${o.id}`} name="category" value={o.category ?? ''} maxlength={100} />{' '}
                  <button type="submit">归类</button>
                </form>
              ) : null}
            </td>
          </tr>
        )}
      />
      {canEdit ? (
        <>
          <AddForm
            id="op-h"
            title="登记意见"
            action={`${base}/opinions`}
            submit="登记意见"
            form={{ csrf, values, errors }}
            fields={[
              { name: 'receivedOn', label: '收到日期', type: 'date', required: true },
              { name: 'content', label: '意见内容', required: true, rows: 3 },
              { name: 'author', label: '提出人' },
              { name: 'channel', label: '渠道' },
              { name: 'category', label: '类别' },
            ]}
          />
          {c.feedbackPublishedOn ? null : (
            <AddForm
              id="fbf-h"
              title="公布意见采纳情况"
              action={`${base}/feedback`}
              submit="公布反馈"
              form={{ csrf, values, errors }}
              fields={[
                { name: 'feedback', label: '反馈内容', required: true, rows: 4 },
                {
                  name: 'publishedOn',
                  label: '发布日期',
                  type: 'date',
                  required: true,
                  initial: today,
                  hint: '征集截止后发布',
                },
              ]}
            />
          )}
        </>
      ) : null}
    </Layout>
  );
};

export const WorkPage: FC<
  Frame & FormProps & { records: readonly WorkRecordRow[]; canEdit: boolean; today: string; notice?: string }
> = ({ user, csrf, records, canEdit, values, errors, problem, today, notice }) => (
  <RegisterFrame title="政务公开工作记录" user={user} csrf={csrf} current="work" notice={notice}>
    <p>培训、政务开放日和监督检查的次数与人次，年度报告第一部分“监督保障”引用。</p>
    <DataTable
      rows={records}
      empty="尚无工作记录。"
      columns={['日期', '类型', ['次数', 'n'], ['人次', 'n'], '备注']}
      row={(r) => (
        <tr>
          <td>{r.on}</td>
          <td>{WORK_KIND_LABELS[r.kind as WorkKind] ?? r.kind}</td>
          <td class="n">{r.count}</td>
          <td class="n">{r.participants}</td>
          <td>{r.note ?? ''}</td>
        </tr>
      )}
    />
    {canEdit ? (
      <AddForm
        id="add-w"
        title="登记工作记录"
        action="/staff/publishing/work"
        submit="登记"
        form={{ csrf, values, errors, problem }}
        fields={[
          { name: 'on', label: '日期', type: 'date', required: true, initial: today },
          {
            name: 'kind',
            label: '类型',
            required: true,
            initial: 'training',
            options: Object.entries(WORK_KIND_LABELS) as [string, string][],
          },
          { name: 'count', label: '次数', type: 'number', initial: '1' },
          { name: 'participants', label: '人次', type: 'number', initial: '0' },
          { name: 'note', label: '备注' },
        ]}
      />
    ) : null}
  </RegisterFrame>
);

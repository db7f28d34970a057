// The working-day calendar pages (routes/calendar.tsx): the years on record and the local adjustments, one year as
// twelve small months, the import of a year's 国务院办公厅 notice, and the result of a deadline recomputation.
// Every mark in the month grid is a character as well as a colour (休 / 班), so the page reads in print and
// without colour.
import type { FC } from 'hono/jsx';
import type { CalendarAdjustmentLine, CalendarYearSummary } from '../../cases/calendar.ts';
import type { DayKind, HolidayNotice } from '../../domain/calendar/index.ts';
import {
  AgencySelect,
  Csrf,
  Empty,
  ErrorSummary,
  Facts,
  type FieldErrors,
  type Frame,
  Radios,
  Select,
  TextArea,
  TextField,
} from './components.tsx';
import { Layout } from './layout.tsx';

const CRUMBS = [['工作日历', '/admin/calendar']] as const;

const KIND_LABELS: Record<DayKind, string> = {
  weekday: '工作日',
  weekend: '周末休息日',
  holiday: '放假（国务院办公厅通知）',
  makeupWorkday: '调休上班日',
  localHoliday: '本地调整：放假',
  localWorkday: '本地调整：上班',
};
const MARK: Partial<Record<DayKind, string>> = {
  holiday: '休',
  makeupWorkday: '班',
  localHoliday: '休',
  localWorkday: '班',
};

export const ADJUSTMENT_KIND_LABELS = { holiday: '放假', workday: '上班' } as const;

const NoticeLine: FC<{ n: HolidayNotice }> = ({ n }) => (
  <>
    {n.url ? <a href={n.url}>{n.title}</a> : n.title}
    {n.docNumber ? `（${n.docNumber}）` : ''}
    {n.published ? `，${n.published} 发布` : ''}
  </>
);

// ------------------------------------------------------------------------------------------------ the overview

export interface StaleCase {
  readonly code: string;
  readonly agencyName: string;
  readonly dueOn: string | null;
}

export interface RecomputeRun {
  readonly id: number;
  readonly at: string;
  readonly by: string;
  readonly checked: number;
  readonly moved: number;
}

export interface CalendarOverview {
  readonly today: string;
  readonly canManage: boolean;
  readonly years: readonly CalendarYearSummary[];
  readonly adjustments: readonly CalendarAdjustmentLine[];
  /** The year after today's, and whether its notice is on record. */
  readonly nextYear: { readonly year: number; readonly onRecord: boolean };
  /** Open cases whose stored due date is marked 暂定. */
  readonly provisionalOpen: number;
  readonly stale: readonly StaleCase[];
  readonly runs: readonly RecomputeRun[];
  readonly administrators: readonly string[];
  /** [agency code, indented name] for the adjustment form. */
  readonly agencies: readonly (readonly [string, string])[];
}

export const CalendarOverviewPage: FC<
  Frame &
    CalendarOverview & {
      notice?: string;
      errors?: FieldErrors;
      values?: Readonly<Record<string, string>>;
    }
> = (p) => {
  const { user, csrf, canManage, years, adjustments, nextYear, stale, errors, values } = p;
  const ask = p.administrators.length ? `系统管理员（${p.administrators.join('、')}）` : '系统管理员';
  return (
    <Layout title="工作日历" user={user} csrf={csrf} section="admin" notice={p.notice}>
      <p>
        依申请公开的各项期限按工作日计算（《条例》第三十三条：收到申请之日起 20
        个工作日内答复，经批准可延长不超过 20
        个工作日）。工作日为周一至周五，除去国务院办公厅每年通知的放假日，加上调休上班日，再按本地调整修正。
      </p>
      <p class="actions">
        <a class="button" href={`/admin/calendar/${nextYear.year - 1}`}>
          {nextYear.year - 1} 年日历
        </a>
        <a class="button" href={`/admin/calendar/${nextYear.year}`}>
          {nextYear.year} 年日历{nextYear.onRecord ? '' : '（暂定）'}
        </a>
        {canManage ? (
          <a class="button primary" href="/admin/calendar/import">
            录入一年的放假安排
          </a>
        ) : null}
      </p>
      {nextYear.onRecord ? null : (
        <div class="error-box" role="alert">
          <p>
            <strong>尚未录入 {nextYear.year} 年的放假安排。</strong>
            期限延伸到 {nextYear.year} 年（以及 {nextYear.year - 1} 年 12 月 25
            日以后，因下一年的通知可能调整这几天）
            的案件，目前按《全国年节及纪念日放假办法》规定的法定节假日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节，
            以及第六条的补假）推算，不含国务院办公厅通知的调休安排，均标为“暂定”。
            {p.provisionalOpen ? `目前有 ${p.provisionalOpen} 件未办结案件的期限为暂定。` : ''}
          </p>
          <p>
            国务院办公厅通常在上一年 10 月下旬至 12 月初发布《关于{nextYear.year}
            年部分节假日安排的通知》；发布后
            {canManage ? (
              <>
                请<a href="/admin/calendar/import">录入 {nextYear.year} 年</a>，再重算期限。
              </>
            ) : (
              `请${ask}录入。`
            )}
          </p>
        </div>
      )}
      <section aria-labelledby="recompute">
        <h2 id="recompute">期限重算</h2>
        {stale.length === 0 ? (
          <p class="ok-line">所有未办结案件的期限都已按现行日历计算。</p>
        ) : (
          <div class="error-box" role="status">
            <p>
              有 <strong>{stale.length}</strong>{' '}
              件未办结案件的期限是按旧版日历计算的。案件列表、提醒和已出具的文书仍按原日期，重算后统一（记入审计日志）。
            </p>
            {canManage ? (
              <>
                <ul class="cells">
                  {stale.slice(0, 20).map((s) => (
                    <li>
                      <a href={`/staff/cases/${encodeURIComponent(s.code)}`}>{s.code}</a>（{s.agencyName}
                      ，现记录的答复期限 {s.dueOn ?? '—'}）
                    </li>
                  ))}
                  {stale.length > 20 ? <li>……共 {stale.length} 件</li> : null}
                </ul>
                <p class="actions">
                  <a class="button primary" href="/admin/calendar/recompute/preview">
                    预览重算：看哪些期限将改变
                  </a>
                </p>
              </>
            ) : (
              <p>重算由{ask}进行。</p>
            )}
          </div>
        )}
        {p.runs.length ? (
          <>
            <h3>最近的重算</h3>
            <ul>
              {p.runs.map((r) => (
                <li>
                  {r.at}，{r.by}：检查 {r.checked} 件，期限变动 {r.moved} 件
                  {canManage ? (
                    <>
                      {' '}
                      <a href={`/admin/calendar/recompute/${r.id}`}>查看结果</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <h2>本地调整</h2>
      <p class="hint">
        全国通知之外、由本地决定的放假或上班日（如本省延长春节假期）。指定机关的调整适用于该机关及其下级机关；同一日期以最近的一级为准。
      </p>
      {adjustments.length === 0 ? (
        <Empty>没有本地调整。</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">调整为</th>
                <th scope="col">理由</th>
                <th scope="col">决定机关、文号</th>
                <th scope="col">适用机关</th>
              </tr>
            </thead>
            <tbody>
              {adjustments.map((a) => (
                <tr>
                  <td class="nowrap">
                    <a href={`/admin/calendar/${a.date.slice(0, 4)}`}>{a.date}</a>
                  </td>
                  <td>{ADJUSTMENT_KIND_LABELS[a.kind]}</td>
                  <td>{a.reason}</td>
                  <td>{a.authority ?? '—'}</td>
                  <td>
                    {a.agencyCode ? (
                      <a
                        href={`/admin/calendar/${a.date.slice(0, 4)}?agency=${encodeURIComponent(a.agencyCode)}`}
                        title="查看该机关适用的日历"
                      >
                        {a.agencyName}
                      </a>
                    ) : (
                      '全部机关'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <>
          <h3 id="adjust">添加本地调整</h3>
          <ErrorSummary
            errors={errors}
            labels={{
              date: '日期',
              kind: '调整为',
              reason: '理由',
              authority: '决定机关',
              agency: '适用机关',
            }}
          />
          <form method="post" action="/admin/calendar/adjustments" class="stack">
            <Csrf token={csrf} />
            <TextField name="date" label="日期" type="date" required value={values?.date} errors={errors} />
            <Radios
              name="kind"
              label="调整为"
              required
              value={values?.kind ?? null}
              options={[
                ['holiday', '放假', '（全国通知为工作日，本地放假）'],
                ['workday', '上班', '（全国通知为休息日，本地上班）'],
              ]}
              errors={errors}
            />
            <TextField
              name="reason"
              label="理由"
              required
              hint="如：本省春节假期延长"
              value={values?.reason}
              maxlength={200}
              errors={errors}
            />
            <TextField
              name="authority"
              label="决定机关、文号"
              hint="如：某省人民政府办公厅 某政办明电〔2027〕1号"
              value={values?.authority}
              maxlength={200}
              errors={errors}
            />
            <Select
              name="agency"
              label="适用机关"
              placeholder="全部机关"
              value={values?.agency}
              options={p.agencies}
              errors={errors}
            />
            <button type="submit">添加本地调整</button>
          </form>
        </>
      ) : (
        <p class="hint">录入放假安排和本地调整由{ask}进行。</p>
      )}
      <h2>已录入的年份</h2>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col" class="nowrap">
                年份
              </th>
              <th scope="col" class="nowrap">
                放假
              </th>
              <th scope="col" class="nowrap">
                调休上班
              </th>
              <th scope="col">依据的通知</th>
              <th scope="col">版本</th>
            </tr>
          </thead>
          <tbody>
            {[...years].reverse().map((y) => (
              <tr>
                <td class="nowrap">
                  <a href={`/admin/calendar/${y.year}`}>{y.year} 年</a>
                </td>
                <td class="nowrap">{y.holidays} 天</td>
                <td class="nowrap">{y.workdays} 天</td>
                <td>
                  {y.notices.map((n, i) => (
                    <>
                      {i ? '；' : ''}
                      <NoticeLine n={n} />
                    </>
                  ))}
                </td>
                <td class="nowrap">{y.version}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
};

// ------------------------------------------------------------------------------------------------ one year

export interface GridDay {
  readonly date: string;
  readonly day: number;
  readonly kind: DayKind;
  readonly name: string;
}

export interface CalendarYearView {
  readonly year: number;
  /** confirmed: the notice is on record; projected: statutory holidays only (暂定); none: Monday–Friday only. */
  readonly status: 'confirmed' | 'projected' | 'none';
  readonly notices: readonly HolidayNotice[];
  readonly version: string | null;
  readonly basis: string | null;
  /** Twelve months, each a list of weeks (Monday first), null for the days of another month. */
  readonly months: readonly (readonly (readonly (GridDay | null)[])[])[];
  readonly holidays: readonly GridDay[];
  readonly workdays: readonly GridDay[];
  /** The adjustments that apply to the agency shown; `overridden` when a nearer agency's one wins that date. */
  readonly local: readonly (CalendarAdjustmentLine & { readonly overridden: boolean })[];
  /** The agency whose calendar is shown (national + its own and its ancestors' adjustments). */
  readonly agency: { readonly id: number; readonly name: string; readonly own: boolean };
  /** Every agency, indented by depth, for the selector. */
  readonly agencies: readonly { id: number; name: string }[];
  readonly canManage: boolean;
  readonly staleOpenCases: number;
  /** The stale cases counted: of the agency shown and its subtree (?agency=), or of the whole installation. */
  readonly stale: { readonly scope: 'agency' | 'all'; readonly cases: readonly StaleCase[] };
  readonly years: readonly number[];
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

const DayCell: FC<{ d: GridDay | null }> = ({ d }) => {
  if (!d) return <td class="cal-blank"></td>;
  const mark = MARK[d.kind];
  const title = `${d.date} ${KIND_LABELS[d.kind]}${d.name ? `：${d.name}` : ''}`;
  return (
    <td class={`cal-${d.kind}`} title={title}>
      <span class="cal-day">{d.day}</span>
      {mark ? (
        <span class="cal-mark" aria-hidden="true">
          {mark}
        </span>
      ) : null}
      <span class="sr-only">{`${KIND_LABELS[d.kind]}${d.name ? `：${d.name}` : ''}`}</span>
    </td>
  );
};

const DayList: FC<{ days: readonly GridDay[] }> = ({ days }) => {
  // Consecutive days of the same name are one line: 2027-02-05 至 2027-02-11 春节.
  const lines: { from: string; to: string; name: string; n: number }[] = [];
  for (const d of days) {
    const last = lines.at(-1);
    const next = last ? new Date(`${last.to}T00:00:00Z`) : null;
    next?.setUTCDate(next.getUTCDate() + 1);
    if (last && last.name === d.name && next?.toISOString().slice(0, 10) === d.date) {
      last.to = d.date;
      last.n++;
    } else lines.push({ from: d.date, to: d.date, name: d.name, n: 1 });
  }
  return (
    <ul>
      {lines.map((l) => (
        <li>
          {l.from === l.to ? l.from : `${l.from} 至 ${l.to}（${l.n} 天）`} {l.name}
        </li>
      ))}
    </ul>
  );
};

export const CalendarYearPage: FC<Frame & CalendarYearView & { notice?: string }> = (p) => {
  const q = p.agency.own ? '' : `?agency=${p.agency.id}`;
  return (
    <Layout
      title={`${p.year} 年工作日历`}
      user={p.user}
      csrf={p.csrf}
      section="admin"
      crumbs={CRUMBS}
      notice={p.notice}
    >
      <nav aria-label="年份" class="actions">
        {p.years.includes(p.year - 1) || p.status !== 'none' ? (
          <a href={`/admin/calendar/${p.year - 1}${q}`}>← {p.year - 1} 年</a>
        ) : null}{' '}
        <a href={`/admin/calendar/${p.year + 1}${q}`}>{p.year + 1} 年 →</a>
      </nav>
      <form method="get" action={`/admin/calendar/${p.year}`} class="filters" aria-label="选择机关">
        <AgencySelect
          name="agency"
          label="按机关查看"
          hint="全国放假安排，加上该机关及其上级机关的本地调整（同一日期以最近的一级为准）"
          agencies={p.agencies}
          value={p.agency.id}
        />
        <button type="submit">查看</button>
      </form>
      <p class="hint" id="calendar-agency">
        下表是<strong>{p.agency.name}</strong>
        {p.agency.own ? '（本机关）' : ''}适用的工作日历。
      </p>
      {p.status === 'confirmed' ? (
        <Facts
          items={[
            [
              '依据',
              p.notices.map((n, i) => (
                <>
                  {i ? '；' : ''}
                  <NoticeLine n={n} />
                </>
              )),
            ],
            ['版本', p.version ?? '—'],
            ['放假', `${p.holidays.length} 天`],
            ['调休上班', `${p.workdays.length} 天`],
          ]}
        />
      ) : (
        <div class="error-box" role="alert">
          <p>
            <strong>{p.year} 年的放假安排尚未录入。</strong>
            {p.status === 'projected'
              ? `下表按${p.basis ?? '《全国年节及纪念日放假办法》'}推算法定节假日及补假，不含国务院办公厅通知的调休安排；据此计算的期限均为“暂定”。`
              : '下表只按周一至周五计算工作日；据此计算的期限均为“暂定”。'}
            {p.canManage ? (
              <>
                {' '}
                <a href="/admin/calendar/import">录入 {p.year} 年的放假安排</a>
              </>
            ) : null}
          </p>
        </div>
      )}
      {p.staleOpenCases > 0 ? (
        <div class="error-box" role="status">
          <p>
            {p.stale.scope === 'agency' ? `${p.agency.name}及所属机关` : ''}有 {p.staleOpenCases}{' '}
            件未办结案件的期限是按旧版日历计算的。
            {p.canManage ? <a href="/admin/calendar#recompute">去重算期限</a> : '重算由系统管理员进行。'}
          </p>
          {/* Listed for those who run the recompute, as on the overview; others see the count. */}
          {p.stale.scope === 'agency' && p.canManage ? (
            <ul class="cells">
              {p.stale.cases.slice(0, 20).map((s) => (
                <li>
                  <a href={`/staff/cases/${encodeURIComponent(s.code)}`}>{s.code}</a>（{s.agencyName}
                  ，现记录的答复期限 {s.dueOn ?? '—'}）
                </li>
              ))}
              {p.stale.cases.length > 20 ? <li>……共 {p.stale.cases.length} 件</li> : null}
            </ul>
          ) : null}
        </div>
      ) : p.stale.scope === 'agency' ? (
        <p class="ok-line">{p.agency.name}及所属机关的未办结案件，期限都已按现行日历计算。</p>
      ) : null}
      <ul class="cal-legend" aria-label="图例">
        <li>
          <span class="cal-swatch cal-holiday">休</span> 放假（国务院办公厅通知
          {p.status === 'projected' ? '；本年为推算' : ''}）
        </li>
        <li>
          <span class="cal-swatch cal-makeupWorkday">班</span> 调休上班日
        </li>
        <li>
          <span class="cal-swatch cal-localHoliday">休</span> 本地调整：放假
        </li>
        <li>
          <span class="cal-swatch cal-localWorkday">班</span> 本地调整：上班
        </li>
        <li>
          <span class="cal-swatch cal-weekend">六</span> 周末休息日
        </li>
      </ul>
      <div class="cal-months">
        {p.months.map((weeks, m) => (
          <table class="cal-month">
            <caption>{m + 1} 月</caption>
            <thead>
              <tr>
                {WEEKDAYS.map((w) => (
                  <th scope="col" abbr={`星期${w}`}>
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr>
                  {w.map((d) => (
                    <DayCell d={d} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <div class="two">
        <section aria-labelledby="h-holidays">
          <h2 id="h-holidays">放假{p.status === 'projected' ? '（推算）' : ''}</h2>
          {p.holidays.length ? <DayList days={p.holidays} /> : <Empty>无。</Empty>}
        </section>
        <section aria-labelledby="h-workdays">
          <h2 id="h-workdays">调休上班日</h2>
          {p.workdays.length ? (
            <DayList days={p.workdays} />
          ) : (
            <Empty>{p.status === 'confirmed' ? '无。' : '尚不知道（待国务院办公厅通知）。'}</Empty>
          )}
        </section>
      </div>
      <section aria-labelledby="h-local">
        <h2 id="h-local">适用于{p.agency.name}的本地调整</h2>
        {p.local.length ? (
          <ul>
            {p.local.map((a) => (
              <li>
                {a.overridden ? <s>{a.date}</s> : a.date} {ADJUSTMENT_KIND_LABELS[a.kind]}：{a.reason}
                {a.authority ? `（${a.authority}）` : ''}，适用范围：
                {a.agencyName ? `${a.agencyName}及其下级机关` : '全部机关'}
                {a.overridden ? '（同日有更近一级机关的调整，以其为准）' : ''}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{p.year} 年没有适用于该机关的本地调整。</Empty>
        )}
      </section>
    </Layout>
  );
};

// ------------------------------------------------------------------------------------------------ import

export interface ImportConflict {
  readonly year: number;
  readonly json: string;
  readonly before: { version: string; holidays: number; workdays: number; notice: string };
  readonly after: { version: string; holidays: number; workdays: number; notice: string };
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export const CalendarImportPage: FC<
  Frame & {
    errors?: FieldErrors;
    values?: Readonly<Record<string, string>>;
    conflict?: ImportConflict;
    example: string;
  }
> = ({ user, csrf, errors, values, conflict, example }) => (
  <Layout title="录入放假安排" user={user} csrf={csrf} section="admin" crumbs={CRUMBS}>
    {conflict ? (
      <div class="error-box" role="alert">
        <h2>{conflict.year} 年的日历已存在，内容不同</h2>
        <Facts
          items={[
            [
              '现有',
              `版本 ${conflict.before.version}，放假 ${conflict.before.holidays} 天，调休上班 ${conflict.before.workdays} 天；${conflict.before.notice}`,
            ],
            [
              '新录入',
              `版本 ${conflict.after.version}，放假 ${conflict.after.holidays} 天，调休上班 ${conflict.after.workdays} 天；${conflict.after.notice}`,
            ],
            ['新增或改变', conflict.added.length ? conflict.added.join('、') : '无'],
            ['删去', conflict.removed.length ? conflict.removed.join('、') : '无'],
          ]}
        />
        <p>
          替换后，旧内容保存在审计日志中；已计算的期限不会自动改变，需要另行重算。确需以新通知替换（如国务院办公厅发布了调整通知）时，请确认：
        </p>
        <form method="post" action="/admin/calendar/import">
          <Csrf token={csrf} />
          <input type="hidden" name="mode" value="json" />
          <input type="hidden" name="json" value={conflict.json} />
          <input type="hidden" name="replace" value="yes" />
          <button type="submit" class="primary">
            确认以新内容替换 {conflict.year} 年
          </button>{' '}
          <a href="/admin/calendar">取消</a>
        </form>
      </div>
    ) : null}
    <ErrorSummary
      errors={errors}
      labels={{
        json: 'JSON',
        file: '文件',
        year: '年份',
        holidays: '放假安排',
        workdays: '调休上班日',
        noticeTitle: '通知标题',
        docNumber: '文号',
        url: '网址',
        published: '发布日期',
      }}
    />
    <div class="two">
      <section aria-labelledby="h-json">
        <h2 id="h-json">上传或粘贴 JSON</h2>
        <p class="hint">与命令行 gongkai calendar import 所用的文件相同。</p>
        <form method="post" action="/admin/calendar/import" enctype="multipart/form-data" class="stack">
          <Csrf token={csrf} />
          <input type="hidden" name="mode" value="json" />
          <div class={`field${errors?.file ? ' invalid' : ''}`}>
            <label for="file">JSON 文件</label>
            <input id="file" name="file" type="file" accept=".json,application/json" />
            {errors?.file ? (
              <span class="error" id="file-error">
                {errors.file}
              </span>
            ) : null}
          </div>
          <TextArea
            name="json"
            label="或粘贴 JSON"
            rows={14}
            value={values?.json}
            hint="文件和粘贴的内容只需其一；两者都有时以文件为准。"
            errors={errors}
          />
          <button type="submit" class="primary">
            录入
          </button>
        </form>
        <details class="data">
          <summary>JSON 格式示例</summary>
          <pre>{example}</pre>
        </details>
      </section>
      <section aria-labelledby="h-form">
        <h2 id="h-form">逐项填写</h2>
        <form method="post" action="/admin/calendar/import" class="stack">
          <Csrf token={csrf} />
          <input type="hidden" name="mode" value="form" />
          <TextField name="year" label="年份" type="number" required value={values?.year} errors={errors} />
          <TextArea
            name="holidays"
            label="放假安排"
            required
            rows={8}
            hint="每行一段：起始日期 至 结束日期 节日名称，如“2027-02-05 至 2027-02-11 春节”；单日可只写一个日期。含假期中的周末。"
            value={values?.holidays}
            errors={errors}
          />
          <TextArea
            name="workdays"
            label="调休上班日"
            rows={4}
            hint="每行一天：日期 节日名称，如“2027-02-20 春节”。"
            value={values?.workdays}
            errors={errors}
          />
          <TextField
            name="noticeTitle"
            label="通知标题"
            required
            hint="如：国务院办公厅关于2027年部分节假日安排的通知"
            value={values?.noticeTitle}
            errors={errors}
          />
          <TextField
            name="docNumber"
            label="文号"
            hint="如：国办发明电〔2026〕7号"
            value={values?.docNumber}
            errors={errors}
          />
          <TextField name="url" label="网址" hint="gov.cn 上的原文地址" value={values?.url} errors={errors} />
          <TextField
            name="published"
            label="发布日期"
            type="date"
            value={values?.published}
            errors={errors}
          />
          <button type="submit" class="primary">
            录入
          </button>
        </form>
      </section>
    </div>
  </Layout>
);

// ------------------------------------------------------------------------------------------------ recompute result

export interface MovedCase {
  readonly code: string;
  readonly agencyName: string;
  readonly changes: readonly (readonly [string, string | null, string | null])[];
}

/** The cases whose dates a recompute moves (or would move), one row per moved date; the preview adds the applicant. */
const MovedTable: FC<{
  id?: string;
  caption: string;
  cases: readonly (MovedCase & { readonly applicant?: string })[];
  from: string;
  to: string;
}> = ({ id, caption, cases, from, to }) => {
  const withApplicant = cases.some((m) => m.applicant !== undefined);
  return (
    <div class="table-scroll">
      <table class="data" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">受理编号</th>
            {withApplicant ? <th scope="col">申请人</th> : null}
            <th scope="col">机关</th>
            <th scope="col">期限</th>
            <th scope="col">{from}</th>
            <th scope="col">{to}</th>
          </tr>
        </thead>
        <tbody>
          {cases.flatMap((m) =>
            m.changes.map(([label, before, after], i) => (
              <tr>
                <td>{i === 0 ? <a href={`/staff/cases/${encodeURIComponent(m.code)}`}>{m.code}</a> : ''}</td>
                {withApplicant ? <td>{i === 0 ? m.applicant : ''}</td> : null}
                <td>{i === 0 ? m.agencyName : ''}</td>
                <td>{label}</td>
                <td class="nowrap">{before ?? '—'}</td>
                <td class="nowrap">
                  <strong>{after ?? '—'}</strong>
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
};

export const RecomputeResultPage: FC<
  Frame & {
    at: string;
    by: string;
    checked: number;
    moved: readonly MovedCase[];
    versions: readonly (readonly [string | null, string])[];
  }
> = ({ user, csrf, at, by, checked, moved, versions }) => (
  <Layout title="期限重算结果" user={user} csrf={csrf} section="admin" crumbs={CRUMBS}>
    <Facts
      items={[
        ['重算时间', at],
        ['操作人', by],
        ['检查的未办结案件', `${checked} 件（期限按旧版日历计算的）`],
        ['期限改变', `${moved.length} 件`],
        ['仅更新日历版本、期限未变', `${checked - moved.length} 件`],
      ]}
    />
    {moved.length ? (
      <MovedTable caption="期限改变的案件（已记入审计日志）" cases={moved} from="原日期" to="新日期" />
    ) : (
      <Empty>没有案件的期限改变。</Empty>
    )}
    {versions.length ? (
      <p class="hint">
        日历版本：
        {versions.map(([from, to]) => `${from ?? '（无）'} → ${to}`).join('；')}
      </p>
    ) : null}
    <p>
      <a href="/admin/calendar">返回工作日历</a>
    </p>
  </Layout>
);

// ------------------------------------------------------------------------------------------------ recompute preview

export interface PreviewCase extends MovedCase {
  /** As lists show it: a natural person's name masked. */
  readonly applicant: string;
}

/** The dry run of the recompute: what would move, nothing written; the button that does it is here. */
export const RecomputePreviewPage: FC<
  Frame & {
    checked: number;
    moving: readonly PreviewCase[];
    versions: readonly (readonly [string | null, string])[];
  }
> = ({ user, csrf, checked, moving, versions }) => (
  <Layout
    title="期限重算预览"
    user={user}
    csrf={csrf}
    section="admin"
    crumbs={CRUMBS}
    notice="这是预览：尚未改变任何期限，也未记入审计日志。下表列出按现行日历重算后将会改变的日期。"
  >
    <Facts
      items={[
        ['将检查的未办结案件', `${checked} 件（期限按旧版日历计算的）`],
        ['期限将改变', `${moving.length} 件`],
        ['仅更新日历版本、期限不变', `${checked - moving.length} 件`],
      ]}
    />
    {moving.length ? (
      <MovedTable id="preview" caption="重算后期限将改变的案件" cases={moving} from="现日期" to="重算后" />
    ) : (
      <Empty>
        {checked ? '重算不会改变任何案件的期限，只更新所记录的日历版本。' : '没有需要重算的案件。'}
      </Empty>
    )}
    {versions.length ? (
      <p class="hint">
        日历版本：
        {versions.map(([from, to]) => `${from ?? '（无）'} → ${to}`).join('；')}
      </p>
    ) : null}
    {checked ? (
      <form method="post" action="/admin/calendar/recompute">
        <Csrf token={csrf} />
        <button type="submit" class="primary">
          按现行日历重算 {checked} 件案件的期限
        </button>{' '}
        <a href="/admin/calendar">取消</a>
      </form>
    ) : (
      <p>
        <a href="/admin/calendar">返回工作日历</a>
      </p>
    )}
  </Layout>
);

// The public application form, the receipt, and the tracking page. Nothing personal is ever shown on the receipt
// or tracking pages: a tracking code is not a secret, so what it opens must not be one either.
import type { FC } from 'hono/jsx';
import type { PublicStatus } from '../cases/public-status.ts';
import { APPLICANT_TYPE_OPTIONS, APPLY_LABELS, DELIVERY_OPTIONS, FORM_OPTIONS } from '../forms/apply.ts';
import {
  Csrf,
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

export const ApplyPage: FC<
  Frame & {
    agencies: readonly { id: number; name: string }[];
    values?: Readonly<Record<string, string>>;
    errors?: FieldErrors;
    formToken: string;
  }
> = ({ user, csrf, agencies, values = {}, errors, formToken }) => (
  <Layout title="申请政府信息公开" user={user} csrf={csrf} section="public">
    <p>
      依据《中华人民共和国政府信息公开条例》第二十七条、第二十九条，您可以向行政机关申请获取政府信息。请如实填写以下内容；带“必填”的项目不能为空。提交后您会得到一个查询码。
    </p>
    {errors?._ ? (
      <p class="error-box" role="alert">
        {errors._}
      </p>
    ) : null}
    <ErrorSummary
      errors={errors}
      labels={{ ...APPLY_LABELS, identityProof: '身份证明', applicationLetter: '申请书' }}
    />
    <form method="post" action="/apply" class="stack" enctype="multipart/form-data" novalidate>
      <Csrf token={csrf} />
      <input type="hidden" name="formToken" value={formToken} />
      <Select
        name="agencyId"
        label="受理机关"
        required
        value={values.agencyId}
        options={agencies.map((a) => [String(a.id), a.name] as const)}
        placeholder="请选择"
        errors={errors}
      />
      <fieldset class="group">
        <legend>申请人信息</legend>
        <ApplicantFields values={values} errors={errors} publicForm />
      </fieldset>
      <fieldset class="group">
        <legend>所需信息</legend>
        <TextArea
          name="description"
          label="所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述"
          required
          value={values.description}
          maxlength={2000}
          rows={6}
          hint="描述越具体，越便于查找。例如：某某区2023年老旧小区改造项目的立项批复文件。"
          errors={errors}
        />
        <WantedFields values={values} errors={errors} />
      </fieldset>
      <fieldset class="group">
        <legend>附件（可选）</legend>
        <FileField
          name="identityProof"
          label="身份证明"
          hint="身份证或营业执照的扫描件、照片。PDF、JPEG 或 PNG，不超过 5 MB。"
          errors={errors}
        />
        <FileField
          name="applicationLetter"
          label="申请书"
          hint="如已写好书面申请书，可一并上传。PDF、JPEG 或 PNG，不超过 5 MB。"
          errors={errors}
        />
      </fieldset>
      <p class="hint">您的个人信息只用于办理本申请，在工作人员界面中脱敏显示，不会在查询页面中显示。</p>
      <button type="submit" class="primary">
        提交申请
      </button>
    </form>
  </Layout>
);

/**
 * The applicant's text fields (《条例》第二十九条: name, ID, contact): their limits, and what the citizen's own form
 * adds (the hint, the browser's autofill name).
 */
const APPLICANT_TEXT: readonly {
  readonly name: string;
  readonly label: string;
  readonly maxlength: number;
  readonly required?: boolean;
  readonly type?: 'tel' | 'email';
  readonly autocomplete?: string;
  readonly autocapitalize?: 'characters';
  readonly spellcheck?: boolean;
  readonly hint?: string;
}[] = [
  { name: 'name', label: '姓名或名称', required: true, maxlength: 100, autocomplete: 'name' },
  {
    name: 'idNumber',
    label: '身份证明号码',
    required: true,
    maxlength: 40,
    // Not a numeric keypad: a 居民身份证号码 may end in X (GB 11643) and a 统一社会信用代码 has capitals (GB 32100);
    // a phone keyboard offers them in capitals, and no spelling correction touches the code.
    autocapitalize: 'characters',
    spellcheck: false,
    hint: '公民填写居民身份证号码；法人或其他组织填写统一社会信用代码。',
  },
  { name: 'phone', label: '联系电话', type: 'tel', required: true, maxlength: 30, autocomplete: 'tel' },
  { name: 'email', label: '电子邮箱', type: 'email', maxlength: 200, autocomplete: 'email' },
  { name: 'address', label: '通信地址', maxlength: 200, autocomplete: 'street-address' },
];

/**
 * The applicant's fields, the same on the public form and on the staff intake form. `publicForm`: the citizen's
 * own form adds the hints and the browser's autofill names.
 */
export const ApplicantFields: FC<{
  values: Readonly<Record<string, string>>;
  errors?: FieldErrors | undefined;
  publicForm?: boolean;
}> = ({ values, errors, publicForm }) => (
  <>
    <Radios
      name="applicantType"
      label="申请人类型"
      required
      value={values.applicantType}
      options={APPLICANT_TYPE_OPTIONS}
      {...(publicForm ? { hint: '按年度报告表三的申请人类别统计。' } : {})}
      errors={errors}
    />
    {APPLICANT_TEXT.map(({ hint, autocomplete, ...f }) => (
      <TextField
        {...f}
        value={values[f.name]}
        {...(publicForm ? { hint, autocomplete } : {})}
        errors={errors}
      />
    ))}
  </>
);

const FileField: FC<{ name: string; label: string; hint: string; errors?: FieldErrors }> = ({
  name,
  label,
  hint,
  errors,
}) => (
  <div class={`field${errors?.[name] ? ' invalid' : ''}`}>
    <label for={name}>{label}</label>
    <input
      id={name}
      name={name}
      type="file"
      accept="application/pdf,image/jpeg,image/png"
      aria-describedby={`${name}-hint${errors?.[name] ? ` ${name}-error` : ''}`}
    />
    <span class="hint" id={`${name}-hint`}>
      {hint}
    </span>
    {errors?.[name] ? (
      <span class="error" id={`${name}-error`}>
        {errors[name]}
      </span>
    ) : null}
  </div>
);

const PROVISIONAL = '（暂定：该年节假日安排尚未公布）';

/** A due date as the applicant should read it: 暂定 only when that date's own year has no published calendar. */
export const dueText = (s: Pick<PublicStatus, 'dueOn' | 'dueProvisional'>) =>
  s.dueOn ? `${s.dueOn}${s.dueProvisional ? PROVISIONAL : ''}` : '补正后重新计算';

/** While a fee is unpaid: the pay-by date (收到收费通知次日起20个工作日, 国办函〔2020〕109号), 暂定 on its own flag. */
const feeRow = (s: PublicStatus) =>
  s.feeDueOn ? ([['缴费期限', `${s.feeDueOn}${s.feeDueProvisional ? PROVISIONAL : ''}`]] as const) : [];

const LetterList: FC<{ status: PublicStatus }> = ({ status }) =>
  status.letters.length || status.files.length ? (
    <>
      <h3>文书和公开的文件</h3>
      <ul class="letters">
        {status.letters.map((l) => (
          <li>
            {l.label}（{l.issuedOn}）：
            <a href={`/track/${status.key}/letters/${l.id}.docx`} download data-letter={l.kind}>
              DOCX
            </a>{' '}
            <a href={`/track/${status.key}/letters/${l.id}.pdf`} download>
              PDF
            </a>
          </li>
        ))}
        {status.files.map((f) => (
          <li>
            公开的政府信息：
            <a href={`/track/${status.key}/files/${f.id}`} download data-released={f.filename}>
              {f.filename}
            </a>{' '}
            <span class="hint">{Math.ceil(f.size / 1024)} KB</span>
          </li>
        ))}
      </ul>
    </>
  ) : null;

export const ReceiptPage: FC<Frame & { status: PublicStatus; again?: boolean }> = ({
  user,
  csrf,
  status,
  again,
}) => (
  <Layout title="申请已提交" user={user} csrf={csrf} section="public">
    {again ? (
      <p class="error-box" role="status">
        这份申请已经提交过，未重复登记。以下是原申请的回执。
      </p>
    ) : null}
    <div class="receipt">
      <p>您的政府信息公开申请已提交，请记下查询码（凭查询码查询进度、下载答复书，请勿告诉他人）：</p>
      <p class="code" id="tracking-code" data-tracking-code={status.code}>
        {status.code}
      </p>
      <Facts
        items={[
          ['受理机关', status.agency],
          ['收到申请之日', status.receivedOn],
          ['答复期限', dueText(status)],
        ]}
      />
      <LetterList status={status} />
      <p class="hint">
        网上提交的申请，以双方确认之日为收到申请之日（《条例》第三十一条第三项），本平台提交即确认。行政机关应自收到申请之日起
        20 个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知您，延长期限最长不超过 20
        个工作日（《条例》第三十三条）。征求第三方意见所需时间不计算在内。
      </p>
    </div>
    <p class="actions">
      <a class="button primary" href={`/track?code=${encodeURIComponent(status.key)}`}>
        查询办理进度
      </a>
      <a class="button" href="/">
        返回首页
      </a>
    </p>
  </Layout>
);

const TONES: Record<string, 'ok' | 'warn' | 'info' | 'muted' | 'bad'> = {
  open: 'info',
  paused: 'warn',
  awaitingCorrection: 'warn',
  awaitingFee: 'warn',
  closed: 'ok',
};

export const TrackPage: FC<Frame & { code: string; status: PublicStatus | null; searched: boolean }> = ({
  user,
  csrf,
  code,
  status,
  searched,
}) => (
  <Layout title="查询办理进度" user={user} csrf={csrf} section="public">
    <form method="get" action="/track" class="filters">
      <TextField
        name="code"
        label="查询码"
        value={code}
        required
        maxlength={60}
        autocapitalize="characters"
        spellcheck={false}
        autocomplete="off"
        hint="提交申请时得到的 16 位查询码，如 7KQ2-M9XD-4HRT-B6WN（不区分大小写）。"
      />
      <button type="submit" class="primary">
        查询
      </button>
    </form>
    {searched && !status ? (
      <p class="error-box" role="alert">
        未找到查询码为“{code}”的申请，请核对后重试（查询码不是申请编号）。
      </p>
    ) : null}
    {status ? (
      <section aria-labelledby="status-title">
        <h2 id="status-title">
          <span data-tracking-code={status.code}>{status.code}</span>{' '}
          <Pill tone={status.overdue ? 'bad' : (TONES[status.status] ?? 'muted')}>{status.statusLabel}</Pill>
        </h2>
        <Facts
          items={[
            ['受理机关', status.agency],
            ['收到申请之日', status.receivedOn],
            ...(status.closedOn
              ? ([
                  ['办结日期', status.closedOn],
                  ['办理结果', status.outcome ?? '—'],
                ] as const)
              : ([
                  ['答复期限', dueText(status)],
                  ...feeRow(status),
                  ...(status.overdue
                    ? ([
                        [
                          '逾期',
                          '已超过答复期限，行政机关尚未答复。您可以依法申请行政复议或提起行政诉讼（《条例》第五十一条）。',
                        ],
                      ] as const)
                    : []),
                ] as const)),
          ]}
        />
        <LetterList status={status} />
        <h3>办理过程</h3>
        <ol class="timeline">
          {status.steps.map((s) => (
            <li>
              <time datetime={s.on}>{s.on}</time>
              {s.label}
            </li>
          ))}
        </ol>
        <p class="hint">本页不显示申请人信息和申请内容。</p>
      </section>
    ) : null}
  </Layout>
);

/** How the applicant wants the information (形式, 方式): the same two questions on the portal and at intake. */
export const WantedFields: FC<{
  values: Readonly<Record<string, string | undefined>>;
  errors?: FieldErrors;
}> = ({ values, errors }) => (
  <>
    <Radios
      name="formWanted"
      label="获取信息的形式"
      required
      value={values.formWanted}
      options={FORM_OPTIONS}
      errors={errors}
    />
    <Radios
      name="deliveryWanted"
      label="获取信息的方式"
      required
      value={values.deliveryWanted}
      options={DELIVERY_OPTIONS}
      errors={errors}
    />
  </>
);

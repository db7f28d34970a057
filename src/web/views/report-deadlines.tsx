// The annual report deadlines page (/admin/report-deadlines): the two deadlines 《条例》第四十九条 fixes, read-only
// with their article, and the local rule for 乡镇, 街道 (its own or the 乡镇 one) and other bodies an administrator
// sets, with its source.
import type { FC } from 'hono/jsx';
import {
  KIND_LABELS,
  monthDayText,
  type ReportDeadlineSettings,
  SETTINGS_FIELD_LABELS,
} from '../../domain/deadlines/report-deadline.ts';
import { Csrf, ErrorSummary, Facts, type FieldErrors, type Frame, Radios, TextField } from './components.tsx';
import { Layout } from './layout.tsx';

export const ReportDeadlinesPage: FC<
  Frame & {
    settings: ReportDeadlineSettings;
    /** Who set them last, by name, and when (Beijing time); null while the defaults stand. */
    updated: { by: string; at: string } | null;
    notice?: string;
    errors?: FieldErrors;
    values?: Readonly<Record<string, string>>;
  }
> = ({ user, csrf, settings: s, updated, notice, errors, values }) => (
  <Layout
    title="年度报告截止日期"
    user={user}
    csrf={csrf}
    section="admin"
    crumbs={[['系统管理', '/admin']]}
    notice={notice}
  >
    <p>
      监督工作台、<code>gongkai status</code>
      、截止提醒和各项导出判断年度报告“是否按时发布”时，都按本页的规则计算。
    </p>
    <div class="table-scroll">
      <table class="data">
        <caption>《条例》规定的截止日期（法律规定，不能修改）</caption>
        <thead>
          <tr>
            <th scope="col">机关类别</th>
            <th scope="col">截止日期</th>
            <th scope="col">依据</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{KIND_LABELS.department}</th>
            <td>每年1月31日前</td>
            <td>《条例》第四十九条第一款</td>
          </tr>
          <tr>
            <th scope="row">{KIND_LABELS.localGovernment}</th>
            <td>每年3月31日前</td>
            <td>《条例》第四十九条第二款</td>
          </tr>
        </tbody>
      </table>
    </div>
    <h2>地方规定</h2>
    <p class="hint">
      《条例》第四十九条未规定乡镇人民政府、街道办事处等机关的年度报告截止日期，由地方规定。未设置时按1月31日前计算。
      机关类别“乡镇人民政府、街道办事处”中，名称含“街道”的（如“××街道办事处”）按街道的截止日期，其余按乡镇的截止日期。
    </p>
    <Facts
      items={[
        [KIND_LABELS.township, `每年${monthDayText(s.township)}前`],
        [
          KIND_LABELS.subdistrict,
          s.subdistrict === null
            ? `每年${monthDayText(s.township)}前（同乡镇）`
            : `每年${monthDayText(s.subdistrict)}前`,
        ],
        [KIND_LABELS.other, `每年${monthDayText(s.other)}前`],
        ['截止当日发布', s.lastDayIncluded ? '按时' : '逾期'],
        ['依据', s.source ?? '未填写（系统默认值）'],
        ['最近修改', updated ? `${updated.at}，${updated.by}` : '未修改过（默认值）'],
      ]}
    />
    <h2 id="edit">修改</h2>
    <ErrorSummary errors={errors} labels={SETTINGS_FIELD_LABELS} />
    <form method="post" action="/admin/report-deadlines" class="stack">
      <Csrf token={csrf} />
      <TextField
        name="township"
        label={SETTINGS_FIELD_LABELS.township}
        required
        hint="月-日，如 01-31 或“1月20日”；指报告年度的次年"
        value={values?.township ?? s.township}
        maxlength={20}
        errors={errors}
      />
      <TextField
        name="subdistrict"
        label={SETTINGS_FIELD_LABELS.subdistrict}
        hint="月-日，如 01-20；留空表示与乡镇相同"
        value={values?.subdistrict ?? s.subdistrict ?? ''}
        maxlength={20}
        errors={errors}
      />
      <TextField
        name="other"
        label={SETTINGS_FIELD_LABELS.other}
        required
        hint="月-日，如 01-31"
        value={values?.other ?? s.other}
        maxlength={20}
        errors={errors}
      />
      <Radios
        name="lastDayIncluded"
        label={SETTINGS_FIELD_LABELS.lastDayIncluded}
        required
        value={values?.lastDayIncluded ?? (s.lastDayIncluded ? 'yes' : 'no')}
        options={[
          ['yes', '按时', '（“1月31日前”含31日当天，通常的理解）'],
          ['no', '逾期', '（截止日当天发布也算逾期）'],
        ]}
        errors={errors}
      />
      <TextField
        name="source"
        label={SETTINGS_FIELD_LABELS.source}
        hint="如：某省人民政府办公厅关于做好政府信息公开工作年度报告的通知（某政办发〔2024〕3号）"
        value={values?.source ?? s.source ?? ''}
        maxlength={300}
        errors={errors}
      />
      <button type="submit" class="primary">
        保存
      </button>
    </form>
  </Layout>
);

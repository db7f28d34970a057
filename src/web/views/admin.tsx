// Administration: users (create, reset password), agencies (add to the tree), demo data.
import type { FC } from 'hono/jsx';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  AGENCY_LEVELS,
  ROLE_LABELS,
  ROLES,
} from '../../db/schema/vocabulary.ts';
import type { CurrentUser } from '../env.ts';
import type { AgencyNode } from '../scope.ts';
import { Csrf, ErrorSummary, type FieldErrors, Select, TextField } from './components.tsx';
import { Layout } from './layout.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

export interface UserLine {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly agencyName: string;
  readonly roles: readonly string[];
  readonly active: boolean;
}

const LEVEL_LABELS: Record<string, string> = { region: '行政区域', agency: '机关', department: '内设机构' };

export const AdminPage: FC<
  Frame & {
    users: readonly UserLine[];
    agencies: readonly AgencyNode[];
    demo: boolean;
    notice?: string;
    issued?: { username: string; password: string } | null;
    errors?: FieldErrors;
  }
> = ({ user, csrf, users, agencies, demo, notice, issued, errors }) => {
  const agencyOptions = agencies.map((a) => [String(a.id), `${'　'.repeat(a.depth)}${a.name}`] as const);
  return (
    <Layout title="系统管理" user={user} csrf={csrf} section="admin" notice={notice}>
      <p class="actions">
        <a class="button" href="/admin/templates">
          文书模板
        </a>
        <a class="button" href="/admin/calendar">
          工作日历
        </a>
        <a class="button" href="/admin/report-deadlines">
          年度报告截止日期
        </a>
      </p>
      {issued ? (
        <div class="receipt" role="status">
          <p>
            用户 <strong>{issued.username}</strong>{' '}
            的一次性密码（只显示这一次，请当面或通过安全渠道交给本人；首次登录时必须修改）：
          </p>
          <p class="code">{issued.password}</p>
        </div>
      ) : null}
      <h2>用户</h2>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">机关</th>
              <th scope="col">角色</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.agencyName}</td>
                <td>{u.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('、')}</td>
                <td>{u.active ? '启用' : '已停用'}</td>
                <td>
                  <a href={`/admin/users/${u.id}`} aria-label={`管理用户 ${u.displayName}`}>
                    编辑、停用、重置密码
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>新建用户</h3>
      <ErrorSummary
        errors={errors}
        labels={{ username: '用户名', displayName: '姓名', agencyId: '机关', roles: '角色' }}
      />
      <form method="post" action="/admin/users" class="stack">
        <Csrf token={csrf} />
        <TextField
          name="username"
          label="用户名"
          required
          hint="字母、数字、点、横线，3–40 位"
          errors={errors}
        />
        <TextField name="displayName" label="姓名" required errors={errors} />
        <Select name="agencyId" label="所属机关" required options={agencyOptions} errors={errors} />
        <fieldset class="field radios" aria-describedby={errors?.roles ? 'roles-error' : undefined}>
          <legend>角色</legend>
          {ROLES.map((r) => (
            <div class="radio">
              <input type="checkbox" id={`role-${r}`} name="roles" value={r} />
              <label for={`role-${r}`}>{ROLE_LABELS[r]}</label>
            </div>
          ))}
          {errors?.roles ? (
            <span class="error" id="roles-error">
              {errors.roles}
            </span>
          ) : null}
        </fieldset>
        <button type="submit" class="primary">
          创建用户并生成一次性密码
        </button>
      </form>
      <h2>机关</h2>
      <ul class="tree">
        {agencies.map((a) => (
          <li>
            {'　'.repeat(a.depth)}
            <a href={`/admin/agencies/${a.id}`}>{a.name}</a>（{LEVEL_LABELS[a.level] ?? a.level}，
            {AGENCY_KIND_LABELS[a.kind as keyof typeof AGENCY_KIND_LABELS] ?? a.kind}，代码 {a.code}）
          </li>
        ))}
      </ul>
      <h3>添加机关</h3>
      <form method="post" action="/admin/agencies" class="stack">
        <Csrf token={csrf} />
        <TextField name="name" label="名称" required errors={errors} />
        <TextField
          name="code"
          label="代码"
          required
          hint="小写字母、数字和横线，如 dxq-pgz"
          errors={errors}
        />
        <Select
          name="parentId"
          label="上级"
          options={agencyOptions}
          placeholder="（无上级）"
          errors={errors}
        />
        <Select
          name="level"
          label="层级"
          options={AGENCY_LEVELS.map((l) => [l, LEVEL_LABELS[l] ?? l] as const)}
          errors={errors}
        />
        <Select
          name="kind"
          label="类别（决定年度报告截止日期）"
          options={AGENCY_KINDS.map((k) => [k, AGENCY_KIND_LABELS[k]] as const)}
          errors={errors}
        />
        <button type="submit">添加机关</button>
      </form>
      {demo ? (
        <>
          <h2>演示数据</h2>
          <p>
            载入一个演示区（几个街道、镇和区政府办公室）、五份真实年度报告作为已发布报告，以及一年的示例申请案件。可重复执行，已有的演示数据不会重复载入。
          </p>
          <form method="post" action="/admin/demo">
            <Csrf token={csrf} />
            <button type="submit">载入演示数据</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
};

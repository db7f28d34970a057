// Administration of one user or one agency: edit, deactivate, re-role, reset a password (with a confirmation step
// and a one-time display of the result), rename and move an agency, mark an internal office as not receiving
// applications.
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { AGENCY_KIND_LABELS, ROLE_LABELS, ROLES, type Role } from '../../db/schema/vocabulary.ts';
import {
  Csrf,
  ErrorSummary,
  Facts,
  type FieldErrors,
  type Frame,
  Pill,
  Select,
  TextField,
} from './components.tsx';
import { Layout } from './layout.tsx';

const LEVEL_LABELS: Record<string, string> = { region: '行政区域', agency: '机关', department: '内设机构' };
const ADMIN_CRUMB = [['系统管理', '/admin']] as const;

/** A page of the administration, below 系统管理. */
const AdminFrame: FC<PropsWithChildren<Frame & { title: string; notice?: Child }>> = ({
  children,
  ...frame
}) => (
  <Layout {...frame} section="admin" crumbs={ADMIN_CRUMB}>
    {children}
  </Layout>
);

export interface EditedUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  readonly sessions: number;
}

export type AgencyOption = readonly [string, string];

export const UserEditPage: FC<
  Frame & {
    edited: EditedUser;
    agencyOptions: readonly AgencyOption[];
    notice?: string;
    errors?: FieldErrors;
    /** What was typed, when the form is shown again with errors. */
    typed?: { displayName?: string; agencyId?: string; roles?: readonly string[] };
  }
> = ({ user, csrf, edited, agencyOptions, notice, errors, typed }) => {
  const roles = typed?.roles ?? edited.roles;
  return (
    <AdminFrame title={`用户：${edited.displayName}`} user={user} csrf={csrf} notice={notice}>
      <Facts
        items={[
          ['用户名', edited.username],
          ['所属机关', edited.agencyName],
          ['状态', edited.active ? <Pill tone="ok">启用</Pill> : <Pill tone="muted">已停用</Pill>],
          ['当前会话', `${edited.sessions} 个`],
        ]}
      />
      <h2>修改资料与角色</h2>
      <ErrorSummary errors={errors} labels={{ displayName: '姓名', agencyId: '机关', roles: '角色' }} />
      <form method="post" action={`/admin/users/${edited.id}`} class="stack">
        <Csrf token={csrf} />
        <TextField
          name="displayName"
          label="姓名"
          required
          value={typed?.displayName ?? edited.displayName}
          errors={errors}
        />
        <Select
          name="agencyId"
          label="所属机关"
          required
          value={typed?.agencyId ?? String(edited.agencyId)}
          options={agencyOptions}
          errors={errors}
        />
        <fieldset class="field radios" aria-describedby={errors?.roles ? 'roles-error' : undefined}>
          <legend>角色</legend>
          {ROLES.map((r) => (
            <div class="radio">
              <input type="checkbox" id={`role-${r}`} name="roles" value={r} checked={roles.includes(r)} />
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
          保存
        </button>
      </form>
      <h2>账号</h2>
      {edited.active ? (
        <p>
          <a class="button" href={`/admin/users/${edited.id}/reset`}>
            重置密码…
          </a>{' '}
          <a class="button" href={`/admin/users/${edited.id}/deactivate`}>
            停用账号…
          </a>
        </p>
      ) : (
        <form method="post" action={`/admin/users/${edited.id}/activate`}>
          <Csrf token={csrf} />
          <p>该账号已停用，不能登录。重新启用后沿用原密码；如密码可能已泄露，启用后请重置密码。</p>
          <button type="submit">重新启用</button>
        </form>
      )}
    </AdminFrame>
  );
};

/** A confirmation step before an action that cannot be taken back (a password reset, a deactivation). */
export const ConfirmPage: FC<
  Frame & { title: string; lines: readonly string[]; action: string; confirmLabel: string; cancel: string }
> = ({ user, csrf, title, lines, action, confirmLabel, cancel }) => (
  <AdminFrame title={title} user={user} csrf={csrf}>
    {lines.map((l) => (
      <p>{l}</p>
    ))}
    <form method="post" action={action} class="stack">
      <Csrf token={csrf} />
      <input type="hidden" name="confirm" value="yes" />
      <p>
        <button type="submit" class="primary danger">
          {confirmLabel}
        </button>{' '}
        <a href={cancel}>取消</a>
      </p>
    </form>
  </AdminFrame>
);

/** The one-time password, shown once (the GET after the POST); a reload shows `issued` null. */
export const IssuedPage: FC<
  Frame & { issued: { username: string; displayName: string; password: string; what: string } | null }
> = ({ user, csrf, issued }) => (
  <AdminFrame title="一次性密码" user={user} csrf={csrf}>
    {issued ? (
      <div class="receipt" role="status">
        <p>
          {issued.what}。{issued.displayName}（<strong>{issued.username}</strong>
          ）的一次性密码（只显示这一次，请当面或通过安全渠道交给本人；首次登录时必须修改）：
        </p>
        <p class="code">{issued.password}</p>
      </div>
    ) : (
      <p class="error-box">
        这个一次性密码已经显示过，不会再次显示（刷新页面不会生成新密码）。如果没有记下，请在用户页面再次重置密码。
      </p>
    )}
    <p>
      <a href="/admin">返回系统管理</a>
    </p>
  </AdminFrame>
);

export interface EditedAgency {
  readonly id: number;
  readonly name: string;
  readonly code: string;
  readonly level: string;
  readonly kind: string;
  readonly parentId: number | null;
  readonly parentName: string | null;
  readonly receivesApplications: boolean;
}

export const AgencyEditPage: FC<
  Frame & {
    agency: EditedAgency;
    parentOptions: readonly AgencyOption[];
    notice?: string;
    errors?: FieldErrors;
    typed?: { name?: string; parentId?: string };
  }
> = ({ user, csrf, agency, parentOptions, notice, errors, typed }) => (
  <AdminFrame title={`机关：${agency.name}`} user={user} csrf={csrf} notice={notice}>
    <Facts
      items={[
        ['代码', agency.code],
        ['层级', LEVEL_LABELS[agency.level] ?? agency.level],
        ['类别', AGENCY_KIND_LABELS[agency.kind as keyof typeof AGENCY_KIND_LABELS] ?? agency.kind],
        ['上级', agency.parentName ?? '（无上级）'],
        ['受理申请', agency.receivesApplications ? '以自己名义受理' : '不受理（内设机构）'],
      ]}
    />
    <ErrorSummary
      errors={errors}
      labels={{ name: '名称', parentId: '上级', receivesApplications: '受理申请' }}
    />
    <h2>改名</h2>
    <form method="post" action={`/admin/agencies/${agency.id}/rename`} class="stack">
      <Csrf token={csrf} />
      <TextField
        name="name"
        label="名称"
        required
        value={typed?.name ?? agency.name}
        hint="新名称用于此后生成的答复书和年度报告；已出具的文书保留原名称"
        errors={errors}
      />
      <button type="submit">保存名称</button>
    </form>
    <h2>调整上级</h2>
    <form method="post" action={`/admin/agencies/${agency.id}/move`} class="stack">
      <Csrf token={csrf} />
      <Select
        name="parentId"
        label="新上级"
        value={typed?.parentId ?? (agency.parentId === null ? '' : String(agency.parentId))}
        options={parentOptions}
        placeholder="（无上级）"
        errors={errors}
      />
      <button type="submit">移动</button>
    </form>
    {agency.level === 'region' ? null : (
      <>
        <h2>受理申请</h2>
        <form method="post" action={`/admin/agencies/${agency.id}/receiving`} class="stack">
          <Csrf token={csrf} />
          <p>
            {agency.receivesApplications
              ? '此机关以自己名义受理政府信息公开申请。党政办公室等不对外履行行政管理职能的内设机构不能作为受理机关（《条例》第二十七条），登记申请时不应出现在可选机关中。'
              : '此机关不以自己名义受理申请：登记申请时不能选作受理机关，答复书也不会以它的名义出具。'}
          </p>
          <input type="hidden" name="receives" value={agency.receivesApplications ? 'no' : 'yes'} />
          <button type="submit">
            {agency.receivesApplications ? '标记为不受理申请的内设机构' : '恢复为受理机关'}
          </button>
        </form>
      </>
    )}
  </AdminFrame>
);

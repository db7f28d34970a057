// Login and password pages.
import type { FC } from 'hono/jsx';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import type { CurrentUser } from '../env.ts';
import { Csrf, ErrorSummary, type FieldErrors, TextField } from './components.tsx';
import { Layout } from './layout.tsx';

interface Frame {
  readonly user: CurrentUser | null;
  readonly csrf: string;
}

export const LoginPage: FC<
  Frame & { next: string; username?: string; errors?: FieldErrors; failed?: boolean }
> = ({ user, csrf, next, username, errors, failed }) => (
  <Layout title="工作人员登录" user={user} csrf={csrf} section="account">
    <div class="narrow">
      {failed ? (
        <p class="error-box" role="alert">
          用户名或密码错误。
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ username: '用户名', password: '密码' }} />
      <form method="post" action="/login" class="stack">
        <Csrf token={csrf} />
        <input type="hidden" name="next" value={next} />
        <TextField
          name="username"
          label="用户名"
          value={username}
          required
          autocomplete="username"
          errors={errors}
        />
        <TextField
          name="password"
          label="密码"
          type="password"
          required
          autocomplete="current-password"
          errors={errors}
        />
        <button type="submit" class="primary">
          登录
        </button>
      </form>
      <p class="hint">公众申请政府信息公开无需登录，请使用“申请公开”。</p>
    </div>
  </Layout>
);

export const ChangePasswordPage: FC<Frame & { forced: boolean; errors?: FieldErrors }> = ({
  user,
  csrf,
  forced,
  errors,
}) => (
  <Layout title="修改密码" user={user} csrf={csrf} section="account">
    <div class="narrow">
      {forced ? (
        <p class="notice" role="status">
          您正在使用管理员发放的一次性密码。请先设置自己的密码，然后才能继续使用系统。
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ current: '当前密码', next: '新密码', confirm: '确认新密码' }} />
      <form method="post" action="/account/password" class="stack">
        <Csrf token={csrf} />
        <TextField
          name="current"
          label={forced ? '一次性密码' : '当前密码'}
          type="password"
          required
          autocomplete="current-password"
          errors={errors}
        />
        <TextField
          name="next"
          label="新密码"
          type="password"
          required
          autocomplete="new-password"
          hint={`至少 ${MIN_PASSWORD_LENGTH} 个字符，不能包含用户名。`}
          errors={errors}
        />
        <TextField
          name="confirm"
          label="确认新密码"
          type="password"
          required
          autocomplete="new-password"
          errors={errors}
        />
        <button type="submit" class="primary">
          保存新密码
        </button>
      </form>
    </div>
  </Layout>
);

// Error pages: what went wrong, in Chinese, and where to go next.
import type { FC } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';
import { Layout } from './layout.tsx';

export const ErrorPage: FC<{
  user: CurrentUser | null;
  csrf: string;
  title: string;
  message: string;
  retryAfter?: number;
  /** Shown on internal errors so the officer can quote it to the IT office, who finds the log line by it. */
  requestId?: string;
}> = ({ user, csrf, title, message, retryAfter, requestId }) => (
  <Layout title={title} user={user} csrf={csrf} section="public">
    <p class="error-box">{message}</p>
    {retryAfter ? <p>请在约 {Math.max(1, Math.ceil(retryAfter / 60))} 分钟后再试。</p> : null}
    {requestId ? (
      <p class="request-id">
        错误编号：<code>{requestId}</code>（联系系统管理员时请提供此编号）
      </p>
    ) : null}
    <p>
      <a href="/">返回首页</a>
    </p>
  </Layout>
);

// The page a stale form leads to (the session ended while the officer was typing, or the page was left open too
// long): it says what happened, and leads to login and back to the form with what was typed — a case action comes
// back as its preview with the values in the address; other forms come back with the values kept on this page.
import type { FC } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';
import { Layout } from './layout.tsx';

export const SessionExpiredPage: FC<{
  user: CurrentUser | null;
  csrf: string;
  /** Where login leads back to (a safe local path, with the typed values where they can travel). */
  back: string;
  signedIn: boolean;
  /** What was typed, shown so that nothing is lost even where it cannot travel in the address. */
  typed: readonly (readonly [string, string])[];
}> = ({ user, csrf, back, signedIn, typed }) => (
  <Layout title="表单已失效" user={user} csrf={csrf} section="public">
    <p class="error-box" role="alert">
      表单已过期或来源无法确认（可能是会话已结束），内容没有保存。
      {signedIn ? '请返回表单核对后重新提交。' : '重新登录后可以继续办理，已填写的内容会保留。'}
    </p>
    <p class="actions">
      <a class="button primary" href={signedIn ? back : `/login?next=${encodeURIComponent(back)}`}>
        {signedIn ? '返回表单继续' : '重新登录并返回表单'}
      </a>
    </p>
    {typed.length ? (
      <section aria-labelledby="h-typed">
        <h2 id="h-typed">您填写的内容</h2>
        <dl class="facts">
          {typed.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
      </section>
    ) : null}
  </Layout>
);

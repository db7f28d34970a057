// The page frame shared by the portal and the consoles: skip link, header with the sections the visitor may use,
// the main landmark, and a footer. No inline script or style (the CSP forbids both).
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';

/** Which part of the site a page belongs to: its link in the header is marked as the current one (one only). */
export type Section = 'public' | 'staff' | 'publishing' | 'supervise' | 'admin' | 'account';

export interface LayoutProps {
  readonly title: string;
  readonly user: CurrentUser | null;
  readonly csrf: string;
  readonly section: Section;
  /** Breadcrumb trail above the heading: [label, href][]. */
  readonly crumbs?: readonly (readonly [string, string])[];
  /** A one-line notice shown above the content (after a successful action). */
  readonly notice?: Child;
  /** Reload the page after this many seconds (a progress page while work runs in the background). */
  readonly refresh?: number;
}

const SITE = '政府信息公开平台';

const NavLink: FC<PropsWithChildren<{ href: string; current: boolean }>> = ({ href, current, children }) => (
  <li>
    <a href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  </li>
);

export const Layout: FC<PropsWithChildren<LayoutProps>> = ({
  title,
  user,
  csrf,
  section,
  crumbs,
  notice,
  refresh,
  children,
}) => {
  const roles = user?.roles ?? [];
  const staff = roles.some((r) => r === 'officer' || r === 'reviewer' || r === 'approver');
  const supervise = roles.includes('supervisor') || roles.includes('administrator');
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
        <title>{`${title} - ${SITE}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          跳到正文
        </a>
        <header class="site">
          <div class="wrap bar">
            <a class="brand" href="/">
              {SITE}
            </a>
            <nav aria-label="主导航">
              <ul>
                <NavLink href="/" current={section === 'public' && title === '首页'}>
                  首页
                </NavLink>
                <NavLink href="/apply" current={title === '申请政府信息公开'}>
                  申请公开
                </NavLink>
                <NavLink href="/track" current={title === '查询办理进度'}>
                  查询进度
                </NavLink>
                <NavLink href="/catalogue" current={title === '主动公开目录'}>
                  主动公开目录
                </NavLink>
                <NavLink href="/reports" current={title === '政府信息公开工作年度报告'}>
                  年度报告
                </NavLink>
                {staff || roles.includes('administrator') ? (
                  <NavLink href="/staff" current={section === 'staff'}>
                    办理工作台
                  </NavLink>
                ) : null}
                {staff ? (
                  <NavLink href="/staff/publishing" current={section === 'publishing'}>
                    主动公开
                  </NavLink>
                ) : null}
                {supervise ? (
                  <NavLink href="/supervise" current={section === 'supervise'}>
                    监督
                  </NavLink>
                ) : null}
                {roles.includes('administrator') ? (
                  <NavLink href="/admin" current={section === 'admin'}>
                    系统管理
                  </NavLink>
                ) : null}
              </ul>
            </nav>
            <div class="who">
              {user ? (
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <span>
                    {user.displayName}（{user.agencyName}）
                  </span>{' '}
                  <a href="/account/password">修改密码</a>{' '}
                  <button type="submit" class="link">
                    退出
                  </button>
                </form>
              ) : (
                <a href="/login">工作人员登录</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" class="wrap">
          {crumbs?.length ? (
            <nav aria-label="位置" class="crumbs">
              <ol>
                {crumbs.map(([label, href]) => (
                  <li>
                    <a href={href}>{label}</a>
                  </li>
                ))}
                <li aria-current="page">{title}</li>
              </ol>
            </nav>
          ) : null}
          <h1>{title}</h1>
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site">
          <div class="wrap">
            依据《中华人民共和国政府信息公开条例》（国务院令第711号）提供服务。Gongkai 开源软件。
          </div>
        </footer>
        <script src="/static/charts.js" defer></script>
      </body>
    </html>
  );
};

// The portal's front page: what a citizen can do here, and the latest annual reports.
import type { FC } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';
import type { ReportListItem } from '../reports/store.ts';
import { Layout } from './layout.tsx';
import { ReportsTable } from './public-reports.tsx';

export const HomePage: FC<{ user: CurrentUser | null; csrf: string; latest: readonly ReportListItem[] }> = ({
  user,
  csrf,
  latest,
}) => (
  <Layout title="首页" user={user} csrf={csrf} section="public">
    <p>
      依照《中华人民共和国政府信息公开条例》，公民、法人或者其他组织可以向行政机关申请获取政府信息。本平台提供在线申请、进度查询和年度报告查阅。
    </p>
    <div class="cards">
      <section class="card" aria-labelledby="c-apply">
        <h2 id="c-apply">申请政府信息公开</h2>
        <p>
          在线填写申请，提交后获得查询码。行政机关自收到申请之日起 20 个工作日内答复（《条例》第三十三条）。
        </p>
        <a class="button primary" href="/apply">
          在线申请
        </a>
      </section>
      <section class="card" aria-labelledby="c-track">
        <h2 id="c-track">查询办理进度</h2>
        <p>凭查询码查看申请的办理阶段和答复期限，不显示任何个人信息。</p>
        <a class="button" href="/track">
          查询进度
        </a>
      </section>
      <section class="card" aria-labelledby="c-reports">
        <h2 id="c-reports">年度报告</h2>
        <p>查阅各机关的政府信息公开工作年度报告，以及自动检查发现的问题。</p>
        <a class="button" href="/reports">
          查看年度报告
        </a>
      </section>
    </div>
    <h2>最新年度报告</h2>
    <ReportsTable items={latest} href={(id) => `/reports/${id}`} />
  </Layout>
);

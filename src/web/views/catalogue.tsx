// The 主动公开 catalogue (政务公开标准目录) of the agencies, searchable: what each agency publishes, on what basis,
// within what time, through which channels — and how many items it has published under each matter.
import type { FC } from 'hono/jsx';
import type { MatterView } from '../../publishing/catalogue.ts';
import type { CurrentUser } from '../env.ts';
import { Empty, TextField } from './components.tsx';
import { Layout } from './layout.tsx';

export const CataloguePage: FC<{
  user: CurrentUser | null;
  csrf: string;
  q: string;
  agencyId: number | null;
  agencies: readonly { id: number; name: string }[];
  matters: readonly MatterView[];
  error?: string;
}> = ({ user, csrf, q, agencyId, agencies, matters, error }) => (
  <Layout title="主动公开目录" user={user} csrf={csrf} section="public">
    <p>
      各机关依照《条例》第十九条至第二十六条主动公开的事项：公开内容、依据、时限、主体和渠道。属于主动公开范围的政府信息，应当自形成或者变更之日起
      20 个工作日内公开（《条例》第二十六条）。
    </p>
    <form method="get" action="/catalogue" class="filters">
      <TextField
        name="q"
        label="检索"
        type="search"
        value={q}
        maxlength={100}
        hint="可输入多个词，用空格分隔"
      />
      <div class="field">
        <label for="agency">机关</label>
        <select id="agency" name="agency">
          <option value="">全部机关</option>
          {agencies.map((a) => (
            <option value={String(a.id)} selected={a.id === agencyId}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="primary">
        检索
      </button>
    </form>
    {error ? (
      <p class="error-box" role="alert">
        {error}
      </p>
    ) : null}
    {matters.length ? (
      <div class="table-scroll">
        <table class="data">
          <caption>共 {matters.length} 项</caption>
          <thead>
            <tr>
              <th scope="col">事项</th>
              <th scope="col">公开内容</th>
              <th scope="col">公开依据</th>
              <th scope="col">时限</th>
              <th scope="col">公开主体</th>
              <th scope="col">渠道</th>
              <th scope="col" class="n">
                已公开
              </th>
            </tr>
          </thead>
          <tbody>
            {matters.map((m) => (
              <tr>
                <th scope="row">
                  {m.domain ? <span class="hint">{m.domain}</span> : null}
                  {m.name}
                  <span class="hint">{m.agencyName}</span>
                </th>
                <td>{m.content}</td>
                <td>{m.basis}</td>
                <td>{m.timeLimit}</td>
                <td>{m.subject}</td>
                <td>{m.channels.join('、')}</td>
                <td class="n">
                  {m.items}
                  {m.lastPublishedOn ? <span class="hint">最近 {m.lastPublishedOn}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>{q ? '没有找到符合条件的事项。' : '暂无主动公开目录。'}</Empty>
    )}
  </Layout>
);

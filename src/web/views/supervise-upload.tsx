// The bulk upload's pages: the progress of a batch (reloads itself until every file has an outcome) and the review
// list of reports that matched no agency in the supervisor's subtree.
import type { FC } from 'hono/jsx';
import type { CurrentUser } from '../env.ts';
import { type Batch, type ReviewItem, UPLOAD_OUTCOME_LABELS } from '../reports/upload-queue.ts';
import { Csrf, Empty, Pill } from './components.tsx';
import { Layout } from './layout.tsx';
import { CheckPills } from './public-reports.tsx';

type Frame = { user: CurrentUser | null; csrf: string };

const STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: '排队中',
  reading: '正在读取',
  done: '完成',
};

export const BatchPage: FC<Frame & { batch: Batch }> = ({ user, csrf, batch }) => {
  const files = batch.files;
  const done = files.filter((f) => f.status === 'done');
  const ok = files.filter((f) => f.outcome === 'collected').length;
  const dup = files.filter((f) => f.outcome === 'duplicate').length;
  const review = files.filter((f) => f.outcome === 'review').length;
  return (
    <Layout
      title={batch.done ? '上传结果' : '正在读取上传的文件'}
      user={user}
      csrf={csrf}
      section="supervise"
      crumbs={[['监督工作台', '/supervise']]}
      refresh={batch.done ? undefined : 2}
    >
      <p role="status" id="upload-status" data-done={batch.done ? 'yes' : 'no'}>
        {batch.done
          ? `共 ${files.length} 个文件：新收集 ${ok} 份，重复 ${dup} 份，待分配机关 ${review} 份，未收集 ${files.length - ok - dup - review} 份。`
          : `共 ${files.length} 个文件，已处理 ${done.length} 个。文件在后台逐个读取，本页每 2 秒自动刷新；可以离开本页，稍后再回来查看。`}
      </p>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">文件</th>
              <th scope="col">结果</th>
              <th scope="col">机关</th>
              <th scope="col" class="n">
                年度
              </th>
              <th scope="col">检查结果</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr>
                <td>{f.name}</td>
                <td>
                  {f.outcome ? (
                    <Pill
                      tone={
                        f.outcome === 'collected'
                          ? 'ok'
                          : f.outcome === 'duplicate'
                            ? 'info'
                            : f.outcome === 'review'
                              ? 'warn'
                              : 'bad'
                      }
                    >
                      {UPLOAD_OUTCOME_LABELS[f.outcome]}
                    </Pill>
                  ) : (
                    <Pill tone="muted">{STATUS_LABELS[f.status] ?? f.status}</Pill>
                  )}
                </td>
                <td>{f.agencyName ?? '—'}</td>
                <td class="n">{f.year ?? '—'}</td>
                <td>
                  {f.errors !== null ? <CheckPills errors={f.errors} warnings={f.warnings ?? 0} /> : '—'}
                </td>
                <td>
                  {f.reportId !== null ? (
                    <a href={`/reports/${f.reportId}`}>{f.message}</a>
                  ) : f.outcome === 'review' ? (
                    <a href="/supervise/review">{f.message}</a>
                  ) : (
                    (f.message ?? '')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="actions">
        <a class="button" href="/supervise/upload">
          继续上传
        </a>
        {review ? (
          <a class="button" href="/supervise/review">
            待分配机关的报告
          </a>
        ) : null}
        <a class="button primary" href="/supervise">
          返回监督工作台
        </a>
      </p>
    </Layout>
  );
};

export const ReviewPage: FC<
  Frame & {
    items: readonly ReviewItem[];
    agencies: readonly { id: number; name: string }[];
    errors?: Record<string, string>;
  }
> = ({ user, csrf, items, agencies, errors }) => (
  <Layout
    title="待分配机关的报告"
    user={user}
    csrf={csrf}
    section="supervise"
    crumbs={[['监督工作台', '/supervise']]}
  >
    <p>
      以下上传的报告未能按署名匹配到您监督范围内的机关，尚未收入、不会公开。请为每份报告指定所属机关，或将其舍弃。
    </p>
    {errors?.form ? (
      <p class="error" role="alert">
        {errors.form}
      </p>
    ) : null}
    {items.length === 0 ? (
      <Empty>没有待分配的报告。</Empty>
    ) : (
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">文件</th>
              <th scope="col">报告署名</th>
              <th scope="col" class="n">
                年度
              </th>
              <th scope="col">检查结果</th>
              <th scope="col">处理</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>{i.name}</td>
                <td>{i.agencyName ?? '（未识别）'}</td>
                <td class="n">{i.year ?? '—'}</td>
                <td>
                  {i.errors !== null ? <CheckPills errors={i.errors} warnings={i.warnings ?? 0} /> : '—'}
                </td>
                <td>
                  <form method="post" action={`/supervise/review/${i.id}`} class="inline">
                    <Csrf token={csrf} />
                    <label for={`agency-${i.id}`} class="visually-hidden">
                      所属机关
                    </label>
                    <select id={`agency-${i.id}`} name="agencyId">
                      {agencies.map((a) => (
                        <option value={String(a.id)}>{a.name}</option>
                      ))}
                    </select>
                    <button type="submit" name="action" value="assign">
                      指定机关并收入
                    </button>
                    <button type="submit" name="action" value="discard">
                      舍弃
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </Layout>
);

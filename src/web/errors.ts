// Typed web errors with a stable code, mapped to an HTTP status and a Chinese page only at the edge (app.onError).
export class WebError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422 | 429,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = '页面') => new WebError(404, '未找到', `${what}不存在或已被删除。`);
export const forbidden = (summary: string) =>
  new WebError(403, '无权访问', `您的账号没有“${summary}”的权限，或该记录不属于您所在的机关。`);
export const badRequest = (message: string) => new WebError(400, '请求有误', message);

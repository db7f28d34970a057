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

/** A form whose CSRF token no longer matches (the session ended or the form is stale): app.onError answers with
 *  a page that leads to login and back to the form with what was typed (views/session-expired.tsx). */
export class StaleForm extends WebError {
  constructor() {
    super(403, '表单已失效', '表单已过期或来源无法确认（可能是会话已结束）。');
  }
}

// The renderers' error, in a module of its own: the web app maps it to a page (app.onError) without loading the
// renderers themselves (docx is 1 MB of source, loaded on first use, ADR 0006).

/** A renderer could not produce its output; the message is Chinese and says what to do. */
export class RenderError extends Error {
  constructor(
    message: string,
    readonly code: 'soffice-missing' | 'convert-failed',
  ) {
    super(message);
  }
}

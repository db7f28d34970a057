// The letter templates in the browser, for administrators: the list of letters, and each template's title and
// paragraphs edited with a preview on sample data (src/letters/sample.ts) before a new version is saved. The checks
// are the letters module's own (validateTemplate): unknown placeholders, and what a letter must keep saying.
import { type Context, Hono } from 'hono';
import {
  isLetterKind,
  kindLabel,
  LETTER_KINDS,
  LetterError,
  type LetterKind,
  type RenderedLetter,
  renderLetter,
  sampleLetterData,
} from '../../letters/index.ts';
import { userActor } from '../audit.ts';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors.ts';
import { guard } from '../middleware/authorize.ts';
import {
  currentTemplate,
  editedTemplate,
  editedVersions,
  saveTemplate,
  TemplateRejected,
} from '../templates/store.ts';
import { formValues, one } from '../validate.ts';
import { frame, page } from '../views/render.ts';
import { TemplateEditPage, TemplateListPage } from '../views/templates.tsx';

const kindOf = (c: Context<AppEnv>): LetterKind => {
  const k = decodeURIComponent(c.req.param('kind') ?? '');
  if (!isLetterKind(k)) throw notFound('文书模板');
  return k;
};

/** One paragraph per line of the text area. */
const paragraphsOf = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

/** The letter on sample data, or the letters module's reason why it cannot be made. */
function preview(kind: LetterKind, title: string, paragraphs: readonly string[]) {
  const check = editedTemplate(kind, title, paragraphs);
  if (!check.ok) return { errors: check.errors, letter: null };
  try {
    return {
      errors: [] as string[],
      letter: renderLetter(check.template, sampleLetterData(kind)) as RenderedLetter,
    };
  } catch (e) {
    if (e instanceof LetterError) return { errors: [e.message], letter: null };
    throw e;
  }
}

export function templateRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', guard('admin.templates'), async (c) => {
    const versions = await editedVersions(c.get('deps').handle.db);
    return page(
      c,
      <TemplateListPage
        {...frame(c)}
        kinds={LETTER_KINDS.map((k) => ({ kind: k, label: kindLabel(k), version: versions.get(k) ?? 0 }))}
        notice={
          c.req.query('notice') === 'saved' ? '模板已保存为新版本，此后生成的文书使用新版本。' : undefined
        }
      />,
    );
  });

  const editPage = async (
    c: Context<AppEnv>,
    kind: LetterKind,
    shown?: { title: string; paragraphs: string[] },
    status: 200 | 422 = 200,
  ) => {
    const stored = await currentTemplate(c.get('deps').handle.db, kind);
    const title = shown?.title ?? stored.template.title;
    const paragraphs = shown?.paragraphs ?? [...stored.template.paragraphs];
    const p = preview(kind, title, paragraphs);
    return page(
      c,
      <TemplateEditPage
        {...frame(c)}
        kind={kind}
        label={kindLabel(kind)}
        version={stored.version}
        basis={stored.template.basis}
        title={title}
        paragraphs={paragraphs}
        letter={p.letter}
        errors={p.errors}
        edited={shown !== undefined}
      />,
      status,
    );
  };

  app.get('/:kind', guard('admin.templates'), (c) => editPage(c, kindOf(c)));

  app.post('/:kind/preview', guard('admin.templates'), async (c) => {
    const kind = kindOf(c);
    const f = await formValues(c);
    const shown = { title: one(f.title), paragraphs: paragraphsOf(one(f.paragraphs)) };
    return editPage(c, kind, shown, preview(kind, shown.title, shown.paragraphs).errors.length ? 422 : 200);
  });

  app.post('/:kind', guard('admin.templates'), async (c) => {
    const kind = kindOf(c);
    const f = await formValues(c);
    const shown = { title: one(f.title), paragraphs: paragraphsOf(one(f.paragraphs)) };
    // A template is saved only if it also renders on the sample data.
    if (preview(kind, shown.title, shown.paragraphs).errors.length) return editPage(c, kind, shown, 422);
    try {
      await saveTemplate(c.get('deps').handle.db, kind, shown, userActor(c.get('user')!.username));
    } catch (e) {
      if (e instanceof TemplateRejected) return editPage(c, kind, shown, 422);
      throw e;
    }
    return c.redirect('/admin/templates?notice=saved', 303);
  });

  return app;
}

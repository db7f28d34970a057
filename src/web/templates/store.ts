// The letter templates an administrator edits (src/letters: templates as data). Each save is a new version of the
// kind (letter_templates keeps every version, so an issued letter names the version it was made from); the default
// of src/letters/templates.ts is version 0. Every save is checked by validateTemplate and audited.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/handle.ts';
import { queryRows } from '../../db/query.ts';
import { letterTemplates } from '../../db/schema/letters.ts';
import {
  DEFAULT_TEMPLATES,
  type LetterKind,
  type LetterTemplate,
  validateTemplate,
} from '../../letters/index.ts';
import { audit } from '../audit.ts';

export interface StoredTemplate {
  readonly template: LetterTemplate;
  /** 0: the default. */
  readonly version: number;
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
}

export async function currentTemplate(db: Executor, kind: LetterKind): Promise<StoredTemplate> {
  const def = DEFAULT_TEMPLATES[kind];
  const [row] = await db
    .select()
    .from(letterTemplates)
    .where(eq(letterTemplates.kind, kind))
    .orderBy(desc(letterTemplates.version))
    .limit(1);
  if (!row) return { template: def, version: 0, updatedBy: null, updatedAt: null };
  return {
    template: { ...def, title: row.title, paragraphs: row.body },
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** The latest version of every kind edited at least once. */
export async function editedVersions(db: Executor): Promise<Map<string, number>> {
  const rows = await queryRows<{ kind: string; v: number }>(
    db,
    sql`select kind, max(version)::int as v from letter_templates group by kind`,
  );
  return new Map(rows.map((r) => [r.kind, Number(r.v)]));
}

/** The edited template as the letters module checks it: title and paragraphs on the kind's default. */
export function editedTemplate(kind: LetterKind, title: string, paragraphs: readonly string[]) {
  const draft = {
    ...DEFAULT_TEMPLATES[kind],
    title: title.trim(),
    paragraphs: paragraphs.map((p) => p.trim()),
  };
  return validateTemplate(draft);
}

export class TemplateRejected extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('；'));
  }
}

/** Save a new version; refused (with every problem, in Chinese) unless validateTemplate accepts it. */
export async function saveTemplate(
  db: Db,
  kind: LetterKind,
  input: { title: string; paragraphs: readonly string[] },
  actor: string,
): Promise<number> {
  const check = editedTemplate(kind, input.title, input.paragraphs);
  if (!check.ok) throw new TemplateRejected(check.errors);
  return db.transaction(async (tx) => {
    const before = await currentTemplate(tx, kind);
    const version = before.version + 1;
    await tx.insert(letterTemplates).values({
      kind,
      version,
      title: check.template.title,
      body: [...check.template.paragraphs],
      updatedBy: actor,
    });
    await audit(tx, {
      actor,
      action: 'letter.template.save',
      entity: 'letter_template',
      entityId: kind,
      before: {
        version: before.version,
        title: before.template.title,
        paragraphs: before.template.paragraphs,
      },
      after: { version, title: check.template.title, paragraphs: check.template.paragraphs },
    });
    return version;
  });
}

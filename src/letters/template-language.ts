// The template language, kept tiny so that an administrator can read every template and nothing in one can run
// code: text, {{name}} for a value, and {{#if name}} … {{else}} … {{/if}} to write a clause only when the case has
// the value (e.g. the 行政复议机关 when the agency has configured it). Values are inserted as text, never parsed
// again, so a value containing "{{…}}" or "<script>" stays literally what it is.

export type TemplateNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'var'; readonly name: string }
  | {
      readonly type: 'if';
      readonly name: string;
      readonly whenPresent: readonly TemplateNode[];
      readonly otherwise: readonly TemplateNode[];
    };

/** A malformed template; `message` is Chinese and quotes the offending text. */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

export const NAME = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;

interface Frame {
  readonly name: string | null;
  readonly whenPresent: TemplateNode[];
  readonly otherwise: TemplateNode[];
  inElse: boolean;
}

export function parseTemplate(source: string): TemplateNode[] {
  const root: Frame = { name: null, whenPresent: [], otherwise: [], inElse: false };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  const emit = (n: TemplateNode) => (top().inElse ? top().otherwise : top().whenPresent).push(n);
  const emitText = (text: string) => {
    if (!text) return;
    if (text.includes('}}'))
      throw new TemplateSyntaxError(`多余的“}}”：“${excerpt(text, text.indexOf('}}'))}”`);
    emit({ type: 'text', text });
  };

  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      emitText(source.slice(i));
      break;
    }
    emitText(source.slice(i, open));
    const close = source.indexOf('}}', open + 2);
    const nextOpen = source.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close))
      throw new TemplateSyntaxError(`“{{”没有对应的“}}”：“${excerpt(source, open)}”`);
    const tag = source.slice(open + 2, close).trim();
    i = close + 2;

    const ifMatch = /^#if\s+(\S+)$/.exec(tag);
    if (ifMatch) {
      const name = ifMatch[1]!;
      if (!NAME.test(name)) throw new TemplateSyntaxError(`占位符名称不合法：“{{${tag}}}”`);
      stack.push({ name, whenPresent: [], otherwise: [], inElse: false });
    } else if (tag === 'else') {
      const f = top();
      if (f.name === null) throw new TemplateSyntaxError('“{{else}}”不在“{{#if …}}”之内');
      if (f.inElse) throw new TemplateSyntaxError(`“{{#if ${f.name}}}”中有两个“{{else}}”`);
      f.inElse = true;
    } else if (tag === '/if') {
      const f = top();
      if (f.name === null) throw new TemplateSyntaxError('多余的“{{/if}}”');
      stack.pop();
      emit({ type: 'if', name: f.name, whenPresent: f.whenPresent, otherwise: f.otherwise });
    } else if (NAME.test(tag)) {
      emit({ type: 'var', name: tag });
    } else {
      throw new TemplateSyntaxError(`占位符名称不合法：“{{${tag}}}”`);
    }
  }
  if (stack.length > 1) throw new TemplateSyntaxError(`“{{#if ${top().name}}}”缺少“{{/if}}”`);
  return root.whenPresent;
}

function excerpt(s: string, at: number): string {
  const from = Math.max(0, at - 10);
  return (from > 0 ? '…' : '') + s.slice(from, at + 20) + (at + 20 < s.length ? '…' : '');
}

/** Every placeholder name a template mentions, as a value or as a condition. */
export function namesIn(nodes: readonly TemplateNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.type === 'var') out.add(n.name);
    else if (n.type === 'if') {
      out.add(n.name);
      namesIn(n.whenPresent, out);
      namesIn(n.otherwise, out);
    }
  }
  return out;
}

/**
 * Writes the nodes with `lookup`. A value used but not supplied is added to `missing` (and written as nothing:
 * the caller refuses the letter when `missing` is not empty). Lists used inside a sentence are joined with "；".
 */
export function evaluate(
  nodes: readonly TemplateNode[],
  lookup: (name: string) => string | readonly string[] | undefined,
  missing: Set<string>,
): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.text;
    else if (n.type === 'var') {
      const v = lookup(n.name);
      if (v === undefined) missing.add(n.name);
      else out += typeof v === 'string' ? v : v.join('；');
    } else {
      out += evaluate(lookup(n.name) !== undefined ? n.whenPresent : n.otherwise, lookup, missing);
    }
  }
  return out;
}

/** The name of the one placeholder a paragraph consists of ("{{correction.items}}"), or null. */
export function soleVariable(nodes: readonly TemplateNode[]): string | null {
  const significant = nodes.filter((n) => !(n.type === 'text' && n.text.trim() === ''));
  const only = significant[0];
  return significant.length === 1 && only?.type === 'var' ? only.name : null;
}

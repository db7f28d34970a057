// What a web page says about the report outside its body text: the <title> and the page's headings. The Shanghai
// 2019 page has its agency and year only there (issue 13, item 4).
import type { DefaultTreeAdapterTypes } from 'parse5';
import type { SourceMeta } from '../../source.ts';
import type { FastMeasures } from './fast-tree.ts';

type Node = DefaultTreeAdapterTypes.Node;

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterTypes.TextNode).value;
  if ('tagName' in n && (n.tagName === 'script' || n.tagName === 'style')) return '';
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

export function htmlMeta(doc: Node, measures?: FastMeasures): SourceMeta {
  let title: string | undefined;
  const headings: string[] = [];
  if (measures) {
    // The fast tree listed its <title>, <h1> and <h2> elements in document order: the walk below, without visiting
    // every node. A heading the walk takes, it does not descend into; what lies inside one is skipped here too.
    const taken = new Set<Node>();
    const inTaken = (n: Node) => {
      for (let p: Node | null = n; p && 'parentNode' in p; ) {
        p = p.parentNode as Node | null;
        if (p && taken.has(p)) return true;
      }
      return false;
    };
    for (const n of measures.titlesAndHeadings) {
      if (taken.size && inTaken(n)) continue;
      if (n.tagName === 'title') {
        if (title === undefined) title = clean(textOf(n));
      } else if (headings.length < 6) {
        taken.add(n);
        const t = clean(textOf(n));
        if (t) headings.push(t);
      }
    }
    return finish(title, headings);
  }
  const walk = (n: Node) => {
    if ('tagName' in n) {
      if (n.tagName === 'title' && title === undefined) title = clean(textOf(n));
      else if ((n.tagName === 'h1' || n.tagName === 'h2') && headings.length < 6) {
        const t = clean(textOf(n));
        if (t) headings.push(t);
        return;
      }
    }
    if ('childNodes' in n) for (const c of n.childNodes) walk(c);
    // <template> content is not part of the page.
  };
  walk(doc);
  return finish(title, headings);
}

function finish(title: string | undefined, headings: string[]): SourceMeta {
  // A site name after the title ("…年度报告_上海市人民政府", "…年度报告 - 某某网") is not part of it.
  if (title) title = title.split(/\s*[_|｜]\s*|\s+-\s+/)[0]!.trim();
  return { ...(title ? { title } : {}), ...(headings.length ? { headings } : {}) };
}

// What a web page says about the report outside its body text: the <title> and the page's headings. The Shanghai
// 2019 page has its agency and year only there (issue 13, item 4).
import type { DefaultTreeAdapterTypes } from 'parse5';
import type { SourceMeta } from '../../source.ts';

type Node = DefaultTreeAdapterTypes.Node;

function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterTypes.TextNode).value;
  if ('tagName' in n && (n.tagName === 'script' || n.tagName === 'style')) return '';
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}

export function htmlMeta(doc: Node): SourceMeta {
  let title: string | undefined;
  const headings: string[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n) {
      if (n.tagName === 'title' && title === undefined) title = textOf(n).replace(/\s+/g, ' ').trim();
      else if ((n.tagName === 'h1' || n.tagName === 'h2') && headings.length < 6) {
        const t = textOf(n).replace(/\s+/g, ' ').trim();
        if (t) headings.push(t);
        return;
      }
    }
    if ('childNodes' in n) for (const c of n.childNodes) walk(c);
    // <template> content is not part of the page.
  };
  walk(doc);
  // A site name after the title ("…年度报告_上海市人民政府", "…年度报告 - 某某网") is not part of it.
  if (title) title = title.split(/\s*[_|｜]\s*|\s+-\s+/)[0]!.trim();
  return { ...(title ? { title } : {}), ...(headings.length ? { headings } : {}) };
}

// Degraded forms of a report, for tests: what a crawler keeps of a published page. The report is rendered to HTML
// (src/render/html.ts), then its page text is taken the way a crawler takes it — the DOM's text content, whitespace
// collapsed, the whole body on one line, cells glued unless the page's markup happened to leave whitespace between
// them — optionally behind a crawler's header block and the site's breadcrumbs. The property test reads these back.
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import type { Report } from '../domain/report/model.ts';
import { renderHtml } from '../render/html.ts';

type Node = DefaultTreeAdapterTypes.Node;

export interface DegradeOptions {
  /** Probability that the markup leaves whitespace at an element boundary (0: every cell glued; 1: all spaced). */
  readonly spacing?: number;
  /** A crawler's header block (标题, 发布时间, 原文链接, ==== 正文 ====). */
  readonly header?: boolean;
  /** The site's breadcrumbs before the body (当前位置：首页 > …). */
  readonly breadcrumbs?: boolean;
  /** The 发布时间 of the header (YYYY-MM-DD). */
  readonly published?: string;
}

const SKIP = new Set(['head', 'script', 'style', 'noscript', 'template']);

/** The DOM text content of an HTML page, whitespace collapsed to single spaces, on one line. */
export function crawlerText(html: string, rand: () => number, spacing = 0): string {
  // Markup whitespace is the renderer's choice, not the page's: drop it and decide boundary by boundary.
  const doc = parse(html.replace(/>\s+</g, '><'));
  const out: string[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n && SKIP.has(n.tagName)) return;
    if (n.nodeName === '#text') {
      out.push((n as DefaultTreeAdapterTypes.TextNode).value);
      return;
    }
    const boundary = 'tagName' in n;
    if (boundary && rand() < spacing) out.push(' ');
    if ('childNodes' in n) for (const c of n.childNodes) walk(c);
    if (boundary && rand() < spacing) out.push(' ');
  };
  walk(doc);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** A random report as a crawler saved its page. */
export function degradedPage(report: Report, rand: () => number, opts: DegradeOptions = {}): string {
  const title = `${report.agency ?? ''}${report.year ?? ''}年度政府信息公开工作年度报告`;
  let body = crawlerText(renderHtml(report), rand, opts.spacing ?? 0);
  if (opts.breadcrumbs) body = `当前位置：首页 > 政务公开 > 政府信息公开年报 ${body}`;
  if (!opts.header) return `${body}\n`;
  const published = opts.published ?? `${(report.year ?? 2024) + 1}-01-20`;
  return [
    `标题: ${title}`,
    `发布时间: ${published} 10:14`,
    '文号: ',
    '发布机构: ',
    '栏目: 政府信息公开年报',
    `原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/${report.year ?? 2024}/t_1.htm`,
    '==================== 正文 ====================',
    body,
    '',
  ].join('\n');
}

/**
 * A random report as a PDF-to-markdown converter leaves it (issue 13, item 2): 表三's header labels wrapped onto a
 * row of their own, some value rows in label-less tables after their label line, the 结转 总计 lost, and one 表二
 * cell printed above its table with its remark ("22（其中修订 3 件）").
 */
export function converterMarkdown(
  report: Report,
  rand: () => number,
  md: string,
  p: { lift?: number; dropTotal?: number; split?: number } = {},
): string {
  const lines = md.split('\n');
  const out: string[] = [];
  let t2Moved = false;
  for (const line of lines) {
    if (/^\| 信息内容 \| 本年制发件数/.test(line) || /^\| 信息内容 \| 本年新制作数量/.test(line)) {
      out.push(line);
      continue;
    }
    if (!t2Moved && /^\| (行政)?规范性文件 \| \d+ \|/.test(line) && rand() < (p.lift ?? 0.5)) {
      const cells = line.split('|').slice(1, -1);
      const v = cells[1]!.trim();
      cells[1] = '  ';
      // Before the table: find its first line and put the lifted cell above it.
      const start = out.map((l) => l.startsWith('| 第二十条第（一）项')).lastIndexOf(true);
      if (start >= 0) {
        out.splice(start, 0, `${v}（其中修订 ${Math.floor(rand() * 3)} 件）`, '');
        out.push(`|${cells.join('|')}|`);
        t2Moved = true;
        continue;
      }
    }
    if (/^\|\s*\|\s*\|\s*\|\s*\| 商业企业 \| 科研机构 \| 社会公益组织 \| 法律服务机构 \| 其他/.test(line)) {
      out.push(
        '|  |  |  |  | 商业企 | 科研机 | 社会公 | 法律服 | 其他 |  |',
        '',
        '| 业 | 构 | 益组织 | 务机构 |',
        '',
      );
      continue;
    }
    const row = /^\|\s*(?:[^|]*\|){2}\s*([^|]+?)\s*\|((?:\s*\d+\s*\|){7})\s*$/.exec(line);
    if (row && /^(一|二|四|（|\d)/.test(row[1]!)) {
      const values = row[2]!
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
      const label = row[1]!;
      if (/^四、结转/.test(label) && rand() < (p.dropTotal ?? 0.5)) {
        out.push(line.replace(/\|\s*\d+\s*\|\s*$/, '|'));
        continue;
      }
      if (rand() < (p.split ?? 0.3)) {
        out.push('', label, '', `| ${values.join(' | ')} |`, `|${' --- |'.repeat(values.length)}`, '');
        continue;
      }
    }
    out.push(line);
  }
  void report;
  return out.join('\n');
}

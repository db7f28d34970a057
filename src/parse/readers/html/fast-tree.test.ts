// The fast path of the HTML reader must build exactly the tree parse5 builds, or decline. Checked on the project's
// own report pages, the test fixture of a government page, and random markup — well-formed and broken — where
// every page the fast path accepts must match parse5 node for node, text for text, line for line.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../../../test/fixtures/readers/report-html.ts';
import { SEEDS } from '../../../../test/support/seeds.ts';
import { toParsedJson } from '../../../domain/report/model.ts';
import { prng, synthesizeReport } from '../../../domain/report/synthesize.ts';
import { renderReport } from '../../../render/index.ts';
import { extractReport } from '../../extract.ts';
import { DEFAULT_LIMITS } from '../../limits.ts';
import { read } from '../html.ts';
import { fastTree } from './fast-tree.ts';

type Node = DefaultTreeAdapterTypes.Node;

/** What the reader looks at, as plain data: names, attributes, text, comments, start lines, children. */
function shape(n: Node, lines: boolean): unknown {
  const o: Record<string, unknown> = { n: n.nodeName };
  if ('attrs' in n) o.a = n.attrs.map((a) => [a.name, a.value]);
  if ('value' in n) o.v = n.value;
  if ('data' in n) o.d = n.data;
  if (lines && (n.nodeName === '#text' || 'tagName' in n)) o.l = n.sourceCodeLocation?.startLine;
  if ('childNodes' in n) o.c = n.childNodes.map((c) => shape(c, lines));
  return o;
}

const both = (html: string, lines = true) => {
  const fast = fastTree(html, lines);
  return {
    fast: fast && shape(fast, lines),
    parse5: shape(parse(html, { sourceCodeLocationInfo: lines }), lines),
  };
};

describe('the fast HTML tree', () => {
  it('takes the project’s own report pages and builds parse5’s tree for them', async () => {
    for (let i = 0; i < 8; i++) {
      const html = new TextDecoder().decode(await renderReport(synthesizeReport(prng(1000 + i)), 'html'));
      for (const lines of [true, false]) {
        const { fast, parse5 } = both(html, lines);
        expect(fast, `report ${i}`).not.toBeNull();
        expect(fast).toEqual(parse5);
      }
    }
  });

  it('takes a government page in the XHTML style (layout table, <p><span> in cells) and matches parse5', () => {
    const html = reportHtml(SEEDS[0]!.expected);
    const { fast, parse5 } = both(html);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(parse5);
  });

  it('reads a page to the same SourceDocument through either tree', async () => {
    const pages = [
      new Uint8Array(iconv.encode(reportHtml(SEEDS[1]!.expected), 'gbk')),
      await renderReport(synthesizeReport(prng(7)), 'html'),
    ];
    for (const bytes of pages)
      for (const lines of [true, false])
        expect(await read(bytes, 'a.html', undefined, { lines })).toEqual(
          await read(bytes, 'a.html', undefined, { lines, parse5Only: true }),
        );
  });

  it('leaves a page with a NUL character to parse5, which drops it from the text, in any encoding', async () => {
    const html = `<!doctype html><html><head><meta charset="gbk"></head><body><table><tr><td>总\0计</td><td>1\x002</td></tr><tr><td>自然人</td><td>3</td></tr></table></body></html>`;
    for (const bytes of [new TextEncoder().encode(html), new Uint8Array(iconv.encode(html, 'gbk'))]) {
      const doc = await read(bytes, 'a.html');
      expect(doc).toEqual(await read(bytes, 'a.html', undefined, { parse5Only: true }));
      expect(doc.blocks.some((b) => b.kind === 'row' && b.cells.some((c) => c.text === '12'))).toBe(true);
    }
  });

  it('refuses a page nested past the depth limit as parse5’s tree is refused, and reads one just under it', async () => {
    // The fast path reports its depth instead of having the tree walked; the limit must fall at the same node.
    const limits = { ...DEFAULT_LIMITS, markupMaxDepth: 20 };
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (d) => d,
        (e: Error) => e.message,
      );
    for (let k = 14; k <= 20; k++)
      for (const inner of ['x', '<!-- c -->', '<br>', '<h1>t</h1>']) {
        const html = `<!doctype html><html><head><title>t</title></head><body>${'<div>'.repeat(k)}${inner}${'</div>'.repeat(k)}</body></html>`;
        const bytes = new TextEncoder().encode(html);
        expect(fastTree(html, true)).not.toBeNull();
        expect(await outcome(read(bytes, 'd.html', limits))).toEqual(
          await outcome(read(bytes, 'd.html', limits, { parse5Only: true })),
        );
      }
  });

  it('declines what HTML would repair, move or reinterpret', () => {
    const doc = (body: string) => `<!doctype html><html><head></head><body>${body}</body></html>`;
    for (const body of [
      '<p>a<div>b</div></p>', // a block closes the paragraph
      '<table><td>1</td></table>', // implied tbody and tr
      '<table>x<tr><td>1</td></tr></table>', // text moved out of the table
      '<b><i>x</b></i>', // misnested formatting
      '<div>x', // unclosed
      '<td>1</td>', // a cell outside a table is dropped
      '<a href=x><a>y</a></a>',
      '<p>&notin;</p>', // a reference outside the fast path's table
      '<select><option>1</select>',
      '<ul><li>a<li>b</ul>',
      '<br/>x</br>',
    ])
      expect(fastTree(doc(body), true), body).toBeNull();
    expect(fastTree('<p>no html element</p>', true)).toBeNull();
  });

  it('matches parse5 on every random page it accepts, and reads it to the same SourceDocument', async () => {
    // Random pages built from the pieces government pages are made of, often broken on purpose.
    const text = fc.constantFrom(
      '三、本年度办理结果',
      '12',
      ' ',
      '\n',
      '\r\n',
      '  \n  ',
      'a &amp; b',
      '&nbsp;5&#160;',
      '&#x4E00;',
      'x < y',
      '1&2',
      '&lt;b&gt;',
      '&copy',
      '&notin;',
      // Long text, so that a cell may hold more than an article's worth (the reader's layout-table rule).
      ` ${'字'.repeat(600)}\n`,
    );
    const tag = fc.constantFrom(
      'p',
      'div',
      'span',
      'b',
      'strong',
      'a',
      'font',
      'h1',
      'h2',
      'ul',
      'li',
      'section',
      'o:p',
      'center',
      'table',
      'tbody',
      'thead',
      'tr',
      'td',
      'th',
      'caption',
      'colgroup',
      'col',
      'br',
      'img',
      'hr',
      'title',
      'style',
      'script',
      'form',
      'pre',
      'SPAN',
      'Div',
    );
    const attr = fc.constantFrom(
      '',
      ' class="num"',
      " rowspan='2'",
      ' colspan=3',
      ' style="display:none"',
      ' hidden',
      ' data-x="a&amp;b"',
      ' A="1" a="2"',
      ' x="1"y="2"',
      '/',
      // The tokenizer's edge cases (attributes are scanned by hand, not by a regular expression).
      ' a = "1"',
      ' a =b',
      ' a=',
      ' a= ',
      ' a="open',
      ' a=b"c',
      ' a=`b`',
      ' a=/x/y/',
      "\ta='x\"y'\n",
      ' a="x\'y" B',
      ' Data-X=1 DATA-x=2',
      ' a==b',
      ' "a"',
      ' a<b=1',
      ' 名=1',
    );
    const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { weight: 3, arbitrary: text },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '<!-- c -->',
            '<!---->',
            '</p>',
            '</td>',
            '<tr>',
            '</span >',
            '</span/>',
            '</ span>',
            '</名>',
            // Headings inside headings: the page's meta takes the outer one only.
            '<h1>外<span><h2>内</h2></span></h1>',
            '<h2><span><h1>内</h1><title>题</title></span></h2>',
          ),
        },
        {
          weight: 4,
          arbitrary: fc
            .tuple(tag, attr, fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
            .map(([t, a, kids, close]) => `<${t}${a}>${kids.join('')}${close ? `</${t}>` : ''}`),
        },
      ),
    })).node;
    // Tables, whose cells may hold tables (a layout table, as the reader tells them apart).
    const table: fc.Arbitrary<string> = fc.letrec((tie) => ({
      table: fc
        .array(
          fc
            .array(
              fc.tuple(
                fc.constantFrom('td', 'th'),
                fc.array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: tie('table') }), {
                  maxLength: 2,
                }),
              ),
              { maxLength: 4 },
            )
            .map((cells) => `<tr>${cells.map(([t, k]) => `<${t}>${k.join('')}</${t}>`).join('\n')}</tr>`),
          { maxLength: 4 },
        )
        .chain((rows) =>
          fc.constantFrom(
            `<table>${rows.join('')}</table>`,
            `<table>\n<tbody>${rows.join('\n')}</tbody>\n</table>`,
            `<table><caption>表三</caption><colgroup><col><col></colgroup><thead>${rows.join('')}</thead></table>`,
          ),
        ),
    })).table;
    const page = fc
      .tuple(
        fc.constantFrom(
          '<!doctype html>',
          '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
          '',
        ),
        fc.constantFrom('<meta charset="utf-8">', '<title>报告 &amp; 公开</title>\n<style>p{}</style>', ''),
        fc.array(fc.oneof(piece, table), { maxLength: 6 }),
        fc.constantFrom('\n', '', '\n<!-- end -->\n'),
      )
      .map(
        ([dt, head, body, tail]) =>
          `${dt}\n<html lang="zh">\n<head>\n${head}\n</head>\n<body>\n${body.join('\n')}\n</body>${tail}</html>${tail}`,
      );
    let accepted = 0;
    const encoder = new TextEncoder();
    await fc.assert(
      fc.asyncProperty(page, async (html) => {
        const { fast, parse5 } = both(html);
        if (fast === null) return;
        accepted++;
        expect(fast).toEqual(parse5);
        // What the fast path measures while building (text lengths, tables inside cells, the title and headings)
        // instead of walking the tree: the reader must read the page to the same SourceDocument either way.
        const bytes = encoder.encode(html);
        expect(await read(bytes, 'p.html')).toEqual(
          await read(bytes, 'p.html', undefined, { parse5Only: true }),
        );
      }),
      { numRuns: 3000 },
    );
    // The property means something only if the fast path took a good share of the pages.
    expect(accepted).toBeGreaterThan(300);
  });
});

describe('a report page read through the fast path or through parse5 alone', () => {
  it('reads to the same report (values, provenance, reasons) however its tables are damaged', async () => {
    // Real report pages (the project's renderer and a government page in the XHTML style), damaged as published
    // pages are: a closing tag dropped, comments, <br> and entities inside cells, a cell's number spelled as a
    // character reference, a table nested in a cell, rowspan/colspan changed, the page served as GBK with a
    // <meta charset>. Whichever tree a page takes, the reader must read it to the same report: the proof that the
    // fast path costs nothing in what is read.
    const bases = [
      ...(await Promise.all(
        [0, 1, 2].map(async (i) =>
          new TextDecoder().decode(await renderReport(synthesizeReport(prng(2000 + i)), 'html')),
        ),
      )),
      reportHtml(SEEDS[0]!.expected),
      reportHtml(SEEDS[1]!.expected),
    ];
    /** One damage at a seen offset of the page (the offset taken modulo the places it can go). */
    const damage = fc.tuple(
      fc.constantFrom(
        'drop-close',
        'comment',
        'br',
        'entity-digit',
        'nbsp',
        'nested-table',
        'rowspan',
        'colspan',
        'unclosed-td',
        'stray-close',
      ),
      fc.nat(),
    );
    const apply = (html: string, [kind, at]: [string, number]): string => {
      const places = (re: RegExp) => [...html.matchAll(re)].map((m) => m.index!);
      const pick = (xs: number[]) => (xs.length ? xs[at % xs.length]! : -1);
      const insertAt = (i: number, s: string) => (i < 0 ? html : html.slice(0, i) + s + html.slice(i));
      switch (kind) {
        case 'drop-close': {
          const i = pick(places(/<\/(td|th|tr|p|span|tbody)>/g));
          return i < 0 ? html : html.slice(0, i) + html.slice(html.indexOf('>', i) + 1);
        }
        case 'comment':
          return insertAt(pick(places(/<\/td>/g)), '<!-- 备注 -->');
        case 'br':
          return insertAt(pick(places(/<\/t[dh]>/g)), '<br>');
        case 'entity-digit': {
          const i = pick(places(/>\d+</g));
          return i < 0 ? html : `${html.slice(0, i + 1)}&#${html.charCodeAt(i + 1)};${html.slice(i + 2)}`;
        }
        case 'nbsp':
          return insertAt(pick(places(/<\/td>/g)), '&nbsp;');
        case 'nested-table':
          return insertAt(pick(places(/<\/td>/g)), '<table><tr><td>1</td><td>2</td></tr></table>');
        case 'rowspan':
          return insertAt(pick(places(/<td(?=[ >])/g)) + 3, ' rowspan="2"');
        case 'colspan':
          return insertAt(pick(places(/<t[dh](?=[ >])/g)) + 3, ' colspan=2');
        case 'unclosed-td': {
          const i = pick(places(/<\/td>/g));
          return i < 0 ? html : html.slice(0, i) + html.slice(i + 5);
        }
        default:
          return insertAt(pick(places(/<td[ >]/g)), '</span>');
      }
    };
    const report = async (bytes: Uint8Array, parse5Only: boolean) =>
      toParsedJson(extractReport(await read(bytes, 'p.html', undefined, { parse5Only })));
    let fastTaken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        fc.array(damage, { maxLength: 3 }),
        fc.boolean(),
        async (b, damages, gbk) => {
          let html = damages.reduce(apply, bases[b]!);
          if (gbk) html = html.replace(/<meta charset="?utf-8"?>/i, '<meta charset="gb2312">');
          const bytes = gbk ? new Uint8Array(iconv.encode(html, 'gbk')) : new TextEncoder().encode(html);
          if (fastTree(html, true)) fastTaken++;
          expect(await report(bytes, false)).toEqual(await report(bytes, true));
        },
      ),
      { numRuns: 150 },
    );
    // Both ways were taken: undamaged pages and harmless damage go the fast way, the rest to parse5.
    expect(fastTaken).toBeGreaterThan(10);
  });
});

// gongkai similar <files|dir> [--threshold 0.5] [--json]: reports copied from another agency or from last year.
import { findSimilarSketched, type SketchedDoc, sketch } from '../../domain/similarity/index.ts';
import { parseArgs } from '../args.ts';
import { CliError, type Command } from '../io.ts';
import { readInputs } from '../report-inputs.ts';

export const command: Command = {
  name: 'similar',
  summary: '查重：找出文字与其他机关同年报告或本机关上年报告高度雷同的报告',
  usage: `用法：gongkai similar <文件或目录...> [--threshold 0.5] [--json]

比较报告正文（数字不计），列出相似度不低于阈值的报告对及重复的段落：
同一年度不同机关之间，以及同一机关相邻年度之间。
  --threshold <0-1>   相似度阈值（字符5-gram 的 Jaccard 系数），默认 0.5
  --json              每对一行：{"a","b","similarity","kind","passages":[...]}`,
  async run(args, io) {
    const { positionals, options } = parseArgs(
      args,
      { threshold: { type: 'string' }, json: { type: 'boolean' } },
      'similar',
    );
    if (!positionals.length) throw new CliError('similar：请指定报告文件或目录');
    const threshold = options.threshold === undefined ? 0.5 : Number(options.threshold);
    if (!(threshold > 0 && threshold <= 1)) throw new CliError('similar：--threshold 应为 0 到 1 之间的数');
    // Each report's signature as it is read (its shingles are not kept); texts are compared in full only for the
    // candidate pairs.
    const docs: (SketchedDoc & { agency: string; year: number | null })[] = [];
    for await (const item of readInputs(positionals)) {
      if ('error' in item) {
        io.stderr(`警告：${item.error}\n`);
        continue;
      }
      const r = item.report;
      const text = Object.values(r.sections).join('\n') || r.text || '';
      docs.push({ id: item.file, sig: sketch(text), text: () => text, agency: r.agency ?? '', year: r.year });
    }
    const byId = new Map(docs.map((d) => [d.id, d]));
    const kindOf = (a: string, b: string) => {
      const x = byId.get(a)!;
      const y = byId.get(b)!;
      if (
        x.agency &&
        x.agency === y.agency &&
        x.year !== null &&
        y.year !== null &&
        Math.abs(x.year - y.year) === 1
      )
        return 'previousYear';
      if (x.year !== null && x.year === y.year && x.agency !== y.agency) return 'sameYear';
      return null;
    };
    const pairs = findSimilarSketched(docs, { threshold, filter: (a, b) => kindOf(a.id, b.id) !== null });
    for (const p of pairs) {
      const kind = kindOf(p.a, p.b);
      if (options.json) io.stdout(`${JSON.stringify({ ...p, kind })}\n`);
      else {
        const a = byId.get(p.a)!;
        const b = byId.get(p.b)!;
        io.stdout(
          `${Math.round(p.similarity * 100)}%  ${a.agency || p.a}（${a.year}） ~ ${b.agency || p.b}（${b.year}）${kind === 'previousYear' ? '  与上年雷同' : '  同年雷同'}\n`,
        );
        for (const s of p.passages.slice(0, 3))
          io.stdout(`      “${s.length > 60 ? `${s.slice(0, 60)}…` : s}”\n`);
      }
    }
    if (!options.json) io.stdout(`共比较 ${docs.length} 份报告，发现 ${pairs.length} 对雷同\n`);
    return 0;
  },
};

// What an ingest run tells its user, in Chinese: a progress line while it runs, a summary when it ends.
import type { Progress, Summary } from './run.ts';

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分${s % 60}秒`;
  return `${Math.floor(m / 60)}小时${m % 60}分`;
}

const rate = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

/** One line, rewritten in place on a terminal: count, speed, time left. */
export function progressLine(p: Progress): string {
  const r = rate(p.finished, p.elapsedMs);
  const parts = [
    p.total !== null
      ? `已处理 ${p.finished}/${p.total}（${((p.finished / Math.max(1, p.total)) * 100).toFixed(1)}%）`
      : `已处理 ${p.finished}（正在统计文件总数）`,
    `${r.toFixed(1)} 个/秒`,
  ];
  if (p.total !== null && r > 0) parts.push(`预计剩余 ${duration(((p.total - p.finished) / r) * 1000)}`);
  if (p.unreadable) parts.push(`无法读取 ${p.unreadable}`);
  if (p.ocr) parts.push(`文字识别 ${p.ocr.file} 第 ${p.ocr.page}/${p.ocr.pages} 页`);
  return parts.join(' · ');
}

const FORM_NAMES: Record<string, string> = {
  pdf: 'PDF',
  docx: 'DOCX',
  html: 'HTML',
  text: '文本',
  json: 'JSON',
};

export function formatSummary(s: Summary, out: string): string {
  const processed = s.read + s.unreadable;
  const lines = [
    `导入完成：共 ${s.files} 个文件，用时 ${duration(s.elapsedMs)}（${rate(processed, s.elapsedMs).toFixed(1)} 个/秒，${s.jobs} 个并行）`,
    `  本次读取 ${processed}，跳过 ${s.skipped}（输出中已有相同内容的文件）`,
    `  读取成功 ${s.read}，其中检查发现错误的 ${s.withErrors} 份`,
  ];
  const why = [
    s.timeouts ? `超时 ${s.timeouts}` : '',
    s.outOfMemory ? `内存超限 ${s.outOfMemory}` : '',
    s.crashes ? `读取出错 ${s.crashes}` : '',
  ].filter(Boolean);
  lines.push(`  无法读取 ${s.unreadable}${why.length ? `（其中${why.join('，')}）` : ''}`);
  lines.push(
    `  按版式：2021 版 ${s.byFormat['2021']}，2019 试行版 ${s.byFormat['2019']}，未识别 ${s.byFormat.none}`,
  );
  const forms = Object.entries(s.byForm)
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${FORM_NAMES[f] ?? f} ${n}`);
  lines.push(`  按文件格式：${forms.length ? forms.join('，') : '无'}`);
  if (s.truncated) lines.push(`  上次中断留下的不完整末行（${s.truncated} 字节）已删除`);
  if (s.badLines) lines.push(`  输出文件中有 ${s.badLines} 行不是有效的结果，已忽略`);
  lines.push(`  结果已写入 ${out}`);
  if (s.errors.length) {
    lines.push(
      s.unreadable > s.errors.length ? `无法读取的文件（前 ${s.errors.length} 个）：` : '无法读取的文件：',
    );
    for (const e of s.errors) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}

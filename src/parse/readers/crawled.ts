// The crawled-page front end: a report page as a web crawler saved it (or as anyone gets it from a page's DOM text):
// an optional header block (标题: …, 发布时间: …, 原文链接: …, ==== 正文 ====), breadcrumbs and page furniture, then the
// whole body on one or a few lines with the table cells glued together ("行政规范性文件6233440" is 62 | 33 | 440).
// This module finds the rows by their labels inside the long line, in the order the layout prints them, and hands
// each row's digit run to the run decoder (src/domain/report/run-decoder.ts) through extract.ts; the narrative
// around the tables becomes paragraphs split at the section headings.
import { type FormatVersion, LAYOUTS, T4_COLUMNS, T4_GROUPS } from '../../domain/report/layout.ts';
import type { RunRowSpec } from '../../domain/report/run-decoder.ts';
import { normalizeWidth } from '../cell-text.ts';
import type { SourceBlock, SourceDocument, SourceMeta, SourceRun } from '../source.ts';

const HEADER_END = /^=+\s*正文\s*=+\s*$/;
const HEADER_LINE =
  /^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|索引号|主题分类|发文机关|成文日期|发布日期)\s*[:：]\s*(.*)$/;

/** Whether the text is a crawled page: the crawler's header, or the 表三 rows glued on one line. */
export function isCrawledText(text: string): boolean {
  if (/^\s*标题\s*[:：]/.test(text) && /^=+\s*正文\s*=+\s*$/m.test(text)) return true;
  for (const line of text.split('\n'))
    if (
      line.length > 200 &&
      /本年新收政府信息公开申请数量\s*\d/.test(line) &&
      /上年结转政府信息公开申请数量\s*\d/.test(line)
    )
      return true;
  return false;
}

export function readCrawled(text: string, notes: readonly string[] = []): SourceDocument {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const meta: { title?: string; published?: string; agency?: string } = {};
  let bodyStart = 0;
  const end = lines.findIndex((l) => HEADER_END.test(l.trim()));
  if (end >= 0 && end < 40) {
    for (const l of lines.slice(0, end)) {
      const m = HEADER_LINE.exec(l.trim());
      if (!m) continue;
      const v = m[2]!.trim();
      if (!v) continue;
      if (m[1] === '标题') meta.title = v;
      else if (m[1] === '发布时间' || m[1] === '发布日期') meta.published = normalizeDate(v) ?? v;
      else if (m[1] === '发布机构' || m[1] === '发文机关') meta.agency = v;
    }
    bodyStart = end + 1;
  }
  // The body as one string with its line breaks kept (1:1 width normalisation keeps positions).
  const lineStarts: number[] = [];
  let body = '';
  for (let i = bodyStart; i < lines.length; i++) {
    lineStarts.push(body.length);
    body += `${lines[i]}\n`;
  }
  body = normalizeWidth(stripFurniture(body));
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return bodyStart + lo + 1;
  };
  const tables = findTables(body);
  const runs: SourceRun[] = tables.runs.map((r) => ({
    ...r,
    prov: r.missing ? {} : { line: lineOf(r.at), text: r.text.trim() },
  }));
  // Narrative: everything outside the table regions, split at the section headings.
  const blocks: SourceBlock[] = [];
  let pos = 0;
  const regions = [...tables.regions].sort((a, b) => a[0] - b[0]);
  const pushText = (from: number, to: number) => {
    for (const p of splitParagraphs(body.slice(from, to), from))
      blocks.push({ kind: 'para', text: p.text, prov: { line: lineOf(p.at) } });
  };
  for (const [a, b] of regions) {
    if (a > pos) pushText(pos, a);
    pos = Math.max(pos, b);
  }
  pushText(pos, body.length);
  const sourceMeta: SourceMeta = {
    ...(meta.title ? { title: meta.title } : {}),
    ...(meta.published ? { published: meta.published } : {}),
    ...(meta.agency ? { agency: meta.agency } : {}),
  };
  return {
    form: 'text',
    blocks,
    notes: [...notes, ...tables.notes],
    meta: sourceMeta,
    runs,
    runFormats: tables.formats,
  };
}

function normalizeDate(s: string): string | null {
  const m = /((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(normalizeWidth(s));
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** Breadcrumbs, share buttons, font-size switches: the page around the report. Replaced by spaces (positions kept). */
function stripFurniture(s: string): string {
  const blankOut = (m: string) => m.replace(/[^\n]/g, ' ');
  return s
    .replace(
      /(?:当前位置|您的位置|您现在的位置|所在位置)\s*[:：]\s*(?:[^\s>›»]+\s*[>›»]\s*)*[^\s>›»]+/g,
      blankOut,
    )
    .replace(
      /来源\s*[:：]\s*\S{0,30}\s*时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*-->)?/g,
      blankOut,
    )
    .replace(
      /(?:字号|字体)\s*[:：]?\s*[【[]?\s*大\s*[】\]]?\s*[【[]?\s*中\s*[】\]]?\s*[【[]?\s*小\s*[】\]]?/g,
      blankOut,
    )
    .replace(/微信\s+微博\s+QQ空间(?:\s+全真版)?(?:\s+文字版)?(?:\s+文件下载)?/g, blankOut)
    .replace(/[【[]\s*(?:打印本页|打印|关闭窗口|关闭)\s*[】\]]/g, blankOut);
}

// ---------------------------------------------------------------- tables

interface FoundRun {
  table: 't2' | 't3' | 't4';
  keys: string[];
  rows: RunRowSpec[];
  text: string;
  at: number;
  /** The page does not list this row (its label was not found) or this table: its cells stay unknown, with this
   *  reason. */
  missing?: string;
}

interface Anchor {
  key: string;
  re: RegExp;
  /** The row's printed ordinal ("2" of "2.其他法律…"), stripped from the end of the row before it. */
  ordinal: string | null;
}

const T3_ANCHORS: readonly { key: string; re: RegExp }[] = [
  { key: 'received', re: /本年新收/ },
  { key: 'carriedOver', re: /上年结转/ },
  { key: 'granted', re: /予以公开/ },
  { key: 'partiallyGranted', re: /部分公开/ },
  { key: 'withheld.stateSecret', re: /国家秘密/ },
  { key: 'withheld.prohibitedByLaw', re: /其他法律|禁止公开/ },
  { key: 'withheld.securityStability', re: /三安全一稳定|危及/ },
  { key: 'withheld.thirdPartyRights', re: /第三方合法权益|第三方/ },
  { key: 'withheld.internalAffairs', re: /内部事务/ },
  { key: 'withheld.deliberative', re: /过程性信息/ },
  { key: 'withheld.enforcementFiles', re: /执法案卷/ },
  { key: 'withheld.inquiryMatters', re: /查询事项/ },
  { key: 'unavailable.notHeld', re: /不掌握/ },
  { key: 'unavailable.needsCreation', re: /另行制作/ },
  { key: 'unavailable.unclearAfterCorrection', re: /仍不明确|不明确/ },
  { key: 'declined.complaint', re: /信访|举报投诉/ },
  { key: 'declined.duplicate', re: /重复申请/ },
  { key: 'declined.publication', re: /公开出版物/ },
  { key: 'declined.excessive', re: /大量反复/ },
  { key: 'declined.confirmation', re: /重新出具|确认/ },
  { key: 'other.noCorrection', re: /逾期不补正/ },
  { key: 'other.feeUnpaid', re: /收费通知|缴纳费用/ },
  { key: 'other.other', re: /其他/ },
  { key: 'other', re: /其他处理/ },
  { key: 'total', re: /总计/ },
  { key: 'carriedForward', re: /结转下年度|下年度继续办理/ },
];

const T2_ANCHORS: readonly { key: string; re: RegExp }[] = [
  { key: 'regulations', re: /规章/ },
  { key: 'normativeDocuments', re: /(?:行政)?规范性文件/ },
  { key: 'licensing', re: /行政许可/ },
  { key: 'otherServices', re: /其他对外管理服务事项/ },
  { key: 'penalty', re: /行政处罚/ },
  { key: 'coercion', re: /行政强制/ },
  { key: 'fees', re: /行政事业性收费/ },
  { key: 'procurement', re: /政府集中采购/ },
];

/** What may stand between a row's label and its first number: the rest of the label, never a sentence. */
const LABEL_GAP = /^[^\d。；!！?？\n]{0,60}$/;
/** The characters a run of cells is made of. */
const RUN = /^(?:[\d\s.,，\-—/／]|万元|元|件|项|个|条)*/;

function searchFrom(body: string, re: RegExp, from: number, to = body.length): RegExpExecArray | null {
  const g = new RegExp(re.source, 'g');
  g.lastIndex = from;
  const m = g.exec(body);
  if (!m || m.index >= to) return null;
  return m;
}

/**
 * The cells printed after a label: from the first digit (or blank mark) after it up to the first character that
 * cannot be part of a number. A trailing "2." is the next row's ordinal, not a cell.
 */
function takeRun(
  body: string,
  from: number,
  to: number,
  nextOrdinal: string | null,
  gap: RegExp = LABEL_GAP,
): { text: string; at: number } | null {
  const seg = body.slice(from, to);
  const first = seg.search(/[\d—]/);
  if (first < 0) return null;
  if (!gap.test(seg.slice(0, first))) return null;
  let text = RUN.exec(seg.slice(first))![0];
  // An ordinal of what follows ("00000002." before "其他法律…"; "0 3." before "其他") is not a cell.
  const ord = /(\d+)\s*[.、]\s*$/.exec(text);
  if (ord) {
    const digits = ord[1]!;
    let cut = 1;
    if (nextOrdinal && digits.endsWith(nextOrdinal)) cut = nextOrdinal.length;
    text = text.slice(0, ord.index + digits.length - cut);
  }
  text = text.replace(/[\s,，]+$/, '');
  return { text, at: from + first };
}

interface Tables {
  runs: FoundRun[];
  regions: [number, number][];
  notes: string[];
  formats: { t2: FormatVersion | null; t3: FormatVersion | null };
}

function findTables(body: string): Tables {
  const runs: FoundRun[] = [];
  const regions: [number, number][] = [];
  const notes: string[] = [];
  // 表三 first: it fixes where 表二 must end.
  const receivedRe = /本年新收政府信息公开申请数量\s*[\d—]/g;
  const rm = receivedRe.exec(body);
  if (!rm && !/第二十条第/.test(body)) notes.push('正文中没有表格（表二、表三、表四均未找到）');
  let t3Format: FormatVersion | null = null;
  let t3Start = -1;
  let t3End = -1;
  if (rm) {
    t3Start = rm.index;
    const head = body.lastIndexOf('（本列数据的', t3Start);
    const head2 = body.lastIndexOf('申请人情况', t3Start);
    let regionStart = t3Start;
    for (const h of [head, head2]) if (h >= 0 && t3Start - h < 400) regionStart = Math.min(regionStart, h);
    // Back up over the ordinal "一、" of the first row.
    const ordinalBefore = /[一1][、.]\s*$/.exec(body.slice(Math.max(0, t3Start - 4), t3Start));
    if (ordinalBefore && regionStart === t3Start) regionStart = t3Start - ordinalBefore[0].length;
    const window = body.slice(t3Start, t3Start + 3000);
    t3Format = /逾期不补正|收费通知/.test(window) ? '2021' : '2019';
    const layout = LAYOUTS[t3Format];
    const anchors: Anchor[] = [];
    for (const r of layout.t3Rows) {
      const a = T3_ANCHORS.find((x) => x.key === r.key)!;
      const ord = /^(\d+)\./.exec(r.label);
      anchors.push({ key: r.key, re: a.re, ordinal: ord ? ord[1]! : null });
    }
    // Find the anchors in order; a row not found is skipped (its cells stay unknown).
    const found: { a: Anchor; index: number; end: number }[] = [];
    let p = t3Start;
    const limit = Math.min(body.length, t3Start + 4000);
    for (const a of anchors) {
      const m = searchFrom(body, a.re, p, limit);
      if (!m) {
        notes.push(`表三“${layout.t3Rows.find((r) => r.key === a.key)!.label}”一行未找到`);
        const keys = layout.fields.filter((x) => x.table === 't3' && x.row === a.key).map((x) => x.key);
        runs.push({ table: 't3', keys, rows: [], text: '', at: p, missing: '原文未列出此行' });
        continue;
      }
      found.push({ a, index: m.index, end: m.index + m[0].length });
      p = m.index + m[0].length;
    }
    const t4Head = findT4Header(body, p);
    found.forEach((f, i) => {
      const next = found[i + 1];
      const to = next ? next.index : t4Head ? t4Head.start : Math.min(body.length, f.end + 200);
      const nextOrdinal = next ? next.a.ordinal : null;
      const run = takeRun(body, f.end, to, nextOrdinal);
      const keys = LAYOUTS[t3Format!].fields
        .filter((x) => x.table === 't3' && x.row === f.a.key)
        .map((x) => x.key);
      runs.push({
        table: 't3',
        keys,
        rows: [{ kinds: keys.map(() => 'count'), sumLast: true }],
        text: run?.text ?? '',
        at: run?.at ?? f.end,
      });
      if (run) t3End = Math.max(t3End, run.at + run.text.length);
      else t3End = Math.max(t3End, f.end);
    });
    regions.push([regionStart, Math.max(t3End, t3Start)]);
    // 表四: the header's three 总计, then fifteen numbers.
    if (t4Head) {
      const run = takeRun(body, t4Head.end, Math.min(body.length, t4Head.end + 200), null, /^\s*$/);
      const keys: string[] = [];
      const rows: RunRowSpec[] = [];
      for (const g of T4_GROUPS) {
        for (const c of T4_COLUMNS) keys.push(`t4.${g.key}.${c.key}`);
        rows.push({ kinds: T4_COLUMNS.map(() => 'count'), sumLast: true });
      }
      runs.push({ table: 't4', keys, rows, text: run?.text ?? '', at: run?.at ?? t4Head.end });
      regions.push([t4Head.start, run ? run.at + run.text.length : t4Head.end]);
    } else {
      notes.push('表四未找到');
      const keys = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => `t4.${g.key}.${c.key}`));
      runs.push({ table: 't4', keys, rows: [], text: '', at: p, missing: '原文未列出表四' });
    }
  }
  // 表二: from 第二十条第（一）项 to 表三.
  const t2m = /第二十条第\s*[（(]\s*一\s*[）)]\s*项/.exec(body);
  let t2Format: FormatVersion | null = null;
  if (t2m && (t3Start < 0 || t2m.index < t3Start)) {
    const t2End = t3Start >= 0 ? t3Start : Math.min(body.length, t2m.index + 1500);
    const region = body.slice(t2m.index, t2End);
    if (/本年新制作|本年新公开|对外公开总数|上一年项目|政府集中采购|其他对外管理服务事项/.test(region))
      t2Format = '2019';
    else if (/本年制发|本年废止|现行有效|收费金额/.test(region)) t2Format = '2021';
    t2Format ??= t3Format;
    if (t2Format) {
      const layout = LAYOUTS[t2Format];
      const anchors = layout.t2.flatMap((b) => b.rows.map((r) => ({ block: b, row: r })));
      const found: { key: string; index: number; end: number }[] = [];
      let p = t2m.index;
      for (const x of anchors) {
        const a = T2_ANCHORS.find((y) => y.key === x.row.key)!;
        const m = searchFrom(body, a.re, p, t2End);
        if (!m) {
          notes.push(`表二“${x.row.label}”一行未找到`);
          const keys = x.block.columns.map((c) => `t2.${x.row.key}.${c.key}`);
          runs.push({ table: 't2', keys, rows: [], text: '', at: p, missing: '原文未列出此行' });
          continue;
        }
        found.push({ key: x.row.key, index: m.index, end: m.index + m[0].length });
        p = m.index + m[0].length;
      }
      let last = t2m.index;
      found.forEach((f, i) => {
        const to = found[i + 1]?.index ?? t2End;
        const run = takeRun(body, f.end, to, null, /^\s*$/);
        const block = layout.t2.find((b) => b.rows.some((r) => r.key === f.key))!;
        const keys = block.columns.map((c) => `t2.${f.key}.${c.key}`);
        runs.push({
          table: 't2',
          keys,
          rows: [{ kinds: block.columns.map((c) => c.kind), sumLast: false }],
          text: run?.text ?? '',
          at: run?.at ?? f.end,
        });
        last = Math.max(last, run ? run.at + run.text.length : f.end);
      });
      regions.push([t2m.index, last]);
    }
  }
  return { runs, regions, notes, formats: { t2: t2Format, t3: t3Format } };
}

function findT4Header(body: string, from: number): { start: number; end: number } | null {
  const m = searchFrom(body, /行政复议\s*行政诉讼\s*结果\s*维持|行政复议\s*结果\s*维持/, from, from + 1500);
  let start: number;
  if (m) start = m.index;
  else {
    const k = searchFrom(body, /结果\s*维持/, from, from + 1500);
    if (!k) return null;
    start = k.index;
  }
  // The header ends after its last 总计 (three groups of five columns; some pages print fewer words).
  const window = body.slice(start, start + 250);
  const re = /总\s*计/g;
  let end = -1;
  let count = 0;
  for (let x = re.exec(window); x; x = re.exec(window)) {
    // A 总计 is part of the header while only header words stand between it and the previous one.
    const before = window.slice(end < 0 ? 0 : end, x.index);
    if (/\d/.test(before)) break;
    end = x.index + x[0].length;
    count++;
    if (count === 3) break;
  }
  if (end < 0) return null;
  return { start, end: start + end };
}

// ---------------------------------------------------------------- narrative

const SECTION_INLINE =
  /([一二三四五六七八九十]+)\s*[、.]\s*(总体情况|概述|年度工作核心成效|(?:落实)?政务公开工作主要任务|主动公开政府信息(?:的)?情况|(?:收到和处理)?政府信息(?:公开)?(?:依申请公开|公开申请)(?:的)?(?:情况)?|收到和处理政府信息公开申请(?:的)?情况|(?:政府信息公开|因政府信息公开申请)?(?:提起)?行政复议[、，和及与]?(?:提起)?行政诉讼(?:的)?情况|(?:政府信息公开(?:工作)?)?(?:当前)?存在的?(?:主要|突出)?问题(?:及|和|与)?(?:改进情况|改进措施|明年工作计划)?|其他需要?(?:报告|说明)的?事项(?:与附表)?|需要说明的其他事项(?:与附表)?)/g;

/** The body outside the tables, cut at the section headings so each heading is its own paragraph. */
function splitParagraphs(text: string, offset: number): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  const push = (a: number, b: number) => {
    for (const piece of splitLines(text.slice(a, b), a)) out.push(piece);
  };
  let pos = 0;
  SECTION_INLINE.lastIndex = 0;
  for (let m = SECTION_INLINE.exec(text); m; m = SECTION_INLINE.exec(text)) {
    // Only a heading at a sentence boundary: "…六个部分" in the preamble lists the titles without ordinals.
    const before = text.slice(Math.max(0, m.index - 1), m.index);
    if (before && !/[\s。；：:）)」”\d]/.test(before)) continue;
    push(pos, m.index);
    out.push({ text: m[0].trim(), at: offset + m.index });
    pos = m.index + m[0].length;
  }
  push(pos, text.length);
  return out;

  function splitLines(s: string, at: number): { text: string; at: number }[] {
    const r: { text: string; at: number }[] = [];
    let k = 0;
    for (const line of s.split('\n')) {
      const t = line.replace(/\s+/g, ' ').trim();
      if (t) r.push({ text: t, at: offset + at + k });
      k += line.length + 1;
    }
    return r;
  }
}

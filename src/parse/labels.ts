// Row labels → field rows. Matching is by the words that make a label unique, after normalising width, brackets
// and spaces, so that the variants seen in real reports ("(二) 部分公开 (区分处理的, …)", "科研企业" for
// "科研机构", "、" or "，" in the （六） rows) land on the right row.
import { normalizeLabel } from './cell-text.ts';

/** 表三 leaf rows, most specific first. `null` context = any. */
const T3_MATCHERS: readonly { key: string; re: RegExp }[] = [
  { key: 'received', re: /本年新收/ },
  { key: 'carriedOver', re: /上年结转/ },
  { key: 'carriedForward', re: /结转下年度/ },
  { key: 'partiallyGranted', re: /部分公开/ },
  { key: 'withheld.stateSecret', re: /国家秘密/ },
  // Some PDFs drop characters ("2.其他法律行政止公开"): the row is still the one after 国家秘密.
  { key: 'withheld.prohibitedByLaw', re: /法律行政法规禁止|其他法律行政/ },
  { key: 'withheld.securityStability', re: /三安全一稳定/ },
  { key: 'withheld.thirdPartyRights', re: /第三方合法权益/ },
  { key: 'withheld.internalAffairs', re: /内部事务/ },
  { key: 'withheld.deliberative', re: /过程性信息/ },
  { key: 'withheld.enforcementFiles', re: /行政执法案卷/ },
  { key: 'withheld.inquiryMatters', re: /行政查询事项/ },
  { key: 'unavailable.notHeld', re: /不掌握/ },
  { key: 'unavailable.needsCreation', re: /另行制作/ },
  { key: 'unavailable.unclearAfterCorrection', re: /补正后.*不明确/ },
  { key: 'declined.complaint', re: /信访|举报投诉/ },
  { key: 'declined.duplicate', re: /重复申请/ },
  { key: 'declined.publication', re: /公开出版物/ },
  { key: 'declined.excessive', re: /大量反复/ },
  { key: 'declined.confirmation', re: /确认或重新出具/ },
  { key: 'other.noCorrection', re: /逾期不补正/ },
  { key: 'other.feeUnpaid', re: /收费通知|缴纳费用/ },
  { key: 'granted', re: /予以公开/ },
  { key: 'total', re: /^(（七）|七.)?总计$/ },
];

/**
 * The 表三 row a label names. `labels` are the row's label cells, outermost first; the most specific (last) one
 * decides, the outer ones give context (（六）其他处理 for "3.其他").
 */
export function matchT3Row(labels: readonly string[]): string | null {
  // Pure, and asked about the same few dozen labels in every report (each paragraph under 表三 too): answered once
  // per label list. Short lists only, each label kept as a copy of its own (a label is often a slice of its whole
  // document, which the memo would keep alive), the memo bounded. A tree with a level per label, so a lookup hashes
  // the labels themselves — their hashes already computed when their cells were classified — and no joined key is
  // built and hashed per row (issue 18: that was ~4 % of the extractor).
  let size = 0;
  for (const l of labels) size += l.length;
  if (size > 64 || labels.length === 0) return matchT3RowOnce(labels);
  let node = t3RowMemo;
  for (const l of labels) {
    node.next ??= new Map();
    let child = node.next.get(l);
    if (child === undefined) {
      if (t3RowMemoSize >= 4096) {
        t3RowMemo.next = undefined;
        t3RowMemoSize = 0;
        return matchT3RowOnce(labels);
      }
      child = {};
      node.next.set(l.split('').join(''), child);
      t3RowMemoSize++;
    }
    node = child;
  }
  if (!('value' in node)) node.value = matchT3RowOnce(labels);
  return node.value as string | null;
}
interface T3RowMemo {
  value?: string | null;
  next?: Map<string, T3RowMemo>;
}
const t3RowMemo: T3RowMemo = {};
let t3RowMemoSize = 0;

function matchT3RowOnce(labels: readonly string[]): string | null {
  const norm = labels.map(normalizeLabel).filter((l) => l.length > 0);
  if (!norm.length) return null;
  const last = norm[norm.length - 1]!;
  const bare = last.replace(/^（[一二三四五六七八]）|^\d+\./, '');
  for (const m of T3_MATCHERS) {
    if (m.key === 'granted' && /不予公开|部分公开/.test(last)) continue;
    if (m.re.test(m.key === 'total' ? last : last)) return m.key;
  }
  // "3.其他" under （六）其他处理 (2021 layout); "（六）其他处理" with its own numbers (2019 layout).
  if (/^其他处理$/.test(bare) && /^（六）|^六\./.test(last)) return 'other';
  if (bare === '其他处理') return 'other';
  if (bare === '其他') {
    const ctx = norm.slice(0, -1).join('');
    if (/其他处理/.test(ctx) || /^3\./.test(last)) return 'other.other';
    return 'other.other?';
  }
  return null;
}

/** 表二 rows. */
const T2_ROWS: readonly { key: string; re: RegExp }[] = [
  { key: 'regulations', re: /^规章$/ },
  { key: 'normativeDocuments', re: /^(行政)?规范性文件$/ },
  { key: 'licensing', re: /^行政许可$/ },
  { key: 'otherServices', re: /^其他对外管理服务事项$/ },
  { key: 'penalty', re: /^行政处罚$/ },
  { key: 'coercion', re: /^行政强制$/ },
  { key: 'fees', re: /^行政事业性收费$/ },
  { key: 'procurement', re: /^政府集中采购$/ },
];

export function matchT2Row(label: string): string | null {
  const l = normalizeLabel(label).replace(/^\d+\.|^（[一二三四五六七八九]）/, '');
  for (const r of T2_ROWS) if (r.re.test(l)) return r.key;
  return null;
}

/** 表二 column headers → column key and the layout they belong to. */
const T2_COLUMNS: readonly { key: string; format: '2019' | '2021' | null; re: RegExp }[] = [
  { key: 'issued', format: '2021', re: /本年制发/ },
  { key: 'repealed', format: '2021', re: /本年废止/ },
  { key: 'inForce', format: '2021', re: /现行有效/ },
  { key: 'made', format: '2019', re: /本年新制作/ },
  { key: 'published', format: '2019', re: /本年新公开/ },
  { key: 'total', format: '2019', re: /对外公开总数/ },
  { key: 'previous', format: '2019', re: /上一年项目数/ },
  { key: 'change', format: '2019', re: /增.?减/ },
  { key: 'projects', format: '2019', re: /采购项目数/ },
  { key: 'amount', format: '2019', re: /采购总金额/ },
  { key: 'decisions', format: null, re: /处理决定数/ },
  { key: 'amount', format: '2021', re: /收费金额/ },
];

export function matchT2Column(label: string): { key: string; format: '2019' | '2021' | null } | null {
  const l = normalizeLabel(label);
  for (const c of T2_COLUMNS) if (c.re.test(l)) return { key: c.key, format: c.format };
  return null;
}

/** Section headings: an ordinal (一、 / 1、 / 1. or none — Word numbering is often lost) and the title. */
const SECTION_RES: readonly { key: string; re: RegExp }[] = [
  { key: 'overview', re: /^(总体情况|概述|概况|年度工作核心成效)$/ },
  { key: 'proactive', re: /^主动公开政府信息(的)?情况$/ },
  { key: 'requests', re: /^收到和处理政府信息公开申请(的)?情况$/ },
  { key: 'appeals', re: /^(政府信息公开)?行政复议[.，和及与]?行政诉讼(的)?情况$/ },
  // Variants seen on real pages: 存在的主要问题及明年工作计划, 当前存在的突出问题, 政府信息公开存在的问题及改进措施.
  {
    key: 'problems',
    re: /^(政府信息公开(工作)?)?(当前)?存在的?(主要|突出)?问题((及|和|与)(改进情况|改进措施|明年工作计划))?$/,
  },
  { key: 'other', re: /^(其他需要?(报告|说明)的?事项|需要说明的其他事项)(与附表)?$/ },
];

/**
 * More than `limit` characters that normalizeLabel keeps (it drops whitespace — JavaScript's \s, and U+200B, which
 * normalizeWidth turns into a space — and maps every other character to one): counted without normalising.
 */
function keepsMoreThan(s: string, limit: number): boolean {
  let kept = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space =
      (c >= 9 && c <= 13) ||
      c === 32 ||
      c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200b) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff;
    if (!space && ++kept > limit) return true;
  }
  return false;
}

export function matchSectionHeading(text: string): string | null {
  // Asked of every paragraph of a report: one longer than any heading can be is not one, without normalising it
  // (six replacements over a whole paragraph) or hashing it. 41: the trailing punctuation removed below.
  if (keepsMoreThan(text, 41)) return null;
  const t = normalizeLabel(text).replace(/[:：。]$/, '');
  if (t.length > 40) return null;
  // Parenthesised ordinals are sub-headings inside 总体情况 ("（二）主动公开政府信息情况"), never sections.
  if (/^（/.test(t)) return null;
  const bare = t.replace(/^(第?[一二三四五六七八九十]+[.部分]*|\d+\.?|[一二三四五六])\.?/, '');
  for (const s of SECTION_RES) if (s.re.test(bare)) return s.key;
  return null;
}

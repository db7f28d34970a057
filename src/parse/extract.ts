// SourceDocument → Report: find the title, agency, year, the six sections, and map table rows to field keys by
// their labels. The rule throughout: a number we are not sure of is marked uncertain (with the reason), a number we
// could not find stays unknown. Never a silently wrong number.
import {
  APPLICANT_COLUMNS,
  type FormatVersion,
  fieldDef,
  LAYOUTS,
  type SectionKey,
  T4_COLUMNS,
  T4_GROUPS,
} from '../domain/report/layout.ts';
import { blank, type Cell, emptyReport, num, type Provenance, type Report } from '../domain/report/model.ts';
import { type CellText, classifyCell, normalizeLabel, normalizeWidth } from './cell-text.ts';
import { matchSectionHeading, matchT2Column, matchT2Row, matchT3Row } from './labels.ts';
import type { SourceBlock, SourceCell, SourceDocument } from './source.ts';

type Row = Extract<SourceBlock, { kind: 'row' }>;
interface Classified {
  cell: SourceCell;
  c: CellText;
}
interface Found {
  cell: Cell;
  prov: Provenance;
  uncertain?: string;
}

export function extractReport(doc: SourceDocument): Report {
  const { sections, headingAt } = findSections(doc.blocks);
  const meta = findTitle(doc.blocks);
  const t2: Map<string, Found> = new Map();
  const t3: Map<string, Found> = new Map();
  const t4: Map<string, Found> = new Map();
  const notes: string[] = [...(doc.notes ?? [])];
  let t2Format: FormatVersion | null = null;
  let t3Format: FormatVersion | null = null;

  // Walk the blocks with a table context, set by section headings and by header rows (a report may lack headings).
  let ctx: 't2' | 't3' | 't4' | null = null;
  let t2Columns: { key: string; format: FormatVersion | null }[] | null = null;
  let t4Done = false;
  let pendingLabels: string[] = [];

  doc.blocks.forEach((b, i) => {
    const heading = headingAt.get(i);
    if (heading) {
      ctx =
        heading === 'proactive' ? 't2' : heading === 'requests' ? 't3' : heading === 'appeals' ? 't4' : null;
      pendingLabels = [];
      return;
    }
    if (b.kind !== 'row') {
      // A block header printed as a paragraph ("第二十条第（一）项") still opens 表二.
      if (/^第二十条第/.test(normalizeLabel(b.text))) ctx = 't2';
      return;
    }
    const cells: Classified[] = b.cells.map((cell) => ({ cell, c: classifyCell(cell.text) }));
    const texts = cells.filter((x) => x.c.kind === 'text').map((x) => normalizeLabel(x.cell.text));
    const joined = texts.join('');
    // Header rows switch the context.
    if (/第二十条/.test(joined) || (/信息内容/.test(joined) && ctx !== 't3')) ctx = 't2';
    if (/勾稽关系|申请人情况/.test(joined) || (texts.includes('自然人') && ctx !== 't4')) ctx = 't3';
    if (/行政复议/.test(joined) && (/行政诉讼|结果维持|维持/.test(joined) || ctx === 't4')) ctx = 't4';

    const lastText = lastIndex(cells, (x) => x.c.kind === 'text');
    const labels = cells.slice(0, lastText + 1).filter((x) => x.c.kind === 'text');
    const data = cells.slice(lastText + 1);
    const hasNumber = data.some((x) => x.c.kind === 'number');

    if (ctx === 't2') {
      if (/信息内容/.test(joined)) {
        const idx = cells.findIndex((x) => /信息内容/.test(normalizeLabel(x.cell.text)));
        t2Columns = cells.slice(idx + 1).map((x) => matchT2Column(x.cell.text) ?? { key: '', format: null });
        for (const c of t2Columns) if (c.format) t2Format ??= c.format;
        return;
      }
      if (!labels.length) return;
      const rowKey = matchT2Row(labels[labels.length - 1]!.cell.text);
      if (!rowKey) return;
      readT2Row(rowKey, data, t2Columns, t2, (f) => {
        t2Format ??= f;
      });
      return;
    }
    if (ctx === 't3') {
      if (!labels.length) {
        // A row of numbers whose label stood on the line(s) before it (wrapped PDF/text labels).
        if (hasNumber && pendingLabels.length) readT3Row(pendingLabels, data, b, t3, notes);
        pendingLabels = [];
        return;
      }
      const labelTexts = labels.map((x) => x.cell.text);
      if (!hasNumber && !data.some((x) => x.c.kind === 'blank' && x.cell.text.trim())) {
        if (data.length === 0 || data.every((x) => x.cell.text.trim() === '')) {
          // Label only: a header row, or a label wrapped onto its own line.
          pendingLabels = matchT3Row(labelTexts) ? labelTexts : [...pendingLabels, ...labelTexts].slice(-3);
          if (data.length < 7) return;
        }
      }
      let labelsToUse = labelTexts;
      if (!matchT3Row(labelTexts) && pendingLabels.length) labelsToUse = [...pendingLabels, ...labelTexts];
      readT3Row(labelsToUse, data, b, t3, notes);
      pendingLabels = [];
      return;
    }
    if (ctx === 't4' && !t4Done && labels.length === 0 && hasNumber) {
      t4Done = readT4Row(data, t4, notes);
    }
  });

  // The 表三 layout: the split （六） rows are the 2021 layout, a single （六）其他处理 row the 2019 one.
  const t3Rows = new Set([...t3.keys()].map((k) => k.slice(3, k.lastIndexOf('.'))));
  if (['other.noCorrection', 'other.feeUnpaid', 'other.other'].some((r) => t3Rows.has(r))) t3Format = '2021';
  else if (t3Rows.has('other')) t3Format = '2019';
  t3Format ??= t2Format ?? (meta.year !== null ? (meta.year <= 2020 ? '2019' : '2021') : null);
  t2Format ??= t3Format;

  const format = t3Format;
  const report = emptyReport(format);
  report.agency = meta.agency;
  report.year = meta.year;
  report.title = meta.title;
  report.sections = sections;
  report.tableFormats = { t2: t2Format, t3: t3Format };
  report.text = doc.blocks
    .filter((b): b is Extract<SourceBlock, { kind: 'para' }> => b.kind === 'para')
    .map((b) => b.text)
    .join('\n');
  report.notes = notes;
  if (format && t2Format && t2Format !== format) {
    // The hybrid seen in practice: one table in the other layout. Keep what was printed, keyed by its own layout.
    for (const f of LAYOUTS[format].fields) if (f.table === 't2') delete report.cells[f.key];
    for (const f of LAYOUTS[t2Format].fields)
      if (f.table === 't2') report.cells[f.key] = { state: 'unknown' };
    notes.push(`表二使用${t2Format}版格式，表三使用${format}版格式`);
  }
  for (const m of [t2, t3, t4])
    for (const [k, f] of m) {
      if (!(k in report.cells)) {
        notes.push(`${fieldDef(k)?.label ?? k} 不属于本报告使用的格式，已忽略`);
        continue;
      }
      report.cells[k] = f.cell;
      report.provenance[k] = f.prov;
      if (f.uncertain) report.uncertain[k] = f.uncertain;
    }
  inferMissingFromIdentities(report);
  inferMissingResultRow(report);
  if (!format) notes.push('未能识别报告格式（表三未找到）');
  return report;
}

function lastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

function toCell(x: Classified, kind: 'count' | 'delta' | 'money'): { cell: Cell; uncertain?: string } {
  const r = classifiedCell(x, kind);
  // A reader's own doubt (an OCR cell read with low confidence) comes first: it is about what was printed.
  return x.cell.uncertain ? { ...r, uncertain: x.cell.uncertain } : r;
}

function classifiedCell(
  x: Classified,
  kind: 'count' | 'delta' | 'money',
): { cell: Cell; uncertain?: string } {
  if (x.c.kind === 'blank') return { cell: blank(x.c.raw) };
  if (x.c.kind === 'number') {
    let value = x.c.value;
    let uncertain: string | undefined;
    if (x.c.approximate) uncertain = `原文为约数（“${x.cell.text.trim()}”）`;
    if (kind === 'money' && x.c.unit === '元') value = Math.round((value / 10000) * 1e6) / 1e6;
    if (kind !== 'money' && !Number.isInteger(value))
      uncertain ??= `计数单元格出现小数（“${x.cell.text.trim()}”）`;
    return { cell: num(value, x.cell.text.trim()), ...(uncertain ? { uncertain } : {}) };
  }
  return { cell: { state: 'unknown' }, uncertain: `单元格内容不是数字（“${x.cell.text.trim()}”）` };
}

function provOf(x: Classified, extra: Partial<Provenance> = {}): Provenance {
  return { ...x.cell.prov, text: x.cell.text.trim(), ...extra };
}

/**
 * The data cells of a row, fitted to `n` values. Readers keep empty cells for merges and padding, so a row may
 * carry more cells than values; trim empty edges, then fall back to the numeric cells alone.
 */
function fitValues(
  data: readonly Classified[],
  n: number,
): { values: Classified[]; uncertain?: string } | { values: null; why: string } {
  if (data.length === n) return { values: [...data] };
  let d = [...data];
  while (d.length > n && d[d.length - 1]!.cell.text.trim() === '') d.pop();
  while (d.length > n && d[0]!.cell.text.trim() === '') d.shift();
  if (d.length === n) return { values: d };
  d = d.filter((x) => x.cell.text.trim() !== '' || x.cell.merged);
  if (d.length === n) return { values: d };
  const numbers = data.filter((x) => x.c.kind === 'number');
  if (numbers.length === n) return { values: numbers };
  return { values: null, why: `该行应有${n}个数，读到${data.filter((x) => x.c.kind !== 'text').length}个` };
}

function readT2Row(
  rowKey: string,
  data: readonly Classified[],
  header: { key: string; format: FormatVersion | null }[] | null,
  out: Map<string, Found>,
  noteFormat: (f: FormatVersion) => void,
): void {
  const columns = (header ?? []).filter((c) => c.key);
  // Guard against a header row that belonged to another block: the columns must fit the row.
  const fmt = columns.find((c) => c.format)?.format ?? null;
  const layout = LAYOUTS[fmt ?? (rowKey === 'otherServices' || rowKey === 'procurement' ? '2019' : '2021')];
  const block = layout.t2.find((b) => b.rows.some((r) => r.key === rowKey));
  const expected = block ? block.columns.map((c) => c.key) : columns.map((c) => c.key);
  const cols =
    columns.length === expected.length && columns.every((c, i) => c.key === expected[i]) ? columns : null;
  const keys = cols ? cols.map((c) => c.key) : expected;
  if (fmt) noteFormat(fmt);
  else if (block) noteFormat(layout.format);
  // Map by header position when we have the header; otherwise by count.
  const fit = fitValues(data, keys.length);
  keys.forEach((col, i) => {
    const key = `t2.${rowKey}.${col}`;
    const def = fieldDef(key);
    if (!def) return;
    if (!fit.values) {
      out.set(key, {
        cell: { state: 'unknown' },
        prov: provOf(data[0] ?? { cell: { text: '', prov: {} }, c: { kind: 'text' } }),
        uncertain: fit.why,
      });
      return;
    }
    const x = fit.values[i]!;
    const { cell, uncertain } = toCell(x, def.kind);
    out.set(key, { cell, prov: provOf(x), ...(uncertain ? { uncertain } : {}) });
  });
}

function readT3Row(
  labels: readonly string[],
  data: readonly Classified[],
  row: Row,
  out: Map<string, Found>,
  notes: string[],
): void {
  let rowKey = matchT3Row(labels);
  if (!rowKey) return;
  let rowUncertain: string | undefined;
  if (rowKey === 'other.other?') {
    rowKey = 'other.other';
    rowUncertain = '“其他”行的归属由上下文推断';
  }
  if (rowKey === 'total' && out.has('t3.total.total')) return;
  const fit = fitValues(data, 7);
  APPLICANT_COLUMNS.forEach((col, i) => {
    const key = `t3.${rowKey}.${col.key}`;
    if (!fit.values) {
      out.set(key, { cell: { state: 'unknown' }, prov: { ...row.prov }, uncertain: fit.why });
      return;
    }
    const x = fit.values[i]!;
    const { cell, uncertain } = toCell(x, 'count');
    const u = uncertain ?? rowUncertain;
    if (out.has(key)) notes.push(`表三“${labels.join(' ')}”行重复出现，取后一行`);
    out.set(key, { cell, prov: provOf(x), ...(u ? { uncertain: u } : {}) });
  });
}

function readT4Row(data: readonly Classified[], out: Map<string, Found>, notes: string[]): boolean {
  const fit = fitValues(data, 15);
  const keys = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => `t4.${g.key}.${c.key}`));
  if (!fit.values) {
    notes.push(`表四数据行无法对齐：${fit.why}`);
    for (const k of keys) out.set(k, { cell: { state: 'unknown' }, prov: {}, uncertain: fit.why });
    return true;
  }
  keys.forEach((k, i) => {
    const x = fit.values[i]!;
    const { cell, uncertain } = toCell(x, 'count');
    out.set(k, { cell, prov: provOf(x), ...(uncertain ? { uncertain } : {}) });
  });
  return true;
}

/**
 * A single unknown cell in a row or column whose total is printed can be recovered from the identity; the value is
 * inferred, not read, so it is marked uncertain and its provenance says how.
 */
function inferMissingFromIdentities(report: Report): void {
  if (!report.format) return;
  const rows = LAYOUTS[report.format].t3Rows;
  const parts = APPLICANT_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);
  for (const r of rows) {
    const keys = parts.map((c) => `t3.${r.key}.${c}`);
    const totalKey = `t3.${r.key}.total`;
    const unknown = keys.filter((k) => report.cells[k]?.state === 'unknown');
    const total = report.cells[totalKey];
    if (unknown.length === 1 && total?.state === 'number') {
      const known = keys.filter((k) => k !== unknown[0]).map((k) => valueOrZero(report.cells[k]));
      const v = total.value - known.reduce((a, b) => a + b, 0);
      if (v >= 0) {
        const k = unknown[0]!;
        report.cells[k] = num(v);
        report.provenance[k] = {
          ...(report.provenance[k] ?? {}),
          inferred: '原文缺失，由本行总计减其他列推算',
        };
        report.uncertain[k] = '由行合计推算，非原文数字';
      }
    }
  }
}

/**
 * A result row missing from the printed table (seen in practice: a report that drops （六）3.其他) is, column by
 * column, （七）总计 minus the other result rows. Inferred, so marked uncertain, never presented as read.
 */
function inferMissingResultRow(report: Report): void {
  if (!report.format) return;
  const results = LAYOUTS[report.format].t3Rows.filter((r) => r.result);
  for (const col of APPLICANT_COLUMNS) {
    const keys = results.map((r) => `t3.${r.key}.${col.key}`);
    const unknown = keys.filter((k) => report.cells[k]?.state === 'unknown');
    const total = report.cells[`t3.total.${col.key}`];
    if (unknown.length !== 1 || total?.state !== 'number') continue;
    const k = unknown[0]!;
    const v = total.value - keys.filter((x) => x !== k).reduce((a, x) => a + valueOrZero(report.cells[x]), 0);
    if (v < 0) continue;
    report.cells[k] = num(v);
    const why = report.uncertain[k];
    report.provenance[k] = { ...(report.provenance[k] ?? {}), inferred: '由（七）总计减其他办理结果推算' };
    report.uncertain[k] = why ? `${why}；数值由（七）总计推算` : '原文缺少此行，数值由（七）总计推算';
  }
}

function valueOrZero(c: Cell | undefined): number {
  return c?.state === 'number' ? c.value : 0;
}

// ---------------------------------------------------------------- title and sections

function findTitle(blocks: readonly SourceBlock[]): {
  agency: string | null;
  year: number | null;
  title: string | null;
} {
  const paras: { text: string; i: number }[] = [];
  blocks.forEach((b, i) => {
    if (b.kind === 'para' && paras.length < 40) paras.push({ text: b.text, i });
  });
  const TITLE = /((?:19|20)\d{2})\s*年\s*度?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告/;
  for (let p = 0; p < paras.length; p++) {
    const t = normalizeWidth(paras[p]!.text).trim();
    const m = TITLE.exec(t);
    if (!m) continue;
    const year = Number(m[1]);
    let agency = cleanAgency(t.slice(0, m.index));
    if (!agency) {
      // The agency stands on the line(s) before the title.
      for (let q = p - 1; q >= 0 && q >= p - 2; q--) {
        const prev = cleanAgency(normalizeWidth(paras[q]!.text));
        if (prev && prev.length <= 40 && !/[。；]/.test(prev)) {
          agency = prev;
          break;
        }
      }
    }
    return { agency: agency || null, year, title: t };
  }
  return { agency: null, year: null, title: null };
}

function cleanAgency(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/^关于/, '')
    .replace(/[《》“”"：:]/g, '')
    .trim();
}

function findSections(blocks: readonly SourceBlock[]): {
  sections: Partial<Record<SectionKey, string>>;
  headingAt: Map<number, SectionKey>;
} {
  const order: SectionKey[] = ['overview', 'proactive', 'requests', 'appeals', 'problems', 'other'];
  const headingAt = new Map<number, SectionKey>();
  let next = 0;
  blocks.forEach((b, i) => {
    if (b.kind !== 'para') return;
    const key = matchSectionHeading(b.text) as SectionKey | null;
    if (!key) return;
    const pos = order.indexOf(key);
    if (pos >= next) {
      headingAt.set(i, key);
      next = pos + 1;
    }
  });
  const sections: Partial<Record<SectionKey, string>> = {};
  const starts = [...headingAt.entries()].sort((a, b) => a[0] - b[0]);
  starts.forEach(([start, key], n) => {
    const end = n + 1 < starts.length ? starts[n + 1]![0] : blocks.length;
    const text = blocks
      .slice(start + 1, end)
      .filter((b): b is Extract<SourceBlock, { kind: 'para' }> => b.kind === 'para')
      .map((b) => b.text.trim())
      .filter(Boolean)
      .join('\n');
    sections[key] = text;
  });
  return { sections, headingAt };
}

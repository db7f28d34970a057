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
import {
  type DecodedCell,
  decodeRuns,
  enumerateSplits,
  type RunSpec,
  t3Identities,
} from '../domain/report/run-decoder.ts';
import { type CellText, classifyCell, normalizeLabel, normalizeWidth } from './cell-text.ts';
import { matchSectionHeading, matchT2Column, matchT2Row, matchT3Row } from './labels.ts';
import type { SourceBlock, SourceCell, SourceDocument, SourceMeta, SourceRun } from './source.ts';

/**
 * What a 表三 key says of the layout: a split （六） row ('split', 2021), the single （六）其他处理 row ('single', 2019),
 * or nothing. Once per key: the keys are the layout's finite set, and this ran three prefix tests on each key of
 * every report.
 */
const T3_KEY_LAYOUT = new Map<string, 'split' | 'single' | null>();
function t3KeyLayout(k: string): 'split' | 'single' | null {
  let v = T3_KEY_LAYOUT.get(k);
  if (v === undefined) {
    v =
      k.startsWith('t3.other.noCorrection.') ||
      k.startsWith('t3.other.feeUnpaid.') ||
      k.startsWith('t3.other.other.')
        ? 'split'
        : k.startsWith('t3.other.') && k.indexOf('.', 9) < 0
          ? 'single'
          : null;
    // A bound, in case keys ever come from outside the layout.
    if (T3_KEY_LAYOUT.size < 4096) T3_KEY_LAYOUT.set(k, v);
  }
  return v;
}

/**
 * A field key ("t3.received.total") as one string per key for the whole process. Keys built by a template per row
 * are new strings each time, which every Map, `in` and property store of the report then hashes and internalizes
 * again; with ~200 cells a report this was a measurable part of reading one (issue 18). The parts are the layout's
 * own constant strings, so the nested lookups hash nothing new.
 */
const KEY_CACHE = new Map<string, Map<string, Map<string, string>>>();
function fieldKey(table: string, row: string, col: string): string {
  let rows = KEY_CACHE.get(table);
  if (!rows) {
    rows = new Map();
    KEY_CACHE.set(table, rows);
  }
  let cols = rows.get(row);
  if (!cols) {
    cols = new Map();
    rows.set(row, cols);
  }
  let key = cols.get(col);
  if (key === undefined) {
    key = `${table}.${row}.${col}`;
    cols.set(col, key);
  }
  return key;
}

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
  const meta = findTitle(doc.blocks, doc.meta);
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
  let floating: { text: string; prov: Provenance } | null = null;
  const shortRows: ShortRow[] = [];
  const labelIssues: NonNullable<Report['labelIssues']> = [];

  doc.blocks.forEach((b, i) => {
    const heading = headingAt.get(i);
    if (heading) {
      ctx =
        heading === 'proactive' ? 't2' : heading === 'requests' ? 't3' : heading === 'appeals' ? 't4' : null;
      pendingLabels = [];
      return;
    }
    if (b.kind !== 'row') {
      const t = normalizeLabel(b.text);
      // A block header printed as a paragraph ("第二十条第（一）项") still opens 表二.
      if (/^第二十条第/.test(t)) ctx = 't2';
      // Converter markdown: a row's label printed outside its table, the values in a label-less table after it.
      else if (ctx === 't3' && t.length <= 60 && !/[。；]/.test(t) && matchT3Row([b.text]))
        pendingLabels = [b.text];
      // Converter markdown: a multi-line cell lifted above its table ("22（其中修订 16 件）").
      else if (ctx === 't2' && /^\d+（[^）]{1,30}）$/.test(t))
        floating = { text: b.text.trim(), prov: b.prov };
      return;
    }
    // One pass over the row's cells (every row of every report comes through here): each classified, the text
    // cells (labels, in order) normalised, the data being the cells after the last label.
    const cells: Classified[] = [];
    const labels: Classified[] = [];
    const texts: string[] = [];
    let lastText = -1;
    for (let i = 0; i < b.cells.length; i++) {
      const cell = b.cells[i]!;
      const x: Classified = { cell, c: classifyCell(cell.text) };
      cells.push(x);
      if (x.c.kind === 'text') {
        labels.push(x);
        texts.push(normalizeLabel(cell.text));
        lastText = i;
      }
    }
    const joined = texts.join('');
    // Header rows switch the context.
    if (joined.includes('第二十条') || (joined.includes('信息内容') && ctx !== 't3')) ctx = 't2';
    if (
      joined.includes('勾稽关系') ||
      joined.includes('申请人情况') ||
      (texts.includes('自然人') && ctx !== 't4')
    )
      ctx = 't3';
    if (
      joined.includes('行政复议') &&
      (joined.includes('行政诉讼') || joined.includes('维持') || ctx === 't4')
    )
      ctx = 't4';

    let data = lastText < 0 ? cells : cells.slice(lastText + 1);
    let hasNumber = false;
    for (const x of data)
      if (x.c.kind === 'number') {
        hasNumber = true;
        break;
      }

    if (ctx === 't2') {
      if (joined.includes('信息内容')) {
        const idx = cells.findIndex((x) => /信息内容/.test(normalizeLabel(x.cell.text)));
        t2Columns = cells.slice(idx + 1).map((x) => matchT2Column(x.cell.text) ?? { key: '', format: null });
        for (const c of t2Columns) if (c.format) t2Format ??= c.format;
        return;
      }
      if (!labels.length) return;
      const rowKey = matchT2Row(labels[labels.length - 1]!.cell.text);
      if (!rowKey) return;
      const empty = data.filter((x) => x.cell.text.trim() === '');
      if (floating && empty.length === 1 && data.some((x) => x.c.kind === 'number')) {
        // The converter printed this cell above the table; put it back where the only gap is.
        const at = data.indexOf(empty[0]!);
        const moved = floating;
        const cell: SourceCell = {
          text: moved.text,
          prov: {
            ...moved.prov,
            text: moved.text,
            inferred: '原文多行单元格被转换到表格上方，已移回',
            kind: 'inferred',
          },
        };
        data = data.map((x, i) => (i === at ? { cell, c: classifyCell(moved.text) } : x));
        floating = null;
      }
      readT2Row(rowKey, data, t2Columns, t2, (f) => {
        t2Format ??= f;
      });
      return;
    }
    if (ctx === 't3' && !hasNumber) noteHeaderLabels(texts, labelIssues);
    if (ctx === 't3') {
      if (!labels.length) {
        // A row of numbers whose label stood on the line(s) before it (wrapped PDF/text labels).
        if (hasNumber && pendingLabels.length) readT3Row(pendingLabels, data, b, t3, notes, shortRows);
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
      readT3Row(labelsToUse, data, b, t3, notes, shortRows);
      pendingLabels = [];
      return;
    }
    if (ctx === 't4' && !t4Done && labels.length === 0 && hasNumber) {
      t4Done = readT4Row(data, t4, notes);
    }
  });

  const candidates: Record<string, number[]> = {};
  if (doc.runs?.length) {
    const narrative = doc.blocks.map((b) => (b.kind === 'para' ? b.text : '')).join('\n');
    applyRuns(doc.runs, doc.runFormats?.t3 ?? null, { t2, t3, t4 }, notes, candidates, narrative);
    if (doc.runFormats?.t2) t2Format ??= doc.runFormats.t2;
  }
  // The 表三 layout: the split （六） rows are the 2021 layout, a single （六）其他处理 row the 2019 one.
  let split = false;
  let single = false;
  for (const k of t3.keys()) {
    const f = t3KeyLayout(k);
    if (f === 'split') split = true;
    else if (f === 'single') single = true;
  }
  if (split) t3Format = '2021';
  else if (single) t3Format = '2019';
  t3Format ??= t2Format ?? (meta.year !== null ? (meta.year <= 2020 ? '2019' : '2021') : null);
  t2Format ??= t3Format;

  const format = t3Format;
  const report = emptyReport(format);
  report.agency = meta.agency;
  report.year = meta.year;
  report.title = meta.title;
  if (doc.meta?.published) report.published = doc.meta.published;
  if (labelIssues.length) report.labelIssues = labelIssues;
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
  const kept = Object.entries(candidates).filter(([k]) => k in report.cells);
  if (kept.length) report.candidates = Object.fromEntries(kept);
  repairShortRows(report, shortRows, notes);
  inferMissingFromIdentities(report);
  inferMissingResultRow(report);
  if (!format) notes.push('未能识别报告格式（表三未找到）');
  return report;
}

/**
 * Rows whose cells ran together: each table's runs go to the run decoder with the table's identities; the verdict
 * becomes cells with their provenance kind (printed, inferred) or uncertain cells with their candidates.
 */
function applyRuns(
  runs: readonly SourceRun[],
  t3Format: FormatVersion | null,
  maps: Record<'t2' | 't3' | 't4', Map<string, Found>>,
  notes: string[],
  candidates: Record<string, number[]>,
  narrative = '',
): void {
  for (const table of ['t2', 't3', 't4'] as const) {
    const mine = runs.filter((r) => r.table === table && r.keys.every((k) => !maps[table].has(k)));
    if (!mine.length) continue;
    const specs: RunSpec[] = mine.map((r, i) => ({
      id: String(i),
      text: r.text,
      rows: r.rows,
      keys: r.keys,
    }));
    const identities = table === 't3' && t3Format ? t3Identities(t3Format) : [];
    const res = decodeRuns(
      specs.filter((s) => s.text.trim() !== ''),
      identities,
    );
    const label = table === 't2' ? '表二' : table === 't3' ? '表三' : '表四';
    for (const n of res.notes) notes.push(`${label}：${n}`);
    const decoded = new Map(res.cells);
    if (table === 't2')
      for (const r of mine) {
        hintByStock(r, decoded);
        hintByNarrative(r, decoded, narrative);
      }
    for (const r of mine) {
      const yuan = /\d\s*元/.test(r.text) && !/万元/.test(r.text);
      for (const k of r.keys) {
        const def = fieldDef(k);
        const money = def?.kind === 'money';
        if (r.missing) {
          // The row's label is not on the page: nothing was printed to read, say so rather than leave it reasonless.
          maps[table].set(k, { cell: { state: 'unknown' }, prov: {}, uncertain: r.missing });
          continue;
        }
        if (r.text.trim() === '') {
          maps[table].set(k, {
            cell: { state: 'unknown' },
            prov: { ...r.prov },
            uncertain: '原文此行没有数字',
          });
          continue;
        }
        const d = decoded.get(k);
        if (!d) continue;
        if (d.state === 'number') {
          let value = d.value;
          const prov: Provenance = { ...r.prov, text: d.text, kind: d.kind };
          if (d.kind === 'inferred') prov.inferred = `连写数字“${r.text.trim()}”按勾稽关系拆分`;
          if (money && d.unit === '元') {
            value = Math.round((value / 10000) * 1e6) / 1e6;
            prov.kind = 'converted';
            prov.converted = `${d.text} → ${value} 万元`;
          }
          maps[table].set(k, { cell: num(value, d.text), prov });
        } else if (d.state === 'uncertain') {
          candidates[k] =
            money && yuan ? d.candidates.map((v) => Math.round((v / 10000) * 1e6) / 1e6) : [...d.candidates];
          maps[table].set(k, { cell: { state: 'unknown' }, prov: { ...r.prov }, uncertain: d.why });
        } else maps[table].set(k, { cell: { state: 'unknown' }, prov: { ...r.prov }, uncertain: d.why });
      }
    }
  }
}

/**
 * 表二 (2021 layout) 规章 / 行政规范性文件 printed as one digit run ("行政规范性文件5066") has no identity of its own: the
 * run decoder leaves its three cells uncertain. What the columns count suggests one bound — a document issued this
 * year and not repealed this year is in force at the year's end, so 现行有效件数 ≥ 本年制发件数 − 本年废止件数 (5|0|66
 * holds; 50|6|6 does not) — but it is not an identity of the format: a document issued and expired within the year,
 * or an agency counting 现行有效 differently, breaks it, and then a cut chosen by it would be a silently wrong number.
 * So the bound never decides: when exactly one cut satisfies it, the cells stay uncertain with every candidate and
 * the reason names that cut as the likely reading, for the person who checks the page.
 */
function hintByStock(run: SourceRun, cells: Map<string, DecodedCell>): void {
  const at = ['issued', 'repealed', 'inForce'].map((c) => run.keys.findIndex((k) => k.endsWith(`.${c}`)));
  if (run.keys.length !== 3 || at[0] !== 0 || at[1] !== 1 || at[2] !== 2) return;
  if (!run.keys.some((k) => cells.get(k)?.state === 'uncertain')) return;
  const splits = enumerateSplits(run.text, run.rows, false);
  if (!splits || splits.length < 2) return;
  const holds = splits.filter((s) => s[0]!.value - s[1]!.value <= s[2]!.value);
  if (holds.length !== 1) return;
  const show = (s: (typeof splits)[number]) => s.map((v) => v.text).join('|');
  const hint =
    `；若本年制发而未废止的文件年末均现行有效（现行有效 ≥ 制发 − 废止），只有 ${show(holds[0]!)} 成立` +
    `（${splits
      .filter((s) => s !== holds[0])
      .map(show)
      .join('、')} 不成立）——此关系并非格式规定，仅供核对，未作为确定值`;
  for (const k of run.keys) {
    const d = cells.get(k);
    if (d?.state === 'uncertain') cells.set(k, { ...d, why: d.why + hint });
  }
}

/**
 * The report's own words about the same row ("本年度制发规范性文件34件" beside "行政规范性文件34089"): when exactly one cut
 * of the run agrees with the 制发 count the narrative states, the reason says so. Only a hint: narrative and table
 * disagree often enough in real reports (a common finding of evaluators) that the table is never decided by it.
 */
function hintByNarrative(run: SourceRun, cells: Map<string, DecodedCell>, narrative: string): void {
  if (run.keys.length !== 3 || !run.keys[0]!.endsWith('.issued')) return;
  if (!run.keys.some((k) => cells.get(k)?.state === 'uncertain')) return;
  const what = run.keys[0]!.startsWith('t2.regulations.') ? '规章' : '(?:行政)?规范性文件';
  const said = new RegExp(`制发(?:了)?${what}\\s*(\\d+)\\s*[件个]`).exec(narrative);
  if (!said) return;
  const splits = enumerateSplits(run.text, run.rows, false);
  if (!splits || splits.length < 2) return;
  const agree = splits.filter((sp) => sp[0]!.value === Number(said[1]));
  if (agree.length !== 1) return;
  const hint = `；正文称“${said[0]}”，只有 ${agree[0]!.map((v) => v.text).join('|')} 与之相符——正文与表格未必一致，仅供核对，未作为确定值`;
  for (const k of run.keys) {
    const d = cells.get(k);
    if (d?.state === 'uncertain') cells.set(k, { ...d, why: d.why + hint });
  }
}

/** 表三's column headers as the format prints them; a header one or two characters off is a misspelling. */
const T3_HEADERS = ['申请人情况', '自然人', '法人或其他组织', ...APPLICANT_COLUMNS.map((c) => c.label)];

function noteHeaderLabels(texts: readonly string[], out: NonNullable<Report['labelIssues']>): void {
  for (const t of texts) {
    if (T3_HEADERS.includes(t) || t.length < 3 || t.length > 8) continue;
    // The nearest official header the row lacks: "科研企业" beside a correct 商业企业 is 科研机构.
    const near = T3_HEADERS.filter((h) => !texts.includes(h) && h.length === t.length)
      .map((h) => ({ h, d: editDistance(h, t) }))
      .filter((x) => x.d <= Math.min(2, x.h.length - 2))
      .sort((x, y) => x.d - y.d)[0]?.h;
    if (!near || out.some((x) => x.printed === t)) continue;
    const col = APPLICANT_COLUMNS.find((c) => c.label === near);
    out.push({
      printed: t,
      official: near,
      ...(col
        ? {
            keys: LAYOUTS['2021'].fields
              .filter((f) => f.table === 't3' && f.column === col.key)
              .map((f) => f.key),
          }
        : {}),
    });
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length]![b.length]!;
}

interface ShortRow {
  row: string;
  values: Classified[];
  prov: Provenance;
}

/**
 * A 表三 row printed with six numbers for seven cells (a converter lost one, often the 总计). Each place the missing
 * cell could stand gives a full row by the row identity; the column identities (一 + 二 = （七） + 四, （七） = the
 * results) keep the places that fit the rest of the table. One fits: the row is read, the missing cell inferred.
 * Several: the cells they disagree on are uncertain, with candidates. None: left unread, with the reason.
 */
function repairShortRows(report: Report, rows: readonly ShortRow[], notes: string[]): void {
  if (!report.format) return;
  const identities = t3Identities(report.format);
  const known = (k: string): number | undefined => {
    const c = report.cells[k];
    return c?.state === 'number' ? c.value : c?.state === 'blank' ? 0 : undefined;
  };
  // A result row short of a cell is recovered column by column from （七）总计 (inferMissingResultRow), flagged.
  const results = new Set(LAYOUTS[report.format].t3Rows.filter((x) => x.result).map((x) => x.key));
  for (const r of rows) {
    if (results.has(r.row)) continue;
    const keys = APPLICANT_COLUMNS.map((c) => fieldKey('t3', r.row, c.key));
    if (!keys.every((k) => k in report.cells)) continue;
    const printed = r.values.map((x) => (x.c.kind === 'number' ? x.c.value : 0));
    const fits: { gap: number; vec: number[] }[] = [];
    for (let p = 0; p < 7; p++) {
      const vec = [...printed.slice(0, p), Number.NaN, ...printed.slice(p)];
      const parts = vec.slice(0, 6).reduce((a, b, i) => a + (i === p ? 0 : b), 0);
      vec[p] = p === 6 ? parts : vec[6]! - parts;
      if (!(vec[p]! >= 0)) continue;
      const value = (k: string) => {
        const i = keys.indexOf(k);
        return i >= 0 ? vec[i] : known(k);
      };
      const ok = identities
        .filter((id) => [...id.left, ...id.right].some((k) => keys.includes(k)))
        .every((id) => {
          const all = [...id.left, ...id.right].map(value);
          if (all.some((x) => x === undefined)) return true;
          const sum = (ks: readonly string[]) => ks.reduce((a, k) => a + value(k)!, 0);
          return sum(id.left) === sum(id.right);
        });
      if (ok) fits.push({ gap: p, vec });
    }
    const label = fieldDef(keys[0]!)?.rowLabel ?? r.row;
    const shaky = r.values.some((x) => x.cell.uncertain);
    if (!fits.length) {
      notes.push(`表三“${label}”只印出6个数，任何补法都不满足勾稽关系，未读取`);
      continue;
    }
    keys.forEach((k, i) => {
      const vals = [...new Set(fits.map((f) => f.vec[i]!))];
      if (vals.length > 1) {
        report.cells[k] = { state: 'unknown' };
        report.uncertain[k] =
          `本行只印出6个数，缺失的一格位置不确定，可能的值：${vals.sort((a, b) => a - b).join('、')}`;
        report.candidates = { ...(report.candidates ?? {}), [k]: vals };
        return;
      }
      report.cells[k] = num(vals[0]!);
      delete report.uncertain[k];
      const only = fits.length === 1 ? fits[0]! : null;
      if (only && only.gap !== i) {
        const x = r.values[i < only.gap ? i : i - 1]!;
        report.provenance[k] = provOf(x);
        // The reader's own doubt about a printed cell (OCR) stays.
        if (x.cell.uncertain) report.uncertain[k] = x.cell.uncertain;
      } else {
        report.provenance[k] = { ...r.prov, kind: 'inferred', inferred: '本行只印出6个数，由勾稽关系补齐' };
        // A cell inferred from numbers the reader doubted is no surer than they are.
        if (shaky)
          report.uncertain[k] = `本行只印出6个数，由勾稽关系补齐，但本行有识别不确定的数字，请核对原件`;
      }
    });
    notes.push(
      `表三“${label}”只印出6个数，已由勾稽关系补齐${fits.length > 1 ? '（部分单元格仍不确定）' : ''}`,
    );
  }
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
    const cell = num(value, x.cell.text.trim());
    return uncertain ? { cell, uncertain } : { cell };
  }
  return { cell: { state: 'unknown' }, uncertain: `单元格内容不是数字（“${x.cell.text.trim()}”）` };
}

/** A money cell printed in 元 in a 万元 column: the value is converted, and the provenance says so. */
function converted(x: Classified, kind: 'count' | 'delta' | 'money', cell: Cell): Partial<Provenance> | null {
  if (kind !== 'money' || x.c.kind !== 'number' || x.c.unit !== '元' || cell.state !== 'number') return null;
  return { kind: 'converted', converted: `${x.cell.text.trim()} → ${cell.value} 万元` };
}

function provOf(x: Classified, extra?: Partial<Provenance> | null): Provenance {
  // Without a spread of an empty object when there is nothing to add (the usual case, once per read cell).
  return extra
    ? { ...x.cell.prov, text: x.cell.text.trim(), ...extra }
    : { ...x.cell.prov, text: x.cell.text.trim() };
}

/** A cell read for the report, with its doubt when there is one (no object spread: once per read cell). */
function found(cell: Cell, prov: Provenance, uncertain: string | undefined): Found {
  return uncertain ? { cell, prov, uncertain } : { cell, prov };
}

/**
 * The data cells of a row, fitted to `n` values. Readers keep empty cells for merges and padding, so a row may
 * carry more cells than values; trim empty edges, then fall back to the numeric cells alone.
 */
function fitValues(
  data: readonly Classified[],
  n: number,
): { values: readonly Classified[]; uncertain?: string } | { values: null; why: string } {
  // The row as it is (the callers only read it), without a copy.
  if (data.length === n) return { values: data };
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
    const key = fieldKey('t2', rowKey, col);
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
    const conv = converted(x, def.kind, cell);
    out.set(key, found(cell, provOf(x, conv), uncertain));
  });
}

function readT3Row(
  labels: readonly string[],
  data: readonly Classified[],
  row: Row,
  out: Map<string, Found>,
  notes: string[],
  shortRows: ShortRow[] = [],
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
  if (!fit.values) {
    const numbers = data.filter((x) => x.c.kind === 'number' || x.c.kind === 'blank');
    if (numbers.filter((x) => x.cell.text.trim() !== '').length === 6)
      shortRows.push({
        row: rowKey,
        values: numbers.filter((x) => x.cell.text.trim() !== ''),
        prov: row.prov,
      });
  }
  for (let i = 0; i < APPLICANT_COLUMNS.length; i++) {
    const key = fieldKey('t3', rowKey, APPLICANT_COLUMNS[i]!.key);
    if (!fit.values) {
      out.set(key, { cell: { state: 'unknown' }, prov: { ...row.prov }, uncertain: fit.why });
      continue;
    }
    const x = fit.values[i]!;
    const { cell, uncertain } = toCell(x, 'count');
    const u = uncertain ?? rowUncertain;
    if (out.has(key)) notes.push(`表三“${labels.join(' ')}”行重复出现，取后一行`);
    out.set(key, found(cell, provOf(x), u));
  }
}

const T4_KEYS = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => `t4.${g.key}.${c.key}`));

function readT4Row(data: readonly Classified[], out: Map<string, Found>, notes: string[]): boolean {
  const fit = fitValues(data, 15);
  const keys = T4_KEYS;
  if (!fit.values) {
    notes.push(`表四数据行无法对齐：${fit.why}`);
    for (const k of keys) out.set(k, { cell: { state: 'unknown' }, prov: {}, uncertain: fit.why });
    return true;
  }
  keys.forEach((k, i) => {
    const x = fit.values[i]!;
    const { cell, uncertain } = toCell(x, 'count');
    out.set(k, found(cell, provOf(x), uncertain));
  });
  return true;
}

// The field keys the two inferences below look at, per layout, built once: building them per report was a
// measurable part of reading one.
const rowKeys = new Map<FormatVersion, { keys: string[]; totalKey: string }[]>();
function rowKeysOf(format: FormatVersion): { keys: string[]; totalKey: string }[] {
  let v = rowKeys.get(format);
  if (!v) {
    const parts = APPLICANT_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);
    v = LAYOUTS[format].t3Rows.map((r) => ({
      keys: parts.map((c) => `t3.${r.key}.${c}`),
      totalKey: `t3.${r.key}.total`,
    }));
    rowKeys.set(format, v);
  }
  return v;
}
const resultKeys = new Map<FormatVersion, { keys: string[]; totalKey: string }[]>();
function resultKeysOf(format: FormatVersion): { keys: string[]; totalKey: string }[] {
  let v = resultKeys.get(format);
  if (!v) {
    const results = LAYOUTS[format].t3Rows.filter((r) => r.result);
    v = APPLICANT_COLUMNS.map((col) => ({
      keys: results.map((r) => `t3.${r.key}.${col.key}`),
      totalKey: `t3.total.${col.key}`,
    }));
    resultKeys.set(format, v);
  }
  return v;
}

/**
 * A single unknown cell in a row or column whose total is printed can be recovered from the identity; the value is
 * inferred, not read, so it is marked uncertain and its provenance says how.
 */
function inferMissingFromIdentities(report: Report): void {
  if (!report.format) return;
  for (const { keys, totalKey } of rowKeysOf(report.format)) {
    const unknown = keys.filter((k) => report.cells[k]?.state === 'unknown');
    const total = report.cells[totalKey];
    if (unknown.some((k) => report.candidates?.[k])) continue;
    if (unknown.length === 1 && total?.state === 'number') {
      const known = keys.filter((k) => k !== unknown[0]).map((k) => valueOrZero(report.cells[k]));
      const v = total.value - known.reduce((a, b) => a + b, 0);
      if (v >= 0) {
        const k = unknown[0]!;
        report.cells[k] = num(v);
        report.provenance[k] = {
          ...(report.provenance[k] ?? {}),
          inferred: '原文缺失，由本行总计减其他列推算',
          kind: 'inferred',
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
  for (const { keys, totalKey } of resultKeysOf(report.format)) {
    const unknown = keys.filter((k) => report.cells[k]?.state === 'unknown');
    const total = report.cells[totalKey];
    if (unknown.length !== 1 || total?.state !== 'number') continue;
    if (report.candidates?.[unknown[0]!]) continue;
    const k = unknown[0]!;
    const v = total.value - keys.filter((x) => x !== k).reduce((a, x) => a + valueOrZero(report.cells[x]), 0);
    if (v < 0) continue;
    report.cells[k] = num(v);
    const why = report.uncertain[k];
    report.provenance[k] = {
      ...(report.provenance[k] ?? {}),
      inferred: '由（七）总计减其他办理结果推算',
      kind: 'inferred',
    };
    report.uncertain[k] = why ? `${why}；数值由（七）总计推算` : '原文缺少此行，数值由（七）总计推算';
  }
}

function valueOrZero(c: Cell | undefined): number {
  return c?.state === 'number' ? c.value : 0;
}

// ---------------------------------------------------------------- title and sections

function findTitle(
  blocks: readonly SourceBlock[],
  meta?: SourceMeta,
): {
  agency: string | null;
  year: number | null;
  title: string | null;
} {
  const paras: { text: string; i: number }[] = [];
  // The form's own title (crawler header, <title>, core properties) first: the body may lack a title line.
  for (const t of [meta?.title, ...(meta?.headings ?? [])]) if (t) paras.push({ text: t, i: -1 });
  // The first 40 paragraphs; the loop stops there, not at the end of a long report (issue 18).
  for (let i = 0; i < blocks.length && paras.length < 40; i++) {
    const b = blocks[i]!;
    if (b.kind === 'para') paras.push({ text: b.text, i });
  }
  // A DOCX's core title is often left over from a template or last year's file: only when nothing else names it.
  if (meta?.fallbackTitle) paras.push({ text: meta.fallbackTitle, i: -1 });
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
  return untitled(blocks);
}

/**
 * A report with no title line (a converter dropped it): the year from the statistics period the preamble states
 * ("统计期限自2022年1月1日起至2022年12月31日止"), the agency from the signature at the end ("某某局 2023年1月10日").
 */
function untitled(blocks: readonly SourceBlock[]): {
  agency: string | null;
  year: number | null;
  title: null;
} {
  const paras = blocks.filter((b): b is Extract<SourceBlock, { kind: 'para' }> => b.kind === 'para');
  const text = normalizeWidth(paras.map((b) => b.text).join('\n'));
  const period =
    /((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-)\s*(?:(?:19|20)\d{2}\s*年\s*)?12\s*月\s*31\s*日/.exec(
      text,
    );
  const year = period ? Number(period[1]) : null;
  let agency: string | null = null;
  for (const b of paras.slice(-4).reverse()) {
    const m =
      /([\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|委|人民政府|政府|办公室|办事处|中心|管理局|院|厅))\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/.exec(
        normalizeWidth(b.text),
      );
    if (m) {
      agency = cleanAgency(m[1]!);
      break;
    }
  }
  return { agency, year, title: null };
}

function cleanAgency(s: string): string {
  return (
    s
      .replace(/\s+/g, '')
      // A crawler's field name kept in front ("标题平潭综合实验区财政金融局"), a heading's markup.
      .replace(/^(?:标题|题目|名称)[:：]?/, '')
      .replace(/^#+/, '')
      .replace(/^关于/, '')
      .replace(/关于(?:报送|印发|公布|发布)?$/, '')
      .replace(/[《》“”"：:]/g, '')
      .trim()
  );
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

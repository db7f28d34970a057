// Enforcement and fee statistics for 表二 (行政许可, 行政处罚, 行政强制 decisions; 行政事业性收费 in 万元; the 2019
// layout's 上一年项目数量 / 本年增减 / 政府集中采购) read from a CSV sheet. Two shapes are accepted, mixed freely:
//   t2.licensing.decisions,120                 a field key of fields.md and its value
//   行政许可,本年处理决定数量,120  /  行政许可,120    the Chinese labels of the layout (the column may be left out
//                                               where the row has a single column)
// Every problem is reported with its line; a sheet with any problem imports nothing.
import { type FieldDef, type FormatVersion, fieldDef, LAYOUTS } from '../report/layout.ts';
import { registerKeys, statisticKeys } from './table2.ts';

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

export class StatsCsvError extends Error {
  readonly code = 'STATS_CSV_INVALID';
  constructor(
    readonly file: string,
    readonly problems: readonly LineProblem[],
  ) {
    super(
      `${file}：统计表有${problems.length}处错误，未导入任何数据\n${problems.map((p) => `  第${p.line}行：${p.message}`).join('\n')}`,
    );
    this.name = 'StatsCsvError';
  }
}

export interface StatsSheet {
  /** Field key → value. */
  readonly values: Record<string, number>;
  /** Field key → the line it came from. */
  readonly lines: Record<string, number>;
}

/** Split CSV text into records (RFC 4180 quoting), each with the line it starts on. */
export function csvRecords(text: string): { line: number; cells: string[] }[] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const out: { line: number; cells: string[] }[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) out.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  endRecord();
  return out;
}

/** Labels compared without spaces, brackets' contents ("（单位：万元）") and width differences. */
const norm = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[（(][^（）()]*[）)]/g, '')
    .replace(/[\s·•・:：]/g, '')
    .replace(/^表二/, '');

const isComment = (cells: string[]) => cells[0]!.trim().startsWith('#');

/** Resolve the label part of a record to a field of the layout, or explain why not. */
function resolveField(labels: string[], format: FormatVersion): { def: FieldDef } | { problem: string } {
  const layout = LAYOUTS[format];
  const raw = labels.map((l) => l.trim()).filter(Boolean);
  if (raw.length === 1 && /^t\d\./.test(raw[0]!)) {
    const key = raw[0]!;
    const def = layout.byKey.get(key);
    if (def) return { def };
    const other = fieldDef(key);
    if (other)
      return {
        problem: `${format}版格式没有“${other.label.replace(/^表.\s*/, '')}”（${key} 属于${format === '2021' ? '2019试行' : '2021'}版格式）`,
      };
    return { problem: `未知的字段键“${key}”（见 fields.md，如 t2.licensing.decisions）` };
  }
  const t2 = layout.fields.filter((f) => f.table === 't2');
  const want = raw.map(norm);
  let matches: FieldDef[];
  if (want.length === 1) {
    const w = want[0]!;
    // "行政许可" alone (a row with one column), or row and column written together ("行政许可本年处理决定数量").
    const byRow = t2.filter((f) => norm(f.rowLabel) === w);
    matches = byRow.length ? byRow : t2.filter((f) => norm(f.rowLabel) + norm(f.columnLabel) === w);
  } else if (want.length === 2) {
    matches = t2.filter((f) => norm(f.rowLabel) === want[0] && norm(f.columnLabel) === want[1]);
  } else matches = [];
  const shown = raw.join(' · ');
  if (matches.length === 1) return { def: matches[0]! };
  if (matches.length > 1)
    return {
      problem: `“${shown}”有${matches.length}列（${matches.map((m) => m.columnLabel).join('、')}），请写明是哪一列`,
    };
  const otherFormat: FormatVersion = format === '2021' ? '2019' : '2021';
  const inOther = LAYOUTS[otherFormat].fields.some(
    (f) =>
      f.table === 't2' &&
      (norm(f.rowLabel) === want[0] ||
        (want.length === 2 && norm(f.rowLabel) === want[0] && norm(f.columnLabel) === want[1])),
  );
  if (inOther && !t2.some((f) => norm(f.rowLabel) === want[0]))
    return { problem: `“${shown}”不是${format}版格式表二的项目（属于${otherFormat}版格式）` };
  if (want.length === 2 && t2.some((f) => norm(f.rowLabel) === want[0]))
    return {
      problem: `“${raw[0]}”没有“${raw[1]}”这一列（可用：${t2
        .filter((f) => norm(f.rowLabel) === want[0])
        .map((f) => f.columnLabel)
        .join('、')}）`,
    };
  return {
    problem: `无法识别“${shown}”：应为表二的字段键（如 t2.licensing.decisions）或中文项目名（如 行政许可）`,
  };
}

/** Parse the value cell for a field: counts are non-negative integers, changes integers, money 万元 ≥ 0. */
function parseValue(text: string, def: FieldDef): { value: number } | { problem: string } {
  let t = text
    .normalize('NFKC')
    .trim()
    .replace(/[,，\s]/g, '');
  if (!t) return { problem: `“${def.rowLabel} · ${def.columnLabel}”缺少数值` };
  if (def.kind === 'money') {
    if (/万元$/.test(t)) t = t.slice(0, -2);
    else if (/元$/.test(t))
      return { problem: `“${text.trim()}”：${def.columnLabel}以万元为单位，请换算为万元后填写` };
  } else t = t.replace(/[件项个]$/, '');
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return { problem: `“${text.trim()}”不是数字（${def.label}）` };
  const value = Number(t);
  if (def.kind === 'count' && (!Number.isInteger(value) || value < 0))
    return { problem: `${def.label}应为非负整数，收到“${text.trim()}”` };
  if (def.kind === 'delta' && !Number.isInteger(value))
    return { problem: `${def.label}应为整数（可为负数），收到“${text.trim()}”` };
  if (def.kind === 'money' && value < 0) return { problem: `${def.label}不能为负数，收到“${text.trim()}”` };
  return { value };
}

const HEADER_WORDS = /^(key|field|字段|字段键|信息内容|项目|名称|指标)$/i;

/** Read a statistics sheet for a report year's layout. Throws StatsCsvError listing every bad line. */
export function parseStatsCsv(text: string, file: string, format: FormatVersion): StatsSheet {
  const problems: LineProblem[] = [];
  const values: Record<string, number> = {};
  const lines: Record<string, number> = {};
  const allowed = new Set(statisticKeys(format));
  const fromRegister = new Set(registerKeys(format));
  const records = csvRecords(text).filter((r) => !isComment(r.cells));
  records.forEach((r, i) => {
    const cells = r.cells.map((c) => c.trim());
    while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
    if (i === 0 && HEADER_WORDS.test(cells[0]!)) return;
    if (cells.length < 2) {
      problems.push({
        line: r.line,
        message: `应为“项目,数值”两列或“项目,列,数值”三列，收到“${cells.join(',')}”`,
      });
      return;
    }
    if (cells.length > 3) {
      problems.push({ line: r.line, message: `列数过多（${cells.length}列），应为两列或三列` });
      return;
    }
    const resolved = resolveField(cells.slice(0, -1), format);
    if ('problem' in resolved) {
      problems.push({ line: r.line, message: resolved.problem });
      return;
    }
    const def = resolved.def;
    if (fromRegister.has(def.key)) {
      problems.push({
        line: r.line,
        message: `“${def.rowLabel} · ${def.columnLabel}”由规范性文件登记簿生成，不能导入（请在登记簿中登记文件）`,
      });
      return;
    }
    if (!allowed.has(def.key)) {
      problems.push({ line: r.line, message: `“${def.label}”不能导入` });
      return;
    }
    if (lines[def.key] !== undefined) {
      problems.push({
        line: r.line,
        message: `“${def.rowLabel} · ${def.columnLabel}”与第${lines[def.key]}行重复`,
      });
      return;
    }
    const v = parseValue(cells[cells.length - 1]!, def);
    if ('problem' in v) {
      problems.push({ line: r.line, message: v.problem });
      return;
    }
    values[def.key] = v.value;
    lines[def.key] = r.line;
  });
  if (!problems.length && !Object.keys(values).length)
    problems.push({ line: 1, message: '没有可导入的数据行' });
  if (problems.length) throw new StatsCsvError(file, problems);
  return { values, lines };
}

/** Validate one value entered by hand (the same rules as a sheet's line). */
export function checkStatValue(key: string, value: number, format: FormatVersion): string | null {
  const def = LAYOUTS[format].byKey.get(key);
  if (!def || !statisticKeys(format).includes(key)) return `“${key}”不是${format}版格式表二可录入的统计项`;
  const r = parseValue(String(value), def);
  return 'problem' in r ? r.problem : null;
}

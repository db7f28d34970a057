// Rules about single cells: every cell of the layout read, counts as non-negative integers, blanks reported.
import { type FieldDef, fieldDef } from '../report/layout.ts';
import type { Report } from '../report/model.ts';
import { cellRef } from './cell-ref.ts';
import type { Finding, Rule } from './types.ts';

/** Group keys by table row so one finding names a row's cells together instead of seven findings. */
function byRow(keys: readonly string[]): Map<string, FieldDef[]> {
  const m = new Map<string, FieldDef[]>();
  for (const k of keys) {
    const d = fieldDef(k);
    if (!d) continue;
    const id = `${d.table}.${d.row}`;
    (m.get(id) ?? m.set(id, []).get(id)!).push(d);
  }
  return m;
}

const TABLE_NAMES: Record<string, string> = { t2: '表二', t3: '表三', t4: '表四' };

export const cellUnknown: Rule = {
  id: 'cell.unknown',
  severity: 'error',
  title: '表格单元格未读出',
  basis: { kind: 'official', ref: '年度报告格式：表格各项均应填报' },
  evaluate({ report }) {
    // Object.keys and a lookup, not Object.entries: report.cells has a couple of hundred keys (a dictionary-mode
    // object in V8), and every read report is checked — entries cost three times as much (issue 18).
    const cells = report.cells;
    const keys = Object.keys(cells);
    const unknown: string[] = [];
    for (const k of keys) if (cells[k]!.state === 'unknown') unknown.push(k);
    if (!unknown.length) return [];
    const out: Finding[] = [];
    // A whole table missing is one finding.
    for (const t of ['t2', 't3', 't4'] as const) {
      const all = keys.filter((k) => k.startsWith(`${t}.`));
      const missing = unknown.filter((k) => k.startsWith(`${t}.`));
      if (all.length && missing.length === all.length) {
        out.push({
          rule: 'cell.unknown',
          severity: 'error',
          cells: missing,
          message: `${TABLE_NAMES[t]}未找到或无法读取（${missing.length}个单元格）`,
        });
        continue;
      }
      for (const [, defs] of byRow(missing)) {
        const d0 = defs[0]!;
        out.push({
          rule: 'cell.unknown',
          severity: 'error',
          cells: defs.map((d) => d.key),
          message: `${TABLE_NAMES[d0.table]}“${d0.rowLabel}”行未读出：${defs.map((d) => d.columnLabel).join('、')}${reasonOf(report, defs)}`,
        });
      }
    }
    return out;
  },
};

function reasonOf(report: Report, defs: readonly FieldDef[]): string {
  const r = defs.map((d) => report.uncertain[d.key]).find(Boolean);
  return r ? `（${r}）` : '';
}

export const cellUncertain: Rule = {
  id: 'cell.uncertain',
  severity: 'warning',
  title: '解析不确定的单元格',
  basis: { kind: 'heuristic', ref: '解析器无法确定的数字须标出，不得当作事实' },
  evaluate({ report }) {
    const keys = Object.keys(report.uncertain).filter((k) => report.cells[k]?.state !== 'unknown');
    return [...byRow(keys)].map(([, defs]) => ({
      rule: 'cell.uncertain',
      severity: 'warning' as const,
      cells: defs.map((d) => d.key),
      message: `${defs.map((d) => cellRef(report, d.key)).join('、')}：${[...new Set(defs.map((d) => report.uncertain[d.key]))].join('；')}，请核对原文`,
    }));
  },
};

export const cellNumber: Rule = {
  id: 'cell.number',
  severity: 'error',
  title: '件数应为非负整数，增减可为负，金额可为小数但不为负',
  basis: { kind: 'implied', ref: '年度报告格式：表二、表三、表四统计件数' },
  evaluate({ report }) {
    const out: Finding[] = [];
    const cells = report.cells;
    for (const k of Object.keys(cells)) {
      const c = cells[k]!;
      if (c.state !== 'number') continue;
      const d = fieldDef(k);
      if (!d) continue;
      const v = c.value;
      let why: string | null = null;
      if (d.kind === 'count' && (!Number.isInteger(v) || v < 0)) why = '应为非负整数';
      else if (d.kind === 'delta' && !Number.isInteger(v)) why = '应为整数';
      else if (d.kind === 'money' && v < 0) why = '金额不应为负';
      if (why)
        out.push({
          rule: 'cell.number',
          severity: 'error',
          cells: [k],
          message: `${cellRef(report, k)}${why}`,
        });
    }
    return out;
  },
};

export const cellBlank: Rule = {
  id: 'cell.blank',
  severity: 'error',
  title: '应填数字处留空（空白为错误；印“—”“/”等为提示）',
  basis: {
    kind: 'heuristic',
    ref: '文档04 §F：无数据应填0，留空为错误；机关惯用“—”时为提示（空白如破坏合计关系，由合计规则报错）',
  },
  evaluate({ report }) {
    const out: Finding[] = [];
    // An empty cell and a printed mark are different faults: an empty cell makes checking impossible (error), a
    // "—" is an agency's style for none (warning).
    const cells = report.cells;
    const emptyBlanks: string[] = [];
    const markBlanks: string[] = [];
    for (const k of Object.keys(cells)) {
      const c = cells[k]!;
      if (c.state === 'blank') (c.raw.trim() === '' ? emptyBlanks : markBlanks).push(k);
    }
    for (const empty of [true, false]) {
      const blanks = empty ? emptyBlanks : markBlanks;
      for (const [, defs] of byRow(blanks)) {
        const d0 = defs[0]!;
        out.push({
          rule: 'cell.blank',
          severity: empty ? 'error' : 'warning',
          cells: defs.map((d) => d.key),
          message: empty
            ? `${TABLE_NAMES[d0.table]}“${d0.rowLabel}”行留空：${defs.map((d) => d.columnLabel).join('、')}（无数据应填0，空白无法核对）`
            : `${TABLE_NAMES[d0.table]}“${d0.rowLabel}”行印作“${(report.cells[d0.key] as { raw: string }).raw}”：${defs.map((d) => d.columnLabel).join('、')}（按0计；无数据应填0）`,
        });
      }
    }
    return out;
  },
};

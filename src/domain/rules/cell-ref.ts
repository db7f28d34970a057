// How findings name a cell: its Chinese label and what was printed there.
import { fieldDef } from '../report/layout.ts';
import type { Report } from '../report/model.ts';

export function printed(report: Report, key: string): string {
  const c = report.cells[key];
  if (!c || c.state === 'unknown') return '未读出';
  if (c.state === 'blank') return c.raw ? `空白“${c.raw}”` : '空白';
  return String(c.value);
}

export function cellRef(report: Report, key: string): string {
  return `${fieldDef(key)?.label ?? key}（${printed(report, key)}）`;
}

export function shortRef(report: Report, key: string, label: string): string {
  return `${label}（${printed(report, key)}）`;
}

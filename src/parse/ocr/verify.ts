// The tables' own identities (勾稽关系) as a check on OCR. A cell the engines were unsure of keeps its candidates;
// where exactly one candidate makes every identity through the cell hold, that one is taken (and says so). Where an
// identity still fails, every recognised cell in it is marked uncertain: a misread digit and a report that does
// not add up look the same from here, and neither may pass as a silently wrong number.
// A small local decoder: the run decoder of the real-world reading issue (H13) does the same for digit runs; the
// two can be unified.
import { LAYOUTS } from '../../domain/report/layout.ts';
import { valueOf } from '../../domain/report/model.ts';
import { IDENTITY_RULES, type Identity } from '../../domain/rules/identities.ts';
import { classifyCell } from '../cell-text.ts';
import { extractReport } from '../extract.ts';
import type { SourceBlock, SourceCell, SourceDocument } from '../source.ts';

interface Loc {
  block: number;
  cell: number;
}

export function verifyWithIdentities(doc: SourceDocument): SourceDocument {
  const report = extractReport(doc);
  if (!report.format) return doc;
  const layout = LAYOUTS[report.format];
  const identities: Identity[] = IDENTITY_RULES.flatMap((d) => d.identities(layout)).filter((id) =>
    [...id.lhs, ...id.rhs].every((t) => t.key in report.cells),
  );
  const blocks: SourceBlock[] = [...doc.blocks];
  const rowAt = new Map<string, number>();
  blocks.forEach((b, i) => {
    if (b.kind === 'row') rowAt.set(`${b.prov.page}/${b.table}/${b.prov.row}`, i);
  });
  const locate = (key: string): Loc | null => {
    const p = report.provenance[key];
    if (p?.kind !== 'ocr' || p.inferred) return null;
    const block = rowAt.get(`${p.page}/${p.table}/${p.row}`);
    if (block === undefined) return null;
    const b = blocks[block]!;
    if (b.kind !== 'row') return null;
    const cell = b.cells.findIndex((c) => c.prov.col === p.col);
    return cell < 0 ? null : { block, cell };
  };
  const values = new Map<string, number | undefined>();
  const value = (k: string) => (values.has(k) ? values.get(k) : valueOf(report, k));
  const sum = (ts: Identity['lhs']) => {
    let s = 0;
    for (const t of ts) {
      const v = value(t.key);
      if (v === undefined) return undefined;
      s += v;
    }
    return s;
  };
  const holds = (id: Identity) => {
    const l = sum(id.lhs);
    const r = sum(id.rhs);
    return l === undefined || r === undefined ? undefined : Math.abs(l - r) < 1e-9;
  };
  const through = (k: string) => identities.filter((id) => [...id.lhs, ...id.rhs].some((t) => t.key === k));
  const setCell = (loc: Loc, patch: (c: SourceCell) => SourceCell) => {
    const b = blocks[loc.block] as Extract<SourceBlock, { kind: 'row' }>;
    const cells = [...b.cells];
    cells[loc.cell] = patch(cells[loc.cell]!);
    blocks[loc.block] = { ...b, cells };
  };

  // 1. Candidates decided by the identities: exactly one candidate fits all identities that can be judged.
  for (const key of Object.keys(report.cells)) {
    const loc = locate(key);
    if (!loc) continue;
    const cell = (blocks[loc.block] as Extract<SourceBlock, { kind: 'row' }>).cells[loc.cell]!;
    const candidates = cell.prov.candidates ?? [];
    if (candidates.length < 2) continue;
    const ids = through(key);
    if (!ids.length) continue;
    const fitting = candidates.filter((c) => {
      const cl = classifyCell(c);
      if (cl.kind !== 'number') return false;
      values.set(key, cl.value);
      const ok = ids.every((id) => holds(id) !== false) && ids.some((id) => holds(id) === true);
      values.delete(key);
      return ok;
    });
    if (fitting.length !== 1) continue;
    const chosen = fitting[0]!;
    const cl = classifyCell(chosen);
    if (cl.kind === 'number') values.set(key, cl.value);
    setCell(loc, (c) => {
      const { uncertain: _u, ...rest } = c;
      return {
        ...rest,
        text: chosen,
        prov: {
          ...c.prov,
          text: chosen,
          inferred: `识别候选（${candidates.join('、')}）中唯一符合勾稽关系的值`,
        },
      };
    });
  }

  // 2. Identities that still fail: every recognised cell in them is uncertain.
  for (const id of identities) {
    if (holds(id) !== false) continue;
    const why = `扫描件识别结果不符合勾稽关系（${id.scope}），请核对原件`;
    for (const t of [...id.lhs, ...id.rhs]) {
      const loc = locate(t.key);
      if (!loc) continue;
      setCell(loc, (c) => (c.uncertain ? c : { ...c, uncertain: why }));
    }
  }
  return { ...doc, blocks };
}

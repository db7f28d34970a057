// Which agency of this installation a report's printed name means. Reports name their agency in several ways: the
// full name with the city (淮安市洪泽区人民政府), without it (洪泽区人民政府), with spaces (北京市大兴区 庞各庄镇…),
// or a short name a supervisor has recorded as an alias (庞各庄镇政府). The matcher compares names without spaces and
// also without a leading province/city when a district or county follows; aliases are kept per agency and editable.
// A name that fits two agencies matches neither: a wrong match would put a report on the wrong board.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { queryRows } from '../db/query.ts';

const squeeze = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** The keys a name is known by: itself without spaces, and without a leading 省/市 when a 区/县/旗 follows. */
export function nameKeys(name: string): string[] {
  const keys = [squeeze(name)];
  let s = keys[0]!;
  for (;;) {
    const m = /^[\u4e00-\u9fa5]{2,7}?[省市](?=[\u4e00-\u9fa5]{1,8}?(?:新区|区|县|旗|市))/.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
    // "市人民政府" alone is no name: stop before stripping the last place name.
    if (s.length < 4) break;
    keys.push(s);
  }
  return [...new Set(keys)];
}

export interface NameIndex {
  match(name: string | null | undefined): number | null;
}

/** Every agency name and alias of the installation, indexed by their keys (one query; a district has hundreds). */
export async function loadNameIndex(db: Executor): Promise<NameIndex> {
  const rows = await queryRows<{ id: number; name: string }>(
    db,
    sql`select id, name from agencies union all select agency_id as id, alias as name from agency_aliases`,
  );
  const exact = new Map<string, Set<number>>();
  const loose = new Map<string, Set<number>>();
  const add = (m: Map<string, Set<number>>, k: string, id: number) => {
    const set = m.get(k) ?? new Set<number>();
    set.add(id);
    m.set(k, set);
  };
  for (const r of rows) {
    const [full, ...shorter] = nameKeys(r.name);
    add(exact, full!, Number(r.id));
    for (const k of shorter) add(loose, k, Number(r.id));
  }
  return {
    match(name) {
      if (!name) return null;
      const keys = nameKeys(name);
      // A name printed in full decides first; then any of its shorter forms against any form of ours.
      const hit = exact.get(keys[0]!);
      if (hit?.size === 1) return [...hit][0]!;
      if (hit && hit.size > 1) return null;
      const found = new Set<number>();
      for (const k of keys)
        for (const id of [...(exact.get(k) ?? []), ...(loose.get(k) ?? [])]) found.add(id);
      return found.size === 1 ? [...found][0]! : null;
    },
  };
}

/** The agency a printed name means, or null when none or more than one fits. */
export async function matchAgencyName(db: Executor, name: string | null | undefined): Promise<number | null> {
  if (!name) return null;
  return (await loadNameIndex(db)).match(name);
}

// MinHash signatures of stored reports (issue 18): computed from the report's text once, when it is collected, and
// kept in report_signatures; copy detection (cross-checks.ts) reads them back and compares in full only the pairs
// that LSH makes candidates. A report stored without one (an upload, a compiled report, a row from before this
// table) gets it computed from its sections when it is first compared.
import { inArray } from 'drizzle-orm';
import type { Executor } from '../db/handle.ts';
import { reportSignatures } from '../db/schema/report-signatures.ts';
import { DEFAULT_SIMILARITY, sketch } from '../domain/similarity/index.ts';

/** The text compared for copying: the report's sections, in order. */
export const comparedText = (sections: Readonly<Record<string, string>> | null | undefined) =>
  Object.values(sections ?? {}).join('\n');

export const SIGNATURE_LENGTH = DEFAULT_SIMILARITY.bands * DEFAULT_SIMILARITY.rows;

export function toBytes(sig: Uint32Array): Uint8Array {
  const out = new Uint8Array(sig.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < sig.length; i++) view.setUint32(i * 4, sig[i]!, true);
  return out;
}

export function fromBytes(bytes: Uint8Array): Uint32Array | null {
  if (bytes.byteLength !== SIGNATURE_LENGTH * 4) return null; // another signature length: recompute
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: SIGNATURE_LENGTH }, (_, i) => view.getUint32(i * 4, true));
}

/** Store the signatures of reports just stored (a text too short for one stores nothing). */
export async function storeSignatures(
  db: Executor,
  reports: readonly { id: number; sections: Readonly<Record<string, string>> | null | undefined }[],
): Promise<void> {
  const rows = reports.flatMap((r) => {
    const sig = sketch(comparedText(r.sections));
    return sig ? [{ reportId: r.id, signature: toBytes(sig) }] : [];
  });
  if (rows.length) await db.insert(reportSignatures).values(rows).onConflictDoNothing();
}

/** The stored signatures of these reports (missing or of another length: absent from the map). */
export async function loadSignatures(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, Uint32Array>> {
  const out = new Map<number, Uint32Array>();
  for (let i = 0; i < ids.length; i += 10_000) {
    const rows = await db
      .select()
      .from(reportSignatures)
      .where(inArray(reportSignatures.reportId, ids.slice(i, i + 10_000)));
    for (const r of rows) {
      const sig = fromBytes(new Uint8Array(r.signature));
      if (sig) out.set(r.reportId, sig);
    }
  }
  return out;
}

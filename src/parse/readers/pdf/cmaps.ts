// Character maps for PDFs set in fonts that are not embedded (STSong-Light with UniGB-UCS2-H and the like, as
// older tools write Chinese): pdf.js needs the predefined CMap to turn the bytes into characters, and ships them in
// pdfjs-dist, which is not installed here. The same maps come with Debian's poppler-data (and ghostscript), in
// Adobe's text format, so pdf.js is given a loader that looks them up there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian keeps CMaps: poppler-data by character collection, ghostscript in one folder. */
const ROOTS = [
  '/usr/share/poppler/cMap',
  '/var/lib/ghostscript/CMap',
  '/usr/share/ghostscript/Resource/CMap',
];

let dirs: string[] | null = null;

function cmapDirs(): string[] {
  if (dirs) return dirs;
  dirs = [];
  for (const root of ROOTS) {
    if (!existsSync(root)) continue;
    dirs.push(root);
    for (const e of readdirSync(root, { withFileTypes: true }))
      if (e.isDirectory()) dirs.push(join(root, e.name));
  }
  return dirs;
}

/** The bytes of a named CMap, or null when no installed package has it. */
export function findCMap(name: string): Uint8Array | null {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return null;
  for (const d of cmapDirs()) {
    const p = join(d, name);
    if (existsSync(p)) return new Uint8Array(readFileSync(p));
  }
  return null;
}

/** Names asked for and not found, per document: they explain a PDF whose text comes out empty. */
export class CMapLoader {
  readonly missing = new Set<string>();

  /** A pdf.js BinaryDataFactory class bound to this loader (pdf.js instantiates it itself). */
  factory(): new (opts: unknown) => { fetch(o: { kind: string; filename: string }): Promise<Uint8Array> } {
    const missing = this.missing;
    return class {
      async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
        if (kind === 'cMapUrl') {
          const data = findCMap(filename);
          if (data) return data;
          missing.add(filename);
        }
        throw new Error(`${kind} ${filename} not available`);
      }
    };
  }
}

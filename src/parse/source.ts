// The reader-neutral form of a published report: a sequence of paragraphs and table rows, each with where it stood.
// Every reader (text, HTML, DOCX, PDF) produces a SourceDocument; one extractor (extract.ts) turns it into a Report.
// This keeps the label matching, the layout detection and the uncertainty rules in one place.
import type { Provenance } from '../domain/report/model.ts';

export interface SourceCell {
  readonly text: string;
  readonly prov: Provenance;
  /** Horizontal span in the source grid (HTML colspan, DOCX gridSpan); 1 when unknown. */
  readonly span?: number;
  /** True when the reader knows this cell is a continuation of a vertically merged cell (rowspan / vMerge). */
  readonly merged?: boolean;
  /** The reader is not sure of this cell (e.g. low OCR confidence): the reason, in Chinese. */
  readonly uncertain?: string;
}

export type SourceBlock =
  | { readonly kind: 'para'; readonly text: string; readonly prov: Provenance }
  | {
      readonly kind: 'row';
      readonly cells: readonly SourceCell[];
      readonly prov: Provenance;
      /** Index of the source table this row belongs to (0-based), when the reader knows tables. */
      readonly table?: number;
    };

export interface SourceDocument {
  /** Which reader made it: 'text' | 'html' | 'docx' | 'pdf' | 'markdown' | 'json'. */
  readonly form: string;
  readonly blocks: readonly SourceBlock[];
  /** Notes from the reader (e.g. "按GBK解码"), copied into Report.notes. */
  readonly notes?: readonly string[];
}

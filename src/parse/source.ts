// The reader-neutral form of a published report: a sequence of paragraphs and table rows, each with where it stood.
// Every reader (text, HTML, DOCX, PDF) produces a SourceDocument; one extractor (extract.ts) turns it into a Report.
// This keeps the label matching, the layout detection and the uncertainty rules in one place.

import type { FormatVersion } from '../domain/report/layout.ts';
import type { Provenance } from '../domain/report/model.ts';
import type { RunRowSpec } from '../domain/report/run-decoder.ts';

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
  /** Title, headings, publication date as the form gives them outside the body. */
  readonly meta?: SourceMeta;
  /** Rows whose cells ran together, for the run decoder. */
  readonly runs?: readonly SourceRun[];
  /** The layouts the front end recognised from the tables' own words. */
  readonly runFormats?: { readonly t2: FormatVersion | null; readonly t3: FormatVersion | null };
}

/** What a form says about the report outside its body: <title>/<h1>, DOCX core properties, PDF info, a crawler's header. */
export interface SourceMeta {
  readonly title?: string;
  /** Further heading-like texts (HTML <h1>/<h2>, markdown headings), in order. */
  readonly headings?: readonly string[];
  /** A title of low trust (DOCX core properties, often a template's), used only when the body names none. */
  readonly fallbackTitle?: string;
  /** Publication date as YYYY-MM-DD (a crawler's 发布时间), for the on-time check. */
  readonly published?: string;
  /** The publishing agency when the form names it (发布机构). */
  readonly agency?: string;
}

/**
 * A row whose cells were printed without separators (a crawled page's "行政规范性文件6233440"): the front end found
 * its label, the run decoder cuts it (src/domain/report/run-decoder.ts).
 */
export interface SourceRun {
  readonly table: 't2' | 't3' | 't4';
  /** The field keys of the cells, in printed order (several rows for 表四's one run). */
  readonly keys: readonly string[];
  readonly rows: readonly RunRowSpec[];
  readonly text: string;
  readonly prov: Provenance;
  /** The page does not list the row (its label was not found) or the table: its cells are unknown, for this reason
   *  ("原文未列出此行"). */
  readonly missing?: string;
}

// What an exporter needs to know about a work, gathered by the works service from the database.
// Exporters are pure: they turn this into bytes and never reach storage themselves.

export type ExportTagType = 'rating' | 'warning' | 'category' | 'fandom' | 'relationship' | 'character' | 'freeform';

export interface ExportNote {
  position: 'beginning' | 'end';
  /** Sanitised HTML. */
  html: string;
}

export interface ExportableWork {
  id: number;
  /** Absolute or site-relative URL of the work page. */
  url: string;
  title: string;
  creators: string[];
  /** Plain text. */
  summary: string | null;
  /** ISO 639-1. */
  language: string;
  words: number;
  /** ISO 8601 dates. */
  postedAt: string;
  updatedAt: string;
  complete: boolean;
  tags: { type: ExportTagType; name: string }[];
  series: { title: string; position: number; url?: string }[];
  /** Work-level notes, sanitised HTML. */
  notes: ExportNote[];
  chapters: {
    position: number;
    /** The heading as stored ("Chapter 2: The Lake"), or null when the chapter has none. */
    title: string | null;
    /** Sanitised HTML. */
    html: string;
    notes: ExportNote[];
  }[];
  /** The archive's name, "Quire" unless the site is configured otherwise. */
  archiveName: string;
  /**
   * Total chapters the writer plans, when known; a work in progress shows "3/?" without it,
   * as AO3 does.
   */
  expectedChapters?: number | null;
}

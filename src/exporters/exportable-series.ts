// What an exporter needs to know about a series downloaded as one book: the series' own preface
// and each work whole, in reading order. Gathered by exportable.service; exporters stay pure.
import type { ExportableWork } from './exportable-work.ts';

export interface ExportableSeries {
  id: number;
  /** Absolute or site-relative URL of the series. */
  url: string;
  title: string;
  /** Plain text. */
  summary: string | null;
  creators: string[];
  /** ISO 639-1: the language most of its words are in. */
  language: string;
  words: number;
  /** ISO 8601: when the series was begun, and its latest change or work update. */
  postedAt: string;
  updatedAt: string;
  complete: boolean;
  /** In reading order; each carries its own position in `series`. */
  works: ExportableWork[];
  archiveName: string;
}

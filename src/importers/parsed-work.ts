// What every importer produces, whatever the file format: the shape the works service stores.
// Bodies are sanitised HTML fragments (paragraphs as <p>), the same form AO3 keeps chapters in.

export type NotePosition = 'beginning' | 'end';

export interface AuthorNote {
  position: NotePosition;
  /** Sanitised HTML. */
  html: string;
}

export interface ParsedChapter {
  /** The heading as written ("Chapter 2: The Lake"), or null when the text has none. */
  title: string | null;
  /** Sanitised HTML of the chapter body, notes excluded. */
  html: string;
  notes: AuthorNote[];
}

export interface ParsedWork {
  /** A title the file states (metadata, a heading), or null when the writer gave none. */
  title: string | null;
  /** Always set: the stated title, or one made from the first line or sentence. */
  provisionalTitle: string;
  /** Plain text. */
  summary: string | null;
  /** Work-level author's notes, in reading order. */
  notes: AuthorNote[];
  chapters: ParsedChapter[];
  /** ISO 639-1, when the file states it. */
  language: string | null;
  /** Tags the file itself carries (EPUB metadata, front matter), by AO3 tag type. */
  tags: { type: string; name: string }[];
  creators: string[];
  source: { filename: string; format: 'txt' | 'markdown' | 'html' | 'docx' | 'epub' };
  /** Series the file says the work belongs to (EPUB metadata), with its place when stated. */
  series?: { title: string; position: number | null }[];
  /** ISO 8601 dates the file states (an archive's download); the import keeps them. */
  publishedAt?: string | null;
  updatedAt?: string | null;
  /** false when the file says the work is unfinished. */
  complete?: boolean | null;
}

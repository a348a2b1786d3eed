// What a download's preface says about a work, shared by the single-file HTML and the plain-text
// downloads so the two read alike, and the EPUB's (epub.ts): tag groups in AO3's order with AO3's
// labels (TAG_GROUPS, which the feeds use too), language, series, stats, and how chapters are
// headed. Each writes the facts in its own markup; keep the wording of the three in step.
import type { ExportableWork, ExportTagType } from './exportable-work.ts';

// AO3's download preface labels, in its order. importers/epub.ts reads these same labels.
export const TAG_GROUPS: readonly { type: ExportTagType; label: string }[] = [
  { type: 'rating', label: 'Rating' },
  { type: 'warning', label: 'Archive Warning' },
  { type: 'category', label: 'Category' },
  { type: 'fandom', label: 'Fandom' },
  { type: 'relationship', label: 'Relationship' },
  { type: 'character', label: 'Character' },
  { type: 'freeform', label: 'Additional Tags' },
];

export interface TagGroup {
  type: ExportTagType;
  label: string;
  names: string[];
}

export interface PrefaceFacts {
  tagGroups: TagGroup[];
  /** BCP 47 code (or "und") and its English name. */
  language: { code: string; name: string };
  series: { position: number; title: string; url?: string }[];
  /** "Published: 2024-01-05", "Updated: ...", "Words: 1,234", "Chapters: 2/?". */
  stats: string[];
}

export function prefaceFacts(work: ExportableWork): PrefaceFacts {
  const tagGroups: TagGroup[] = [];
  for (const group of TAG_GROUPS) {
    const names = [...new Set(work.tags.filter((t) => t.type === group.type).map((t) => t.name))];
    if (names.length > 0) tagGroups.push({ ...group, names });
  }
  const code = bcp47(work.language);
  const posted = day(work.postedAt);
  const updated = day(work.updatedAt);
  const stats: string[] = [];
  if (posted) stats.push(`Published: ${posted}`);
  if (updated && updated !== posted) stats.push(`${work.complete ? 'Completed' : 'Updated'}: ${updated}`);
  stats.push(`Words: ${work.words.toLocaleString('en-US')}`);
  stats.push(`Chapters: ${chaptersLabel(work)}`);
  return { tagGroups, language: { code, name: languageName(code) }, series: work.series, stats };
}

/** AO3's "2/2", "3/?" (a work in progress whose writer has not said how many). */
export function chaptersLabel(work: Pick<ExportableWork, 'complete' | 'chapters' | 'expectedChapters'>): string {
  const total = work.complete
    ? String(work.chapters.length)
    : work.expectedChapters
      ? String(work.expectedChapters)
      : '?';
  return `${work.chapters.length}/${total}`;
}

/** The rule of works.html.ts and epub.ts: a chapter's own title, else "Chapter N", else the work's title for a one-shot. */
export function chapterLabel(work: ExportableWork, ch: ExportableWork['chapters'][number]): string {
  if (ch.title) return ch.title;
  return work.chapters.length > 1 ? `Chapter ${ch.position}` : work.title;
}

export function day(iso: string): string | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

export function bcp47(language: string): string {
  return /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(language.trim()) ? language.trim() : 'und';
}

export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** The URL when it is absolute http(s), else null: links in a file on a reader's disk must be absolute. */
export function absoluteUrl(url: string | undefined, base?: string | null): string | null {
  if (!url) return null;
  try {
    const u = base ? new URL(url, base) : new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A plain-text summary's paragraphs (blank-line separated), each a list of lines. */
export function paragraphs(text: string): string[][] {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .trim()
        .split('\n')
        .map((l) => l.trim()),
    )
    .filter((p) => p.some((l) => l !== ''));
}

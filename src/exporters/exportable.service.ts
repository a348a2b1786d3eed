// Gathers what the exporters need from the database, through the works and series services:
// a work with its chapters' HTML, notes, applied tags (never the analysis' open suggestions) and
// the series it is part of; or a series with each of its works. The exporters stay pure.
import type { Database } from '../db/database.ts';
import { seriesOfWork, type SeriesView } from '../series/series.service.ts';
import { ARCHIVE_NAME } from '../web/layout.ts';
import { getAllChapterTexts, getWorkPage } from '../works/works.service.ts';
import type { ExportableSeries } from './exportable-series.ts';
import type { ExportableWork } from './exportable-work.ts';

export interface ExportContext {
  /** `https://host` the links inside a download point at; without it they stay site-relative (and unlinked). */
  origin?: string;
  archiveName?: string;
}

export const workPath = (id: number) => `/works/${id}`;
/**
 * A series' address, AO3's. It names the series book (its identifier); until the series page is
 * routed, downloads link each work's own page rather than this.
 */
export const seriesPath = (id: number) => `/series/${id}`;

export async function exportableWork(
  database: Database,
  id: number,
  ctx: ExportContext = {},
): Promise<ExportableWork | undefined> {
  const page = await getWorkPage(database, id);
  if (!page) return undefined;
  const [texts, series] = await Promise.all([getAllChapterTexts(database, id), seriesOfWork(database, id)]);
  const notesOf = new Map(page.chapters.map((c) => [c.id, c.notes]));
  return {
    id: page.id,
    url: `${ctx.origin ?? ''}${workPath(page.id)}`,
    title: page.title,
    creators: page.creators.map((c) => c.pseud),
    summary: page.summary,
    language: page.language,
    words: page.words,
    postedAt: page.postedAt,
    updatedAt: page.updatedAt,
    complete: page.complete,
    expectedChapters: page.expectedChapters,
    tags: page.tags.map((t) => ({ type: t.type, name: t.name })),
    series: series.map((s) => ({ title: s.title, position: s.position })),
    notes: page.notes,
    chapters: texts.map((c) => ({
      position: c.position,
      title: c.title,
      html: c.html,
      notes: notesOf.get(c.id) ?? [],
    })),
    archiveName: ctx.archiveName ?? ARCHIVE_NAME,
  };
}

/** A series book of the works in `series` (already narrowed to what the reader may read). */
export async function exportableSeries(
  database: Database,
  series: SeriesView,
  ctx: ExportContext = {},
): Promise<ExportableSeries> {
  const works: ExportableWork[] = [];
  for (const w of series.works) {
    const work = await exportableWork(database, w.id, ctx);
    if (work) works.push(work);
  }
  return {
    id: series.id,
    url: `${ctx.origin ?? ''}${seriesPath(series.id)}`,
    title: series.title,
    summary: series.summary,
    creators: series.creators,
    language: mainLanguage(works),
    words: series.words,
    postedAt: series.createdAt,
    updatedAt: series.lastChangeAt,
    complete: series.complete,
    works,
    archiveName: ctx.archiveName ?? ARCHIVE_NAME,
  };
}

function mainLanguage(works: ExportableWork[]): string {
  const words = new Map<string, number>();
  for (const w of works) words.set(w.language, (words.get(w.language) ?? 0) + w.words);
  return [...words].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
}

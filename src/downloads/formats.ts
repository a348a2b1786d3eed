// What a download may be and what it is called: formats with their types and labels, AO3-style
// file names and paths. No database, so that pages, feeds and the service share one answer.
import { pdfAvailable } from '../exporters/pdf.ts';

export const FORMATS = {
  epub: { mime: 'application/epub+zip', label: 'EPUB' },
  html: { mime: 'text/html; charset=utf-8', label: 'HTML' },
  txt: { mime: 'text/plain; charset=utf-8', label: 'Text' },
  pdf: { mime: 'application/pdf', label: 'PDF' },
} as const;
export type DownloadFormat = keyof typeof FORMATS;

export function isDownloadFormat(value: string): value is DownloadFormat {
  return Object.hasOwn(FORMATS, value);
}

/** The formats this server offers: PDF only where chromium is installed. */
export function availableFormats(): DownloadFormat[] {
  return (Object.keys(FORMATS) as DownloadFormat[]).filter((f) => f !== 'pdf' || pdfAvailable());
}

// ---- file names -----------------------------------------------------------------------------

const MAX_SLUG = 60;

/**
 * AO3-style file names: the title's letters and digits joined by underscores, then what it is
 * and its id (`The_Keeper_of_Gull_Rock-work-12.epub`). `unicode` keeps every script's letters
 * (for filename*); `ascii` drops accents and anything else (for the plain filename fallback).
 */
export function downloadFileName(
  title: string,
  kind: 'work' | 'series',
  id: number,
  format: DownloadFormat,
): { unicode: string; ascii: string } {
  const cut = (s: string) => [...s].slice(0, MAX_SLUG).join('').replace(/_+$/, '');
  const unicode = cut(
    title
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '_')
      .replace(/^_+/, ''),
  );
  const ascii = cut(
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+/, ''),
  );
  const fallback = kind === 'work' ? 'Work' : 'Series';
  const tail = `-${kind}-${id}.${format}`;
  return { unicode: (unicode || fallback) + tail, ascii: (ascii || fallback) + tail };
}

/** Where a download lives: `/downloads/works/12/The_Keeper_of_Gull_Rock-work-12.epub`. */
export function downloadPath(kind: 'work' | 'series', id: number, title: string, format: DownloadFormat): string {
  return `/downloads/${kind === 'work' ? 'works' : 'series'}/${id}/${encodeURIComponent(downloadFileName(title, kind, id, format).unicode)}`;
}

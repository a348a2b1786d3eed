// EPUB reader: unzip, find the package document through META-INF/container.xml, read its
// metadata, then walk the spine. Three layouts are told apart because each carries metadata in
// its pages that the package document lacks (tag types above all):
//   - AO3 downloads, and Quire's own (exporters/epub.ts copies AO3's markup): a preface with
//     `<dl class="tags">`, "Summary"/"Notes" labels before blockquotes, chapters headed
//     `<h2 class="heading">` with "Chapter Notes"/"Chapter End Notes", bodies in div.userstuff,
//     an afterword. Keep in step with exporters/epub.ts.
//   - FanFicFare: title_page.xhtml of `<b>Label:</b> value<br/>` lines, then file0001.xhtml...
//     each headed by an `<h3>`, and a log_page.xhtml of updates.
//   - anything else: one chapter per content document in spine order, its first heading the title.

import type { ParsedWork } from './parsed-work.ts';
import { ImportError } from './import-error.ts';
import { baseName, CONTENT_TYPES, dirname, isDrmProtected, openZip } from './epub-zip.ts';
import { descendants, findElement, localName, parseMarkup } from '../markup/tree.ts';
import { hasText, plainText, readPackage, readTocLabels } from './epub-package.ts';
import { dedupeTags, IGNORED_SUBJECTS, type LayoutResult, readGenericLayout, type SpineDoc } from './epub-layout.ts';
import { htmlShapeProblem } from './markup-limits.ts';
import { findTagList, readAo3Layout } from './epub-ao3.ts';
import { isFanFicFare, readFanFicFareLayout } from './epub-fanficfare.ts';
import { normaliseLanguage } from './header-fields.ts';
import { provisionalTitle } from './assemble.ts';

export interface EpubSeries {
  title: string;
  /** Part number within the series, when the file gives one. */
  position: number | null;
}

/** A ParsedWork plus what EPUB metadata states beyond it (the lead may lift these into ParsedWork). */
export interface ParsedEpubWork extends ParsedWork {
  series: EpubSeries[];
  /** ISO 8601 dates as the file states them. */
  publishedAt: string | null;
  updatedAt: string | null;
  /** Whether the file says the work is finished; null when it does not say. */
  complete: boolean | null;
}

export type Tag = { type: string; name: string };

export function parseEpub(bytes: Uint8Array | Buffer, filename: string): ParsedEpubWork {
  try {
    return readEpub(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), filename);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // The parsers are lenient, so this is a bug or a file no reader could use; either way the
    // writer sees a sentence, and the original stays on `cause` for the log.
    throw Object.assign(new ImportError(filename, 'could not read the EPUB: its content is malformed'), { cause: e });
  }
}

function readEpub(data: Uint8Array, filename: string): ParsedEpubWork {
  const fail = (reason: string) => refuse(filename, reason);
  if (data.length === 0) fail('file is empty');
  if (!(data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04))
    fail('not an EPUB: the file is not a zip archive');

  const zip = openZip(data, fail);
  const encryption = zip.text('META-INF/encryption.xml');
  if (encryption !== null && isDrmProtected(encryption)) {
    fail('the EPUB is protected by DRM (its content is encrypted); only DRM-free EPUBs can be imported');
  }
  const container = zip.text('META-INF/container.xml') ?? fail('not a valid EPUB: META-INF/container.xml is missing');
  const rootfile = descendants(parseMarkup(container, { xml: true })).find(
    (e) =>
      localName(e.name) === 'rootfile' &&
      (e.attrs['media-type'] ?? 'application/oebps-package+xml') === 'application/oebps-package+xml' &&
      e.attrs['full-path'],
  );
  const opfPath = rootfile?.attrs['full-path'] ?? fail('not a valid EPUB: container.xml names no package document');
  const opfText = zip.text(opfPath) ?? fail(`not a valid EPUB: the package document ${opfPath} is missing`);
  const pkg =
    readPackage(parseMarkup(opfText, { xml: true }), dirname(opfPath)) ??
    fail(`not a valid EPUB: ${opfPath} is not a package document`);
  const tocText = pkg.toc ? zip.text(pkg.toc.path) : null;
  const tocLabels = tocText !== null && pkg.toc ? readTocLabels(tocText, pkg.toc) : new Map<string, string>();

  const docs: SpineDoc[] = [];
  const seen = new Set<string>();
  for (const item of pkg.spine) {
    if (item.properties.includes('nav') || !CONTENT_TYPES.has(item.mediaType) || seen.has(item.path)) continue;
    seen.add(item.path);
    const text = zip.text(item.path);
    if (text === null) continue;
    const shape = htmlShapeProblem(text);
    if (shape) fail(`${item.path}: ${shape}`);
    const root = parseMarkup(text);
    docs.push({ path: item.path, body: findElement(root, 'body') ?? root, tocLabel: tocLabels.get(item.path) ?? null });
  }

  let result: LayoutResult;
  if (docs.some((d) => findTagList(d.body))) result = readAo3Layout(docs);
  else if (isFanFicFare(pkg, docs)) result = readFanFicFareLayout(docs);
  else result = readGenericLayout(docs);

  const chapters = result.chapters.filter((c) => hasText(c.html));
  if (chapters.length === 0) fail('no readable chapters: the EPUB has no text content');

  const title = pkg.title ?? result.title ?? null;
  const language = normaliseLanguage(pkg.language ?? '') ?? normaliseLanguage(result.language ?? '');
  const tags = dedupeTags(
    result.tags ?? pkg.subjects.filter((s) => !IGNORED_SUBJECTS.test(s)).map((name) => ({ type: 'freeform', name })),
  );
  return {
    title,
    provisionalTitle: title ?? provisionalTitle(plainText(chapters[0]!.html) || baseName(filename)),
    summary: pkg.description ?? result.summary ?? null,
    notes: result.notes,
    chapters,
    language,
    tags,
    creators: pkg.creators.length > 0 ? pkg.creators : (result.creators ?? []),
    source: { filename, format: 'epub' },
    series: pkg.series.length > 0 ? pkg.series : (result.series ?? []),
    publishedAt: pkg.published ?? result.published ?? null,
    updatedAt: result.updated ?? pkg.modified ?? null,
    complete: result.complete ?? null,
  };
}

function refuse(file: string, reason: string): never {
  throw new ImportError(file, reason);
}

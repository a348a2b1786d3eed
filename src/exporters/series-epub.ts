// EPUB 3 of a whole series as one book: a title page for the series (its stats, summary and
// contents), then each work as a part with its own preface, chapters and end notes, and one
// afterword. The table of contents nests: work > chapters.
//
// Each part's documents are the single-work EPUB's own (buildEpub), unchanged but for the path to
// the shared stylesheet: a part lives in its own folder (part-01/preface.xhtml, ...) so that the
// documents' relative links (preface -> endnotes.xhtml) hold as written, and a series book reads
// exactly like the works downloaded one by one. The part's contents come from its own nav.xhtml,
// so nothing here depends on how buildEpub names its files.
import {
  CONTAINER_XML,
  commonMetadata,
  lines,
  navDocument,
  ncxDocument,
  opfPackage,
  type TocBook,
  type TocEntry,
  xhtmlPage,
  ZIP_TIME,
} from './epub-frame.ts';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { buildEpub, workUuid } from './epub.ts';
import type { ExportableSeries } from './exportable-series.ts';
import { absoluteUrl, bcp47, day, languageName } from './preface.ts';
import { textParagraphs } from '../markup/paragraphs.ts';
import { descendants, findElement, parseMarkup, textContent } from '../markup/tree.ts';
import { xml, type XmlFragment } from '../markup/xml.ts';

export function buildSeriesEpub(series: ExportableSeries): Uint8Array {
  const lang = bcp47(series.language);
  const enc = new TextEncoder();
  // A series URL never equals a work URL, so the name-based UUID cannot collide with a work's.
  const identifier = `urn:uuid:${workUuid({ id: series.id, url: series.url })}`;
  const modified =
    isoSeconds(new Date(series.updatedAt)) ?? isoSeconds(new Date(series.postedAt)) ?? '1970-01-01T00:00:00Z';

  const files: Zippable = {};
  const manifest: { id: string; href: string }[] = [];
  const toc: TocEntry[] = [{ href: 'series.xhtml', label: series.title, children: [] }];
  let style = '';
  /** Where each part starts, for the title page's list of works. */
  const starts: string[] = [];

  for (const [k, work] of series.works.entries()) {
    const folder = `part-${String(k + 1).padStart(2, '0')}`;
    const book = unzipSync(buildEpub(work));
    style ||= strFromU8(book['OEBPS/style.css']!);
    const entries = partEntries(strFromU8(book['OEBPS/nav.xhtml']!));
    const docs = entries.filter((e) => e.href !== 'afterword.xhtml');
    for (const d of docs) {
      const xhtml = strFromU8(book[`OEBPS/${d.href}`]!).replace(
        '<link rel="stylesheet" type="text/css" href="style.css"/>',
        '<link rel="stylesheet" type="text/css" href="../style.css"/>',
      );
      files[`OEBPS/${folder}/${d.href}`] = enc.encode(xhtml);
      manifest.push({ id: `${folder}-${d.href.replace(/\.xhtml$/, '')}`, href: `${folder}/${d.href}` });
    }
    const [preface, ...rest] = docs;
    starts.push(preface ? `${folder}/${preface.href}` : '');
    if (preface)
      toc.push({
        href: `${folder}/${preface.href}`,
        label: work.title,
        children: rest.map((d) => ({ href: `${folder}/${d.href}`, label: d.label, children: [] })),
      });
  }
  toc.push({ href: 'afterword.xhtml', label: 'Afterword', children: [] });
  const firstPart = toc[1] && toc[1].href !== 'afterword.xhtml' ? toc[1] : null;
  const book: TocBook = {
    title: series.title,
    creators: series.creators,
    identifier,
    lang,
    toc,
    landmarks: [
      { type: 'titlepage', href: 'series.xhtml', label: 'Title Page' },
      ...(firstPart ? [{ type: 'bodymatter', href: firstPart.href, label: 'Start of Content' }] : []),
      { type: 'backmatter', href: 'afterword.xhtml', label: 'Afterword' },
    ],
  };

  const out: Zippable = {
    // First and stored, so the first bytes of the file name the format (OCF 3.3 §4.3).
    mimetype: [enc.encode('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': enc.encode(CONTAINER_XML),
    'OEBPS/content.opf': enc.encode(packageDocument(series, manifest, { lang, identifier, modified })),
    'OEBPS/nav.xhtml': enc.encode(navDocument(book)),
    'OEBPS/toc.ncx': enc.encode(ncxDocument(book)),
    'OEBPS/style.css': enc.encode(style + SERIES_STYLE),
    'OEBPS/series.xhtml': enc.encode(xhtmlPage(series.title, lang, 'series-preface', seriesPreface(series, starts))),
    ...files,
    'OEBPS/afterword.xhtml': enc.encode(xhtmlPage('Afterword', lang, 'afterword', afterword(series))),
  };
  return zipSync(out, { level: 6, mtime: ZIP_TIME });
}

/** The documents a work's own EPUB lists in its table of contents, in reading order. */
function partEntries(nav: string): { href: string; label: string }[] {
  const tree = parseMarkup(nav, { xml: true });
  const tocNav = descendants(tree).find((e) => e.name === 'nav' && e.attrs['epub:type'] === 'toc');
  const list = tocNav && findElement(tocNav, 'ol');
  if (!list) return [];
  return descendants(list)
    .filter((e) => e.name === 'a' && e.attrs.href)
    .map((a) => ({ href: a.attrs.href!, label: textContent(a).trim() }));
}

function isoSeconds(d: Date): string | null {
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seriesPreface(series: ExportableSeries, starts: readonly string[]): XmlFragment {
  const parts: XmlFragment[] = [xml`<h1 class="title">${series.title}</h1>`];
  if (series.creators.length > 0) {
    const creators = series.creators.map((c, k) => xml`${k ? ', ' : ''}<span class="creator">${c}</span>`);
    parts.push(xml`<div class="byline">by ${creators}</div>`);
  }
  const stats = [`Works: ${series.works.length}`, `Words: ${series.words.toLocaleString('en-US')}`];
  const begun = day(series.postedAt);
  const updated = day(series.updatedAt);
  if (begun) stats.push(`Series Begun: ${begun}`);
  if (updated) stats.push(`Series Updated: ${updated}`);
  stats.push(`Complete: ${series.complete ? 'Yes' : 'No'}`);
  const lang = bcp47(series.language);
  parts.push(xml`<dl class="tags">
<dt class="language">Language:</dt>
<dd class="language" lang="${lang}">${languageName(lang)}</dd>
<dt class="stats">Stats:</dt>
<dd class="stats">${stats.map((s, k) => xml`${k ? xml`<br/>` : ''}<span class="stat">${s}</span>`)}</dd>
</dl>`);
  if (series.summary?.trim()) {
    parts.push(
      xml`<div class="meta summary">\n<p class="label">Summary</p>\n<blockquote class="userstuff">${textParagraphs(series.summary, 'xhtml')}</blockquote>\n</div>`,
    );
  }
  if (series.works.length > 0) {
    const items = series.works.map((w, k) => {
      const by = w.creators.length ? xml` <span class="by">by ${w.creators.join(', ')}</span>` : '';
      const title = starts[k] ? xml`<a href="${starts[k]}">${w.title}</a>` : w.title;
      return xml`<li>${title}${by}</li>`;
    });
    parts.push(xml`<div class="series-contents">\n<p class="label">Works</p>\n<ol>\n${lines(items)}\n</ol>\n</div>`);
  }
  return xml`<section class="meta preface" epub:type="titlepage">\n${lines(parts)}\n</section>`;
}

function afterword(series: ExportableSeries): XmlFragment {
  const links = series.works.map((w) => {
    const href = absoluteUrl(w.url);
    return xml`<li>${w.title}: ${href ? xml`<a href="${href}">${href}</a>` : w.url}</li>`;
  });
  const list = links.length ? xml`\n<ul class="parts">\n${lines(links)}\n</ul>` : '';
  return xml`<div id="afterword" class="afterword" epub:type="afterword">\n<p>This series was downloaded from ${series.archiveName}.</p>${list}\n<p>Please visit the works to let their creators know if you enjoyed them.</p>\n</div>`;
}

function packageDocument(
  series: ExportableSeries,
  parts: { id: string; href: string }[],
  ctx: { lang: string; identifier: string; modified: string },
): string {
  const m = commonMetadata({ ...ctx, title: series.title, creators: series.creators, summary: series.summary });
  const subjects = new Set<string>();
  for (const w of series.works) for (const t of w.tags) if (t.type === 'fandom') subjects.add(t.name);
  for (const s of subjects) m.push(xml`<dc:subject>${s}</dc:subject>`);
  const posted = isoSeconds(new Date(series.postedAt));
  if (posted) m.push(xml`<dc:date>${posted}</dc:date>`);
  m.push(xml`<dc:publisher>${series.archiveName}</dc:publisher>`);
  const source = absoluteUrl(series.url);
  if (source) m.push(xml`<dc:source>${source}</dc:source>`);
  m.push(xml`<meta property="dcterms:modified">${ctx.modified}</meta>`);

  return opfPackage(ctx.lang, m, [
    { id: 'series', href: 'series.xhtml' },
    ...parts,
    { id: 'afterword', href: 'afterword.xhtml' },
  ]);
}

const SERIES_STYLE = `.series-contents ol { padding-left: 1.5em; }
.series-contents li { margin: 0.3em 0; }
.series-contents .by { font-style: italic; }
ul.parts { list-style: none; padding: 0; }
ul.parts a { word-break: break-all; }
`;

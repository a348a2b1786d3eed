// EPUB 3 of a whole series as one book: a title page for the series (its stats, summary and
// contents), then each work as a part with its own preface, chapters and end notes, and one
// afterword. The table of contents nests: work > chapters.
//
// Each part's documents are the single-work EPUB's own (buildEpub), unchanged but for the path to
// the shared stylesheet: a part lives in its own folder (part-01/preface.xhtml, ...) so that the
// documents' relative links (preface -> endnotes.xhtml) hold as written, and a series book reads
// exactly like the works downloaded one by one. The part's contents come from its own nav.xhtml,
// so nothing here depends on how buildEpub names its files.
import { CONTAINER_XML, opfPackage, xhtmlPage, ZIP_TIME } from './epub-frame.ts';
import { strFromU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { buildEpub, workUuid } from './epub.ts';
import type { ExportableSeries } from './exportable-series.ts';
import { absoluteUrl, bcp47, day, languageName, paragraphs } from './preface.ts';
import { descendants, escapeAttr, escapeXml, findElement, parseMarkup, textContent } from './xml.ts';

interface NavEntry {
  href: string;
  label: string;
  children: NavEntry[];
}

export function buildSeriesEpub(series: ExportableSeries): Uint8Array {
  const lang = bcp47(series.language);
  const enc = new TextEncoder();
  // A series URL never equals a work URL, so the name-based UUID cannot collide with a work's.
  const identifier = `urn:uuid:${workUuid({ id: series.id, url: series.url })}`;
  const modified =
    isoSeconds(new Date(series.updatedAt)) ?? isoSeconds(new Date(series.postedAt)) ?? '1970-01-01T00:00:00Z';

  const files: Zippable = {};
  const manifest: { id: string; href: string }[] = [];
  const toc: NavEntry[] = [{ href: 'series.xhtml', label: series.title, children: [] }];
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

  const out: Zippable = {
    // First and stored, so the first bytes of the file name the format (OCF 3.3 §4.3).
    mimetype: [enc.encode('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': enc.encode(CONTAINER_XML),
    'OEBPS/content.opf': enc.encode(packageDocument(series, manifest, { lang, identifier, modified })),
    'OEBPS/nav.xhtml': enc.encode(navDocument(series, toc, lang)),
    'OEBPS/toc.ncx': enc.encode(ncx(series, toc, identifier, lang)),
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

function seriesPreface(series: ExportableSeries, starts: readonly string[]): string {
  const parts: string[] = [`<h1 class="title">${escapeXml(series.title)}</h1>`];
  if (series.creators.length > 0) {
    parts.push(
      `<div class="byline">by ${series.creators.map((c) => `<span class="creator">${escapeXml(c)}</span>`).join(', ')}</div>`,
    );
  }
  const stats = [`Works: ${series.works.length}`, `Words: ${series.words.toLocaleString('en-US')}`];
  const begun = day(series.postedAt);
  const updated = day(series.updatedAt);
  if (begun) stats.push(`Series Begun: ${begun}`);
  if (updated) stats.push(`Series Updated: ${updated}`);
  stats.push(`Complete: ${series.complete ? 'Yes' : 'No'}`);
  const lang = bcp47(series.language);
  parts.push(`<dl class="tags">
<dt class="language">Language:</dt>
<dd class="language" lang="${escapeAttr(lang)}">${escapeXml(languageName(lang))}</dd>
<dt class="stats">Stats:</dt>
<dd class="stats">${stats.map((s) => `<span class="stat">${escapeXml(s)}</span>`).join('<br/>')}</dd>
</dl>`);
  if (series.summary?.trim()) {
    const paras = paragraphs(series.summary)
      .map((lines) => `<p>${lines.map(escapeXml).join('<br/>')}</p>`)
      .join('\n');
    parts.push(
      `<div class="meta summary">\n<p class="label">Summary</p>\n<blockquote class="userstuff">${paras}</blockquote>\n</div>`,
    );
  }
  if (series.works.length > 0) {
    const items = series.works.map((w, k) => {
      const by = w.creators.length ? ` <span class="by">by ${escapeXml(w.creators.join(', '))}</span>` : '';
      const title = starts[k] ? `<a href="${escapeAttr(starts[k])}">${escapeXml(w.title)}</a>` : escapeXml(w.title);
      return `<li>${title}${by}</li>`;
    });
    parts.push(`<div class="series-contents">\n<p class="label">Works</p>\n<ol>\n${items.join('\n')}\n</ol>\n</div>`);
  }
  return `<section class="meta preface" epub:type="titlepage">\n${parts.join('\n')}\n</section>`;
}

function afterword(series: ExportableSeries): string {
  const archive = escapeXml(series.archiveName);
  const links = series.works.map((w) => {
    const href = absoluteUrl(w.url);
    return `<li>${escapeXml(w.title)}: ${href ? `<a href="${escapeAttr(href)}">${escapeXml(href)}</a>` : escapeXml(w.url)}</li>`;
  });
  const list = links.length ? `\n<ul class="parts">\n${links.join('\n')}\n</ul>` : '';
  return `<div id="afterword" class="afterword" epub:type="afterword">\n<p>This series was downloaded from ${archive}.</p>${list}\n<p>Please visit the works to let their creators know if you enjoyed them.</p>\n</div>`;
}

function packageDocument(
  series: ExportableSeries,
  parts: { id: string; href: string }[],
  ctx: { lang: string; identifier: string; modified: string },
): string {
  const m: string[] = [];
  m.push(`<dc:identifier id="uid">${escapeXml(ctx.identifier)}</dc:identifier>`);
  m.push(`<dc:title id="title">${escapeXml(series.title)}</dc:title>`);
  for (const [k, c] of series.creators.entries()) {
    m.push(`<dc:creator id="creator-${k + 1}">${escapeXml(c)}</dc:creator>`);
    m.push(`<meta refines="#creator-${k + 1}" property="role" scheme="marc:relators">aut</meta>`);
  }
  m.push(`<dc:language>${escapeXml(ctx.lang)}</dc:language>`);
  if (series.summary?.trim()) m.push(`<dc:description>${escapeXml(series.summary.trim())}</dc:description>`);
  const subjects = new Set<string>();
  for (const w of series.works) for (const t of w.tags) if (t.type === 'fandom') subjects.add(t.name);
  for (const s of subjects) m.push(`<dc:subject>${escapeXml(s)}</dc:subject>`);
  const posted = isoSeconds(new Date(series.postedAt));
  if (posted) m.push(`<dc:date>${posted}</dc:date>`);
  m.push(`<dc:publisher>${escapeXml(series.archiveName)}</dc:publisher>`);
  const source = absoluteUrl(series.url);
  if (source) m.push(`<dc:source>${escapeXml(source)}</dc:source>`);
  m.push(`<meta property="dcterms:modified">${ctx.modified}</meta>`);

  return opfPackage(ctx.lang, m, [
    { id: 'series', href: 'series.xhtml' },
    ...parts,
    { id: 'afterword', href: 'afterword.xhtml' },
  ]);
}

function navList(entries: readonly NavEntry[]): string {
  const items = entries.map(
    (e) =>
      `<li><a href="${escapeAttr(e.href)}">${escapeXml(e.label)}</a>${e.children.length ? `\n${navList(e.children)}\n` : ''}</li>`,
  );
  return `<ol>\n${items.join('\n')}\n</ol>`;
}

function navDocument(series: ExportableSeries, toc: readonly NavEntry[], lang: string): string {
  const firstPart = toc[1] && toc[1].href !== 'afterword.xhtml' ? toc[1] : null;
  const landmarks = [
    '<li><a epub:type="titlepage" href="series.xhtml">Title Page</a></li>',
    firstPart ? `<li><a epub:type="bodymatter" href="${escapeAttr(firstPart.href)}">Start of Content</a></li>` : '',
    '<li><a epub:type="backmatter" href="afterword.xhtml">Afterword</a></li>',
  ].filter(Boolean);
  return xhtmlPage(
    series.title,
    lang,
    'nav',
    `<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n${navList(toc)}\n</nav>\n<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h1>Landmarks</h1>\n<ol>\n${landmarks.join('\n')}\n</ol>\n</nav>`,
  );
}

/** EPUB 2's table of contents, nested to the same depth as nav.xhtml. */
function ncx(series: ExportableSeries, toc: readonly NavEntry[], identifier: string, lang: string): string {
  let order = 0;
  const points = (entries: readonly NavEntry[]): string =>
    entries
      .map((e) => {
        const n = ++order;
        const inner = e.children.length ? `\n${points(e.children)}\n` : '';
        return `<navPoint id="np-${n}" playOrder="${n}"><navLabel><text>${escapeXml(e.label)}</text></navLabel><content src="${escapeAttr(e.href)}"/>${inner}</navPoint>`;
      })
      .join('\n');
  const depth = toc.some((e) => e.children.length > 0) ? 2 : 1;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeAttr(lang)}">
<head>
<meta name="dtb:uid" content="${escapeAttr(identifier)}"/>
<meta name="dtb:depth" content="${depth}"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${escapeXml(series.title)}</text></docTitle>
${series.creators.map((c) => `<docAuthor><text>${escapeXml(c)}</text></docAuthor>`).join('\n')}
<navMap>
${points(toc)}
</navMap>
</ncx>
`;
}

const SERIES_STYLE = `.series-contents ol { padding-left: 1.5em; }
.series-contents li { margin: 0.3em 0; }
.series-contents .by { font-style: italic; }
ul.parts { list-style: none; padding: 0; }
ul.parts a { word-break: break-all; }
`;

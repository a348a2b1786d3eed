// What every EPUB Quire writes shares, a single work or a whole series: namespaces, the fixed zip
// time, the container file, the frame of an XHTML content document, the package document and
// the one table of contents (nav.xhtml and toc.ncx from the same entries). Every value goes
// through the markup module's xml template, so none is escaped by hand.
import { joinXml, xml, xmlDocument, type XmlFragment } from '../markup/xml.ts';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const OPS_NS = 'http://www.idpf.org/2007/ops';
/** DOS timestamps are built from local fields, so a fixed local time gives the same bytes in every time zone. */
export const ZIP_TIME = new Date(1980, 0, 1, 12, 0, 0);

export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

/** Fragments one per line, as the EPUB's files are laid out. */
export function lines(parts: readonly XmlFragment[]): XmlFragment {
  return joinXml(parts, '\n');
}

/** An XHTML content document around `body`. */
export function xhtmlPage(title: string, lang: string, kind: string, body: XmlFragment): string {
  return xmlDocument(xml`<!DOCTYPE html>
<html xmlns="${XHTML_NS}" xmlns:epub="${OPS_NS}" xml:lang="${lang}" lang="${lang}">
<head>
<meta charset="UTF-8"/>
<title>${title}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body class="${kind}">
${body}
</body>
</html>`);
}

/**
 * The OPF package document: the metadata lines, then the nav, NCX and stylesheet, and the book's
 * XHTML documents in reading order (the spine).
 */
export function opfPackage(
  lang: string,
  metadata: readonly XmlFragment[],
  docs: readonly { id: string; href: string }[],
): string {
  const manifest = [
    xml`<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>`,
    xml`<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>`,
    xml`<item id="css" href="style.css" media-type="text/css"/>`,
    ...docs.map((d) => xml`<item id="${d.id}" href="${d.href}" media-type="application/xhtml+xml"/>`),
  ];
  const spine = docs.map((d) => xml`<itemref idref="${d.id}"/>`);
  return xmlDocument(xml`<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
${lines(metadata)}
</metadata>
<manifest>
${lines(manifest)}
</manifest>
<spine toc="ncx">
${lines(spine)}
</spine>
</package>`);
}

/** The metadata both kinds of book carry, in the order they carry it. */
export function commonMetadata(m: {
  identifier: string;
  title: string;
  creators: readonly string[];
  lang: string;
  summary: string | null | undefined;
}): XmlFragment[] {
  const out = [
    xml`<dc:identifier id="uid">${m.identifier}</dc:identifier>`,
    xml`<dc:title id="title">${m.title}</dc:title>`,
  ];
  for (const [k, c] of m.creators.entries()) {
    out.push(xml`<dc:creator id="creator-${k + 1}">${c}</dc:creator>`);
    out.push(xml`<meta refines="#creator-${k + 1}" property="role" scheme="marc:relators">aut</meta>`);
  }
  out.push(xml`<dc:language>${m.lang}</dc:language>`);
  if (m.summary?.trim()) out.push(xml`<dc:description>${m.summary.trim()}</dc:description>`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Table of contents

export interface TocEntry {
  href: string;
  label: string;
  children: readonly TocEntry[];
}

export interface Landmark {
  type: string;
  href: string;
  label: string;
}

export interface TocBook {
  title: string;
  creators: readonly string[];
  identifier: string;
  lang: string;
  toc: readonly TocEntry[];
  landmarks: readonly Landmark[];
}

function navList(entries: readonly TocEntry[]): XmlFragment {
  const items = entries.map(
    (e) => xml`<li><a href="${e.href}">${e.label}</a>${e.children.length ? xml`\n${navList(e.children)}\n` : ''}</li>`,
  );
  return xml`<ol>\n${lines(items)}\n</ol>`;
}

/** EPUB 3's navigation document: the contents, nested as `toc` is, and the landmarks. */
export function navDocument(book: TocBook): string {
  const landmarks = book.landmarks.map((l) => xml`<li><a epub:type="${l.type}" href="${l.href}">${l.label}</a></li>`);
  return xhtmlPage(
    book.title,
    book.lang,
    'nav',
    xml`<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n${navList(book.toc)}\n</nav>\n<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h1>Landmarks</h1>\n<ol>\n${lines(landmarks)}\n</ol>\n</nav>`,
  );
}

/** EPUB 2's table of contents, for reading systems that predate nav.xhtml, nested as nav.xhtml is. */
export function ncxDocument(book: TocBook): string {
  let order = 0;
  const points = (entries: readonly TocEntry[]): XmlFragment =>
    lines(
      entries.map((e) => {
        const n = ++order;
        const inner = e.children.length ? xml`\n${points(e.children)}\n` : '';
        return xml`<navPoint id="np-${n}" playOrder="${n}"><navLabel><text>${e.label}</text></navLabel><content src="${e.href}"/>${inner}</navPoint>`;
      }),
    );
  const depth = book.toc.some((e) => e.children.length > 0) ? 2 : 1;
  return xmlDocument(xml`<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${book.lang}">
<head>
<meta name="dtb:uid" content="${book.identifier}"/>
<meta name="dtb:depth" content="${depth}"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${book.title}</text></docTitle>
${lines(book.creators.map((c) => xml`<docAuthor><text>${c}</text></docAuthor>`))}
<navMap>
${points(book.toc)}
</navMap>
</ncx>`);
}

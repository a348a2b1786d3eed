// What every EPUB Quire writes shares, a single work or a whole series: namespaces, the fixed zip
// time, the container file and the frame of an XHTML content document.
import { escapeAttr, escapeXml } from './xml.ts';

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

/** An XHTML content document; `body` must already be well-formed XHTML. */
export function xhtmlPage(title: string, lang: string, kind: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="${XHTML_NS}" xmlns:epub="${OPS_NS}" xml:lang="${escapeAttr(lang)}" lang="${escapeAttr(lang)}">
<head>
<meta charset="UTF-8"/>
<title>${escapeXml(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body class="${kind}">
${body}
</body>
</html>
`;
}

/**
 * The OPF package document: the metadata lines, then the nav, NCX and stylesheet, and the book's
 * XHTML documents in reading order (the spine).
 */
export function opfPackage(
  lang: string,
  metadata: readonly string[],
  docs: readonly { id: string; href: string }[],
): string {
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
    '<item id="css" href="style.css" media-type="text/css"/>',
    ...docs.map((d) => `<item id="${d.id}" href="${d.href}" media-type="application/xhtml+xml"/>`),
  ];
  const spine = docs.map((d) => `<itemref idref="${d.id}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="${escapeAttr(lang)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
${metadata.join('\n')}
</metadata>
<manifest>
${manifest.join('\n')}
</manifest>
<spine toc="ncx">
${spine.join('\n')}
</spine>
</package>
`;
}

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

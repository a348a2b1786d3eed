// Generated .docx files: Word documents with titles, headings and styled runs, and ones with deep
// tables, many paragraphs, images of garbage, odd relationships, entity expansion and zip bombs.
import type { Rng } from './rng.ts';
import { count, depth } from './hostile.ts';
import { ODD, sentence, story, type Story } from './stories.ts';
import { cached, esc, oddEntries, type Parts, zip } from './zips.ts';

const NS = 'http://schemas.openxmlformats.org';
const W = `xmlns:w="${NS}/wordprocessingml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"`;
const DRAWING = `xmlns:wp="${NS}/drawingml/2006/wordprocessingDrawing" xmlns:a="${NS}/drawingml/2006/main" xmlns:pic="${NS}/drawingml/2006/picture"`;
const REL = `${NS}/officeDocument/2006/relationships`;
const RELS = (body: string) =>
  `<?xml version="1.0"?><Relationships xmlns="${NS}/package/2006/relationships">${body}</Relationships>`;
const DOCUMENT = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><w:document ${W} ${DRAWING}><w:body>${body}</w:body></w:document>`;
const TYPES = `<?xml version="1.0"?><Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const STYLES = `<?xml version="1.0"?><w:styles ${W}>${['Title', 'Heading1', 'Heading2'].map((id) => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${id.replace('Heading', 'heading ')}"/></w:style>`).join('')}</w:styles>`;
const IMAGE = (rel: string) =>
  `<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="p"/><a:graphic><a:graphicData uri="${NS}/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="${rel}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
const LAUGHS = `<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "${'&a;'.repeat(10)}"><!ENTITY c "${'&b;'.repeat(10)}"><!ENTITY e "${'&c;'.repeat(10)}">]>`;

const para = (text: string, style?: string, run = '') =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r>${run}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;

function storyDocx(rng: Rng, s: Story): string {
  const out = [para(s.title, rng.pick(['Title', 'Heading1', undefined])), para(`Summary: ${s.summary}`)];
  for (const c of s.chapters) {
    out.push(para(c.title, rng.pick(['Heading1', 'Heading2', undefined])));
    for (const p of c.paras)
      out.push(para(p, undefined, rng.pick(['', '<w:rPr><w:b/></w:rPr>', '<w:rPr><w:i/></w:rPr>'])));
  }
  return out.join('');
}

function docxParts(body: string, rels = '', extra: Parts = {}): Parts {
  return {
    '[Content_Types].xml': TYPES,
    '_rels/.rels': RELS(`<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>`),
    'word/_rels/document.xml.rels': RELS(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>${rels}`),
    'word/styles.xml': STYLES,
    'word/document.xml': DOCUMENT(body),
    ...extra,
  };
}

export function docx(rng: Rng, hostile: boolean): [string, Buffer] {
  const s = story(rng);
  if (!hostile) return ['docx-story', zip(rng, docxParts(storyDocx(rng, s)))];
  // Identical bytes each time (built once), so rare: a repeat only costs time.
  if (rng.chance(0.01)) {
    const mb = rng.pick([20, 60]);
    const build = () => zip(rng, docxParts(`<w:p><w:r><w:t>${' '.repeat(mb << 20)}</w:t></w:r></w:p>`), undefined, 1);
    return [`docx-bomb-${mb}mb`, cached(`docx-${mb}`, build)];
  }
  if (rng.chance(0.03))
    return ['docx-ole-header', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), rng.bytes(2000)])];
  const d = depth(rng);
  const n = count(rng);
  const target = rng.pick(['../../../etc/passwd', 'http://example.org/x.png', '/abs.png', '']);
  const [name, parts] = rng.recipe<Parts>({
    [`nested-tables-${d}`]: () =>
      docxParts(`${'<w:tbl><w:tr><w:tc>'.repeat(d)}${para('cell')}${'</w:tc></w:tr></w:tbl>'.repeat(d)}`),
    [`unclosed-tables-${d}`]: () => docxParts('<w:tbl><w:tr><w:tc>'.repeat(d)),
    [`paragraphs-${n}`]: () => docxParts(para('a').repeat(n)),
    [`long-run-${n}`]: () => docxParts(para(sentence(rng).repeat(n >> 3))),
    [`runs-${n}`]: () => docxParts(`<w:p>${'<w:r><w:t>a </w:t></w:r>'.repeat(n)}</w:p>`),
    'image-garbage': () =>
      docxParts(
        IMAGE('rIdImg') + storyDocx(rng, s),
        `<Relationship Id="rIdImg" Type="${REL}/image" Target="media/image1.png"/>`,
        {
          'word/media/image1.png': rng.bytes(rng.pick([10, 5000, 2_000_000])),
        },
      ),
    'image-missing': () =>
      docxParts(
        IMAGE(rng.pick(['rIdNone', 'rIdImg'])),
        `<Relationship Id="rIdImg" Type="${REL}/image" Target="${target}" TargetMode="${rng.pick(['External', 'Internal'])}"/>`,
      ),
    hyperlinks: () =>
      docxParts(
        `<w:p><w:hyperlink r:id="rIdL"><w:r><w:t>link</w:t></w:r></w:hyperlink><w:hyperlink w:anchor="${'x'.repeat(rng.int(5000))}"><w:r><w:t>anchor</w:t></w:r></w:hyperlink></w:p>`,
        `<Relationship Id="rIdL" Type="${REL}/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>`,
      ),
    'no-document': () => {
      const p = docxParts('');
      delete p['word/document.xml'];
      return p;
    },
    'document-not-xml': () => ({
      ...docxParts(''),
      'word/document.xml': rng.pick(['', 'not xml', '<w:document', rng.bytes(500)]),
    }),
    'entity-expansion': () => ({
      ...docxParts(''),
      'word/document.xml': DOCUMENT(para('&e;&e;&e;')).replace(/&amp;/g, '&').replace('?>', `?>${LAUGHS}`),
    }),
    'rels-odd': () => ({
      ...docxParts(storyDocx(rng, s)),
      '_rels/.rels': RELS(
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="${rng.pick(['../word/document.xml', '/word/document.xml', 'word/DOCUMENT.XML', 'word/nothing.xml', '%77ord/document.xml'])}"/>`,
      ),
    }),
    'odd-entries': () => ({ ...docxParts(storyDocx(rng, s)), ...oddEntries(rng) }),
    'utf16-document': () => ({
      ...docxParts(''),
      'word/document.xml': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(DOCUMENT(para(ODD.join(' '))).replace('UTF-8', 'UTF-16'), 'utf16le'),
      ]),
    }),
  });
  return [`docx-${name}`, zip(rng, parts)];
}

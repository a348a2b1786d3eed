// Generated .epub files in the three layouts the reader tells apart (AO3's, FanFicFare's, plain),
// and ones with deep XML, missing or broken parts, odd hrefs and entries, DRM and zip bombs.
import { MAX_EPUB_UNCOMPRESSED_BYTES } from '../../src/importers/epub-zip.ts';
import type { Rng } from './rng.ts';
import { count, depth } from './hostile.ts';
import { sentence, story, type Story } from './stories.ts';
import { cached, esc, oddEntries, type Parts, zip } from './zips.ts';

const CONTAINER = (path: string) =>
  `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="${esc(path)}" media-type="application/oebps-package+xml"/></rootfiles></container>`;
const XHTML = (body: string, title = 'Page') =>
  `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${esc(title)}</title></head><body>${body}</body></html>`;
const ENCRYPTION = (algorithm: string, uri: string) =>
  `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"><EncryptionMethod Algorithm="${algorithm}"/><CipherData><CipherReference URI="${uri}"/></CipherData></EncryptedData></encryption>`;
const NCX = (d: number) =>
  `<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>${'<navPoint><navLabel><text>x</text></navLabel><content src="ch0.xhtml"/>'.repeat(d)}${'</navPoint>'.repeat(d)}</navMap></ncx>`;

interface Item {
  id: string;
  href: string;
  /** Absent: listed in the manifest, missing from the archive. */
  body?: string | Uint8Array;
  type?: string;
  props?: string;
}

function opf(s: Story, items: Item[], version: string, spineExtra = ''): string {
  const meta = `<dc:title>${esc(s.title)}</dc:title><dc:creator>${esc(s.author)}</dc:creator><dc:language>${esc(s.tags[0] ?? 'en')}</dc:language>${s.tags.map((t) => `<dc:subject>${esc(t)}</dc:subject>`).join('')}<dc:description>${esc(s.summary)}</dc:description><dc:date>2024-0${s.title.length % 9}-01</dc:date><meta name="calibre:series" content="${esc(s.fandom)}"/><meta name="calibre:series_index" content="${s.title.length}"/>`;
  const manifest = items.map(
    (i) =>
      `<item id="${esc(i.id)}" href="${esc(i.href)}" media-type="${i.type ?? 'application/xhtml+xml'}"${i.props ? ` properties="${i.props}"` : ''}/>`,
  );
  const spine = items.map((i) => `<itemref idref="${esc(i.id)}"/>`);
  return `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="${version}" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">${meta}</metadata><manifest>${manifest.join('')}<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest><spine toc="ncx">${spine.join('')}${spineExtra}</spine></package>`;
}

/** A story's content documents in one of the three layouts the reader tells apart. */
function storyItems(rng: Rng, s: Story): Item[] {
  const paras = (c: Story['chapters'][number]) => c.paras.map((p) => `<p>${esc(p)}</p>`).join('');
  const layout = rng.pick(['ao3', 'fanficfare', 'generic']);
  if (layout === 'ao3') {
    const tags = s.tags.map((t) => `<a>${esc(t)}</a>`).join(', ');
    const preface = `<h1>${esc(s.title)}</h1><dl class="tags"><dt class="rating">Rating:</dt><dd class="rating">${esc(s.rating)}</dd><dt class="fandom">Fandom:</dt><dd class="fandom"><a>${esc(s.fandom)}</a></dd><dt class="freeform">Additional Tags:</dt><dd class="freeform">${tags}</dd></dl><p>Summary</p><blockquote class="userstuff">${esc(s.summary)}</blockquote>`;
    const chapter = (c: Story['chapters'][number]) =>
      `<h2 class="heading">${esc(c.title)}</h2><div class="userstuff">${paras(c)}</div>`;
    const after =
      '<div id="afterword"><h2 class="heading">Afterword</h2><p>End Notes</p><blockquote class="userstuff">Thanks.</blockquote></div>';
    return [
      { id: 'preface', href: 'preface.xhtml', body: XHTML(preface) },
      ...s.chapters.map((c, i) => ({ id: `c${i}`, href: `chapter${i}.xhtml`, body: XHTML(chapter(c)) })),
      { id: 'after', href: 'afterword.xhtml', body: XHTML(after) },
    ];
  }
  if (layout === 'fanficfare') {
    const status = rng.pick(['Completed', 'In-Progress', '???']);
    const title = `<h3>${esc(s.title)}</h3><b>Author:</b> ${esc(s.author)}<br/><b>Rating:</b> ${esc(s.rating)}<br/><b>Category:</b> ${esc(s.fandom)}<br/><b>Summary:</b> ${esc(s.summary)}<br/><b>Status:</b> ${status}<br/>`;
    const file = (i: number) => `OEBPS/file${String(i + 1).padStart(4, '0')}.xhtml`;
    return [
      { id: 'title_page', href: 'OEBPS/title_page.xhtml', body: XHTML(title) },
      ...s.chapters.map((c, i) => ({
        id: `file${i}`,
        href: file(i),
        body: XHTML(`<h3>${esc(c.title)}</h3>${paras(c)}`),
      })),
    ];
  }
  return s.chapters.map((c, i) => ({
    id: `ch${i}`,
    href: `text/ch${i}.xhtml`,
    body: XHTML(`<h1>${esc(c.title)}</h1>${paras(c)}`, c.title),
  }));
}

interface EpubOptions {
  opfPath?: string;
  opfText?: string;
  container?: string;
  extra?: Parts;
  toc?: string;
  level?: 1;
}

function epubZip(rng: Rng, s: Story, items: Item[], o: EpubOptions = {}): Buffer {
  const opfPath = o.opfPath ?? rng.pick(['content.opf', 'OEBPS/content.opf']);
  const base = opfPath.slice(0, opfPath.lastIndexOf('/') + 1);
  const files: Parts = {
    'META-INF/container.xml': o.container ?? CONTAINER(opfPath),
    [opfPath]: o.opfText ?? opf(s, items, rng.pick(['2.0', '3.0'])),
    [`${base}toc.ncx`]: o.toc ?? NCX(1),
  };
  for (const i of items) if (i.body !== undefined && !i.href.includes('://')) files[base + i.href] = i.body;
  const mimetype: [string, string] | undefined = rng.chance(0.9) ? ['mimetype', 'application/epub+zip'] : undefined;
  return zip(rng, { ...files, ...o.extra }, mimetype, o.level);
}

export function epub(rng: Rng, hostile: boolean): [string, Buffer] {
  const s = story(rng);
  const items = storyItems(rng, s);
  if (!hostile) return ['epub-story', epubZip(rng, s, items)];
  if (rng.chance(0.01)) {
    const mb = rng.chance(0.5) ? (MAX_EPUB_UNCOMPRESSED_BYTES >> 20) + 1 : rng.pick([10, 40]);
    const body = XHTML(`<p>${'a '.repeat(mb << 19)}</p>`);
    const build = () => epubZip(rng, s, [{ id: 'b', href: 'b.xhtml', body }], { opfPath: 'content.opf', level: 1 });
    return [`epub-bomb-${mb}mb`, cached(`epub-${mb}`, build)];
  }
  const d = depth(rng);
  const n = count(rng);
  const each = (change: (i: Item) => Partial<Item>) =>
    epubZip(
      rng,
      s,
      items.map((i) => ({ ...i, ...change(i) })),
    );
  const bom = () =>
    Buffer.from(
      rng.pick([
        [0xff, 0xfe],
        [0xfe, 0xff],
      ]),
    );
  const [name, bytes] = rng.recipe<Buffer>({
    [`deep-chapter-${d}`]: () =>
      epubZip(rng, s, [
        ...items,
        { id: 'deep', href: 'deep.xhtml', body: XHTML(`${'<div>'.repeat(d)}deep${'</div>'.repeat(d)}`) },
      ]),
    [`deep-ncx-${d}`]: () => epubZip(rng, s, items, { toc: NCX(d) }),
    [`deep-container-${d}`]: () =>
      epubZip(rng, s, items, { container: `<container>${'<x>'.repeat(d)}${CONTAINER('content.opf')}` }),
    [`deep-opf-${d}`]: () =>
      epubZip(rng, s, items, { opfPath: 'content.opf', opfText: `<package>${'<metadata>'.repeat(d)}</package>` }),
    [`manifest-${n >> 2}`]: () =>
      epubZip(rng, s, [
        ...items,
        ...Array.from({ length: n >> 2 }, (_, i) => ({
          id: `m${i}`,
          href: `missing${i}.xhtml`,
          type: rng.pick(['application/xhtml+xml', 'image/png']),
        })),
      ]),
    [`spine-repeats-${n}`]: () =>
      epubZip(rng, s, items, {
        opfPath: 'content.opf',
        opfText: opf(
          s,
          items,
          '2.0',
          '<itemref idref="c0"/><itemref idref="ch0"/><itemref idref="nowhere"/>'.repeat(n),
        ),
      }),
    'no-container': () =>
      epubZip(rng, s, items, {
        container: rng.pick([
          '',
          'not xml',
          '<container/>',
          ...['', 'missing.opf', 'META-INF/', '../../content.opf'].map(CONTAINER),
        ]),
      }),
    'opf-broken': () =>
      epubZip(rng, s, items, {
        opfPath: 'content.opf',
        opfText: rng.pick([
          '',
          '<package/>',
          '<html/>',
          '<package><manifest><item/></manifest><spine><itemref/></spine></package>',
          opf(s, items, '3.0').slice(0, rng.int(2000)),
        ]),
      }),
    'hrefs-odd': () =>
      each((i) => ({
        href: rng.pick([
          `../${i.href}`,
          `/${i.href}`,
          `${i.href}#frag`,
          `${i.href}?q=1`,
          encodeURIComponent(i.href),
          'http://example.org/x.xhtml',
          `${i.href}%00`,
        ]),
      })),
    drm: () =>
      epubZip(rng, s, items, {
        extra: {
          'META-INF/encryption.xml': ENCRYPTION(
            rng.pick(['http://www.idpf.org/2008/embedding', 'http://www.w3.org/2001/04/xmlenc#aes128-cbc', '']),
            items[0]?.href ?? '',
          ),
        },
      }),
    'utf16-entries': () =>
      each((i) => ({ body: Buffer.concat([bom(), Buffer.from(String(i.body ?? ''), 'utf16le')]) })),
    'not-xhtml': () =>
      each((i) => ({
        body: rng.pick([
          '',
          '<p>unclosed',
          rng.bytes(200),
          '<?xml?><html><body>&#0;&#xD800;&bogus;</body></html>',
          String(i.body ?? '').slice(0, 100),
        ]),
      })),
    'odd-entries': () => epubZip(rng, s, items, { extra: oddEntries(rng) }),
    'media-types': () =>
      each(() => ({
        type: rng.pick(['text/html', 'application/html+xml', 'image/svg+xml', 'text/plain', '']),
        props: rng.pick(['nav', 'svg', '']),
      })),
    [`many-chapters-${n >> 5}`]: () =>
      epubZip(
        rng,
        s,
        Array.from({ length: n >> 5 }, (_, i) => ({
          id: `x${i}`,
          href: `x${i}.xhtml`,
          body: XHTML(`<h1>Chapter ${i}</h1><p>${esc(sentence(rng))}</p>`),
        })),
      ),
  });
  return [`epub-${name}`, bytes];
}

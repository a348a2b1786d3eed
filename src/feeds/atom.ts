// Atom (RFC 4287) documents: the feeds of a tag, a search, a creator and a series, and — with the
// OPDS additions in opds.ts — the catalog. Pure: feeds.routes gathers the works, this writes them.
//
// Each work is one entry: title, creators, a link to its page, posted and updated dates, its
// summary, and as content (escaped HTML, type="html") the byline, summary, tags by type and
// stats a blurb shows. Entry ids are the works' EPUB identifiers (urn:uuid, exporters/epub.ts
// workUuid), so a feed reader and an e-reader library recognise the same work.
import { workUuid } from '../exporters/epub.ts';
import { bcp47, languageName, TAG_GROUPS } from '../exporters/preface.ts';
import { tagToPath } from '../tags/tag-url.ts';
import { html } from '../markup/html.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import { xml, xmlDocument, type XmlFragment } from '../markup/xml.ts';

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const ATOM_NS = 'http://www.w3.org/2005/Atom';
// OPDS 1.2 uses DCMI terms for dc:language and dc:issued.
const DC_NS = 'http://purl.org/dc/terms/';
const OPDS_NS = 'http://opds-spec.org/2010/catalog';

export interface Link {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

export interface Person {
  name: string;
  uri?: string;
}

export interface Entry {
  id: string;
  title: string;
  updated: string;
  published?: string;
  authors: Person[];
  /** Plain text. */
  summary?: string | null;
  /** HTML, written escaped as type="html" content. */
  contentHtml?: string;
  /** Plain text content, for navigation entries. */
  contentText?: string;
  language?: string;
  categories: { term: string; label?: string; scheme?: string }[];
  links: Link[];
}

export interface Feed {
  id: string;
  title: string;
  subtitle?: string;
  /** Defaults to the newest entry's updated date. */
  updated?: string;
  links: Link[];
  authors?: Person[];
  entries: Entry[];
}

/** Where the feed is served and what its links are resolved against. */
export interface FeedContext {
  /** `https://host`; without it links stay site-relative. */
  origin?: string;
  archiveName: string;
}

export function absolute(ctx: FeedContext, path: string): string {
  return `${ctx.origin ?? ''}${path}`;
}

/** Atom dates: RFC 3339, seconds precision. */
export function atomDate(iso: string): string {
  const d = new Date(iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderFeed(feed: Feed): string {
  const newest = feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), '');
  const updated = atomDate(feed.updated ?? (newest || new Date().toISOString()));
  return xmlDocument(xml`<feed xmlns="${ATOM_NS}" xmlns:dc="${DC_NS}" xmlns:opds="${OPDS_NS}">
<id>${feed.id}</id>
<title>${feed.title}</title>
${feed.subtitle ? xml`<subtitle>${feed.subtitle}</subtitle>\n` : ''}<updated>${updated}</updated>
${(feed.authors ?? []).map(person)}${feed.links.map(link)}${feed.entries.map(entry)}</feed>`);
}

function link(l: Link): XmlFragment {
  return xml`<link rel="${l.rel}" href="${l.href}"${l.type ? xml` type="${l.type}"` : ''}${l.title ? xml` title="${l.title}"` : ''}/>\n`;
}

function person(p: Person): XmlFragment {
  return xml`<author><name>${p.name}</name>${p.uri ? xml`<uri>${p.uri}</uri>` : ''}</author>\n`;
}

function entry(e: Entry): XmlFragment {
  return xml`<entry>
<id>${e.id}</id>
<title>${e.title}</title>
<updated>${atomDate(e.updated)}</updated>
${e.published ? xml`<published>${atomDate(e.published)}</published>\n<dc:issued>${e.published.slice(0, 10)}</dc:issued>\n` : ''}${e.authors.map(person)}${e.language ? xml`<dc:language>${e.language}</dc:language>\n` : ''}${e.categories.map((c) => xml`<category term="${c.term}"${c.scheme ? xml` scheme="${c.scheme}"` : ''}${c.label ? xml` label="${c.label}"` : ''}/>\n`)}${e.summary ? xml`<summary type="text">${e.summary}</summary>\n` : ''}${e.contentHtml ? xml`<content type="html">${e.contentHtml}</content>\n` : ''}${e.contentText ? xml`<content type="text">${e.contentText}</content>\n` : ''}${e.links.map(link)}</entry>
`;
}

// ---- works as entries -----------------------------------------------------------------------

const number = new Intl.NumberFormat('en');

export function creatorUri(ctx: FeedContext, pseud: string): string {
  return absolute(ctx, `/works/search?${new URLSearchParams({ q: `creator:"${pseud.replace(/["\\]/g, '')}"` })}`);
}

/** A work as an entry; `extraLinks` are the OPDS acquisition links, when the entry is in the catalog. */
export function workEntry(w: WorkBlurb, ctx: FeedContext, extraLinks: Link[] = []): Entry {
  const page = absolute(ctx, `/works/${w.id}`);
  return {
    id: `urn:uuid:${workUuid({ id: w.id, url: page })}`,
    title: w.title,
    updated: w.updatedAt,
    published: w.postedAt,
    authors: w.creators.length
      ? w.creators.map((c) => ({ name: c.pseud, uri: creatorUri(ctx, c.pseud) }))
      : [{ name: 'Anonymous' }],
    summary: w.summary,
    contentHtml: blurbHtml(w, ctx),
    language: w.language,
    categories: w.tags.map((t) => ({ term: t.name, label: t.name, scheme: absolute(ctx, '/tags/') })),
    links: [{ rel: 'alternate', href: page, type: 'text/html' }, ...extraLinks],
  };
}

/** What a blurb shows, as HTML for the entry's content: escaped by html`` here, and again as XML text. */
function blurbHtml(w: WorkBlurb, ctx: FeedContext): string {
  const groups = TAG_GROUPS.map((g) => ({ ...g, tags: w.tags.filter((t) => t.type === g.type) })).filter(
    (g) => g.tags.length > 0,
  );
  const chapters = `${w.chapterCount}/${w.complete ? w.chapterCount : (w.expectedChapters ?? '?')}`;
  return html`<p>by ${w.creators.length ? w.creators.map((c, k) => html`${k ? ', ' : ''}<a href="${creatorUri(ctx, c.pseud)}">${c.pseud}</a>`) : 'Anonymous'}</p>
${w.summary ? html`<blockquote>${w.summary.split(/\n\s*\n/).map((p) => html`<p>${p.trim()}</p>`)}</blockquote>` : ''}
${groups.length ? html`<dl>${groups.map((g) => html`<dt>${g.label}:</dt><dd>${g.tags.map((t, k) => html`${k ? ', ' : ''}<a href="${absolute(ctx, `/tags/${tagToPath(t.name)}`)}">${t.name}</a>`)}</dd>`)}</dl>` : ''}
<p>Language: ${languageName(bcp47(w.language))} · Words: ${number.format(w.words)} · Chapters: ${chapters}${w.complete ? ' · Complete' : ''}</p>`
    .value;
}

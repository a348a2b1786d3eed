// OPDS 1.2 (https://specs.opds.io/opds-1.2): the catalog that e-reader apps (KOReader, Thorium,
// Moon+ Reader, calibre) browse. A root navigation feed leads to Recent works, By fandom and By
// tag; acquisition feeds list works with links to their EPUB and HTML downloads; search goes
// through an OpenSearch description whose template runs the search box's grammar. Acquisition
// feeds page on with rel="next" and the listings' own keyset cursors.
import { downloadPath, FORMATS } from '../downloads/formats.ts';
import { TAG_TYPE_LABELS, type TagType } from '../tags/tag-types.ts';
import { tagToPath } from '../tags/tag-url.ts';
import type { WorkBlurb } from '../works/works.service.ts';
import { absolute, renderFeed, workEntry, type Entry, type FeedContext, type Link, type Person } from './atom.ts';
import { xml, xmlDocument } from '../markup/xml.ts';

export const OPDS_NAVIGATION = 'application/atom+xml;profile=opds-catalog;kind=navigation';
export const OPDS_ACQUISITION = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
export const OPENSEARCH_TYPE = 'application/opensearchdescription+xml';
const ACQUISITION_REL = 'http://opds-spec.org/acquisition';
const SORT_NEW_REL = 'http://opds-spec.org/sort/new';
const OPENSEARCH_NS = 'http://a9.com/-/spec/opensearch/1.1/';

/** Where the catalog lives; keep in step with the route table. */
export const OPDS_PATHS = {
  root: '/opds',
  recent: '/opds/recent',
  fandoms: '/opds/fandoms',
  tags: '/opds/tags',
  tag: (name: string) => `/opds/tags/${tagToPath(name)}`,
  collection: (name: string) => `/opds/collections/${encodeURIComponent(name)}`,
  search: '/opds/search',
  openSearch: '/opds/opensearch.xml',
} as const;

/** The links every catalog feed carries: itself, the root, the way up, and search. */
function catalogLinks(
  ctx: FeedContext,
  self: string,
  kind: 'navigation' | 'acquisition',
  more: { up?: string; next?: string | null; title?: string } = {},
): Link[] {
  const links: Link[] = [
    { rel: 'self', href: absolute(ctx, self), type: kind === 'navigation' ? OPDS_NAVIGATION : OPDS_ACQUISITION },
    { rel: 'start', href: absolute(ctx, OPDS_PATHS.root), type: OPDS_NAVIGATION, title: ctx.archiveName },
  ];
  if (more.up) links.push({ rel: 'up', href: absolute(ctx, more.up), type: OPDS_NAVIGATION });
  links.push({
    rel: 'search',
    href: absolute(ctx, OPDS_PATHS.openSearch),
    type: OPENSEARCH_TYPE,
    title: `Search ${ctx.archiveName}`,
  });
  // The same search as a template right here, for clients that read no OpenSearch description.
  links.push({
    rel: 'search',
    href: `${absolute(ctx, OPDS_PATHS.search)}?q={searchTerms}`,
    type: OPDS_ACQUISITION,
    title: `Search ${ctx.archiveName}`,
  });
  if (more.next)
    links.push({
      rel: 'next',
      href: absolute(ctx, more.next),
      type: kind === 'navigation' ? OPDS_NAVIGATION : OPDS_ACQUISITION,
    });
  return links;
}

/** Atom wants an author for every entry; the catalog's own are the archive's. */
function archive(ctx: FeedContext): Person[] {
  return [{ name: ctx.archiveName, uri: absolute(ctx, '/') }];
}

function navEntry(
  ctx: FeedContext,
  path: string,
  title: string,
  text: string,
  rel: string,
  type: string,
  updated: string,
): Entry {
  return {
    id: absolute(ctx, path),
    title,
    updated,
    authors: [],
    contentText: text,
    categories: [],
    links: [{ rel, href: absolute(ctx, path), type }],
  };
}

export function rootCatalog(ctx: FeedContext, updated: string): string {
  return renderFeed({
    id: absolute(ctx, OPDS_PATHS.root),
    title: ctx.archiveName,
    subtitle: `Fan fiction from ${ctx.archiveName}, to read anywhere`,
    updated,
    authors: archive(ctx),
    links: catalogLinks(ctx, OPDS_PATHS.root, 'navigation'),
    entries: [
      navEntry(
        ctx,
        OPDS_PATHS.recent,
        'Recent works',
        'Every work, most recently updated first.',
        SORT_NEW_REL,
        OPDS_ACQUISITION,
        updated,
      ),
      navEntry(
        ctx,
        OPDS_PATHS.fandoms,
        'By fandom',
        'The fandoms with the most works.',
        'subsection',
        OPDS_NAVIGATION,
        updated,
      ),
      navEntry(
        ctx,
        OPDS_PATHS.tags,
        'By tag',
        'Popular relationships, characters and additional tags.',
        'subsection',
        OPDS_NAVIGATION,
        updated,
      ),
    ],
  });
}

export interface TagCount {
  name: string;
  type: string;
  count: number;
}

/** A navigation feed of tags, each leading to the acquisition feed of its works. */
export function tagsCatalog(
  ctx: FeedContext,
  opts: { self: string; title: string; tags: TagCount[]; next: string | null; updated: string },
): string {
  return renderFeed({
    id: absolute(ctx, opts.self.split('?')[0]!),
    title: opts.title,
    updated: opts.updated,
    authors: archive(ctx),
    links: catalogLinks(ctx, opts.self, 'navigation', { up: OPDS_PATHS.root, next: opts.next }),
    // Ordered by how many works each tag filters to, but no count is shown: that count includes
    // restricted works, and a catalog is what a guest sees.
    entries: opts.tags.map((t) =>
      navEntry(
        ctx,
        OPDS_PATHS.tag(t.name),
        t.name,
        TAG_TYPE_LABELS[t.type as TagType]?.one ?? t.type,
        'subsection',
        OPDS_ACQUISITION,
        opts.updated,
      ),
    ),
  });
}

/** Download links of a work for a catalog entry. */
function acquisitionLinks(ctx: FeedContext, w: WorkBlurb): Link[] {
  return (['epub', 'html'] as const).map((f) => ({
    rel: ACQUISITION_REL,
    href: absolute(ctx, downloadPath('work', w.id, w.title, f)),
    type: FORMATS[f].mime.split(';')[0]!,
    title: FORMATS[f].label,
  }));
}

/** An acquisition feed: works, each with its downloads, and the next page when there is one. */
export function worksCatalog(
  ctx: FeedContext,
  opts: { self: string; id: string; title: string; works: WorkBlurb[]; next: string | null; up?: string },
): string {
  return renderFeed({
    id: absolute(ctx, opts.id),
    title: opts.title,
    authors: archive(ctx),
    links: catalogLinks(ctx, opts.self, 'acquisition', { up: opts.up ?? OPDS_PATHS.root, next: opts.next }),
    entries: opts.works.map((w) => workEntry(w, ctx, acquisitionLinks(ctx, w))),
  });
}

/** The OpenSearch 1.1 description the catalog's search link points at. */
export function openSearchDescription(ctx: FeedContext): string {
  const template = (path: string) => `${absolute(ctx, path)}?q={searchTerms}`;
  return xmlDocument(xml`<OpenSearchDescription xmlns="${OPENSEARCH_NS}">
<ShortName>${ctx.archiveName.slice(0, 16)}</ShortName>
<Description>${`Search the works on ${ctx.archiveName}: words, "exact phrases", -exclusions, fandom:"Name", character:, ship:, rating:explicit, words>1000, complete:true, sort:kudos`.slice(0, 1024)}</Description>
<InputEncoding>UTF-8</InputEncoding>
<OutputEncoding>UTF-8</OutputEncoding>
<Url type="${OPDS_ACQUISITION}" template="${template(OPDS_PATHS.search)}"/>
<Url type="text/html" template="${template('/works/search')}"/>
</OpenSearchDescription>`);
}

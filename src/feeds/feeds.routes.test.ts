import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describeEachDialect } from '../testing/databases.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { addWorkToSeries, createSeries } from '../series/series.repo.ts';
import { testServer } from '../testing/server.ts';
import { importWork } from '../works/works.service.ts';
import { assertWellFormedXml } from '../testing/well-formed-xml.ts';
import { xml } from '../markup/xml.ts';

type El = ReturnType<typeof DomUtils.findAll>[number];

function parseXml(doc: string) {
  assert.ok(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'XML declaration first');
  assertWellFormedXml(doc, 'feed');
  return parseDocument(doc, { xmlMode: true, decodeEntities: true });
}
const children = (el: El | ReturnType<typeof parseXml>, name: string) =>
  el.children.filter((c) => DomUtils.isTag(c) && c.name === name) as El[];
const textOf = (el: El | undefined) => (el ? DomUtils.textContent(el) : undefined);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** RFC 4287's required elements (and ours: every entry says who wrote it and links its page). */
function assertAtom(doc: string) {
  const parsed = parseXml(doc);
  const [feed] = children(parsed, 'feed');
  assert.ok(feed, 'an Atom feed');
  assert.equal(feed.attribs.xmlns, 'http://www.w3.org/2005/Atom');
  for (const name of ['id', 'title', 'updated']) assert.equal(children(feed, name).length, 1, `feed has one <${name}>`);
  assert.match(textOf(children(feed, 'updated')[0])!, RFC3339);
  assert.ok(
    children(feed, 'link').some((l) => l.attribs.rel === 'self'),
    'a self link',
  );
  const entries = children(feed, 'entry');
  for (const e of entries) {
    for (const name of ['id', 'title', 'updated']) assert.equal(children(e, name).length, 1, `entry has one <${name}>`);
    assert.match(textOf(children(e, 'updated')[0])!, RFC3339);
    assert.ok(children(e, 'author').length > 0 || children(feed, 'author').length > 0, 'an author');
    for (const a of children(e, 'author')) assert.ok(textOf(children(a, 'name')[0]), 'author name');
  }
  return { feed, entries };
}

function work(title: string, overrides: Partial<ParsedWork> = {}): ParsedWork {
  return {
    title,
    provisionalTitle: title,
    summary: `About ${title}.`,
    notes: [],
    chapters: [{ title: null, html: `<p>The story of ${title}, by the lighthouse.</p>`, notes: [] }],
    language: 'en',
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'fandom', name: 'Original Work' },
      { type: 'freeform', name: 'Lighthouses' },
    ],
    creators: ['tidewright'],
    source: { filename: `${title}.txt`, format: 'txt' },
    ...overrides,
  };
}

describe('xml template', () => {
  test('escapes every value, in text and attributes alike, and drops what XML forbids', () => {
    const v = `<a href="x">&amp; 'q' \u0001 😀`;
    assert.equal(
      xml`<t a="${v}">${v}</t>`.value,
      `<t a="&lt;a href=&quot;x&quot;&gt;&amp;amp; 'q'  😀">&lt;a href=&quot;x&quot;&gt;&amp;amp; 'q'  😀</t>`,
    );
    assert.equal(xml`<t>${xml`<b/>`}${['a', 1, null, undefined, false]}</t>`.value, '<t><b/>a1</t>');
  });
});

describeEachDialect('feeds and catalog', (ctx) => {
  const HOSTILE = `Tide <script>alert("x")</script> & 'more' ]]> &amp; 😀`;

  async function setUp() {
    const ids: Record<string, number> = {};
    const add = async (title: string, overrides: Partial<ParsedWork> = {}) => {
      ids[title] = (
        await importWork(ctx.database, work(title, overrides), { path: `/f/${title}.txt`, hash: title })
      ).workId;
    };
    await add('Gull Rock');
    await add(HOSTILE, {
      creators: ['Marisol Vega'],
      summary: `Summary ${HOSTILE}`,
      tags: [
        { type: 'fandom', name: `Fandom ${HOSTILE}` },
        { type: 'freeform', name: 'Lighthouses' },
      ],
    });
    await add('Harbour Days', {
      tags: [
        { type: 'fandom', name: 'Original Work' },
        { type: 'relationship', name: 'Wren/Ada' },
      ],
    });
    await add('Unposted');
    await add('Members Only');
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', ids.Unposted!).execute();
    await ctx.database.db.updateTable('works').set({ restricted: 1 }).where('id', '=', ids['Members Only']!).execute();
    process.env.QUIRE_DOWNLOADS_DIR = 'off';
    const app = await testServer(ctx.database);
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { host: 'quire.test', ...headers } });
    return { ids, app, get };
  }

  test('a tag feed: an entry per readable work, with creators, dates, summary, tags as escaped HTML content', async () => {
    const { ids, get } = await setUp();
    const res = await get('/tags/Lighthouses/feed.atom');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
    const { feed, entries } = assertAtom(res.body);
    assert.equal(textOf(children(feed, 'id')[0]), 'http://quire.test/tags/Lighthouses/feed.atom');
    assert.equal(textOf(children(feed, 'title')[0]), 'Lighthouses | Quire');
    assert.ok(
      children(feed, 'link').some(
        (l) =>
          l.attribs.rel === 'alternate' &&
          l.attribs.href === 'http://quire.test/tags/Lighthouses' &&
          l.attribs.type === 'text/html',
      ),
    );
    const titles = entries.map((e) => textOf(children(e, 'title')[0]));
    assert.deepEqual(new Set(titles), new Set(['Gull Rock', HOSTILE]), 'no drafts, no restricted works');

    const hostile = entries.find((e) => textOf(children(e, 'title')[0]) === HOSTILE)!;
    assert.equal(textOf(children(children(hostile, 'author')[0]!, 'name')[0]), 'Marisol Vega');
    assert.ok(
      children(hostile, 'link').some(
        (l) => l.attribs.rel === 'alternate' && l.attribs.href === `http://quire.test/works/${ids[HOSTILE]}`,
      ),
    );
    assert.match(textOf(children(hostile, 'id')[0])!, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.match(textOf(children(hostile, 'published')[0])!, RFC3339);
    assert.equal(textOf(children(hostile, 'summary')[0]), `Summary ${HOSTILE}`);
    assert.ok(children(hostile, 'category').some((c) => c.attribs.term === `Fandom ${HOSTILE}`));
    const [content] = children(hostile, 'content');
    assert.equal(content!.attribs.type, 'html');
    // The content is HTML once unescaped from the XML, with the user's strings escaped within it.
    const contentHtml = textOf(content)!;
    assert.match(
      contentHtml,
      /<p>by <a href="http:\/\/quire.test\/works\/search\?q=creator%3A%22Marisol\+Vega%22">Marisol Vega<\/a><\/p>/,
    );
    assert.match(
      contentHtml,
      /<blockquote><p>Summary Tide &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;more&#39; \]\]&gt; &amp;amp; 😀<\/p><\/blockquote>/,
    );
    assert.match(contentHtml, /<dt>Fandom:<\/dt><dd><a href="http:\/\/quire.test\/tags\/Fandom%20Tide%20/);
    assert.match(
      contentHtml,
      /<dt>Additional Tags:<\/dt><dd><a href="http:\/\/quire.test\/tags\/Lighthouses">Lighthouses<\/a><\/dd>/,
    );
    assert.match(contentHtml, /Language: English · Words: \d+ · Chapters: 1\/1 · Complete/);
    assert.doesNotMatch(res.body, /<script/);

    assert.equal((await get('/tags/No%20Such%20Tag/feed.atom')).statusCode, 404);
    const etag = res.headers.etag as string;
    assert.equal((await get('/tags/Lighthouses/feed.atom', { 'if-none-match': etag })).statusCode, 304);
  });

  test('search, creator and series feeds', async () => {
    const { ids, get } = await setUp();
    const search = await get('/works/search/feed.atom?q=lighthouse&fandom=Original+Work');
    assert.equal(search.statusCode, 200);
    const { feed, entries } = assertAtom(search.body);
    assert.match(textOf(children(feed, 'title')[0])!, /^Search: .*Original Work.* \| Quire$/);
    assert.deepEqual(entries.map((e) => textOf(children(e, 'title')[0])).sort(), ['Gull Rock', 'Harbour Days']);
    assert.equal((await get('/works/search/feed.atom?words_from=many')).statusCode, 400);

    const creator = await get('/users/MARISOL%20VEGA/works/feed.atom');
    assert.equal(creator.statusCode, 200);
    const byCreator = assertAtom(creator.body);
    assert.equal(textOf(children(byCreator.feed, 'title')[0]), 'Works by Marisol Vega | Quire');
    assert.equal(textOf(children(byCreator.feed, 'id')[0]), 'http://quire.test/users/Marisol%20Vega/works/feed.atom');
    assert.deepEqual(
      byCreator.entries.map((e) => textOf(children(e, 'title')[0])),
      [HOSTILE],
    );
    assert.equal((await get('/users/nobody/works/feed.atom')).statusCode, 404);

    const series = await createSeries(ctx.database.db, { title: 'Harbour & Rock' });
    await addWorkToSeries(ctx.database.db, series, ids['Gull Rock']!, 1);
    await addWorkToSeries(ctx.database.db, series, ids['Harbour Days']!, 2);
    await addWorkToSeries(ctx.database.db, series, ids.Unposted!, 3);
    const bySeries = assertAtom((await get(`/series/${series}/feed.atom`)).body);
    assert.equal(textOf(children(bySeries.feed, 'title')[0]), 'Harbour & Rock | Quire');
    assert.deepEqual(bySeries.entries.map((e) => textOf(children(e, 'title')[0])).sort(), [
      'Gull Rock',
      'Harbour Days',
    ]);
    assert.equal((await get(`/series/${series + 1}/feed.atom`)).statusCode, 404);
  });

  test('OPDS: a navigation root, fandoms and tags by work count, acquisition feeds with downloads', async () => {
    const { ids, get } = await setUp();
    const root = await get('/opds');
    assert.equal(root.statusCode, 200);
    assert.equal(root.headers['content-type'], 'application/atom+xml;profile=opds-catalog;kind=navigation');
    const nav = assertAtom(root.body);
    const links = children(nav.feed, 'link');
    assert.ok(links.some((l) => l.attribs.rel === 'start' && l.attribs.href === 'http://quire.test/opds'));
    assert.ok(
      links.some(
        (l) =>
          l.attribs.rel === 'search' &&
          l.attribs.type === 'application/opensearchdescription+xml' &&
          l.attribs.href === 'http://quire.test/opds/opensearch.xml',
      ),
    );
    assert.ok(
      links.some(
        (l) => l.attribs.rel === 'search' && l.attribs.href === 'http://quire.test/opds/search?q={searchTerms}',
      ),
    );
    const targets = nav.entries.map((e) => [
      textOf(children(e, 'title')[0]),
      children(e, 'link')[0]!.attribs.rel,
      children(e, 'link')[0]!.attribs.type,
      children(e, 'link')[0]!.attribs.href,
    ]);
    assert.deepEqual(targets, [
      [
        'Recent works',
        'http://opds-spec.org/sort/new',
        'application/atom+xml;profile=opds-catalog;kind=acquisition',
        'http://quire.test/opds/recent',
      ],
      [
        'By fandom',
        'subsection',
        'application/atom+xml;profile=opds-catalog;kind=navigation',
        'http://quire.test/opds/fandoms',
      ],
      [
        'By tag',
        'subsection',
        'application/atom+xml;profile=opds-catalog;kind=navigation',
        'http://quire.test/opds/tags',
      ],
    ]);
    assert.equal((await get('/opds', { 'if-none-match': root.headers.etag as string })).statusCode, 304);

    const fandoms = assertAtom((await get('/opds/fandoms')).body);
    assert.deepEqual(
      fandoms.entries.map((e) => [textOf(children(e, 'title')[0]), textOf(children(e, 'content')[0])]),
      [
        ['Original Work', 'Fandom'],
        [`Fandom ${HOSTILE}`, 'Fandom'],
      ],
    );
    assert.equal(children(fandoms.entries[0]!, 'link')[0]!.attribs.href, 'http://quire.test/opds/tags/Original%20Work');
    const tags = assertAtom((await get('/opds/tags')).body);
    assert.deepEqual(
      tags.entries.map((e) => [textOf(children(e, 'title')[0]), textOf(children(e, 'content')[0])]),
      [
        ['Lighthouses', 'Additional Tag'],
        ['Wren/Ada', 'Relationship'],
      ],
    );
    assert.equal(children(tags.entries[1]!, 'link')[0]!.attribs.href, 'http://quire.test/opds/tags/Wren*s*Ada');

    const acquisition = await get('/opds/tags/Wren*s*Ada');
    assert.equal(acquisition.headers['content-type'], 'application/atom+xml;profile=opds-catalog;kind=acquisition');
    const acq = assertAtom(acquisition.body);
    assert.deepEqual(
      acq.entries.map((e) => textOf(children(e, 'title')[0])),
      ['Harbour Days'],
    );
    const entry = acq.entries[0]!;
    assert.equal(textOf(children(entry, 'dc:language')[0]), 'en');
    const downloads = children(entry, 'link').filter((l) => l.attribs.rel === 'http://opds-spec.org/acquisition');
    assert.deepEqual(
      downloads.map((l) => [l.attribs.type, l.attribs.href]),
      [
        [
          'application/epub+zip',
          `http://quire.test/downloads/works/${ids['Harbour Days']}/Harbour_Days-work-${ids['Harbour Days']}.epub`,
        ],
        [
          'text/html',
          `http://quire.test/downloads/works/${ids['Harbour Days']}/Harbour_Days-work-${ids['Harbour Days']}.html`,
        ],
      ],
    );
    const epub = await get(new URL(downloads[0]!.attribs.href!).pathname);
    assert.equal(epub.statusCode, 200);
    assert.equal(epub.headers['content-type'], 'application/epub+zip');
    assert.equal((await get('/opds/tags/Nothing')).statusCode, 404);
  });

  test('OPDS search and paging: the query-box grammar, rel="next" with keyset cursors, no work twice', async () => {
    const { get } = await setUp();
    const osd = await get('/opds/opensearch.xml');
    assert.equal(osd.headers['content-type'], 'application/opensearchdescription+xml');
    const doc = parseXml(osd.body);
    const [desc] = children(doc, 'OpenSearchDescription');
    assert.equal(desc!.attribs.xmlns, 'http://a9.com/-/spec/opensearch/1.1/');
    assert.equal(textOf(children(desc!, 'ShortName')[0]), 'Quire');
    assert.deepEqual(
      children(desc!, 'Url').map((u) => [u.attribs.type, u.attribs.template]),
      [
        ['application/atom+xml;profile=opds-catalog;kind=acquisition', 'http://quire.test/opds/search?q={searchTerms}'],
        ['text/html', 'http://quire.test/works/search?q={searchTerms}'],
      ],
    );

    const found = assertAtom((await get(`/opds/search?q=${encodeURIComponent('lighthouse -tag:"Wren/Ada"')}`)).body);
    assert.deepEqual(found.entries.map((e) => textOf(children(e, 'title')[0])).sort(), ['Gull Rock', HOSTILE].sort());

    for (let i = 0; i < 26; i++)
      await importWork(ctx.database, work(`Filler ${i}`), { path: `/f/filler-${i}.txt`, hash: `filler-${i}` });
    const seen: string[] = [];
    let url: string | null = '/opds/recent';
    let pages = 0;
    while (url) {
      const { feed, entries } = assertAtom((await get(url)).body);
      seen.push(...entries.map((e) => textOf(children(e, 'id')[0])!));
      const next = children(feed, 'link').find((l) => l.attribs.rel === 'next');
      assert.ok(!next || next.attribs.type === 'application/atom+xml;profile=opds-catalog;kind=acquisition');
      url = next ? new URL(next.attribs.href!).pathname + new URL(next.attribs.href!).search : null;
      pages++;
    }
    assert.equal(pages, 2);
    assert.equal(seen.length, 29, 'every readable work once: 3 + 26');
    assert.equal(new Set(seen).size, seen.length);
  });
});

// End to end: what a reader mutes, blocklists and hides vanishes from searchWorks (every listing
// goes through it) for that reader only, including through synonyms, meta tags and series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { emptyQuery } from '../search/query.ts';
import { parseQuery } from '../search/query-parser.ts';
import { searchWorks } from '../search/search.service.ts';
import { findOrCreateTag } from '../tags/tags.repo.ts';
import { tagListing } from '../tags/tags.service.ts';
import { makeSynonym, setCanonical, setParent } from '../tags/wrangling.service.ts';
import { addBlock, removeBlock } from './blocks.service.ts';
import { CurationError } from './curation-error.ts';
import * as hidden from './hidden.service.ts';
import * as blocklist from './tag-blocklist.service.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, makeSeries } from '../testing/works.ts';

async function titles(database: Database, viewer: SignedIn | null, q = ''): Promise<string[]> {
  const query = q ? parseQuery(q).query : emptyQuery();
  query.sort = { field: 'title', direction: 'asc' };
  return (await searchWorks(database, query, { viewerId: viewer?.id ?? null, facets: false })).works
    .map((w) => w.title)
    .sort();
}

describeEachDialect('curation filters listings', (ctx) => {
  async function archive() {
    const db = ctx.database;
    const ash = await makeUser(db, 'ash');
    const birch = await makeUser(db, 'birch');
    const wren = await makeUser(db, 'wren');
    const other = await makeUser(db, 'other');
    const ids = {
      ashFluff: (await makeWork(db, { title: 'A Fluff by Ash', creator: ash, tags: [['freeform', 'Fluff']] })).workId,
      fluffy: (await makeWork(db, { title: 'B fluffy by Birch', creator: birch, tags: [['freeform', 'fluffy']] }))
        .workId,
      mcu: (
        await makeWork(db, {
          title: 'C Marvel Cinematic Universe',
          creator: birch,
          tags: [['fandom', 'Marvel Cinematic Universe']],
        })
      ).workId,
      plain: (await makeWork(db, { title: 'D Plain', creator: birch, tags: [['fandom', 'Sherlock (TV)']] })).workId,
      part1: (await makeWork(db, { title: 'E Series part one', creator: birch })).workId,
      part2: (await makeWork(db, { title: 'F Series part two', creator: birch })).workId,
    };
    const seriesId = await makeSeries(db, 'The Series', [ids.part1, ids.part2]);
    await setCanonical(db, 'Fluff', true);
    await makeSynonym(db, 'fluffy', 'Fluff');
    await findOrCreateTag(db.db, 'fandom', 'Marvel', true);
    await setParent(db, 'Marvel Cinematic Universe', 'Marvel', true);
    return { ash, birch, wren, other, ids, seriesId };
  }
  const ALL = [
    'A Fluff by Ash',
    'B fluffy by Birch',
    'C Marvel Cinematic Universe',
    'D Plain',
    'E Series part one',
    'F Series part two',
  ];

  test('a muted creator’s works vanish for the reader who muted them, and come back when unmuted', async () => {
    const db = ctx.database;
    const { wren, other } = await archive();
    await addBlock(db, wren, 'ash', 'mute');
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => !t.includes('Ash')),
    );
    assert.deepEqual(await titles(db, wren, 'tag:Fluff'), ['B fluffy by Birch']);
    assert.deepEqual(await titles(db, other), ALL, 'another reader still sees them');
    assert.deepEqual(await titles(db, null), ALL, 'so do guests');
    await addBlock(db, wren, 'birch', 'block');
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => !t.includes('Ash')),
      'blocking is not muting: their works stay',
    );
    await removeBlock(db, wren, 'ash', 'mute');
    assert.deepEqual(await titles(db, wren), ALL);
  });

  test('the tag blocklist: a synonym blocks its canonical tag and all its synonyms; a meta tag blocks the tags under it', async () => {
    const db = ctx.database;
    const { wren, other } = await archive();
    const r = await blocklist.blockTag(db, wren, 'FLUFFY');
    assert.equal(r.tag.name, 'Fluff');
    assert.equal(r.synonym?.name, 'fluffy');
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => !/fluff/i.test(t)),
      'Fluff and its synonym fluffy are both gone',
    );
    await blocklist.blockTag(db, wren, 'Marvel');
    assert.deepEqual(
      await titles(db, wren),
      ['D Plain', 'E Series part one', 'F Series part two'],
      'Marvel Cinematic Universe is under Marvel',
    );
    assert.deepEqual(await titles(db, wren, 'fandom:"Marvel Cinematic Universe"'), []);
    const listing = await tagListing(db, 'Marvel Cinematic Universe', { limit: 20, viewerId: wren.id });
    assert.deepEqual(listing?.kind === 'listing' ? listing.works : 'not a listing', [], "the tag's own page too");
    assert.deepEqual(await titles(db, other), ALL);
    assert.deepEqual(
      (await blocklist.blockedTagsOf(db, wren)).map((t) => t.name),
      ['Marvel', 'Fluff'],
      'fandoms first, then other tags',
    );
    assert.deepEqual(await blocklist.blockedTagsOf(db, other), []);
    await blocklist.unblockTag(db, wren, r.tag.id);
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => !t.includes('Marvel')),
    );
  });

  test('the blocklist takes only tags that exist, and at most 200', async () => {
    const db = ctx.database;
    const { wren, ash } = await archive();
    await assert.rejects(blocklist.blockTag(db, wren, 'No Such Tag'), /there is no tag named 'No Such Tag'/);
    await assert.rejects(blocklist.blockTag(db, wren, '  '), /enter the name of a tag/);
    assert.equal((await blocklist.blockTag(db, wren, 'Fluff')).created, true);
    assert.equal((await blocklist.blockTag(db, wren, 'fluffy')).created, false, 'the same canonical tag');
    const at = new Date().toISOString();
    const made = await db.db
      .insertInto('tags')
      .values(
        Array.from({ length: blocklist.MAX_BLOCKED_TAGS }, (_, i) => ({
          name: `Bulk ${i}`,
          name_key: `bulk ${i}`,
          type: 'freeform',
          canonical: 1 as const,
          synonym_of: null,
          created_at: at,
        })),
      )
      .returning('id')
      .execute();
    await db.db
      .insertInto('tag_blocklist')
      .values(made.slice(1).map((t) => ({ user_id: wren.id, tag_id: t.id })))
      .execute();
    await assert.rejects(blocklist.blockTag(db, wren, 'Bulk 0'), /has 200 tags, the most it can hold/);
    assert.equal((await blocklist.blockTag(db, ash, 'Bulk 0')).created, true, 'the cap is per reader');

    // Wrangled after it was blocked: the entry names its new canonical tag so the reader can follow.
    await makeWork(db, { title: 'Angsty', tags: [['freeform', 'angsty']] });
    await blocklist.blockTag(db, ash, 'angsty');
    await findOrCreateTag(db.db, 'freeform', 'Angst', true);
    await makeSynonym(db, 'angsty', 'Angst');
    assert.deepEqual(
      (await blocklist.blockedTagsOf(db, ash)).map((t) => [t.name, t.synonymOf]),
      [
        ['angsty', 'Angst'],
        ['Bulk 0', null],
      ],
    );
  });

  test('a hidden work, and every work of a hidden series, vanish for that reader only', async () => {
    const db = ctx.database;
    const { wren, other, ids, seriesId } = await archive();
    assert.equal((await hidden.hide(db, wren, { workId: ids.plain })).created, true);
    assert.equal((await hidden.hide(db, wren, { workId: ids.plain })).created, false, 'twice is once');
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => t !== 'D Plain'),
    );
    await hidden.hide(db, wren, { seriesId });
    assert.deepEqual(await titles(db, wren), ['A Fluff by Ash', 'B fluffy by Birch', 'C Marvel Cinematic Universe']);
    assert.deepEqual(await titles(db, other), ALL);
    assert.deepEqual(await titles(db, null), ALL);

    const lists = await hidden.hiddenOf(db, wren);
    assert.deepEqual(
      lists.works.map((w) => w.title),
      ['D Plain'],
    );
    assert.deepEqual(
      lists.series.map((s) => s.title),
      ['The Series'],
    );
    assert.deepEqual(await hidden.hiddenOf(db, other), { works: [], series: [] });
    assert.deepEqual(await hidden.hiddenStateOfWork(db, wren.id, ids.part1), {
      work: false,
      series: [{ id: seriesId, title: 'The Series', hidden: true }],
    });
    assert.equal(await hidden.isHidden(db.db, wren.id, { workId: ids.plain }), true);

    assert.equal(await hidden.unhide(db, wren, { seriesId }), true);
    assert.equal(await hidden.unhide(db, wren, { seriesId }), false);
    assert.equal(await hidden.unhide(db, other, { workId: ids.plain }), false, "one reader cannot unhide another's");
    assert.deepEqual(
      await titles(db, wren),
      ALL.filter((t) => t !== 'D Plain'),
    );
  });

  test('only works the reader can see, and series that exist, can be hidden', async () => {
    const db = ctx.database;
    const { wren, ash } = await archive();
    const draft = await makeWork(db, { title: 'Draft', creator: ash, draft: true });
    const notFound = (e: unknown) => e instanceof CurationError && e.status === 404;
    await assert.rejects(hidden.hide(db, wren, { workId: draft.workId }), notFound);
    await assert.rejects(hidden.hide(db, wren, { workId: 999_999 }), notFound);
    await assert.rejects(hidden.hide(db, wren, { seriesId: 999_999 }), notFound);
  });
});

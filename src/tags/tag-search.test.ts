import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { TAGS_PAGE, searchTags, type TagSearchInput } from './tag-search.service.ts';
import { makeSynonym, setCanonical, setParent } from './wrangling.service.ts';

describeEachDialect('tag search', (ctx) => {
  async function world() {
    await makeWork(ctx.database, {
      title: 'Harbour',
      tags: [
        ['fandom', 'Harbour Tales'],
        ['character', 'Odile Marin'],
        ['relationship', 'Odile Marin/Marguerite'],
        ['freeform', 'Ferry Rides'],
      ],
    });
    await makeWork(ctx.database, {
      title: 'Harbour, members only',
      restricted: true,
      tags: [
        ['fandom', 'Harbour Tales'],
        ['character', 'Odile Marin'],
      ],
    });
    await makeWork(ctx.database, { title: 'Elsewhere', tags: [['character', 'Odile (Elsewhere)']] });
    await makeWork(ctx.database, { title: 'Unposted', draft: true, tags: [['freeform', 'Odile Secret Plot']] });
    await makeWork(ctx.database, { title: 'Nickname', tags: [['character', 'Odi']] });
    await setCanonical(ctx.database, 'Harbour Tales', true);
    await setCanonical(ctx.database, 'Odile Marin', true);
    await makeSynonym(ctx.database, 'Odi', 'Odile Marin');
    await setParent(ctx.database, 'Odile Marin', 'Harbour Tales', true);
  }

  const found = async (viewer: Awaited<ReturnType<typeof makeUser>> | null, input: TagSearchInput) =>
    (await searchTags(ctx.database, viewer, input)).tags.map(
      (t) => `${t.name} [${t.type}${t.canonical ? ', canonical' : ''}] ${t.works}`,
    );

  test('by name, type, canonical flag and fandom, with the works a viewer can find', async () => {
    await world();
    const reader = await makeUser(ctx.database, 'reader');
    // Names that begin with the text before names that hold it; a tag only a draft carries never.
    assert.deepEqual(await found(null, { text: 'ODI' }), [
      'Odi [character] 2',
      'Odile (Elsewhere) [character] 1',
      'Odile Marin [character, canonical] 2',
      'Odile Marin/Marguerite [relationship] 1',
    ]);
    assert.deepEqual(await found(reader, { text: 'odile marin', canonicalOnly: true }), [
      'Odile Marin [character, canonical] 3',
    ]);
    assert.deepEqual(await found(null, { text: 'marin', type: 'relationship' }), [
      'Odile Marin/Marguerite [relationship] 1',
    ]);
    assert.deepEqual(await found(reader, { fandom: 'harbour tales' }), [
      'Odi [character] 3',
      'Odile Marin [character, canonical] 3',
    ]);
    assert.deepEqual(await found(null, { text: 'secret' }), []);
    assert.deepEqual(await found(null, { text: '%' }), []);
    const noFandom = await searchTags(ctx.database, null, { fandom: 'Odile Marin' });
    assert.deepEqual(noFandom.notices, ["no fandom is named 'Odile Marin' in this archive"]);
    assert.equal((await searchTags(ctx.database, null, {})).asked, false);
    assert.equal((await searchTags(ctx.database, null, { type: 'not-a-type' })).asked, false);
  });

  test('pages through many tags', async () => {
    await makeWork(ctx.database, {
      tags: Array.from({ length: TAGS_PAGE + 2 }, (_, i): [string, string] => [
        'freeform',
        `Lantern ${String(i).padStart(2, '0')}`,
      ]),
    });
    const first = await searchTags(ctx.database, null, { text: 'lantern' });
    assert.equal(first.total, TAGS_PAGE + 2);
    assert.equal(first.hasNext, true);
    const second = await searchTags(ctx.database, null, { text: 'lantern', page: 2 });
    assert.deepEqual(
      second.tags.map((t) => t.name),
      [`Lantern ${TAGS_PAGE}`, `Lantern ${TAGS_PAGE + 1}`],
    );
  });

  test('the page and its JSON twin escape tag names', async () => {
    await world();
    await makeWork(ctx.database, { tags: [['freeform', '<script>alert(1)</script>']] });
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      const page = await guest.get('/tags/search?q=%3Cscript');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, />&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/a>/);
      assert.match(page.body, /1 tag found/);
      const canon = await guest.get('/tags/search?q=odile&canonical=1&type=character');
      assert.match(
        canon.body,
        /<a href="\/tags\/Odile%20Marin">Odile Marin<\/a>\s*<span class="muted">· Character · canonical · 2 works<\/span>/,
      );
      assert.match(canon.body, /<option value="character" selected>/);
      assert.equal((await guest.get('/tags/search?type=x&page=abc&q=a&q=b')).statusCode, 200);
      assert.equal((await guest.get('/tags/Harbour%20Tales')).statusCode, 200, 'tag pages keep their addresses');
      const json = JSON.parse((await guest.get('/api/v1/tags/search?fandom=Harbour+Tales')).body);
      assert.deepEqual(
        json.tags.map((t: { name: string; canonical: boolean; works: number }) => [t.name, t.canonical, t.works]),
        [
          ['Odi', false, 2],
          ['Odile Marin', true, 2],
        ],
      );
    } finally {
      await app.close();
    }
  });
});

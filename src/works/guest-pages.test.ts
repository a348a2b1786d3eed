// Guests' work and chapter pages kept in memory (guest-pages.ts): one rendering serves every guest
// who asks for the same page, and only until something the page shows changes; each guest still
// gets their own CSRF token, their own kudos state and the hit count of now; a signed-in reader
// never gets a kept page and no guest ever gets a signed-in reader's; a change made through
// another server on the same database is seen at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/database.ts';
import { countingStatements, describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';
import { flushHits } from '../community/hits.service.ts';
import { postComment } from '../community/comments.service.ts';
import { leaveKudos } from '../community/kudos.service.ts';
import { addBlock } from '../curation/blocks.service.ts';
import { editChapter, orphanWork } from './posting.service.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../web/auth.ts';
import { startSession } from '../accounts/accounts.service.ts';

interface Visit {
  status: number;
  body: string;
  /** Whether the page was rendered for this request (its chapters read) rather than kept. */
  rendered: boolean;
  token: string | undefined;
}

/** A GET as a guest at `address` (with their CSRF cookie when they have one) or with a session. */
async function visit(
  app: FastifyInstance,
  statements: string[],
  url: string,
  who: { address?: string; csrf?: string; session?: string; headers?: Record<string, string> } = {},
): Promise<Visit & { raw: Buffer; headers: Record<string, unknown> }> {
  statements.length = 0;
  const cookie = [
    who.csrf ? `${CSRF_COOKIE}=${who.csrf}` : '',
    who.session ? `${SESSION_COOKIE}=${who.session}` : '',
  ].filter(Boolean);
  const res = await app.inject({
    method: 'GET',
    url,
    remoteAddress: who.address ?? '127.0.0.1',
    headers: { ...(cookie.length ? { cookie: cookie.join('; ') } : {}), ...who.headers },
  });
  const token = res.cookies.find((c) => c.name === CSRF_COOKIE)?.value ?? who.csrf;
  return {
    status: res.statusCode,
    body: res.body,
    raw: res.rawPayload,
    headers: res.headers,
    rendered: statements.some((s) => /from "chapters"/.test(s)),
    token,
  };
}

/** A posted work of `chapters` chapters that asks no one their age, and the server, its statements counted. */
async function servedWork(database: Database, chapters: number) {
  const { workId, chapterIds } = await makeWork(database, { chapters, rating: 'General Audiences' });
  const counted = countingStatements(database);
  return { workId, chapterIds, ...counted, app: await testServer(counted.database) };
}

const hitsShown = (body: string) => Number(/<dt>Hits<\/dt><dd>([\d,]+)<\/dd>/.exec(body)?.[1]?.replaceAll(',', ''));

describeEachDialect("guests' kept pages", (ctx) => {
  test('one rendering serves every guest until a change the page shows, then the new page', async () => {
    const writer = await makeUser(ctx.database, 'tern');
    const reader = await makeUser(ctx.database, 'plover');
    const { workId, chapterIds } = await makeWork(ctx.database, {
      title: 'Low Tide',
      chapters: 2,
      creator: writer,
      tags: [['freeform', 'Found Family']],
      rating: 'General Audiences',
    });
    const { database, statements } = countingStatements(ctx.database);
    const app = await testServer(database);
    try {
      for (const url of [`/works/${workId}`, `/works/${workId}/chapters/2`, `/works/${workId}?view_full_work=true`]) {
        const first = await visit(app, statements, url, { address: '10.0.0.1' });
        assert.equal(first.status, 200);
        const second = await visit(app, statements, url, { address: '10.0.0.2' });
        assert.equal(second.rendered, false, `${url}: the second guest gets the kept page`);
        assert.notEqual(second.token, first.token);
        assert.ok(second.body.includes(`value="${second.token}"`), 'with their own CSRF token');
        assert.ok(!second.body.includes(first.token!), "and never the first guest's");
        const same = (page: Visit) =>
          page.body.replaceAll(page.token!, 'TOKEN').replace(/(<dt>Hits<\/dt><dd>)[\d,]+/, '$1');
        assert.equal(same(second), same(first), 'the same page otherwise (the hit count is of each request)');
      }

      const url = `/works/${workId}/chapters/2`;
      let address = 10;
      const changes: [what: string, change: () => Promise<unknown>, shows: RegExp][] = [
        [
          'the writer edits the chapter',
          () =>
            editChapter(database, writer, workId, 2, {
              title: 'The Edited Chapter',
              text: 'Rewritten at low tide.',
              notesBeginning: '',
              notesEnd: '',
            }),
          /Rewritten at low tide\./,
        ],
        ['a reader leaves kudos', () => leaveKudos(database, { user: reader, address: '10.9.9.9' }, workId), /plover/],
        [
          'a reader comments',
          () =>
            postComment(
              database,
              { user: reader, address: '10.9.9.9' },
              { workId, chapterId: chapterIds[1]!, body: 'The tide came in.' },
            ),
          /The tide came in\./,
        ],
        [
          // Quire's wrangling has no rename yet; a tag's name changed in its row is what one would do.
          'a wrangler renames the tag',
          () => sql`UPDATE tags SET name = 'Found Family (Renamed)' WHERE name = 'Found Family'`.execute(database.db),
          /Found Family \(Renamed\)/,
        ],
        ['the writer orphans the work', () => orphanWork(database, writer, workId), /orphan_account/],
      ];
      for (const [what, change, shows] of changes) {
        const before = await visit(app, statements, url, { address: `10.1.0.${address++}` });
        assert.equal(before.rendered, false, `kept before ${what}`);
        assert.doesNotMatch(before.body, shows, `not shown before ${what}`);
        await change();
        const after = await visit(app, statements, url, { address: `10.1.0.${address++}` });
        assert.equal(after.rendered, true, `rendered anew after ${what}`);
        assert.match(after.body, shows, `the new page shows it (${what})`);
        assert.equal((await visit(app, statements, url, { address: `10.1.0.${address++}` })).rendered, false);
      }

      // Restricted to signed-in readers: the kept page is no longer anyone's.
      await sql`UPDATE works SET restricted = 1 WHERE id = ${workId}`.execute(database.db);
      assert.equal((await visit(app, statements, url, { address: '10.2.0.1' })).status, 401);
      await sql`UPDATE works SET restricted = 0, hidden_by_admin = 1 WHERE id = ${workId}`.execute(database.db);
      assert.equal((await visit(app, statements, url, { address: '10.2.0.2' })).status, 404);
    } finally {
      await app.close();
    }
  });

  test("no guest gets a signed-in reader's page, and no reader a guest's; mutes and blocks stay the reader's", async () => {
    const writer = await makeUser(ctx.database, 'heron');
    const reader = await makeUser(ctx.database, 'egret');
    const noisy = await makeUser(ctx.database, 'gull');
    const { workId, chapterIds } = await makeWork(ctx.database, { chapters: 1, creator: writer, rating: 'Not Rated' });
    await postComment(
      ctx.database,
      { user: noisy, address: '10.3.0.1' },
      {
        workId,
        chapterId: chapterIds[0]!,
        body: 'Loud opinions here.',
      },
    );
    const { database, statements } = countingStatements(ctx.database);
    const app = await testServer(database);
    try {
      const url = `/works/${workId}?view_adult=true`;
      const session = await startSession(ctx.database, reader.id);
      const readerPage = async () => {
        const page = await visit(app, statements, url, { session, csrf: 'a'.repeat(32) });
        assert.equal(page.status, 200);
        assert.equal(page.rendered, true, "a signed-in reader's page is always their own rendering");
        assert.match(page.body, /egret/);
        assert.match(page.body, /Sign out/);
        assert.ok(!page.body.includes('a'.repeat(32)), 'their token is their session’s, not a cookie’s');
        return page.body;
      };
      const guestPage = async (address: string) => {
        const page = await visit(app, statements, url, { address });
        assert.equal(page.status, 200);
        assert.doesNotMatch(page.body, /egret|Sign out|Mark for Later|Subscribe/);
        assert.match(page.body, /Loud opinions here\./);
        assert.match(page.body, /Sign in/);
        return page;
      };

      await readerPage();
      assert.equal((await guestPage('10.3.0.2')).rendered, true, "the reader's visit kept nothing for guests");
      assert.equal((await guestPage('10.3.0.3')).rendered, false);
      await readerPage();

      // The reader mutes the commenter; the writer blocks the reader. Neither is a guest's concern.
      await addBlock(ctx.database, reader, 'gull', 'mute');
      await addBlock(ctx.database, writer, 'egret', 'block');
      const muted = await readerPage();
      assert.doesNotMatch(muted, /Loud opinions here\./, 'muted for the reader');
      assert.match(muted, /blocked/, 'and the reader is told they may not comment');
      const guest = await guestPage('10.3.0.4');
      assert.equal(guest.rendered, false, 'guests keep the same page: nothing they see changed');
      assert.doesNotMatch(guest.body, /blocked/);
    } finally {
      await app.close();
    }
  });

  test("each guest's own kudos state and token, and the hit count of now, in a kept page", async () => {
    const reader = await makeUser(ctx.database, 'dunlin');
    const { workId, database, statements, app } = await servedWork(ctx.database, 1);
    const url = `/works/${workId}`;
    try {
      const first = await visit(app, statements, url, { address: '10.4.0.1' });
      const shown = hitsShown(first.body);
      // Views are counted in a batch, written within a second or as the server closes; once
      // written, the kept page shows the count.
      for (let i = 2; i <= 4; i++)
        assert.equal((await visit(app, statements, url, { address: `10.4.0.${i}` })).rendered, false);
      await visit(app, statements, url, { session: await startSession(ctx.database, reader.id) });
      await flushHits(database);
      const kept = await visit(app, statements, url, { address: '10.4.0.5' });
      assert.equal(kept.rendered, false);
      assert.ok(hitsShown(kept.body) > shown, 'the kept page shows the count as it is now');

      await leaveKudos(database, { user: null, address: '10.4.0.1' }, workId);
      const giver = await visit(app, statements, url, { address: '10.4.0.1', csrf: first.token });
      assert.match(giver.body, /You left kudos on this work/);
      assert.ok(giver.body.includes(first.token!));
      const other = await visit(app, statements, url, { address: '10.4.0.2' });
      assert.doesNotMatch(other.body, /You left kudos/);
      assert.match(other.body, /action="\/works\/\d+\/kudos"/, 'another guest may still leave theirs');
      assert.match(other.body, /1 guest/);
      // Both kept: each kind of guest is served from memory from now on.
      assert.equal((await visit(app, statements, url, { address: '10.4.0.1' })).rendered, false);
      assert.equal((await visit(app, statements, url, { address: '10.4.0.3' })).rendered, false);
    } finally {
      await app.close();
    }
    // Six visitors in all (five guests, one reader), each counted once, every view written.
    assert.equal((await workCounts(ctx.database, workId)).hits, 6);
  });

  test("a change to one work's page keeps every other work's; a change many pages show renders them anew", async () => {
    const reader = await makeUser(ctx.database, 'curlew');
    const { workId: quiet } = await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    const { workId: busy, chapterIds } = await makeWork(ctx.database, { chapters: 1, rating: 'General Audiences' });
    const { database, statements } = countingStatements(ctx.database);
    const app = await testServer(database);
    try {
      let n = 0;
      const rendered = async (workId: number) =>
        (await visit(app, statements, `/works/${workId}`, { address: `10.7.0.${++n}` })).rendered;
      await rendered(quiet);
      await rendered(busy);
      await postComment(
        database,
        { user: reader, address: '10.7.1.1' },
        {
          workId: busy,
          chapterId: chapterIds[0]!,
          body: 'Only this work changed.',
        },
      );
      await leaveKudos(database, { user: reader, address: '10.7.1.1' }, busy);
      assert.equal(await rendered(quiet), false, 'the other work stays kept');
      assert.equal(await rendered(busy), true);
      assert.equal(await rendered(busy), false);
      // An account's name is shown on many works' pages (bylines, kudos, comments).
      await sql`UPDATE users SET username = 'whimbrel' WHERE id = ${reader.id}`.execute(database.db);
      assert.equal(await rendered(quiet), true);
      const page = await visit(app, statements, `/works/${busy}`, { address: '10.7.2.1' });
      assert.equal(page.rendered, true);
      assert.match(page.body, /whimbrel/);
    } finally {
      await app.close();
    }
  });

  test('gzip when asked for: the kept page compressed, the same page once inflated', async () => {
    const { workId, statements, app } = await servedWork(ctx.database, 2);
    try {
      const url = `/works/${workId}`;
      const plain = await visit(app, statements, url, { address: '10.5.0.1' });
      assert.equal(plain.headers['content-encoding'], undefined);
      const gzip = await visit(app, statements, url, {
        address: '10.5.0.1',
        csrf: plain.token,
        headers: { 'accept-encoding': 'br, gzip;q=0.8' },
      });
      assert.equal(gzip.rendered, false);
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(gzip.headers.vary, 'Cookie, Accept-Encoding');
      assert.equal(gzip.headers.etag, plain.headers.etag);
      assert.ok(gzip.raw.length * 2 < plain.raw.length);
      const again = await visit(app, statements, url, { address: '10.5.0.1', csrf: plain.token });
      assert.equal(gunzipSync(gzip.raw).toString(), again.body);
    } finally {
      await app.close();
    }
  });

  test('other query parameters, and a cache of 0 MB, render every request', async () => {
    const { workId, database, statements, app } = await servedWork(ctx.database, 1);
    const before = process.env.QUIRE_PAGE_CACHE_MB;
    process.env.QUIRE_PAGE_CACHE_MB = '0';
    const off = await testServer(database);
    if (before === undefined) delete process.env.QUIRE_PAGE_CACHE_MB;
    else process.env.QUIRE_PAGE_CACHE_MB = before;
    try {
      for (let i = 0; i < 2; i++) {
        assert.equal((await visit(app, statements, `/works/${workId}?utm_source=feed`)).rendered, true);
        assert.equal((await visit(off, statements, `/works/${workId}`)).rendered, true);
      }
      assert.equal((await visit(app, statements, `/works/${workId}?view_adult=true`)).rendered, true);
      assert.equal((await visit(app, statements, `/works/${workId}?view_adult=true`)).rendered, false);
    } finally {
      await app.close();
      await off.close();
    }
  });

  test('a change through another server on the same database reaches the kept page at once', async () => {
    const { workId, chapterIds, statements, app: here } = await servedWork(ctx.database, 1);
    const other = await openDatabase(ctx.url);
    const there = await testServer(other);
    try {
      const url = `/works/${workId}`;
      await visit(here, statements, url, { address: '10.6.0.1' });
      assert.equal((await visit(here, statements, url, { address: '10.6.0.2' })).rendered, false);
      const commenter = new TestBrowser(there);
      const posted = await commenter.post(`/works/${workId}/comments`, {
        chapter_id: String(chapterIds[0]),
        body: 'Posted through the other server.',
        guest_name: 'Sandpiper',
      });
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
      const after = await visit(here, statements, url, { address: '10.6.0.3' });
      assert.equal(after.rendered, true);
      assert.match(after.body, /Posted through the other server\./);
    } finally {
      await here.close();
      await there.close();
      await other.close();
    }
  });
});

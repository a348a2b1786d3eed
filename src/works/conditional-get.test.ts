// A guest who already holds a work or chapter page is answered 304 Not Modified, without the work
// being read or rendered, and only while nothing the page shows has changed: every kind of change
// a page shows turns the next request into the full, new page. A tag is this guest's alone: no
// other guest, no signed-in reader and no other page is ever answered with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { countingStatements, describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork, workCounts } from '../testing/works.ts';
import { flushHits } from '../community/hits.service.ts';
import { postComment } from '../community/comments.service.ts';
import { leaveKudos } from '../community/kudos.service.ts';
import { SESSION_COOKIE } from '../web/auth.ts';
import { startSession } from '../accounts/accounts.service.ts';

/** A GET as this browser, sending its cookies and the given If-None-Match. */
async function conditional(app: FastifyInstance, who: TestBrowser, url: string, etag: string) {
  const cookie = [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({ method: 'GET', url, headers: { cookie, 'if-none-match': etag } });
}

/** The page in full, its validator checked: a guest's, private to their browser. */
async function fullPage(who: TestBrowser, url: string): Promise<{ body: string; etag: string }> {
  const res = await who.get(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
  const etag = String(res.headers.etag);
  assert.match(etag, /^W\/"\d+\.\d+-[0-9a-f]{32}"$/);
  assert.equal(res.headers['cache-control'], 'private, no-cache');
  return { body: res.body, etag };
}

describeEachDialect('conditional GETs of work pages', (ctx) => {
  test('304 while nothing shown changes; every change a page shows gives the new page, a hit does not', async () => {
    const writer = await makeUser(ctx.database, 'quill');
    const { workId, chapterIds } = await makeWork(ctx.database, {
      title: 'The Salt Road',
      chapters: 2,
      creator: writer,
      tags: [['freeform', 'Slow Burn']],
      rating: 'General Audiences',
    });
    // Made first: a new account is a change (a page may show its name).
    const visitors = [await makeUser(ctx.database, 'visitor1'), await makeUser(ctx.database, 'visitor2')];
    const app = await testServer(ctx.database);
    try {
      const guest = new TestBrowser(app);
      for (const url of [`/works/${workId}`, `/works/${workId}/chapters/2`]) {
        let { etag } = await fullPage(guest, url);
        const changes: [what: string, change: () => Promise<unknown>, shows: RegExp][] = [
          [
            'a guest leaves kudos',
            () => leaveKudos(ctx.database, { user: null, address: `10.0.0.${url.length}` }, workId),
            /guest|kudos/i,
          ],
          [
            'a reader comments',
            async () => {
              const reader = await makeUser(ctx.database, `reader${url.length}`);
              await postComment(
                ctx.database,
                { user: reader, address: '10.1.2.3' },
                {
                  workId,
                  chapterId: url.includes('chapters') ? chapterIds[1]! : chapterIds[0]!,
                  body: `A comment on ${url}`,
                },
              );
            },
            new RegExp(`A comment on ${url}`),
          ],
          [
            'the writer edits the text',
            () => sql`UPDATE chapters SET html = ${`<p>Rewritten for ${url}</p>`}`.execute(ctx.database.db),
            new RegExp(`Rewritten for ${url}`),
          ],
          [
            'a wrangler renames a tag',
            () =>
              sql`UPDATE tags SET name = ${`Slow Burn ${url}`} WHERE name LIKE 'Slow Burn%'`.execute(ctx.database.db),
            new RegExp(`Slow Burn ${url}`),
          ],
          [
            'the writer renames their pseud',
            () =>
              sql`UPDATE pseuds SET name = ${`quill${url.length}`} WHERE user_id = ${writer.id}`.execute(
                ctx.database.db,
              ),
            new RegExp(`quill${url.length}`),
          ],
          [
            'the writer edits the summary',
            () =>
              sql`UPDATE works SET summary = ${`Summed up for ${url}`} WHERE id = ${workId}`.execute(ctx.database.db),
            new RegExp(`Summed up for ${url}`),
          ],
        ];
        for (const [what, change, shows] of changes) {
          assert.equal((await conditional(app, guest, url, etag)).statusCode, 304, `${url}: 304 before ${what}`);
          await change();
          const res = await conditional(app, guest, url, etag);
          assert.equal(res.statusCode, 200, `${url}: the page in full after ${what}`);
          assert.match(res.body, shows, `${url}: the new page shows what changed (${what})`);
          assert.notEqual(res.headers.etag, etag);
          etag = String(res.headers.etag);
        }

        // A signed-in reader's visit counts a hit and writes their history: nothing a guest's page
        // shows but the hit count, which may lag in a page the guest reloads.
        await flushHits(ctx.database);
        const hitsBefore = (await workCounts(ctx.database, workId)).hits;
        const token = await startSession(ctx.database, visitors.pop()!.id);
        const visit = await app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        assert.equal(visit.statusCode, 200);
        assert.equal(visit.headers.etag, undefined, "a signed-in reader's page has no validator");
        await flushHits(ctx.database);
        assert.equal((await workCounts(ctx.database, workId)).hits, hitsBefore + 1);
        assert.equal((await conditional(app, guest, url, etag)).statusCode, 304, `${url}: a hit changes nothing`);
      }

      // Restricted to signed-in readers: the guest's copy is no longer good, and the page asks them to sign in.
      const { etag } = await fullPage(guest, `/works/${workId}`);
      await sql`UPDATE works SET restricted = 1 WHERE id = ${workId}`.execute(ctx.database.db);
      assert.equal((await conditional(app, guest, `/works/${workId}`, etag)).statusCode, 401);
    } finally {
      await app.close();
    }
  });

  test("a guest's validator answers no one else and no other page", async () => {
    const { workId } = await makeWork(ctx.database, { chapters: 2 });
    const { workId: otherWork } = await makeWork(ctx.database, { chapters: 2 });
    const reader = await makeUser(ctx.database, 'wren');
    const app = await testServer(ctx.database);
    try {
      const first = new TestBrowser(app);
      const { body: firstBody, etag } = await fullPage(first, `/works/${workId}`);
      const firstToken = first.cookies.get('quire_csrf')!;
      assert.ok(firstBody.includes(firstToken), "the page carries its guest's CSRF token");

      const second = new TestBrowser(app);
      await second.get('/login');
      const theirs = await conditional(app, second, `/works/${workId}`, etag);
      assert.equal(theirs.statusCode, 200, "another guest's copy is never this guest's");
      assert.ok(!theirs.body.includes(firstToken));
      assert.ok(theirs.body.includes(second.cookies.get('quire_csrf')!));

      const token = await startSession(ctx.database, reader.id);
      const signedIn = await app.inject({
        method: 'GET',
        url: `/works/${workId}`,
        headers: { cookie: `${SESSION_COOKIE}=${token}; quire_csrf=${firstToken}`, 'if-none-match': etag },
      });
      assert.equal(signedIn.statusCode, 200, 'a signed-in reader always gets their own page');
      assert.match(signedIn.body, /wren/);

      for (const url of [
        `/works/${workId}/chapters/1`,
        `/works/${workId}/chapters/2`,
        `/works/${workId}?view_full_work=true`,
        `/works/${otherWork}`,
      ]) {
        assert.equal(
          (await conditional(app, first, url, etag)).statusCode,
          200,
          `${url} is not the page the tag is for`,
        );
      }
      assert.equal((await conditional(app, first, `/works/${workId}`, `W/"0-${'0'.repeat(32)}"`)).statusCode, 200);
      assert.equal((await conditional(app, first, `/works/${workId}`, `"x", ${etag}`)).statusCode, 304);
      // From another address the same cookie is another guest (their kudos are known by it).
      const elsewhere = await app.inject({
        method: 'GET',
        url: `/works/${workId}`,
        remoteAddress: '10.9.8.7',
        headers: { cookie: `quire_csrf=${firstToken}`, 'if-none-match': etag },
      });
      assert.equal(elsewhere.statusCode, 200);
    } finally {
      await app.close();
    }
  });

  test('a 304 reads neither the work nor a session; a guest without a session cookie looks none up', async () => {
    const { workId } = await makeWork(ctx.database, { chapters: 2 });
    const { database: counted, statements } = countingStatements(ctx.database);
    const app = await testServer(counted);
    try {
      const guest = new TestBrowser(app);
      const { etag } = await fullPage(guest, `/works/${workId}`);
      assert.ok(
        statements.some((s) => /from "chapters"/.test(s)),
        'the full page reads the work',
      );
      assert.ok(!statements.some((s) => /"sessions"/.test(s)), 'no session is looked up without a cookie');
      statements.length = 0;
      assert.equal((await conditional(app, guest, `/works/${workId}`, etag)).statusCode, 304);
      // One statement, compiled once and not again, reads the versions, the hits and this guest's
      // kudos; no other reads anything of the work (its hit is still counted).
      const read = statements.filter((s) => /from "(works|chapters|taggings|comments|kudos|sessions)"/.test(s));
      assert.deepEqual(read, [], 'the 304 reads nothing of the work');
    } finally {
      await app.close();
    }
  });
});

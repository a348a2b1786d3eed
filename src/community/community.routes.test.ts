import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Parser } from 'htmlparser2';
import { promote } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { html } from '../markup/html.ts';
import { layout } from '../web/layout.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { userNamed } from '../testing/users.ts';
import { chapterIds, creditTo, makeWork, workCounts } from '../testing/works.ts';
import { flushHits } from './hits.service.ts';
import { countWorkHit, workPageCommunity } from './work-page.ts';

/**
 * Nothing a reader wrote may run: parsed as a browser would, the page has no script element, no
 * event-handler attribute and no javascript: URL (the page frame itself has none either).
 */
function assertInert(body: string): void {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'script' || name === 'iframe' || name === 'object' || name === 'embed') problems.push(`<${name}>`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (/^on/i.test(attr)) problems.push(`${name} ${attr}="${value}"`);
          if (/^(href|src|action|formaction)$/i.test(attr) && /^\s*javascript:/i.test(value))
            problems.push(`${name} ${attr}="${value}"`);
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(body);
  assert.deepEqual(problems, []);
}

const XSS =
  '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">click</a> <b onmouseover="alert(4)">bold</b>';

/** The community server with the work page's fragments on a stand-in page, as the lead's work page will place them. */
async function standInServer(database: Database): Promise<FastifyInstance> {
  const app = await testServer(database);
  app.get('/test/works/:id', async (req, reply) => {
    const workId = Number((req.params as { id: string }).id);
    const chapter = (req.query as { chapter?: string }).chapter;
    await countWorkHit(database, req, workId);
    const c = await workPageCommunity(database, req, { workId, chapterId: chapter ? Number(chapter) : null });
    return reply
      .type('text/html; charset=utf-8')
      .send(layout({ title: 'Work', body: html`${c.bookmark}${c.report}<p>The story.</p>${c.kudos}${c.comments}` }));
  });
  return app;
}

/** A posted work with its creator 'writer' signed in, a signed-in reader, and a guest. */
async function workScene(database: Database, readerName = 'wren') {
  const app = await standInServer(database);
  const { workId } = await makeWork(database);
  const writer = await new TestBrowser(app).signUp('writer');
  await creditTo(database, workId, await userNamed(database, 'writer'));
  const wren = await new TestBrowser(app).signUp(readerName);
  const guest = new TestBrowser(app);
  return { app, workId, writer, wren, guest };
}

function commentIdFrom(location: string | undefined): number {
  const m = /#comment-(\d+)$/.exec(location ?? '');
  assert.ok(m, `no comment anchor in ${location}`);
  return Number(m[1]);
}

describeEachDialect('community pages', (ctx) => {
  // Issue 18, finding 3: with trustProxy on for everyone, one client left five guest kudos on one
  // work by changing X-Forwarded-For. No client's header is believed unless a proxy is configured.
  test('a guest cannot pose as other addresses with X-Forwarded-For', async () => {
    const { workId, guest } = await workScene(ctx.database);
    const forged = (n: number) => ({ headers: { 'x-forwarded-for': `203.0.113.${n}` } });
    assert.equal((await guest.post(`/works/${workId}/kudos`, {}, forged(1))).statusCode, 303);
    for (let n = 2; n <= 5; n++) {
      const again = await guest.post(`/works/${workId}/kudos`, {}, forged(n));
      assert.equal(again.statusCode, 422, `X-Forwarded-For 203.0.113.${n} is the same guest`);
    }
  });

  test('kudos over HTTP: guests and readers once each, creators never; the work page lists them', async () => {
    const db = ctx.database;
    const { app, workId, writer, wren, guest } = await workScene(db, 'Wren');

    const page = await guest.get(`/test/works/${workId}`);
    assert.match(page.body, new RegExp(`<form method="post" action="/works/${workId}/kudos"`));
    const left = await guest.post(`/works/${workId}/kudos`, { return_to: `/test/works/${workId}` });
    assert.equal(left.statusCode, 303);
    assert.equal(left.headers.location, `/test/works/${workId}#kudos`);
    const twice = await guest.post(`/works/${workId}/kudos`);
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /already left kudos/);
    assert.equal(
      (await wren.post(`/works/${workId}/kudos`, { return_to: 'https://evil.example/' })).headers.location,
      '/#kudos',
      'only paths on this archive',
    );
    const own = await writer.post(`/works/${workId}/kudos`);
    assert.equal(own.statusCode, 422);
    assert.match(own.body, /can&#39;t leave kudos on your own work/);
    assert.equal((await guest.post(`/works/${workId}/kudos`, {}, { csrf: false })).statusCode, 403);

    const after = await new TestBrowser(app).get(`/test/works/${workId}`);
    assert.match(after.body, /Wren and 1 guest left kudos on this work!/);
    assert.doesNotMatch(
      (await writer.get(`/test/works/${workId}`)).body,
      /action="\/works\/\d+\/kudos"/,
      'no button for the creator',
    );
    assert.equal((await workCounts(db, workId)).kudos_count, 2);
    await wren.get(`/test/works/${workId}`);
    await wren.get(`/test/works/${workId}?reply_to=1`);
    await flushHits(db);
    assert.equal(
      (await workCounts(db, workId)).hits,
      2,
      'guests at one address count once, Wren once, the creator not at all',
    );
    assert.equal((await guest.post('/works/999999/kudos')).statusCode, 404);
  });

  test('comments over HTTP: guest comment, reply in place through ?reply_to, edit, delete, and errors beside the form', async () => {
    const db = ctx.database;
    const { workId, writer, wren, guest } = await workScene(db);

    const posted = await guest.post(`/works/${workId}/comments`, {
      body: 'What a light!',
      guest_name: 'Gull',
      return_to: `/test/works/${workId}`,
    });
    assert.equal(posted.statusCode, 303);
    const first = commentIdFrom(posted.headers.location as string);
    assert.match(posted.headers.location as string, new RegExp(`^/test/works/${workId}#comment-`));

    const replyPage = await wren.get(`/test/works/${workId}?reply_to=${first}`);
    const inPlace = new RegExp(
      `<li class="comment" id="comment-${first}">[\\s\\S]*?<form[^>]*id="comment-form"[\\s\\S]*?name="parent_id" value="${first}"`,
    );
    assert.match(replyPage.body, inPlace, 'the reply form opens under the comment');
    assert.match(replyPage.body, /<label for="comment-form-body">Your reply<\/label>/);
    assert.match(replyPage.body, new RegExp(`href="/test/works/${workId}\\?reply_to=${first}#comment-form"`));
    assert.equal((replyPage.body.match(/id="comment-form"/g) ?? []).length, 1, 'one form carries the anchor');

    const replied = await wren.post(`/works/${workId}/comments`, {
      body: 'It is!',
      parent_id: String(first),
      return_to: `/test/works/${workId}?reply_to=${first}`,
    });
    assert.equal(replied.statusCode, 303);
    assert.doesNotMatch(replied.headers.location as string, /reply_to/);
    const reply = commentIdFrom(replied.headers.location as string);

    const tooLong = await wren.post(`/works/${workId}/comments`, {
      body: 'z'.repeat(10_001),
      return_to: `/test/works/${workId}`,
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.body, /at most 10,000 characters; yours has 10,001/);
    assert.match(tooLong.body, /zzzzzzzzzz<\/textarea>/, 'what they wrote comes back');
    assert.equal((await guest.post(`/works/${workId}/comments`, { body: 'No name' })).statusCode, 422);

    const editForm = await wren.get(`/comments/${reply}/edit`);
    assert.equal(editForm.statusCode, 200);
    assert.match(editForm.body, />It is!<\/textarea>/);
    assert.equal((await writer.get(`/comments/${reply}/edit`)).statusCode, 403);
    assert.equal((await guest.get(`/comments/${reply}/edit`)).statusCode, 401);
    const edited = await wren.post(`/comments/${reply}/edit`, {
      body: 'It truly is!',
      return_to: `/test/works/${workId}`,
    });
    assert.equal(edited.headers.location, `/test/works/${workId}#comment-${reply}`);
    const shown = await guest.get(`/works/${workId}/comments`);
    assert.match(shown.body, /It truly is!/);
    assert.match(shown.body, /\(edited/);
    assert.match(shown.body, /Gull<\/span> <span class="muted">\(Guest\)<\/span>/);
    assert.equal(
      (await guest.get(`/comments/${reply}`)).headers.location,
      `/works/${workId}/comments#comment-${reply}`,
    );

    assert.equal((await wren.post(`/comments/${first}/delete`)).statusCode, 403, "not Wren's comment");
    assert.equal(
      (await writer.post(`/comments/${first}/delete`, { return_to: `/test/works/${workId}` })).statusCode,
      303,
      'the creator may',
    );
    const afterDelete = await guest.get(`/test/works/${workId}`);
    assert.match(afterDelete.body, /This comment has been deleted\./);
    assert.match(afterDelete.body, /It truly is!/);
    assert.match(afterDelete.body, /Comments \(1\)/);
  });

  test('policies and moderation over HTTP', async () => {
    const db = ctx.database;
    const { workId, writer, wren, guest } = await workScene(db);

    const own = await writer.get(`/test/works/${workId}`);
    assert.match(own.body, /<label for="comment-policy-\d+">Who may comment on this work<\/label>/);
    assert.doesNotMatch((await wren.get(`/test/works/${workId}`)).body, /comment_policy/);
    assert.equal((await wren.post(`/works/${workId}/comment_policy`, { policy: 'closed' })).statusCode, 403);
    assert.equal(
      (
        await writer.post(`/works/${workId}/comment_policy`, {
          policy: 'moderated',
          return_to: `/test/works/${workId}`,
        })
      ).statusCode,
      303,
    );

    assert.equal((await guest.post(`/works/${workId}/comments`, { body: 'Hi', guest_name: 'Gull' })).statusCode, 401);
    assert.match((await guest.get(`/test/works/${workId}`)).body, /signed-in readers only.*Sign in/s);
    const held = commentIdFrom(
      (await wren.post(`/works/${workId}/comments`, { body: 'Hold me', return_to: `/test/works/${workId}` })).headers
        .location as string,
    );
    assert.match((await wren.get(`/test/works/${workId}`)).body, /Awaiting approval/);
    assert.doesNotMatch((await guest.get(`/test/works/${workId}`)).body, /Hold me/);
    const queue = await writer.get(`/test/works/${workId}`);
    assert.match(queue.body, /1 comment awaiting your approval/);
    assert.equal((await wren.post(`/comments/${held}/moderate`, { action: 'approve' })).statusCode, 403);
    assert.equal(
      (await writer.post(`/comments/${held}/moderate`, { action: 'approve', return_to: `/test/works/${workId}` }))
        .statusCode,
      303,
    );
    assert.match((await guest.get(`/test/works/${workId}`)).body, /Hold me/);
    assert.equal((await writer.post(`/comments/${held}/moderate`, { action: 'spam' })).statusCode, 303);
    assert.doesNotMatch((await guest.get(`/test/works/${workId}`)).body, /Hold me/);

    await writer.post(`/works/${workId}/comment_policy`, { policy: 'closed' });
    assert.equal((await wren.post(`/works/${workId}/comments`, { body: 'Closed?' })).statusCode, 403);
    assert.match((await wren.get(`/test/works/${workId}`)).body, /Comments are closed on this work\./);
  });

  test('frozen threads over HTTP: the creator freezes, the thread says Frozen, replies are refused', async () => {
    const { app, workId, writer, wren } = await workScene(ctx.database);
    const page = `/test/works/${workId}`;
    const top = commentIdFrom((await wren.post(`/works/${workId}/comments`, { body: 'Heated.' })).headers.location);
    const admin = await new TestBrowser(app).signUp('boss');
    await promote(ctx.database, 'boss', 'admin');
    await admin.post('/login', { login: 'boss', password: 'a-long-enough-password' });

    assert.match((await writer.get(page)).body, /Freeze thread/);
    assert.doesNotMatch((await wren.get(page)).body, /Freeze thread/);
    assert.equal((await wren.post(`/comments/${top}/freeze`, { action: 'freeze' })).statusCode, 403);
    assert.equal((await writer.post(`/comments/${top}/freeze`, { action: 'freeze' }, { csrf: false })).statusCode, 403);
    assert.equal((await writer.post(`/comments/${top}/freeze`, { action: 'thaw' })).statusCode, 400);
    const frozen = await writer.post(`/comments/${top}/freeze`, { action: 'freeze', return_to: page });
    assert.equal(frozen.headers.location, `${page}#comment-${top}`);

    const seen = (await wren.get(`${page}?reply_to=${top}`)).body;
    assert.match(seen, /class="comment-frozen"[^>]*>Frozen</);
    assert.doesNotMatch(seen, /Reply<span class="visually-hidden">/, 'no reply link');
    assert.doesNotMatch(seen, new RegExp(`name="parent_id" value="${top}"`), 'no reply form');
    const refused = await wren.post(`/works/${workId}/comments`, { body: 'Let me in.', parent_id: String(top) });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /This thread is frozen/);
    assert.match((await writer.get(page)).body, /Unfreeze thread/);

    assert.equal((await admin.post(`/comments/${top}/freeze`, { action: 'unfreeze' })).statusCode, 303);
    assert.doesNotMatch((await wren.get(page)).body, /comment-frozen/);
    assert.equal(
      (await wren.post(`/works/${workId}/comments`, { body: 'Thawed.', parent_id: String(top) })).statusCode,
      303,
    );
  });

  test('chapter pages list their own comments and attach new ones to the chapter', async () => {
    const db = ctx.database;
    const app = await standInServer(db);
    const { workId } = await makeWork(db);
    const [, ch2] = await chapterIds(db, workId);
    const wren = await new TestBrowser(app).signUp('wren');
    const page = await wren.get(`/test/works/${workId}?chapter=${ch2}`);
    assert.match(page.body, new RegExp(`name="chapter_id" value="${ch2}"`));
    await wren.post(`/works/${workId}/comments`, { body: 'On chapter two', chapter_id: String(ch2) });
    await wren.post(`/works/${workId}/comments`, { body: 'On the whole work' });
    const chapterPage = await wren.get(`/test/works/${workId}?chapter=${ch2}`);
    assert.match(chapterPage.body, /On chapter two/);
    assert.doesNotMatch(chapterPage.body, /On the whole work/);
    assert.match((await wren.get(`/works/${workId}/comments`)).body, /on Chapter 2/);
  });

  test('XSS: comment bodies, guest names, bookmark notes and tags, report reasons render inert', async () => {
    const db = ctx.database;
    const app = await standInServer(db);
    const { workId } = await makeWork(db);
    const guest = new TestBrowser(app);
    const wren = await new TestBrowser(app).signUp('wren');
    const admin = await new TestBrowser(app).signUp('boss');
    await promote(db, 'boss', 'admin');

    assert.equal(
      (
        await guest.post(`/works/${workId}/comments`, {
          body: XSS,
          guest_name: '<script>alert("name")</script><img src=x onerror=alert(5)>',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await wren.post(`/works/${workId}/comments`, {
          body: 'Plain text <3 & "quotes" <not a tag\n\nwith javascript:alert(7)',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await wren.post(`/works/${workId}/bookmark`, {
          notes: XSS,
          tags: '<script>alert(8)</script>, <img src=x onerror=alert(9)>, javascript:alert(10)',
        })
      ).statusCode,
      303,
    );
    const comment = await db.db.selectFrom('comments').select('id').orderBy('id').executeTakeFirstOrThrow();
    await wren.post('/reports', { target_type: 'comment', target_id: String(comment.id), reason: XSS });

    const pages = [
      await guest.get(`/test/works/${workId}`),
      await wren.get(`/test/works/${workId}`),
      await guest.get(`/works/${workId}/comments`),
      await wren.get('/bookmarks'),
      await guest.get('/users/wren/bookmarks'),
      await wren.get(`/works/${workId}/bookmark`),
      await admin.get('/admin/reports'),
      await wren.get(`/comments/${comment.id + 1}/edit`),
    ];
    for (const page of pages) {
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      assertInert(page.body);
    }
    assert.match(
      pages[0]!.body,
      /&lt;script&gt;alert\(&quot;name&quot;\)&lt;\/script&gt;/,
      'the guest name is shown, escaped',
    );
    assert.match(pages[0]!.body, /<b>bold<\/b>/, 'allowed markup survives without its handler');
    assert.match(
      pages[0]!.body,
      /<p>Plain text &lt;3 &amp; &quot;quotes&quot; &lt;not a tag<\/p>\n<p>with javascript:alert\(7\)<\/p>/,
      'plain text is escaped, not parsed',
    );
    assert.match(pages[3]!.body, /&lt;img src=x onerror=alert\(9\)&gt;/, 'tags are text');
    assert.match(pages[6]!.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the reason is text');
  });

  test('bookmarks over HTTP: the form, My bookmarks, public lists without private ones, delete, errors', async () => {
    const db = ctx.database;
    const app = await standInServer(db);
    const [open, secret] = [
      (await makeWork(db, { title: 'Open Water' })).workId,
      (await makeWork(db, { title: 'Secret Harbour' })).workId,
    ];
    const guest = new TestBrowser(app);
    const wren = await new TestBrowser(app).signUp('wren');

    assert.equal((await guest.get(`/works/${open}/bookmark`)).statusCode, 401);
    assert.match((await guest.get(`/test/works/${open}`)).body, /Sign in<\/a> to bookmark this work/);
    const form = await wren.get(`/test/works/${open}`);
    assert.match(form.body, /<label for="bookmark-\d+-tags">Your tags<\/label>/);
    assert.match(form.body, /Bookmark this work/);
    assert.equal(
      (
        await wren.post(`/works/${open}/bookmark`, {
          notes: 'Salt and light',
          tags: 'cozy, sea',
          rec: '1',
          return_to: `/test/works/${open}`,
        })
      ).headers.location,
      `/test/works/${open}#bookmark`,
    );
    assert.equal((await wren.post(`/works/${secret}/bookmark`, { private: '1' })).statusCode, 303);
    assert.match(
      (await wren.get(`/test/works/${open}`)).body,
      /Edit your bookmark[\s\S]*value="cozy, sea"[\s\S]*name="rec" value="1" checked/,
    );

    const mine = await wren.get('/bookmarks');
    assert.match(mine.body, /<h1>My bookmarks<\/h1>/);
    assert.match(mine.body, /Open Water[\s\S]*Salt and light/);
    assert.match(mine.body, /Secret Harbour[\s\S]*Private/);
    const visible = await guest.get('/users/wren/bookmarks');
    assert.match(visible.body, /Bookmarks by wren/);
    assert.match(visible.body, /Open Water/);
    assert.doesNotMatch(visible.body, /Secret Harbour/);
    assert.match((await guest.get('/users/wren/bookmarks?tag=sea')).body, /Open Water/);
    assert.equal((await guest.get('/users/nobody_at_all/bookmarks')).statusCode, 404);
    assert.equal((await guest.get('/bookmarks')).statusCode, 401);

    const bad = await wren.post(`/works/${open}/bookmark`, { tags: `fine, ${'t'.repeat(80)}`, notes: 'keep me' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /at most 75 characters/);
    assert.match(bad.body, />keep me<\/textarea>/);

    const bookmark = await db.db
      .selectFrom('bookmarks')
      .select('id')
      .where('work_id', '=', open)
      .executeTakeFirstOrThrow();
    const stranger = await new TestBrowser(app).signUp('stranger');
    assert.equal((await stranger.post(`/bookmarks/${bookmark.id}/delete`)).statusCode, 404);
    assert.equal((await wren.post(`/bookmarks/${bookmark.id}/delete`)).headers.location, '/bookmarks');
    assert.doesNotMatch((await wren.get('/bookmarks')).body, /Open Water/);
    assert.equal((await workCounts(db, open)).bookmarks_count, 0);
  });

  test('reports and the admin queue over HTTP: 401 for guests, 403 for readers; hide, spam, resolve', async () => {
    const db = ctx.database;
    const app = await standInServer(db);
    const { workId } = await makeWork(db, { title: 'Advert Story' });
    const guest = new TestBrowser(app);
    const wren = await new TestBrowser(app).signUp('wren');
    const admin = await new TestBrowser(app).signUp('boss');
    await promote(db, 'boss', 'admin');

    assert.doesNotMatch((await guest.get(`/test/works/${workId}`)).body, /reports\/new/);
    assert.match((await wren.get(`/test/works/${workId}`)).body, new RegExp(`href="/reports/new\\?work_id=${workId}"`));
    assert.equal((await guest.get(`/reports/new?work_id=${workId}`)).statusCode, 401);
    const form = await wren.get(`/reports/new?work_id=${workId}`);
    assert.match(form.body, /<label for="f-reason">What is wrong\?<\/label>/);
    const short = await wren.post('/reports', { target_type: 'work', target_id: String(workId), reason: 'bad' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /at least 10 characters/);
    assert.match(
      (
        await wren.post('/reports', {
          target_type: 'work',
          target_id: String(workId),
          reason: 'This is an advert, not a story',
        })
      ).body,
      /Report sent/,
    );
    const c = commentIdFrom(
      (await wren.post(`/works/${workId}/comments`, { body: 'Buy cheap lamps' })).headers.location as string,
    );
    const other = await new TestBrowser(app).signUp('other');
    assert.match(
      (await other.get(`/works/${workId}/comments`)).body,
      new RegExp(`href="/reports/new\\?comment_id=${c}"`),
    );
    await other.post('/reports', {
      target_type: 'comment',
      target_id: String(c),
      reason: 'Spam for lamps in a comment',
    });

    assert.equal((await guest.get('/admin/reports')).statusCode, 401);
    assert.equal((await wren.get('/admin/reports')).statusCode, 403);
    assert.equal((await wren.post('/admin/reports/1', { action: 'resolve' })).statusCode, 403);
    const queue = await admin.get('/admin/reports');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Advert Story[\s\S]*This is an advert, not a story/);
    assert.match(queue.body, /Buy cheap lamps/);
    const [workReport, commentReport] = await db.db.selectFrom('reports').select('id').orderBy('id').execute();

    const hidden = await admin.post(`/admin/reports/${workReport!.id}`, { action: 'hide_work' });
    assert.equal(hidden.statusCode, 303);
    assert.match((await admin.get(hidden.headers.location as string)).body, /hidden pending review/);
    assert.equal((await guest.get(`/works/${workId}/comments`)).statusCode, 404, 'readers no longer reach it');
    assert.equal((await admin.post(`/admin/reports/${workReport!.id}`, { action: 'spam_comment' })).statusCode, 422);
    await admin.post(`/admin/reports/${commentReport!.id}`, { action: 'spam_comment' });
    await admin.post(`/admin/reports/${workReport!.id}`, { action: 'unhide_work' });
    await admin.post(`/admin/reports/${workReport!.id}`, { action: 'resolve' });
    assert.match((await admin.get('/admin/reports')).body, /Nothing to review/);
    assert.doesNotMatch((await guest.get(`/works/${workId}/comments`)).body, /Buy cheap lamps/);
  });
});

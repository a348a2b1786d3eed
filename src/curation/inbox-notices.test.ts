// A comment notice says who wrote what, with a way to reply, not only that something happened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';

describeEachDialect('comment notices', (ctx) => {
  test("the writer's inbox names the commenter, quotes the comment and links a reply", async () => {
    const app = await testServer(ctx.database);
    try {
      const writer = await new TestBrowser(app).signUp('inboxwriter');
      const me = await ctx.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'inboxwriter')
        .executeTakeFirstOrThrow();
      const { workId } = await makeWork(ctx.database, { title: 'After All This', creator: me });
      const reader = await new TestBrowser(app).signUp('kindreader');
      const posted = await reader.post(`/works/${workId}/comments`, {
        body: 'The <b>last</b> line got me. Caroline stayed!',
        return_to: `/works/${workId}`,
      });
      assert.equal(posted.statusCode, 303);
      const guest = new TestBrowser(app);
      await guest.post(`/works/${workId}/comments`, {
        body: 'Lovely.',
        guest_name: 'Gull',
        return_to: `/works/${workId}`,
      });
      const inbox = (await writer.get('/inbox')).body;
      assert.match(
        inbox,
        /kindreader <a href="[^"]*#comment-\d+">commented<\/a> on <a href="\/works\/\d+">After All This<\/a>/,
      );
      assert.match(inbox, /<blockquote class="inbox-comment">The last line got me\. Caroline stayed!<\/blockquote>/);
      assert.match(inbox, /Gull <a href="[^"]*">commented<\/a>/);
      assert.match(inbox, />Reply<\/a>/);
      assert.doesNotMatch(inbox, /<b>last<\/b>/, 'the quote is plain text');
    } finally {
      await app.close();
    }
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { POSTING_FORM, postThroughForm } from '../testing/works.ts';

describeEachDialect('gifts', (ctx) => {
  test('a gift reaches its recipient, who alone may refuse it; a refusal stands when the work is saved again', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const writer = await new TestBrowser(app).signUp('wren');
    const giftee = await new TestBrowser(app).signUp('giftee');
    const other = await new TestBrowser(app).signUp('other');
    const gifts = { gifts: 'giftee, my <b>sister</b>' };
    const id = await postThroughForm(writer, gifts);
    const save = () => writer.post(`/works/${id}/edit`, { ...POSTING_FORM, action: 'post', ...gifts });

    const page = await other.get(`/works/${id}`);
    assert.match(page.body, /For <a href="\/users\/giftee\/gifts">giftee<\/a>, my &lt;b&gt;sister&lt;\/b&gt;/);
    assert.match((await giftee.get('/inbox')).body, new RegExp(`A gift for you: <a href="/works/${id}">The Lamp</a>`));
    const mails = await ctx.database.db
      .selectFrom('mail_outbox as o')
      .innerJoin('users as u', 'u.id', 'o.user_id')
      .select(['u.username', 'o.event'])
      .where('o.event', '=', 'gift')
      .execute();
    assert.deepEqual(mails, [{ username: 'giftee', event: 'gift' }], 'one mail, queued for the recipient');
    const giftsPage = await giftee.get('/users/giftee/gifts');
    assert.match(giftsPage.body, /The Lamp/);
    const giftId = /action="\/gifts\/(\d+)\/refuse"/.exec(giftsPage.body)![1]!;
    assert.doesNotMatch((await other.get('/users/giftee/gifts')).body, /refuse/, 'only the recipient sees Refuse');
    assert.equal((await other.post(`/gifts/${giftId}/refuse`, {})).statusCode, 403);
    assert.equal((await writer.post(`/gifts/${giftId}/refuse`, {})).statusCode, 403);
    assert.equal((await giftee.post(`/gifts/${giftId}/refuse`, {})).statusCode, 303);

    assert.doesNotMatch((await giftee.get('/users/giftee/gifts')).body, /The Lamp/);
    assert.equal((await save()).statusCode, 303);
    const after = await other.get(`/works/${id}`);
    assert.doesNotMatch(after.body, /giftee/);
    assert.match(after.body, /For my &lt;b&gt;sister&lt;\/b&gt;/);
    const edit = await writer.get(`/works/${id}/edit`);
    assert.match(edit.body, /name="gifts" value="my &lt;b&gt;sister&lt;\/b&gt;"/);
  });
});

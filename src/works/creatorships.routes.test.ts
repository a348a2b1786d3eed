import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { POSTING_FORM } from '../testing/works.ts';

const FORM = POSTING_FORM;

/** Every public place a work's creators are named, read as a guest. */
async function placesNaming(guest: TestBrowser, id: string, name: string): Promise<string[]> {
  const places: Record<string, (body: string) => boolean> = {
    [`/works/${id}`]: (b) => b.includes(`href="/users/${name}"`),
    [`/users/${name}`]: (b) => b.includes(`href="/works/${id}"`),
    [`/works/search?q=creator%3A${name}`]: (b) => b.includes(`href="/works/${id}"`),
    [`/users/${name}/works/feed.atom`]: (b) => b.includes(`/works/${id}`),
    [`/opds/search?q=creator%3A${name}`]: (b) => b.includes(`/works/${id}`),
    [`/api/v1/works/${id}`]: (b) => b.includes(`"${name}"`),
    [`/downloads/works/${id}/the-lamp.html`]: (b) => b.includes(name),
  };
  const found: string[] = [];
  for (const [url, names] of Object.entries(places)) {
    const res = await guest.get(url);
    assert.ok(res.statusCode < 400, `${url}: ${res.statusCode}`);
    if (names(res.body)) found.push(url);
  }
  return found;
}

async function postWork(writer: TestBrowser, form: Record<string, string> = {}): Promise<string> {
  const created = await writer.post('/works/new', { text: 'The lamp at Gull Rock had been dark for nine nights.' });
  const id = /\/works\/(\d+)\/edit/.exec(created.headers.location as string)![1]!;
  const res = await writer.post(`/works/${id}/edit`, { ...FORM, action: 'post', ...form });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  return id;
}

describeEachDialect('co-creator invitations over HTTP', (ctx) => {
  test('invite, see it in the inbox, refuse strangers, accept: only then is the credit anywhere', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const wren = await new TestBrowser(app).signUp('wren');
    const quill = await new TestBrowser(app).signUp('quill');
    const bob = await new TestBrowser(app).signUp('bob');
    const guest = new TestBrowser(app);
    const id = await postWork(wren, { co_creators: 'quill' });

    assert.deepEqual(await placesNaming(guest, id, 'quill'), [], 'a pending invitation credits nothing');
    assert.equal((await placesNaming(guest, id, 'wren')).length, 7);
    const edit = await wren.get(`/works/${id}/edit`);
    assert.match(edit.body, /not yet credited until they accept/);
    assert.match(edit.body, /<li>quill<\/li>/);

    const inbox = await quill.get('/inbox');
    assert.match(inbox.body, /Co-creator requests \(1\)/);
    assert.match(
      inbox.body,
      /Inbox <span class="unread-count">\(1\)<\/span>/,
      "the header's count includes the request",
    );
    assert.match(inbox.body, /wren invited your pseud <strong>quill<\/strong>/);
    const list = await quill.get('/users/quill/creatorships');
    assert.equal(list.statusCode, 200);
    const invitation = /action="\/creatorships\/(\d+)"/.exec(list.body)![1]!;
    assert.equal((await wren.get('/users/quill/creatorships')).statusCode, 403);
    assert.equal((await guest.get('/users/quill/creatorships')).statusCode, 401);

    assert.equal((await bob.post(`/creatorships/${invitation}`, { action: 'accept' })).statusCode, 403);
    assert.equal((await wren.post(`/creatorships/${invitation}`, { action: 'accept' })).statusCode, 403);
    assert.equal((await guest.post(`/creatorships/${invitation}`, { action: 'accept' })).statusCode, 401);
    assert.equal(
      (await quill.post(`/creatorships/${invitation}`, { action: 'accept' }, { csrf: false })).statusCode,
      403,
    );
    assert.equal((await quill.post(`/creatorships/${invitation}`, { action: 'perhaps' })).statusCode, 400);
    assert.deepEqual(await placesNaming(guest, id, 'quill'), []);

    const accepted = await quill.post(`/creatorships/${invitation}`, { action: 'accept' });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, `/works/${id}`);
    assert.equal((await placesNaming(guest, id, 'quill')).length, 7, 'accepted: credited everywhere');
    const answered = (await quill.get('/inbox')).body;
    assert.doesNotMatch(answered, /Co-creator requests/);
    assert.doesNotMatch(answered, /unread-count/, 'and nothing is waiting once it is answered');
    assert.equal((await quill.post(`/creatorships/${invitation}`, { action: 'accept' })).statusCode, 404);
    assert.equal((await quill.get(`/works/${id}/edit`)).statusCode, 200, 'a co-creator edits');
  });

  test('decline removes the request; a creator leaves while another remains', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const wren = await new TestBrowser(app).signUp('wren');
    const quill = await new TestBrowser(app).signUp('quill');
    const bob = await new TestBrowser(app).signUp('bob');
    const guest = new TestBrowser(app);
    const id = await postWork(wren, { co_creators: 'quill' });

    let invitation = /action="\/creatorships\/(\d+)"/.exec((await quill.get('/users/quill/creatorships')).body)![1]!;
    const declined = await quill.post(`/creatorships/${invitation}`, { action: 'decline' });
    assert.equal(declined.headers.location, '/users/quill/creatorships?done=declined');
    const after = await quill.get(declined.headers.location as string);
    assert.match(after.body, /Invitation declined/);
    assert.match(after.body, /No requests are waiting/);
    assert.deepEqual(await placesNaming(guest, id, 'quill'), []);
    assert.doesNotMatch((await wren.get(`/works/${id}/edit`)).body, /not yet credited/);

    assert.doesNotMatch((await wren.get(`/works/${id}/edit`)).body, /Remove me as a co-creator/, 'the only creator');
    assert.equal((await wren.post(`/works/${id}/leave`)).statusCode, 409);

    await wren.post(`/works/${id}/edit`, { ...FORM, action: 'save', co_creators: 'quill' });
    invitation = /action="\/creatorships\/(\d+)"/.exec((await quill.get('/inbox')).body)![1]!;
    await quill.post(`/creatorships/${invitation}`, { action: 'accept' });
    assert.match((await quill.get(`/works/${id}/edit`)).body, /Remove me as a co-creator/);
    assert.equal((await bob.post(`/works/${id}/leave`)).statusCode, 403);
    assert.equal((await quill.post(`/works/${id}/leave`, {}, { csrf: false })).statusCode, 403);
    const left = await quill.post(`/works/${id}/leave`);
    assert.equal(left.statusCode, 303);
    assert.deepEqual(await placesNaming(guest, id, 'quill'), []);
    assert.equal((await quill.get(`/works/${id}/edit`)).statusCode, 403);
  });

  test('orphaning over HTTP: keep the pseud name or not; the writer loses control', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const wren = await new TestBrowser(app).signUp('wren');
    const guest = new TestBrowser(app);
    const kept = await postWork(wren);
    const dropped = await postWork(wren);
    assert.match((await wren.get(`/works/${kept}/chapters/manage`)).body, /name="pseud" value="keep"/);
    assert.equal((await wren.post(`/works/${kept}/orphan`, { pseud: 'keep' })).statusCode, 303);
    assert.equal((await wren.post(`/works/${dropped}/orphan`, { pseud: 'drop' })).statusCode, 303);
    assert.match((await guest.get(`/works/${kept}`)).body, /by wren \(orphan_account\)<\/p>/);
    assert.match((await guest.get(`/works/${dropped}`)).body, /by orphan_account<\/p>/);
    for (const id of [kept, dropped]) {
      assert.equal((await wren.get(`/works/${id}/edit`)).statusCode, 403);
      assert.equal((await wren.post(`/works/${id}/orphan`, { pseud: 'keep' })).statusCode, 403);
      assert.doesNotMatch((await guest.get(`/works/${id}`)).body, /href="\/users\/(wren|orphan_account)"/);
    }
    const signIn = await new TestBrowser(app).post('/login', { login: 'orphan_account', password: '' });
    assert.notEqual(signIn.statusCode, 303, 'orphan_account cannot sign in');
    assert.match(signIn.body, /do not match an account/);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppError } from '../app-error.ts';
import { PROFILE_MAX_CHARS } from '../community/user-text.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser, userNamed } from '../testing/users.ts';
import { creditTo, makeSeries, makeWork } from '../testing/works.ts';
import { creatorPage, updateProfile } from './people.service.ts';

describeEachDialect('profiles and series on creator pages', (ctx) => {
  test('a creator writes a profile, sanitised and limited; nobody else may', async () => {
    const rowan = await makeUser(ctx.database, 'rowan');
    const admin = await makeUser(ctx.database, 'boss', { role: 'admin' });
    await updateProfile(ctx.database, rowan, 'ROWAN', 'I write <em>lamps</em>.<script>alert(1)</script>');
    const page = await creatorPage(ctx.database, null, 'rowan');
    assert.equal(page.profile, '<p>I write <em>lamps</em>.</p>');
    await assert.rejects(
      updateProfile(ctx.database, admin, 'rowan', 'Mine now.'),
      (e: AppError) => e.kind === 'forbidden',
    );
    await assert.rejects(updateProfile(ctx.database, rowan, 'nobody', 'Hi.'), (e: AppError) => e.kind === 'not_found');
    await assert.rejects(
      updateProfile(ctx.database, rowan, 'rowan', 'x'.repeat(PROFILE_MAX_CHARS + 1)),
      (e: AppError) => e.kind === 'invalid' && /at most 2,000/.test(e.message),
    );
    assert.equal((await creatorPage(ctx.database, null, 'rowan')).profile, '<p>I write <em>lamps</em>.</p>');
    await updateProfile(ctx.database, rowan, 'rowan', '   ');
    assert.equal((await creatorPage(ctx.database, null, 'rowan')).profile, null, 'empty text clears it');
  });

  test('the profile form: the owner edits with a CSRF token, shown escaped on the page and in the API', async () => {
    const app = await testServer(ctx.database);
    try {
      const owner = await new TestBrowser(app).signUp('wren');
      const other = await new TestBrowser(app).signUp('robin');
      const form = await owner.get('/users/wren/profile/edit');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<form method="post" action="\/users\/wren\/profile">/);
      assert.match((await owner.get('/account')).body, /href="\/users\/wren\/profile\/edit"/);
      assert.equal((await other.get('/users/wren/profile/edit')).statusCode, 403);
      assert.equal((await new TestBrowser(app).get('/users/wren/profile/edit')).statusCode, 401);

      const text =
        'Plain text with <b onclick="x()">bold</b> and a <a href="javascript:alert(1)">link</a>.\n\nFish & chips.';
      assert.equal((await owner.post('/users/wren/profile', { profile: text }, { csrf: false })).statusCode, 403);
      assert.equal((await other.post('/users/wren/profile', { profile: 'Hijacked.' })).statusCode, 403);
      const saved = await owner.post('/users/wren/profile', { profile: text });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/users/wren');
      const shown = (await new TestBrowser(app).get('/users/wren')).body;
      assert.match(shown, /<h2 id="creator-profile">Profile<\/h2>/);
      assert.match(shown, /<b>bold<\/b>/);
      assert.doesNotMatch(shown, /onclick|javascript:|Hijacked/);
      assert.match(shown, /Fish &amp; chips/);
      assert.match((await owner.get('/users/wren')).body, /Edit your profile/);
      assert.doesNotMatch((await other.get('/users/wren')).body, /Edit your profile/);

      const tooLong = await owner.post('/users/wren/profile', { profile: 'y'.repeat(PROFILE_MAX_CHARS + 1) });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /at most 2,000 characters/);
      const plain = await owner.post('/users/wren/profile', { profile: '<script>alert(1)</script> & more' });
      assert.equal(plain.statusCode, 303);
      const edit = (await owner.get('/users/wren/profile/edit')).body;
      assert.doesNotMatch(edit, /<script>/);
      const api = JSON.parse((await new TestBrowser(app).get('/api/v1/users/wren')).body);
      assert.equal(api.profile, '<p> &amp; more</p>');
    } finally {
      await app.close();
    }
  });

  test("a creator's page lists their series that hold a work the viewer may see", async () => {
    const rowan = await makeUser(ctx.database, 'rowan');
    const other = await makeUser(ctx.database, 'someoneelse');
    const { workId: open } = await makeWork(ctx.database, { title: 'Open', creator: rowan });
    const { workId: locked } = await makeWork(ctx.database, { title: 'Locked', creator: rowan, restricted: true });
    const { workId: draft } = await makeWork(ctx.database, { title: 'Draft', creator: rowan, draft: true });
    const { workId: theirs } = await makeWork(ctx.database, { title: 'Theirs', creator: other });
    await makeSeries(ctx.database, 'Lamps <i>and</i> Lanterns', [open, locked]);
    await makeSeries(ctx.database, 'Members Only', [locked]);
    await makeSeries(ctx.database, 'Secret Drafts', [draft]);
    await makeSeries(ctx.database, 'Not Rowan’s', [theirs]);
    const reader = await makeUser(ctx.database, 'reader');
    const titles = async (viewer: typeof reader | null) =>
      (await creatorPage(ctx.database, viewer, 'rowan')).series.map((s) => `${s.title} (${s.works.length})`).sort();
    assert.deepEqual(await titles(null), ['Lamps <i>and</i> Lanterns (1)']);
    assert.deepEqual(await titles(reader), ['Lamps <i>and</i> Lanterns (2)', 'Members Only (1)']);
    assert.deepEqual(await titles(rowan), ['Lamps <i>and</i> Lanterns (2)', 'Members Only (1)', 'Secret Drafts (1)']);
    // Credited later: the series follows the work.
    await creditTo(ctx.database, theirs, await userNamed(ctx.database, 'rowan'));
    assert.ok((await titles(null)).includes('Not Rowan’s (1)'));

    const app = await testServer(ctx.database);
    try {
      const page = (await new TestBrowser(app).get('/users/rowan')).body;
      assert.match(page, /<h2 id="creator-series">Series \(2\)<\/h2>/);
      assert.match(page, /Lamps &lt;i&gt;and&lt;\/i&gt; Lanterns<\/a>/);
      assert.doesNotMatch(page, /Members Only|Secret Drafts/);
    } finally {
      await app.close();
    }
  });
});

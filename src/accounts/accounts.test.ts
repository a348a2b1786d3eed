import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { MemoryMailSender } from './mail.ts';
import {
  AccountError,
  requestPasswordReset,
  resetPassword,
  signIn,
  signUp,
  SIGN_IN_LIMIT,
  SIGN_IN_LIMIT_PER_ACCOUNT,
} from './accounts.service.ts';
import { safeReturnPath } from './accounts.routes.ts';

describeEachDialect('accounts', (ctx) => {
  test('sign up, sign in, wrong password, names taken whatever the case', async () => {
    const u = await signUp(ctx.database, {
      username: 'Wren_Tully',
      email: 'wren@example.org',
      password: 'lantern-light',
    });
    assert.equal(u.role, 'reader');
    const row = await ctx.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    assert.match(row.password_hash!, /^\$argon2id\$/);
    assert.equal((await signIn(ctx.database, 'wren_tully', 'lantern-light', '127.0.0.1')).user.id, u.id);
    assert.equal((await signIn(ctx.database, 'WREN@example.org', 'lantern-light', '127.0.0.1')).user.id, u.id);
    await assert.rejects(signIn(ctx.database, 'wren_tully', 'wrong-password', '127.0.0.1'), /do not match/);
    await assert.rejects(signIn(ctx.database, 'nobody', 'lantern-light', '127.0.0.1'), /do not match/);
    await assert.rejects(
      signUp(ctx.database, { username: 'wren_TULLY', email: '', password: 'another-one' }),
      /is taken/,
    );
    await assert.rejects(signUp(ctx.database, { username: 'x', email: '', password: 'another-one' }), AccountError);
    await assert.rejects(
      signUp(ctx.database, { username: 'importer', email: '', password: 'another-one' }),
      /reserved/,
    );
    await assert.rejects(signUp(ctx.database, { username: 'short_pw', email: '', password: 'short' }), /at least 8/);
  });

  // Issue 18, finding 4: 11 wrong passwords for an account from anywhere locked its owner out for
  // 15 minutes, and username and e-mail were counted apart (20 guesses, not 10).
  test('sign-in attempts slow a guesser without locking the owner out', async () => {
    await signUp(ctx.database, { username: 'ada', email: 'ada@example.org', password: 'correct-horse' });
    const guesser = '10.0.0.9';
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      const login = i % 2 ? 'ada' : 'ADA@example.org';
      await assert.rejects(signIn(ctx.database, login, 'nope-nope', guesser), /do not match/);
    }
    await assert.rejects(signIn(ctx.database, 'ada@example.org', 'nope-nope', guesser), /too many sign-in attempts/);
    await assert.rejects(
      signIn(ctx.database, 'ada', 'correct-horse', guesser),
      /too many sign-in attempts.*reset your password/,
      'username and e-mail are one counter',
    );
    assert.equal(
      (await signIn(ctx.database, 'ada', 'correct-horse', '10.0.1.1')).user.username,
      'ada',
      'the owner elsewhere',
    );
    // A reset link always works, and clears the account's counters.
    const token = await requestPasswordReset(ctx.database, 'ada', new MemoryMailSender(), 'http://localhost');
    await resetPassword(ctx.database, token!, 'a-fresh-password');
    assert.equal((await signIn(ctx.database, 'ada', 'a-fresh-password', guesser)).user.username, 'ada');
  });

  test("a guess spread over many addresses stops at the account, but not for the owner's known address", async () => {
    await signUp(ctx.database, { username: 'bea', email: '', password: 'correct-horse' });
    await signIn(ctx.database, 'bea', 'correct-horse', '192.0.2.1'); // the owner's own address
    for (let i = 0; i < SIGN_IN_LIMIT_PER_ACCOUNT; i++) {
      await assert.rejects(signIn(ctx.database, 'bea', 'wrong', `10.1.${i >> 8}.${i & 255}`), /do not match/);
    }
    await assert.rejects(signIn(ctx.database, 'bea', 'correct-horse', '10.9.9.9'), /too many sign-in attempts/);
    assert.equal((await signIn(ctx.database, 'bea', 'correct-horse', '192.0.2.1')).user.username, 'bea');
  });

  test('over HTTP: sign up signs in; forms without the CSRF token or from another site are refused', async () => {
    const app = await testServer(ctx.database);
    const b = new TestBrowser(app);
    const res = await b.post('/users', { username: 'maren', email: 'maren@example.org', password: 'gull-rock-light' });
    assert.equal(res.statusCode, 303);
    const session = res.cookies.find((c) => c.name === 'quire_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const account = await b.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /<h1>maren<\/h1>/);

    assert.equal((await b.post('/account/pseuds', { name: 'Keeper' }, { csrf: false })).statusCode, 403);
    assert.equal(
      (await b.post('/account/pseuds', { name: 'Keeper' }, { origin: 'https://evil.example' })).statusCode,
      403,
    );
    assert.equal((await b.post('/account/pseuds', { name: 'Keeper' })).statusCode, 303);
    assert.match((await b.get('/account')).body, /Keeper/);

    assert.equal((await b.post('/logout', {})).statusCode, 303);
    const after = await b.get('/account');
    assert.equal(after.statusCode, 401);
    assert.match(after.body, /return_to=%2Faccount/);
  });

  test('password change signs out other sessions; a reset link works once', async () => {
    const mail = new MemoryMailSender();
    const app = await testServer(ctx.database, { mail });
    const first = new TestBrowser(app);
    const second = new TestBrowser(app);
    await first.post('/users', { username: 'tomas', email: 'tomas@example.org', password: 'first-password' });
    await second.post('/login', { login: 'tomas', password: 'first-password' });
    assert.equal((await second.get('/account')).statusCode, 200);
    assert.equal(
      (await first.post('/account/password', { current: 'first-password', password: 'second-password' })).statusCode,
      303,
    );
    assert.equal((await first.get('/account')).statusCode, 200, 'the session that changed it stays');
    assert.equal((await second.get('/account')).statusCode, 401, 'others are signed out');

    const stranger = new TestBrowser(app);
    const sent = await stranger.post('/password/reset', { login: 'tomas@example.org' });
    assert.match(sent.body, /reset link is on its way/);
    const unknown = await stranger.post('/password/reset', { login: 'nobody-at-all' });
    assert.match(unknown.body, /reset link is on its way/, 'the same answer whether or not the account exists');
    assert.equal(mail.sent.length, 1);
    const token = /\/password\/reset\/([A-Za-z0-9_-]+)/.exec(mail.sent[0]!.text)![1]!;
    assert.equal((await stranger.post(`/password/reset/${token}`, { password: 'third-password' })).statusCode, 303);
    assert.equal((await stranger.post(`/password/reset/${token}`, { password: 'fourth-password' })).statusCode, 422);
    assert.equal((await stranger.post('/login', { login: 'tomas', password: 'third-password' })).statusCode, 303);
    assert.equal((await first.get('/account')).statusCode, 401, 'a reset signs out every session');
  });

  // Issue 18, findings 7 and 8: a malformed Origin answered 500 (new URL() threw), "Origin: null"
  // was let through, and the CSRF token was a cookie anyone who can set one could plant.
  test("the CSRF token is the session's; null and malformed Origins are refused, never a 500", async () => {
    const app = await testServer(ctx.database);
    const b = new TestBrowser(app);
    await b.post('/users', { username: 'odile', email: 'odile@example.org', password: 'harbour-lights' });
    const session = b.cookies.get('quire_session')!;
    const planted = 'a'.repeat(32);
    const attempt = await app.inject({
      method: 'POST',
      url: '/account/pseuds',
      payload: `name=Planted&_csrf=${planted}`,
      headers: {
        cookie: `quire_session=${session}; quire_csrf=${planted}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    assert.equal(attempt.statusCode, 403, 'a planted double-submit cookie does not pass for a signed-in reader');
    for (const origin of ['null', 'not a url', 'http://[bad']) {
      const res = await b.post('/account/pseuds', { name: 'Keeper' }, { origin });
      assert.equal(res.statusCode, 403, `Origin: ${origin}`);
    }
    assert.equal((await b.post('/account/pseuds', { name: 'Keeper' })).statusCode, 303, 'our own form still works');
    assert.equal(
      (await b.post('/account/pseuds', { name: 'Harbour' }, { origin: 'http://localhost:80' })).statusCode,
      303,
    );
  });

  // Issue 18, finding 2: the link followed the Host header, so anyone could have a live token mailed
  // to its owner inside a link to a host of their choosing.
  test('a reset link never names a host the client chose', async (t) => {
    const mail = new MemoryMailSender();
    const app = await testServer(ctx.database, { mail });
    await new TestBrowser(app).post('/users', {
      username: 'ilse',
      email: 'ilse@example.org',
      password: 'first-password',
    });
    const stranger = new TestBrowser(app);
    const forged = await stranger.post('/password/reset', { login: 'ilse' }, { headers: { host: 'evil.example' } });
    assert.equal(forged.statusCode, 421);
    assert.match(forged.body, /cannot send reset links/);
    assert.equal(mail.sent.length, 0, 'no token is mailed inside a link to a forged host');

    await stranger.post('/password/reset', { login: 'ilse' }, { headers: { host: '127.0.0.1:3000' } });
    assert.match(
      mail.sent.at(-1)!.text,
      /http:\/\/127\.0\.0\.1:3000\/password\/reset\//,
      'a loopback host is allowed by default',
    );

    t.after(() => {
      delete process.env.QUIRE_PUBLIC_URL;
      delete process.env.QUIRE_ALLOWED_HOSTS;
    });
    process.env.QUIRE_ALLOWED_HOSTS = 'archive.example.org';
    await stranger.post('/password/reset', { login: 'ilse' }, { headers: { host: 'archive.example.org' } });
    assert.match(mail.sent.at(-1)!.text, /http:\/\/archive\.example\.org\/password\/reset\//);
    assert.equal(
      (await stranger.post('/password/reset', { login: 'ilse' }, { headers: { host: 'localhost' } })).statusCode,
      421,
      'the allow-list replaces the loopback default',
    );

    process.env.QUIRE_PUBLIC_URL = 'https://fic.example.net/';
    const sent = mail.sent.length;
    await stranger.post('/password/reset', { login: 'ilse' }, { headers: { host: 'evil.example' } });
    assert.equal(mail.sent.length, sent + 1);
    assert.match(mail.sent.at(-1)!.text, /https:\/\/fic\.example\.net\/password\/reset\/[A-Za-z0-9_-]+/);
    assert.doesNotMatch(mail.sent.at(-1)!.text, /evil/);
  });
});

test('return paths stay on this archive', () => {
  assert.equal(safeReturnPath('/works/3?view_adult=true'), '/works/3?view_adult=true');
  for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', undefined, ''])
    assert.equal(safeReturnPath(bad), '/');
});

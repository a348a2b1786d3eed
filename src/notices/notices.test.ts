// Notices by e-mail, end to end: events queue mail in the outbox with the event, the mailer sends
// it through a real SMTP server (src/testing/smtp.ts), and the one-click unsubscribe link turns a
// kind off. The mailer's rounds are run by hand at chosen times: no test waits on a clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { MailSender } from '../accounts/mail.ts';
import { leaveKudos } from '../community/kudos.service.ts';
import { postComment } from '../community/comments.service.ts';
import { notifySubscribers, subscribe } from '../curation/subscriptions.service.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { startSmtp, type TestSmtp } from '../testing/smtp.ts';
import { makeUser, relate } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { DIGEST_AFTER_MS, MAX_ATTEMPTS, Mailer, retryDelay } from './mailer.ts';
import { queueNotice } from './outbox.ts';

const ORIGIN = 'https://archive.example';
const DAY_AND_AN_HOUR = new Date(Date.now() + DIGEST_AFTER_MS + 3_600_000);

let smtp: TestSmtp;
before(async () => {
  smtp = await startSmtp();
});
after(async () => {
  await smtp.close();
});

async function outbox(database: Database) {
  return database.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

/** The path of a mail's List-Unsubscribe link on this archive. */
function unsubscribePath(listUnsubscribe: string | undefined): string {
  const m = /^<https:\/\/archive\.example(\/unsubscribe\/[^>]+)>$/.exec(listUnsubscribe ?? '');
  assert.ok(m, `List-Unsubscribe is one https link on the archive: ${listUnsubscribe}`);
  return m[1]!;
}

describeEachDialect('notices by e-mail', (ctx) => {
  let app: FastifyInstance | undefined;
  const server = async () => {
    app = await testServer(ctx.database, { suggest: null });
    return app;
  };
  after(async () => {
    await app?.close();
  });

  test('a comment on your work arrives by SMTP, escaped, with one-click unsubscribe that works', async () => {
    const app = await server();
    const start = smtp.received.length;
    const writer = await makeUser(ctx.database, 'mailwriter', { email: 'writer@example.org' });
    const { workId } = await makeWork(ctx.database, {
      title: 'Lamps & <script>alert("title")</script>',
      creator: writer,
    });
    const reader = await new TestBrowser(app).signUp('commenter');
    const posted = await reader.post(`/works/${workId}/comments`, {
      body: '<p>I typed &lt;script&gt;alert(1)&lt;/script&gt; & it stayed text. <script>alert(2)</script></p>',
    });
    assert.equal(posted.statusCode, 303);
    const queued = await outbox(ctx.database);
    assert.deepEqual(
      queued.map((r) => [r.event, r.status]),
      [['comment', 'pending']],
      'queued with the comment, not sent in the request',
    );
    assert.equal(smtp.received.length, start);

    const mailer = new Mailer(ctx.database, smtp.sender(), { origin: ORIGIN });
    assert.deepEqual(await mailer.runOnce(), { digests: 0, sent: 1, dropped: 0, failed: 0 });
    const [mail] = (await smtp.arrived(start + 1)).slice(start);
    assert.ok(mail);
    assert.deepEqual(mail.to, ['writer@example.org']);
    assert.equal(mail.from, 'no-reply@archive.example');
    assert.match(mail.subject, /^commenter commented on “Lamps & <script>alert\("title"\)<\/script>”$/);
    // The HTML part escapes the comment, the title and the name; no markup of theirs survives.
    assert.match(mail.html, /I typed &lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; it stayed text\./);
    assert.match(mail.html, /Lamps &amp; &lt;script&gt;alert\(&quot;title&quot;\)&lt;\/script&gt;/);
    assert.doesNotMatch(mail.html, /<script/i);
    assert.doesNotMatch(mail.html, /alert\(2\)/, 'what the sanitiser dropped stays dropped');
    assert.match(mail.text, /I typed <script>alert\(1\)<\/script> & it stayed text\./);
    const comment = queued[0]!.comment_id;
    assert.ok(mail.html.includes(`href="${ORIGIN}/works/${workId}/comments#comment-${comment}"`), 'links the thread');
    assert.ok(mail.text.includes(`${ORIGIN}/works/${workId}/comments#comment-${comment}`));
    assert.equal(mail.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    const path = unsubscribePath(mail.headers.get('list-unsubscribe'));
    assert.equal((await outbox(ctx.database))[0]!.status, 'sent');

    // The GET shows a button; the POST needs no session, cookie or CSRF token (RFC 8058).
    const confirm = await app.inject({ method: 'GET', url: path });
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, new RegExp(`<form method="post" action="${path.replaceAll('.', '\\.')}">`));
    const oneClick = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.statusCode, 200);
    assert.match(oneClick.body, /No more mail about comments on your works/);
    const again = await app.inject({ method: 'POST', url: path, payload: '' });
    assert.equal(again.statusCode, 200, 'a second click is no error');

    await reader.post(`/works/${workId}/comments`, { body: 'And another thing.' });
    assert.equal((await outbox(ctx.database)).length, 1, 'nothing queued once comments are off');
    assert.deepEqual(await mailer.runOnce(), { digests: 0, sent: 0, dropped: 0, failed: 0 });
    assert.equal(smtp.received.length, start + 1);

    // A forged or altered token is refused, and changes nothing.
    const forged = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await app.inject({ method: 'POST', url: forged })).statusCode, 404);
    const otherKind = path.replace('.comments.', '.kudos.');
    assert.equal((await app.inject({ method: 'POST', url: otherKind })).statusCode, 404);
    mailer.close();
  });

  test('kudos collect into one daily digest: "N people left kudos on W"', async () => {
    const start = smtp.received.length;
    const writer = await makeUser(ctx.database, 'kudoswriter', { email: 'kw@example.org' });
    const { workId } = await makeWork(ctx.database, { title: 'The Ice', creator: writer });
    for (const name of ['ann', 'bo', 'cy']) {
      const user = await makeUser(ctx.database, name);
      await leaveKudos(ctx.database, { user, address: '10.0.0.1' }, workId);
    }
    await leaveKudos(ctx.database, { user: null, address: '10.0.0.9' }, workId);
    const mailer = new Mailer(ctx.database, smtp.sender(), { origin: ORIGIN });
    assert.deepEqual(await mailer.runOnce(), { digests: 0, sent: 0, dropped: 0, failed: 0 }, 'held for a day');
    assert.deepEqual(await mailer.runOnce(DAY_AND_AN_HOUR), { digests: 1, sent: 1, dropped: 0, failed: 0 });
    const mails = smtp.received.slice(start);
    assert.equal(mails.length, 1);
    assert.deepEqual(mails[0]!.to, ['kw@example.org']);
    assert.equal(mails[0]!.subject, '4 people left kudos on “The Ice”');
    assert.match(mails[0]!.text, /ann, bo, cy, 1 guest/);
    assert.match(mails[0]!.headers.get('list-unsubscribe') ?? '', /\/unsubscribe\/\d+\.kudos\./);
    const rows = await outbox(ctx.database);
    assert.deepEqual(
      rows.map((r) => r.status),
      ['bundled', 'bundled', 'bundled', 'bundled', 'sent'],
    );
    assert.deepEqual(await mailer.runOnce(DAY_AND_AN_HOUR), { digests: 0, sent: 0, dropped: 0, failed: 0 });
    mailer.close();
  });

  test('a subscription mails a new chapter; a daily digest when chosen, through the settings page', async () => {
    const app = await server();
    const start = smtp.received.length;
    const writer = await makeUser(ctx.database, 'serialist');
    const { workId, chapterIds } = await makeWork(ctx.database, { title: 'Serial', creator: writer, chapters: 3 });
    const fan = await new TestBrowser(app).signUp('fan');
    const fanUser = await ctx.database.db
      .selectFrom('users')
      .select(['id', 'username', 'role'])
      .where('username', '=', 'fan')
      .executeTakeFirstOrThrow();
    await subscribe(ctx.database, { ...fanUser, role: 'reader' } as never, { type: 'work', id: workId });
    await notifySubscribers(ctx.database, { kind: 'new_chapter', workId, chapterId: chapterIds[1]! });
    const mailer = new Mailer(ctx.database, smtp.sender(), { origin: ORIGIN });
    assert.equal((await mailer.runOnce()).sent, 1);
    const mail = smtp.received[start]!;
    assert.deepEqual(mail.to, ['fan@example.org']);
    assert.equal(mail.subject, 'New chapter of “Serial”: Chapter 2');
    assert.ok(mail.text.includes(`${ORIGIN}/works/${workId}/chapters/2`));

    // The reader asks for a daily digest on their own settings page.
    const page = await fan.get('/users/fan/preferences/email');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="subscriptions" value="1" checked/);
    const saved = await fan.post('/users/fan/preferences/email', {
      comments: '1',
      replies: '1',
      subscriptions: '1',
      subscriptions_digest: '1',
      kudos: '1',
    });
    assert.equal(saved.statusCode, 303);
    assert.match(
      (await fan.get('/users/fan/preferences/email?saved=1')).body,
      /name="subscriptions_digest" value="1" checked/,
    );
    await notifySubscribers(ctx.database, { kind: 'new_chapter', workId, chapterId: chapterIds[2]! });
    assert.equal((await mailer.runOnce()).sent, 0, 'held for the digest');
    assert.deepEqual(await mailer.runOnce(DAY_AND_AN_HOUR), { digests: 1, sent: 1, dropped: 0, failed: 0 });
    assert.equal(smtp.received[start + 1]!.subject, '1 update from your subscriptions today');
    assert.match(smtp.received[start + 1]!.text, /New chapter of “Serial”: Chapter 3/);

    // Someone else's settings are not theirs to see or change; a guest is asked to sign in.
    const writerBrowser = await new TestBrowser(app).signUp('nosy');
    assert.equal((await writerBrowser.get('/users/fan/preferences/email')).statusCode, 403);
    assert.equal((await writerBrowser.post('/users/fan/preferences/email', {})).statusCode, 403);
    assert.equal((await new TestBrowser(app).get('/users/fan/preferences/email')).statusCode, 401);
    mailer.close();
  });

  test('no mail for your own doing, nor from someone you blocked or muted; replies reach the answered', async () => {
    const writer = await makeUser(ctx.database, 'quietwriter', { email: 'qw@example.org' });
    const muted = await makeUser(ctx.database, 'muted', { email: 'm@example.org' });
    const blocked = await makeUser(ctx.database, 'blocked', { email: 'b@example.org' });
    const friend = await makeUser(ctx.database, 'friend', { email: 'f@example.org' });
    const { workId } = await makeWork(ctx.database, { title: 'Quiet', creator: writer });
    await relate(ctx.database, writer, muted, 'mute');
    await relate(ctx.database, writer, blocked, 'block');
    await postComment(ctx.database, { user: writer, address: '10.0.0.1' }, { workId, body: 'My own note.' });
    await postComment(ctx.database, { user: muted, address: '10.0.0.2' }, { workId, body: 'Muted words.' });
    await leaveKudos(ctx.database, { user: muted, address: '10.0.0.2' }, workId);
    assert.deepEqual(await outbox(ctx.database), []);
    const first = await postComment(ctx.database, { user: friend, address: '10.0.0.3' }, { workId, body: 'Hi!' });
    await postComment(
      ctx.database,
      { user: writer, address: '10.0.0.1' },
      { workId, parentId: first.id, body: 'Thank you!' },
    );
    const rows = await outbox(ctx.database);
    assert.deepEqual(
      rows.map((r) => [r.user_id, r.event]),
      [
        [writer.id, 'comment'],
        [friend.id, 'reply'],
      ],
    );
    // Queued notices are still dropped when what they told is gone by sending time.
    await ctx.database.db.updateTable('works').set({ draft: 1 }).where('id', '=', workId).execute();
    const sent: unknown[] = [];
    const memory: MailSender = { send: async (m) => void sent.push(m) };
    const mailer = new Mailer(ctx.database, memory, { origin: ORIGIN });
    assert.deepEqual(await mailer.runOnce(), { digests: 0, sent: 0, dropped: 2, failed: 0 });
    assert.deepEqual(sent, []);
  });

  test('two senders at once never send one notice twice; a comments digest bundles them', async () => {
    const writer = await makeUser(ctx.database, 'popular', { email: 'p@example.org' });
    const { workId } = await makeWork(ctx.database, { title: 'Crowded', creator: writer });
    for (let i = 0; i < 4; i++) {
      const reader = await makeUser(ctx.database, `reader${i}`);
      await postComment(ctx.database, { user: reader, address: `10.0.1.${i}` }, { workId, body: `Comment ${i}.` });
    }
    const a: unknown[] = [];
    const b: unknown[] = [];
    const one = new Mailer(ctx.database, { send: async (m) => void a.push(m) }, { origin: ORIGIN });
    const two = new Mailer(ctx.database, { send: async (m) => void b.push(m) }, { origin: ORIGIN });
    const rounds = await Promise.all([one.runOnce(), two.runOnce()]);
    assert.equal(rounds[0].sent + rounds[1].sent, 4);
    assert.equal(a.length + b.length, 4);

    // Sending made the reader's settings row (for their unsubscribe key); they now ask for the digest.
    await ctx.database.db
      .updateTable('email_settings')
      .set({ comments_digest: 1 })
      .where('user_id', '=', writer.id)
      .execute();
    for (let i = 0; i < 3; i++)
      await postComment(
        ctx.database,
        { user: null, address: `10.0.2.${i}` },
        { workId, body: `Guest ${i}.`, guestName: `G${i}` },
      );
    const sent: { subject: string; text: string }[] = [];
    const mailer = new Mailer(ctx.database, { send: async (m) => void sent.push(m) }, { origin: ORIGIN });
    assert.equal((await mailer.runOnce()).sent, 0);
    const later = await Promise.all([mailer.runOnce(DAY_AND_AN_HOUR), one.runOnce(DAY_AND_AN_HOUR)]);
    assert.equal(later[0].digests + later[1].digests, 1, 'one digest, however many senders');
    assert.equal(sent.length + a.length + b.length, 5);
    const digest = [...sent, ...(a as typeof sent), ...(b as typeof sent)].find((m) => /today/.test(m.subject));
    assert.equal(digest?.subject, '3 new comments on your works today');
    assert.match(digest?.text ?? '', /G0 commented[\s\S]*G1 commented[\s\S]*G2 commented/);
  });

  test('a failed send is retried later, waiting longer each time, then given up', async () => {
    const writer = await makeUser(ctx.database, 'unlucky', { email: 'u@example.org' });
    const { workId } = await makeWork(ctx.database, { title: 'Bounce', creator: writer });
    const reader = await makeUser(ctx.database, 'reader');
    await postComment(ctx.database, { user: reader, address: '10.0.0.4' }, { workId, body: 'Hello.' });
    const errors: string[] = [];
    const down: MailSender = {
      send: async () => {
        throw new Error('connection refused');
      },
    };
    const mailer = new Mailer(ctx.database, down, { origin: ORIGIN, log: (m) => errors.push(m) });
    let now = new Date();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      assert.equal((await mailer.runOnce(now)).failed, 1, `try ${i}`);
      const [row] = await outbox(ctx.database);
      assert.equal(row!.attempts, i);
      if (i < MAX_ATTEMPTS) {
        assert.equal(row!.status, 'pending');
        assert.equal(Date.parse(row!.next_attempt_at) - now.getTime(), retryDelay(i));
        assert.equal((await mailer.runOnce(new Date(now.getTime() + retryDelay(i) - 1))).failed, 0, 'not before');
        now = new Date(now.getTime() + retryDelay(i));
      } else assert.equal(row!.status, 'failed');
    }
    assert.equal(errors.length, MAX_ATTEMPTS);
    assert.match(errors[0]!, /connection refused/);
    assert.ok(retryDelay(2) > retryDelay(1));
    // The outbox takes no one without an address.
    const noAddress = await makeUser(ctx.database, 'noaddress');
    assert.equal(await queueNotice(ctx.database.db, [noAddress.id], { event: 'comment', actors: [], workId }), 0);
  });
});

test('the SMTP sender from the settings delivers through the server they name', async () => {
  const { mailSenderFromSettings, SmtpMailSender } = await import('../accounts/mail.ts');
  const saved = { ...process.env };
  try {
    process.env.QUIRE_SMTP_URL = smtp.url;
    process.env.QUIRE_MAIL_FROM = 'Archive <mail@archive.example>';
    const sender = mailSenderFromSettings();
    assert.ok(sender instanceof SmtpMailSender);
    const start = smtp.received.length;
    await sender.send({ to: 'someone@example.org', subject: 'Hello', text: 'Plain.', html: '<p>Rich.</p>' });
    sender.close?.();
    const mail = smtp.received[start]!;
    assert.equal(mail.from, 'mail@archive.example');
    assert.equal(mail.text.trim(), 'Plain.');
    assert.equal(mail.html, '<p>Rich.</p>');
    delete process.env.QUIRE_SMTP_URL;
    process.env.QUIRE_SMTP_HOST = '127.0.0.1';
    process.env.QUIRE_SMTP_PORT = String(smtp.port);
    const byHost = mailSenderFromSettings();
    assert.ok(byHost instanceof SmtpMailSender);
    await byHost.send({ to: 'other@example.org', subject: 'Again', text: 'Two.' });
    byHost.close?.();
    assert.deepEqual(smtp.received[start + 1]!.to, ['other@example.org']);
    delete process.env.QUIRE_SMTP_HOST;
    assert.ok(!(mailSenderFromSettings() instanceof SmtpMailSender), 'no server named: the console');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});

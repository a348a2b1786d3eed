// Gift exchanges through their services and pages, on both databases: the moderators' form, sign-ups
// checked against it (each problem naming its prompt and field), edited and withdrawn until the
// close job closes them; matching as a job, review, regeneration and sending (each writer mailed
// with the recipient's requests); defaulting, pinch hits, fulfilling by posting from the assignment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCollection } from '../collections/collections.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { POSTING_FORM } from '../testing/works.ts';
import { form, runJobs, SETTINGS } from '../testing/gift-exchanges.ts';
import * as assignments from './assignments.service.ts';
import * as exchanges from './exchanges.service.ts';
import { summaryPage } from './signups.html.ts';
import { html } from '../markup/html.ts';

describeEachDialect('gift exchanges', (ctx) => {
  test('sign-ups are checked against the form, edited, withdrawn, and closed on time by the job', async () => {
    const mod = await makeUser(ctx.database, 'exmod');
    const fan = await makeUser(ctx.database, 'exfan');
    await createCollection(ctx.database, mod, {
      ...{ name: 'tides_x', title: 'Tides Exchange', description: '', parent: '' },
      ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
    });
    await assert.rejects(exchanges.saveExchange(ctx.database, fan, 'tides_x', form(SETTINGS)), { kind: 'forbidden' });
    await assert.rejects(
      exchanges.saveExchange(ctx.database, mod, 'tides_x', form({ ...SETTINGS, request_max: '0' })),
      /Requests: the most must be at least the least/,
    );
    const close = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
    await exchanges.saveExchange(ctx.database, mod, 'tides_x', form({ ...SETTINGS, signups_close_at: close }));
    const c = await ctx.database.db
      .selectFrom('collections')
      .selectAll()
      .where('name', '=', 'tides_x')
      .executeTakeFirstOrThrow();
    assert.equal(c.unrevealed, 1, 'an exchange hides its works until the reveal');
    assert.equal(c.anonymous, 1);

    const bad = await exchanges
      .saveSignup(ctx.database, fan, 'tides_x', form({ request_1_fandom: 'Deep Space', offer_2_fandom: 'Salt Roads' }))
      .catch((e: exchanges.SignupError) => e.problems);
    assert.deepEqual(
      (bad as { message: string }[]).map((p) => p.message),
      ["Request 1: Fandom: 'Deep Space' is not one of this exchange's fandoms", 'Request 1: Description is required'],
    );
    const twoFandoms = await exchanges
      .saveSignup(
        ctx.database,
        fan,
        'tides_x',
        form({ request_1_fandom: 'Salt Roads, Tide Clock', request_1_description: 'x' }),
      )
      .catch((e: exchanges.SignupError) => e.problems.map((p) => `${p.field}: ${p.message}`));
    assert.deepEqual(twoFandoms, [
      'request_1_fandom: Request 1: Fandom: at most 1 allowed',
      'offer_1_fandom: Offers: at least 1 required',
    ]);

    const good = { request_1_fandom: 'salt roads', request_1_description: 'Ferries.', offer_1_fandom: 'Tide Clock' };
    await exchanges.saveSignup(ctx.database, fan, 'tides_x', form(good));
    await exchanges.saveSignup(ctx.database, fan, 'tides_x', form({ ...good, offer_1_character_any: '1' }));
    const summary = await exchanges.signupSummary(ctx.database, mod, 'tides_x');
    assert.equal(summary.signups.length, 1, 'an edit changes the one sign-up');
    assert.deepEqual(summary.signups[0]!.offers[0]!.any, { character: true });
    assert.deepEqual(summary.fandoms, [
      { fandom: 'salt roads', requested: 1, offered: 0 },
      { fandom: 'Tide Clock', requested: 0, offered: 1 },
    ]);
    await assert.rejects(exchanges.signupSummary(ctx.database, fan, 'tides_x'), { kind: 'forbidden' });
    await exchanges.withdrawSignup(ctx.database, fan, 'tides_x');
    await exchanges.saveSignup(ctx.database, fan, 'tides_x', form(good));

    // The close job closes on time, not before.
    assert.equal(await exchanges.closeDue(ctx.database, new Date()), 0);
    assert.equal(await exchanges.closeDue(ctx.database, new Date(Date.now() + 2 * 3600_000)), 1);
    assert.equal(await exchanges.closeDue(ctx.database, new Date(Date.now() + 3 * 3600_000)), 0, 'once');
    await assert.rejects(exchanges.saveSignup(ctx.database, fan, 'tides_x', form(good)), /closed/);
    await assert.rejects(exchanges.withdrawSignup(ctx.database, fan, 'tides_x'), /closed/);
  });

  test("the moderators' table of sign-ups comes a page at a time; the fandom counts cover them all", async () => {
    const mod = await makeUser(ctx.database, 'pagemod');
    await createCollection(ctx.database, mod, {
      ...{ name: 'paged_x', title: 'Paged Exchange', description: '', parent: '' },
      ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
    });
    await exchanges.saveExchange(ctx.database, mod, 'paged_x', form(SETTINGS));
    const fans = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const fan = await makeUser(ctx.database, `pagefan${n}`);
      const fandom = n % 2 ? 'Salt Roads' : 'Tide Clock';
      await exchanges.saveSignup(
        ctx.database,
        fan,
        'paged_x',
        form({ request_1_fandom: fandom, request_1_description: 'Boats.', offer_1_fandom: 'Tide Clock' }),
      );
      fans.push(fan.username);
    }
    const pages: string[][] = [];
    let after = 0;
    for (;;) {
      const page = await exchanges.signupSummary(ctx.database, mod, 'paged_x', after, 2);
      assert.equal(page.total, 5);
      assert.deepEqual(page.fandoms, [
        { fandom: 'Salt Roads', requested: 3, offered: 0 },
        { fandom: 'Tide Clock', requested: 2, offered: 5 },
      ]);
      pages.push(page.signups.map((x) => x.username));
      if (page.next === null) break;
      after = page.next;
    }
    assert.deepEqual(pages, [fans.slice(0, 2), fans.slice(2, 4), fans.slice(4)], 'in the order they came');
    const first = await exchanges.signupSummary(ctx.database, mod, 'paged_x', 0, 2);
    const table = String(summaryPage(html``, { collection: first.exchange.collection, ...first }));
    assert.match(table, /Sign-ups: 5</);
    assert.match(table, new RegExp(`href="/collections/paged_x/signups\\?after=${first.next}" rel="next"`));
    const x = await exchanges.mustFindExchange(ctx.database.db, 'paged_x');
    assert.equal(await exchanges.signupCount(ctx.database, mod, x), 5);
    await assert.rejects(exchanges.signupCount(ctx.database, await makeUser(ctx.database, 'nosy'), x), {
      kind: 'forbidden',
    });
  });

  test('matching runs as a job; moderators review, regenerate and send; defaults, pinch hits, fulfilment', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    const mod = await new TestBrowser(app).signUp('matchmod');
    const names = ['anya', 'bodo', 'cyra', 'dina'];
    const readers: Record<string, TestBrowser> = {};
    for (const n of names) readers[n] = await new TestBrowser(app).signUp(n);
    assert.equal(
      (await mod.post('/collections', { name: 'salt_x', title: 'Salt Exchange', open: '1' })).statusCode,
      303,
    );
    assert.equal((await mod.post('/collections/salt_x/exchange', SETTINGS)).statusCode, 303);
    // anya, bodo and cyra offer and request in a ring of fandoms; dina requests what no one offers.
    const fandoms = ['Harbour Lights', 'Salt Roads', 'Tide Clock'];
    for (const [i, n] of ['anya', 'bodo', 'cyra'].entries()) {
      const res = await readers[n]!.post('/collections/salt_x/signups', {
        request_1_fandom: fandoms[i]!,
        request_1_description: `A story for ${n}.`,
        offer_1_fandom: fandoms[(i + 1) % 3]!,
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    }
    const diBad = await readers.dina!.post('/collections/salt_x/signups', { request_1_fandom: 'Tide Clock' });
    assert.equal(diBad.statusCode, 422);
    assert.match(diBad.body, /Request 1: Description is required/);
    assert.match(diBad.body, /value="Tide Clock"/, 'the form keeps what was typed');
    await readers.dina!.post('/collections/salt_x/signups', {
      request_1_fandom: 'Quiet Bay',
      request_1_description: 'Clocks.',
      offer_1_fandom: 'Tide Clock',
    });

    const refused = await mod.post('/collections/salt_x/matching');
    assert.equal(refused.statusCode, 422, 'no matching while sign-ups are open');
    const settings = { ...SETTINGS, signups_open: '' };
    await mod.post('/collections/salt_x/exchange', settings);
    assert.equal((await mod.post('/collections/salt_x/matching')).statusCode, 303);
    assert.match((await mod.get('/collections/salt_x/assignments')).body, /Matching is running/);
    await runJobs(ctx.database);
    const review = await mod.get('/collections/salt_x/assignments');
    assert.match(review.body, /Matching is done/);
    // dina's request names a fandom no one offers, and her offer is taken by bodo: both are shown.
    assert.match(review.body, /<td>—<\/td><td>dina<\/td><td>no match<\/td>/);
    assert.match(review.body, /Without anyone to write for \(1\)<\/h3><ul class="unmatched"><li>dina<\/li>/);
    const rows = await ctx.database.db.selectFrom('exchange_assignments').selectAll().orderBy('id').execute();
    assert.equal(rows.length, 4, 'one per recipient');
    assert.equal(rows.filter((r) => r.giver_id !== null).length, 3, 'the most that can be matched');
    assert.ok(
      rows.every((r) => r.sent_at === null),
      'drafts until sent',
    );
    assert.equal((await readers.anya!.get('/users/anya/assignments')).body.includes('Salt Exchange'), false);

    // Regenerating gives the same answer; sending tells each writer by mail with the requests.
    await mod.post('/collections/salt_x/matching');
    await runJobs(ctx.database);
    assert.equal((await mod.post('/collections/salt_x/assignments/send')).statusCode, 303);
    const mail = await runJobs(ctx.database);
    assert.equal(mail.length, 3);
    const toAna = mail.find((m) => m.to === 'anya@example.org')!;
    assert.match(toAna.subject, /Salt Exchange: your assignment for bodo/);
    assert.match(toAna.text, /Fandom: Salt Roads/);
    assert.match(toAna.text, /A story for bodo\./);
    assert.equal((await mod.post('/collections/salt_x/matching')).statusCode, 409, 'no regenerating once sent');
    const reopen = await mod.post('/collections/salt_x/exchange', SETTINGS);
    assert.equal(reopen.statusCode, 422);
    assert.match(reopen.body, /the assignments were sent: sign-ups cannot open again/);
    assert.match(
      (await readers.anya!.get('/inbox')).body,
      /A gift-exchange assignment for you: see <a href="\/assignments">/,
    );
    assert.equal((await readers.anya!.get('/assignments')).headers.location, '/users/anya/assignments');

    // bodo defaults; the moderators see it and the candidates; dina pinch hits.
    const page = await readers.bodo!.get('/users/bodo/assignments');
    assert.match(page.body, /for cyra/);
    assert.match(page.body, /A story for cyra\./);
    assert.equal((await readers.anya!.get('/users/bodo/assignments')).statusCode, 403);
    const bodo = await ctx.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'bodo')
      .executeTakeFirstOrThrow();
    const boAssignment = (
      await ctx.database.db
        .selectFrom('exchange_assignments')
        .selectAll()
        .where('giver_id', '=', bodo.id)
        .executeTakeFirstOrThrow()
    ).id;
    assert.equal((await readers.bodo!.post(`/collections/salt_x/assignments/${boAssignment}/default`)).statusCode, 303);
    const after = await mod.get('/collections/salt_x/assignments');
    assert.match(after.body, /Defaulted: 1/);
    assert.match(after.body, /Pinch hitter for cyra/);
    assert.match(after.body, /Could write it: dina \(free\)/);
    const pinch = await mod.post(`/collections/salt_x/assignments/${boAssignment}/pinch_hit`, { username: 'dina' });
    assert.equal(pinch.statusCode, 303);
    const pinchMail = await runJobs(ctx.database);
    assert.match(pinchMail[0]!.subject, /a pinch hit for cyra/);

    // dina posts from the assignment: the draft joins the collection as a gift to cyra, and posting fulfils it.
    const form = await readers.dina!.get(`/works/new?assignment=${boAssignment}`);
    assert.match(form.body, /This work fulfils your assignment for cyra in Salt Exchange/);
    assert.equal((await readers.anya!.get(`/works/new?assignment=${boAssignment}`)).statusCode, 404);
    const created = await readers.dina!.post('/works/new', {
      text: 'The ferry left at dawn.',
      assignment: String(boAssignment),
    });
    const workId = /\/works\/(\d+)\/edit/.exec(String(created.headers.location))![1]!;
    const edit = await readers.dina!.get(`/works/${workId}/edit`);
    assert.match(edit.body, /value="salt_x"/);
    assert.match(edit.body, /value="cyra"/);
    const posted = await readers.dina!.post(`/works/${workId}/edit`, {
      ...POSTING_FORM,
      fandoms: 'Tide Clock',
      collections: 'salt_x',
      gifts: 'cyra',
      action: 'post',
    });
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
    const done = await ctx.database.db
      .selectFrom('exchange_assignments')
      .selectAll()
      .where('id', '=', boAssignment)
      .executeTakeFirstOrThrow();
    assert.equal(done.work_id, Number(workId));
    assert.ok(done.fulfilled_at);
    assert.match((await readers.dina!.get('/users/dina/assignments')).body, /Fulfilled by/);

    // Moderators mark fulfilled and purge.
    const admin = await makeUser(ctx.database, 'admin_x', { role: 'admin' });
    const cyRow = (await assignments.matchingView(ctx.database, admin, 'salt_x')).assignments.find(
      (a) => a.giver === 'cyra',
    )!;
    assert.equal((await mod.post(`/collections/salt_x/assignments/${cyRow.id}/fulfil`)).statusCode, 303);
    assert.equal((await mod.post(`/collections/salt_x/assignments/${cyRow.id}/purge`)).statusCode, 303);
    assert.equal(
      (await ctx.database.db.selectFrom('exchange_assignments').select('id').where('id', '=', cyRow.id).execute())
        .length,
      0,
    );
    await app.close();
  });
});

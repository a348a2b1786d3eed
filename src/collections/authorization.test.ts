// The authorization matrix of collections and gifts: every route under /collections,
// /collection_items and /gifts, tried by a guest, another reader, a member, a moderator and the
// owner of the collection (for a gift, its recipient is the member). The route list comes from
// the server, so a new route here without a row fails this test (web/authorization.test.ts leaves
// these to it). Every form also refuses a missing CSRF token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sessionFromToken, startSession, type SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import type { Database } from '../db/database.ts';
import { setWorkGifts } from '../gifts/gifts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';
import * as collections from './collections.service.ts';
import { matrixMismatches } from '../testing/authorization-matrix.ts';

type Actor = 'guest' | 'other' | 'member' | 'moderator' | 'owner';
const ACTORS: Actor[] = ['guest', 'other', 'member', 'moderator', 'owner'];
const COLLECTION_ROUTES = /^(GET|POST) \/(collections|collection_items|gifts)(\/|$)|^GET \/users\/:username\/gifts$/;

interface World {
  db: Database;
  users: Record<Exclude<Actor, 'guest'>, SignedIn>;
}

let serial = 0;

/** A fresh open, moderated collection of the owner's, with a moderator and a member named. */
async function collection(w: World): Promise<string> {
  const name = `event_${++serial}`;
  await collections.createCollection(w.db, w.users.owner, {
    ...{ name, title: 'An event', description: '', parent: '' },
    ...{ open: true, moderated: true, unrevealed: false, anonymous: false, revealAt: '' },
  });
  await collections.setParticipant(w.db, w.users.owner, name, 'moderator', 'moderator');
  await collections.setParticipant(w.db, w.users.owner, name, 'member', 'member');
  return name;
}

async function memberWork(w: World): Promise<number> {
  return (await makeWork(w.db, { creator: w.users.member })).workId;
}

async function lastItem(w: World): Promise<number> {
  const row = await w.db.db
    .selectFrom('collection_items')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

type Case = { allowed: Actor[]; request: (w: World) => Promise<{ url: string; form?: Record<string, string> }> };

const SETTINGS = { title: 'Renamed', open: '1' };

const CASES: Record<string, Case> = {
  'GET /collections': { allowed: ACTORS, request: async () => ({ url: '/collections?q=event' }) },
  'GET /collections/new': {
    allowed: ['other', 'member', 'moderator', 'owner'],
    request: async () => ({ url: '/collections/new' }),
  },
  'GET /collections/:name': { allowed: ACTORS, request: async (w) => ({ url: `/collections/${await collection(w)}` }) },
  'GET /collections/:name/bookmarks': {
    allowed: ACTORS,
    request: async (w) => ({ url: `/collections/${await collection(w)}/bookmarks` }),
  },
  'GET /collections/:name/feed.atom': {
    allowed: ACTORS,
    request: async (w) => ({ url: `/collections/${await collection(w)}/feed.atom` }),
  },
  'GET /collections/:name/manage': {
    allowed: ['moderator', 'owner'],
    request: async (w) => ({ url: `/collections/${await collection(w)}/manage` }),
  },
  'GET /collections/:name/settings': {
    allowed: ['owner'],
    request: async (w) => ({ url: `/collections/${await collection(w)}/settings` }),
  },
  'GET /users/:username/gifts': { allowed: ACTORS, request: async () => ({ url: '/users/member/gifts' }) },
  'POST /collections': {
    allowed: ['other', 'member', 'moderator', 'owner'],
    request: async () => ({ url: '/collections', form: { name: `made_${++serial}`, title: 'Made', open: '1' } }),
  },
  'POST /collections/:name/settings': {
    allowed: ['owner'],
    request: async (w) => ({ url: `/collections/${await collection(w)}/settings`, form: SETTINGS }),
  },
  'POST /collections/:name/participants': {
    allowed: ['owner'],
    request: async (w) => ({
      url: `/collections/${await collection(w)}/participants`,
      form: { username: 'other', role: 'moderator' },
    }),
  },
  'POST /collections/:name/invite': {
    allowed: ['moderator', 'owner'],
    request: async (w) => ({
      url: `/collections/${await collection(w)}/invite`,
      form: { work_id: String(await memberWork(w)) },
    }),
  },
  'POST /collections/:name/items': {
    // A work joins by its creator's hand alone.
    allowed: ['member'],
    request: async (w) => ({
      url: `/collections/${await collection(w)}/items`,
      form: { work_id: String(await memberWork(w)) },
    }),
  },
  'POST /collection_items/:id': {
    allowed: ['moderator', 'owner'],
    request: async (w) => {
      const name = await collection(w);
      await collections.addItem(w.db, w.users.member, name, { workId: await memberWork(w) });
      return { url: `/collection_items/${await lastItem(w)}`, form: { action: 'approve' } };
    },
  },
  'POST /collection_items/:id/answer': {
    allowed: ['member'],
    request: async (w) => {
      const name = await collection(w);
      await collections.invite(w.db, w.users.moderator, name, { workId: await memberWork(w) });
      return { url: `/collection_items/${await lastItem(w)}/answer`, form: { action: 'accept' } };
    },
  },
  'GET /collections/:name/delete': {
    allowed: ['owner'],
    request: async (w) => ({ url: `/collections/${await collection(w)}/delete` }),
  },
  'POST /collections/:name/delete': {
    allowed: ['owner'],
    request: async (w) => {
      const name = await collection(w);
      return { url: `/collections/${name}/delete`, form: { confirm: name } };
    },
  },
  'POST /gifts/:id/refuse': {
    allowed: ['member'],
    request: async (w) => {
      const workId = (await makeWork(w.db, { creator: w.users.owner })).workId;
      await setWorkGifts(w.db.db, w.users.owner, workId, ['member'], new Date().toISOString());
      const row = await w.db.db
        .selectFrom('gifts')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      return { url: `/gifts/${Number(row.id)}/refuse` };
    },
  },
};

/** A user with a session, and a browser carrying it. */
async function signedIn(app: FastifyInstance, db: Database, username: string) {
  const user = await insertUser(db.db, { username, email: null, passwordHash: '!', role: 'reader' });
  const token = await startSession(db, user.id);
  const browser = new TestBrowser(app);
  browser.cookies.set('quire_session', token);
  return { user: (await sessionFromToken(db, token))!, browser };
}

describeEachDialect('authorization of collections and gifts', (ctx) => {
  test('every collection and gift route: guest, another reader, member, moderator, owner', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    await app.ready();
    const browsers = { guest: new TestBrowser(app) } as Record<Actor, TestBrowser>;
    const users = {} as World['users'];
    for (const actor of ['other', 'member', 'moderator', 'owner'] as const) {
      const s = await signedIn(app, ctx.database, actor);
      users[actor] = s.user;
      browsers[actor] = s.browser;
    }
    const w: World = { db: ctx.database, users };
    const routes = app.quireRoutes.filter((r) => COLLECTION_ROUTES.test(r));
    assert.deepEqual(
      routes.filter(
        (r) =>
          !CASES[r] &&
          !r.startsWith('GET /collections/:name/feed') &&
          // Prompt memes and gift exchanges have their own matrices: prompt-memes/ and exchanges/authorization.test.ts.
          !/\/(prompts|prompt_meme)(\/|$)/.test(r) &&
          !/^(GET|POST) \/collections\/:name\/(exchange|signups|matching|assignments)(\/|$)/.test(r),
      ),
      [],
      'every collection route has a row in this test',
    );
    assert.deepEqual(await matrixMismatches(Object.entries(CASES), ACTORS, browsers, w, 'owner'), []);
  });
});

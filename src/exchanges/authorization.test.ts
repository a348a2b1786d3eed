// The authorization matrix of gift exchanges: every exchange route (the exchange's page and
// settings, sign-ups, matching, assignments, a writer's assignments) tried by a guest, another
// reader, a member (who signed up and writes an assignment), a moderator and the owner. The route
// list comes from the server, so a new exchange route without a row fails this test. Every form
// also refuses a missing CSRF token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sessionFromToken, startSession, type SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import * as collections from '../collections/collections.service.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { form, runJobs, SETTINGS } from '../testing/gift-exchanges.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeUser } from '../testing/users.ts';
import * as assignments from './assignments.service.ts';
import * as exchanges from './exchanges.service.ts';
import { matrixMismatches } from '../testing/authorization-matrix.ts';

type Actor = 'guest' | 'other' | 'member' | 'moderator' | 'owner';
const ACTORS: Actor[] = ['guest', 'other', 'member', 'moderator', 'owner'];
const SIGNED_IN: Actor[] = ['other', 'member', 'moderator', 'owner'];
const RUNS: Actor[] = ['moderator', 'owner'];
/** The routes this matrix answers for (collections/authorization.test.ts leaves them to it). */
const EXCHANGE_ROUTES =
  /^(GET|POST) \/collections\/:name\/(exchange|signups|matching|assignments)(\/|$)|^GET \/users\/:username\/assignments$|^GET \/assignments$/;

interface World {
  db: Database;
  users: Record<Exclude<Actor, 'guest'>, SignedIn>;
  fans: SignedIn[];
}

let serial = 0;
type Stage = 'open' | 'closed' | 'matched' | 'sent';

/**
 * A fresh exchange of the owner's at a stage, with a moderator and a member named; the member and
 * two fans sign up in a ring of fandoms, so that matching gives each of them an assignment.
 */
async function exchange(w: World, stage: Stage): Promise<string> {
  const name = `swap_${++serial}`;
  await collections.createCollection(w.db, w.users.owner, {
    ...{ name, title: 'A swap', description: '', parent: '' },
    ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
  });
  await collections.setParticipant(w.db, w.users.owner, name, 'moderator', 'moderator');
  await collections.setParticipant(w.db, w.users.owner, name, 'member', 'member');
  await exchanges.saveExchange(w.db, w.users.owner, name, form(SETTINGS));
  const fandoms = ['Harbour Lights', 'Salt Roads', 'Tide Clock'];
  for (const [i, user] of [w.users.member, ...w.fans].entries())
    await exchanges.saveSignup(
      w.db,
      user,
      name,
      form({ request_1_fandom: fandoms[i]!, request_1_description: 'A story.', offer_1_fandom: fandoms[(i + 1) % 3]! }),
    );
  if (stage === 'open') return name;
  await exchanges.saveExchange(w.db, w.users.owner, name, form({ ...SETTINGS, signups_open: '' }));
  if (stage === 'closed') return name;
  await assignments.startMatching(w.db, w.users.owner, name);
  await runJobs(w.db);
  if (stage === 'sent') await assignments.sendAssignments(w.db, w.users.owner, name);
  return name;
}

/** The member's assignment in a sent exchange. */
async function memberAssignment(w: World): Promise<{ name: string; id: number }> {
  const name = await exchange(w, 'sent');
  const c = await exchanges.collectionNamed(w.db.db, name);
  const mine = await assignments.myAssignments(w.db, w.users.member);
  return { name, id: mine.find((m) => m.assignment.collectionId === c.id)!.assignment.id };
}

type Request = { url: string; form?: Record<string, string> };
type Case = { route: string; allowed: Actor[]; request: (w: World) => Promise<Request> };

const action = (
  what: string,
  allowed: Actor[],
  before?: (w: World, a: { name: string; id: number }) => Promise<void>,
): Case => ({
  route: 'POST /collections/:name/assignments/:id/:action',
  allowed,
  request: async (w) => {
    const a = await memberAssignment(w);
    await before?.(w, a);
    return { url: `/collections/${a.name}/assignments/${a.id}/${what}`, form: { username: 'other' } };
  },
});

const CASES: Case[] = [
  {
    route: 'GET /collections/:name/exchange',
    allowed: ACTORS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/exchange` }),
  },
  {
    route: 'GET /collections/:name/exchange/edit',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/exchange/edit` }),
  },
  {
    route: 'POST /collections/:name/exchange',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/exchange`, form: SETTINGS }),
  },
  {
    route: 'GET /collections/:name/signups',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/signups` }),
  },
  {
    route: 'GET /collections/:name/signups/new',
    allowed: SIGNED_IN,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/signups/new` }),
  },
  {
    route: 'POST /collections/:name/signups',
    allowed: SIGNED_IN,
    request: async (w) => ({
      url: `/collections/${await exchange(w, 'open')}/signups`,
      form: { request_1_fandom: 'Tide Clock', request_1_description: 'Clocks.', offer_1_fandom: 'Salt Roads' },
    }),
  },
  {
    // Only someone who signed up can withdraw: the member did.
    route: 'POST /collections/:name/signups/withdraw',
    allowed: ['member'],
    request: async (w) => ({ url: `/collections/${await exchange(w, 'open')}/signups/withdraw` }),
  },
  {
    // Taking a participant off: the moderators, before the assignments go out.
    route: 'POST /collections/:name/signups/:id/remove',
    allowed: RUNS,
    request: async (w) => {
      const name = await exchange(w, 'closed');
      const c = await exchanges.collectionNamed(w.db.db, name);
      const [first] = await w.db.db
        .selectFrom('exchange_signups')
        .select('id')
        .where('collection_id', '=', c.id)
        .orderBy('id')
        .execute();
      return { url: `/collections/${name}/signups/${first!.id}/remove` };
    },
  },
  {
    route: 'POST /collections/:name/matching',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'closed')}/matching` }),
  },
  {
    route: 'GET /collections/:name/assignments',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'sent')}/assignments` }),
  },
  {
    route: 'POST /collections/:name/assignments/send',
    allowed: RUNS,
    request: async (w) => ({ url: `/collections/${await exchange(w, 'matched')}/assignments/send` }),
  },
  // The writer defaults their own; moderators may mark it so too.
  action('default', ['member', 'moderator', 'owner']),
  action('pinch_hit', RUNS, (w, a) => assignments.defaultAssignment(w.db, w.users.member, a.name, a.id)),
  action('fulfil', RUNS),
  action('purge', RUNS),
  { route: 'GET /assignments', allowed: SIGNED_IN, request: async () => ({ url: '/assignments' }) },
  {
    route: 'GET /users/:username/assignments',
    allowed: ['member'],
    request: async () => ({ url: '/users/member/assignments' }),
  },
];

async function signedIn(db: Database, app: FastifyInstance, username: string) {
  const user = await insertUser(db.db, { username, email: null, passwordHash: '!', role: 'reader' });
  const token = await startSession(db, user.id);
  const browser = new TestBrowser(app);
  browser.cookies.set('quire_session', token);
  return { user: (await sessionFromToken(db, token))!, browser };
}

describeEachDialect('authorization of gift exchanges', (ctx) => {
  test('every exchange route: guest, another reader, member, moderator, owner', { timeout: 240_000 }, async () => {
    const app = await testServer(ctx.database, { suggest: null });
    await app.ready();
    const browsers = { guest: new TestBrowser(app) } as Record<Actor, TestBrowser>;
    const users = {} as World['users'];
    for (const actor of ['other', 'member', 'moderator', 'owner'] as const) {
      const s = await signedIn(ctx.database, app, actor);
      users[actor] = s.user;
      browsers[actor] = s.browser;
    }
    const fans = [await makeUser(ctx.database, 'fan_one'), await makeUser(ctx.database, 'fan_two')];
    const w: World = { db: ctx.database, users, fans };
    const covered = new Set(CASES.map((c) => c.route));
    assert.deepEqual(
      app.quireRoutes.filter((r) => EXCHANGE_ROUTES.test(r) && !covered.has(r)),
      [],
      'every exchange route has a row in this test',
    );
    const rows = CASES.map((c) => [c.route, c] as const);
    assert.deepEqual(await matrixMismatches(rows, ACTORS, browsers, w, 'owner'), []);
    await app.close();
  });
});

// The authorization matrix of prompt memes: every prompt meme route, tried by a guest, another
// reader, a member (who posted the prompt, claimed it and wrote the work that fills it), a
// moderator and the owner. The route list comes from the server, so a new route without a row
// fails this test. Every form also refuses a missing CSRF token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionFromToken, startSession, type SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import type { Database } from '../db/database.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { TestBrowser, testServer } from '../testing/server.ts';
import { makeWork } from '../testing/works.ts';
import * as collections from '../collections/collections.service.ts';
import * as memes from './prompt-memes.service.ts';
import { matrixMismatches } from '../testing/authorization-matrix.ts';

type Actor = 'guest' | 'other' | 'member' | 'moderator' | 'owner';
const ACTORS: Actor[] = ['guest', 'other', 'member', 'moderator', 'owner'];
const SIGNED_IN: Actor[] = ['other', 'member', 'moderator', 'owner'];
const PROMPT_ROUTES = /^(GET|POST) (\/collections\/:name\/(prompts|prompt_meme)|\/prompts|\/claims)(\/|$)/;

interface World {
  db: Database;
  users: Record<Exclude<Actor, 'guest'>, SignedIn>;
}

let serial = 0;
const MEME = { promptsOpen: true, anonymousAllowed: true, promptsPerMember: '50', tagTypes: ['fandom'], fandoms: '' };

/** A fresh prompt meme of the owner's, with a moderator and a member named. */
async function meme(w: World): Promise<string> {
  const name = `meme_${++serial}`;
  await collections.createCollection(w.db, w.users.owner, {
    ...{ name, title: 'A meme', description: '', parent: '' },
    ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
  });
  await collections.setParticipant(w.db, w.users.owner, name, 'moderator', 'moderator');
  await collections.setParticipant(w.db, w.users.owner, name, 'member', 'member');
  await memes.saveMemeSettings(w.db, w.users.owner, name, MEME);
  return name;
}

/** A fresh anonymous prompt of the member's, claimed by them. */
async function prompt(w: World): Promise<number> {
  const fields = { title: 'A prompt', description: '', anonymous: true, tags: { fandom: 'Original Work' } };
  const id = await memes.postPrompt(w.db, w.users.member, await meme(w), fields);
  await memes.claim(w.db, w.users.member, id);
  return id;
}

type Case = { allowed: Actor[]; request: (w: World) => Promise<{ url: string; form?: Record<string, string> }> };

const PROMPT_FORM = { title: 'Harbour lights', fandom: 'Original Work' };

const CASES: Record<string, Case> = {
  'GET /collections/:name/prompt_meme': {
    allowed: ['moderator', 'owner'],
    request: async (w) => ({ url: `/collections/${await meme(w)}/prompt_meme` }),
  },
  'POST /collections/:name/prompt_meme': {
    allowed: ['moderator', 'owner'],
    request: async (w) => ({
      url: `/collections/${await meme(w)}/prompt_meme`,
      form: { prompts_open: '1', prompts_per_member: '3', tag_types: 'fandom' },
    }),
  },
  'GET /collections/:name/prompts': {
    allowed: ACTORS,
    request: async (w) => ({ url: `/collections/${await meme(w)}/prompts?status=unclaimed` }),
  },
  'GET /collections/:name/prompts/new': {
    allowed: SIGNED_IN,
    request: async (w) => ({ url: `/collections/${await meme(w)}/prompts/new` }),
  },
  'POST /collections/:name/prompts': {
    allowed: SIGNED_IN,
    request: async (w) => ({ url: `/collections/${await meme(w)}/prompts`, form: PROMPT_FORM }),
  },
  'GET /prompts/:id': { allowed: ACTORS, request: async (w) => ({ url: `/prompts/${await prompt(w)}` }) },
  'GET /prompts/:id/edit': { allowed: ['member'], request: async (w) => ({ url: `/prompts/${await prompt(w)}/edit` }) },
  'POST /prompts/:id/edit': {
    allowed: ['member'],
    request: async (w) => ({ url: `/prompts/${await prompt(w)}/edit`, form: PROMPT_FORM }),
  },
  'POST /prompts/:id/delete': {
    allowed: ['member', 'moderator', 'owner'],
    request: async (w) => ({ url: `/prompts/${await prompt(w)}/delete` }),
  },
  'POST /prompts/:id/claim': {
    allowed: SIGNED_IN,
    request: async (w) => ({ url: `/prompts/${await prompt(w)}/claim` }),
  },
  'POST /prompts/:id/unclaim': {
    // Only a claim of one's own can be dropped.
    allowed: ['member'],
    request: async (w) => ({ url: `/prompts/${await prompt(w)}/unclaim` }),
  },
  'POST /prompts/:id/fill': {
    // Only with a work of one's own.
    allowed: ['member'],
    request: async (w) => ({
      url: `/prompts/${await prompt(w)}/fill`,
      form: { work_id: String((await makeWork(w.db, { creator: w.users.member })).workId) },
    }),
  },
  'GET /claims': { allowed: SIGNED_IN, request: async () => ({ url: '/claims' }) },
};

describeEachDialect('authorization of prompt memes', (ctx) => {
  test('every prompt meme route: guest, another reader, member, moderator, owner', async () => {
    const app = await testServer(ctx.database, { suggest: null });
    await app.ready();
    const browsers = { guest: new TestBrowser(app) } as Record<Actor, TestBrowser>;
    const users = {} as World['users'];
    for (const actor of ['other', 'member', 'moderator', 'owner'] as const) {
      const user = await insertUser(ctx.database.db, {
        username: actor,
        email: null,
        passwordHash: '!',
        role: 'reader',
      });
      const token = await startSession(ctx.database, user.id);
      browsers[actor] = new TestBrowser(app);
      browsers[actor].cookies.set('quire_session', token);
      users[actor] = (await sessionFromToken(ctx.database, token))!;
    }
    const w: World = { db: ctx.database, users };
    const routes = app.quireRoutes.filter((r) => PROMPT_ROUTES.test(r));
    assert.deepEqual(
      routes.filter((r) => !CASES[r]),
      [],
      'every prompt meme route has a row in this test',
    );
    assert.deepEqual(await matrixMismatches(Object.entries(CASES), ACTORS, browsers, w, 'member'), []);
  });
});

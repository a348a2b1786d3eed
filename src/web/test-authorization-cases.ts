// The rows of the authorization matrix (authorization.test.ts): every state-changing route with
// who may use it, and the world its requests are built in.
import type { FastifyInstance } from 'fastify';
import { createApiToken, type SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { findOrCreateTag } from '../tags/tags.repo.ts';
import { createDraft, saveWork } from '../works/posting.service.ts';
import type { WorkFields } from '../works/posting-rules.ts';
import type { TestBrowser } from '../testing/server.ts';
import { unsubscribeToken } from '../notices/notices.service.ts';
import { makeUser } from '../testing/users.ts';
import { answerInvitation } from '../works/creatorships.service.ts';
import { jobQueue } from '../jobs/queue.ts';
import { workFields } from '../testing/works.ts';

export type Actor = 'guest' | 'other' | 'owner' | 'admin';
/** Routes whose token in the URL is the whole authentication (one-click unsubscribe). */
export const TOKEN_AUTHENTICATED = ['POST /unsubscribe/:token'];
export const ACTORS: Actor[] = ['guest', 'other', 'owner', 'admin'];

export interface World {
  db: Database;
  app: FastifyInstance;
  users: Record<Exclude<Actor, 'guest'>, SignedIn>;
  browsers: Record<Actor, TestBrowser>;
  tokens: Record<Exclude<Actor, 'guest'>, string>;
}

/** A fresh posted two-chapter work of the owner's, with an open suggestion. */
async function work(w: World): Promise<number> {
  const id = await createDraft(
    w.db,
    w.users.owner,
    { text: 'Chapter 1\n\nThe lamp was dark.\n\nChapter 2\n\nThe ice let go.' },
    () => [{ type: 'freeform', name: 'Lamps', confidence: 0.5, evidence: [] }],
  );
  await saveWork(w.db, w.users.owner, id, WORK_FIELDS, { post: true });
  return id;
}

const WORK_FIELDS: WorkFields = workFields();

/** A job out of tries, for the dead-letter list (any other probe claimed meanwhile fails with it). */
async function deadJob(w: World): Promise<string> {
  const queue = await jobQueue(w.db);
  const id = (await queue.enqueue('jobs.probe', { token: 'authorization' }))!;
  while ((await queue.inspect(id))?.state !== 'dead')
    for (const job of await queue.claim(['jobs.probe'], 10)) await queue.fail(job, 'failed for the test');
  return id;
}

const thirds = new WeakMap<World, SignedIn>();

/** A writer who is none of the four actors, for works the owner shares with someone. */
async function third(w: World): Promise<SignedIn> {
  if (!thirds.has(w)) thirds.set(w, await makeUser(w.db, 'third'));
  return thirds.get(w)!;
}

/** A fresh work of `by`'s that invites `invite`'s default pseud (accepted when `accepted`). */
async function sharedWork(w: World, by: SignedIn, invite: string, accepted: SignedIn | null): Promise<number> {
  const id = await createDraft(w.db, by, { text: 'The lamp was dark.' });
  await saveWork(w.db, by, id, { ...WORK_FIELDS, coCreators: [invite] }, { post: true });
  if (accepted) await answerInvitation(w.db, accepted, await lastId(w, 'creator_invitations'), 'accept');
  return id;
}

async function lastId(
  w: World,
  table: 'comments' | 'bookmarks' | 'saved_searches' | 'api_tokens' | 'reports' | 'tags' | 'creator_invitations',
): Promise<number> {
  const row = await w.db.db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

type Case = { allowed: Actor[]; request: (w: World) => Promise<{ url: string; form?: Record<string, string> }> };

/** The owner of what a route changes is always the reader called 'owner'. */
export const CASES: Record<string, Case> = {
  // Open to anyone, guests included.
  'POST /users': {
    allowed: ACTORS,
    request: async () => ({
      url: '/users',
      form: {
        username: `new_${Math.random().toString(36).slice(2, 8)}`,
        email: '',
        password: 'a-long-enough-password',
      },
    }),
  },
  'POST /login': {
    allowed: ACTORS,
    request: async () => ({ url: '/login', form: { login: 'owner', password: 'a-long-enough-password' } }),
  },
  'POST /logout': { allowed: ACTORS, request: async () => ({ url: '/logout' }) },
  'POST /password/reset': {
    allowed: ACTORS,
    request: async () => ({ url: '/password/reset', form: { login: 'owner' } }),
  },
  'POST /password/reset/:token': {
    allowed: [],
    request: async () => ({ url: '/password/reset/not-a-real-token', form: { password: 'another-long-password' } }),
  },
  'POST /works/:id/kudos': {
    allowed: ['guest', 'other', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/kudos` }),
  },
  'POST /works/:id/comments': {
    allowed: ACTORS,
    request: async (w) => ({
      url: `/works/${await work(w)}/comments`,
      form: { body: 'Lovely.', guest_name: 'A guest' },
    }),
  },
  // Any signed-in reader, acting on their own things.
  'POST /works/new': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/works/new', form: { text: 'A short story about a lamp.' } }),
  },
  'POST /works/:id/bookmark': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/bookmark`, form: { notes: 'Good.', tags: 'lamps' } }),
  },
  'POST /reports': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({
      url: '/reports',
      form: { target_type: 'work', target_id: String(await work(w)), reason: 'This looks like spam to me.' },
    }),
  },
  'POST /inbox/read': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/inbox/read', form: { action: 'all' } }),
  },
  'POST /subscriptions': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: '/subscriptions', form: { type: 'work', id: String(await work(w)) } }),
  },
  'POST /subscriptions/remove': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: '/subscriptions/remove', form: { type: 'work', id: String(await work(w)) } }),
  },
  'POST /history/later': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: '/history/later', form: { work: String(await work(w)), later: '1' } }),
  },
  'POST /history/clear': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/history/clear', form: { all: '1' } }),
  },
  'POST /searches': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/searches', form: { name: 'Lamps', params: 'q=lamp' } }),
  },
  // Only the creator, not even an admin, writes their profile.
  'POST /users/:username/profile': {
    allowed: ['owner'],
    request: async () => ({ url: '/users/owner/profile', form: { profile: 'I write about <em>lamps</em>.' } }),
  },
  'POST /account/password': {
    allowed: [],
    request: async () => ({ url: '/account/password', form: { current: 'wrong-password', password: 'x' } }),
  },
  'POST /account/pseuds': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/account/pseuds', form: { name: `p${Math.random().toString(36).slice(2, 8)}` } }),
  },
  'POST /account/blocked': {
    allowed: ['other', 'admin'],
    request: async () => ({ url: '/account/blocked', form: { username: 'owner', kind: 'mute' } }),
  },
  'POST /account/blocked/remove': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/account/blocked/remove', form: { username: 'nobody_blocked', kind: 'mute' } }),
  },
  'POST /account/blocklist': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({
      url: '/account/blocklist',
      form: { tag: (await findOrCreateTag(w.db.db, 'freeform', 'Angst', true)).name },
    }),
  },
  'POST /account/blocklist/remove': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({
      url: '/account/blocklist/remove',
      form: { tag_id: String((await findOrCreateTag(w.db.db, 'freeform', 'Angst', true)).id) },
    }),
  },
  'POST /account/hidden': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: '/account/hidden', form: { work: String(await work(w)) } }),
  },
  'POST /account/hidden/remove': {
    allowed: ['other', 'owner', 'admin'],
    request: async (w) => ({ url: '/account/hidden/remove', form: { work: String(await work(w)) } }),
  },
  // Only the account's own reader; not even an admin (AO3 keeps preferences to the user).
  'POST /users/:username/preferences': {
    allowed: ['owner'],
    request: async () => ({
      url: '/users/owner/preferences',
      form: { view_adult: '1', hide_warnings: '1', time_zone: 'Asia/Tokyo' },
    }),
  },
  'POST /account/tokens': {
    allowed: ['other', 'owner', 'admin'],
    request: async () => ({ url: '/account/tokens', form: { name: 'reader app' } }),
  },
  // Authenticated by the signed token in the URL alone (RFC 8058): whoever holds the link.
  'POST /unsubscribe/:token': {
    allowed: ACTORS,
    request: async (w) => ({
      url: `/unsubscribe/${await unsubscribeToken(w.db.db, w.users.owner.id, 'comments')}`,
      form: { 'List-Unsubscribe': 'One-Click' },
    }),
  },
  // The owner's things: their works, comments, bookmarks, searches and tokens.
  'POST /users/:username/preferences/email': {
    allowed: ['owner'],
    request: async () => ({ url: '/users/owner/preferences/email', form: { comments: '1', kudos: '1' } }),
  },
  'POST /works/:id/edit': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({
      url: `/works/${await work(w)}/edit`,
      form: {
        action: 'save',
        title: 'Changed',
        rating: 'General Audiences',
        warnings: 'No Archive Warnings Apply',
        fandoms: 'Original Work',
        language: 'en',
        comment_policy: 'open',
      },
    }),
  },
  'POST /works/:id/suggestions': {
    allowed: ['owner', 'admin'],
    request: async (w) => {
      const id = await work(w);
      const tag = await w.db.db
        .selectFrom('taggings')
        .select('tag_id')
        .where('work_id', '=', id)
        .where('status', '=', 'suggested')
        .executeTakeFirstOrThrow();
      return { url: `/works/${id}/suggestions`, form: { tag: String(tag.tag_id), decision: 'accept' } };
    },
  },
  'POST /works/:id/delete': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/delete`, form: { confirm: 'yes' } }),
  },
  'POST /works/:id/orphan': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/orphan` }),
  },
  'POST /works/:id/leave': {
    // The owner shares the work with a third writer; only a creator may step off it.
    allowed: ['owner'],
    request: async (w) => ({ url: `/works/${await sharedWork(w, w.users.owner, 'third', await third(w))}/leave` }),
  },
  'POST /creatorships/:id': {
    // A third writer invites the owner: only the invited may answer, admins included.
    allowed: ['owner'],
    request: async (w) => {
      await sharedWork(w, await third(w), 'owner', null);
      return { url: `/creatorships/${await lastId(w, 'creator_invitations')}`, form: { action: 'accept' } };
    },
  },
  'POST /works/:id/chapters': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/chapters`, form: { title: 'Three', text: 'Summer came.' } }),
  },
  'POST /works/:id/chapters/order': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/chapters/order`, form: { order_1: '2', order_2: '1' } }),
  },
  'POST /works/:id/chapters/:position/edit': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({
      url: `/works/${await work(w)}/chapters/1/edit`,
      form: { title: 'One', text: 'Rewritten.' },
    }),
  },
  'POST /works/:id/chapters/:position/delete': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/chapters/2/delete` }),
  },
  'POST /works/:id/comment_policy': {
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/works/${await work(w)}/comment_policy`, form: { policy: 'registered' } }),
  },
  'POST /comments/:id/edit': {
    allowed: ['owner'],
    request: async (w) => {
      await w.browsers.owner.post(`/works/${await work(w)}/comments`, { body: 'First!' });
      return { url: `/comments/${await lastId(w, 'comments')}/edit`, form: { body: 'Edited.' } };
    },
  },
  'POST /comments/:id/delete': {
    allowed: ['owner', 'admin'],
    request: async (w) => {
      await w.browsers.owner.post(`/works/${await work(w)}/comments`, { body: 'First!' });
      return { url: `/comments/${await lastId(w, 'comments')}/delete` };
    },
  },
  'POST /comments/:id/moderate': {
    allowed: ['owner', 'admin'],
    request: async (w) => {
      await w.browsers.other.post(`/works/${await work(w)}/comments`, { body: 'Buy cheap lamps!' });
      return { url: `/comments/${await lastId(w, 'comments')}/moderate`, form: { action: 'spam' } };
    },
  },
  'POST /comments/:id/freeze': {
    allowed: ['owner', 'admin'],
    request: async (w) => {
      await w.browsers.other.post(`/works/${await work(w)}/comments`, { body: 'A thread to freeze.' });
      return { url: `/comments/${await lastId(w, 'comments')}/freeze`, form: { action: 'freeze' } };
    },
  },
  'POST /bookmarks/:id/delete': {
    allowed: ['owner'],
    request: async (w) => {
      await w.browsers.owner.post(`/works/${await work(w)}/bookmark`, { notes: 'Mine.' });
      return { url: `/bookmarks/${await lastId(w, 'bookmarks')}/delete` };
    },
  },
  'POST /searches/:id/rename': {
    allowed: ['owner'],
    request: async (w) => {
      await w.browsers.owner.post('/searches', { name: 'Mine', params: 'q=lamp' });
      return { url: `/searches/${await lastId(w, 'saved_searches')}/rename`, form: { name: 'Renamed' } };
    },
  },
  'POST /searches/:id/delete': {
    allowed: ['owner'],
    request: async (w) => {
      await w.browsers.owner.post('/searches', { name: 'Mine', params: 'q=lamp' });
      return { url: `/searches/${await lastId(w, 'saved_searches')}/delete` };
    },
  },
  'POST /account/tokens/:id/revoke': {
    allowed: ['owner'],
    request: async (w) => {
      await createApiToken(w.db, w.users.owner, 'to revoke');
      return { url: `/account/tokens/${await lastId(w, 'api_tokens')}/revoke` };
    },
  },
  // Staff.
  'POST /admin/suggestions': {
    allowed: ['admin'],
    request: async () => ({
      url: '/admin/suggestions',
      form: { tag: 'No Archive Warnings Apply', state: 'suggested', decision: 'accept' },
    }),
  },
  'POST /admin/tags/:tag': {
    allowed: ['admin'],
    request: async (w) => ({
      url: `/admin/tags/${(await findOrCreateTag(w.db.db, 'freeform', `Tag ${Math.random()}`.replace('.', ''))).name.replace(/ /g, '%20')}`,
      form: { action: 'canonical' },
    }),
  },
  'POST /admin/tags/:tag/media': {
    allowed: ['admin'],
    request: async (w) => ({
      url: `/admin/tags/${(await findOrCreateTag(w.db.db, 'fandom', `Fandom ${Math.random()}`.replace('.', ''))).name.replace(/ /g, '%20')}/media`,
      form: { media: 'Theater' },
    }),
  },
  'POST /admin/reports/:id': {
    allowed: ['admin'],
    request: async (w) => {
      await w.browsers.other.post('/reports', {
        target_type: 'work',
        target_id: String(await work(w)),
        reason: 'This looks like spam to me.',
      });
      return { url: `/admin/reports/${await lastId(w, 'reports')}`, form: { action: 'resolve' } };
    },
  },
  'POST /admin/jobs/:id/retry': {
    allowed: ['admin'],
    request: async (w) => ({ url: `/admin/jobs/${await deadJob(w)}/retry` }),
  },
};

/** API writes, by bearer token. */
export const API_CASES: Record<string, Case & { method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown }> = {
  'POST /api/v1/works': {
    method: 'POST',
    allowed: ['other', 'owner', 'admin'],
    body: { text: 'A lamp.' },
    request: async () => ({ url: '/api/v1/works' }),
  },
  'PATCH /api/v1/works/:id': {
    method: 'PATCH',
    allowed: ['owner', 'admin'],
    body: { summary: 'New.' },
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}` }),
  },
  'DELETE /api/v1/works/:id': {
    method: 'DELETE',
    allowed: ['owner', 'admin'],
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}` }),
  },
  'POST /api/v1/works/:id/chapters': {
    method: 'POST',
    allowed: ['owner', 'admin'],
    body: { text: 'More.' },
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}/chapters` }),
  },
  'POST /api/v1/works/:id/kudos': {
    method: 'POST',
    allowed: ['other', 'admin'],
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}/kudos` }),
  },
  'PUT /api/v1/works/:id/bookmark': {
    method: 'PUT',
    allowed: ['other', 'owner', 'admin'],
    body: { notes: 'x' },
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}/bookmark` }),
  },
  'DELETE /api/v1/works/:id/bookmark': {
    method: 'DELETE',
    allowed: [],
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}/bookmark` }),
  },
  'PATCH /api/v1/users/:username/preferences': {
    method: 'PATCH',
    allowed: ['owner'],
    body: { hideFreeforms: true },
    request: async () => ({ url: '/api/v1/users/owner/preferences' }),
  },
  'PUT /api/v1/works/:id/chapters/:position': {
    method: 'PUT',
    allowed: ['owner', 'admin'],
    body: { text: 'Again.' },
    request: async (w) => ({ url: `/api/v1/works/${await work(w)}/chapters/1` }),
  },
};

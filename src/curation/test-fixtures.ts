// Test helpers for curation: readers without the cost of hashing a password, works credited to
// them, series made with plain SQL, and a server with this folder's routes on it (the lead's route
// table may or may not list them yet; each is added only when missing).
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { sessionFromToken, startSession, type SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import type { Database } from '../db/database.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import { buildServer } from '../web/server.ts';
import { setCreators } from '../works/works.repo.ts';
import { importWork } from '../works/works.service.ts';
import { curationRoutes } from './curation.routes.ts';

/** The routes to list in src/web/routes.ts: method, path, handler of curationRoutes(database). */
export const CURATION_ROUTES: [
  method: 'GET' | 'POST',
  path: string,
  handler: keyof ReturnType<typeof curationRoutes>,
][] = [
  ['GET', '/inbox', 'inbox'],
  ['POST', '/inbox/read', 'inboxRead'],
  ['GET', '/subscriptions', 'subscriptions'],
  ['POST', '/subscriptions', 'subscribe'],
  ['POST', '/subscriptions/remove', 'unsubscribe'],
  ['GET', '/history', 'history'],
  ['POST', '/history/later', 'markForLater'],
  ['POST', '/history/clear', 'clearHistory'],
  ['GET', '/account/blocked', 'blocked'],
  ['POST', '/account/blocked', 'block'],
  ['POST', '/account/blocked/remove', 'unblock'],
  ['GET', '/searches', 'searches'],
  ['POST', '/searches', 'saveSearch'],
  ['POST', '/searches/:id/rename', 'renameSearch'],
  ['POST', '/searches/:id/delete', 'deleteSearch'],
  ['GET', '/account/blocklist', 'blocklist'],
  ['POST', '/account/blocklist', 'blockTag'],
  ['POST', '/account/blocklist/remove', 'unblockTag'],
  ['GET', '/account/hidden', 'hidden'],
  ['POST', '/account/hidden', 'hide'],
  ['POST', '/account/hidden/remove', 'unhide'],
];

/** `extra` adds test-only routes: Fastify takes routes only until the first request. */
export async function curationServer(
  database: Database,
  extra?: (app: FastifyInstance) => void,
): Promise<FastifyInstance> {
  const app = await buildServer(database);
  extra?.(app);
  const h = curationRoutes(database);
  for (const [method, url, name] of CURATION_ROUTES) {
    if (!app.hasRoute({ method, url })) app.route({ method, url, handler: h[name] as RouteHandlerMethod });
  }
  return app;
}

/** A reader with a real session, made without hashing a password. */
export async function makeReader(database: Database, username: string): Promise<SignedIn> {
  const user = await insertUser(database.db, { username, email: null, passwordHash: 'x', role: 'reader' });
  const viewer = await sessionFromToken(database, await startSession(database, user.id));
  if (!viewer) throw new Error('no session');
  return viewer;
}

let counter = 0;

export interface WorkSpec {
  title: string;
  /** Credited to this user's default pseud; the importer's when absent. */
  creator?: { id: number };
  tags?: [type: string, name: string][];
  chapters?: number;
  draft?: boolean;
}

/** A work with its chapters; returns its id and its chapters' ids in order. */
export async function makeWork(database: Database, spec: WorkSpec): Promise<{ workId: number; chapterIds: number[] }> {
  const n = ++counter;
  const chapters = Array.from({ length: spec.chapters ?? 1 }, (_, i) => ({
    title: null,
    html: `<p>${spec.title}, part ${i + 1}. Words ${n}.</p>`,
    notes: [],
  }));
  const parsed: ParsedWork = {
    title: spec.title,
    provisionalTitle: spec.title,
    summary: null,
    notes: [],
    chapters,
    language: 'en',
    tags: (spec.tags ?? []).map(([type, name]) => ({ type, name })),
    creators: [],
    source: { filename: `${n}.txt`, format: 'txt' },
  };
  const { workId } = await importWork(database, parsed, {
    path: `/curation-test/${n}-${process.pid}-${Date.now()}`,
    hash: `curation-${n}-${Math.random()}`,
  });
  if (spec.creator) {
    const pseud = await database.db
      .selectFrom('pseuds')
      .select('id')
      .where('user_id', '=', spec.creator.id)
      .where('is_default', '=', 1)
      .executeTakeFirstOrThrow();
    await setCreators(database.db, workId, [pseud.id]);
  }
  if (spec.draft) {
    await database.db.updateTable('works').set({ draft: 1 }).where('id', '=', workId).execute();
    await reindexWorks(database, [workId]);
  }
  const rows = await database.db
    .selectFrom('chapters')
    .select('id')
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
  return { workId, chapterIds: rows.map((r) => r.id) };
}

/** A series of these works in order, by plain SQL (series pages and their posting are not ours). */
export async function makeSeries(database: Database, title: string, workIds: number[]): Promise<number> {
  const at = new Date().toISOString();
  const row = await database.db
    .insertInto('series')
    .values({ title, summary: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, workId] of workIds.entries())
    await database.db
      .insertInto('series_works')
      .values({ series_id: row.id, work_id: workId, position: i + 1 })
      .execute();
  return row.id;
}

// Shared set-up for the community tests: readers without the cost of password hashing, works
// credited to a reader, and a server with the community routes registered as routes.ts will.
import type { FastifyInstance } from 'fastify';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { insertUser } from '../accounts/accounts.repo.ts';
import type { Database } from '../db/database.ts';
import type { ParsedWork } from '../importers/parsed-work.ts';
import { buildServer } from '../web/server.ts';
import { setCreators } from '../works/works.repo.ts';
import { importWork } from '../works/works.service.ts';
import { communityRoutes } from './community.routes.ts';

let seq = 0;

/** A reader as the accounts service would hand one out (no password: they never sign in). */
export async function reader(
  database: Database,
  username: string,
  role: 'reader' | 'admin' = 'reader',
): Promise<SignedIn> {
  const u = await insertUser(database.db, { username, email: null, passwordHash: '!', role });
  return { id: u.id, username: u.username, role } as SignedIn;
}

export function parsedWork(overrides: Partial<ParsedWork> = {}): ParsedWork {
  return {
    title: 'Salt and Lantern Light',
    provisionalTitle: 'Salt and Lantern Light',
    summary: 'Wren keeps the light.',
    notes: [],
    chapters: [
      { title: 'Chapter 1: Dark', html: '<p>The lamp had been dark for nine nights.</p>', notes: [] },
      { title: 'Chapter 2: Thaw', html: '<p>The thaw came late that year.</p>', notes: [] },
    ],
    language: 'en',
    tags: [
      { type: 'rating', name: 'General Audiences' },
      { type: 'freeform', name: 'Lighthouses' },
    ],
    creators: [],
    source: { filename: 'salt.txt', format: 'txt' },
    ...overrides,
  };
}

/** A work credited to the reader's default pseud (or the importer when none is given). */
export async function postedWork(
  database: Database,
  creator?: SignedIn,
  overrides: Partial<ParsedWork> = {},
): Promise<number> {
  seq++;
  const { workId } = await importWork(database, parsedWork(overrides), {
    path: `/fixtures/work-${seq}-${Math.random()}.txt`,
    hash: `hash-${seq}-${Math.random()}`,
  });
  if (creator) {
    const pseud = await database.db
      .selectFrom('pseuds')
      .select('id')
      .where('user_id', '=', creator.id)
      .where('is_default', '=', 1)
      .executeTakeFirstOrThrow();
    await setCreators(database.db, workId, [pseud.id]);
  }
  return workId;
}

export async function chapterIds(database: Database, workId: number): Promise<number[]> {
  const rows = await database.db
    .selectFrom('chapters')
    .select('id')
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

export async function workCounts(database: Database, workId: number) {
  return database.db
    .selectFrom('works')
    .select(['kudos_count', 'comments_count', 'bookmarks_count', 'hits'])
    .where('id', '=', workId)
    .executeTakeFirstOrThrow();
}

export async function relate(database: Database, from: SignedIn, to: SignedIn, kind: 'block' | 'mute'): Promise<void> {
  await database.db
    .insertInto('user_blocks')
    .values({ user_id: from.id, other_id: to.id, kind, created_at: new Date().toISOString() })
    .execute();
}

/** The route lines proposed for src/web/routes.ts, in the same order. */
export function registerCommunityRoutes(app: FastifyInstance, database: Database): void {
  const community = communityRoutes(database);
  const routes: [method: 'GET' | 'POST', url: string, handler: (req: never, reply: never) => unknown][] = [
    ['POST', '/works/:id/kudos', community.leaveKudos],
    ['GET', '/works/:id/comments', community.commentsPage],
    ['POST', '/works/:id/comments', community.postComment],
    ['POST', '/works/:id/comment_policy', community.setCommentPolicy],
    ['GET', '/comments/:id', community.commentPermalink],
    ['GET', '/comments/:id/edit', community.editCommentForm],
    ['POST', '/comments/:id/edit', community.editComment],
    ['POST', '/comments/:id/delete', community.deleteComment],
    ['POST', '/comments/:id/moderate', community.moderateComment],
    ['GET', '/works/:id/bookmark', community.bookmarkPage],
    ['POST', '/works/:id/bookmark', community.saveBookmark],
    ['POST', '/bookmarks/:id/delete', community.deleteBookmark],
    ['GET', '/bookmarks', community.myBookmarks],
    ['GET', '/users/:username/bookmarks', community.userBookmarks],
    ['GET', '/reports/new', community.reportForm],
    ['POST', '/reports', community.fileReport],
    ['GET', '/admin/reports', community.adminReports],
    ['POST', '/admin/reports/:id', community.adminReportAction],
  ];
  for (const [method, url, handler] of routes) {
    // Once the lead adds these lines to routes.ts the server has them already.
    if (!app.hasRoute({ method, url })) app.route({ method, url, handler: handler as never });
  }
}

export async function communityServer(database: Database): Promise<FastifyInstance> {
  const app = await buildServer(database);
  registerCommunityRoutes(app, database);
  return app;
}

// Thin handlers for the bookmark search page (/bookmarks/search) and its JSON twin.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { nextUrl } from '../search/search.routes.ts';
import { queryText, sendPage, type Req } from '../web/page.ts';
import { bookmarkSearchPage } from './bookmark-search.html.ts';
import { searchBookmarks, type BookmarkSearchInput } from './bookmark-search.service.ts';

const FIELDS = ['work_tags', 'bookmark_tags', 'notes', 'bookmarker', 'rec'] as const;

/** The search as typed, without the page cursor: the form's values and every page link's base. */
function searchParams(req: Req): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FIELDS) {
    const v = queryText(req, name).trim();
    if (v) params.set(name, v);
  }
  return params;
}

function inputOf(req: Req): BookmarkSearchInput {
  return {
    workTags: queryText(req, 'work_tags'),
    bookmarkTags: queryText(req, 'bookmark_tags'),
    recOnly: ['1', 'true', 'on'].includes(queryText(req, 'rec')),
    notes: queryText(req, 'notes'),
    bookmarker: queryText(req, 'bookmarker'),
    after: queryText(req, 'after') || undefined,
  };
}

export function bookmarkSearchRoutes(database: Database) {
  return {
    async bookmarkSearch(req: Req, reply: FastifyReply) {
      const params = searchParams(req);
      const result = await searchBookmarks(database, req.viewer, inputOf(req));
      return sendPage(reply, {
        title: 'Search bookmarks',
        body: bookmarkSearchPage(result, params, nextUrl('/bookmarks/search', params, result.next), req.preferences),
      });
    },

    async bookmarkSearchJson(req: Req) {
      const params = searchParams(req);
      const result = await searchBookmarks(database, req.viewer, inputOf(req));
      return {
        total: result.total,
        bookmarks: result.items.map(({ bookmark: b, work }) => ({
          id: b.id,
          work: { id: work.id, title: work.title, url: `/api/v1/works/${work.id}` },
          bookmarker: { pseud: b.pseud, username: b.username },
          notes: b.notesHtml,
          tags: b.tags,
          rec: b.rec,
          createdAt: b.createdAt,
        })),
        next: nextUrl('/api/v1/bookmarks/search', params, result.next),
        warnings: result.notices,
      };
    },
  };
}

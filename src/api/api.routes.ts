// Thin handlers for the JSON API's own operations (the read twins of pages live beside their
// pages). Writes need a personal API token (Authorization: Bearer ...), never a cookie, so the
// API needs no CSRF token; every write goes through the same services as the web forms.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { creatorByUsername, pseudsOf } from '../accounts/accounts.service.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { profileOf } from '../people/people.service.ts';
import { requireViewer } from '../web/auth.ts';
import { AppError, idParam, notFound } from '../app-error.ts';
import * as posting from '../works/posting.service.ts';
import * as rules from '../works/posting-rules.ts';
import { blurbJson } from '../works/works.json.ts';
import { getWorkPage, workAccess, workSettings } from '../works/works.service.ts';
import { leaveKudos } from '../community/kudos.service.ts';
import { bookmarkOf, deleteBookmark, saveBookmark } from '../community/bookmarks.service.ts';
import type { Req } from '../web/page.ts';

function bookmarkJson(b: {
  id: number;
  workId: number;
  notesHtml?: string | null;
  tags: string[];
  private: boolean;
  rec: boolean;
  createdAt: string;
  updatedAt: string;
}) {
  return {
    id: b.id,
    work: `/api/v1/works/${b.workId}`,
    notes: b.notesHtml ?? null,
    tags: b.tags,
    private: b.private,
    rec: b.rec,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}

/** A work's fields as the API takes them: the posting form's, and what only the API asks. */
type WorkInput = Partial<
  Omit<rules.WorkFields, 'coCreators' | 'series' | 'accept' | 'drop' | 'prefilled' | 'pseud'> & {
    post: boolean;
    acceptSuggestions: boolean;
    text: string;
  }
>;

/** Service errors in the API's one error shape: a writer's mistake is a 422 naming each problem. */
function apiError(e: unknown): never {
  if (e instanceof rules.PostingError)
    throw new AppError('invalid', e.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  throw e;
}

export function apiRoutes(
  database: Database,
  suggest: rules.Suggester | undefined,
  events: rules.PostingEvents,
  read?: rules.FileReader,
) {
  /** The work as it is now; another request may have deleted it since this one's checks. */
  async function currentWork(workId: number) {
    // Only its creators (and admins) edit a work: they see it unmasked.
    const w = await getWorkPage(database, workId, { unmasked: true });
    if (!w) throw notFound(`work ${workId}`);
    return w;
  }

  /** The form fields of a work, the request's values over what the work has now. */
  async function mergedFields(workId: number, input: WorkInput, acceptAll: boolean): Promise<rules.WorkFields> {
    const w = await currentWork(workId);
    const names = (type: string) => w.tags.filter((t) => t.type === type).map((t) => t.name);
    const notes = (p: 'beginning' | 'end') =>
      w.notes
        .filter((n) => n.position === p)
        .map((n) => n.html)
        .join('\n');
    const v = await workSettings(database, workId);
    return {
      title: input.title ?? (w.titleProvisional ? '' : w.title),
      summary: input.summary ?? w.summary ?? '',
      notesBeginning: input.notesBeginning ?? notes('beginning'),
      notesEnd: input.notesEnd ?? notes('end'),
      rating: input.rating ?? names('rating')[0] ?? '',
      warnings: input.warnings ?? names('warning'),
      categories: input.categories ?? names('category'),
      fandoms: input.fandoms ?? names('fandom'),
      relationships: input.relationships ?? names('relationship'),
      characters: input.characters ?? names('character'),
      freeforms: input.freeforms ?? names('freeform'),
      language: input.language ?? w.language,
      coCreators: [],
      series: '',
      restricted: input.restricted ?? v.restricted,
      commentPolicy: input.commentPolicy ?? v.commentPolicy,
      expectedChapters: input.expectedChapters === undefined ? w.expectedChapters : input.expectedChapters,
      accept: acceptAll ? w.suggestions.map((s) => s.id) : [],
      drop: [],
    };
  }

  return {
    async creator(req: Req) {
      const user = await creatorByUsername(database, req.params.username ?? '');
      if (!user) throw notFound(`creator '${req.params.username ?? ''}'`);
      // By the creator's own pseuds, as their page lists them: another user's pseud of the same
      // name is someone else.
      const pseuds = await pseudsOf(database, user);
      const result = await searchWorks(
        database,
        {
          ...emptyQuery(),
          limit: Math.min(Number(req.query.limit ?? 20) || 20, 100),
          after: req.query.after,
        },
        { viewerId: req.viewer?.id ?? null, facets: false, pseudIds: pseuds.map((p) => p.id) },
      );
      return {
        username: user.username,
        pseuds: pseuds.map((p) => p.name),
        profile: await profileOf(database, user.id),
        works: {
          total: result.total,
          works: result.works.map(blurbJson),
          next: result.next ? `/api/v1/users/${encodeURIComponent(user.username)}?after=${result.next}` : null,
        },
      };
    },

    async createWork(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const input = req.body as WorkInput;
      try {
        const id = await posting.createDraft(database, viewer, { text: input.text ?? '' }, suggest, read);
        const hasFields = Object.keys(input).some((k) => k !== 'text' && k !== 'post');
        if (hasFields || input.post)
          await posting.saveWork(
            database,
            viewer,
            id,
            await mergedFields(id, input, input.acceptSuggestions === true),
            { post: input.post === true },
            events,
          );
        return reply
          .code(201)
          .header('location', `/api/v1/works/${id}`)
          .send({ id, url: `/api/v1/works/${id}` });
      } catch (e) {
        apiError(e);
      }
    },

    async updateWork(req: Req) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'work');
      if ((await workAccess(database, id, viewer)) === 'none') throw notFound(`work ${id}`);
      const input = req.body as WorkInput;
      try {
        await posting.saveWork(
          database,
          viewer,
          id,
          await mergedFields(id, input, input.acceptSuggestions === true),
          { post: input.post === true },
          events,
        );
        return { id, url: `/api/v1/works/${id}` };
      } catch (e) {
        apiError(e);
      }
    },

    async deleteWork(req: Req) {
      const viewer = requireViewer(req);
      try {
        await posting.deleteWork(database, viewer, idParam(req.params.id, 'work'));
        return { ok: true };
      } catch (e) {
        apiError(e);
      }
    },

    async addChapter(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'work');
      const b = req.body as { title?: string; text: string; notesBeginning?: string; notesEnd?: string };
      try {
        await posting.addChapter(
          database,
          viewer,
          id,
          { title: b.title ?? '', text: b.text, notesBeginning: b.notesBeginning ?? '', notesEnd: b.notesEnd ?? '' },
          events,
        );
        const w = await currentWork(id);
        const url = `/api/v1/works/${id}/chapters/${w.chapterCount}`;
        return reply
          .code(201)
          .header('location', url)
          .send({ id: w.chapters.at(-1)!.id, url });
      } catch (e) {
        apiError(e);
      }
    },

    async leaveKudos(req: Req, reply: FastifyReply) {
      const id = idParam(req.params.id, 'work');
      try {
        await leaveKudos(database, { user: requireViewer(req), address: req.ip }, id);
        return reply.code(201).send({ ok: true });
      } catch (e) {
        apiError(e);
      }
    },

    async getBookmark(req: Req) {
      const bookmark = await bookmarkOf(database, requireViewer(req), idParam(req.params.id, 'work')).catch(apiError);
      if (!bookmark) throw notFound('your bookmark of this work');
      return bookmarkJson(bookmark);
    },

    async putBookmark(req: Req) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'work');
      const b = req.body as { notes?: string; tags?: string[]; private?: boolean; rec?: boolean };
      try {
        await saveBookmark(database, viewer, id, {
          notes: b.notes,
          tags: (b.tags ?? []).join(','),
          private: b.private,
          rec: b.rec,
        });
        return bookmarkJson((await bookmarkOf(database, viewer, id))!);
      } catch (e) {
        apiError(e);
      }
    },

    async deleteBookmark(req: Req) {
      const viewer = requireViewer(req);
      const bookmark = await bookmarkOf(database, viewer, idParam(req.params.id, 'work')).catch(apiError);
      if (!bookmark) throw notFound('your bookmark of this work');
      await deleteBookmark(database, viewer, bookmark.id).catch(apiError);
      return { ok: true };
    },

    async updateChapter(req: Req) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'work');
      const position = idParam(req.params.position, 'chapter');
      const b = req.body as { title?: string; text: string; notesBeginning?: string; notesEnd?: string };
      try {
        // The id comes from the edit itself: a read after it could find the work deleted meanwhile.
        const chapterId = await posting.editChapter(database, viewer, id, position, {
          title: b.title ?? '',
          text: b.text,
          notesBeginning: b.notesBeginning ?? '',
          notesEnd: b.notesEnd ?? '',
        });
        return { id: chapterId, url: `/api/v1/works/${id}/chapters/${position}` };
      } catch (e) {
        apiError(e);
      }
    },
  };
}

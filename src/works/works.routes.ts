// Thin handlers for works: decode, one service call, render as a page or as JSON.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { chrome } from '../web/auth.ts';
import { AppError, idParam, notFound } from '../app-error.ts';
import { ADULT_RATINGS } from '../tags/tag-types.ts';
import { readerPrefs, withPrefs } from './reader-prefs.ts';
import * as service from './works.service.ts';
import { emptyQuery } from '../search/query.ts';
import { searchWorks } from '../search/search.service.ts';
import { adultNotice, homePage, ratingOf, workPage, type ReadingView } from './works.html.ts';
import { blurbJson, workJson } from './works.json.ts';
import { countWorkHit, workPageCommunity } from '../community/work-page.ts';
import { workPageCuration } from '../curation/work-page.ts';
import { recordReading } from '../curation/history.service.ts';
import { collectionsOfWork } from '../collections/collections.service.ts';
import { maskNote, workCollectionsLine } from '../collections/collections.html.ts';
import { giftsOfWork } from '../gifts/gifts.service.ts';
import { giftLine } from '../gifts/gifts.html.ts';
import { promptsOfWork } from '../prompt-memes/prompt-memes.service.ts';
import { promptLine } from '../prompt-memes/prompt-memes.html.ts';
import type { WorkExtras } from './works.html.ts';
import { type Page, sendPage, type Req } from '../web/page.ts';
import { guestPages } from './guest-pages.ts';

export const PAGE_SIZE = 20;

export function worksRoutes(database: Database) {
  const guests = guestPages(database);
  async function recent(req: Req) {
    const query = { ...emptyQuery(), limit: PAGE_SIZE, after: req.query.after };
    return searchWorks(database, query, { viewerId: req.viewer?.id ?? null, facets: false });
  }

  /**
   * The work as this reader may see it; drafts and hidden works are simply not there for others,
   * and a guest who finds a work for signed-in readers is asked to sign in (as AO3 does).
   */
  async function loadWork(req: Req, raw: string | undefined) {
    const id = idParam(raw, 'work');
    // Everything this request asks about the work reads each fact once (see work-facts.ts).
    const facts = service.workFacts(database, id);
    // An anonymous or unrevealed work shows its creators (and itself) to them and its moderators.
    const { access, unmasked } = await service.workViewOf(database, id, req.viewer, facts);
    const work = access === 'none' ? undefined : await service.getWorkPage(database, id, { unmasked, facts });
    if (!work && !req.viewer && (await service.onlyForSignedIn(database, id, facts)))
      throw new AppError('sign_in', 'This work is only available to signed-in readers of the archive.');
    if (!work) throw notFound(`work ${raw}`);
    return { work: service.workForViewer(work, access, req.viewer), canEdit: access === 'edit', facts };
  }

  async function chapterOf(work: service.WorkPage, raw: string | undefined) {
    const position = idParam(raw, `chapter of work ${work.id}`);
    const chapter = await service.getChapterText(database, work.id, position);
    if (!chapter) throw notFound(`chapter ${raw} of work ${work.id}`);
    return chapter;
  }

  /**
   * What comes around the text for a reader: kudos, comments, bookmark, report, subscriptions.
   * Opening a work also counts a hit and, for a signed-in reader, a line of reading history.
   */
  async function extras(
    req: Req,
    work: service.WorkPage,
    facts: service.WorkFacts,
    chapter: { id: number; position: number } | null,
  ): Promise<WorkExtras> {
    const reading = req.viewer
      ? await recordReading(database, req.viewer.id, work.id, chapter?.position ?? null)
      : undefined;
    const chapterId = chapter && work.chapterCount > 1 ? chapter.id : null;
    // The hit beside the rest: noted in memory and written with others later (the hits shown
    // were read with the work).
    const [, community, curation, collections, gifts, prompts] = await Promise.all([
      countWorkHit(database, req, work.id, facts),
      workPageCommunity(database, req, { workId: work.id, chapterId, facts }),
      // Anonymous to this reader: no "subscribe to" its creators, which would name them.
      workPageCuration(database, req, {
        workId: work.id,
        hideCreators: work.anonymous && !work.creators.length,
        facts,
        reading,
      }),
      collectionsOfWork(database, work.id),
      giftsOfWork(database, work.id),
      promptsOfWork(database, work.id),
    ]);
    return {
      top: [
        maskNote(work),
        workCollectionsLine(collections),
        giftLine(gifts),
        promptLine(prompts),
        curation,
        community.bookmark,
        community.report,
      ],
      bottom: [community.kudos, community.comments],
    };
  }

  /**
   * AO3 shows an adult-content notice first for Mature, Explicit and unrated works, unless the
   * reader passed it for this reading or chose in their preferences never to be asked.
   */
  function gate(req: Req, work: service.WorkPage): Page | null {
    const prefs = readerPrefs(req.query);
    if (prefs.viewAdult || req.preferences.viewAdult || !ADULT_RATINGS.has(ratingOf(work))) return null;
    const path = req.url.split('?')[0]!;
    const proceed = withPrefs(path, { ...prefs, viewAdult: true }, { view_full_work: req.query.view_full_work });
    return { title: `${work.title} (adult content notice)`, body: adultNotice(work, proceed) };
  }

  /** The work as loaded for this reader, its hit count shown as `hits` when that is given. */
  async function loadShown(req: Req, hits: number | undefined) {
    const loaded = await loadWork(req, req.params.id);
    if (hits === undefined) return loaded;
    return { ...loaded, work: { ...loaded.work, counts: { ...loaded.work.counts, hits } } };
  }

  return {
    /** Writes the views still waiting to be counted. */
    flushHits: guests.flushHits,

    async homePage(req: Req, reply: FastifyReply) {
      const { works, next, total } = await recent(req);
      const body = homePage(works, total, next ? `/?after=${next}` : null, req.preferences);
      const feeds = [
        {
          title: 'Quire catalog (OPDS)',
          href: '/opds',
          type: 'application/atom+xml;profile=opds-catalog;kind=navigation',
        },
      ];
      return sendPage(reply, { title: 'Recent works', body, feeds });
    },

    workPage(req: Req, reply: FastifyReply) {
      return guests.answer(req, reply, async (hits) => {
        const { work, canEdit, facts } = await loadShown(req, hits);
        const notice = canEdit ? null : gate(req, work);
        if (notice) return notice;
        const prefs = readerPrefs(req.query);
        // A reader who prefers the entire work gets it from every link to the work, as on AO3.
        const entire =
          work.chapterCount === 1 ||
          req.query.view_full_work === 'true' ||
          (req.preferences.viewFullWork && req.query.view_full_work !== 'false');
        const view: ReadingView = entire
          ? { mode: 'entire', chapters: await service.getAllChapterTexts(database, work.id) }
          : { mode: 'chapter', chapter: await chapterOf(work, '1') };
        const owner = canEdit ? { csrf: chrome(req).csrf } : undefined;
        const around = await extras(
          req,
          work,
          facts,
          view.mode === 'chapter' ? { id: view.chapter.id, position: view.chapter.position } : null,
        );
        return {
          title: work.title,
          body: workPage(work, view, prefs, req.preferences, owner, around),
          description: work.summary ?? undefined,
        };
      });
    },

    chapterPage(req: Req, reply: FastifyReply) {
      return guests.answer(req, reply, async (hits) => {
        const { work, canEdit, facts } = await loadShown(req, hits);
        const chapter = await chapterOf(work, req.params.position);
        const notice = canEdit ? null : gate(req, work);
        if (notice) return notice;
        const around = await extras(req, work, facts, chapter);
        const body = workPage(
          work,
          { mode: 'chapter', chapter },
          readerPrefs(req.query),
          req.preferences,
          canEdit ? { csrf: chrome(req).csrf } : undefined,
          around,
        );
        return { title: `${work.title} — ${chapter.title ?? `Chapter ${chapter.position}`}`, body };
      });
    },

    async worksJson(req: Req) {
      const { works, next, total } = await recent(req);
      return { total, works: works.map(blurbJson), next: next ? `/api/v1/works?after=${next}` : null };
    },

    async workJson(req: Req) {
      return workJson((await loadWork(req, req.params.id)).work);
    },

    async chapterJson(req: Req) {
      const { work } = await loadWork(req, req.params.id);
      const chapter = await chapterOf(work, req.params.position);
      const meta = work.chapters.find((c) => c.position === chapter.position)!;
      return {
        work: { id: work.id, title: work.title, url: `/api/v1/works/${work.id}` },
        position: chapter.position,
        title: chapter.title,
        words: chapter.words,
        postedAt: chapter.postedAt,
        notes: meta.notes,
        html: chapter.html,
        previous: chapter.position > 1 ? `/api/v1/works/${work.id}/chapters/${chapter.position - 1}` : null,
        next: chapter.position < work.chapterCount ? `/api/v1/works/${work.id}/chapters/${chapter.position + 1}` : null,
      };
    },
  };
}

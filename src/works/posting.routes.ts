// Thin handlers for writers: decode the form, one posting call, redirect or show the problems.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { chrome, formField, formFields, requireViewer } from '../web/auth.ts';
import { AppError, idParam, notFound, optionalId } from '../app-error.ts';
import * as posting from './posting.service.ts';
import * as rules from './posting-rules.ts';
import * as pages from './posting.html.ts';
import { chapterPreview } from './works.html.ts';
import { pseudsOf } from '../accounts/accounts.service.ts';
import { pendingForWork } from './creatorships.service.ts';
import { getChapterText, getWorkPage, workAccess, workSettings } from './works.service.ts';
import { currentCollectionAndGiftFields } from '../collections/work-form.service.ts';
import { assignmentNote, startFromAssignment } from '../exchanges/assignments.service.ts';
import { decideSuggestion, tagById, type Decision } from '../tags/tags.service.ts';
import { queryText, sendPage, type Req } from '../web/page.ts';
import { promptForPosting } from '../prompt-memes/prompt-memes.service.ts';
import { collectionNames } from '../collections/collection-rules.ts';

function problemsOf(e: unknown): pages.Problems {
  if (e instanceof rules.PostingError) return e.problems;
  throw e;
}

const text = (body: unknown, name: string) => formField(body, name) ?? '';

function workFields(body: unknown, suggestionIds: number[]): rules.WorkFields {
  const expected = text(body, 'expected_chapters').trim();
  return {
    title: text(body, 'title'),
    summary: text(body, 'summary'),
    notesBeginning: text(body, 'notes_beginning'),
    notesEnd: text(body, 'notes_end'),
    rating: text(body, 'rating'),
    warnings: formFields(body, 'warnings'),
    categories: formFields(body, 'categories'),
    fandoms: [text(body, 'fandoms')],
    relationships: [text(body, 'relationships')],
    characters: [text(body, 'characters')],
    freeforms: [text(body, 'freeforms')],
    language: text(body, 'language').trim() || 'en',
    coCreators: [text(body, 'co_creators')],
    series: text(body, 'series'),
    restricted: text(body, 'restricted') === '1',
    commentPolicy: text(body, 'comment_policy') || 'open',
    expectedChapters: expected === '' ? null : /^\d+$/.test(expected) ? Number(expected) : NaN,
    accept: suggestionIds.filter((id) => text(body, `s-${id}`) === 'accept'),
    drop: suggestionIds.filter((id) => text(body, `s-${id}`) === 'drop'),
    prefilled: suggestionIds.filter((id) => formFields(body, 'prefilled').includes(String(id))),
    ...(text(body, 'pseud') ? { pseud: text(body, 'pseud') } : {}),
    // The edit form always carries both fields: an emptied one takes the work out of them all.
    ...(formField(body, 'collections') !== undefined ? { collections: text(body, 'collections') } : {}),
    ...(formField(body, 'gifts') !== undefined ? { gifts: text(body, 'gifts') } : {}),
    ...(text(body, 'fills_prompt') ? { fillsPrompt: text(body, 'fills_prompt') } : {}),
  };
}

function chapterFields(body: unknown): rules.ChapterFields {
  return {
    title: text(body, 'title'),
    text: text(body, 'text'),
    notesBeginning: text(body, 'notes_beginning'),
    notesEnd: text(body, 'notes_end'),
  };
}

export function postingRoutes(
  database: Database,
  suggest: rules.Suggester | undefined,
  events: rules.PostingEvents,
  read?: rules.FileReader,
) {
  /** The work, for its creators only; anyone else gets what they would get for no such work. */
  async function editable(req: Req) {
    const viewer = requireViewer(req);
    const id = idParam(req.params.id, 'work');
    const access = await workAccess(database, id, viewer);
    if (access === 'none') throw notFound(`work ${id}`);
    if (access !== 'edit') throw new AppError('forbidden', 'only the work’s creators can change it');
    return { viewer, work: await workToEdit(id) };
  }

  /** The work as its creators see it; gone (deleted by another request meanwhile) is a 404. */
  async function workToEdit(id: number) {
    const work = await getWorkPage(database, id, { unmasked: true });
    if (!work) throw notFound(`work ${id}`);
    return work;
  }

  async function editPage(
    req: Req,
    reply: FastifyReply,
    work: NonNullable<Awaited<ReturnType<typeof getWorkPage>>>,
    problems: pages.Problems = [],
    status = 200,
  ) {
    const viewer = requireViewer(req);
    const [settings, mine, first, pending, collectionsAndGifts] = await Promise.all([
      workSettings(database, work.id),
      pseudsOf(database, viewer),
      getChapterText(database, work.id, 1),
      pendingForWork(database, viewer, work.id),
      currentCollectionAndGiftFields(database, work.id),
    ]);
    const current = mine.find((p) => work.creators.some((c) => c.pseud === p.name))?.name ?? mine[0]?.name ?? '';
    // Written for a prompt (a claim's "post a new work"): the form names it and its collection.
    const promptId = optionalId(queryText(req, 'prompt') || text(req.body, 'fills_prompt'));
    const fillsPrompt = promptId ? await promptForPosting(database, promptId) : undefined;
    if (fillsPrompt && !collectionNames(collectionsAndGifts.collections).includes(fillsPrompt.collection))
      collectionsAndGifts.collections = [collectionsAndGifts.collections, fillsPrompt.collection]
        .filter(Boolean)
        .join(', ');
    const values = {
      ...settings,
      ...collectionsAndGifts,
      pseuds: mine.map((p) => p.name),
      pseud: current,
      pending,
      ...(fillsPrompt ? { fillsPrompt } : {}),
      // A creator may step off the work while someone else's credit keeps it answered for.
      canLeave:
        work.creators.some((c) => c.username === viewer.username) &&
        work.creators.some((c) => c.username !== viewer.username),
    };
    return sendPage(
      reply,
      {
        title: `Edit ${work.title}`,
        body: pages.editWorkPage(
          work,
          values,
          chrome(req).csrf,
          problems,
          first ? chapterPreview(work, first) : undefined,
        ),
      },
      status,
    );
  }

  return {
    async newForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const prompt = optionalId(queryText(req, 'prompt'));
      const assignment = await assignmentNote(database, viewer, req.query.assignment);
      return sendPage(reply, {
        title: 'Post a new work',
        body: pages.newWorkPage(chrome(req).csrf, [], { prompt, assignment }),
      });
    },
    async create(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const body = req.body as Record<string, unknown> | undefined;
      const upload = body?.file as { filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
      const file =
        upload?.toBuffer && upload.filename ? { bytes: await upload.toBuffer(), filename: upload.filename } : undefined;
      // A gift-exchange assignment the form carries: checked first, the draft tied to it after.
      const assignment = await assignmentNote(database, viewer, text(body, 'assignment') || undefined);
      const prompt = optionalId(text(body, 'prompt'));
      try {
        const id = await posting.createDraft(database, viewer, { text: text(body, 'text'), file }, suggest, read);
        if (assignment) await startFromAssignment(database, viewer, assignment.id, id);
        return reply.redirect(`/works/${id}/edit${prompt ? `?prompt=${prompt}` : ''}`, 303);
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'Post a new work',
            body: pages.newWorkPage(chrome(req).csrf, problemsOf(e), { prompt, assignment }),
          },
          422,
        );
      }
    },
    async editForm(req: Req, reply: FastifyReply) {
      const { work } = await editable(req);
      return editPage(req, reply, work);
    },
    async update(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      const fields = workFields(
        req.body,
        work.suggestions.map((s) => s.id),
      );
      try {
        await posting.saveWork(
          database,
          viewer,
          work.id,
          fields,
          { post: text(req.body, 'action') === 'post' },
          events,
        );
        return reply.redirect(`/works/${work.id}`, 303);
      } catch (e) {
        const problems = problemsOf(e);
        return editPage(req, reply, await workToEdit(work.id), problems, 422);
      }
    },
    async newChapterForm(req: Req, reply: FastifyReply) {
      const { work } = await editable(req);
      return sendPage(reply, {
        title: 'Add a chapter',
        body: pages.chapterFormPage(`/works/${work.id}/chapters`, `Add a chapter to ${work.title}`, chrome(req).csrf, {
          title: '',
          text: '',
          notesBeginning: '',
          notesEnd: '',
        }),
      });
    },
    async addChapter(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      const c = chapterFields(req.body);
      try {
        await posting.addChapter(database, viewer, work.id, c, events);
        return reply.redirect(`/works/${work.id}/chapters/${work.chapterCount + 1}`, 303);
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'Add a chapter',
            body: pages.chapterFormPage(
              `/works/${work.id}/chapters`,
              `Add a chapter to ${work.title}`,
              chrome(req).csrf,
              c,
              problemsOf(e),
            ),
          },
          422,
        );
      }
    },
    async editChapterForm(req: Req, reply: FastifyReply) {
      const { work } = await editable(req);
      const position = idParam(req.params.position, 'chapter');
      const chapter = await getChapterText(database, work.id, position);
      if (!chapter) throw notFound(`chapter ${position}`);
      const notes = work.chapters.find((c) => c.position === position)?.notes ?? [];
      const noteText = (p: 'beginning' | 'end') =>
        notes
          .filter((n) => n.position === p)
          .map((n) => n.html)
          .join('\n');
      const values = {
        title: chapter.title ?? '',
        text: chapter.html,
        notesBeginning: noteText('beginning'),
        notesEnd: noteText('end'),
      };
      return sendPage(reply, {
        title: 'Edit chapter',
        body: pages.chapterFormPage(
          `/works/${work.id}/chapters/${position}/edit`,
          `Edit chapter ${position} of ${work.title}`,
          chrome(req).csrf,
          values,
        ),
      });
    },
    async editChapter(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      const position = idParam(req.params.position, 'chapter');
      const c = chapterFields(req.body);
      try {
        await posting.editChapter(database, viewer, work.id, position, c);
        return reply.redirect(`/works/${work.id}/chapters/${position}`, 303);
      } catch (e) {
        return sendPage(
          reply,
          {
            title: 'Edit chapter',
            body: pages.chapterFormPage(
              `/works/${work.id}/chapters/${position}/edit`,
              `Edit chapter ${position} of ${work.title}`,
              chrome(req).csrf,
              c,
              problemsOf(e),
            ),
          },
          422,
        );
      }
    },
    async manageChapters(req: Req, reply: FastifyReply) {
      const { work } = await editable(req);
      return sendPage(reply, {
        title: `Chapters of ${work.title}`,
        body: pages.manageChaptersPage(work, chrome(req).csrf),
      });
    },
    async reorder(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      // Each chapter's new place, then the chapters in that order (ties keep their old order).
      const places = work.chapters.map((c) => ({
        from: c.position,
        to: Number(text(req.body, `order_${c.position}`)),
      }));
      const order = [...places].sort((a, b) => a.to - b.to || a.from - b.from).map((p) => p.from);
      const valid =
        places.every((p) => Number.isInteger(p.to)) && new Set(places.map((p) => p.to)).size === places.length;
      try {
        await posting.reorderChapters(database, viewer, work.id, valid ? order : []);
        return reply.redirect(`/works/${work.id}/chapters/manage`, 303);
      } catch (e) {
        return sendPage(
          reply,
          { title: `Chapters of ${work.title}`, body: pages.manageChaptersPage(work, chrome(req).csrf, problemsOf(e)) },
          422,
        );
      }
    },
    async deleteChapter(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      try {
        await posting.deleteChapter(database, viewer, work.id, idParam(req.params.position, 'chapter'));
        return reply.redirect(`/works/${work.id}/chapters/manage`, 303);
      } catch (e) {
        return sendPage(
          reply,
          { title: `Chapters of ${work.title}`, body: pages.manageChaptersPage(work, chrome(req).csrf, problemsOf(e)) },
          422,
        );
      }
    },
    async deleteWork(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      if (text(req.body, 'confirm') !== 'yes') throw new AppError('bad_request', 'confirm the deletion');
      await posting.deleteWork(database, viewer, work.id);
      return reply.redirect('/', 303);
    },
    async orphanWork(req: Req, reply: FastifyReply) {
      const { viewer, work } = await editable(req);
      await posting.orphanWork(database, viewer, work.id, { keepPseud: text(req.body, 'pseud') === 'keep' });
      return reply.redirect(`/works/${work.id}`, 303);
    },
    /** Accept or reject one suggestion from the work page. */
    async decide(req: Req, reply: FastifyReply) {
      const { work } = await editable(req);
      const tagId = Number(text(req.body, 'tag'));
      const decision = text(req.body, 'decision') as Decision;
      const tag = Number.isSafeInteger(tagId) ? await tagById(database, tagId) : undefined;
      if (!tag || (decision !== 'accept' && decision !== 'reject'))
        throw new AppError('bad_request', 'say which suggestion, and accept or reject');
      if ((await decideSuggestion(database, work.id, tag.name, decision)) !== 'done')
        throw new AppError('conflict', `'${tag.name}' is not an open suggestion on this work`);
      return reply.redirect(`/works/${work.id}#suggestions-title`, 303);
    },
  };
}

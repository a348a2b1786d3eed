// Thin handlers for prompt memes: the moderators' settings, prompts (list, form, page), claims,
// fills, a reader's claims, and the JSON twins of the list and a prompt.
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError, idParam } from '../app-error.ts';
import { collectionHeader } from '../collections/collections.html.ts';
import { blurbJson } from '../works/works.json.ts';
import { chrome, formField, formFields, requireViewer } from '../web/auth.ts';
import { queryText, sendPage, type Req } from '../web/page.ts';
import * as service from './prompt-memes.service.ts';
import * as pages from './prompt-memes.html.ts';
import { PROMPT_TAG_TYPES, type MemeFields, type PromptFields } from './prompt-rules.ts';

const flag = (body: unknown, name: string) => ['1', 'on', 'true'].includes(formField(body, name) ?? '');
const text = (body: unknown, name: string) => formField(body, name) ?? '';

function memeFields(body: unknown): MemeFields {
  return {
    promptsOpen: flag(body, 'prompts_open'),
    anonymousAllowed: flag(body, 'anonymous_allowed'),
    promptsPerMember: text(body, 'prompts_per_member'),
    tagTypes: formFields(body, 'tag_types'),
    fandoms: text(body, 'fandoms'),
  };
}

function promptFields(body: unknown): PromptFields {
  return {
    title: text(body, 'title'),
    description: text(body, 'description'),
    anonymous: flag(body, 'anonymous'),
    tags: Object.fromEntries(PROMPT_TAG_TYPES.map((t) => [t, text(body, t)])),
  };
}

function filterOf(req: Req): pages.ListFilter & { before?: number } {
  const status = queryText(req, 'status');
  const before = queryText(req, 'before');
  return {
    fandom: queryText(req, 'fandom').trim().slice(0, 100),
    tag: queryText(req, 'tag').trim().slice(0, 100),
    status: status === 'claimed' || status === 'unclaimed' || status === 'filled' ? status : '',
    ...(/^\d{1,12}$/.test(before) ? { before: Number(before) } : {}),
  };
}

const collectionPath = (name: string) => `/collections/${encodeURIComponent(name)}`;

/** Only an invalid or conflicting form is shown again with its message; any other refusal stands. */
function formProblem(e: unknown): string {
  if (e instanceof AppError && e.kind === 'invalid') return e.message;
  throw e;
}

/** A prompt as the API shows it; `prompter` is null where it is withheld. */
export function promptJson(p: service.PromptShown) {
  return {
    id: p.id,
    collection: p.collection,
    title: p.title,
    description: p.description,
    anonymous: p.anonymous,
    prompter: p.prompter,
    tags: p.tags,
    claims: p.claims.count,
    claimants: p.claims.names,
    fills: p.fills.map(blurbJson),
    createdAt: p.createdAt,
    url: `/api/v1/prompts/${p.id}`,
  };
}

export function promptMemesRoutes(database: Database) {
  const header = (req: Req, m: service.MemeView) =>
    collectionHeader({ ...m.view, moderates: m.moderates, promptMeme: true }, 'prompts', req.preferences.timeZone);

  async function list(req: Req) {
    const { before, ...filter } = filterOf(req);
    const found = await service.listPrompts(database, req.params.name ?? '', req.viewer, {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.fandom ? { fandom: filter.fandom } : {}),
      ...(filter.tag ? { tag: filter.tag } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    const params = (base: string) =>
      found.next === null
        ? null
        : `${base}?${new URLSearchParams({
            ...(filter.fandom ? { fandom: filter.fandom } : {}),
            ...(filter.tag ? { tag: filter.tag } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            before: String(found.next),
          })}`;
    return { found, filter, params };
  }

  async function editable(req: Req) {
    const viewer = requireViewer(req);
    const id = idParam(req.params.id, 'prompt');
    const { m, prompt } = await service.promptPage(database, id, viewer);
    if (!prompt.may.edit) throw new AppError('forbidden', 'only its prompter can edit a prompt');
    return { viewer, id, m, prompt };
  }

  return {
    async settingsForm(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const { view, meme } = await service.memeSettings(database, req.params.name ?? '', viewer);
      return sendPage(reply, {
        title: `Prompt meme: ${view.collection.title}`,
        body: pages.memeSettingsForm(chrome(req).csrf, view.collection, meme),
      });
    },

    async saveSettings(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      try {
        await service.saveMemeSettings(database, viewer, name, flag(req.body, 'off') ? 'off' : memeFields(req.body));
        return reply.redirect(`${collectionPath(name)}/prompt_meme`, 303);
      } catch (e) {
        const error = formProblem(e);
        const { view, meme } = await service.memeSettings(database, name, viewer);
        const body = pages.memeSettingsForm(chrome(req).csrf, view.collection, meme, error);
        return sendPage(reply, { title: `Prompt meme: ${view.collection.title}`, body }, 422);
      }
    },

    async list(req: Req, reply: FastifyReply) {
      const { found, filter, params } = await list(req);
      const c = found.m.view.collection;
      const body = pages.promptListPage(
        header(req, found.m),
        { name: c.name, promptsOpen: found.m.meme.promptsOpen },
        found.prompts,
        filter,
        params(`${collectionPath(c.name)}/prompts`),
        req.viewer !== null,
        req.preferences.timeZone,
      );
      return sendPage(reply, { title: `${c.title}: prompts`, body });
    },

    async listJson(req: Req) {
      const { found, params } = await list(req);
      return {
        collection: found.m.view.collection.name,
        promptsOpen: found.m.meme.promptsOpen,
        prompts: found.prompts.map(promptJson),
        next: params(`/api/v1/collections/${encodeURIComponent(found.m.view.collection.name)}/prompts`),
      };
    },

    async newForm(req: Req, reply: FastifyReply) {
      requireViewer(req);
      const m = await service.memeView(database, req.params.name ?? '', req.viewer);
      const action = `${collectionPath(m.view.collection.name)}/prompts`;
      const blank = { title: '', description: '', anonymous: false, tags: {} };
      return sendPage(reply, {
        title: 'Post a prompt',
        body: pages.promptForm(chrome(req).csrf, action, m.meme, blank),
      });
    },

    async create(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = req.params.name ?? '';
      const fields = promptFields(req.body);
      try {
        const id = await service.postPrompt(database, viewer, name, fields);
        return reply.redirect(`/prompts/${id}`, 303);
      } catch (e) {
        const error = formProblem(e);
        const m = await service.memeView(database, name, viewer);
        const body = pages.promptForm(
          chrome(req).csrf,
          `${collectionPath(m.view.collection.name)}/prompts`,
          m.meme,
          fields,
          error,
        );
        return sendPage(reply, { title: 'Post a prompt', body }, 422);
      }
    },

    async page(req: Req, reply: FastifyReply) {
      const id = idParam(req.params.id, 'prompt');
      const [{ m, prompt }, works] = await Promise.all([
        service.promptPage(database, id, req.viewer),
        service.worksToFillWith(database, req.viewer),
      ]);
      const csrf = req.viewer ? chrome(req).csrf : null;
      return sendPage(reply, {
        title: prompt.title,
        body: pages.promptPage(header(req, m), prompt, csrf, works, req.preferences),
      });
    },

    async json(req: Req) {
      const { prompt } = await service.promptPage(database, idParam(req.params.id, 'prompt'), req.viewer);
      return promptJson(prompt);
    },

    async editForm(req: Req, reply: FastifyReply) {
      const { id, m, prompt } = await editable(req);
      const tags: PromptFields['tags'] = {};
      for (const t of prompt.tags) {
        const type = t.type as (typeof PROMPT_TAG_TYPES)[number];
        tags[type] = tags[type] ? `${tags[type]}, ${t.name}` : t.name;
      }
      const values = { title: prompt.title, description: prompt.description, anonymous: prompt.anonymous, tags };
      const body = pages.promptForm(chrome(req).csrf, `/prompts/${id}/edit`, m.meme, values);
      return sendPage(reply, { title: 'Edit prompt', body });
    },

    async update(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'prompt');
      const fields = promptFields(req.body);
      try {
        await service.editPrompt(database, viewer, id, fields);
        return reply.redirect(`/prompts/${id}`, 303);
      } catch (e) {
        const error = formProblem(e);
        const { m } = await service.promptPage(database, id, viewer);
        const body = pages.promptForm(chrome(req).csrf, `/prompts/${id}/edit`, m.meme, fields, error);
        return sendPage(reply, { title: 'Edit prompt', body }, 422);
      }
    },

    async remove(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const name = await service.deletePrompt(database, viewer, idParam(req.params.id, 'prompt'));
      return reply.redirect(`${collectionPath(name)}/prompts`, 303);
    },

    async claim(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'prompt');
      await service.claim(database, viewer, id);
      return reply.redirect(`/prompts/${id}`, 303);
    },

    async unclaim(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'prompt');
      await service.dropClaim(database, viewer, id);
      return reply.redirect(`/prompts/${id}`, 303);
    },

    async fill(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const id = idParam(req.params.id, 'prompt');
      const workId = idParam(formField(req.body, 'work_id')?.trim(), 'work');
      await service.fill(database, viewer, id, workId);
      return reply.redirect(`/prompts/${id}`, 303);
    },

    async myClaims(req: Req, reply: FastifyReply) {
      const viewer = requireViewer(req);
      const { claims, prompts } = await service.myClaims(database, viewer);
      return sendPage(reply, {
        title: 'My claims',
        body: pages.myClaimsPage(claims, prompts, req.preferences.timeZone),
      });
    },
  };
}

// The JSON API's operations, each with its schemas: the route table registers them from this
// list (with Fastify validating requests against the schemas) and openApiDocument publishes the
// same list as OpenAPI 3.1. Adding an operation here documents it; a test calls every one.
import * as s from './schemas.ts';
import { PROMPT, PROMPT_LIST, PROMPT_LIST_QUERY } from '../prompt-memes/prompt-memes.schemas.ts';

type Schema = Record<string, unknown>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOperation {
  operationId: string;
  method: HttpMethod;
  /** Fastify's form, `/api/v1/works/:id`. */
  path: string;
  summary: string;
  group: string;
  /** Whether a personal API token is required. */
  auth: boolean;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** Bytes the request body may have, when more than the server's 1 MiB default. */
  bodyLimit?: number;
  /** The success response: status and schema. */
  success: { status: number; description: string; schema: Schema };
}

export const API_OPERATIONS: ApiOperation[] = [
  {
    operationId: 'listWorks',
    method: 'GET',
    path: '/api/v1/works',
    summary: 'Recent works, most recently updated first',
    group: 'works',
    auth: false,
    query: s.LIST_QUERY,
    success: { status: 200, description: 'a page of works', schema: s.WORK_LIST },
  },
  {
    operationId: 'searchWorks',
    method: 'GET',
    path: '/api/v1/works/search',
    summary: 'Search works: free text, tag filters, ranges, sorts; facets of the result set',
    group: 'works',
    auth: false,
    query: s.SEARCH_QUERY,
    success: { status: 200, description: 'a page of results', schema: s.SEARCH_RESULT },
  },
  {
    operationId: 'getWork',
    method: 'GET',
    path: '/api/v1/works/:id',
    summary: 'A work: its preface, notes, chapters and tags',
    group: 'works',
    auth: false,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'the work', schema: s.WORK },
  },
  {
    operationId: 'getChapter',
    method: 'GET',
    path: '/api/v1/works/:id/chapters/:position',
    summary: "A chapter's text and notes",
    group: 'works',
    auth: false,
    params: s.CHAPTER_PARAMS,
    success: { status: 200, description: 'the chapter', schema: s.CHAPTER },
  },
  {
    operationId: 'getTag',
    method: 'GET',
    path: '/api/v1/tags/:tag',
    summary: 'A tag and the works it filters to (synonyms redirect to their canonical tag)',
    group: 'tags',
    auth: false,
    params: s.TAG_PARAMS,
    query: s.LIST_QUERY,
    success: { status: 200, description: 'the tag and a page of its works', schema: s.TAG_PAGE },
  },
  {
    operationId: 'listMedia',
    method: 'GET',
    path: '/api/v1/media',
    summary: "AO3's media categories, each with its fandoms that have the most works",
    group: 'tags',
    auth: false,
    success: { status: 200, description: 'every media category', schema: s.MEDIA_LIST },
  },
  {
    operationId: 'listMediaFandoms',
    method: 'GET',
    path: '/api/v1/media/:media/fandoms',
    summary: 'Every fandom of one media category with works, A to Z, with how many',
    group: 'tags',
    auth: false,
    params: s.MEDIA_PARAMS,
    success: { status: 200, description: 'the fandoms and their work counts', schema: s.MEDIA_FANDOMS },
  },
  {
    operationId: 'getSeries',
    method: 'GET',
    path: '/api/v1/series/:id',
    summary: 'A series and its works in reading order',
    group: 'series',
    auth: false,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'the series', schema: s.SERIES },
  },
  {
    operationId: 'listCollections',
    method: 'GET',
    path: '/api/v1/collections',
    summary: 'Collections by name, optionally those whose name or title holds some words',
    group: 'collections',
    auth: false,
    query: s.COLLECTION_LIST_QUERY,
    success: { status: 200, description: 'a page of collections', schema: s.COLLECTION_LIST },
  },
  {
    operationId: 'getCollection',
    method: 'GET',
    path: '/api/v1/collections/:name',
    summary: "A collection and a page of its works (with its subcollections'), anonymous and unrevealed ones masked",
    group: 'collections',
    auth: false,
    params: s.COLLECTION_PARAMS,
    query: s.LIST_QUERY,
    success: { status: 200, description: 'the collection', schema: s.COLLECTION_PAGE },
  },
  {
    operationId: 'listPrompts',
    method: 'GET',
    path: '/api/v1/collections/:name/prompts',
    summary: "A prompt meme's prompts, newest first, by fandom, tag or status; anonymous prompters withheld",
    group: 'collections',
    auth: false,
    params: s.COLLECTION_PARAMS,
    query: PROMPT_LIST_QUERY,
    success: { status: 200, description: 'a page of prompts', schema: PROMPT_LIST },
  },
  {
    operationId: 'getPrompt',
    method: 'GET',
    path: '/api/v1/prompts/:id',
    summary: 'A prompt with its claims and the fills the caller may read',
    group: 'collections',
    auth: false,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'the prompt', schema: PROMPT },
  },
  {
    operationId: 'getCreator',
    method: 'GET',
    path: '/api/v1/users/:username',
    summary: "A creator's pseuds and works",
    group: 'creators',
    auth: false,
    params: s.USER_PARAMS,
    query: s.LIST_QUERY,
    success: { status: 200, description: 'the creator', schema: s.CREATOR },
  },
  {
    operationId: 'searchPeople',
    method: 'GET',
    path: '/api/v1/people/search',
    summary: 'Find creators by part of a username or pseud, with their visible works and public bookmarks',
    group: 'creators',
    auth: false,
    query: s.PEOPLE_QUERY,
    success: { status: 200, description: 'a page of pseuds', schema: s.PEOPLE_RESULT },
  },
  {
    operationId: 'searchBookmarks',
    method: 'GET',
    path: '/api/v1/bookmarks/search',
    summary:
      "Find public bookmarks by the work's tags, the bookmarker's tags, recs, notes and bookmarker; latest first",
    group: 'bookmarks',
    auth: false,
    query: s.BOOKMARK_SEARCH_QUERY,
    success: { status: 200, description: 'a page of bookmarks', schema: s.BOOKMARK_SEARCH_RESULT },
  },
  {
    operationId: 'searchTags',
    method: 'GET',
    path: '/api/v1/tags/search',
    summary: 'Find tags by name, type, canonical flag and fandom, with the works each filters to',
    group: 'tags',
    auth: false,
    query: s.TAG_SEARCH_QUERY,
    success: { status: 200, description: 'a page of tags', schema: s.TAG_SEARCH_RESULT },
  },
  {
    operationId: 'createWork',
    method: 'POST',
    path: '/api/v1/works',
    summary: 'Post a work from its text (kept as a draft unless post is true)',
    group: 'writing',
    auth: true,
    body: s.CREATE_WORK_BODY,
    // 10 MiB of text (the schema's maxLength) is up to four times that in JSON: UTF-8 and escapes.
    bodyLimit: 4 * 10 * 1024 * 1024,
    success: { status: 201, description: 'created', schema: s.CREATED },
  },
  {
    operationId: 'updateWork',
    method: 'PATCH',
    path: '/api/v1/works/:id',
    summary: "Change a work's preface and tags; post a draft",
    group: 'writing',
    auth: true,
    params: s.ID_PARAMS,
    body: s.UPDATE_WORK_BODY,
    success: { status: 200, description: 'updated', schema: s.CREATED },
  },
  {
    operationId: 'deleteWork',
    method: 'DELETE',
    path: '/api/v1/works/:id',
    summary: 'Delete a work for good',
    group: 'writing',
    auth: true,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'deleted', schema: s.DONE },
  },
  {
    operationId: 'addChapter',
    method: 'POST',
    path: '/api/v1/works/:id/chapters',
    summary: 'Add a chapter at the end of a work',
    group: 'writing',
    auth: true,
    params: s.ID_PARAMS,
    body: s.CHAPTER_BODY,
    success: { status: 201, description: 'created', schema: s.CREATED },
  },
  {
    operationId: 'leaveKudos',
    method: 'POST',
    path: '/api/v1/works/:id/kudos',
    summary: 'Leave kudos on a work (once per account; never on your own)',
    group: 'reading',
    auth: true,
    params: s.ID_PARAMS,
    success: { status: 201, description: 'kudos left', schema: s.DONE },
  },
  {
    operationId: 'getBookmark',
    method: 'GET',
    path: '/api/v1/works/:id/bookmark',
    summary: 'Your bookmark of a work',
    group: 'reading',
    auth: true,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'the bookmark', schema: s.BOOKMARK },
  },
  {
    operationId: 'putBookmark',
    method: 'PUT',
    path: '/api/v1/works/:id/bookmark',
    summary: 'Bookmark a work, or change your bookmark',
    group: 'reading',
    auth: true,
    params: s.ID_PARAMS,
    body: s.BOOKMARK_BODY,
    success: { status: 200, description: 'the bookmark', schema: s.BOOKMARK },
  },
  {
    operationId: 'deleteBookmark',
    method: 'DELETE',
    path: '/api/v1/works/:id/bookmark',
    summary: 'Remove your bookmark of a work',
    group: 'reading',
    auth: true,
    params: s.ID_PARAMS,
    success: { status: 200, description: 'removed', schema: s.DONE },
  },
  {
    operationId: 'updateChapter',
    method: 'PUT',
    path: '/api/v1/works/:id/chapters/:position',
    summary: "Replace a chapter's title, text and notes",
    group: 'writing',
    auth: true,
    params: s.CHAPTER_PARAMS,
    body: s.CHAPTER_BODY,
    success: { status: 200, description: 'updated', schema: s.CREATED },
  },
  {
    operationId: 'getPreferences',
    method: 'GET',
    path: '/api/v1/users/:username/preferences',
    summary: 'Your preferences (only your own)',
    group: 'account',
    auth: true,
    params: s.USER_PARAMS,
    success: { status: 200, description: 'your preferences', schema: s.PREFERENCES },
  },
  {
    operationId: 'updatePreferences',
    method: 'PATCH',
    path: '/api/v1/users/:username/preferences',
    summary: 'Change some of your preferences; an unknown time zone is a 422 naming timeZone',
    group: 'account',
    auth: true,
    params: s.USER_PARAMS,
    body: s.PREFERENCES_BODY,
    success: { status: 200, description: 'your preferences as stored', schema: s.PREFERENCES },
  },
];

/** `/api/v1/works/:id` as OpenAPI writes it, `/api/v1/works/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parameters(where: 'path' | 'query', schema: Schema | undefined): Schema[] {
  if (!schema) return [];
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(p.description ? { description: p.description } : {}),
    schema: p,
    ...(p.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

const ERROR_RESPONSE = (description: string) => ({ description, content: { 'application/json': { schema: s.ERROR } } });

/** The OpenAPI 3.1 document of every operation above. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const responses: Record<string, unknown> = {
      [String(op.success.status)]: {
        description: op.success.description,
        content: { 'application/json': { schema: op.success.schema } },
      },
      '400': ERROR_RESPONSE('the request does not fit the schema'),
      '429': ERROR_RESPONSE('too many requests; see the RateLimit-* and Retry-After headers'),
    };
    if (op.params) responses['404'] = ERROR_RESPONSE('no such thing, or not visible to you');
    if (op.auth) {
      responses['401'] = ERROR_RESPONSE('a personal API token is needed');
      responses['403'] = ERROR_RESPONSE('not yours to change');
      responses['422'] = ERROR_RESPONSE('the work does not meet the rules (each problem named)');
    }
    (paths[openApiPath(op.path)] ??= {})[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.group],
      parameters: [...parameters('path', op.params), ...parameters('query', op.query)],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: op.body } } } } : {}),
      responses,
      ...(op.auth ? { security: [{ token: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quire API',
      version,
      description:
        'Read works, chapters, tags, creators and searches; with a personal API token (made on your account page), post and edit works and chapters. Errors are {"error": {"status", "message"}}. Rate limits are announced in RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.',
    },
    servers: [{ url: '/' }],
    paths,
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'a personal API token' } } },
  };
}

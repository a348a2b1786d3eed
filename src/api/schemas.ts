// The JSON API's schemas, written once: Fastify validates requests with them and the OpenAPI 3.1
// document publishes them, and the tests check every response against its documented schema.
// JSON Schema here is the common ground of draft-07 (Fastify's Ajv) and 2020-12 (OpenAPI 3.1):
// nullable values are `type: [T, 'null']`, no $ref, no 2020-only keywords.

type Schema = Record<string, unknown>;

const str = (description?: string, extra: Schema = {}): Schema => ({
  type: 'string',
  ...(description ? { description } : {}),
  ...extra,
});
const int = (description?: string, extra: Schema = {}): Schema => ({
  type: 'integer',
  ...(description ? { description } : {}),
  ...extra,
});
const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
const array = (items: Schema, description?: string, extra: Schema = {}): Schema => ({
  type: 'array',
  items,
  ...(description ? { description } : {}),
  ...extra,
});
const object = (
  properties: Record<string, Schema>,
  required: string[] = Object.keys(properties),
  extra: Schema = {},
): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

export const TAG_TYPE = str('AO3 tag type', {
  enum: ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'],
});

export const TAG = object({
  name: str(),
  type: TAG_TYPE,
  canonical: bool(),
  origin: str('who attached it: the creator, or the analysis (then accepted)', { enum: ['author', 'analysis'] }),
  url: str('the tag in this API'),
});

const EVIDENCE = object({ quote: str('the quoted span of the text'), start: int(), end: int() });

export const SUGGESTION = object({
  name: str(),
  type: TAG_TYPE,
  confidence: nullable({ type: 'number', minimum: 0, maximum: 1 }),
  evidence: array(EVIDENCE),
});

const NOTE = object({ position: str(undefined, { enum: ['beginning', 'end'] }), html: str('sanitised HTML') });

const TOTAL = object({
  value: int(),
  exact: bool(
    'false when value is an estimate ("about value"): past 2,000 matches, totals are estimated from a sample',
  ),
});

export const BLURB = object({
  id: int(),
  url: str(),
  title: str(),
  titleProvisional: bool('the writer gave no title; this one was made from the first line'),
  creators: array(str(), 'pseud names'),
  summary: nullable(str()),
  language: str('ISO 639-1'),
  words: int(),
  chapterCount: int(),
  expectedChapters: nullable(int()),
  complete: bool(),
  postedAt: str(undefined, { format: 'date-time' }),
  updatedAt: str(undefined, { format: 'date-time' }),
  tags: array(TAG),
});

export const WORK = object({
  ...(BLURB.properties as Record<string, Schema>),
  notes: array(NOTE, "work-level author's notes, in reading order"),
  chapters: array(
    object({ position: int(), title: nullable(str()), words: int(), postedAt: str(), notes: array(NOTE), url: str() }),
  ),
  suggestions: array(SUGGESTION, "the analysis' open proposals"),
});

export const WORK_LIST = object({
  total: TOTAL,
  works: array(BLURB),
  next: nullable(str('the next page, or null on the last')),
});

export const CHAPTER = object({
  work: object({ id: int(), title: str(), url: str() }),
  position: int(),
  title: nullable(str()),
  words: int(),
  postedAt: str(),
  notes: array(NOTE),
  html: str('the chapter text, sanitised HTML'),
  previous: nullable(str()),
  next: nullable(str()),
});

export const TAG_PAGE = object({
  name: str(),
  type: str(),
  canonical: bool(),
  total: TOTAL,
  works: array(BLURB),
  next: nullable(str()),
});

const FACET = object({ name: str(), count: int() });
const FANDOM_COUNT = object({
  name: str('the fandom tag'),
  count: int('works in it the caller can find'),
  url: str('the tag in this API'),
});
export const MEDIA_LIST = object({
  media: array(
    object({
      name: str("one of AO3's media categories"),
      fandoms: int('how many fandoms in it have works the caller can find'),
      top: array(FANDOM_COUNT, 'its fandoms with the most works, most first'),
      url: str('all its fandoms in this API'),
    }),
  ),
});
export const MEDIA_FANDOMS = object({ media: str(), fandoms: array(FANDOM_COUNT, 'A to Z, leading articles aside') });
export const SEARCH_RESULT = object({
  query: str('the search in words'),
  total: TOTAL,
  works: array(BLURB),
  facets: object({
    byType: object(
      Object.fromEntries(
        ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'].map((t) => [
          t,
          array(FACET),
        ]),
      ),
      [],
    ),
    approximate: bool('counts estimated from a sample of the newest matches'),
  }),
  next: nullable(str()),
  warnings: array(str()),
});

export const CREATOR = object({
  username: str(),
  pseuds: array(str()),
  profile: nullable(str('what the creator wrote about themselves, as sanitised HTML; null when nothing')),
  works: WORK_LIST,
});

const NEXT = nullable(str('the next page, or null on the last'));
const PAGE = int('page number, from 1', { minimum: 1, maximum: 100000 });

export const PEOPLE_QUERY = object(
  { q: str('part of a username or pseud, any case', { maxLength: 1000 }), page: PAGE },
  [],
);

export const PEOPLE_RESULT = object({
  query: str(),
  total: int('pseuds that match'),
  people: array(
    object({
      pseud: str(),
      username: str(),
      url: str('the creator in this API'),
      works: TOTAL,
      bookmarks: int('public bookmarks under this pseud that the caller may see'),
    }),
  ),
  next: NEXT,
});

export const BOOKMARK_SEARCH_QUERY = object(
  {
    work_tags: str("the bookmarked work's tags, comma-separated; each required", { maxLength: 5000 }),
    bookmark_tags: str("the bookmarker's own tags, comma-separated; each required", { maxLength: 5000 }),
    rec: str('recs only', { enum: ['1', 'true', '0', 'false', ''] }),
    notes: str('text the notes hold', { maxLength: 1000 }),
    bookmarker: str('a username or pseud', { maxLength: 1000 }),
    after: str('cursor from the previous page'),
  },
  [],
);

export const BOOKMARK_SEARCH_RESULT = object({
  total: int(),
  bookmarks: array(
    object({
      id: int(),
      work: object({ id: int(), title: str(), url: str() }),
      bookmarker: object({ pseud: nullable(str()), username: str() }),
      notes: nullable(str('sanitised HTML')),
      tags: array(str()),
      rec: bool(),
      createdAt: str(undefined, { format: 'date-time' }),
    }),
  ),
  next: NEXT,
  warnings: array(str()),
});

export const TAG_SEARCH_QUERY = object(
  {
    q: str('part of the name, any case', { maxLength: 1000 }),
    type: TAG_TYPE,
    fandom: str('the fandom whose characters, relationships and other tags to list', { maxLength: 1000 }),
    canonical: str('canonical tags only', { enum: ['1', 'true', '0', 'false', ''] }),
    page: PAGE,
  },
  [],
);

export const TAG_SEARCH_RESULT = object({
  total: int(),
  tags: array(
    object({
      name: str(),
      type: str(),
      canonical: bool(),
      works: int('works the caller can find through it (a synonym: its canonical tag)'),
      url: str(),
    }),
  ),
  next: NEXT,
  warnings: array(str()),
});

export const ERROR = object({ error: object({ status: int(), message: str('what went wrong, in words') }) });

export const ID_PARAMS = object({ id: str('a work id', { pattern: '^[0-9]+$' }) });
export const CHAPTER_PARAMS = object({
  id: str(undefined, { pattern: '^[0-9]+$' }),
  position: str('chapter number, from 1', { pattern: '^[0-9]+$' }),
});
export const TAG_PARAMS = object({
  tag: str("a tag name, with AO3's escapes: / as *s*, & as *a*, . as *d*, ? as *q*, # as *h*"),
});
export const USER_PARAMS = object({ username: str() });
export const MEDIA_PARAMS = object({
  media: str("a media category, escaped as tags are: 'TV Shows', 'Cartoons *a* Comics *a* Graphic Novels'"),
});

export const LIST_QUERY = object(
  { after: str('cursor from the previous page'), limit: int(undefined, { minimum: 1, maximum: 100 }) },
  [],
);

export const SEARCH_QUERY = object(
  {
    q: str('words, "phrases", -exclusions and the shortcuts of the search box (fandom:..., words>1000, sort:kudos)'),
    'include[]': array(str(), 'tags a work must carry (any type)'),
    'exclude[]': array(str(), 'tags a work must not carry'),
    'any[]': array(str(), 'groups of tags separated by |; a work carries at least one of each group'),
    rating: array(str()),
    warning: array(str()),
    category: array(str()),
    fandom: array(str()),
    relationship: array(str()),
    character: array(str()),
    freeform: array(str()),
    words_from: int(),
    words_to: int(),
    posted_from: str(undefined, { format: 'date' }),
    posted_to: str(undefined, { format: 'date' }),
    updated_from: str(undefined, { format: 'date' }),
    updated_to: str(undefined, { format: 'date' }),
    language: str(),
    complete: str(undefined, { enum: ['true', 'false'] }),
    single_chapter: str(undefined, { enum: ['true', 'false'] }),
    crossover: str(undefined, { enum: ['only', 'exclude'] }),
    sort: str(undefined, {
      enum: ['best_match', 'title', 'creator', 'posted', 'updated', 'words', 'kudos', 'hits', 'comments', 'bookmarks'],
    }),
    dir: str(undefined, { enum: ['asc', 'desc'] }),
    after: str(),
    limit: int(undefined, { minimum: 1, maximum: 100 }),
    facets: str('true to count the top tags of the results (the sidebar of the search page)', {
      enum: ['true', 'false'],
    }),
  },
  [],
);

const tagList = (what: string) => array(str(undefined, { maxLength: 150 }), what, { maxItems: 75 });

const WORK_FIELDS: Record<string, Schema> = {
  title: str(undefined, { maxLength: 255 }),
  summary: str(undefined, { maxLength: 1250 }),
  notesBeginning: str("author's notes before the work (plain text or HTML)", { maxLength: 5000 }),
  notesEnd: str(undefined, { maxLength: 5000 }),
  rating: str(undefined, { enum: ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated'] }),
  warnings: array(
    str(undefined, {
      enum: [
        'Creator Chose Not To Use Archive Warnings',
        'Graphic Depictions Of Violence',
        'Major Character Death',
        'No Archive Warnings Apply',
        'Rape/Non-Con',
        'Underage Sex',
      ],
    }),
  ),
  categories: array(str(undefined, { enum: ['F/F', 'F/M', 'Gen', 'M/M', 'Multi', 'Other'] })),
  fandoms: tagList('fandom tags'),
  relationships: tagList('A/B romantic, A & B platonic'),
  characters: tagList('character tags'),
  freeforms: tagList('additional tags'),
  language: str('ISO 639-1', { pattern: '^[a-z]{2,3}(-[A-Za-z]{2,4})?$' }),
  restricted: bool('only signed-in readers may see it'),
  commentPolicy: str(undefined, { enum: ['open', 'registered', 'moderated', 'closed'] }),
  expectedChapters: nullable(int(undefined, { minimum: 1, maximum: 5000 })),
};

export const CREATE_WORK_BODY = object(
  {
    text: str('the whole text: chapters, notes and summary are found in it as on import', {
      minLength: 1,
      maxLength: 10 * 1024 * 1024,
    }),
    post: bool('post it now (AO3 requires title, fandom, rating and a warning); otherwise it is kept as a draft'),
    acceptSuggestions: bool('apply every tag the analysis proposes'),
    ...WORK_FIELDS,
  },
  ['text'],
  { additionalProperties: false },
);

export const UPDATE_WORK_BODY = object({ post: bool('post a draft'), ...WORK_FIELDS }, [], {
  additionalProperties: false,
});

export const CHAPTER_BODY = object(
  {
    title: str(undefined, { maxLength: 255 }),
    text: str('plain text or HTML', { minLength: 1, maxLength: 510000 }),
    notesBeginning: str(undefined, { maxLength: 5000 }),
    notesEnd: str(undefined, { maxLength: 5000 }),
  },
  ['text'],
  { additionalProperties: false },
);

export const CREATED = object({ id: int(), url: str() });
export const DONE = object({ ok: { type: 'boolean', const: true } });

export const BOOKMARK = object({
  id: int(),
  work: str('the work in this API'),
  notes: nullable(str('sanitised HTML')),
  tags: array(str(), "the bookmarker's own tags"),
  private: bool('only its owner sees it'),
  rec: bool('recommended'),
  createdAt: str(undefined, { format: 'date-time' }),
  updatedAt: str(undefined, { format: 'date-time' }),
});

export const BOOKMARK_BODY = object(
  {
    notes: str('plain text or simple HTML', { maxLength: 5000 }),
    tags: array(str(undefined, { maxLength: 75 }), 'your own tags', { maxItems: 75 }),
    private: bool(),
    rec: bool(),
  },
  [],
  { additionalProperties: false },
);

export const SERIES = object({
  id: int(),
  url: str(),
  title: str(),
  summary: nullable(str()),
  creators: array(str()),
  words: int(),
  complete: bool(),
  updatedAt: str(undefined, { format: 'date-time' }),
  works: array(
    object({ position: int(), ...(BLURB.properties as Record<string, Schema>) }, [
      'position',
      ...(BLURB.required as string[]),
    ]),
    'in reading order',
  ),
});

const PREFERENCE_FIELDS = {
  viewAdult: bool('open Mature, Explicit and unrated works without the adult-content notice'),
  hideWarnings: bool('fold archive warnings away until opened'),
  hideFreeforms: bool('fold additional tags away until opened'),
  viewFullWork: bool("open a multi-chapter work's page on the entire work"),
  timeZone: str('an IANA time zone (or UTC) that pages show dates in', { maxLength: 64 }),
};

export const PREFERENCES = object(PREFERENCE_FIELDS);

export const PREFERENCES_BODY = object(PREFERENCE_FIELDS, [], { additionalProperties: false });

const COLLECTION_FIELDS = {
  name: str("the collection's URL key"),
  title: str(),
  description: str(),
  open: bool('creators may add works and bookmarks'),
  moderated: bool("items wait for a moderator's approval"),
  unrevealed: bool('its works are hidden until the reveal'),
  anonymous: bool('its creators are shown as Anonymous until the reveal'),
  revealAt: nullable(str('when works and creators are revealed', { format: 'date-time' })),
  url: str(),
};
export const COLLECTION_LIST = object({
  collections: array(object(COLLECTION_FIELDS), 'by name'),
  next: nullable(str()),
});
export const COLLECTION_PAGE = object({
  ...COLLECTION_FIELDS,
  parent: nullable(str('the parent collection name')),
  subcollections: array(str()),
  total: TOTAL,
  works: array(BLURB, 'works in it (and its subcollections) the caller can find'),
  next: nullable(str()),
});
export const COLLECTION_PARAMS = object({ name: str('a collection name', { pattern: '^[A-Za-z0-9_]+$' }) });
export const COLLECTION_LIST_QUERY = object(
  { q: str('words of the name or title'), after: str('cursor from the previous page') },
  [],
);

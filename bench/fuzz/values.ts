// Values for generated requests: path parameters that name real things (or junk), plausible values
// for the query keys and form fields the handlers read (or junk), and the junk itself.
import type { FuzzFile } from './files.ts';
import { list, type Rng } from './rng.ts';
import { ODD } from './stories.ts';
import { MEDIA } from '../../src/analysis/canon.ts';

const MEDIA_NAMES = [...MEDIA];

export type ActorName = 'owner' | 'other' | 'admin' | 'wrangler';

/** What requests may name: the server's port, who is signed in, and ids that exist. */
export interface World {
  port: number;
  /** A guest's CSRF token, carried in a cookie; any 32–64 url-safe characters will do. */
  csrf: string;
  /** Each reader's session, API token and CSRF token (read from a page, as a browser does). */
  actors: Record<ActorName, { session: string; token: string; csrf: string }>;
  pools: Record<'works' | 'series' | 'comments' | 'bookmarks' | 'searches' | 'reports' | 'tokens', number[]> &
    Record<'tags' | 'users' | 'resetTokens' | 'unsubscribeTokens', string[]>;
  file(index: number): FuzzFile;
}

export const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
/** encodeURIComponent, after lone surrogates (which it refuses) become U+FFFD. */
export const encode = (s: string) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

const EDGES = list(
  '| |0|-1|00001|1e3|1.5|0x10|NaN|Infinity|-0|2147483647|2147483648|9007199254740993|99999999999999999999999999|abc|true|null|[]|{}|__proto__|constructor',
);
const HOSTILE = list(
  `../../etc/passwd|<script>alert(1)</script>|' OR 1=1 --|"|\\|%|%00|%E0%A4%A|*s*|*a**d**q**h*|\u0000x`,
);
const QUERIES = list(
  'fandom:"x" -tag:y|words>1000 sort:-kudos|any:(a | b | "c|"unterminated|kudos>=abc|updated:99999d|-|((((|lang:',
);
const DATES = list('2024-13-45|9999-12-31|0000-00-00|2024-02-30T25:61:00Z|1970-01-01');

/** Junk for any value: numbers at the edges, unicode, markup, query syntax, dates, very long strings. */
export function junk(rng: Rng): string {
  return rng.weighted<() => string>([
    [4, () => rng.pick(EDGES)],
    [2, () => rng.pick(ODD)],
    [1, () => rng.pick(HOSTILE)],
    [1, () => rng.pick(QUERIES)],
    [1, () => rng.pick(DATES)],
    [1, () => 'x'.repeat(rng.pick([300, 5000, 100_000]))],
  ])();
}

// AO3's escapes in tag URLs.
const ESCAPES: [RegExp, string][] = [
  [/\//g, '*s*'],
  [/&/g, '*a*'],
  [/\./g, '*d*'],
  [/\?/g, '*q*'],
  [/#/g, '*h*'],
];
const tagUrl = (name: string) => encode(ESCAPES.reduce((s, [re, r]) => s.replace(re, r), name));

/** A value as one URL part: encoded, raw UTF-8 bytes, with broken percent-escapes, or with a NUL. */
export function urlPart(rng: Rng, s: string): string {
  const raw = () =>
    latin1(s).replace(/[\s\x00-\x20#?/&=%\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return rng.weighted<() => string>([
    [8, () => encode(s)],
    [1, raw],
    [1, () => encode(s) + rng.pick(list('%|%zz|%E0%A4|%00|%2F..%2F'))],
    // A NUL inside a value: some layers keep it, PostgreSQL refuses it.
    [0.5, () => `${encode(s.slice(0, s.length >> 1))}%00${encode(s.slice(s.length >> 1))}`],
  ])();
}

// Which pool an :id names, by the route it is in.
const ID_POOLS: [string, keyof World['pools']][] = [
  ['/comments/', 'comments'],
  ['/bookmarks/', 'bookmarks'],
  ['/searches/', 'searches'],
  ['/series/', 'series'],
  ['/reports/', 'reports'],
  ['/tokens/', 'tokens'],
];

export function param(rng: Rng, w: World, route: string, name: string): string {
  if (rng.chance(0.3)) return urlPart(rng, junk(rng));
  const p = w.pools;
  const one = <T>(items: T[], fallback: T) => (items.length ? rng.pick(items) : fallback);
  switch (name) {
    case 'id':
      return String(one(p[ID_POOLS.find(([part]) => route.includes(part))?.[1] ?? 'works'] as number[], 1));
    case 'position':
      return String(rng.range(1, 4));
    case 'tag':
      return tagUrl(one(p.tags, 'Original Work'));
    case 'media':
      return tagUrl(rng.pick(MEDIA_NAMES));
    case 'username':
    case 'pseud':
      return encode(one(p.users, 'owner'));
    case 'file':
      return encode(`${rng.pick(list('Work|ünï cødé||.'))}.${rng.pick(list('epub|html|txt|pdf|EPUB|mobi|'))}`);
    case 'token':
      if (route.includes('/unsubscribe/')) return rng.chance(0.5) ? one(p.unsubscribeTokens, 'none') : '1.comments.x';
      return rng.chance(0.5) ? one(p.resetTokens, 'none') : 'not-a-token';
    default:
      return urlPart(rng, junk(rng));
  }
}

type Make = (rng: Rng, w: World) => string;
const tag: Make = (rng, w) => (w.pools.tags.length ? rng.pick(w.pools.tags) : 'Original Work');
const pick =
  (items: string): Make =>
  (rng) =>
    rng.pick(list(items));

/** Plausible values by key (space-separated keys share one maker). */
const PLAUSIBLE: [string, Make][] = [
  [
    'q',
    (rng, w) =>
      rng.pick([
        ...list('lamp|"the lamp"|words>10 sort:kudos|any:(a | b)|-lamp|rating:explicit'),
        `fandom:"${tag(rng, w)}"`,
      ]),
  ],
  ['sort', pick('best_match|title|creator|posted|updated|words|kudos|hits|comments|bookmarks')],
  ['dir', pick('asc|desc')],
  ['limit', (rng) => String(rng.range(1, 100))],
  [
    'complete single_chapter facets view_full_work view_adult restricted post private rec later all',
    pick('true|false|1|0|on'),
  ],
  ['words_from words_to expected_chapters', (rng) => String(rng.range(0, 5000))],
  [
    'posted_from posted_to updated_from updated_to',
    (rng) => `20${rng.range(10, 30)}-0${rng.range(1, 9)}-1${rng.range(0, 9)}`,
  ],
  ['rating', pick('General Audiences|Teen And Up Audiences|Mature|Explicit|Not Rated')],
  [
    'warning warnings',
    pick('No Archive Warnings Apply|Creator Chose Not To Use Archive Warnings|Major Character Death'),
  ],
  ['category categories', pick('F/F|F/M|Gen|M/M|Multi|Other')],
  ['crossover', pick('only|exclude')],
  ['media', (rng) => rng.pick([...MEDIA_NAMES, 'Podcasts', ''])],
  ['language', pick('en|es|zh|xx|en-GB')],
  ['work target_id id item', (rng, w) => String(w.pools.works.length ? rng.pick(w.pools.works) : 1)],
  ['tag_id accept drop', (rng) => String(rng.range(1, 200))],
  ['username login co_creators pseud', (rng, w) => (w.pools.users.length ? rng.pick(w.pools.users) : 'owner')],
  ['password current', (rng) => rng.pick(['a-long-enough-password', 'short', 'x'.repeat(2000)])],
  ['comment_policy policy', pick('open|registered|moderated|closed')],
  [
    'action decision',
    pick(
      'save|post|preview|accept|reject|all|canonical|uncanonical|merge|parent|unparent|resolve|hide|unhide|approve|spam|delete_read',
    ),
  ],
  ['type target_type', pick('work|series|user|comment|creator')],
  ['kind', pick('mute|block')],
  ['comments comments_digest replies subscriptions subscriptions_digest kudos', pick('1|0|on|')],
  ['List-Unsubscribe', pick('One-Click|one-click|')],
  ['return_to', pick('/works|//evil.example|http://evil.example/|/\\evil|javascript:alert(1)')],
  ['params', pick('q=lamp|sort=kudos&rating=Explicit|%%%|')],
  [
    'fandoms freeforms relationships characters tags fandom freeform relationship character include exclude any tag parent merge into',
    (rng, w) => (rng.chance(0.8) ? tag(rng, w) : `${tag(rng, w)}, ${tag(rng, w)} | ${tag(rng, w)}`),
  ],
  ['after', (rng) => rng.pick(['eyJ4IjoxfQ', 'not-a-cursor', '', 'a'.repeat(500)])],
];
const BY_KEY = new Map(PLAUSIBLE.flatMap(([keys, make]) => keys.split(' ').map((k) => [k, make] as const)));
const PROSE = list('The lamp was dark.|A/N: thanks|<p>Hello <em>there</em></p>|Chapter 1\n\nIt began.');

/** A plausible value for a field or query key this archive reads (text for any other), else junk. */
export function value(rng: Rng, w: World, key: string): string {
  if (rng.chance(0.25)) return junk(rng);
  const make = BY_KEY.get(key.replace('[]', ''));
  if (make) return make(rng, w);
  return Array.from({ length: rng.range(1, 4) }, () => rng.pick(PROSE)).join('\n\n');
}

export const QUERY_KEYS = list(
  'q|fandom|character|relationship|freeform|rating|warning|category|include[]|exclude[]|any[]|words_from|words_to|posted_from|posted_to|updated_from|updated_to|language|complete|single_chapter|crossover|sort|dir|limit|after|facets|view_full_work|view_adult|notes|return_to|page|type|id|work|tag|error|notice',
);
export const FORM_KEYS = list(
  'title|summary|notes_beginning|notes_end|text|rating|warnings|categories|fandoms|relationships|characters|freeforms|language|co_creators|series|restricted|comment_policy|expected_chapters|accept|drop|pseud|action|post|tag|decision|confirm|order_1|order_2|body|guest_name|guest_email|parent|chapter|policy|notes|tags|private|rec|target_type|target_id|reason|type|id|work|later|all|name|params|username|email|password|current|login|return_to|kind|tag_id|into|item|comment|media|comments|comments_digest|replies|subscriptions|subscriptions_digest|kudos|List-Unsubscribe',
);

const WORK =
  'title|summary|notes_beginning|notes_end|rating|warnings|categories|fandoms|relationships|characters|freeforms|language|co_creators|series|restricted|comment_policy|expected_chapters|accept|drop|pseud|action';
const CHAPTER = 'title|text|notes_beginning|notes_end';
/** The fields each form handler reads. */
export const FORMS: Record<string, string> = {
  'POST /works/new': 'text',
  'POST /works/:id/edit': WORK,
  'POST /works/:id/suggestions': 'tag|decision',
  'POST /works/:id/delete': 'confirm',
  'POST /works/:id/chapters': CHAPTER,
  'POST /works/:id/chapters/order': 'order_1|order_2|order_3',
  'POST /works/:id/chapters/:position/edit': CHAPTER,
  'POST /works/:id/comments': 'body|guest_name|guest_email|parent|chapter',
  'POST /works/:id/comment_policy': 'policy',
  'POST /comments/:id/edit': 'body',
  'POST /comments/:id/moderate': 'action',
  'POST /works/:id/bookmark': 'notes|tags|private|rec',
  'POST /reports': 'target_type|target_id|reason',
  'POST /inbox/read': 'action|item',
  'POST /subscriptions': 'type|id',
  'POST /subscriptions/remove': 'type|id',
  'POST /history/later': 'work|later',
  'POST /history/clear': 'all|work',
  'POST /searches': 'name|params',
  'POST /searches/:id/rename': 'name',
  'POST /users': 'username|email|password',
  'POST /login': 'login|password|return_to',
  'POST /account/password': 'current|password',
  'POST /account/pseuds': 'name',
  'POST /password/reset': 'login',
  'POST /password/reset/:token': 'password',
  'POST /admin/tags/:tag': 'action|into|parent|tag',
  'POST /admin/tags/:tag/media': 'media',
  'POST /admin/reports/:id': 'action',
  'POST /account/blocked': 'username|kind',
  'POST /account/blocked/remove': 'username|kind',
  'POST /account/blocklist': 'tag',
  'POST /account/blocklist/remove': 'tag_id',
  'POST /account/hidden': 'work|series',
  'POST /account/hidden/remove': 'work|series',
  'POST /account/tokens': 'name',
  'POST /users/:username/preferences/email':
    'comments|comments_digest|replies|subscriptions|subscriptions_digest|kudos',
  'POST /unsubscribe/:token': 'List-Unsubscribe',
};
const API_WORK =
  'title|summary|notesBeginning|notesEnd|rating|warnings|categories|fandoms|relationships|characters|freeforms|language|restricted|commentPolicy|expectedChapters';
const API_CHAPTER = 'title|text|notesBeginning|notesEnd';
export const API_BODIES: Record<string, string> = {
  'POST /api/v1/works': `text|post|acceptSuggestions|${API_WORK}`,
  'PATCH /api/v1/works/:id': `post|${API_WORK}`,
  'POST /api/v1/works/:id/chapters': API_CHAPTER,
  'PUT /api/v1/works/:id/chapters/:position': API_CHAPTER,
  'PUT /api/v1/works/:id/bookmark': 'notes|tags|private|rec',
};

/** Odd values for headers, a few a request. */
export const HEADER_JUNK: Record<string, (w: World) => string[]> = {
  origin: (w) => [
    ...list('null|not-a-url|http://evil.example|http://127.0.0.1:1||http://[::1|http://a b|//x|file:///etc/passwd'),
    `http://127.0.0.1:${w.port}/path?x`,
    latin1('http://ünï.example'),
  ],
  host: (w) => [
    ...list('|evil.example|127.0.0.1:99999|[::1|localhost|x y|%00|[::1]:80'),
    'a'.repeat(300),
    `127.0.0.1:${w.port}:1`,
    latin1('ünï.example'),
  ],
  cookie: (w) => [
    ...list('quire_session=garbage|;;;==;|quire_session=%E0%A4%A|quire_csrf=short|quire_session=a; quire_session=b|='),
    ...[
      `quire_session=${'a'.repeat(5000)}`,
      `quire_csrf=${w.csrf}; quire_csrf=other`,
      latin1('quire_session=ü'),
      `quire_csrf="${w.csrf}"`,
    ],
  ],
  'content-type': () => [
    ...list(
      'application/json|application/x-www-form-urlencoded; charset=utf-16|multipart/form-data|multipart/form-data; boundary=|text/plain|*/*',
    ),
    ...list(
      'application/json; charset=latin1|application/json;;;|APPLICATION/JSON|multipart/mixed; boundary=x|application/octet-stream|',
    ),
    latin1('application/x-www-form-urlencodedü'),
  ],
  authorization: (w) => [
    ...list('Bearer|Bearer qt_nope|Basic Zm9vOmJhcg==|'),
    `Bearer ${'x'.repeat(5000)}`,
    `bearer  ${w.actors.other.token}`,
    latin1('Bearer qt_ü'),
  ],
  'x-forwarded-for': () => [...list('not-an-ip|::ffff:1.2.3.4|1.2.3.4, 5.6.7.8||999.999.999.999'), 'a'.repeat(500)],
  'x-forwarded-proto': () => list('https|javascript||https, http'),
  'x-forwarded-host': () => [...list('evil.example||a b|[::1|evil.example:99999'), 'a'.repeat(300)],
  accept: () => list('application/json|*/*|text/html;q=0|garbage/;;|'),
  'accept-encoding': () => [...list('gzip|br|identity;q=0|*;q=0'), 'x'.repeat(200)],
  'if-none-match': () => list('*|W/"x"|"|,,,|W/'),
  'if-modified-since': () => list('yesterday|Thu, 01 Jan 1970 00:00:00 GMT'),
  range: () => list('bytes=0-0|bytes=-1|bytes=9999999-|garbage'),
  referer: () => list('javascript:1|http://evil.example/'),
  'user-agent': () => ['', 'x'.repeat(8000)],
};

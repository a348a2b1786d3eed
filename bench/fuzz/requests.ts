// Generated HTTP requests for the route table: each route's path filled with real ids or junk, its
// query and body with the fields its handler reads (or junk), sent as a guest, a reader, the
// owner, an admin or a wrangler, with a share of malformed bodies, headers and raw request bytes.
import { list, Rng } from './rng.ts';
import {
  API_BODIES,
  type ActorName,
  encode,
  FORM_KEYS,
  FORMS,
  HEADER_JUNK,
  junk,
  latin1,
  param,
  QUERY_KEYS,
  urlPart,
  value,
  type World,
} from './values.ts';

export interface FuzzRequest {
  index: number;
  route: string;
  method: string;
  /** Path and query as sent (Latin-1: each char one byte). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The whole request, for the ones sent as bytes on a socket. */
  raw?: Buffer;
  recipe: string[];
}

const LISTS = new Set(list('warnings|categories|fandoms|relationships|characters|freeforms|tags'));
const BOOLS = new Set(list('post|acceptSuggestions|restricted|private|rec'));
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A JSON value for an API field: its type mostly, sometimes another, sometimes huge. */
function jsonValue(rng: Rng, w: World, key: string): unknown {
  const v = value(rng, w, snake(key));
  const typed = () =>
    LISTS.has(key) ? [v] : BOOLS.has(key) ? rng.chance(0.5) : key === 'expectedChapters' ? rng.range(0, 6000) : v;
  const other = () =>
    rng.pick([null, 0, -1, 1e308, true, [], {}, [[[]]], { a: v }, 'x'.repeat(rng.pick([300, 6000, 600_000]))]);
  const many = () => (LISTS.has(key) ? Array.from({ length: rng.pick([76, 1000]) }, () => v) : junk(rng));
  return rng.weighted<() => unknown>([
    [8, typed],
    [1, other],
    [1, many],
  ])();
}

const BOUNDARY = '----fuzzboundary7MA4YWxkTrZu0gW';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const FORM = 'application/x-www-form-urlencoded';
function multipart(fields: [string, string][], file?: { name: string; bytes: Buffer }): Buffer {
  const part = (disposition: string, extra = '') =>
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data${disposition}\r\n${extra}\r\n`, 'latin1');
  const parts: Buffer[] = fields.flatMap(([k, v]) => [part(`; name="${latin1(k)}"`), Buffer.from(`${v}\r\n`)]);
  if (file)
    parts.push(
      part(`; name="file"; filename="${latin1(file.name)}"`, 'Content-Type: application/octet-stream\r\n'),
      file.bytes,
      Buffer.from('\r\n'),
    );
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

const form = (fields: [string, string][]) => fields.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
const BAD_JSON = [
  '{',
  '[',
  'null',
  '"x"',
  '1',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '['.repeat(100_000),
  '{"a":1,}',
  '\u0000',
  '',
];

/** A body for a state-changing request, and its content type ('' for none). */
function body(rng: Rng, w: World, route: string, index: number, csrf: string, recipe: string[]): [string, Buffer?] {
  const api = route.includes(' /api/');
  const keys = list((api ? API_BODIES[route] : FORMS[route]) ?? '').filter(Boolean);
  const chosen = keys.filter(() => rng.chance(0.7));
  for (let i = rng.chance(0.2) ? rng.range(1, 4) : 0; i > 0; i--) chosen.push(rng.pick(FORM_KEYS));
  const fields: [string, string][] = chosen.map((k) => [k, value(rng, w, k)]);
  // Repeated keys arrive as arrays, which handlers may not expect.
  if (rng.chance(0.1) && fields.length) fields.push([rng.pick(fields)[0], value(rng, w, 'x')]);
  if (!api && rng.chance(0.9)) fields.push(['_csrf', rng.chance(0.95) ? csrf : junk(rng)]);
  const kind = rng.weighted([
    [api ? 1 : 12, 'form'],
    [api ? 12 : 1, 'json'],
    [route === 'POST /works/new' ? 4 : 1, 'multipart'],
    [1, 'bad-form'],
    [1, 'bad-json'],
    [1, 'bad-multipart'],
    [0.3, 'huge'],
    [0.3, 'none'],
  ] as const);
  recipe.push(`body:${kind}`);
  switch (kind) {
    case 'form':
      return [FORM, Buffer.from(form(fields))];
    case 'json': {
      const obj: Record<string, unknown> = Object.fromEntries(
        chosen.map((k) => [k, api ? jsonValue(rng, w, k) : value(rng, w, k)]),
      );
      if (!api) obj._csrf = csrf;
      return [rng.pick(['application/json', 'application/json; charset=utf-8']), Buffer.from(JSON.stringify(obj))];
    }
    case 'multipart': {
      const file = rng.chance(0.7) ? w.file(index) : undefined;
      if (file) recipe.push(`upload:${file.recipe}`);
      return [MULTIPART, multipart(fields, file && { name: file.name, bytes: file.bytes })];
    }
    case 'bad-form': {
      const bad = [
        '%%%&&==&a=%E0%A4&',
        '&'.repeat(1000),
        'a[b][c]=1&a=2&a[]=3',
        `_csrf=${csrf}&${latin1('title=ü\u0000')}`,
        '=&=&=',
        `${form(fields)}%`,
      ];
      return [FORM, Buffer.from(rng.pick(bad), 'latin1')];
    }
    case 'bad-json':
      return ['application/json', Buffer.from(rng.pick(BAD_JSON))];
    case 'bad-multipart': {
      const good = multipart(
        fields,
        rng.chance(0.5) ? { name: '../../x.txt', bytes: Buffer.from('Text.') } : undefined,
      );
      const file = (name: string) => multipart([], { name, bytes: Buffer.from('A.') });
      return rng.pick<[string, Buffer]>([
        ['multipart/form-data', good],
        ['multipart/form-data; boundary=', good],
        ['multipart/form-data; boundary=other', good],
        [MULTIPART, good.subarray(0, rng.int(good.length))],
        [MULTIPART, multipart(Array.from({ length: 250 }, (_, i) => [`f${i}`, 'v']))],
        [MULTIPART, Buffer.concat([file('a.txt'), file('b.txt')])],
        [
          MULTIPART,
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--${BOUNDARY}--\r\n`),
        ],
      ]);
    }
    case 'huge': {
      const size = rng.pick([1 << 20, 9 << 20]);
      return [FORM, Buffer.from(`${form(fields)}&${rng.pick(keys.length ? keys : ['text'])}=${'a'.repeat(size)}`)];
    }
    case 'none':
      return [''];
  }
}

const ACTORS: [number, ActorName | 'guest'][] = [
  [3, 'guest'],
  [3, 'owner'],
  [2, 'other'],
  [1, 'admin'],
  [1, 'wrangler'],
];
const OTHER_METHODS = list('GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|TRACE|PROPFIND|FOO');

export function generateRequest(seed: string, index: number, route: string, w: World): FuzzRequest {
  const rng = new Rng(`${seed}:request:${index}`);
  const recipe: string[] = [];
  const [routeMethod, pattern] = route.split(' ') as [string, string];
  const method = rng.chance(0.04) ? rng.pick(OTHER_METHODS) : routeMethod;
  let path = pattern.replace(/:(\w+)/g, (_, name: string) => param(rng, w, route, name));
  if (rng.chance(0.05))
    path = rng.pick([
      `${path}/`,
      `/${path}`,
      path.replace(/\//g, '%2F'),
      `${path}/..`,
      `${path}%00`,
      path.toUpperCase(),
      `${path};x=1`,
    ]);
  const query: string[] = [];
  for (let i = routeMethod === 'GET' ? rng.pick([0, 0, 1, 1, 3, 6]) : rng.int(2); i > 0; i--) {
    const key = rng.chance(0.9) ? rng.pick(QUERY_KEYS) : junk(rng);
    query.push(`${urlPart(rng, key)}=${urlPart(rng, value(rng, w, key))}`);
  }
  if (query.length) path += `?${query.join('&')}`;
  if (rng.chance(0.02))
    path += rng.pick(['?%', '?a=%E0%A4%A', '?&&&', '?a[b][c]=1', `?q=${'x'.repeat(60_000)}`, '#frag']);

  const actor = rng.weighted(ACTORS);
  recipe.push(`as:${actor}`);
  const headers: Record<string, string> = { host: `127.0.0.1:${w.port}` };
  const api = pattern.startsWith('/api/');
  const session = actor === 'guest' ? '' : `quire_session=${w.actors[actor].session}; `;
  if (!api || rng.chance(0.1)) headers.cookie = `${session}quire_csrf=${w.csrf}`;
  if (api && actor !== 'guest') headers.authorization = `Bearer ${w.actors[actor].token}`;
  let payload: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' ? true : rng.chance(0.03)) {
    const [type, b] = body(rng, w, route, index, actor === 'guest' ? w.csrf : w.actors[actor].csrf, recipe);
    if (type) headers['content-type'] = type;
    payload = b;
    if (!api) headers.origin = rng.chance(0.7) ? `http://127.0.0.1:${w.port}` : rng.pick(HEADER_JUNK.origin!(w));
  }
  for (let i = rng.chance(0.3) ? rng.range(1, 3) : 0; i > 0; i--) {
    const name = rng.pick(Object.keys(HEADER_JUNK));
    headers[name] = rng.pick(HEADER_JUNK[name]!(w));
    recipe.push(`header:${name}`);
  }
  if (headers.host === '') delete headers.host;
  const req: FuzzRequest = { index, route, method, path, headers, recipe, ...(payload ? { body: payload } : {}) };
  if (rng.chance(0.03)) req.raw = rawRequest(rng, req);
  return req;
}

/** The request as bytes, broken in a way an HTTP client library would refuse to send. */
function rawRequest(rng: Rng, r: FuzzRequest): Buffer {
  const body = r.body ?? Buffer.alloc(0);
  const lines = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`);
  const how = rng.pick(
    list(
      'no-colon|cl-and-te|bad-chunk|short-body|request-line|huge-header|obs-fold|control-chars|raw-path|absolute-form|asterisk',
    ),
  );
  r.recipe.push(`raw:${how}`);
  let start = `${r.method} ${r.path} HTTP/1.1`;
  let tail = `content-length: ${body.length}`;
  if (how === 'no-colon') lines.push('X-Broken-Header');
  if (how === 'cl-and-te') tail += '\r\ntransfer-encoding: chunked';
  if (how === 'bad-chunk') tail = 'transfer-encoding: chunked';
  if (how === 'short-body') tail = `content-length: ${body.length + 10}`;
  if (how === 'request-line')
    start = rng.pick([
      `${r.method}  HTTP/1.1`,
      `${r.method} ${r.path} HTTP/9.9`,
      `G\u0000ET ${r.path} HTTP/1.1`,
      `${r.method} ${r.path}`,
    ]);
  if (how === 'huge-header') lines.push(`x-big: ${'a'.repeat(20_000)}`);
  if (how === 'obs-fold') lines.push('x-folded: a', ' continued');
  if (how === 'control-chars') lines.push('x-ctl: a\u0000b\u0001c');
  if (how === 'raw-path') start = `${r.method} ${latin1(`${r.path.split('?')[0]}/ünï cødé<>"`)} HTTP/1.1`;
  if (how === 'absolute-form') start = `${r.method} http://evil.example${r.path} HTTP/1.1`;
  if (how === 'asterisk') start = 'OPTIONS * HTTP/1.1';
  const head = Buffer.from(`${start}\r\n${lines.join('\r\n')}\r\n${tail}\r\nconnection: close\r\n\r\n`, 'latin1');
  const chunked = how === 'bad-chunk' ? Buffer.from(`zz\r\n${body.toString('latin1')}\r\n0\r\n\r\n`, 'latin1') : body;
  return Buffer.concat([head, chunked]);
}

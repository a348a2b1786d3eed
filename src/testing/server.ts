// The server harness for HTTP tests: the real server and route table on the test's database, and
// a cookie jar over app.inject that signs in and posts forms as our pages do.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { MemoryMailSender } from '../accounts/mail.ts';
import type { Database } from '../db/database.ts';
import { buildServer, type ServerOptions } from '../web/server.ts';

/** The server as `quire serve` builds it; mail is kept in memory unless the test passes its own. */
export function testServer(database: Database, opts: ServerOptions = {}): Promise<FastifyInstance> {
  return buildServer(database, { mail: new MemoryMailSender(), ...opts });
}

/** The routes the real route table registers whose path starts with one of `prefixes`, as [method, path]. */
export function registeredRoutes(app: FastifyInstance, prefixes: string[]): [method: string, path: string][] {
  return app.quireRoutes
    .filter((r) => r.startsWith('GET ') || r.startsWith('POST '))
    .map((r) => r.split(' ') as [string, string])
    .filter(([, path]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`)));
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      const gone =
        c.value === '' ||
        (c as { maxAge?: number }).maxAge === 0 ||
        (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  private csrf: { session: string | undefined; token: string } | null = null;

  /**
   * The CSRF token our pages embed, read from a page as a browser would: a guest's comes with the
   * sign-in form, a signed-in reader's with the sign-out form on every page (it is their session's).
   */
  async csrfToken(): Promise<string> {
    const session = this.cookies.get('quire_session');
    if (this.csrf && this.csrf.session === session) return this.csrf.token;
    const field = /name="_csrf" value="([^"]+)"/;
    const page = field.exec((await this.get('/')).body) ?? field.exec((await this.get('/login')).body);
    if (!page) throw new Error('no page here carries a CSRF token');
    this.csrf = { session, token: page[1]! };
    return page[1]!;
  }

  /** Posts a form with the CSRF token our pages embed (unless `csrf: false`). */
  async post(
    url: string,
    form: Record<string, string> = {},
    opts: { csrf?: boolean; origin?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...form, ...(opts.csrf === false ? {} : { _csrf: await this.csrfToken() }) });
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (opts.origin) headers.origin = opts.origin;
    Object.assign(headers, opts.headers);
    return this.remember(await this.app.inject({ method: 'POST', url, payload: body.toString(), headers }));
  }

  async signUp(username: string, password = 'a-long-enough-password'): Promise<this> {
    const res = await this.post('/users', { username, email: `${username}@example.org`, password });
    if (res.statusCode !== 303)
      throw new Error(`sign up of ${username} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return this;
  }
}

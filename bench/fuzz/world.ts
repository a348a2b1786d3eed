// The archive the requests are sent to: a fresh database (a SQLite temp file, or a new database on
// a throwaway PostgreSQL), four accounts with sessions and API tokens, a few works with chapters,
// a series, comments, bookmarks, a saved search, a report and a password reset waiting. Between
// batches the sessions and tokens a request revoked are replaced and the pools of ids refreshed.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createApiToken,
  listApiTokens,
  promote,
  revokeApiToken,
  sessionFromToken,
  type SignedIn,
  signUp,
  startSession,
  userFromApiToken,
} from '../../src/accounts/accounts.service.ts';
import type { MemoryMailSender } from '../../src/accounts/mail.ts';
import { type Database, type Dialect, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrations.ts';
import type { WorkFields } from '../../src/works/posting-rules.ts';
import { createDraft, saveWork } from '../../src/works/posting.service.ts';
import type { ActorName, World } from './values.ts';
import { readSetting } from '../../src/config.ts';
import { unsubscribeToken } from '../../src/notices/notices.service.ts';
import { workFields } from '../../src/testing/works.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'a-long-enough-password';

/** A throwaway cluster from scripts/postgres-throwaway.sh, or the server in QUIRE_TEST_PG_URL. */
export function startPostgres(): { url: string; stop(): void } {
  const given = readSetting('testPgUrl');
  if (given) return { url: given, stop() {} };
  const out = execFileSync('bash', [join(ROOT, 'scripts/postgres-throwaway.sh'), 'start'], { encoding: 'utf8' }).trim();
  const [url, dir] = out.split(/\s+/);
  if (!url || !dir) throw new Error(`postgres-throwaway.sh printed '${out}', not a URL and a directory`);
  let stopped = false;
  return {
    url,
    stop() {
      if (stopped) return;
      stopped = true;
      execFileSync('bash', [join(ROOT, 'scripts/postgres-throwaway.sh'), 'stop', dir], { stdio: 'ignore' });
    },
  };
}

export async function openTarget(
  dialect: Dialect,
  pgUrl?: string,
): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'quire-fuzz-'));
    const database = await openDatabase(`sqlite:${join(dir, 'fuzz.db')}`);
    await migrate(database);
    return {
      database,
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('fuzz: no PostgreSQL URL');
  const name = `quire_fuzz_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      return (await c.query(sql, params)).rowCount ?? 0;
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const database = await openDatabase(pgUrl.replace(/\/[^/]*$/, `/${name}`));
  await migrate(database);
  return {
    database,
    async dispose() {
      await database.close();
      // The pool's connections close a moment after close() returns: dropped before, each logs its end.
      for (let i = 0; i < 40; i++) {
        if ((await admin('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [name])) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

const fields = (over: Partial<WorkFields>): WorkFields => workFields({ summary: 'A lamp, a harbour.', ...over });

const TEXT = 'Chapter 1\n\nThe lamp was dark for nine nights.\n\nChapter 2\n\nThe ice let go.\n\nChapter 3\n\nSpring.';

export class WorldState {
  readonly users = {} as Record<ActorName, SignedIn>;
  constructor(
    readonly database: Database,
    readonly world: World,
    private readonly mail: MemoryMailSender,
    private readonly browse: (
      actor: ActorName | 'guest',
      url: string,
      form?: Record<string, string>,
    ) => Promise<{ status: number; body: string }>,
  ) {}

  private async work(user: SignedIn, over: Partial<WorkFields>, post = true): Promise<number> {
    const suggest = () => [{ type: 'freeform' as const, name: 'Lamps', confidence: 0.5, evidence: [] }];
    const id = await createDraft(this.database, user, { text: TEXT }, suggest);
    if (post) await saveWork(this.database, user, id, fields(over), { post: true });
    return id;
  }

  /** Accounts and works through the services; comments and the rest through HTTP, as readers make them. */
  async populate() {
    const post = async (actor: ActorName | 'guest', url: string, form: Record<string, string>) =>
      (await this.browse(actor, url, form)).status;
    for (const name of ['owner', 'other', 'admin', 'wrangler'] as const) {
      this.users[name] = await signUp(this.database, {
        username: name,
        email: `${name}@example.org`,
        password: PASSWORD,
      });
      if (name === 'admin' || name === 'wrangler') await promote(this.database, name, name);
      this.world.actors[name] = { session: '', token: '', csrf: '' };
    }
    const { owner, other, admin } = this.users;
    const w1 = await this.work(owner, {
      title: 'Salt and Lantern Light',
      series: 'Fuzz Series',
      freeforms: ['Lamps', 'Winter'],
    });
    await this.work(owner, { title: 'Explicit One', rating: 'Explicit', restricted: true, series: 'Fuzz Series' });
    await this.work(owner, {}, false);
    await this.work(other, {
      title: 'Moderated',
      commentPolicy: 'moderated',
      fandoms: ['Sherlock (TV)'],
      characters: ['John Watson'],
    });
    await this.work(admin, {
      title: 'Closed',
      rating: 'Mature',
      commentPolicy: 'closed',
      relationships: ['Wren/Ada Harlow'],
    });
    await this.maintain();
    const ok = [
      await post('other', `/works/${w1}/comments`, { body: 'Lovely.' }),
      await post('guest', `/works/${w1}/comments`, { body: 'As a guest.', guest_name: 'A guest' }),
      await post('other', `/works/${w1}/bookmark`, { notes: 'Good.', tags: 'lamps' }),
      await post('owner', '/searches', { name: 'Lamps', params: 'q=lamp' }),
      await post('other', '/reports', {
        target_type: 'work',
        target_id: String(w1),
        reason: 'This looks like spam to me.',
      }),
      await post('other', '/subscriptions', { type: 'work', id: String(w1) }),
      await post('guest', '/password/reset', { login: 'other' }),
    ];
    if (ok.some((s) => s >= 400)) process.stderr.write(`fuzz: setup requests answered ${ok.join(' ')}\n`);
    await this.maintain();
  }

  /** New sessions and tokens for the revoked ones, fresh ids, and more works when requests deleted them. */
  async maintain(): Promise<void> {
    const { database, world } = this;
    for (const name of Object.keys(this.users) as ActorName[]) {
      const user = this.users[name];
      const a = world.actors[name];
      if (!a.session || !(await sessionFromToken(database, a.session))) {
        a.session = await startSession(database, user.id);
        a.csrf = '';
      }
      // The form token is read from a page, as a browser reads it.
      if (!a.csrf) a.csrf = /name="_csrf" value="([^"]+)"/.exec((await this.browse(name, '/account')).body)?.[1] ?? '';
      if (!a.token || !(await userFromApiToken(database, a.token))) {
        try {
          a.token = await createApiToken(database, user, 'fuzz');
        } catch {
          for (const t of await listApiTokens(database, user)) await revokeApiToken(database, user, t.id);
          a.token = await createApiToken(database, user, 'fuzz');
        }
      }
    }
    const db = database.db;
    const posted = await db
      .selectFrom('works')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('draft', '=', 0)
      .where('hidden_by_admin', '=', 0)
      .executeTakeFirstOrThrow();
    if (Number(posted.n) < 3) await this.work(this.users.owner, { title: 'Again', series: 'Fuzz Series' });
    const ids = async (
      table: 'works' | 'series' | 'comments' | 'bookmarks' | 'saved_searches' | 'reports' | 'api_tokens',
    ) => (await db.selectFrom(table).select('id').orderBy('id', 'desc').limit(40).execute()).map((r) => Number(r.id));
    const p = world.pools;
    p.works = await ids('works');
    p.series = await ids('series');
    p.comments = await ids('comments');
    p.bookmarks = await ids('bookmarks');
    p.searches = await ids('saved_searches');
    p.reports = await ids('reports');
    p.tokens = await ids('api_tokens');
    p.tags = (await db.selectFrom('tags').select('name').orderBy('id', 'desc').limit(80).execute()).map((r) => r.name);
    p.users = (await db.selectFrom('pseuds').select('name').limit(40).execute()).map((r) => r.name);
    p.unsubscribeTokens = await Promise.all(
      (['comments', 'kudos'] as const).map((kind) => unsubscribeToken(db, this.users.owner.id, kind)),
    );
    p.resetTokens = this.mail.sent.flatMap((m) =>
      [...m.text.matchAll(/\/password\/reset\/([\w-]+)/g)].map((x) => x[1]!),
    );
  }
}

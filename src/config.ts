// Every setting Quire reads from its environment, in one place: its variable, the command-line flag
// that overrides it where there is one, its default, how a value is checked, and what it is for.
// Nothing else reads process.env (scripts/check-layers.mjs holds to it); the README's
// configuration table and `quire config` are generated from this list.
//
// Values are read when asked for, not when this module loads: tests change the environment
// between cases, and a server reads some settings per request.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, maskPassword, parseDatabaseUrl } from './db/database-url.ts';
import {
  ConfigError,
  DEFAULT_APPLY_AT,
  type Env,
  parseConfidence,
  parseTrustProxy,
  parseUrlSetting,
  type Setting,
  type Source,
  setting,
  switchSetting,
  wholeNumber,
} from './config-values.ts';
import { MAIL_SETTINGS } from './config-mail.ts';

/** Markdown code; spelled out where the word would otherwise read to check-layers as a tagged sql template. */
const code = (word: string) => `\`${word}\``;

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const JOURNAL_MODES = ['DELETE', 'TRUNCATE', 'PERSIST', 'MEMORY', 'WAL', 'OFF'];

export const SETTINGS = {
  database: setting({
    variable: 'DATABASE_URL',
    flag: { option: 'database', usage: 'quire <command> --database URL' },
    kind: 'product',
    secret: 'url-password',
    default: `\`${DEFAULT_DATABASE_URL}\``,
    description:
      'the database: `sqlite:PATH` (`sqlite::memory:` for a throwaway) or `postgres://user:password@host:port/db`',
    parse(raw, from) {
      const url = raw ?? DEFAULT_DATABASE_URL;
      try {
        parseDatabaseUrl(url);
      } catch (e) {
        throw new ConfigError(`${from}: ${(e as Error).message}`);
      }
      return url;
    },
  }),
  port: setting({
    variable: 'PORT',
    flag: { option: 'port', usage: 'quire serve --port N' },
    kind: 'product',
    default: '`3000`',
    description: 'the port `quire serve` listens on (`0`: any free port)',
    parse(raw, from) {
      const port = Number(raw ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new ConfigError(`${from} must be a port number from 0 to 65535; got "${raw}"`);
      return port;
    },
  }),
  host: setting({
    variable: 'HOST',
    flag: { option: 'host', usage: 'quire serve --host ADDR' },
    kind: 'product',
    default: '`127.0.0.1`',
    description: 'the address `quire serve` binds',
    parse: (raw) => raw ?? '127.0.0.1',
  }),
  processes: setting({
    variable: 'QUIRE_PROCESSES',
    flag: { option: 'processes', usage: 'quire serve --processes N' },
    kind: 'product',
    default: '`1`',
    description:
      'web processes `quire serve` runs on one port (node:cluster; migrations run once, before they start); `0`: one per core',
    parse(raw, from) {
      const n = raw === undefined || raw === '' ? 1 : wholeNumber(raw, from, 0);
      return n === 0 ? availableParallelism() : n;
    },
  }),
  log: setting({
    variable: 'QUIRE_LOG',
    kind: 'product',
    default: 'on',
    description: 'the request log of `quire serve`; `off` silences it',
    parse: (raw) => raw !== 'off',
    show: (on) => (on ? 'on' : 'off'),
  }),
  trustRequestId: switchSetting(
    'QUIRE_TRUST_REQUEST_ID',
    "`on` takes a request's `X-Request-Id` (1 to 64 letters, digits, `-`, `_`, `.`, `:`) as its id in the log, for a proxy that sets one; otherwise each request gets a random id",
  ),
  metrics: switchSetting(
    'QUIRE_METRICS',
    '`on` serves Prometheus metrics at `/metrics` (request durations, database pool, process)',
  ),
  metricsToken: setting({
    variable: 'QUIRE_METRICS_TOKEN',
    kind: 'product',
    secret: 'whole',
    default: 'none',
    description: 'when set, `/metrics` answers only a request bearing `Authorization: Bearer` this token',
    parse: (raw) => raw || undefined,
    show: (token) => (token ? '(set)' : 'none'),
  }),
  pgPool: setting({
    variable: 'QUIRE_PG_POOL',
    kind: 'product',
    default: '`10`',
    description: 'PostgreSQL connections per process at most',
    parse: (raw, from) => (raw === undefined ? 10 : wholeNumber(raw, from, 1)),
  }),
  pageCacheMb: setting({
    variable: 'QUIRE_PAGE_CACHE_MB',
    kind: 'product',
    default: '`64`',
    description:
      "memory per process for guests' rendered work and chapter pages, least recently used dropped first (`0` turns the cache off)",
    parse: (raw, from) => (raw === undefined || raw === '' ? 64 : wholeNumber(raw, from, 0)),
  }),
  hitBatchMs: setting({
    variable: 'QUIRE_HIT_BATCH_MS',
    kind: 'product',
    default: '`1000`',
    description:
      "how long, in milliseconds, a work's hit waits in the process's memory to be written with others (also written as the server stops)",
    parse: (raw, from) => (raw === undefined || raw === '' ? 1000 : wholeNumber(raw, from, 1)),
  }),
  readWorkers: setting({
    variable: 'QUIRE_READ_WORKERS',
    kind: 'product',
    default: 'one per core, up to 4 (none on one core)',
    description:
      'SQLite read-only connections on worker threads, which rank a search with many matches in parts at once (`0` turns them off)',
    parse(raw, from) {
      if (raw !== undefined && raw !== '') return wholeNumber(raw, from, 0);
      // Each part of a split query pays a fixed cost (about 8 ms for a common phrase at a million
      // works: top-20 took 24.8 ms whole, 16.5 per half, 12 per quarter), so more parts than cores
      // only add it up.
      const cores = availableParallelism();
      return cores > 1 ? Math.min(cores, 4) : 0;
    },
  }),
  searchEngine: setting({
    variable: 'QUIRE_SEARCH_ENGINE',
    kind: 'product',
    default: '`index`',
    description: `search engine: \`index\` keeps an in-memory filter index per process (about 50 MB per million works, plus postings of the tags searched), ${code('sql')} searches with SQL alone`,
    parse(raw, from): 'index' | 'sql' {
      if (raw === 'sql') return 'sql';
      if (raw === undefined || raw === '' || raw === 'index') return 'index';
      throw new ConfigError(`${from} must be "index" or "sql"; got "${raw}"`);
    },
  }),
  publicUrl: setting({
    variable: 'QUIRE_PUBLIC_URL',
    aliases: ['QUIRE_BASE_URL'],
    kind: 'product',
    default:
      "downloads and feeds: taken from the request; reset e-mails: only for hosts in `QUIRE_ALLOWED_HOSTS` (set it in production: a Host header is the client's to choose)",
    description: "the archive's public address, for links in e-mail, downloads and feeds",
    parse(raw, from): string | null {
      const value = raw?.trim();
      if (!value) return null;
      return parseUrlSetting(value, from, ['http:', 'https:'], 'https://archive.example.org').origin;
    },
    show: (origin) => origin ?? '(none)',
  }),
  allowedHosts: setting({
    variable: 'QUIRE_ALLOWED_HOSTS',
    kind: 'product',
    default: `\`${LOOPBACK_HOSTS.join(',')}\``,
    description: 'hosts a password-reset link may name when no public address is set (comma-separated)',
    parse(raw): string[] {
      const value = raw?.trim();
      if (!value) return LOOPBACK_HOSTS;
      return value
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
    },
    show: (hosts) => hosts.join(','),
  }),
  trustProxy: setting({
    variable: 'QUIRE_TRUST_PROXY',
    kind: 'product',
    default: "`off` (a client's own headers are never believed)",
    description:
      'proxies whose `X-Forwarded-For`/`-Proto` to believe: addresses or CIDR ranges, comma-separated, or `all`',
    parse: (raw, from) => parseTrustProxy(raw, from),
    show: (t) => (t === false ? 'off' : t === true ? 'all' : t),
  }),
  textBudgetMs: setting({
    variable: 'QUIRE_TEXT_BUDGET_MS',
    kind: 'product',
    default: '`30000`',
    description: 'how long reading one upload or import, or analysing it, may take before its worker is ended',
    parse: (raw, from) =>
      raw === undefined || raw === '' ? 30_000 : wholeNumber(raw, from, 100, 'a whole number of milliseconds'),
  }),
  applySuggestions: setting({
    variable: 'QUIRE_APPLY_SUGGESTIONS',
    flag: { option: 'apply-suggestions', usage: 'quire import --apply-suggestions C' },
    kind: 'product',
    default: `\`${DEFAULT_APPLY_AT}\``,
    description:
      "the confidence from which an import applies the analysis' tags (`none`: keep them all as suggestions)",
    parse(raw, from): number | null {
      if (raw?.trim().toLowerCase() === 'none') return null;
      return parseConfidence(raw, from, ', or "none"') ?? DEFAULT_APPLY_AT;
    },
    show: (c) => (c === null ? 'none' : String(c)),
  }),
  secret: setting({
    variable: 'QUIRE_SECRET',
    kind: 'product',
    secret: 'whole',
    default: "a random key drawn once and kept in the archive's database",
    description: "key for hashing guests' addresses (guest kudos, comments, hits) and guests' page validators",
    parse: (raw) => raw || undefined,
    show: (key) => (key ? '(set)' : "(drawn once, kept in the archive's database)"),
  }),
  ...MAIL_SETTINGS,
  apiRateLimit: setting({
    variable: 'QUIRE_API_RATE_LIMIT',
    kind: 'product',
    default: '`600`',
    description: "JSON API requests per minute per client, for all of the archive's processes together",
    parse: (raw, from) => (raw === undefined ? 600 : wholeNumber(raw, from, 1)),
  }),
  jobs: setting({
    variable: 'QUIRE_JOBS',
    kind: 'product',
    default: '`serve`',
    description:
      '`serve`: `quire serve` also runs background jobs (mail, re-analysis, downloads built ahead); `off`: it only serves, and `quire worker` processes run the jobs',
    parse(raw, from): 'serve' | 'off' {
      const value = raw?.trim().toLowerCase();
      if (value === undefined || value === '' || value === 'serve') return 'serve';
      if (value === 'off') return 'off';
      throw new ConfigError(`${from} must be "serve" or "off"; got "${raw}"`);
    },
  }),
  jobsConcurrency: setting({
    variable: 'QUIRE_JOBS_CONCURRENCY',
    kind: 'product',
    default: '`2`',
    description: 'jobs one process runs at once at most',
    parse: (raw, from) => (raw === undefined || raw === '' ? 2 : wholeNumber(raw, from, 1)),
  }),
  jobsPollMs: setting({
    variable: 'QUIRE_JOBS_POLL_MS',
    kind: 'product',
    default: '`1000`',
    description:
      'how often a process that runs jobs looks for due ones, in milliseconds (every fifth look also takes back the jobs of processes that died)',
    parse: (raw, from) =>
      raw === undefined || raw === '' ? 1000 : wholeNumber(raw, from, 50, 'a whole number of milliseconds'),
  }),
  downloadsDir: setting({
    variable: 'QUIRE_DOWNLOADS_DIR',
    kind: 'product',
    default: '`data/downloads`',
    description: 'the download cache folder (`off` to disable)',
    parse(raw): string | null {
      const dir = raw ?? 'data/downloads';
      return dir === 'off' ? null : resolve(dir);
    },
    show: (dir) => dir ?? 'off',
  }),
  chromiumPath: setting({
    variable: 'CHROMIUM_PATH',
    kind: 'product',
    default: '`/usr/bin/chromium` (no PDF link without it)',
    description: 'chromium for PDF downloads (and the browser tests)',
    parse: (raw) => raw ?? '/usr/bin/chromium',
  }),
  corpusJournal: setting({
    variable: 'QUIRE_CORPUS_JOURNAL',
    kind: 'dev',
    default: '`MEMORY`',
    description: 'SQLite journal mode while `quire dev corpus` fills a database',
    parse(raw, from) {
      const mode = raw ?? 'MEMORY';
      if (!JOURNAL_MODES.includes(mode.toUpperCase()))
        throw new ConfigError(`${from} must be one of ${JOURNAL_MODES.join(', ')}; got "${mode}"`);
      return mode;
    },
  }),
  sharedDir: setting({
    variable: 'QUIRE_SHARED_DIR',
    kind: 'dev',
    default: '`../shared` beside the checkout',
    description: 'the folder of shared labelled texts `npm run eval` reads',
    parse: (raw) => resolve(raw ?? fileURLToPath(new URL('../../shared', import.meta.url))),
  }),
  testPgUrl: setting({
    variable: 'QUIRE_TEST_PG_URL',
    kind: 'test',
    secret: 'url-password',
    default: 'none (`npm test` starts a throwaway PostgreSQL and sets it)',
    description: 'the PostgreSQL server on which tests create their databases',
    parse: (raw) => raw || undefined,
  }),
  ci: setting({
    variable: 'CI',
    kind: 'test',
    default: 'unset: a missing tool skips its tests',
    description: '`true`: a test that lacks PostgreSQL, chromium or epubcheck fails instead of being skipped',
    parse: (raw) => raw === 'true',
  }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = (typeof SETTINGS)[N] extends Setting<infer T> ? T : never;

export interface ReadOptions {
  /** The environment to read; process.env at the time of the call by default. */
  env?: Env;
  /** The flag's value, when the command was given one. */
  flag?: string | undefined;
}

/** The raw text a setting has, and where it came from (`from` names the variable or flag). */
export function rawSetting(
  name: SettingName,
  { env = process.env, flag }: ReadOptions = {},
): { raw: string | undefined; source: Source; from: string } {
  const s: Setting<unknown> = SETTINGS[name];
  if (flag !== undefined && s.flag) return { raw: flag, source: 'flag', from: `--${s.flag.option}` };
  for (const variable of [s.variable, ...(s.aliases ?? [])]) {
    if (env[variable] !== undefined) return { raw: env[variable], source: 'environment', from: variable };
  }
  return { raw: undefined, source: 'default', from: s.variable };
}

/** A setting's effective value; a bad one throws a ConfigError naming its variable or flag. */
export function readSetting<N extends SettingName>(name: N, options: ReadOptions = {}): SettingValue<N> {
  const { raw, from } = rawSetting(name, options);
  return (SETTINGS[name] as Setting<SettingValue<N>>).parse(raw, from);
}

/**
 * This process's environment with some variables added, for a program it runs that reads its own
 * (pg_dump takes a password from PGPASSWORD rather than from a command line others can see).
 */
export function environmentWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

export interface ConfigOptions {
  env?: Env;
  /** Flag values by option name (`port`, `database`...), as a command was given them. */
  flags?: Record<string, string | undefined>;
}

export interface EffectiveSetting {
  name: SettingName;
  variable: string;
  kind: Setting<unknown>['kind'];
  /** The value as shown to a person, secrets masked; absent when the value is bad. */
  shown?: string;
  source: Source;
  from: string;
  error?: string;
}

/** Every setting's effective value and its source, for `quire config`; flags by option name. */
export function effectiveConfig({ env = process.env, flags = {} }: ConfigOptions = {}): EffectiveSetting[] {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s: Setting<unknown> = SETTINGS[name];
    const read = rawSetting(name, { env, flag: s.flag ? flags[s.flag.option] : undefined });
    const base = { name, variable: s.variable, kind: s.kind, source: read.source, from: read.from };
    try {
      const value = s.parse(read.raw, read.from);
      return { ...base, shown: mask(s, value) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return { ...base, error: s.secret === 'url-password' ? maskPassword(e.message) : e.message };
    }
  });
}

function mask(s: Setting<unknown>, value: unknown): string {
  if (s.secret === 'whole' && value !== undefined) return '*** (set)';
  const shown = s.show ? s.show(value) : value === undefined ? '(none)' : String(value);
  return s.secret === 'url-password' ? maskPassword(shown) : shown;
}

/** Every bad value among the settings of these kinds, one message each (empty: all good). */
export function configErrors(options: ConfigOptions = {}, kinds: Setting<unknown>['kind'][] = ['product']): string[] {
  return effectiveConfig(options).flatMap((s) => (s.error && kinds.includes(s.kind) ? [s.error] : []));
}

// ---- the README's table ------------------------------------------------------------------------

export const TABLE_START =
  '<!-- config-table:start (generated from src/config.ts: node --import tsx scripts/config-table.ts --write) -->';
export const TABLE_END = '<!-- config-table:end -->';

const KIND_TITLES: Record<Setting<unknown>['kind'], string> = {
  product: 'Running an archive:',
  dev: 'Developer tools:',
  test: 'The test harness:',
};

/** The README's configuration tables, one per kind of setting, as Markdown between the markers. */
export function configTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const sections = (['product', 'dev', 'test'] as const).map((kind) => {
    const rows = Object.values(SETTINGS as Record<string, Setting<unknown>>)
      .filter((s) => s.kind === kind)
      .map((s) => {
        const how = [
          s.flag ? `\`${s.flag.usage}\`` : '',
          `\`${s.variable}\``,
          ...(s.aliases ?? []).map((a) => `(older name: \`${a}\`)`),
        ].filter(Boolean);
        return `| ${cell(s.description)} | ${cell(how.join(s.flag ? ', or ' : ' '))} | ${cell(s.default)} |`;
      });
    return [KIND_TITLES[kind], '', '| setting | how | default |', '|---|---|---|', ...rows].join('\n');
  });
  return [TABLE_START, sections.join('\n\n'), TABLE_END].join('\n');
}

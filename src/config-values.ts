// How Quire's settings are declared and their values checked: the shape of one setting, the
// parsers its values go through, and the errors that name a bad value's variable. No environment
// is read here; src/config.ts declares the settings and reads them.

export type Env = Readonly<Record<string, string | undefined>>;

/** Where an effective value came from. */
export type Source = 'default' | 'environment' | 'flag';

/** A value that is not what its setting expects; the message names the variable or flag. */
export class ConfigError extends Error {}

export interface Setting<T> {
  variable: string;
  /** Older names, read when the variable itself is unset. */
  aliases?: readonly string[];
  /** The command-line option that beats the variable, and how a command takes it. */
  flag?: { option: string; usage: string };
  /** `product` settings run an archive; `dev` ones tune tools; `test` ones steer the test harness. */
  kind: 'product' | 'dev' | 'test';
  /** `whole`: never shown; `url-password`: shown with the URL's password masked. */
  secret?: 'whole' | 'url-password';
  /** The default as a person reads it, in Markdown (the README's column). */
  default: string;
  description: string;
  /** The value from the raw text (undefined: unset); throws a ConfigError naming `from`. */
  parse(raw: string | undefined, from: string): T;
  /** How `quire config` shows a value; String(value) otherwise. */
  show?(value: T): string;
}

export const setting = <T>(s: Setting<T>): Setting<T> => s;

export function wholeNumber(raw: string, from: string, min: number, what = 'a whole number'): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${from} must be ${what}, at least ${min}; got "${raw}"`);
  return n;
}

/**
 * The one reader of a confidence (0 to 1) typed by a person: a flag, a variable or a form field.
 * Blank is undefined; anything else that is not a number from 0 to 1 throws a ConfigError.
 */
/**
 * A URL setting: parsed, its scheme one of `schemes`; the error names the setting, shows what was
 * given and an example of what is expected.
 */
export function parseUrlSetting(value: string, from: string, schemes: readonly string[], example: string): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${from} is not a URL: expected e.g. ${example}`);
  }
  if (!schemes.includes(u.protocol))
    throw new ConfigError(`${from} must start with ${schemes.map((x) => `${x}//`).join(' or ')}; got "${u.protocol}"`);
  if (!u.hostname) throw new ConfigError(`${from} names no host`);
  return u;
}

export function parseConfidence(raw: string | undefined, what: string, alternatives = ''): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new ConfigError(`${what} must be a confidence from 0 to 1${alternatives}; got "${raw}"`);
  return n;
}

/** The default confidence from which an import applies the analysis' tags. */
export const DEFAULT_APPLY_AT = 0.8;

export type TrustProxy = boolean | string;

/**
 * QUIRE_TRUST_PROXY: unset or "off", no proxy's headers are believed (a client could otherwise
 * name any address and leave a guest kudos per address or dodge a rate limit); a comma-separated
 * list of proxy addresses or CIDR ranges ("127.0.0.1,10.0.0.0/8"); "all" for a deployment where
 * only a proxy can reach the server.
 */
export function parseTrustProxy(raw: string | undefined, from = 'QUIRE_TRUST_PROXY'): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'off' || value === 'false') return false;
  if (value === 'all' || value === 'true') return true;
  if (/^\d+$/.test(value))
    throw new ConfigError(`${from}: name the proxies' addresses (e.g. 127.0.0.1), not a hop count ("${value}")`);
  const parts = value.split(',').map((p) => p.trim());
  const address = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]+)(?:\/\d{1,3})?$/;
  const bad = parts.find((p) => !address.test(p));
  if (bad !== undefined) {
    throw new ConfigError(
      `${from}: "${bad}" is not an address or CIDR range (expected e.g. 127.0.0.1,10.0.0.0/8, "all" or "off")`,
    );
  }
  return parts.join(',');
}

/** `on` or `off` (unset and empty are off); anything else names its variable. */
export function onOff(raw: string | undefined, from: string): boolean {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'off' || value === 'false' || value === '0') return false;
  if (value === 'on' || value === 'true' || value === '1') return true;
  throw new ConfigError(`${from} must be "on" or "off"; got "${raw}"`);
}

/** A product setting that is `off` unless turned `on`. */
export function switchSetting(variable: string, description: string): Setting<boolean> {
  return setting({
    variable,
    kind: 'product',
    default: 'off',
    description,
    parse: (raw, from) => onOff(raw, from),
    show: (on) => (on ? 'on' : 'off'),
  });
}

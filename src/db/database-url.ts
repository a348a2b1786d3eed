// Database URLs: which dialect a URL names, and how it reads in a log. Kept apart from database.ts
// (no drivers here) so that the configuration can check a URL without opening anything.

export const DEFAULT_DATABASE_URL = 'sqlite:data/quire.db';

export class DatabaseUrlError extends Error {}

export function parseDatabaseUrl(
  url: string,
): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new DatabaseUrlError(`database URL '${url}' names no file (use sqlite:PATH or sqlite::memory:)`);
    return { dialect: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  throw new DatabaseUrlError(`database URL '${maskPassword(url)}' is not sqlite:PATH or postgres://...`);
}

/** The URL with its password, if any, replaced by ***. */
export function maskPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

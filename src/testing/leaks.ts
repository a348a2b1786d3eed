// The leak check of anonymous and unrevealed works, for any set of creators and hidden titles:
// each surface is read as the given reader would read it (an EPUB's every file), and whatever
// names a creator, or shows a hidden title, is reported. A creator's own pages (their address
// names them) and the reader's own name in the page's chrome are not counted.
import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import type { TestBrowser } from './server.ts';

export interface Secrets {
  /** Usernames that must not appear (lower case compared). */
  creators: string[];
  /** Titles that must not appear. */
  titles: string[];
  /** The reading user's own name, which the page's chrome shows. */
  reader?: string;
}

/**
 * What the `urls` give away to `reader`. `more` adds a test's own checks of each body (that a
 * creator's page lists none of their anonymous works, say), read from the same answer.
 */
export async function leaks(
  reader: TestBrowser,
  urls: string[],
  secrets: Secrets,
  more?: (url: string, body: string) => string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const url of urls) {
    const res = await reader.get(url);
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    let body = res.body;
    if (res.statusCode === 200 && url.endsWith('.epub'))
      body = Object.values(unzipSync(new Uint8Array(res.rawPayload)))
        .map((bytes) => Buffer.from(bytes).toString('utf8'))
        .join('\n');
    const lower = body.toLowerCase();
    for (const name of secrets.creators) {
      if (name === secrets.reader || url.toLowerCase().includes(name.toLowerCase())) continue;
      if (lower.includes(name.toLowerCase())) found.push(`${url}: names ${name}`);
    }
    for (const title of secrets.titles) if (body.includes(title)) found.push(`${url}: shows ${title}`);
    if (more) found.push(...more(url, body));
  }
  return found;
}

// The statements (round trips, on PostgreSQL) each guest page of `npm run bench:pages` sends to the
// database: a first view (nothing kept yet) and a second one by another guest. Run on a SQLite
// file and on PostgreSQL to see where a PostgreSQL process spends its time waiting.
//
// usage: node --import tsx bench/page-queries.ts DATABASE_URL [--list]
// The database must already hold a corpus and the example work (as bench:pages builds it:
// `quire dev corpus --works N`, then `quire import examples/the-lighthouse-almanac.md`).
// Prints per page, for the first view and the next guest's: statements, and how many of them
// waited for all before them to answer (round trips one after another); with --list, each statement.
import { openDatabase } from '../src/db/database.ts';
import { tagToPath } from '../src/tags/tag-url.ts';
import { buildServer } from '../src/web/server.ts';

const url = process.argv[2];
const list = process.argv.includes('--list');
if (!url) {
  console.error('usage: page-queries.ts DATABASE_URL [--list]');
  process.exit(2);
}
const sent: string[] = [];
/** When each statement was sent and answered (ms), as its end less its duration. */
const spans: [number, number][] = [];
const database = await openDatabase(url, {
  onQuery: (s, ms) => {
    sent.push(s);
    const end = performance.now();
    spans.push([end - ms, end]);
  },
});
/** Statements that waited for the one before: each starts after all before it have answered. */
function waits(): number {
  let count = 0;
  let answered = -Infinity;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start >= answered) count++;
    answered = Math.max(answered, end);
  }
  return count;
}
const app = await buildServer(database, { logger: false, apiRateLimit: null, suggest: null, metrics: null });
// New guests at each run (no hit marks of theirs yet): addresses from a random block.
const block = `10.${Math.floor(Math.random() * 256)}`;
let guest = 0;
const view = async (path: string) => {
  sent.length = 0;
  spans.length = 0;
  const res = await app.inject({ method: 'GET', url: path, remoteAddress: `${block}.${guest >> 8}.${guest++ & 255}` });
  if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
  return { sent: [...sent], waits: waits() };
};
const listing = JSON.parse((await app.inject({ method: 'GET', url: '/api/v1/works' })).body) as {
  works: { id: number; title: string; tags: { type: string; name: string }[] }[];
};
const example = listing.works.find((w) => w.title === 'The Lighthouse Almanac');
const fandom = listing.works.flatMap((w) => w.tags).find((t) => t.type === 'fandom' && t.name !== 'Original Work');
if (!example || !fandom) throw new Error('no example work or corpus fandom among the newest works');
// The listings first: a work page's hits change the search index, which the next listing reads.
const pages: [string, string][] = [
  ['home', '/'],
  ['tag', `/tags/${tagToPath(fandom.name)}`],
  ['search', '/works/search?q=love'],
  ['api listing', '/api/v1/works'],
  ['work', `/works/${example.id}`],
  ['chapter', `/works/${example.id}/chapters/2`],
  ['entire work', `/works/${example.id}?view_full_work=true`],
];
console.log(`${database.dialect}: statements sent per guest view, and how many of them waited in a row`);
console.log(`${'page'.padEnd(12)} first view  next guest`);
for (const [name, path] of pages) {
  const first = await view(path);
  const second = await view(path);
  const shown = (v: { sent: string[]; waits: number }) => `${v.sent.length}, ${v.waits}`.padEnd(11);
  console.log(`${name.padEnd(12)} ${shown(first)} ${shown(second)} ${path}`);
  if (list) for (const s of first.sent) console.log(`    ${s.replace(/\s+/g, ' ').slice(0, 200)}`);
}
await app.close();
await database.close();

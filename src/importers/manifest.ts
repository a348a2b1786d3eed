// An archivist's manifest: a CSV or JSON file that maps story files to what an archive's export
// already knows about them (title, creator, dates, series, tags). Each row is checked whole and a
// bad one is named by its line and reason; the works service then imports the good ones with the
// manifest's metadata over whatever the file itself says.
import { CATEGORY_TAGS, RATING_TAGS, WARNING_TAGS } from '../tags/tag-types.ts';

export interface ManifestEntry {
  /** 1-based line (CSV) or item (JSON) number, for messages. */
  line: number;
  file: string;
  title?: string;
  creators: string[];
  summary?: string;
  language?: string;
  posted?: string;
  updated?: string;
  complete?: boolean;
  series?: { title: string; position: number | null };
  tags: { type: string; name: string }[];
}

export type ManifestRow = { ok: true; entry: ManifestEntry } | { ok: false; line: number; reason: string };

const LIST_FIELDS: [string[], string][] = [
  [['fandom', 'fandoms'], 'fandom'],
  [['warning', 'warnings'], 'warning'],
  [['category', 'categories'], 'category'],
  [['relationship', 'relationships', 'pairing', 'pairings'], 'relationship'],
  [['character', 'characters'], 'character'],
  [['tags', 'freeform', 'freeforms', 'additional tags', 'additional_tags'], 'freeform'],
];
const KNOWN = new Set([
  'file',
  'title',
  'creator',
  'creators',
  'author',
  'summary',
  'language',
  'posted',
  'updated',
  'complete',
  'series',
  'series_position',
  'rating',
  ...LIST_FIELDS.flatMap(([keys]) => keys),
]);

/** Rows of a CSV text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes), with their line. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

/** A manifest's rows as entries or as reasons, from its text and its name's extension. */
export function readManifest(text: string, name: string): ManifestRow[] {
  if (/\.json$/i.test(name)) {
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch (e) {
      return [{ ok: false, line: 1, reason: `not valid JSON: ${(e as Error).message}` }];
    }
    if (!Array.isArray(items)) return [{ ok: false, line: 1, reason: 'a JSON manifest is an array of works' }];
    return items.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        return { ok: false, line: i + 1, reason: 'each work is an object' };
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(item))
        fields[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
      return entryFrom(fields, i + 1);
    });
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) return [{ ok: false, line: 1, reason: 'the manifest is empty' }];
  const keys = header.cells.map((h) => h.trim().toLowerCase());
  if (!keys.includes('file')) return [{ ok: false, line: header.line, reason: 'the header has no "file" column' }];
  const unknown = keys.filter((k) => k && !KNOWN.has(k));
  if (unknown.length)
    return [
      { ok: false, line: header.line, reason: `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}` },
    ];
  return rows.map((r) => {
    if (r.cells.length > keys.length)
      return { ok: false, line: r.line, reason: `${r.cells.length} cells for ${keys.length} columns` };
    return entryFrom(Object.fromEntries(keys.map((k, i) => [k, r.cells[i] ?? ''])), r.line);
  });
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function entryFrom(f: Record<string, string>, line: number): ManifestRow {
  const fail = (reason: string): ManifestRow => ({ ok: false, line, reason });
  const file = f.file?.trim();
  if (!file) return fail('no file named');
  const tags: { type: string; name: string }[] = [];
  const rating = f.rating?.trim();
  if (rating) {
    const known = RATING_TAGS.find((r) => r.toLowerCase() === rating.toLowerCase());
    if (!known) return fail(`rating '${rating}' is not one of ${RATING_TAGS.join(', ')}`);
    tags.push({ type: 'rating', name: known });
  }
  for (const [keys, type] of LIST_FIELDS) {
    for (const name of keys.flatMap((k) => list(f[k]))) {
      const closed = type === 'warning' ? WARNING_TAGS : type === 'category' ? CATEGORY_TAGS : null;
      const known = closed ? closed.find((x) => x.toLowerCase() === name.toLowerCase()) : name;
      if (!known) return fail(`${type} '${name}' is not one of ${closed!.join(', ')}`);
      tags.push({ type, name: known });
    }
  }
  const date = (key: 'posted' | 'updated'): string | undefined | null => {
    const v = f[key]?.trim();
    if (!v) return undefined;
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  };
  const posted = date('posted');
  if (posted === null) return fail(`posted date '${f.posted}' is not a date (use 2024-05-31)`);
  const updated = date('updated');
  if (updated === null) return fail(`updated date '${f.updated}' is not a date (use 2024-05-31)`);
  const language = f.language?.trim();
  if (language && !/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/.test(language))
    return fail(`language '${language}' is not a code like en or pt-BR`);
  let series: ManifestEntry['series'];
  if (f.series?.trim()) {
    const raw = f.series_position?.trim();
    const position = raw ? Number(raw) : null;
    if (position !== null && (!Number.isInteger(position) || position < 1))
      return fail(`series_position '${raw}' is not a whole number from 1`);
    series = { title: f.series.trim(), position };
  }
  const complete = f.complete?.trim().toLowerCase();
  if (complete && !['true', 'false', 'yes', 'no', '1', '0'].includes(complete))
    return fail(`complete '${f.complete}' is not yes or no`);
  return {
    ok: true,
    entry: {
      line,
      file,
      ...(f.title?.trim() ? { title: f.title.trim() } : {}),
      creators: list(f.creators ?? f.creator ?? f.author),
      ...(f.summary?.trim() ? { summary: f.summary.trim() } : {}),
      ...(language ? { language } : {}),
      ...(posted ? { posted } : {}),
      ...(updated ? { updated } : {}),
      ...(complete ? { complete: ['true', 'yes', '1'].includes(complete) } : {}),
      ...(series ? { series } : {}),
      tags,
    },
  };
}

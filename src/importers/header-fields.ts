// "Key: value" metadata that writers put above a story ("Title:", "Rating:", "Pairing:") and the
// same keys in Markdown front matter, mapped onto AO3's tag types. Names are kept as written;
// turning "T" into "Teen And Up Audiences" or "Klaus/Caroline" into a canonical relationship is
// the tags service's work (synonyms), not the importer's.

export type FieldKey =
  | 'title'
  | 'creator'
  | 'fandom'
  | 'rating'
  | 'warning'
  | 'category'
  | 'relationship'
  | 'character'
  | 'freeform'
  | 'language'
  | 'summary'
  | 'notes'
  | 'series'
  | 'posted'
  | 'updated'
  | 'ignored';

export interface HeaderField {
  key: FieldKey;
  value: string;
}

/** AO3's tag types, the `type` of ParsedWork.tags. */
export const TAG_TYPES = ['rating', 'warning', 'category', 'fandom', 'relationship', 'character', 'freeform'] as const;
export type TagType = (typeof TAG_TYPES)[number];

const KEY_NAMES: [RegExp, FieldKey][] = [
  [/^(?:story\s+)?title$/, 'title'],
  [/^(?:authors?|by|writers?|written\s+by|creators?|pen\s*name)$/, 'creator'],
  [/^(?:fandoms?|show|source|verse|universe)$/, 'fandom'],
  [/^(?:ratings?|rated)$/, 'rating'],
  [/^(?:(?:archive\s+)?warnings?|archive_warnings?)$/, 'warning'],
  [/^(?:categor(?:y|ies))$/, 'category'],
  [/^(?:pairings?|relationships?|ships?)$/, 'relationship'],
  [/^(?:characters?)$/, 'character'],
  [/^(?:tags|additional[\s_]+tags|freeforms?|genres?|tropes?|keywords)$/, 'freeform'],
  [/^(?:language|lang)$/, 'language'],
  [/^(?:summary|description|blurb)$/, 'summary'],
  [/^(?:notes?|a\s?\/\s?n|author['’]?s?\s+notes?|disclaimer|dedication)$/, 'notes'],
  [/^series$/, 'series'],
  [/^(?:posted|published|date)$/, 'posted'],
  [/^updated$/, 'updated'],
  [
    /^(?:word\s*count|words|chapters?|status|completed|beta(?:['’]?d)?(?:\s+by)?|betas?|timeline|spoilers?|feedback|archive|part|length)$/,
    'ignored',
  ],
];

export function fieldKeyFor(name: string): FieldKey | null {
  const key = name.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [re, field] of KEY_NAMES) if (re.test(key)) return field;
  return null;
}

const KEY_LINE = /^\s*(?:[*_]{1,2})?([A-Za-z][A-Za-z'’ _/]{0,24}?)(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*(.*)$/;
// Values that may run on over several lines; a title or rating that does is not a header.
const MULTILINE: ReadonlySet<FieldKey> = new Set([
  'summary',
  'notes',
  'freeform',
  'warning',
  'character',
  'relationship',
  'ignored',
]);
// Keys that make a block a metadata header on their own. "Summary:" or "Notes:" alone is a
// labelled paragraph, which the note logic handles.
const METADATA: ReadonlySet<FieldKey> = new Set([
  'title',
  'creator',
  'fandom',
  'rating',
  'warning',
  'category',
  'relationship',
  'character',
  'freeform',
  'language',
]);

/**
 * Fields of a paragraph made only of "Key: value" lines (and run-on lines of long values), or
 * null when the paragraph is anything else. `continuing` is true when the paragraph before was a
 * header too, so that a following "Summary:" paragraph joins it.
 */
export function parseHeaderBlock(text: string, continuing: boolean): HeaderField[] | null {
  const fields: HeaderField[] = [];
  let metadata = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = KEY_LINE.exec(line);
    const key = m ? fieldKeyFor(m[1] ?? '') : null;
    if (m && key) {
      fields.push({ key, value: (m[2] ?? '').trim() });
      if (METADATA.has(key)) metadata = true;
      continue;
    }
    const last = fields[fields.length - 1];
    if (!last || !MULTILINE.has(last.key)) return null;
    last.value = last.value ? `${last.value} ${line.trim()}` : line.trim();
  }
  if (fields.length === 0 || !(metadata || continuing)) return null;
  return fields;
}

export interface FieldMetadata {
  title: string | null;
  creators: string[];
  tags: { type: TagType; name: string }[];
  language: string | null;
  summary: string | null;
  notes: string[];
  /** "Series: Keepers, part 3" (or "#3"): the series and the work's place in it when stated. */
  series: { title: string; position: number | null }[];
  /** ISO 8601, when the field is a date. */
  publishedAt: string | null;
  updatedAt: string | null;
}

/** "Keepers, part 3", "Keepers #3", "Keepers (3)" or just "Keepers". */
function seriesOf(value: string): { title: string; position: number | null } {
  const m = /^(.*?)[\s,;:]*(?:(?:part|book|no\.?|#)\s*(\d+)|\((\d+)\))\s*$/i.exec(value);
  const position = m ? Number(m[2] ?? m[3]) : null;
  return { title: (m ? m[1]! : value).trim(), position: position && position > 0 ? position : null };
}

function isoDate(value: string): string | null {
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Split a list value: "Klaus/Caroline, Stefan & Elena" → two names; YAML lists come pre-split. */
export function splitList(value: string): string[] {
  return value
    .split(/\s*[,;]\s*|\s*\n\s*/)
    .map((s) =>
      s
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim(),
    )
    .filter((s) => s && !/^(?:none|n\/a|-)$/i.test(s));
}

export function fieldsToMetadata(fields: HeaderField[]): FieldMetadata {
  const meta: FieldMetadata = {
    title: null,
    creators: [],
    tags: [],
    language: null,
    summary: null,
    notes: [],
    series: [],
    publishedAt: null,
    updatedAt: null,
  };
  const seen = new Set<string>();
  const addTag = (type: TagType, name: string) => {
    const id = `${type}\u0000${name.toLowerCase()}`;
    if (seen.has(id)) return;
    seen.add(id);
    meta.tags.push({ type, name });
  };
  for (const { key, value } of fields) {
    const v = value.trim();
    if (!v) continue;
    switch (key) {
      case 'title':
        meta.title ??= v;
        break;
      case 'creator':
        meta.creators.push(...splitList(v.replace(/\s+and\s+/gi, ', ')));
        break;
      case 'language':
        meta.language ??= normaliseLanguage(v);
        break;
      case 'summary':
        meta.summary = meta.summary ? `${meta.summary}\n\n${v}` : v;
        break;
      case 'notes':
        meta.notes.push(v);
        break;
      case 'series': {
        const s = seriesOf(v);
        if (s.title) meta.series.push(s);
        break;
      }
      case 'posted':
        meta.publishedAt ??= isoDate(v);
        break;
      case 'updated':
        meta.updatedAt ??= isoDate(v);
        break;
      case 'rating':
        addTag('rating', v);
        break;
      case 'fandom':
      case 'warning':
      case 'category':
      case 'relationship':
      case 'character':
      case 'freeform':
        for (const name of splitList(v)) addTag(key, name);
        break;
      case 'ignored':
        break;
    }
  }
  return meta;
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  español: 'es',
  espanol: 'es',
  spanish: 'es',
  français: 'fr',
  francais: 'fr',
  french: 'fr',
  deutsch: 'de',
  german: 'de',
  italiano: 'it',
  italian: 'it',
  português: 'pt',
  portugues: 'pt',
  portuguese: 'pt',
  русский: 'ru',
  russian: 'ru',
  polski: 'pl',
  polish: 'pl',
  nederlands: 'nl',
  dutch: 'nl',
  svenska: 'sv',
  swedish: 'sv',
  suomi: 'fi',
  finnish: 'fi',
  dansk: 'da',
  danish: 'da',
  norsk: 'no',
  norwegian: 'no',
  čeština: 'cs',
  czech: 'cs',
  中文: 'zh',
  chinese: 'zh',
  日本語: 'ja',
  japanese: 'ja',
  한국어: 'ko',
  korean: 'ko',
  türkçe: 'tr',
  turkish: 'tr',
  tiếng_việt: 'vi',
  vietnamese: 'vi',
  bahasa_indonesia: 'id',
  indonesian: 'id',
  العربية: 'ar',
  arabic: 'ar',
  עברית: 'he',
  hebrew: 'he',
};

/** "en", "en-GB", "English" → "en"; anything unrecognised → null. */
export function normaliseLanguage(value: string): string | null {
  const v = value.trim().toLowerCase();
  const code = /^([a-z]{2})(?:[-_][a-z0-9]{2,8})*$/.exec(v);
  if (code) return code[1] ?? null;
  return LANGUAGE_NAMES[v.replace(/\s+/g, '_')] ?? null;
}

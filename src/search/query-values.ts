// The values of the query language's filters (query-parser.ts) and of the search URL (query-url.ts):
// sort names, booleans, languages, counts, calendar dates and durations, each read or refused.

import { type Duration, type DurationUnit, SORT_FIELDS, type SortDirection, type SortField } from './query.ts';

const SORT_ALIASES: Record<string, SortField> = {
  best_match: 'best_match',
  bestmatch: 'best_match',
  best: 'best_match',
  relevance: 'best_match',
  score: 'best_match',
  _score: 'best_match',
  title: 'title',
  title_to_sort_on: 'title',
  creator: 'creator',
  author: 'creator',
  authors: 'creator',
  authors_to_sort_on: 'creator',
  posted: 'posted',
  created: 'posted',
  created_at: 'posted',
  date_posted: 'posted',
  updated: 'updated',
  revised: 'updated',
  revised_at: 'updated',
  date_updated: 'updated',
  words: 'words',
  word_count: 'words',
  kudos: 'kudos',
  kudos_count: 'kudos',
  hits: 'hits',
  comments: 'comments',
  comments_count: 'comments',
  bookmarks: 'bookmarks',
  bookmarks_count: 'bookmarks',
};

export const SORT_HINT = `sort by one of: ${SORT_FIELDS.join(', ')}`;

/**
 * "kudos", "-kudos" (descending), "+title" (ascending), "kudos-asc", "kudos_desc", AO3's
 * "kudos_count". The direction is undefined when not given: the field's natural one applies.
 */
export function parseSortValue(text: string): { field: SortField; direction?: SortDirection } | undefined {
  let s = text.trim().toLowerCase();
  let direction: SortDirection | undefined;
  if (s.startsWith('-')) (direction = 'desc'), (s = s.slice(1));
  else if (s.startsWith('+')) (direction = 'asc'), (s = s.slice(1));
  for (const dir of ['asc', 'desc'] as const) {
    for (const sep of ['-', '_', ' ', ':']) {
      if (s.endsWith(sep + dir)) (direction = dir), (s = s.slice(0, -(dir.length + 1)));
    }
  }
  const field = SORT_ALIASES[s.split('-').join('_')];
  return field ? { field, ...(direction ? { direction } : {}) } : undefined;
}

export function parseBoolean(text: string): boolean | undefined {
  const k = text.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'on'].includes(k)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(k)) return false;
  return undefined;
}

/** 'include' (or any/all) means no crossover filter at all. */
export function parseCrossover(text: string): 'only' | 'exclude' | 'include' | undefined {
  const k = text.trim().toLowerCase();
  if (['only', 'true', 'yes'].includes(k)) return 'only';
  if (['exclude', 'false', 'no', 'none'].includes(k)) return 'exclude';
  if (['include', 'any', 'all'].includes(k)) return 'include';
  return undefined;
}

let languageNames: Map<string, string> | undefined;

/** English names of the ISO 639-1 languages ("spanish" -> "es"), from Node's ICU, built on first use. */
function languageByName(name: string): string | undefined {
  if (!languageNames) {
    languageNames = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    const a = 'a'.charCodeAt(0);
    for (let i = 0; i < 26 * 26; i++) {
      const code = String.fromCharCode(a + Math.floor(i / 26), a + (i % 26));
      const n = names.of(code);
      if (n && n.toLowerCase() !== code && !languageNames.has(n.toLowerCase()))
        languageNames.set(n.toLowerCase(), code);
    }
  }
  return languageNames.get(name.trim().toLowerCase());
}

/** BCP 47-ish, as works store it: "es", "pt-BR", "zh-Hant"; or an English name: "Spanish". */
export function parseLanguage(text: string): string | undefined {
  return languageCode(text) ?? languageByName(text);
}

function languageCode(text: string): string | undefined {
  const parts = text.trim().split(/[-_]/);
  const [primary, ...rest] = parts;
  const letters = (s: string) => [...s].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  const alnum = (s: string) =>
    [...s].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  if (!primary || primary.length < 2 || primary.length > 3 || !letters(primary)) return undefined;
  const out = [primary.toLowerCase()];
  for (const p of rest) {
    if (p.length < 2 || p.length > 8 || !alnum(p)) return undefined;
    if (p.length === 2 && letters(p)) out.push(p.toUpperCase());
    else if (p.length === 4 && letters(p)) out.push(p[0]!.toUpperCase() + p.slice(1).toLowerCase());
    else out.push(p.toLowerCase());
  }
  return out.join('-');
}

/** "1000", "1,000", "10k", "1.5k"; a whole number >= 0, or undefined. */
export function parseCount(text: string): number | undefined {
  let s = text.trim().split(',').join('').split('_').join('');
  let scale = 1;
  if (s.endsWith('k') || s.endsWith('K')) (scale = 1000), (s = s.slice(0, -1));
  if (!/^\d+(\.\d+)?$/.test(s) || s.length > 15) return undefined;
  if (scale === 1 && s.includes('.')) return undefined;
  const n = Number(s) * scale;
  return Number.isSafeInteger(n) ? n : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates. Calendar arithmetic in UTC on epoch days, so results never depend on the server's zone.

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2024", "2024-06", "2024-06-05" as the first and last day they cover. */
export function parseCalendarDate(text: string): { first: string; last: string } | undefined {
  const parts = text.trim().split('-');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const [ys, ms, ds] = parts;
  if (ys?.length !== 4) return undefined;
  const y = Number(ys);
  if (y < 1) return undefined;
  const utc = (yy: number, mm: number, dd: number) => {
    const d = new Date(0);
    d.setUTCFullYear(yy, mm - 1, dd); // Date.UTC maps years 0-99 to 1900-1999
    return d.getTime();
  };
  if (ms === undefined) return { first: isoDay(utc(y, 1, 1)), last: isoDay(utc(y, 12, 31)) };
  if (ms.length > 2) return undefined;
  const m = Number(ms);
  if (m < 1 || m > 12) return undefined;
  if (ds === undefined) return { first: isoDay(utc(y, m, 1)), last: isoDay(utc(y, m, daysInMonth(y, m))) };
  if (ds.length > 2) return undefined;
  const d = Number(ds);
  if (d < 1 || d > daysInMonth(y, m)) return undefined;
  const day = isoDay(utc(y, m, d));
  return { first: day, last: day };
}

export function addDays(iso: string, days: number): string {
  return isoDay(Date.parse(iso + 'T00:00:00Z') + days * DAY_MS);
}

const UNITS: Record<string, DurationUnit> = {
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  wk: 'week',
  wks: 'week',
  week: 'week',
  weeks: 'week',
  m: 'month',
  mo: 'month',
  mos: 'month',
  month: 'month',
  months: 'month',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  year: 'year',
  years: 'year',
};
export const UNIT_LETTER: Record<DurationUnit, string> = { day: 'd', week: 'w', month: 'm', year: 'y' };
/** A hundred years back in each unit: enough for any archive, small enough for Date. */
const MAX_AMOUNT: Record<DurationUnit, number> = { day: 36_500, week: 5_200, month: 1_200, year: 100 };

/** "7d", "2 weeks", "3mo", "1y". */
export function parseDuration(text: string): Duration | undefined {
  const s = text.trim().toLowerCase();
  let i = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i === 0 || i > 6) return undefined;
  const unit = UNITS[s.slice(i).trim()];
  const amount = Number(s.slice(0, i));
  return unit && amount <= MAX_AMOUNT[unit] ? { amount, unit } : undefined;
}

/** The calendar day `d` before `now` (UTC); months clamp to the month's last day (Mar 31 - 1m = Feb 28/29). */
export function daysAgo(now: Date, d: Duration): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const day = now.getUTCDate();
  const at = new Date(0);
  if (d.unit === 'day' || d.unit === 'week') {
    at.setUTCFullYear(y, m, day - d.amount * (d.unit === 'week' ? 7 : 1));
  } else {
    const months = y * 12 + m - d.amount * (d.unit === 'year' ? 12 : 1);
    const ny = Math.floor(months / 12);
    const nm = months - ny * 12;
    at.setUTCFullYear(ny, nm, Math.min(day, daysInMonth(ny, nm + 1)));
  }
  return isoDay(at.getTime());
}

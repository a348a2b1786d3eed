// A gift exchange's sign-up form as its moderators define it (AO3's challenge settings and prompt
// restrictions), and the check of a sign-up against it. Pure: no database, no I/O. Each problem
// names its field and prompt ("Request 2: Fandom: …"), as the sign-up page shows it.
import { AppError } from '../app-error.ts';
import type { MatchNumber, MatchRules, Prompt as MatcherPrompt } from '../challenges/exchange.ts';
import { CATEGORY_TAGS, cleanTagName, RATING_TAGS, TAG_TYPE_LABELS, type TagType } from '../tags/tag-types.ts';

/** The tag types a prompt may carry, in the order the form shows them. */
export const PROMPT_TAG_TYPES = ['fandom', 'character', 'relationship', 'rating', 'category', 'freeform'] as const;
export type PromptTagType = (typeof PROMPT_TAG_TYPES)[number];
export type Requirement = 'required' | 'optional' | 'none';
export type PromptKind = 'request' | 'offer';

export interface TagRule {
  min: number;
  max: number;
  /** Whether a participant may tick "Any" instead of naming tags. */
  any: boolean;
}

export interface PromptRule {
  min: number;
  max: number;
  tags: Record<PromptTagType, TagRule>;
  description: Requirement;
  url: Requirement;
}

export interface SignupForm {
  request: PromptRule;
  offer: PromptRule;
  /** Fandoms a prompt may name; empty: any fandom. */
  eligibleFandoms: string[];
}

/** One request or offer as a participant filled it in. */
export interface Prompt {
  tags: Partial<Record<PromptTagType, string[]>>;
  any: Partial<Record<PromptTagType, boolean>>;
  description: string;
  url: string;
}

export const LIMITS = { prompts: 10, tags: 20, description: 5000, url: 1000, fandoms: 500 } as const;

const NO_TAGS: TagRule = { min: 0, max: 0, any: false };

/** A request's or an offer's tags unless the moderators say otherwise: one fandom, a few characters. */
const DEFAULT_TAGS: PromptRule['tags'] = {
  fandom: { min: 1, max: 1, any: false },
  character: { min: 0, max: 3, any: true },
  relationship: { min: 0, max: 1, any: true },
  rating: { min: 0, max: 1, any: true },
  category: NO_TAGS,
  freeform: NO_TAGS,
};

export const DEFAULT_FORM: SignupForm = {
  request: {
    min: 1,
    max: 2,
    tags: DEFAULT_TAGS,
    description: 'optional',
    url: 'optional',
  },
  offer: {
    min: 1,
    max: 2,
    tags: DEFAULT_TAGS,
    description: 'none',
    url: 'none',
  },
  eligibleFandoms: [],
};

export const DEFAULT_RULES: MatchRules = { matchNumber: { fandom: 1 }, requestsToMatch: 1 };

export const label = (type: PromptTagType) => TAG_TYPE_LABELS[type as TagType].one;
export const kindLabel = (kind: PromptKind) => (kind === 'request' ? 'Request' : 'Offer');

/** A whole number from a form field within bounds, or an 'invalid' AppError naming the field. */
function count(raw: string | undefined, what: string, max: number, fallback: number): number {
  const v = (raw ?? '').trim();
  if (v === '') return fallback;
  if (!/^\d{1,4}$/.test(v) || Number(v) > max)
    throw new AppError('invalid', `${what} must be a whole number from 0 to ${max}`);
  return Number(v);
}

function requirement(raw: string | undefined, what: string): Requirement {
  const v = (raw ?? 'none').trim() || 'none';
  if (v !== 'required' && v !== 'optional' && v !== 'none')
    throw new AppError('invalid', `${what} must be required, optional or none`);
  return v;
}

/** Names separated by commas or lines, cleaned as tag names are, case-blind duplicates dropped. */
export function names(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(/[,\n]/)) {
    const name = cleanTagName(part);
    if (name && !out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}

/**
 * The moderators' form from its fields (`get(name)`): `request_min`, `request_fandom_max`,
 * `request_fandom_any`, `request_description`…, `eligible_fandoms`, and per tag type
 * `match_fandom` (a number or "all") and `requests_to_match`.
 */
export function parseSettings(get: (name: string) => string | undefined): { form: SignupForm; rules: MatchRules } {
  const prompt = (kind: PromptKind): PromptRule => {
    const k = kindLabel(kind);
    const min = count(get(`${kind}_min`), `${k}s: the least number`, LIMITS.prompts, 1);
    const max = count(get(`${kind}_max`), `${k}s: the most number`, LIMITS.prompts, Math.max(min, 1));
    if (max < min || max < 1) throw new AppError('invalid', `${k}s: the most must be at least the least, and 1`);
    const tags = {} as Record<PromptTagType, TagRule>;
    for (const type of PROMPT_TAG_TYPES) {
      const what = `${k}s: ${label(type)}`;
      const tMin = count(get(`${kind}_${type}_min`), `${what}: the least number`, LIMITS.tags, 0);
      const tMax = count(get(`${kind}_${type}_max`), `${what}: the most number`, LIMITS.tags, tMin);
      if (tMax < tMin) throw new AppError('invalid', `${what}: the most must be at least the least`);
      tags[type] = { min: tMin, max: tMax, any: tMax > 0 && ['1', 'on'].includes(get(`${kind}_${type}_any`) ?? '') };
    }
    return {
      min,
      max,
      tags,
      description: requirement(get(`${kind}_description`), `${k}s: Description`),
      url: requirement(get(`${kind}_url`), `${k}s: URL`),
    };
  };
  const eligibleFandoms = names(get('eligible_fandoms') ?? '');
  if (eligibleFandoms.length > LIMITS.fandoms)
    throw new AppError('invalid', `Eligible fandoms: at most ${LIMITS.fandoms}`);
  const matchNumber: Partial<Record<TagType, MatchNumber>> = {};
  for (const type of PROMPT_TAG_TYPES) {
    const v = (get(`match_${type}`) ?? '').trim().toLowerCase();
    if (v === '' || v === '0') continue;
    matchNumber[type] = v === 'all' ? 'all' : count(v, `Matching: ${label(type)}`, LIMITS.tags, 0);
  }
  const toMatch = (get('requests_to_match') ?? '').trim().toLowerCase();
  const requestsToMatch: MatchNumber =
    toMatch === 'all' ? 'all' : Math.max(1, count(toMatch, 'Matching: requests to match', LIMITS.prompts, 1));
  return {
    form: { request: prompt('request'), offer: prompt('offer'), eligibleFandoms },
    rules: { matchNumber, requestsToMatch },
  };
}

/** A sign-up's prompts from its fields: `request_1_fandom`, `request_1_fandom_any`, `request_1_description`… */
export function parsePrompts(form: SignupForm, kind: PromptKind, get: (name: string) => string | undefined): Prompt[] {
  const rule = form[kind];
  const out: Prompt[] = [];
  for (let i = 1; i <= rule.max; i++) {
    const p: Prompt = { tags: {}, any: {}, description: '', url: '' };
    for (const type of PROMPT_TAG_TYPES) {
      if (rule.tags[type].max === 0) continue;
      const list = names(get(`${kind}_${i}_${type}`) ?? '');
      if (list.length) p.tags[type] = list;
      if (['1', 'on'].includes(get(`${kind}_${i}_${type}_any`) ?? '')) p.any[type] = true;
    }
    p.description = (get(`${kind}_${i}_description`) ?? '').trim();
    p.url = (get(`${kind}_${i}_url`) ?? '').trim();
    out.push(p);
  }
  return out;
}

const blank = (p: Prompt) =>
  Object.keys(p.tags).length === 0 && Object.keys(p.any).length === 0 && !p.description && !p.url;

export interface Problem {
  field: string;
  message: string;
}

const CLOSED: Partial<Record<PromptTagType, readonly string[]>> = { rating: RATING_TAGS, category: CATEGORY_TAGS };

/** The prompts kept (blank ones dropped) and every problem with them, each naming prompt and field. */
export function checkPrompts(
  form: SignupForm,
  kind: PromptKind,
  prompts: Prompt[],
): { kept: Prompt[]; problems: Problem[] } {
  const rule = form[kind];
  const problems: Problem[] = [];
  const kept: Prompt[] = [];
  const eligible = new Set(form.eligibleFandoms.map((f) => f.toLowerCase()));
  prompts.forEach((p, index) => {
    if (blank(p)) return;
    const n = index + 1;
    const where = `${kindLabel(kind)} ${n}`;
    const problem = (field: string, message: string) =>
      problems.push({ field: `${kind}_${n}_${field}`, message: `${where}: ${message}` });
    for (const type of PROMPT_TAG_TYPES) {
      const t = rule.tags[type];
      const list = p.tags[type] ?? [];
      const name = label(type);
      if (t.max === 0) continue;
      if (p.any[type] && !t.any) problem(type, `${name}: "Any" is not allowed here`);
      if (p.any[type] && list.length) problem(type, `${name}: name tags or tick "Any", not both`);
      if (!p.any[type] && list.length < t.min) problem(type, `${name}: at least ${t.min} required`);
      if (list.length > t.max) problem(type, `${name}: at most ${t.max} allowed`);
      const closed = CLOSED[type];
      for (const tag of list) {
        if (tag.length > 150) problem(type, `${name}: '${tag.slice(0, 40)}…' is longer than 150 characters`);
        else if (closed && !closed.includes(tag)) problem(type, `${name}: '${tag}' is not one of ${closed.join(', ')}`);
        else if (type === 'fandom' && eligible.size && !eligible.has(tag.toLowerCase()))
          problem(type, `${name}: '${tag}' is not one of this exchange's fandoms`);
      }
    }
    if (rule.description === 'required' && !p.description) problem('description', 'Description is required');
    if (p.description.length > LIMITS.description)
      problem('description', `Description: at most ${LIMITS.description} characters`);
    if (rule.url === 'required' && !p.url) problem('url', 'URL is required');
    if (p.url && (p.url.length > LIMITS.url || !/^https?:\/\/[^\s]+$/i.test(p.url)))
      problem('url', 'URL must be a web address starting with http:// or https://');
    kept.push({
      tags: p.tags,
      any: p.any,
      description: rule.description === 'none' ? '' : p.description,
      url: rule.url === 'none' ? '' : p.url,
    });
  });
  const plural = `${kindLabel(kind)}s`;
  if (kept.length < rule.min)
    problems.push({ field: `${kind}_1_fandom`, message: `${plural}: at least ${rule.min} required` });
  if (kept.length > rule.max) problems.push({ field: kind, message: `${plural}: at most ${rule.max} allowed` });
  return { kept, problems };
}

/** A prompt as the matcher sees it: tag names matched case-blind. */
export function matcherPrompt(p: Prompt): MatcherPrompt {
  const tags: Partial<Record<TagType, string[]>> = {};
  const any: Partial<Record<TagType, boolean>> = {};
  for (const type of PROMPT_TAG_TYPES) {
    const list = p.tags[type];
    if (list?.length) tags[type] = list.map((t) => t.toLowerCase());
    if (p.any[type]) any[type] = true;
  }
  return { tags, any };
}

/** Stored JSON read back; a damaged value reads as nothing rather than failing a page. */
export function readPrompts(json: string): Prompt[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as Prompt[]) : [];
  } catch {
    return [];
  }
}

/** A prompt as lines of text: "Fandom: X", "Characters: Any", the description, the URL. */
export function promptLines(p: Prompt): string[] {
  const lines: string[] = [];
  for (const type of PROMPT_TAG_TYPES) {
    const list = p.tags[type] ?? [];
    if (p.any[type]) lines.push(`${TAG_TYPE_LABELS[type as TagType].many}: Any`);
    else if (list.length)
      lines.push(`${TAG_TYPE_LABELS[type as TagType][list.length === 1 ? 'one' : 'many']}: ${list.join(', ')}`);
  }
  if (p.description) lines.push(p.description);
  if (p.url) lines.push(p.url);
  return lines;
}

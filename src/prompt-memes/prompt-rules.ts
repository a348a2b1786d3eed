// What a prompt meme's settings and a prompt hold, and the rules for them, apart from the
// database: the tag types a prompt may carry, the limits, and the fandom restriction.
import { AppError } from '../app-error.ts';
import { splitTags } from '../works/posting-rules.ts';
import type { MemeRow, PromptTag, PromptValues } from './prompt-memes.repo.ts';

/** The tag types a prompt may carry, in the order forms show them (AO3's prompt tag types). */
export const PROMPT_TAG_TYPES = ['fandom', 'character', 'relationship', 'freeform'] as const;
export type PromptTagType = (typeof PROMPT_TAG_TYPES)[number];
export const PROMPT_TAG_LABELS: Record<PromptTagType, string> = {
  fandom: 'Fandoms',
  character: 'Characters',
  relationship: 'Relationships',
  freeform: 'Additional tags',
};
export const PROMPT_LIMITS = { title: 200, description: 5000, tagsPerType: 20, tagName: 100, perMember: 100 } as const;

export interface MemeFields {
  promptsOpen: boolean;
  anonymousAllowed: boolean;
  promptsPerMember: string;
  tagTypes: string[];
  /** Comma-separated fandom names; '' for any fandom. */
  fandoms: string;
}

export function checkMemeFields(collectionId: number, f: MemeFields): MemeRow {
  const per = f.promptsPerMember.trim();
  const n = /^\d{1,3}$/.test(per) ? Number(per) : Number.NaN;
  if (!(n >= 1 && n <= PROMPT_LIMITS.perMember))
    throw new AppError('invalid', `prompts per member is a number from 1 to ${PROMPT_LIMITS.perMember}`);
  const unknown = f.tagTypes.find((t) => !(PROMPT_TAG_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined) throw new AppError('invalid', `'${unknown.slice(0, 40)}' is not a prompt tag type`);
  const fandoms = names(f.fandoms, 'fandom');
  return {
    collectionId,
    promptsOpen: f.promptsOpen,
    anonymousAllowed: f.anonymousAllowed,
    promptsPerMember: n,
    tagTypes: PROMPT_TAG_TYPES.filter((t) => f.tagTypes.includes(t)),
    fandoms: fandoms.map((name) => name.replaceAll(',', ' ')),
  };
}

function names(raw: string, what: string): string[] {
  const out = splitTags([raw]);
  if (out.some((n) => n.length > PROMPT_LIMITS.tagName))
    throw new AppError('invalid', `a ${what} name is at most ${PROMPT_LIMITS.tagName} characters`);
  if (out.length > PROMPT_LIMITS.tagsPerType)
    throw new AppError('invalid', `at most ${PROMPT_LIMITS.tagsPerType} ${what} names`);
  return out;
}

export interface PromptFields {
  title: string;
  description: string;
  anonymous: boolean;
  /** Comma-separated names per tag type. */
  tags: Partial<Record<PromptTagType, string>>;
}

/** The stored values of a valid prompt under the meme's settings, or an 'invalid' AppError. */
export function checkPrompt(meme: MemeRow, f: PromptFields): PromptValues {
  const title = f.title.trim();
  if (!title) throw new AppError('invalid', 'a prompt needs a title');
  if (title.length > PROMPT_LIMITS.title)
    throw new AppError('invalid', `a prompt's title is at most ${PROMPT_LIMITS.title} characters`);
  if (f.description.length > PROMPT_LIMITS.description)
    throw new AppError('invalid', `a prompt's description is at most ${PROMPT_LIMITS.description} characters`);
  if (f.anonymous && !meme.anonymousAllowed)
    throw new AppError('invalid', 'this prompt meme does not take anonymous prompts');
  const tags: PromptTag[] = [];
  for (const type of PROMPT_TAG_TYPES) {
    const given = names(f.tags[type] ?? '', type);
    if (given.length && !meme.tagTypes.includes(type))
      throw new AppError('invalid', `prompts here carry no ${PROMPT_TAG_LABELS[type].toLowerCase()}`);
    tags.push(...given.map((name) => ({ type, name })));
  }
  if (meme.fandoms.length && meme.tagTypes.includes('fandom')) {
    const allowed = new Set(meme.fandoms.map((n) => n.toLowerCase()));
    const fandoms = tags.filter((t) => t.type === 'fandom');
    if (!fandoms.length) throw new AppError('invalid', `a prompt here names a fandom: ${meme.fandoms.join(', ')}`);
    const outside = fandoms.find((t) => !allowed.has(t.name.toLowerCase()));
    if (outside) throw new AppError('invalid', `'${outside.name}' is not one of this prompt meme's fandoms`);
  }
  return { title, description: f.description.trim(), anonymous: f.anonymous, tags };
}

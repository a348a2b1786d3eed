// AO3's rating from what the text shows: sexual content, violence and language, each scored from
// a lexicon and mapped to a level; the rating is the highest level any of them reaches. AO3's own
// guidance: Teen for "some violence, mild sexual content, swearing"; Mature for "graphic violence,
// sex that is not very detailed, disturbing themes"; Explicit for "explicit sex, very graphic
// violence". "Not Rated" is the author's choice, never something to propose.

import type { Evidence, Proposal, Rating } from './types.ts';
import {
  clamp01,
  memo,
  evidenceFromHits,
  inSpeech,
  matchAll,
  quoteAround,
  saturate,
  speechRanges,
  tokenize,
  type Hit,
} from './evidence.ts';

import { EXPLICIT_PATTERNS, GORE_PATTERNS, LEXICON, LOSS_KIND, SENSUAL_PATTERNS } from './rating-lexicon.ts';
import { GRAPHIC_DEPICTION, gradeViolence, isGraphic, type ViolenceGrade } from './violence.ts';

export type Level = 0 | 1 | 2 | 3;
const LEVELS: Rating[] = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];

export interface ContentScan {
  /** Summed cue weights per category. */
  scores: Record<'explicit' | 'sensual' | 'gore' | 'violence' | 'loss' | 'profanityMild' | 'profanityHeavy', number>;
  /** Number of distinct cues seen per category (many different words weigh more than one repeated). */
  distinct: Record<string, number>;
  hits: Hit[];
  words: number;
  chars: number;
  /** Violence as the text shows it (violence.ts). */
  depiction: ViolenceGrade;
}

/**
 * Everyday phrases made of violence words, which say nothing of violence: "shot him a look",
 * "give it a shot", "you're killing me", "dead tired", "dying to know", "stabbed a finger at",
 * "time to kill", "wound up", "bloody stupid".
 */
const VIOLENT_IDIOMS = [
  /\b(?:shoot|shoots|shooting|shot)\s+(?:\w+\s+){0,3}?(?:look|looks|glare|glares|glance|glances|smile|smiles|grin|grins|wink|text|texts|message|messages|question|questions|email|reply)\b/gi,
  /\b(?:a|another|one|no|best|long|big|first|good)\s+shot\b(?!\s+(?:in|through|to)\s+the)/gi,
  /\bshot\s+(?:glass|glasses|of\s+(?:whiskey|whisky|vodka|tequila|espresso|rum|gin))\b/gi,
  /\bkill(?:s|ing)?\s+(?:me|time|the\s+mood)\b(?!\s+(?:if|for))/gi,
  /\bdead\s+(?:tired|serious|set|end|silence|quiet|weight|giveaway|last|center|centre|asleep|on\s+(?:time|target))\b/gi,
  /\b(?:dying|die|died)\s+(?:to|for|of\s+(?:embarrassment|boredom|shame|laughter))\b/gi,
  /\b(?:fight|fighting|fought)\s+(?:back\s+)?(?:a|the)\s+(?:urge|smile|grin|laugh|blush|yawn|tears?)\b/gi,
  /\b(?:stab|stabs|stabbed|stabbing|jab|jabs|jabbed|jabbing)\s+(?:a|his|her|their|my|your|one)\s+(?:finger|thumb|pen|fork)\b/gi,
  // Time to kill, not "time to kill him".
  /\b(?:[Tt]ime|[Hh]ours?|[Dd]ays?|[Mm]inutes?|[Ww]eeks?)\s+to\s+kill\b(?!\s+(?:him|her|them|you|me|us|it|the|a|an|his|their|someone|anyone|every\w*|[A-Z]))/g,
  // "Wound" is also the past of "wind": wound up, wound his arms around, tightly wound.
  /\bwound\s+(?:up|down|around|round|about|through|into|tight|tighter|(?:his|her|their|my|your|its)\s+(?:arms?|fingers?|hands?|way|watch|scarf))\b/gi,
  /\b(?:tightly|tight|highly|high)[\s-]+wound\b/gi,
  // The British intensifier: "bloody hell", "so bloody stupid".
  /\bbloody\s+(?:hell|well|idiot|idiots|stupid|brilliant|fool|git|ridiculous|marvellous|typical|nuisance|awful|lovely|good|great)\b/gi,
  /\b(?:so|too|how|not|bloody|fucking)\s+bloody\b/gi,
];

/** Every content cue of the text; shared with warnings.ts and freeforms.ts. */
export const scanContent: (text: string) => ContentScan = memo(2, (text) => {
  const tokens = tokenize(text);
  const idioms = VIOLENT_IDIOMS.flatMap((re) => matchAll(text, re));
  const hits = LEXICON.scan(text, tokens).filter((h) => {
    // "Dick" with a capital is a name; "ass" in "pass" cannot match (whole tokens), but "Hell" as
    // a place name in a sentence-initial position is still fine to count.
    if (h.cue === 'dick') return text[h.start] === 'd';
    if (
      (h.category === 'violence' || h.category === 'gore') &&
      idioms.some((m) => m.start <= h.start && h.end <= m.end)
    )
      return false;
    return true;
  });
  for (const re of GORE_PATTERNS) {
    for (const m of matchAll(text, re))
      hits.push({ category: 'gore', cue: re.source.slice(0, 24), weight: 1.5, start: m.start, end: m.end });
  }
  for (const [re, weight] of EXPLICIT_PATTERNS) {
    for (const m of matchAll(text, re))
      hits.push({ category: 'explicit', cue: re.source.slice(0, 24), weight, start: m.start, end: m.end });
  }
  for (const [re, weight] of SENSUAL_PATTERNS) {
    for (const m of matchAll(text, re))
      hits.push({ category: 'sensual', cue: re.source.slice(0, 24), weight, start: m.start, end: m.end });
  }
  hits.sort((a, b) => a.start - b.start || a.end - b.end);
  // Sex talked of in speech (a proposition, a tease) weighs less than sex the narration shows.
  const speech = speechRanges(text);
  for (const h of hits) {
    if (h.category !== 'explicit' || !inSpeech(speech, h.start)) continue;
    h.spoken = true;
    h.weight *= SPOKEN_SEX_WEIGHT;
  }
  const scores = { explicit: 0, sensual: 0, gore: 0, violence: 0, loss: 0, profanityMild: 0, profanityHeavy: 0 };
  const seen = new Map<string, Set<string>>();
  for (const h of hits) {
    scores[h.category as keyof typeof scores] += h.weight;
    const set = seen.get(h.category) ?? new Set();
    set.add(h.cue);
    seen.set(h.category, set);
  }
  const distinct: Record<string, number> = {};
  for (const [k, v] of seen) distinct[k] = v.size;
  const depiction = gradeViolence(
    text,
    hits.filter((h) => h.category === 'gore'),
  );
  return { scores, distinct, hits, words: tokens.length, chars: text.length, depiction };
});

interface Dimension {
  level: Level;
  /** How firmly the cues put the text at that level, 0..1. */
  strength: number;
  categories: string[];
}

/** Level reached by sexual content. */
export function sexLevel(s: ContentScan): Dimension {
  // Explicit cues too must come together in a scene: a novel says "erection" of a building
  // in one chapter and "thrust" of hands into pockets in another.
  const explicit = peakWindow(s, (h) => (h.category === 'explicit' ? h.weight : 0));
  const dx = s.distinct.explicit ?? 0;
  // Sensual cues (kisses, lips, desire) gather over a novel without any scene going further:
  // they count by their densest stretch, not their total.
  const sensual = peakWindow(s, (h) => (h.category === 'sensual' ? h.weight : 0));
  // Explicit shows the bodies and the act; words that only name it ("orgasm", "masturbating")
  // are sex that is "not very detailed", AO3's Mature.
  const shown = s.hits.some((h) => h.category === 'explicit' && !h.spoken && !TELLING.has(h.cue));
  if (shown && ((explicit >= 6 && dx >= 3) || (explicit >= 4 && dx >= 2 && sensual >= 2)))
    return { level: 3, strength: saturate(explicit, 8), categories: ['explicit'] };
  if (explicit >= 3 || sensual >= 10)
    return { level: 2, strength: saturate(explicit + sensual / 3, 5), categories: ['explicit', 'sensual'] };
  if (sensual >= 2.5 || explicit >= 1)
    return { level: 1, strength: saturate(sensual + explicit, 4), categories: ['sensual', 'explicit'] };
  return { level: 0, strength: 1 - saturate(sensual, 2), categories: [] };
}

/** How much an explicit cue in quoted speech weighs against the same cue in the narration. */
const SPOKEN_SEX_WEIGHT = 0.5;

/** Explicit cues that name sex rather than show it. */
const TELLING = new Set([
  'orgasm*',
  'masturbat*',
  'arousal',
  'climaxed',
  'erection',
  'fuck me',
  'bucked',
  'thrusts',
  'thrusting',
]);

/** Words per window when looking for the most violent stretch of a text. */
const WINDOW_WORDS = 1500;

/**
 * The densest stretch of violence, in weighted cues per 1,000 words: gore counts fully, other
 * violence half. Measured over a window, so one graphic scene in a novel counts as much as it
 * does in a one-shot; texts shorter than the window are measured whole (but at least 700 words,
 * so a drabble is not judged by two words).
 */
export function violenceDensity(s: ContentScan): number {
  const span = Math.max(700, Math.min(WINDOW_WORDS, s.words));
  const best = peakWindow(s, (h) => (h.category === 'gore' ? h.weight : h.category === 'violence' ? h.weight / 2 : 0));
  return (best * 1000) / span;
}

/** The largest sum of `weight` over hits within any WINDOW_WORDS-word stretch of the text. */
function peakWindow(s: ContentScan, weight: (h: Hit) => number): number {
  const hits = s.hits.filter((h) => weight(h) > 0);
  if (!hits.length) return 0;
  // Positions in words, approximated from character offsets at the text's own characters per word.
  const perWord = Math.max(1, s.chars / Math.max(1, s.words));
  let best = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < hits.length; hi++) {
    const h = hits[hi]!;
    sum += weight(h);
    while ((h.start - hits[lo]!.start) / perWord > WINDOW_WORDS) sum -= weight(hits[lo++]!);
    best = Math.max(best, sum);
  }
  return best;
}

/**
 * Level reached by violence: graphic (Mature) takes several distinct gore cues at density; "some
 * violence" (Teen, in AO3's words) is a fight or a death on the page, at any density, which real
 * writers rate Teen even when it is brief.
 */
export function violenceLevel(s: ContentScan): Dimension {
  const density = violenceDensity(s);
  // Gore words in speech or in a threat do not make a scene graphic: the depiction must agree.
  const graphic = isGraphic(s.depiction);
  if (graphic && density >= GRAPHIC_DENSITY && s.scores.gore >= 2 && (s.distinct.gore ?? 0) >= 3)
    return { level: 2, strength: saturate(density - GRAPHIC_DENSITY + 1, 4), categories: ['gore'] };
  // A scene that shows several kinds of violence at twice the warning's density is graphic
  // however few of the lexicon's gore words it uses.
  if (graphic && s.depiction.graphic >= 2 * GRAPHIC_DEPICTION && s.depiction.kinds >= 3)
    return {
      level: 2,
      strength: saturate(s.depiction.graphic / GRAPHIC_DEPICTION - 1, 2),
      categories: ['gore', 'violence', 'depiction'],
    };
  const total = s.scores.gore + s.scores.violence;
  const kinds = (s.distinct.gore ?? 0) + (s.distinct.violence ?? 0);
  // Violence shown on the page, even short of graphic, is AO3's "some violence".
  const shown = s.depiction.graphic >= GRAPHIC_DEPICTION / 2;
  if (graphic || shown || density >= TEEN_DENSITY || total >= TEEN_VIOLENCE || kinds >= TEEN_KINDS)
    return {
      level: 1,
      strength: saturate(Math.max(density / TEEN_DENSITY, total / TEEN_VIOLENCE), 2),
      categories: ['gore', 'violence'],
    };
  return { level: 0, strength: 1 - saturate(density, 1), categories: [] };
}

/**
 * Violence as a theme: war, murder and battle told in many different words, though no one scene is
 * graphic. Writers rate such stories Mature ("disturbing themes") more often than Teen; it moves
 * the rating only, since the graphic-violence warning is for what a scene shows.
 */
export function violenceTheme(s: ContentScan): Dimension {
  const kinds = (s.distinct.gore ?? 0) + (s.distinct.violence ?? 0);
  if (kinds >= VIOLENCE_THEME_KINDS)
    return { level: 2, strength: saturate(kinds - VIOLENCE_THEME_KINDS + 1, 8), categories: ['gore', 'violence'] };
  return { level: 0, strength: 1 - saturate(kinds, VIOLENCE_THEME_KINDS), categories: [] };
}

/** Distinct violence and gore words from which violence is the story's theme. */
const VIOLENCE_THEME_KINDS = 13;

/** Weighted violence cues per 1,000 words from which violence reads as graphic. */
export const GRAPHIC_DENSITY = 4.5;
/** Peak density, or total weight over the whole text, from which violence is "some violence". */
const TEEN_DENSITY = 0.8;
const TEEN_VIOLENCE = 4;
/** Distinct violence words ("dead", "killed", "blood") from which even a short text shows violence. */
const TEEN_KINDS = 3;

/** Violence words that speak of a death. */
const DEATH_CUES = new Set(['dead', 'death', 'died', 'die', 'killed', 'murder*']);

/**
 * Loss as a theme: a story that dwells on several kinds of it (a death, a grave, an orphan, grief,
 * an abduction) is one writers rate Teen, though no scene in it is violent.
 */
export function lossLevel(s: ContentScan): Dimension {
  const kinds = new Set<string>();
  for (const h of s.hits) {
    if (h.category === 'loss') kinds.add(LOSS_KIND[h.cue] ?? h.cue);
    else if (h.category === 'violence' && DEATH_CUES.has(h.cue)) kinds.add('death');
  }
  if (kinds.size >= LOSS_KINDS)
    return { level: 1, strength: 0.4 * saturate(kinds.size - 1, 1.5), categories: ['loss'] };
  return { level: 0, strength: 1 - 0.3 * saturate(kinds.size, 1), categories: [] };
}
/** Kinds of loss from which a story dwells on it. */
const LOSS_KINDS = 2;

/** Level reached by swearing: any strong swearing is Teen; only a torrent of it is Mature. */
export function languageLevel(s: ContentScan): Dimension {
  const { profanityMild, profanityHeavy } = s.scores;
  const per1000 = (profanityHeavy * 1000) / Math.max(1, s.words);
  if (profanityHeavy >= 15 && per1000 >= 4)
    return { level: 2, strength: saturate(per1000, 6), categories: ['profanityHeavy'] };
  if (profanityHeavy >= 1 || profanityMild >= 2)
    return {
      level: 1,
      strength: saturate(profanityHeavy + profanityMild / 2, 2),
      categories: ['profanityHeavy', 'profanityMild'],
    };
  return { level: 0, strength: 1 - saturate(profanityMild, 1), categories: [] };
}

// An author's own rating in a note ("Rated M for language", "Rating: T") beats any guess.
// FanFiction.net's letters: K and K+ are general, T teen, M covers both Mature and Explicit, MA explicit.
const STATED =
  /\brat(?:ed|ing)\s*[:-]?\s*(?:is\s+)?(k\+?|g|pg|pg-13|t|m|ma|e|nc-17|general(?: audiences)?|teen(?: and up(?: audiences)?)?|mature|explicit)\b/gi;

function statedLevel(full: string, story: string): { level: Level; ev: Evidence } | null {
  for (const m of matchAll(full, STATED)) {
    // Only in the notes and summary, which the story text has blanked.
    if (story.slice(m.start, m.end) === m.m[0]) continue;
    const v = m.m[1]!.toLowerCase();
    const level: Level =
      v.startsWith('k') || v === 'g' || v === 'pg' || v.startsWith('general')
        ? 0
        : v === 't' || v === 'pg-13' || v.startsWith('teen')
          ? 1
          : v === 'm' || v === 'mature'
            ? 2
            : 3;
    return { level, ev: quoteAround(full, m.start, m.end) };
  }
  return null;
}

/**
 * `text`: the story text, notes and summary blanked out; `full`: the text as posted, searched only
 * in the blanked parts, for a rating the author states.
 */
export function detectRating(text: string, full: string = text): Proposal {
  const scan = scanContent(text);
  const dims = [sexLevel(scan), violenceLevel(scan), languageLevel(scan), violenceTheme(scan), lossLevel(scan)];
  const top = dims.reduce((a, b) => (b.level > a.level || (b.level === a.level && b.strength > a.strength) ? b : a));
  let level = top.level;
  // Concerns add up: sexual content beside real violence or swearing is what writers rate Mature ("disturbing themes" aside, the commonest reason for an M).
  const [sex, violence, language] = dims as [Dimension, Dimension, Dimension, Dimension, Dimension];
  // Each must be more than a passing mention for them to add up.
  const substantial = (d: Dimension) => d.level >= 1 && d.strength >= 0.5;
  const combined = level === 1 && sex.level >= 1 && (substantial(violence) || substantial(language));
  if (combined) level = 2;
  let confidence: number;
  let evidence: Evidence[];
  const stated = full === text ? null : statedLevel(full, text);
  if (stated) {
    level = stated.level;
    confidence = 0.9;
    evidence = [stated.ev];
  } else {
    // Content one level down still counts as support: a borderline call is less sure. Nothing
    // read from content alone is certain.
    const next = dims.filter((d) => d !== top && d.level === level).length;
    confidence =
      level === 0
        ? clamp01(0.5 + 0.4 * Math.min(...dims.map((d) => d.strength)))
        : clamp01(Math.min(0.95, 0.45 + 0.45 * top.strength + 0.05 * next));
    if (combined)
      confidence = clamp01(0.4 + 0.2 * Math.min(sex.strength, Math.max(violence.strength, language.strength)));
    const cats = new Set(
      dims.filter((d) => d.level === level || (combined && d.level >= 1)).flatMap((d) => d.categories),
    );
    evidence = evidenceFromHits(
      text,
      [...scan.hits, ...scan.depiction.hits.filter((h) => h.weight >= 0.5)].filter((h) => cats.has(h.category)),
      3,
    );
  }
  return { name: LEVELS[level]!, confidence: clamp01(confidence), evidence };
}

// AO3's rating from what the text shows: sexual content, violence and language, each scored from
// a lexicon and mapped to a level; the rating is the highest level any of them reaches. AO3's own
// guidance: Teen for "some violence, mild sexual content, swearing"; Mature for "graphic violence,
// sex that is not very detailed, disturbing themes"; Explicit for "explicit sex, very graphic
// violence". "Not Rated" is the author's choice, never something to propose.

import type { Evidence, Proposal, Rating } from './types.ts';
import {
  Lexicon,
  clamp01,
  memo,
  evidenceFromHits,
  matchAll,
  quoteAround,
  saturate,
  tokenize,
  type Hit,
} from './evidence.ts';

// Weights are how much one occurrence says; words of several senses ("come", "dick", "climax")
// weigh little or are left out.
const LEXICON = new Lexicon({
  explicit: {
    cock: 2,
    cocks: 2,
    dick: 1.5,
    pussy: 2,
    clit: 2,
    clitoris: 2,
    cunt: 1,
    penis: 2,
    vagina: 2,
    'orgasm*': 2,
    erection: 1,
    semen: 2,
    cum: 2,
    cumming: 2,
    'blowjob*': 2,
    'blow job': 2,
    'handjob*': 2,
    'come inside': 1.5,
    'came inside': 1.5,
    'his length': 1.5,
    'her entrance': 1.5,
    'between her legs': 1,
    'between his legs': 1,
    'nipple*': 1.2,
    'thrust into': 1.5,
    'thrusts into': 1.5,
    thrusting: 0.5,
    thrusts: 0.4,
    'fucked her': 2,
    'fucked him': 2,
    'fucking her': 2,
    'fucking him': 2,
    'fuck me': 1,
    arousal: 0.5,
    climaxed: 1.5,
    'her core': 0.7,
    'his hardness': 2,
    'ejaculat*': 2,
    'masturbat*': 2,
    bucked: 0.5,
    'her folds': 1.5,
    'hard-on': 2,
    precum: 2,
    'sixty-nine': 1,
  },
  sensual: {
    kiss: 0.5,
    kissed: 0.5,
    kisses: 0.5,
    kissing: 0.5,
    'making out': 1,
    'made out': 1,
    'make out': 1,
    naked: 1,
    'undress*': 1,
    'moan*': 0.7,
    'groan*': 0.2,
    lips: 0.2,
    tongue: 0.4,
    'thigh*': 0.4,
    'breast*': 0.7,
    'strip*': 0.3,
    sex: 1.2,
    'sexual*': 0.8,
    sexy: 0.5,
    'made love': 2,
    'make love': 2,
    'making love': 2,
    'slept together': 2,
    'sleep together': 1.5,
    'had sex': 2,
    'have sex': 1.5,
    'having sex': 2,
    lust: 0.6,
    desire: 0.3,
    'caress*': 0.4,
    'straddl*': 0.6,
    hips: 0.3,
    shirtless: 0.6,
    lingerie: 0.8,
    bra: 0.5,
    panties: 1,
    underwear: 0.5,
    hickey: 0.8,
    'grind*': 0.3,
    foreplay: 1.5,
    aroused: 0.5,
  },
  gore: {
    gore: 2,
    gory: 2,
    corpse: 1.5,
    corpses: 2,
    entrails: 2,
    intestines: 2,
    guts: 1,
    'disembowel*': 2.5,
    'decapitat*': 2.5,
    'dismember*': 2.5,
    'eviscerat*': 2.5,
    'mutilat*': 2,
    severed: 1.5,
    'bullet wound*': 1.5,
    'bullet holes': 1.5,
    'massacre*': 1.5,
    'slaughter*': 1.5,
    bloodbath: 2,
    'pool of blood': 1.5,
    'covered in blood': 1.5,
    'soaked in blood': 1.5,
    'blood sprayed': 1.5,
    'blood splattered': 1.5,
    'torn apart': 1.2,
    'ripped apart': 1.2,
    'torn open': 1.2,
    'ripped open': 0.6,
    'brain matter': 2,
    impaled: 1.5,
    flesh: 0.5,
    carcass: 1,
    mangled: 1.2,
    gutted: 1.5,
    tortured: 1,
    torture: 1,
    torturing: 1,
    skinned: 1,
    stabbed: 0.8,
    'bled out': 1,
    bloody: 0.4,
    'dead bodies': 1.2,
    bodies: 0.4,
    limbs: 0.3,
    wounds: 0.6,
    gash: 0.8,
    gaping: 0.5,
    'slit open': 1.5,
    'sliced open': 1.5,
    'cut open': 1,
    'split open': 1,
    'blood everywhere': 1.5,
    'so much blood': 1.5,
    'cooked flesh': 2,
    'burning flesh': 2,
    charred: 0.8,
    bones: 0.4,
    'in shreds': 0.6,
    'red smear': 0.8,
    'smear of blood': 1,
    'blood-soaked': 1.5,
    bloodied: 0.8,
    'severed head': 2,
    skull: 0.4,
    mutilated: 2,
  },
  violence: {
    blood: 0.3,
    'bleed*': 0.4,
    bled: 0.4,
    kill: 0.3,
    killed: 0.5,
    killing: 0.5,
    kills: 0.4,
    'murder*': 0.6,
    dead: 0.2,
    death: 0.2,
    die: 0.2,
    died: 0.3,
    'stab*': 0.5,
    shot: 0.2,
    'shoot*': 0.3,
    gun: 0.3,
    knife: 0.2,
    'punch*': 0.4,
    'fight*': 0.2,
    fought: 0.2,
    'wound*': 0.4,
    'injur*': 0.3,
    'attack*': 0.3,
    'bruis*': 0.3,
    hurt: 0.1,
    pain: 0.1,
    'weapon*': 0.3,
    'scream*': 0.1,
    'slap*': 0.4,
    'choke*': 0.3,
    'strangl*': 0.8,
    'victim*': 0.4,
    'snapped her neck': 1,
    'snapped his neck': 1,
    'broke his neck': 1,
    'broke her neck': 1,
    fangs: 0.2,
    stake: 0.3,
    stakes: 0.3,
    sword: 0.2,
    'bullet*': 0.3,
    pistol: 0.3,
    'blaster*': 0.3,
    rifle: 0.3,
    flamethrower: 0.8,
    'explosion*': 0.4,
    'grenade*': 0.5,
    battle: 0.4,
    wounded: 0.6,
    burns: 0.3,
    fighting: 0.3,
    screaming: 0.3,
    shrieking: 0.3,
    torn: 0.3,
    broken: 0.2,
    shuriken: 0.3,
    kunai: 0.3,
    claws: 0.3,
    teeth: 0.1,
  },
  profanityMild: {
    damn: 1,
    damned: 0.6,
    dammit: 1,
    damnit: 1,
    'goddamn*': 1,
    hell: 0.6,
    crap: 1,
    'bastard*': 1,
    'bitch*': 1,
    ass: 1,
    asses: 1,
    'piss*': 0.8,
    'bloody hell': 1,
    'screw you': 1,
    jerk: 0.3,
    idiot: 0.2,
  },
  profanityHeavy: {
    fuck: 1,
    fucking: 1,
    fucked: 1,
    'fucker*': 1,
    fucks: 1,
    'motherfuck*': 1.5,
    shit: 1,
    shitty: 1,
    bullshit: 1,
    'asshole*': 1,
    cunt: 1.5,
    'dickhead*': 1,
    twat: 1,
    'cocksucker*': 1.5,
    'wanker*': 1,
  },
});

// Violence that a word list cannot catch: a throat torn out, a neck slit, skin torn.
const GORE_PATTERNS: RegExp[] = [
  /\b(?:rip|rips|ripped|ripping|tear|tears|tore|torn|tearing|slit|slits|slitting|slash(?:es|ed|ing)?)\s+(?:\w+\s+){0,3}?(?:throat|neck|heart|skin|flesh|stomach|chest|belly|jugular)s?\b/gi,
  /\b(?:throat|neck|jugular|heart|chest|stomach)s?\s+(?:was\s+|were\s+|is\s+|are\s+|had been\s+)?(?:ripped|torn|slit|slashed)(?:\s+open|\s+out)?\b/gi,
  /\b(?:break|breaks|broke|snap|snaps|snapped|crack|cracks|cracked|shatter\w*)\s+(?:his|her|their|my|your)\s+(?:wrist|arm|leg|jaw|nose|ribs?|fingers?|skull|spine|knee)\b/gi,
  /\bblood\s+(?:on|in|from|down)\s+(?:his|her|their|my|your)\s+(?:hands?|face|teeth|mouth|eyes|palm|chin)\b/gi,
  /\b(?:blood|brains?)\s+(?:rain(?:s|ed)?|pour(?:s|ed)?|gush(?:es|ed)?|spurt(?:s|ed)?|pool(?:s|ed)?|splatter(?:s|ed)?|spray(?:s|ed)?)\b/gi,
];

// Sex written without the anatomical words: what people do rather than what they are called.
const EXPLICIT_PATTERNS: [RegExp, number][] = [
  [/\b(?:took|takes|take|taking)\s+(?:him|her|them)\s+(?:in|into)\s+(?:his|her|their)\s+mouth\b/gi, 2.5],
  [
    /\b(?:moving|moved|moves|slid|slides|sliding|pushed|pushes|pushing|sank|sinks|sinking|thrust\w*|rocking|rocked|buried|took|takes|take|taking)\b[^.!?]{0,25}\binside\s+(?:him|her|me|you|them)\b/gi,
    2,
  ],
  [/\bmouth\s+between\s+(?:her|his|their|my|your)\s+(?:thighs|legs)\b/gi, 2.5],
  [/\bwent down on (?:him|her|me|you|them)\b/gi, 2],
  [
    /\bwhen\s+(?:she|he|they)\s+came\b(?!\s+(?:back|in|out|to|over|home|up|down|across|through|into|around|for|with|from|here|along|closer|near|by|and|at|on))/gi,
    1.5,
  ],
  [/\bwrapped\s+(?:a|his|her|their)\s+hand\s+around\s+(?:him|her)\b(?!\s+(?:shoulders?|waist|arm|wrist|neck))/gi, 1.5],
  [/\b(?:came|comes|coming)\s+(?:undone|hard|inside)\b/gi, 1.5],
  [/\b(?:spread|parted)\s+(?:his|her|their)\s+(?:legs|thighs)\b/gi, 1.5],
];
const SENSUAL_PATTERNS: [RegExp, number][] = [
  [
    /\b(?:pulled|pushed|tugged|stripped|slid)\s+(?:his|her|their|my)\s+(?:shirt|dress|jeans|trousers|pants|underwear|clothes|top)\s+(?:off|down)\b/gi,
    1,
  ],
  [/\bundid\s+(?:\w+\s+){0,2}buttons\b|\bunbutton\w*/gi, 1],
  [/\b(?:in|into|across|tangled in|wreck of|wreckage of|off) the sheets\b/gi, 0.5],
  [/\bwrapp(?:ed|ing)\s+(?:her|his|their)\s+legs\s+around\s+(?:his|her|their)\s+(?:hips|waist)\b/gi, 1],
];

export type Level = 0 | 1 | 2 | 3;
const LEVELS: Rating[] = ['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit'];

export interface ContentScan {
  /** Summed cue weights per category. */
  scores: Record<'explicit' | 'sensual' | 'gore' | 'violence' | 'profanityMild' | 'profanityHeavy', number>;
  /** Number of distinct cues seen per category (many different words weigh more than one repeated). */
  distinct: Record<string, number>;
  hits: Hit[];
  words: number;
  chars: number;
}

/** Every content cue of the text; shared with warnings.ts and freeforms.ts. */
export const scanContent: (text: string) => ContentScan = memo(2, (text) => {
  const tokens = tokenize(text);
  const hits = LEXICON.scan(text, tokens).filter((h) => {
    // "Dick" with a capital is a name; "ass" in "pass" cannot match (whole tokens), but "Hell" as
    // a place name in a sentence-initial position is still fine to count.
    if (h.cue === 'dick') return text[h.start] === 'd';
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
  const scores = { explicit: 0, sensual: 0, gore: 0, violence: 0, profanityMild: 0, profanityHeavy: 0 };
  const seen = new Map<string, Set<string>>();
  for (const h of hits) {
    scores[h.category as keyof typeof scores] += h.weight;
    const set = seen.get(h.category) ?? new Set();
    set.add(h.cue);
    seen.set(h.category, set);
  }
  const distinct: Record<string, number> = {};
  for (const [k, v] of seen) distinct[k] = v.size;
  return { scores, distinct, hits, words: tokens.length, chars: text.length };
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
  if ((explicit >= 6 && dx >= 3) || (explicit >= 4 && dx >= 2 && sensual >= 2))
    return { level: 3, strength: saturate(explicit, 8), categories: ['explicit'] };
  if (explicit >= 3 || sensual >= 10)
    return { level: 2, strength: saturate(explicit + sensual / 3, 5), categories: ['explicit', 'sensual'] };
  if (sensual >= 2.5 || explicit >= 1)
    return { level: 1, strength: saturate(sensual + explicit, 4), categories: ['sensual', 'explicit'] };
  return { level: 0, strength: 1 - saturate(sensual, 2), categories: [] };
}

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
  if (density >= GRAPHIC_DENSITY && s.scores.gore >= 2 && (s.distinct.gore ?? 0) >= 3)
    return { level: 2, strength: saturate(density - GRAPHIC_DENSITY + 1, 4), categories: ['gore'] };
  const total = s.scores.gore + s.scores.violence;
  const kinds = (s.distinct.gore ?? 0) + (s.distinct.violence ?? 0);
  if (density >= TEEN_DENSITY || total >= TEEN_VIOLENCE || kinds >= TEEN_KINDS)
    return {
      level: 1,
      strength: saturate(Math.max(density / TEEN_DENSITY, total / TEEN_VIOLENCE), 2),
      categories: ['gore', 'violence'],
    };
  return { level: 0, strength: 1 - saturate(density, 1), categories: [] };
}

/** Weighted violence cues per 1,000 words from which violence reads as graphic. */
export const GRAPHIC_DENSITY = 4.5;
/** Peak density, or total weight over the whole text, from which violence is "some violence". */
const TEEN_DENSITY = 0.8;
const TEEN_VIOLENCE = 4;
/** Distinct violence words ("dead", "killed", "blood") from which even a short text shows violence. */
const TEEN_KINDS = 3;

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
  const dims = [sexLevel(scan), violenceLevel(scan), languageLevel(scan)];
  const top = dims.reduce((a, b) => (b.level > a.level || (b.level === a.level && b.strength > a.strength) ? b : a));
  let level = top.level;
  // Concerns add up: sexual content beside real violence or swearing is what writers rate Mature ("disturbing themes" aside, the commonest reason for an M).
  const [sex, violence, language] = dims as [Dimension, Dimension, Dimension];
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
    // Content one level down still counts as support: a borderline call is less sure.
    const next = dims.filter((d) => d !== top && d.level === level).length;
    confidence =
      level === 0
        ? clamp01(0.5 + 0.4 * Math.min(...dims.map((d) => d.strength)))
        : clamp01(0.45 + 0.45 * top.strength + 0.05 * next);
    if (combined)
      confidence = clamp01(0.4 + 0.2 * Math.min(sex.strength, Math.max(violence.strength, language.strength)));
    const cats = new Set(
      dims.filter((d) => d.level === level || (combined && d.level >= 1)).flatMap((d) => d.categories),
    );
    evidence = evidenceFromHits(
      text,
      scan.hits.filter((h) => cats.has(h.category)),
      3,
    );
  }
  return { name: LEVELS[level]!, confidence: clamp01(confidence), evidence };
}

// AO3-style additional tags ("freeforms") from lexicons of cues. Conservative by design: each tag
// needs several distinct cues at a density that grows with the text's length, since a novel says
// "tears" a hundred times without being Angst. An author's note that names a tag outright
// ("Fluff", "set during 3x21, AU from there") counts most.

import type { CanonIndex } from './canon-types.ts';
import type { Evidence, Proposal } from './types.ts';
import {
  clamp01,
  evidenceFromHits,
  inSpeech,
  matchAll,
  quoteAround,
  saturate,
  speechRanges,
  tokenize,
  type Hit,
} from './evidence.ts';
import { ACT_PATTERNS } from './freeform-acts.ts';
import { proposeForms } from './freeform-forms.ts';
import { proposeNamedTags } from './freeform-named.ts';
import { LEXICON } from './freeform-lexicon.ts';
import type { PovGuess } from './pov.ts';
import { scanContent, sexLevel, violenceDensity } from './rating.ts';

/**
 * How often a writer whose text shows a tag's content also tags it. A premise (Time Travel) or a
 * form (Drabble) is what the story is and is nearly always tagged; a sexual act is tagged in most
 * explicit works; a tone (Angst) or content already told by the rating and warnings (Smut,
 * Violence) is often left out. A cue-based proposal's confidence is how sure its cues are times
 * this rate, so that it reads as the chance the writer would choose the tag; a tag the writer
 * names in a note needs no such discount.
 */
const TAGGING_RATE = { premise: 0.9, form: 0.9, act: 0.7, arc: 0.5, tone: 0.45, content: 0.4 } as const;
type TagKind = keyof typeof TAGGING_RATE;

const TAG_KIND: Record<string, TagKind> = {
  'Time Travel': 'premise',
  'Time Travel Fix-It': 'premise',
  'Road Trip': 'premise',
  Vampires: 'premise',
  Werewolves: 'premise',
  Magic: 'premise',
  'Alternate Universe - Canon Divergence': 'premise',
  'Alternate Universe - Modern Setting': 'premise',
  Drabble: 'form',
  Texting: 'form',
  Letters: 'form',
  'Second Person': 'form',
  'Established Relationship': 'arc',
  'Break Up': 'arc',
  'First Kiss': 'arc',
  'Friends to Lovers': 'arc',
  'Enemies to Lovers': 'arc',
  'Leaving Home': 'arc',
  'Deal with the Devil': 'arc',
  Smut: 'content',
  Violence: 'content',
  Blood: 'content',
  'Canon Character Death': 'content',
  Family: 'arc',
  ...Object.fromEntries(ACT_PATTERNS.map(([tag]) => [tag, 'act' as const])),
};

/** Peak violence density (see rating.ts) from which "Violence" becomes a tag of its own. */
const VIOLENCE_TAG_DENSITY = 15;

export interface FreeformContext {
  /** The text as posted, notes included; the story text has them blanked. */
  full?: string;
  fandoms?: Proposal[];
  canon?: CanonIndex | null;
  relationships?: Proposal[];
  warnings?: Proposal[];
  /** The narration's point of view: a story told to "you" is tagged for it. */
  pov?: PovGuess;
  /** False for a text not in English: the cue lexicons are English, so only notes and episode codes count. */
  english?: boolean;
}

/** A tag's rule: cue category in LEXICON, minimum summed weight, minimum per 1,000 words, distinct cues. */
interface Rule {
  tag: string;
  min: number;
  per1000: number;
  distinct: number;
  /** Further LEXICON categories whose cues count towards the tag's (a road trip's car). */
  also?: string[];
  /** Extra condition on the context; false suppresses the tag. */
  when?: (c: Context) => boolean;
}

interface Context {
  scores: Map<string, number>;
  distinct: Map<string, number>;
  romance: boolean;
  fanWork: boolean;
  words: number;
}

// Supernatural species and magic are tagged on original work only: in a fan work they are
// nearly always the canon's own (vampires in The Vampire Diaries, werewolves in Teen Wolf and
// Harry Potter), which AO3 taggers do not tag.
const SPECIES = (c: Context) => !c.fanWork;

const RULES: Rule[] = [
  {
    tag: 'Angst',
    min: 9,
    per1000: 3.5,
    distinct: 5,
    when: (c) => (c.scores.get('Fluff') ?? 0) < (c.scores.get('Angst') ?? 0) * 1.5,
  },
  {
    tag: 'Fluff',
    min: 8,
    per1000: 4,
    distinct: 5,
    when: (c) => (c.scores.get('Angst') ?? 0) < (c.scores.get('Fluff') ?? 0) * 0.4,
  },
  { tag: 'Established Relationship', min: 4, per1000: 1, distinct: 3, when: (c) => c.romance },
  { tag: 'Break Up', min: 5, per1000: 1, distinct: 3, when: (c) => c.romance },
  {
    tag: 'Road Trip',
    min: 6,
    per1000: 1.5,
    distinct: 4,
    also: ['car'],
    when: (c) => (c.scores.get('Road Trip') ?? 0) >= 2 && (c.scores.get('car') ?? 0) >= 2,
  },
  { tag: 'Leaving Home', min: 5, per1000: 1, distinct: 3 },
  {
    tag: 'Deal with the Devil',
    min: 4.5,
    per1000: 1,
    distinct: 3,
    when: (c) => (c.scores.get('devil party') ?? 0) >= 1,
  },
  { tag: 'First Kiss', min: 3, per1000: 0, distinct: 1, when: (c) => c.romance },
  {
    tag: 'Friends to Lovers',
    min: 3,
    per1000: 0,
    distinct: 1,
    when: (c) =>
      c.romance && (c.distinct.get('Friends to Lovers') ?? 0) >= 1 && (c.scores.get('Friends to Lovers') ?? 0) >= 3,
  },
  // An enemy in a war story is a side, not a lover's rival: the enmity must be personal too.
  {
    tag: 'Enemies to Lovers',
    min: 4,
    per1000: 0.5,
    distinct: 2,
    also: ['enemy'],
    when: (c) => c.romance && (c.scores.get('Enemies to Lovers') ?? 0) >= 2,
  },
  { tag: 'Vampires', min: 4, per1000: 1, distinct: 2, when: SPECIES },
  { tag: 'Werewolves', min: 4, per1000: 1, distinct: 2, when: SPECIES },
  { tag: 'Magic', min: 5, per1000: 1.5, distinct: 3, when: SPECIES },
  {
    tag: 'Humor',
    min: 8,
    per1000: 4,
    distinct: 4,
    when: (c) => (c.scores.get('Angst') ?? 0) < (c.scores.get('Humor') ?? 0) * 0.5,
  },
  { tag: 'Grief/Mourning', min: 6, per1000: 1.5, distinct: 3 },
  // Family as a theme: kin named again and again, and many kinds of kin, not one brother in passing.
  { tag: 'Family', min: 10, per1000: 12, distinct: 7 },
  { tag: 'Time Travel', min: 5, per1000: 0.8, distinct: 3 },
];

// Episode codes and seasons ("3x21", "season 2", "S04E12") near a sign of divergence.
const EPISODE =
  /\b(?:\d{1,2}x\d{1,2}|s\d{1,2}\s?e\d{1,2}|(?:season|series)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight)|(?:post|pre|mid)-(?:season|series|canon|war|finale))\b/gi;
const DIVERGE =
  /\b(?:AU|alternate universe|canon[- ]divergen\w*|diverge\w*|divergence|what if|instead of|never happened|goes differently|fix-?it)\b/g;
const MODERN = /\b(?:modern(?:-day)?\s+(?:AU|setting|day AU)|AU\s*[-–:]\s*modern|set in the present day)\b/gi;

/** Summed cue weight, distinct cues and the bar each lexicon tag must reach: for tuning and explaining. */
export function freeformCueScores(text: string): { tag: string; score: number; distinct: number; need: number }[] {
  const words = Math.max(1, tokenize(text).length);
  const hits = LEXICON.scan(text);
  const tags = [...new Set(hits.map((h) => h.category))].sort();
  return tags.map((tag) => {
    const list = hits.filter((h) => h.category === tag);
    const rule = RULES.find((r) => r.tag === tag);
    return {
      tag,
      score: Math.round(list.reduce((s, h) => s + h.weight, 0) * 100) / 100,
      distinct: new Set(list.map((h) => h.cue)).size,
      need: rule ? Math.max(rule.min, (rule.per1000 * words) / 1000) : 0,
    };
  });
}

/** `named`: the writer names the tag in a note, so its confidence is not discounted by TAGGING_RATE. */
type Propose = (tag: string, confidence: number, evidence: Evidence[], named?: boolean) => void;

/** The lexicon's hits by tag, with each tag's summed weight and distinct cues. */
interface LexiconScores {
  byTag: Map<string, Hit[]>;
  scores: Map<string, number>;
  distinct: Map<string, number>;
}

export function detectFreeforms(text: string, ctx: FreeformContext = {}): Proposal[] {
  const full = ctx.full ?? text;
  const tokens = tokenize(text);
  const words = Math.max(1, tokens.length);
  const lex = lexiconScores(text, tokens);
  const { scores } = lex;
  const out = new Map<string, Proposal>();
  const propose: Propose = (tag, cueConfidence, evidence, named = false) => {
    const confidence = named ? cueConfidence : cueConfidence * TAGGING_RATE[TAG_KIND[tag] ?? 'tone'];
    const prev = out.get(tag);
    if (!prev || prev.confidence < confidence) out.set(tag, { name: tag, confidence: clamp01(confidence), evidence });
  };
  const fanWork = (ctx.fandoms ?? []).length > 0;
  if (ctx.english !== false) {
    proposeByRules(text, lex, words, ctx, fanWork, propose);
    proposeHurtComfort(text, lex, words, propose);
    proposeTimeTravel(text, lex, fanWork, propose);
  }
  proposeContent(text, words, propose);
  // A main character's death in a fan work is, nearly always, a canon character's.
  const death = (ctx.warnings ?? []).find((w) => w.name === 'Major Character Death');
  if (death && fanWork) propose('Canon Character Death', clamp01(death.confidence * 0.85), death.evidence.slice(0, 2));
  proposeSettings(full, propose);
  proposeForms(text, ctx.pov, propose);
  // Tags the author names in notes or summary: only where the story text is blanked.
  if (full !== text) proposeNamedTags(text, full, propose);

  // AO3's parent tag says less than any of its variants.
  if ([...out.keys()].some((t) => t.startsWith('Alternate Universe - '))) out.delete('Alternate Universe');
  // Hurt/Comfort's hurt half is pain and tears too; Angst beside it needs twice the evidence.
  if (out.has('Hurt/Comfort') && out.has('Angst') && (scores.get('Angst') ?? 0) < 2 * Math.max(9, (3.5 * words) / 1000))
    out.delete('Angst');

  return [...out.values()].sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

function lexiconScores(text: string, tokens: ReturnType<typeof tokenize>): LexiconScores {
  const hits = LEXICON.scan(text, tokens);
  const byTag = new Map<string, Hit[]>();
  for (const h of hits) {
    const list = byTag.get(h.category) ?? [];
    list.push(h);
    byTag.set(h.category, list);
  }
  const scores = new Map<string, number>();
  const distinct = new Map<string, number>();
  for (const [tag, list] of byTag) {
    scores.set(
      tag,
      list.reduce((s, h) => s + h.weight, 0),
    );
    distinct.set(tag, new Set(list.map((h) => h.cue)).size);
  }
  // A break-up and a death are themselves angst: their cues count towards it at half weight.
  scores.set(
    'Angst',
    (scores.get('Angst') ?? 0) + 0.5 * ((scores.get('Break Up') ?? 0) + (scores.get('Grief/Mourning') ?? 0)),
  );
  return { byTag, scores, distinct };
}

/** Each rule's tag where its cues pass the rule's bar (English only). */
function proposeByRules(
  text: string,
  { byTag, scores, distinct }: LexiconScores,
  words: number,
  ctx: FreeformContext,
  fanWork: boolean,
  propose: Propose,
): void {
  const context: Context = {
    scores,
    distinct,
    romance: (ctx.relationships ?? []).some((r) => r.name.includes('/')),
    fanWork,
    words,
  };
  for (const rule of RULES) {
    const categories = [rule.tag, ...(rule.also ?? [])];
    const score = categories.reduce((s, c) => s + (scores.get(c) ?? 0), 0);
    const dist = categories.reduce((s, c) => s + (distinct.get(c) ?? 0), 0);
    const need = Math.max(rule.min, (rule.per1000 * words) / 1000);
    if (score < need || dist < rule.distinct) continue;
    if (rule.when && !rule.when(context)) continue;
    const cues = categories.flatMap((c) => byTag.get(c) ?? []).sort((a, b) => a.start - b.start);
    propose(rule.tag, 0.35 + 0.5 * saturate(score / need - 1 + 0.3, 1), evidenceFromHits(text, cues, 3));
  }
}

/** Hurt/Comfort needs both halves. */
function proposeHurtComfort(
  text: string,
  { byTag, scores, distinct }: LexiconScores,
  words: number,
  propose: Propose,
): void {
  const hurt = scores.get('hurt') ?? 0;
  const comfort = scores.get('comfort') ?? 0;
  const hcNeed = Math.max(4, (1.5 * words) / 1000);
  if (hurt >= hcNeed && comfort >= hcNeed && (distinct.get('comfort') ?? 0) >= 3) {
    const ev = [
      ...evidenceFromHits(text, byTag.get('hurt') ?? [], 1),
      ...evidenceFromHits(text, byTag.get('comfort') ?? [], 2),
    ];
    propose('Hurt/Comfort', 0.35 + 0.5 * saturate(Math.min(hurt, comfort) / hcNeed - 0.7, 1), dedupe(ev));
  }
}

/** Content tags from the shared content scan: Smut, Violence, Blood. */
function proposeContent(text: string, words: number, propose: Propose): void {
  const scan = scanContent(text);
  const sex = sexLevel(scan);
  if (sex.level === 3)
    propose(
      'Smut',
      0.5 + 0.45 * sex.strength,
      evidenceFromHits(
        text,
        scan.hits.filter((h) => h.category === 'explicit'),
        3,
      ),
    );
  if (sex.level === 3) proposeActs(text, propose);
  // "Violence" as a tag marks violence as a main element, beyond what the warning already says:
  // only a stretch far denser than the graphic threshold.
  const density = violenceDensity(scan);
  if (density >= VIOLENCE_TAG_DENSITY) {
    propose(
      'Violence',
      0.4 + 0.5 * saturate(density / VIOLENCE_TAG_DENSITY - 0.7, 1),
      evidenceFromHits(
        text,
        scan.hits.filter((h) => h.category === 'gore' || h.category === 'violence'),
        3,
      ),
    );
  }
  // Blood as a tag means bloodshed: a vampire's blood bags in a calm scene do not make it.
  const blood = scan.hits.filter((h) => h.cue === 'blood' || /\bblood\b/.test(h.cue) || h.cue === 'bloody');
  if (density >= 6 && blood.length >= Math.max(5, (2 * words) / 1000)) {
    propose('Blood', 0.4 + 0.5 * saturate(blood.length / 8 - 0.6, 1), evidenceFromHits(text, blood, 3));
  }
}

/** Each act an explicit text describes: more confident the more often it is described. */
function proposeActs(text: string, propose: Propose): void {
  const speech = speechRanges(text);
  for (const [tag, re] of ACT_PATTERNS) {
    const hits = matchAll(text, re).filter((h) => !inSpeech(speech, h.start));
    if (!hits.length) continue;
    propose(
      tag,
      Math.min(0.9, 0.5 + 0.15 * (hits.length - 1)),
      hits.slice(0, 3).map((h) => quoteAround(text, h.start, h.end)),
    );
  }
}

/** Time-travel cues that name the premise itself ("from the future", "back in time"), not the future in passing. */
const STRONG_TIME_TRAVEL = 2;

// A time traveller setting out to undo what happened: in a fan work, the canon's tragedies.
const FIX_IT =
  /\b(?:change (?:the|their|his|her|our|my|your) (?:future|fate|past|timeline)|prevent (?:it|that|this|all of it|the war)|save (?:them|him|her|everyone|all of them|them all)|(?:do|get|make|set) (?:it|things|everything) right|second chance|won'?t let (?:it|that|this|them|him|her) happen|(?:differently|better) this time|this time (?:around|would be different))\b/gi;

// Cues of a traveller gone back into their own past, knowing what comes: the shape of a fix-it,
// as a loop or a trip to the future is not.
const INTO_THE_PAST =
  /^(?:back in time|traveled back|travelled back|from the future|years younger|younger body|future knowledge|(?:change|changed|changing) the future|the first time around|last time around|in (?:his|her) first life|do-over)$/;

/** How sure a fan work's trip into the past is a fix-it with no word of intent: most such works are. */
const FIX_IT_UNSAID = 0.7;

/**
 * Time travel as a premise: the cues that name it are few however long the chapter, so they count
 * by themselves rather than per 1,000 words. In a fan work whose traveller goes back into their
 * own past, the premise is usually AO3's "Time Travel Fix-It": surer where they mean to change
 * what happened.
 */
function proposeTimeTravel(text: string, { byTag }: LexiconScores, fanWork: boolean, propose: Propose): void {
  const strong = (byTag.get('Time Travel') ?? []).filter((h) => h.weight >= STRONG_TIME_TRAVEL);
  const weight = strong.reduce((s, h) => s + h.weight, 0);
  if (weight < 5 || new Set(strong.map((h) => h.cue)).size < 2) return;
  const confidence = 0.45 + 0.4 * saturate(weight / 5 - 1 + 0.3, 1);
  const evidence = evidenceFromHits(text, strong, 3);
  propose('Time Travel', confidence, evidence);
  if (!fanWork) return;
  const past = strong.filter((h) => INTO_THE_PAST.test(h.cue));
  const fixes = matchAll(text, FIX_IT);
  if (fixes.length >= 2) {
    propose('Time Travel Fix-It', confidence * (0.7 + 0.1 * Math.min(3, fixes.length - 2)), [
      ...evidence.slice(0, 1),
      ...fixes.slice(0, 2).map((f) => quoteAround(text, f.start, f.end)),
    ]);
  } else if (past.length) {
    propose('Time Travel Fix-It', confidence * FIX_IT_UNSAID, evidenceFromHits(text, past, 2));
  }
}

/** Canon divergence and modern settings, read anywhere in the text (notes usually carry them). */
function proposeSettings(full: string, propose: Propose): void {
  // Canon divergence: an episode or season reference with a sign of divergence.
  const episodes = matchAll(full, EPISODE);
  if (episodes.length) {
    const diverge = matchAll(full, DIVERGE).filter((d) => episodes.some((e) => Math.abs(e.start - d.start) < 300));
    if (diverge.length) {
      const e = episodes[0]!;
      const d = diverge[0]!;
      propose(
        'Alternate Universe - Canon Divergence',
        0.75,
        dedupe([quoteAround(full, e.start, e.end), quoteAround(full, d.start, d.end)]),
      );
    }
  } else {
    const explicit = matchAll(full, /\bcanon[- ]divergen\w*\b/gi);
    if (explicit.length)
      propose('Alternate Universe - Canon Divergence', 0.7, [quoteAround(full, explicit[0]!.start, explicit[0]!.end)]);
  }
  const modern = matchAll(full, MODERN);
  if (modern.length)
    propose('Alternate Universe - Modern Setting', 0.75, [quoteAround(full, modern[0]!.start, modern[0]!.end)]);
}

function dedupe(evs: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  for (const e of evs) if (!out.some((o) => e.start < o.end && o.start < e.end)) out.push(e);
  return out.sort((a, b) => a.start - b.start);
}

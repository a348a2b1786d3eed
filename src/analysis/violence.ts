// Violence graded by how the text tells it. AO3's "Graphic Depictions Of Violence" is for what a
// scene shows: blood that runs, bodies that break, blows and killings narrated as they happen.
// The same words in a threat, a condition, a memory or a character's speech mention violence
// without depicting it, and weigh a fraction. The grade is the densest stretch of depiction per
// thousand words, so one graphic scene in a long chapter counts as it does in a short one.

import { inSpeech, matchAll, speechRanges, tokenize, type Hit } from './evidence.ts';
import { detectTense } from './tense.ts';

/** What a cue shows; a scene needs more than one kind to read as graphic. */
export type DepictionKind = 'bleeding' | 'wound' | 'blow' | 'killing' | 'remains' | 'gore';

const PART =
  '(?:flesh|skin|bones?|skulls?|throats?|necks?|arms?|legs?|hands?|fingers?|faces?|eyes?|eyeballs?|ribs?|guts?|stomachs?|bell(?:y|ies)|chests?|jaws?|nose|noses|teeth|tooth|spine|knees?|shoulders?|heads?|scalps?|wrists?|ankles?|thighs?|abdomen|organs?|innards|intestines|brains?|lungs?|limbs?|muscles?|veins?|arter(?:y|ies)|cheeks?|temples?)';
const DAMAGED =
  '(?:torn|ripped|split|shattered|crushed|broken|snapped|cracked|severed|mangled|gaping|slashed|bleeding|bloodied|bloody|charred|pulped|caved[- ]in|dislocated|splintered|punctured|lacerated|gouged|flayed|smashed|gashed|burst|ruptured)';
// A pronoun or a name; a name's capital is checked on the match (the patterns ignore case).
const OBJECT = '(?<obj>him|her|them|me|you|it|us|himself|herself|themselves|\\p{L}+)';
const PRONOUN = /^(?:him|her|them|me|you|it|us|himself|herself|themselves)$/i;
// The blades and bolts of the canons fan fiction is written in (ninja, Jedi and samurai stories
// fight with these) beside the common ones.
const FANDOM_WEAPON =
  '(?:kunai|shuriken|senbon|katana|lightsaber|saber|sabre|blaster bolt|bayonet|machete|scalpel|talons?)';
const WEAPON = `(?:blades?|knife|knives|swords?|daggers?|bullets?|arrows?|spears?|claws?|shards?|axe|${FANDOM_WEAPON}s?)`;

// Blood that runs cold, or to the cheeks, or through the veins, is a feeling.
const NOT_BLUSH =
  '(?!\\s+(?:cold|hot)\\b|\\s+(?:\\w+\\s+)?(?:to|into|in|through)\\s+(?:his|her|their|my|your|the)\\s+(?:cheeks?|face|ears?|neck|head|groin|veins|skin))';

const D = (source: string) => new RegExp(source, 'giu');

/** Patterns of depiction, each with its kind and how much one occurrence shows. */
const DEPICTION: [RegExp, DepictionKind, number][] = [
  // Blood that moves or lies somewhere.
  [
    D(
      `\\bblood\\s+(?:\\w+\\s+){0,2}?(?:drip\\w*|pour\\w*|gush\\w*|spurt\\w*|spray\\w*|splatter\\w*|spatter\\w*|pool(?:s|ed|ing)?|puddl\\w*|seep\\w*|soak\\w*|trickl\\w*|stream\\w*|spill\\w*|well(?:s|ed|ing)|ran|runs|running|ooz\\w*|bubbl\\w*|flow\\w*|leak\\w*|smear\\w*|coat\\w*|slick\\w*|sheet\\w*|bloom\\w*|dribbl\\w*|froth\\w*)\\b${NOT_BLUSH}`,
    ),
    'bleeding',
    1.5,
  ],
  [
    D(
      '\\b(?:pools?|puddles?|spray|spatters?|splash(?:es)?|smears?|trickles?|rivulets?|streams?|gouts?|rivers?|slick|mist|fountain|spurts?|drops|droplets|splatters?)\\s+of\\s+(?:\\w+\\s+)?blood\\b',
    ),
    'bleeding',
    1.5,
  ],
  [
    D(
      '\\bblood[- ](?:soaked|slick|stained|spattered|splattered|smeared|streaked|laced|matted|drenched|caked|crusted|covered|slicked|sodden|wet)\\b',
    ),
    'bleeding',
    1.2,
  ],
  [
    D('\\b(?:coughed|coughing|coughs|spat|spit|spits|spitting|vomited|choking on|choked on)\\s+(?:up\\s+)?blood\\b'),
    'bleeding',
    1.5,
  ],
  [D('\\b(?:bleeding|bled|bleeds)\\s+(?:out|heavily|profusely|everywhere|freely|badly|from)\\b'), 'bleeding', 1.2],
  [D('\\b(?:crimson|scarlet)\\s+(?:puddles?|pools?|spray|smears?|streaks?|rivulets?|trickles?)\\b'), 'bleeding', 1.2],
  // Bodies damaged.
  [D(`\\b${DAMAGED}\\s+(?:\\w+\\s+)?${PART}\\b`), 'wound', 1.2],
  [
    D(
      `\\b(?!eyes?\\b|heads?\\b)${PART}\\s+(?:was\\s+|were\\s+|is\\s+|are\\s+|had been\\s+)?(?:torn|ripped|split|sliced|slit|cut|hacked|shattered|crushed|snapped|cracked|severed|mangled|burst|caved|broke(?!\\s+out))(?:\\s+open|\\s+off|\\s+out|\\s+apart|\\s+in)?\\b`,
    ),
    'wound',
    1.2,
  ],
  [
    D(
      '\\b(?:chunks?|pieces?|strips?|shreds?|lumps?|bits?)\\s+of\\s+(?:\\w+\\s+){0,2}?(?:flesh|skin|bone|brain|skull|scalp)\\b',
    ),
    'wound',
    1.5,
  ],
  [
    D(
      '\\b(?:pull(?:s|ed|ing)?|tear(?:s|ing)?|tore|rip(?:s|ped|ping)?|hack(?:s|ed|ing)?|chop(?:s|ped|ping)?|slic(?:e|es|ed|ing)|bit|bites|biting)\\s+(?:\\w+\\s+){0,3}?(?:arms?|legs?|heads?|hands?|fingers?|limbs?|ears?|noses?|faces?)\\s+off\\b',
    ),
    'wound',
    1.8,
  ],
  [
    D(
      '\\bbones?\\s+(?:\\w+\\s+)?(?:snapped|snapping|cracked|cracking|crunched|crunching|shattered|splintered|jutting|protruding|poking|gave way)\\b',
    ),
    'wound',
    1.5,
  ],
  [D('\\b(?:crunch|snap|crack)\\s+of\\s+(?:\\w+\\s+)?bones?\\b'), 'wound', 1.5],
  [
    D(
      '\\b(?:open|gaping|deep|jagged|ragged|bloody|fresh|weeping|festering|oozing|bleeding)\\s+(?:wounds?|gash(?:es)?|lacerations?|stumps?)\\b',
    ),
    'wound',
    1.2,
  ],
  [D('\\b(?:gaping|bloody|bleeding|ragged)\\s+holes?\\s+in\\s+(?:his|her|their|my|your|its)\\b'), 'wound', 1.2],
  [D('\\b(?:entrails|intestines|innards|viscera|brain matter|gore)\\b'), 'wound', 1.5],
  // Blows and killings, told as they happen to someone.
  [
    D(
      `\\b(?:beaten|beat|stabbed|strangled|burned|burnt|kicked|bludgeoned|clubbed|hacked|torn|tore|ripped|mauled|stomped|crushed|cut|blown)\\s+(?:${OBJECT}\\s+)?(?:to (?:death|pieces|shreds|ribbons)|limb from limb|bloody|alive|senseless)\\b`,
    ),
    'killing',
    1.5,
  ],
  [
    D(
      '\\b(?:slamm(?:ed|ing)|smash(?:ed|ing)|bash(?:ed|ing)|crack(?:ed|ing))\\s+(?:his|her|their|my|your)\\s+(?:head|face|skull)\\s+(?:\\w+\\s+)?(?:into|against|on)\\b',
    ),
    'blow',
    1.2,
  ],
  [D('\\bblew\\s+(?:\\w+\\s+)?brains\\s+out\\b|\\bburn(?:ed|t|ing)\\s+alive\\b'), 'killing', 1.5],
  [
    D(
      `\\b${WEAPON}\\s+(?:\\w+\\s+){0,2}?(?:sank|sinks|sinking|slid|slides|tore|tears|ripped|rips|plunged|plunges|buried|pierced|pierces|punched|punches|bit|bites|sliced|slices|cut|cuts|lodged|caught|burned|burns|burnt|seared|sears)\\s+(?:\\w+\\s+)?(?:into|through|across|in)\\s+(?:his|her|their|my|your|its|the)\\b`,
    ),
    'blow',
    1.2,
  ],
  [
    D(
      `\\b(?:drove|drives|driving|plunged|plunges|plunging|sank|sinks|sinking|buried|buries|burying|jammed|rammed|thrust|thrusts)\\s+(?:the|his|her|their|a|my|its)\\s+(?:\\w+\\s+)?(?:blade|knife|sword|dagger|spear|stake|bayonet|claws|${FANDOM_WEAPON})\\s+(?:\\w+\\s+){0,2}?(?:into|through|in)\\b`,
    ),
    'blow',
    1.2,
  ],
  [
    D(
      `\\b(?:stabb(?:ed|ing)|stabs|slash(?:ed|es|ing)|gutt(?:ed|ing)|bludgeon(?:ed|s|ing)|club(?:bed|bing)|impal(?:ed|es|ing)|skewer(?:ed|s|ing)|behead(?:ed|s|ing)|decapitat(?:ed|es|ing)|disembowell?(?:ed|s|ing)|maul(?:ed|s|ing)|strangl(?:ed|es|ing)|throttl(?:ed|es|ing)|eviscerat(?:ed|es|ing)|punch(?:ed|es|ing)|kick(?:ed|s|ing)|smash(?:ed|es|ing)|hack(?:ed|s|ing)|stomp(?:ed|s|ing)|claw(?:ed|s|ing)|beat|beats|beating|pummel+(?:ed|s|ing))\\s+${OBJECT}(?!\\s+(?:to it|at)\\b)`,
    ),
    'blow',
    0.8,
  ],
  [
    D(
      `\\b(?:bludgeoned|mangled|mutilated|dismembered|disembowell?ed|eviscerated|headless|charred|bloated|decapitated|butchered|broken|burnt|burned|bloodied|ruined|trampled|torn)\\s+(?:\\w+\\s+)?(?:body|bodies|corpses?|carcass(?:es)?|remains)\\b`,
    ),
    'wound',
    1.5,
  ],
  [
    D(
      `\\b(?:kill(?:ed|s|ing)|murder(?:ed|s|ing)|slaughter(?:ed|s|ing)|butcher(?:ed|s|ing)|execut(?:ed|es|ing)|massacr(?:ed|es|ing)|slew|slays?|slaying)\\s+${OBJECT}`,
    ),
    'killing',
    0.8,
  ],
  [D(`\\b(?:shot|shoots|shooting)\\s+${OBJECT}\\s+(?:in|through|dead|point-blank|twice|again|between)\\b`), 'blow', 1],
  [
    D(
      '\\b(?:was|were|got|been|being|is|are)\\s+(?:\\w+ly\\s+)?(?:shot|stabbed|slashed|mauled|impaled|beheaded|gutted)\\b',
    ),
    'blow',
    0.8,
  ],
  [D('\\b(?:cut|mowed|gunned|struck|strikes|striking)\\s+(?:\\w+\\s+)?down\\b'), 'killing', 0.8],
  [
    D(
      '\\b(?:slit|slits|slitting|cut|cuts|cutting|tore|tears|ripped|rips)\\s+(?:out\\s+)?(?:his|her|their|the|its)\\s+(?:\\w+\\s+)?throats?\\b',
    ),
    'killing',
    1.5,
  ],
  // What the violence leaves.
  [
    D(
      '\\b(?:corpses?|carcass(?:es)?|dead bod(?:y|ies)|(?:piles?|heaps?|rows?) of (?:\\w+ )?bodies|bodies (?:everywhere|littered|piled|strewn|lay|lying)|dead (?:men|women|soldiers))\\b',
    ),
    'remains',
    0.6,
  ],
];

// A threat, a condition, a wish or a memory mentions violence rather than showing it.
const NOT_SHOWN =
  /\b(?:if|unless|would|could(?!\s+(?:feel|see|hear|taste|smell|only|barely|just|still)\b)|might|should|will|shall|won['’]t|wouldn['’]t|['’]ll|gonna|going to|want(?:s|ed)? to|tried to|try to|trying to|threat\w*|promis\w*|about to|almost|nearly|never|imagin\w*|dream\w*|remember\w*|recall\w*|used to|or else|afraid|fear\w*|worried)\b[^.!?\n]{0,60}$/i;

// "There was no broken bone"; "he had killed before": denied, or told as what happened earlier.
const NEGATED = /\b(?:no|not|never|without|n['’]t)\s+(?:\w+\s+)?$/i;
const EARLIER = /\b(?:had|['’]d)\s+(?:been\s+)?(?:\w+ly\s+)?$/i;
/** A blow or a killing told in the past tense. */
const PAST_ACT = /^(?:\w+ed|slew|shot|struck|tore|bit|was|were|got|been)\b/i;
/** What one of the rating's gore words weighs beside a depiction pattern. */
const GORE_WEIGHT = 0.7;

/** Gore words that name violence ("a massacre", "torture") rather than show it, and their weight. */
const NAMING = new Set(['massacre*', 'slaughter*', 'torture', 'tortured', 'torturing', 'bloodbath']);
const NAMING_WEIGHT = 0.35;

/** How much a depiction in quoted speech weighs: a character telling of violence is not a scene. */
const SPEECH_WEIGHT = 0.25;
/** How much one that is threatened, wished, imagined or remembered weighs. */
const NOT_SHOWN_WEIGHT = 0.3;
/** Words per window in which the densest depiction is measured, and the least a text is judged on. */
const WINDOW_WORDS = 1200;
const MIN_WORDS = 600;

// Every pattern above holds one of these words; only the text around them is searched.
const TRIGGER =
  /\b(?:blood\w*|bleed\w*|bled|crimson|scarlet|torn|broke|tore|tearing|ripp\w*|rips?|split\w*|shatter\w*|crush\w*|broken|snap\w*|crack\w*|sever\w*|mangl\w*|gaping|slash\w*|charred|blister\w*|pulped|caved|dislocat\w*|splinter\w*|punctur\w*|pierc\w*|lacerat\w*|goug\w*|flay\w*|skinned|smash\w*|gash\w*|burst|ruptur\w*|slic\w*|slit\w*|cut\w*|hack\w*|flesh|meat|skin|bones?|brains?|skull|scalp|pull\w*|tear\w*|tore|chop\w*|bit|bites?|biting|crunch\w*|wounds?|lacerations?|holes?|stumps?|entrails|intestines|innards|viscera|gore|stab\w*|gutt\w*|bludgeon\w*|club\w*|impal\w*|skewer\w*|behead\w*|decapitat\w*|disembow\w*|maul\w*|strangl\w*|throttl\w*|eviscerat\w*|punch\w*|kick\w*|stomp\w*|claw\w*|beat\w*|pummel\w*|shot|shoots?|shooting|mutilat\w*|dismember\w*|headless|bloated|butcher\w*|burnt|burned|ruined|trampled|kill\w*|murder\w*|slaughter\w*|execut\w*|massacr\w*|slew|slay\w*|mowed|gunned|struck|strik\w*|throats?|blades?|knife|knives|swords?|daggers?|bullets?|arrows?|spears?|kunai|shuriken|senbon|katanas?|lightsabers?|sab(?:er|re)s?|bolts?|bayonets?|machetes?|scalpels?|talons?|teeth|fangs|shards?|axe|drove|drives|driving|plung\w*|sank|sinks|sinking|buri\w*|jammed|rammed|thrust\w*|beaten|bash\w*|slamm\w*|blew|blown|alive|corpses?|carcass\w*|bod(?:y|ies)|dead)\b/gi;
/** Characters searched either side of a trigger word. */
const PAD = 120;

/** [start, end) stretches of PAD characters around the trigger words, merged. */
function triggerWindows(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of matchAll(text, TRIGGER)) {
    const s = Math.max(0, m.start - PAD);
    const e = Math.min(text.length, m.end + PAD);
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Whether hits[0..n), sorted and apart, holds one overlapping [start, end). */
function overlaps(hits: { start: number; end: number }[], n: number, start: number, end: number): boolean {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = hits[mid]!;
    if (h.end <= start) lo = mid + 1;
    else if (h.start >= end) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Whether the narration around `at` is in the present tense, so that a past-tense act is backstory. */
function toldInPresent(text: string, at: number): boolean {
  const around = text.slice(Math.max(0, at - TENSE_SPAN), at + TENSE_SPAN);
  return detectTense(around).tense === 'present';
}
/** Characters either side of an act read for the tense of its passage. */
const TENSE_SPAN = 1500;

/** Weighted depiction per 1,000 words from which a scene reads as graphic (AO3's warning). */
export const GRAPHIC_DEPICTION = 2.25;

/** Whether the densest stretch shows violence graphically: dense enough, and more than one cue. */
export function isGraphic(g: ViolenceGrade): boolean {
  return g.graphic >= GRAPHIC_DEPICTION && g.cues >= 2;
}

export interface ViolenceGrade {
  /** Depiction hits, weighted for how directly they are told. */
  hits: (Hit & { kind: DepictionKind })[];
  /** Weighted depiction per 1,000 words in the densest window. */
  graphic: number;
  /** Distinct kinds of depiction in that window, and its cues, counting those told as shown. */
  kinds: number;
  cues: number;
}

/**
 * The depiction of violence in `text`; `gore` are the rating lexicon's gore hits, which count too,
 * at a little less. rating.ts calls this once per text, inside its own scan.
 */
export function gradeViolence(text: string, gore: Hit[]): ViolenceGrade {
  const speech = speechRanges(text);
  const hits: (Hit & { kind: DepictionKind })[] = [];
  const weigh = (kind: DepictionKind, weight: number, start: number, end: number) => {
    const before = text.slice(Math.max(0, start - 80), start);
    const sentence = before.slice(before.search(/[^.!?\n]*$/));
    let w = weight;
    if (inSpeech(speech, start)) w *= SPEECH_WEIGHT;
    else if (NOT_SHOWN.test(sentence) || NEGATED.test(sentence) || EARLIER.test(sentence)) w *= NOT_SHOWN_WEIGHT;
    else if (
      (kind === 'blow' || kind === 'killing') &&
      PAST_ACT.test(text.slice(start, end)) &&
      toldInPresent(text, start)
    )
      w *= NOT_SHOWN_WEIGHT;
    hits.push({ category: 'depiction', kind, cue: text.slice(start, end).toLowerCase(), weight: w, start, end });
  };
  // The patterns run only around their trigger words: a novel is mostly quiet.
  for (const [ws, we] of triggerWindows(text)) {
    const window = text.slice(ws, we);
    // One stretch of text is one cue, whichever pattern saw it first.
    const taken: [number, number][] = [];
    for (const [re, kind, weight] of DEPICTION) {
      for (const m of matchAll(window, re)) {
        const obj = m.m.groups?.obj;
        if (obj && !PRONOUN.test(obj) && !/^\p{Lu}/u.test(obj)) continue;
        if (taken.some(([s, e]) => m.start < e && m.end > s)) continue;
        taken.push([m.start, m.end]);
        weigh(kind, weight, ws + m.start, ws + m.end);
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const patterned = hits.length;
  for (const h of gore) {
    if (overlaps(hits, patterned, h.start, h.end)) continue;
    weigh('gore', h.weight * (NAMING.has(h.cue) ? NAMING_WEIGHT : GORE_WEIGHT), h.start, h.end);
  }
  hits.sort((a, b) => a.start - b.start);
  const words = tokenize(text).length;
  const perWord = Math.max(1, text.length / Math.max(1, words));
  let best = 0;
  let bestKinds = 0;
  let bestCues = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < hits.length; hi++) {
    sum += hits[hi]!.weight;
    while ((hits[hi]!.start - hits[lo]!.start) / perWord > WINDOW_WORDS) sum -= hits[lo++]!.weight;
    if (sum > best) {
      best = sum;
      const shown = hits.slice(lo, hi + 1).filter((h) => h.weight >= 0.5);
      bestKinds = new Set(shown.map((h) => h.kind)).size;
      bestCues = shown.length;
    }
  }
  const span = Math.max(MIN_WORDS, Math.min(WINDOW_WORDS, words));
  return { hits, graphic: (best * 1000) / span, kinds: bestKinds, cues: bestCues };
}

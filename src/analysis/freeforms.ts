// AO3-style additional tags ("freeforms") from lexicons of cues. Conservative by design: each tag
// needs several distinct cues at a density that grows with the text's length, since a novel says
// "tears" a hundred times without being Angst. An author's note that names a tag outright
// ("Fluff", "set during 3x21, AU from there") counts most.

import type { CanonIndex } from './canon-types.ts';
import type { Evidence, Proposal } from './types.ts';
import { Lexicon, clamp01, evidenceFromHits, matchAll, quoteAround, saturate, tokenize, type Hit } from './evidence.ts';
import { scanContent, sexLevel, violenceDensity } from './rating.ts';

/** Peak violence density (see rating.ts) from which "Violence" becomes a tag of its own. */
const VIOLENCE_TAG_DENSITY = 15;

export interface FreeformContext {
  /** The text as posted, notes included; the story text has them blanked. */
  full?: string;
  fandoms?: Proposal[];
  canon?: CanonIndex | null;
  relationships?: Proposal[];
  warnings?: Proposal[];
  /** False for a text not in English: the cue lexicons are English, so only notes and episode codes count. */
  english?: boolean;
}

/** A tag's rule: cue category in LEXICON, minimum summed weight, minimum per 1,000 words, distinct cues. */
interface Rule {
  tag: string;
  min: number;
  per1000: number;
  distinct: number;
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

const LEXICON = new Lexicon({
  Angst: {
    tears: 0.8,
    cry: 0.6,
    cried: 0.8,
    crying: 0.8,
    cries: 0.6,
    'sob*': 0.9,
    'weep*': 1,
    wept: 1,
    'heartbreak*': 1.5,
    heartbroken: 1.5,
    'broken heart': 1.5,
    'despair*': 1.2,
    'anguish*': 1.2,
    agony: 0.8,
    lonely: 0.8,
    loneliness: 1,
    alone: 0.3,
    miserable: 0.8,
    misery: 0.8,
    'guilt*': 0.6,
    'regret*': 0.6,
    'suffer*': 0.6,
    'devastat*': 1,
    'hopeless*': 1,
    grief: 0.8,
    grieve: 0.8,
    ache: 0.5,
    aching: 0.5,
    hurts: 0.4,
    pain: 0.4,
    painful: 0.5,
    cruel: 0.5,
    numb: 0.6,
    empty: 0.4,
    emptiness: 0.8,
    'never see': 0.8,
    goodbye: 0.6,
    'lose her': 0.6,
    'lose him': 0.6,
    'losing her': 0.6,
    'losing him': 0.6,
    darkness: 0.4,
    'sorrow*': 1,
    tearful: 0.8,
    'hate herself': 0.8,
    'hate himself': 0.8,
    'hating herself': 0.8,
    'hating himself': 0.8,
  },
  Fluff: {
    'giggl*': 1,
    'laugh*': 0.4,
    'smil*': 0.3,
    'grin*': 0.3,
    'cuddl*': 1,
    'snuggl*': 1,
    sweet: 0.4,
    adorable: 1,
    cute: 0.6,
    happy: 0.4,
    happily: 0.6,
    'blush*': 0.5,
    cozy: 1,
    cosy: 1,
    warmth: 0.4,
    'tease*': 0.4,
    teasing: 0.4,
    'beam*': 0.5,
    'delight*': 0.6,
    'playful*': 0.7,
    'fond*': 0.6,
    'kiss*': 0.2,
    gentle: 0.3,
    perfect: 0.3,
  },
  hurt: {
    'wound*': 1,
    'injur*': 1,
    bleeding: 1,
    'bullet*': 0.8,
    agony: 1,
    pain: 0.5,
    hurt: 0.5,
    hurting: 0.8,
    'cries out': 1,
    'cried out': 1,
    'bruis*': 0.8,
    'fever*': 1,
    sick: 0.5,
    broken: 0.4,
    tortured: 1,
    weak: 0.5,
    'nightmare*': 0.8,
    'panic attack*': 1.5,
    'trauma*': 1,
    stitches: 1,
    'bandage*': 1,
    limp: 0.4,
    'faint*': 0.6,
  },
  comfort: {
    'comfort*': 1.5,
    'sooth*': 1,
    hush: 0.8,
    'held her': 0.8,
    'held him': 0.8,
    'holds her': 0.8,
    'holds him': 0.8,
    'holding her': 0.8,
    'holding him': 0.8,
    'embrace*': 0.8,
    'reassur*': 1,
    "it's okay": 0.8,
    "it's going to be okay": 1.2,
    "you're safe": 1.2,
    safe: 0.5,
    'stroked her hair': 1,
    'stroking her hair': 1,
    'strokes her hair': 1,
    'pets her': 0.8,
    tucks: 0.5,
    tucked: 0.5,
    'cleans her up': 1,
    'cleaned her up': 1,
    'took care of': 1,
    'takes care of': 1,
    gently: 0.3,
    wipes: 0.3,
    blanket: 0.4,
    "i've got you": 1.2,
    "i'm here": 1,
    shh: 0.8,
  },
  'Established Relationship': {
    'their bed': 1.5,
    'our bed': 1.5,
    'their house': 1,
    'our house': 1,
    'their home': 1,
    'our home': 1,
    'their apartment': 1,
    'our apartment': 1,
    'after all this time': 1,
    'after all these years': 1,
    'years together': 1.5,
    anniversary: 1.5,
    husband: 0.8,
    wife: 0.8,
    married: 0.6,
    'every morning': 0.5,
    'as always': 0.3,
    'together for': 0.8,
    'been together': 1.2,
    'years ago': 0.3,
    decades: 0.5,
    'their life': 0.8,
    'their lives': 0.6,
    'i love you': 0.6,
    'as often as': 0.4,
    'their wedding': 1,
    honeymoon: 1,
  },
  'Break Up': {
    'break up': 3,
    'broke up': 3,
    'breaking up': 3,
    breakup: 3,
    'break-up': 3,
    'walk away from her': 2,
    'walk away from him': 2,
    'walked away from her': 2,
    'walked away from him': 2,
    'walk away': 1,
    'leave her': 1.5,
    'leave him': 1.5,
    'left her': 0.8,
    'left him': 0.8,
    'a letter': 0.5,
    "it's over": 2,
    "we're done": 2,
    'divorce*': 2,
    'ended things': 2,
    'end things': 2,
    'ex-boyfriend': 1,
    'ex-girlfriend': 1,
    'ex-husband': 1,
    'ex-wife': 1,
    'never have her again': 2,
    'never have him again': 2,
    'without him': 0.5,
    'without her': 0.5,
    heartbroken: 0.5,
  },
  // A road trip is travel (the trip) by car (the road): both halves must be there.
  'Road Trip': {
    'road trip': 4,
    roadtrip: 4,
    traveling: 1,
    travelling: 1,
    'cross-country': 1.5,
    motel: 1.2,
    motels: 1.2,
    'state line': 1.2,
    'state lines': 1.2,
    'on the road': 1.2,
    'rest stop': 1.5,
    'mile marker': 1.2,
    interstate: 1.2,
    highway: 1,
    'gas station': 1.2,
    'road signs': 1,
    freeway: 1,
  },
  car: {
    'passenger seat': 1,
    "passenger's side": 1,
    'passenger side': 1,
    "driver's seat": 0.8,
    ignition: 0.8,
    'buckle up': 1,
    seatbelt: 0.8,
    'the road': 0.6,
    drove: 0.3,
    drives: 0.3,
    driving: 0.3,
    'the car': 0.3,
    radio: 0.3,
    windshield: 0.6,
    'steering wheel': 0.6,
    map: 0.4,
    miles: 0.4,
    gas: 0.4,
    diner: 0.6,
    trunk: 0.4,
  },
  'Leaving Home': {
    'leave home': 3,
    'left home': 3,
    'leaving home': 3,
    'leave town': 2,
    'left town': 2,
    'leaving town': 2,
    'have to leave': 1.5,
    'has to leave': 1.5,
    'move away': 1.5,
    'moved away': 1.5,
    'moving away': 1.5,
    'packed her bags': 1.5,
    'packed his bags': 1.5,
    'pack her bags': 1.5,
    suitcase: 0.8,
    'new life': 1.2,
    'start a life': 1.2,
    'start over': 1.2,
    'never come back': 1.2,
    'never coming back': 1.2,
    'get out of': 0.5,
    airport: 0.6,
    escape: 0.6,
    'little town': 0.8,
    hometown: 1,
    'home town': 1,
  },
  'Deal with the Devil': {
    'deal with the devil': 4,
    'made a deal': 2,
    'make a deal': 2,
    'making a deal': 2,
    'strike a deal': 2,
    'struck a deal': 2,
    'a deal': 1,
    'the deal': 1,
    'our deal': 1.5,
    'bargain*': 1.5,
    'in exchange for': 1.5,
    'in exchange': 1,
    'in return': 0.6,
    'the terms': 1,
    'owe me': 1,
    'you owe': 0.8,
    'a favor': 0.6,
    'a favour': 0.6,
    'the price': 1,
    'sold his soul': 3,
    'sold her soul': 3,
    contract: 0.6,
    agreement: 0.6,
    'his terms': 1,
    'my terms': 1,
    conditions: 1,
    'stipulation*': 1.5,
    'if i agree': 1.5,
    'if you agree': 1.5,
  },
  'First Kiss': {
    'first kiss': 3,
    'kissed for the first time': 3,
    'never kissed': 1.5,
    'first time he kissed': 3,
    'first time she kissed': 3,
  },
  'Friends to Lovers': {
    'friends to lovers': 4,
    'more than friends': 3,
    'just friends': 1.5,
    'best friend': 0.8,
    'best friends': 0.8,
    friendship: 0.6,
  },
  'Enemies to Lovers': {
    'enemies to lovers': 4,
    enemy: 1,
    enemies: 1,
    'hated him': 1,
    'hated her': 1,
    rival: 1,
    rivals: 1,
    rivalry: 1.2,
    nemesis: 1.5,
    'loathe*': 0.8,
    'despise*': 0.8,
  },
  Vampires: {
    vampire: 1,
    vampires: 1,
    vampiric: 1,
    fangs: 0.8,
    'blood bag*': 1,
    undead: 1,
    bloodlust: 1,
    sired: 0.5,
    'turned her': 0.3,
  },
  Werewolves: {
    werewolf: 1.2,
    werewolves: 1.2,
    'full moon': 1,
    'lycan*': 1.2,
    'the pack': 0.6,
    alpha: 0.4,
    shifted: 0.3,
    'howl*': 0.4,
  },
  Magic: {
    magic: 0.8,
    magical: 0.8,
    spell: 1,
    spells: 1,
    witch: 0.8,
    witches: 0.8,
    'wizard*': 0.8,
    wand: 0.8,
    'enchant*': 1,
    'sorcer*': 1,
    'incantation*': 1.2,
    'potion*': 0.8,
    'hex*': 0.6,
    'curse*': 0.5,
    mage: 1,
    'rune*': 0.8,
  },
  Humor: {
    'laugh*': 0.3,
    'joke*': 0.8,
    'snort*': 0.8,
    ridiculous: 0.6,
    hilarious: 1,
    absurd: 0.6,
    deadpan: 1,
    'sarcas*': 0.6,
    'banter*': 1,
    'eye-roll': 0.6,
    'rolled his eyes': 0.5,
    'rolled her eyes': 0.5,
    'rolls his eyes': 0.5,
    'rolls her eyes': 0.5,
    'prank*': 1,
  },
  'Time Travel': {
    'time travel*': 3,
    'time-travel*': 3,
    'back in time': 2.5,
    'traveled back': 2,
    'travelled back': 2,
    'sent back': 1,
    'from the future': 2,
    'the future': 0.3,
    timeline: 1.5,
    timelines: 1.5,
    'time loop': 3,
    'second chance': 1,
    'do-over': 1.5,
    'years younger': 1.5,
    'younger body': 2,
    'future knowledge': 2,
    'change the future': 2,
    'changed the future': 2,
    'changing the future': 2,
    'the first time around': 2,
    'last time around': 2,
    'this time around': 1,
    'in his first life': 2,
    'in her first life': 2,
    'his past life': 1.5,
    'her past life': 1.5,
  },
  'Grief/Mourning': {
    funeral: 2,
    'mourn*': 2,
    grief: 1.5,
    'griev*': 1.5,
    'passed away': 1.5,
    'his death': 1,
    'her death': 1,
    'widow*': 1.5,
    eulogy: 2,
    cemetery: 1,
    headstone: 1.5,
    gravestone: 1.5,
    'condolence*': 1.5,
    buried: 1,
    memorial: 1,
    wake: 0.2,
    died: 0.6,
    dead: 0.3,
    loss: 0.6,
    'miss him': 0.8,
    'miss her': 0.8,
    'missed him': 0.8,
    'missed her': 0.8,
  },
});

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
    when: (c) => (c.scores.get('Road Trip') ?? 0) >= 2 && (c.scores.get('car') ?? 0) >= 2,
  },
  { tag: 'Leaving Home', min: 5, per1000: 1, distinct: 3 },
  { tag: 'Deal with the Devil', min: 4.5, per1000: 1, distinct: 3 },
  { tag: 'First Kiss', min: 3, per1000: 0, distinct: 1, when: (c) => c.romance },
  {
    tag: 'Friends to Lovers',
    min: 3,
    per1000: 0,
    distinct: 1,
    when: (c) =>
      c.romance && (c.distinct.get('Friends to Lovers') ?? 0) >= 1 && (c.scores.get('Friends to Lovers') ?? 0) >= 3,
  },
  { tag: 'Enemies to Lovers', min: 4, per1000: 0.5, distinct: 2, when: (c) => c.romance },
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
  { tag: 'Time Travel', min: 5, per1000: 0.8, distinct: 3 },
];

// Episode codes and seasons ("3x21", "season 2", "S04E12") near a sign of divergence.
const EPISODE =
  /\b(?:\d{1,2}x\d{1,2}|s\d{1,2}\s?e\d{1,2}|(?:season|series)\s+(?:\d{1,2}|one|two|three|four|five|six|seven|eight)|(?:post|pre|mid)-(?:season|series|canon|war|finale))\b/gi;
const DIVERGE =
  /\b(?:AU|alternate universe|canon[- ]divergen\w*|diverge\w*|divergence|what if|instead of|never happened|goes differently|fix-?it)\b/g;
const MODERN = /\b(?:modern(?:-day)?\s+(?:AU|setting|day AU)|AU\s*[-–:]\s*modern|set in the present day)\b/gi;

// Tags named outright in notes or summary ("Warnings: angst, fluff").
const NAMED_TAGS: [RegExp, string][] = [
  [/\bangst(?:y)?\b/gi, 'Angst'],
  [/\bfluff(?:y)?\b/gi, 'Fluff'],
  [/\bhurt\s*\/\s*comfort\b|\bh\/c\b/gi, 'Hurt/Comfort'],
  [/\bsmut(?:ty)?\b|\bPWP\b/g, 'Smut'],
  [/\broad ?trip\b/gi, 'Road Trip'],
  [/\bfirst kiss\b/gi, 'First Kiss'],
  [/\bfriends to lovers\b/gi, 'Friends to Lovers'],
  [/\benemies to lovers\b/gi, 'Enemies to Lovers'],
  [/\bestablished relationship\b/gi, 'Established Relationship'],
  [/\b(?:humou?r|crack(?:fic)?)\b/gi, 'Humor'],
  [/\bslow[- ]?(?:burn|build)\b/gi, 'Slow Burn'],
  [/\bfix[- ]?it\b/gi, 'Fix-It'],
  [/\btime[- ]?travel\w*\b/gi, 'Time Travel'],
  [/\bcanon[- ]typical violence\b/gi, 'Canon-Typical Violence'],
  [/\bmutual pining\b/gi, 'Mutual Pining'],
  [/\bpining\b/gi, 'Pining'],
  [/\bhappy ending\b/gi, 'Happy Ending'],
  [/\bslice of life\b/gi, 'Slice of Life'],
  [/\bdomestic(?:ity)?\b/gi, 'Domestic'],
  [/\bgrief\b|\bmourning\b/gi, 'Grief/Mourning'],
  [/\bworld ?building\b/gi, 'Worldbuilding'],
  [/\bfound family\b/gi, 'Found Family'],
];

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

export function detectFreeforms(text: string, ctx: FreeformContext = {}): Proposal[] {
  const full = ctx.full ?? text;
  const tokens = tokenize(text);
  const words = Math.max(1, tokens.length);
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
  // The road trip's two halves are scored together.
  scores.set(
    'Angst',
    (scores.get('Angst') ?? 0) + 0.5 * ((scores.get('Break Up') ?? 0) + (scores.get('Grief/Mourning') ?? 0)),
  );
  const roadTrip = (scores.get('Road Trip') ?? 0) + (scores.get('car') ?? 0);
  const roadDistinct = (distinct.get('Road Trip') ?? 0) + (distinct.get('car') ?? 0);
  const context: Context = {
    scores,
    distinct,
    romance: (ctx.relationships ?? []).some((r) => r.name.includes('/')),
    fanWork: (ctx.fandoms ?? []).length > 0,
    words,
  };

  const out = new Map<string, Proposal>();
  const propose = (tag: string, confidence: number, evidence: Evidence[]) => {
    const prev = out.get(tag);
    if (!prev || prev.confidence < confidence) out.set(tag, { name: tag, confidence: clamp01(confidence), evidence });
  };

  const english = ctx.english !== false;
  for (const rule of english ? RULES : []) {
    const score = rule.tag === 'Road Trip' ? roadTrip : (scores.get(rule.tag) ?? 0);
    const dist = rule.tag === 'Road Trip' ? roadDistinct : (distinct.get(rule.tag) ?? 0);
    const need = Math.max(rule.min, (rule.per1000 * words) / 1000);
    if (score < need || dist < rule.distinct) continue;
    if (rule.when && !rule.when(context)) continue;
    const cues =
      rule.tag === 'Road Trip'
        ? [...(byTag.get('Road Trip') ?? []), ...(byTag.get('car') ?? [])]
        : (byTag.get(rule.tag) ?? []);
    propose(rule.tag, 0.35 + 0.5 * saturate(score / need - 1 + 0.3, 1), evidenceFromHits(text, cues, 3));
  }

  // Hurt/Comfort needs both halves.
  const hurt = scores.get('hurt') ?? 0;
  const comfort = scores.get('comfort') ?? 0;
  const hcNeed = Math.max(4, (1.5 * words) / 1000);
  if (english && hurt >= hcNeed && comfort >= hcNeed && (distinct.get('comfort') ?? 0) >= 3) {
    const ev = [
      ...evidenceFromHits(text, byTag.get('hurt') ?? [], 1),
      ...evidenceFromHits(text, byTag.get('comfort') ?? [], 2),
    ];
    propose('Hurt/Comfort', 0.35 + 0.5 * saturate(Math.min(hurt, comfort) / hcNeed - 0.7, 1), dedupe(ev));
  }

  // Content tags from the shared content scan.
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

  // A main character's death in a fan work is, nearly always, a canon character's.
  const death = (ctx.warnings ?? []).find((w) => w.name === 'Major Character Death');
  if (death && context.fanWork)
    propose('Canon Character Death', clamp01(death.confidence * 0.85), death.evidence.slice(0, 2));

  // Canon divergence: an episode or season reference with a sign of divergence, anywhere in the
  // text (notes usually carry it).
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

  // Tags the author names in notes or summary: only where the story text is blanked.
  if (full !== text) {
    for (const [re, tag] of NAMED_TAGS) {
      for (const m of matchAll(full, re)) {
        if (text.slice(m.start, m.end) === m.m[0]) continue;
        propose(tag, 0.8, [quoteAround(full, m.start, m.end)]);
        break;
      }
    }
  }

  // Hurt/Comfort's hurt half is pain and tears too; Angst beside it needs twice the evidence.
  if (out.has('Hurt/Comfort') && out.has('Angst') && (scores.get('Angst') ?? 0) < 2 * Math.max(9, (3.5 * words) / 1000))
    out.delete('Angst');

  return [...out.values()].sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

function dedupe(evs: Evidence[]): Evidence[] {
  const out: Evidence[] = [];
  for (const e of evs) if (!out.some((o) => e.start < o.end && o.start < e.end)) out.push(e);
  return out.sort((a, b) => a.start - b.start);
}

// AO3's archive warnings. Each is proposed only on strong, specific evidence, because a warning
// that is not there misleads readers as much as one that is missing; with none of the four,
// "No Archive Warnings Apply". "Creator Chose Not To Use Archive Warnings" is the author's choice.

import type { ArchiveWarning, Evidence, Proposal } from './types.ts';
import {
  Lexicon,
  clamp01,
  evidenceFromHits,
  inSpeech,
  matchAll,
  nameMentions,
  quoteAround,
  saturate,
  speechRanges,
  type Hit,
} from './evidence.ts';
import { scanContent, sexLevel, violenceTheme, type ContentScan } from './rating.ts';
import { GRAPHIC_DEPICTION, isGraphic } from './violence.ts';

/** The characters the death check looks for; CharacterProposal fits. */
export interface NamedCharacter {
  name: string;
  aliases: string[];
  onPage: boolean;
  mentions: number;
}

const NONCON = new Lexicon({
  strong: {
    rape: 2,
    raped: 2,
    raping: 2,
    rapist: 2,
    rapes: 2,
    'non-con': 2,
    noncon: 2,
    'non-consensual': 2,
    nonconsensual: 2,
    'sexual assault': 2,
    'sexually assaulted': 2,
    'molest*': 2,
    'forced himself on': 2,
    'forced herself on': 2,
    'forced themselves on': 2,
  },
  weak: {
    'against her will': 1,
    'against his will': 1,
    "didn't consent": 1,
    'without consent': 1,
    'without her consent': 1.5,
    'without his consent': 1.5,
    'begged him to stop': 1,
    'begged her to stop': 1,
    'pinned her down': 0.5,
    'held her down': 0.5,
  },
});

const NUM = '(?:twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eleven|ten|nine|eight|1[0-7]|[5-9])';
// "a fifteen-year-old", "she was only sixteen", "aged 14", "underage".
const MINOR = new RegExp(
  `\\b(?:${NUM}[- ]years?[- ]old\\b|aged ${NUM}\\b|(?:she|he|they|i|you) (?:was|is|were|are|am|'s|'re) (?:only |just |barely |still )?${NUM}\\b(?![- ](?:minutes|hours|days|weeks|months|feet|foot|inches|miles|percent|times))|under-?age|(?:sixteenth|fifteenth|fourteenth|thirteenth) birthday)`,
  'gi',
);

/** Ways of saying a named character is dead, each with how much it says on its own; group 1 is the name. */
function deathPatterns(names: string[]): [RegExp, number][] {
  const alt = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const N = `(${alt})`;
  return [
    [new RegExp(`\\b${N}\\s+(?:was|is|lay|lies)\\s+(?:already\\s+)?dead\\b`, 'g'), 1.5],
    [
      new RegExp(
        `\\b${N}\\s+(?:died|had died|has died|passed away|breathed (?:his|her|their) last|stopped breathing|never woke up)\\b`,
        'g',
      ),
      1.2,
    ],
    [new RegExp(`\\b(?:killed|murdered|slew|buried|mourned)\\s+${N}\\b`, 'g'), 1],
    [new RegExp(`\\b${N}\\s+(?:was|had been)\\s+(?:killed|murdered|slain|executed)\\b`, 'g'), 1.2],
    [
      new RegExp(
        `\\b${N}'s\\s+(?:funeral|grave|corpse|lifeless body|dead body|body went (?:limp|still|cold)|last breath)\\b`,
        'g',
      ),
      1.2,
    ],
    [new RegExp(`\\b${N}'s\\s+death\\b`, 'g'), 0.5],
  ];
}

// Every pattern above turns on one of these words: only the text around them is searched.
const DEATH_WORD =
  /\b(?:dead|died|passed away|breathed|breathing|woke|killed|murdered|slew|slain|buried|mourned|executed|funeral|grave|corpse|lifeless|body|death|last breath)\b/g;

/** [start, end) stretches of ±`pad` characters around the death words, merged. */
function deathWindows(text: string, pad: number): [number, number][] {
  const out: [number, number][] = [];
  for (const m of matchAll(text, DEATH_WORD)) {
    const s = Math.max(0, m.start - pad);
    const e = Math.min(text.length, m.end + pad);
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

// "if Elena died", "would have killed Elena", "almost died": hypotheticals and near misses.
const HYPOTHETICAL =
  /\b(?:if|unless|would|could|might|should|almost|nearly|before|until|wanted|want|wants|rather|let|afraid|fear|worried|whether|never)\b[^.!?]{0,30}$/i;

// "Elena had died", "he remembered Elena's funeral": the past before the story's own.
const BACKSTORY = /\bhad (?:died|been killed|been murdered|been slain|been executed|passed away)\b/i;
const REMEMBERED = /\b(?:remember\w*|recall\w*|years|long ago|since)\b[^.!?]{0,30}$/i;

function proposal(name: ArchiveWarning, confidence: number, evidence: Evidence[]): Proposal {
  return { name, confidence: clamp01(confidence), evidence };
}

/**
 * Graphic Depictions Of Violence: a stretch dense with violence told as it happens (blood, wounds,
 * blows, killings in the narration), not violence mentioned, threatened or remembered.
 */
function graphicViolence(text: string, scan: ContentScan): Proposal | null {
  const grade = scan.depiction;
  if (!isGraphic(grade)) return null;
  const shown = grade.hits.filter((h) => h.weight >= 0.5);
  return proposal(
    'Graphic Depictions Of Violence',
    0.6 + 0.35 * saturate(grade.graphic - GRAPHIC_DEPICTION + 1, 3),
    evidenceFromHits(text, shown, 3),
  );
}

// A death written without the word: the breath that does not come, the cold hand, the body.
const DEATH_SCENE: [RegExp, number][] = [
  [
    /\b(?:breath\w*|chest)\b[^.!?]{0,80}\band then (?:he |she |they )?(?:doesn't|didn't|did not|does not|stopped|stops)\b/gi,
    2.5,
  ],
  [/\band then (?:he|she|they) (?:didn't|did not|doesn't|does not) (?:breathe|move)\b/gi, 2.5],
  [/\b(?:stopped|stops) breathing\b|\bbreathed (?:his|her|their) last\b|\b(?:his|her|their) last breath\b/gi, 2],
  [
    /\b(?:[Hh]is|[Hh]er|[Tt]heir|\p{Lu}\p{L}+['’]s) (?:cold|lifeless|limp|still) (?:hand|hands|body|fingers|face|form)\b/gu,
    1.5,
  ],
  [
    /\beyes\b[^.!?]{0,40}\b(?:gone dark|went dark|glassy|unseeing|empty and fixed|fixed and empty|gone still|went still)\b/gi,
    1.5,
  ],
  [/\b(?:over|beside|with) the body\b|\bthe (?:dead )?body of\b/gi, 1],
  [/\bknew (?:she|he|they) (?:was|were) gone\b|\b(?:she|he)['’]s gone\b/gi, 1.5],
  [/\b(?:was|is|lay|lies) dead\b|\bdied\b|\bpassed away\b/gi, 1],
  [/\bfuneral\b|\bburied (?:him|her|them)\b|\bhis grave\b|\bher grave\b/gi, 1],
];

/** Main characters: on the page and named at least three times. */
function mainCharacters(characters: NamedCharacter[]): NamedCharacter[] {
  return characters.filter((c) => c.onPage && c.mentions >= 3);
}

function characterDeath(text: string, characters: NamedCharacter[]): Proposal | null {
  // Only characters the story is about: a death in backstory ("he killed Jenna") is no warning.
  const main = mainCharacters(characters);
  if (!main.length) return null;
  const speech = speechRanges(text);
  const spans: { start: number; end: number; weight: number }[] = [];

  // 1. A named character's death, said outright.
  let named = 0;
  const byName = new Map<string, number>();
  main.forEach((c, who) => {
    for (const n of [c.name, ...c.aliases]) if (n.length > 1 && !byName.has(n)) byName.set(n, who);
  });
  if (byName.size) {
    const patterns = deathPatterns([...byName.keys()].sort((a, b) => b.length - a.length));
    for (const [ws, we] of deathWindows(text, 60)) {
      const window = text.slice(ws, we);
      for (const [re, weight] of patterns) {
        for (const m of matchAll(window, re)) {
          const start = ws + m.start;
          const before = text.slice(Math.max(0, start - 40), start);
          if (HYPOTHETICAL.test(before)) continue;
          let w = inSpeech(speech, start) ? weight / 2 : weight;
          // A death the story recounts from before it began is backstory, not a death it tells.
          if (BACKSTORY.test(m.m[0]) || REMEMBERED.test(before)) w *= 0.4;
          named += w;
          spans.push({ start, end: ws + m.end, weight: w });
        }
      }
    }
  }
  if (named >= 2)
    return proposal('Major Character Death', 0.4 + 0.5 * saturate(named - 1, 2), evidenceFromHits(text, spans, 3));

  // 2. A death scene: its cues go to the main characters named just before them, and count only
  // for one the story hardly names afterwards (the dead do not go on acting).
  const mentions = nameMentions(text, main);
  const total = main.map((_, i) => mentions.filter((m) => m.who === i).length);
  const score = main.map(() => 0);
  const scene: { start: number; end: number; weight: number }[] = [];
  for (const [re, weight] of DEATH_SCENE) {
    for (const m of matchAll(text, re)) {
      if (inSpeech(speech, m.start)) continue;
      const before = text.slice(Math.max(0, m.start - 40), m.start);
      if (HYPOTHETICAL.test(before)) continue;
      const near = new Set(
        mentions.filter((x) => x.start < m.end && x.start >= m.start - DEATH_WINDOW).map((x) => x.who),
      );
      let credited = false;
      for (const who of near) {
        const after = mentions.filter((x) => x.who === who && x.start > m.end).length;
        if (after > Math.max(3, 0.3 * total[who]!)) continue;
        score[who] = score[who]! + weight;
        credited = true;
      }
      if (credited) scene.push({ start: m.start, end: m.end, weight });
    }
  }
  const best = Math.max(...score);
  if (best < 2.5) return null;
  return proposal('Major Character Death', 0.35 + 0.45 * saturate(best - 1.5, 2), evidenceFromHits(text, scene, 3));
}

/** How far before a death cue (in characters) the dying character is looked for. */
const DEATH_WINDOW = 600;

function nonCon(text: string, scan: ContentScan): Proposal | null {
  const hits = NONCON.scan(text);
  const strong = hits.filter((h) => h.category === 'strong');
  const score = hits.reduce((s, h) => s + h.weight, 0);
  const sexual = sexLevel(scan).level >= 2;
  if (!(score >= 4 && strong.length >= 1) && !(sexual && score >= 2)) return null;
  return proposal('Rape/Non-Con', 0.4 + 0.5 * saturate(score, 5), evidenceFromHits(text, hits, 3));
}

function underage(text: string, scan: ContentScan): Proposal | null {
  if (sexLevel(scan).level < 3) return null;
  // A stated minor age in the same stretch as the explicit content, not anywhere in a novel.
  const sexHits: Hit[] = scan.hits.filter((h) => h.category === 'explicit');
  const ages = matchAll(text, MINOR).filter((a) => sexHits.some((h) => Math.abs(h.start - a.start) < 3000));
  if (!ages.length) return null;
  return proposal(
    'Underage Sex',
    0.4 + 0.3 * saturate(ages.length, 2),
    [
      quoteAround(text, ages[0]!.start, ages[0]!.end),
      ...evidenceFromHits(text, sexHits, 2).filter((e) => e.end <= ages[0]!.start || e.start >= ages[0]!.end),
    ]
      .slice(0, 3)
      .sort((a, b) => a.start - b.start),
  );
}

export function detectWarnings(text: string, characters: NamedCharacter[] = []): Proposal[] {
  const scan = scanContent(text);
  const found = [
    graphicViolence(text, scan),
    characterDeath(text, characters),
    nonCon(text, scan),
    underage(text, scan),
  ].filter((p): p is Proposal => p !== null);
  if (found.length) return found;
  // Confidence in "none" falls as violence and sexual content approach the thresholds.
  // A story full of violence, though no scene is graphic, is nearer a warning than a quiet one.
  const nearness = Math.max(
    scan.depiction.graphic / GRAPHIC_DEPICTION,
    sexLevel(scan).level >= 2 ? 0.5 : 0,
    violenceTheme(scan).level >= 2 ? 0.6 : 0,
  );
  return [proposal('No Archive Warnings Apply', 0.9 - 0.4 * Math.min(1, nearness), [])];
}

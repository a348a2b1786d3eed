// What the words around one mention say of it (character-score.ts weighs them): a touch or a
// gaze before a name, a name called in a line of dialogue, the words that make a name a place.

import type { CanonIndex } from './canon-types.ts';
import * as dialogue from './dialogue.ts';
import type { Tokens } from './dialogue.ts';
import * as lexicon from './names.ts';
import type { Mention, Scan } from './character-scan.ts';

// Bound once: under tsx an imported binding is read through a getter at every use, which shows
// in the per-token loops.
const { QUOTE_CLOSE, QUOTE_OPEN, WORD } = dialogue;
const { AT_PERSON_VERBS, MOTION_VERBS, PLACE_PREPOSITIONS, TITLES } = lexicon;

/** The lower-cased word just before token `i`, or '' when punctuation or nothing is there. */
export function wordBefore(tok: Tokens, i: number): string {
  const p = i - 1;
  return p >= 0 && tok.kind[p] === WORD ? tok.text[p]!.toLowerCase() : '';
}

const GERMAN_ARTICLES = new Set([
  'der',
  'die',
  'das',
  'dem',
  'den',
  'des',
  'ein',
  'eine',
  'einer',
  'einem',
  'einen',
  'eines',
  'kein',
  'keine',
]);

/** Parts of a person that move on the page ("Sasuke's hand tightened"). */
export const BODY_PARTS = new Set(
  'hand hands arm arms eye eyes face head lips mouth fingers shoulder shoulders gaze voice jaw brow brows fist grip'.split(
    ' ',
  ),
);

/** Verbs of touch before a name: only someone in the scene is hugged or grabbed. */
const TOUCH_VERBS = new Set(
  (
    'hugged hugs kissed kisses grabbed grabs pushed pushes pulled pulls punched punches kicked kicks shoved shoves ' +
    'tackled tackles nudged nudges elbowed elbows slapped slaps poked pokes dragged drags lifted lifts hauled ' +
    'hauls carried carries caught catches helped helps embraced embraces squeezed squeezes'
  ).split(' '),
);

/** Gaze verbs, past or present, before "at": "glared at Derek", "smiles at Hana". */
const GAZE_VERBS = new Set(
  (
    'looked looks stared stares glanced glances glared glares smiled smiles grinned grins frowned frowns ' +
    'scowled scowls winked winks nodded nods peered peers gazed gazes blinked blinks squinted squints'
  ).split(' '),
);

/** Whether the words before a mention touch or look at it: "hugged X", "glanced at X". */
export function seenAt(tok: Tokens, first: number): boolean {
  const w1 = wordBefore(tok, first);
  if (TOUCH_VERBS.has(w1)) return true;
  return w1 === 'at' && GAZE_VERBS.has(wordBefore(tok, first - 1));
}

/** Vocative: "Caroline, come here." / "There's no need, Klaus." */
export function isVocative(tok: Tokens, m: Mention): boolean {
  if (!m.inQuote) return false;
  const before = m.first > 0 ? tok.text[m.first - 1]! : '';
  const after = m.next < tok.count ? tok.text[m.next]! : '';
  const opens = before === ',' || tok.quote[m.first - 1] === QUOTE_OPEN || tok.sentStart[m.first] === 1;
  // a line that is only the name calls the person: "John." / "Stiles!"
  const alone = tok.quote[m.first - 1] === QUOTE_OPEN && tok.quote[m.next + 1] === QUOTE_CLOSE;
  return (
    opens &&
    /^[,.!?…;:—–-]$/.test(after) &&
    !m.possessive &&
    (alone || !(tok.sentStart[m.first] === 1 && after === '.'))
  );
}

/** How much the words before an untitled name say it is a place: "in Paris", "went to London", "at Netherfield", "the Thames". */
export function placeCue(scan: Scan, m: Mention, w1: string, w2: string, w3: string, canon: CanonIndex | null): number {
  if (scan.nounCaps && GERMAN_ARTICLES.has(w1)) return 1.5;
  if (w1 === 'the') return canon?.charactersByAlias.has('the ' + m.key) || TITLES.has(m.key) ? 0 : 1.5;
  if (w1 === 'a' || w1 === 'an') return 1.5; // "a Hermes kid", "an Englishman"
  // "his Jeep", "their Impala": what a possessive determiner owns is a thing; "her" may be an
  // object before a name ("told her Kenta was late"), so it says less
  if (OWNERS.has(w1)) return 1.5;
  if (w1 === 'her') return 0.5;
  if (PLACE_PREPOSITIONS.has(w1)) return w1 === 'from' ? 0.5 : 1.5;
  if (w1 === 'at' && !AT_PERSON_VERBS.has(w2)) return 1;
  if (w1 === 'to' && (MOTION_VERBS.has(w2) || MOTION_VERBS.has(w3))) return 1.5;
  if (w1 === 'of' && PLACE_OF.has(w2)) return 1.5;
  if (PLACE_NOUNS.has(w1)) return 1.5;
  return 0;
}

/** Possessive determiners other than "her". */
const OWNERS = new Set(['his', 'my', 'your', 'our', 'their', 'its']);

/** "the planet X", "the village X", "the city of X". */
const PLACE_NOUNS = new Set([
  'city',
  'town',
  'village',
  'state',
  'county',
  'country',
  'kingdom',
  'island',
  'planet',
  'moon',
]);

/** "the people of X", "the streets of X", and the place nouns. */
const PLACE_OF = new Set([...PLACE_NOUNS, 'streets', 'people', 'system', 'land', 'lands']);

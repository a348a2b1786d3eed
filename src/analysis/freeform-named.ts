// Additional tags a writer names outright in their notes or summary ("Warnings: angst, fluff",
// "Coffee shop AU", "canon compliant"), each under AO3's canonical name for it. The writer has
// already chosen these; the analysis only has to read them.

import { matchAll, quoteAround } from './evidence.ts';
import type { Evidence } from './types.ts';

/** AO3's common additional tags by the words writers use for them, the most specific first. */
export const NAMED_TAGS: readonly (readonly [RegExp, string])[] = [
  // Tone and genre
  [/\bangst with a happy ending\b/gi, 'Angst with a Happy Ending'],
  [/\bfluff and angst\b|\bangst and fluff\b/gi, 'Fluff and Angst'],
  [/\bangst(?:y)?\b/gi, 'Angst'],
  [/\bfluff(?:y)?\b/gi, 'Fluff'],
  [/\bhurt\s*\/\s*comfort\b|\bh\/c\b/gi, 'Hurt/Comfort'],
  [/\bhurt no comfort\b/gi, 'Hurt No Comfort'],
  [/\bwhump\b/gi, 'Whump'],
  [/\bcrack treated seriously\b/gi, 'Crack Treated Seriously'],
  [/\b(?:humou?r|crack(?:fic)?)\b/gi, 'Humor'],
  [/\bbittersweet\b/gi, 'Bittersweet'],
  [/\bdead dove\b/gi, 'Dead Dove: Do Not Eat'],
  [/\bdark ?fic\b|\bdark themes\b/gi, 'Dark'],
  [/\bhorror\b/gi, 'Horror'],
  [/\bcharacter study\b/gi, 'Character Study'],
  [/\bslice of life\b/gi, 'Slice of Life'],
  [/\bdomestic(?:ity)?\b/gi, 'Domestic'],
  [/\bfamily feels\b/gi, 'Family Feels'],
  [/\bfound family\b/gi, 'Found Family'],
  // Endings
  [/\beventual happy ending\b/gi, 'Eventual Happy Ending'],
  [/\bhappy ending\b/gi, 'Happy Ending'],
  [/\bunhappy ending\b|\bsad ending\b/gi, 'Unhappy Ending'],
  [/\bopen ending\b/gi, 'Open Ending'],
  [/\bambiguous ending\b/gi, 'Ambiguous Ending'],
  [/\beveryone lives\b|\bnobody dies\b/gi, 'Everyone Lives'],
  // Romance arcs
  [/\bfirst kiss\b/gi, 'First Kiss'],
  [/\bfriends to lovers\b/gi, 'Friends to Lovers'],
  [/\benemies to (?:friends to )?lovers\b/gi, 'Enemies to Lovers'],
  [/\bestablished relationship\b/gi, 'Established Relationship'],
  [/\bslow[- ]?(?:burn|build)\b/gi, 'Slow Burn'],
  [/\bmutual pining\b/gi, 'Mutual Pining'],
  [/\bpining\b/gi, 'Pining'],
  [/\bunrequited (?:love|feelings|crush)\b/gi, 'Unrequited Love'],
  [/\bgetting together\b/gi, 'Getting Together'],
  [/\bpre-?slash\b/gi, 'Pre-Slash'],
  [/\b(?:fake|pretend)(?:\s*\/\s*pretend)? (?:relationship|dating)\b/gi, 'Fake/Pretend Relationship'],
  [/\bsoul ?mates?\b/gi, 'Soulmates'],
  [/\bonly one bed\b|\bbed[- ]sharing\b|\bsharing a bed\b/gi, 'Sharing a Bed'],
  [/\beventual romance\b/gi, 'Eventual Romance'],
  [/\bsmut(?:ty)?\b/gi, 'Smut'],
  [/\bPWP\b|\bporn without plot\b|\bplot\?? what plot\b/g, 'Plot What Plot/Porn Without Plot'],
  [/\bporn with plot\b/gi, 'Porn With Plot'],
  [/\bA\s*\/\s*B\s*\/\s*O\b|\bomegaverse\b/gi, 'Alpha/Beta/Omega Dynamics'],
  // Setting and canon
  [/\bcoffee ?shop AU\b|\bAU\s*[-–:]\s*coffee ?shop\b/gi, 'Alternate Universe - Coffee Shops & Cafés'],
  [
    /\bcanon[- ]divergen(?:ce|t)(?: AU)?\b|\bAU\s*[-–:]\s*canon[- ]divergen(?:ce|t)\b/gi,
    'Alternate Universe - Canon Divergence',
  ],
  [
    /\bmodern(?:[- ]day)? (?:AU|setting)\b|\bAU\s*[-–:]\s*modern\b|\bset in the present day\b/gi,
    'Alternate Universe - Modern Setting',
  ],
  [/\bhuman AU\b|\bAU\s*[-–:]\s*human\b|\ball[- ]human\b/gi, 'Alternate Universe - Human'],
  [/\bno[- ](?:powers|magic|quirks?) AU\b|\bAU\s*[-–:]\s*no (?:powers|magic)\b/gi, 'Alternate Universe - No Powers'],
  [/\bhogwarts AU\b|\bAU\s*[-–:]\s*hogwarts\b/gi, 'Alternate Universe - Hogwarts'],
  [/\bmafia AU\b|\bAU\s*[-–:]\s*mafia\b/gi, 'Alternate Universe - Mafia'],
  [/\bfantasy AU\b|\bAU\s*[-–:]\s*fantasy\b/gi, 'Alternate Universe - Fantasy'],
  [/\bsoul ?mates? AU\b|\bAU\s*[-–:]\s*soul ?mates?\b/gi, 'Alternate Universe - Soulmates'],
  [/\bhigh school AU\b|\bAU\s*[-–:]\s*high school\b/gi, 'Alternate Universe - High School'],
  [
    /\b(?:college|university) AU\b|\bAU\s*[-–:]\s*(?:college|university)\b/gi,
    'Alternate Universe - College/University',
  ],
  [/\broyalty AU\b|\broyal AU\b/gi, 'Alternate Universe - Royalty'],
  [/\breincarnation(?: AU)?\b/gi, 'Reincarnation'],
  [/\bcanon[- ]compliant\b/gi, 'Canon Compliant'],
  [/\bpost[- ]canon\b/gi, 'Post-Canon'],
  [/\bpre[- ]canon\b/gi, 'Pre-Canon'],
  [/\bmissing scene\b/gi, 'Missing Scene'],
  [/\btime[- ]?travel fix[- ]?it\b/gi, 'Time Travel Fix-It'],
  [/\bfix[- ]?it\b/gi, 'Fix-It'],
  [/\btime[- ]?travel\w*\b/gi, 'Time Travel'],
  [/\bcanon[- ]typical violence\b/gi, 'Canon-Typical Violence'],
  // Deaths and injuries a note warns of
  [/\bminor character death\b/gi, 'Minor Character Death'],
  [/\bmajor character death\b|\bMCD\b/g, 'Major Character Death'],
  [/\bcanon(?:ical)? character death\b/gi, 'Canon Character Death'],
  [/\btemporary character death\b/gi, 'Temporary Character Death'],
  [/\bcharacter death\b/gi, 'Character Death'],
  [/\bnear[- ]death experiences?\b/gi, 'Near Death Experiences'],
  [/\bmajor character injury\b/gi, 'Major Character Injury'],
  [/\bblood and injury\b/gi, 'Blood and Injury'],
  [/\bblood and gore\b|\bgore\b/gi, 'Blood and Gore'],
  [/\btorture\b/gi, 'Torture'],
  [/\bchild abuse\b/gi, 'Child Abuse'],
  [/\bdomestic (?:violence|abuse)\b/gi, 'Domestic Violence'],
  [/\bsuicide attempt\b|\battempted suicide\b/gi, 'Suicide Attempt'],
  [/\bworld ?building\b/gi, 'Worldbuilding'],
  // People and care
  [/\bteam as family\b/gi, 'Team as Family'],
  [/\bkid ?fic\b/gi, 'Kid Fic'],
  [/\bsick ?fic\b/gi, 'Sick Fic'],
  [/\bfriendship\b/gi, 'Friendship'],
  [/\bgrief\b|\bmourning\b/gi, 'Grief/Mourning'],
  [/\bpanic attacks?\b/gi, 'Panic Attacks'],
  [/\bPTSD\b/g, 'Post-Traumatic Stress Disorder - PTSD'],
  [/\bnightmares\b/gi, 'Nightmares'],
  [/\bself[- ]harm\b/gi, 'Self-Harm'],
  [/\bsuicidal (?:thoughts|ideation)\b/gi, 'Suicidal Thoughts'],
  // Form
  [/\bdrabble\b/gi, 'Drabble'],
  [/\bficlet\b/gi, 'Ficlet'],
  [/\bone[- ]?shot\b/gi, 'One Shot'],
  [/\broad ?trip\b/gi, 'Road Trip'],
  // Whatever AU the note names that no pattern above knows: AO3's parent tag (freeforms.ts drops
  // it beside a named variant).
  [/\bAU\b|\b[Aa]lternate [Uu]niverse\b/g, 'Alternate Universe'],
];

/** Words just before a tag's name that say the story is not that ("no smut", "not a fix-it"). */
const NEGATED = /\b(?:no|not(?: a| an)?|non|isn't(?: a| an)?|without|zero|nothing)[\s-]*$/i;

/**
 * Proposes each tag the writer names in the blanked parts of `full` (notes and summary): the
 * first such mention is the evidence, and a name the writer negates is passed over.
 */
export function proposeNamedTags(
  text: string,
  full: string,
  propose: (tag: string, confidence: number, evidence: Evidence[], named: boolean) => void,
): void {
  // Words a more specific tag has taken ("mutual pining") name no other ("pining").
  const taken: { start: number; end: number }[] = [];
  const parts = blankedParts(text, full);
  for (const [re, tag] of NAMED_TAGS) {
    let proposed = false;
    for (const m of parts.flatMap((p) => matchIn(full, re as RegExp, p))) {
      if (text.slice(m.start, m.end) === m.m[0]) continue;
      if (taken.some((t) => t.start <= m.start && m.end <= t.end)) continue;
      if (NEGATED.test(full.slice(Math.max(0, m.start - 16), m.start))) continue;
      taken.push(m);
      if (!proposed) propose(tag, NAMED_CONFIDENCE, [quoteAround(full, m.start, m.end)], true);
      proposed = true;
    }
  }
}

/**
 * The stretches of `full` that `text` blanks (notes and summary), so that seventy patterns read
 * a few lines of notes rather than the whole story each. Blanking keeps every offset, so the two
 * differ exactly there; a text that does not keep them is read whole.
 */
function blankedParts(text: string, full: string): { start: number; end: number }[] {
  if (text.length !== full.length) return [{ start: 0, end: full.length }];
  const parts: { start: number; end: number }[] = [];
  for (let i = 0; i < full.length; i++) {
    if (text.charCodeAt(i) === full.charCodeAt(i)) continue;
    const last = parts[parts.length - 1];
    // Spaces the blanking kept inside a note join its words into one stretch.
    if (last && /^\s*$/.test(full.slice(last.end, i))) last.end = i + 1;
    else parts.push({ start: i, end: i + 1 });
  }
  return parts;
}

/** matchAll within `part` of `text`, at offsets into the whole text. */
function matchIn(text: string, re: RegExp, part: { start: number; end: number }) {
  return matchAll(text.slice(part.start, part.end), re).map((m) => ({
    ...m,
    start: m.start + part.start,
    end: m.end + part.start,
  }));
}

/** A tag the writer names is theirs; short of certain only because a note may name it in passing. */
const NAMED_CONFIDENCE = 0.8;

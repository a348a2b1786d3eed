// Who is in a story. findPeople() reads the names a text uses and groups them into people, with
// the evidence for each; resolveCharacters() names them after the canon once the fandoms are known.
//
// The method, for English fiction (no tagger: DESIGN.md measured none fast enough that tags names):
//  1. dialogue.ts cuts the text into tokens, marking sentence starts and dialogue.
//  2. Runs of capitalised words, with a title before them or not, are name candidates. A capital at
//     a sentence start proves nothing, so such a word needs support: it is not a common word, it is
//     never written in lower case in this text, or it is capitalised elsewhere mid-sentence.
//  3. Forms are grouped into people: "Sir Walter Elliot", "Walter" and "Elliot" join when only one
//     person fits; a title's gender keeps "Mr. Bennet" apart from "Mrs. Bennet".
//  4. Each person is scored: titles, lines of dialogue, verbs after the name, possessed body parts
//     and given-name or canon lexicons speak for a person; "in X", "the X", place words against.
// Everything is one pass over the tokens plus work per distinct name, so a novel takes milliseconds.
// Steps 1-2 live in character-scan.ts, 3 in character-forms.ts, 4 in character-score.ts; this file
// runs them and names the people.

import type { CanonCharacter, CanonFandom, CanonIndex } from './canon-types.ts';
import type { CharacterProposal, Evidence, PersonMention } from './types.ts';
import { tokenize } from './dialogue.ts';
import { foldKey, type Gender, TITLES } from './names.ts';
import { HAS_LOWER, scanCandidates, wordIsNamey } from './character-scan.ts';
import { addGenderVotes, clusterForms, type Form, groupForms } from './character-forms.ts';
import { PERSON_THRESHOLD, type Person, scorePeople } from './character-score.ts';

function formName(f: Form): string {
  if (!f.title) return f.words.join(' ');
  const abbreviated = ABBREVIATED_TITLES.has(f.titleText.toLowerCase()) && !f.titleText.includes(' ');
  return f.titleText + (abbreviated ? '. ' : ' ') + f.words.join(' ');
}

/** Titles written with a full stop in American usage; British "Mr Verloc" keeps none (we add it). */
const ABBREVIATED_TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'mme',
  'mlle',
  'prof',
  'rev',
  'capt',
  'col',
  'gen',
  'lt',
  'sgt',
  'cpl',
  'det',
  'fr',
  'm',
]);

/** A form with less than a tenth of its person's mentions is rare. */
const RARE_FORM_SHARE = 10;

/** How many characters at the head of a canon file are its main cast (files list them first). */
const MAIN_CAST = 8;

interface CanonMatch {
  candidates: PersonMention['candidates'];
  /** The canon's gender for the person when every close candidate agrees. */
  gender: Gender;
}

function canonMatch(p: Person, forms: Form[], canon: CanonIndex | null): CanonMatch {
  if (!canon) return { candidates: [], gender: 'unknown' };
  const best = new Map<string, { fandom: string; character: string; score: number; gender: string; main: boolean }>();
  const total = p.forms.reduce((n, f) => n + forms[f]!.mentions.length, 0);
  for (const f of p.forms) {
    const form = forms[f]!;
    // A form the story uses rarely for this person (a cover name said once) counts for less than
    // the one it uses throughout, so that the two do not tie on different canon characters.
    const rare = form.mentions.length * RARE_FORM_SHARE < total;
    // "Klaus", and with its title as the canon may list it ("Aunt Jenna", "Mr. Saltzman")
    const lookups = new Set([form.key, form.words.join(' ').toLowerCase(), 'the ' + form.key]);
    if (form.title) lookups.add(formName(form).toLowerCase());
    const found = [...lookups].map((key) => [key, canon.charactersByAlias.get(key) ?? []] as const);
    if (found.every(([, hits]) => hits.length === 0)) found.push([form.key, namedByEnds(form.words, canon)]);
    if (found.every(([, hits]) => hits.length === 0)) found.push(namedAfterRank(form.words, canon));
    for (const [key, hits] of found) {
      if (hits.length === 0) continue;
      const distinct = new Set(hits.map((h) => h.character.name));
      // Within one fandom a shared name ("Salvatore", "Midoriya") leans to the character the canon
      // lists first: canon files list the main cast first.
      const firstInFandom = new Map<CanonFandom, number>();
      for (const h of hits) {
        const at = h.fandom.characters.indexOf(h.character);
        firstInFandom.set(h.fandom, Math.min(firstInFandom.get(h.fandom) ?? Infinity, at));
      }
      // Minor in every canon that lists the name: one canon's main character is not demoted
      // because another retelling lists the same person lower down.
      const minor = hits.every((h) => h.fandom.characters.indexOf(h.character) >= MAIN_CAST);
      for (const h of hits) {
        const full = foldKey(h.character.name) === foldKey(key);
        const at = h.fandom.characters.indexOf(h.character);
        const lead = at === firstInFandom.get(h.fandom);
        let score = full ? 1 : distinct.size === 1 ? 0.8 : lead ? 0.5 : 0.45;
        // "Her name is Sheila": a person the story has to introduce, known only by a first name,
        // is more likely the writer's own than the canon's minor namesake; a lead of the canon is
        // introduced too, when the story meets them as a stranger would.
        if (p.intro && !full && minor) score = 0.4;
        if (rare && !full) score -= 0.1;
        const id = h.fandom.name + '\u0000' + h.character.name;
        const prev = best.get(id);
        if (!prev || prev.score < score)
          best.set(id, {
            fandom: h.fandom.name,
            character: h.character.name,
            score,
            gender: h.character.gender,
            main: at < MAIN_CAST,
          });
      }
    }
  }
  const sorted = [...best.values()].sort(
    (a, b) => b.score - a.score || a.fandom.localeCompare(b.fandom) || a.character.localeCompare(b.character),
  );
  const close = sorted.filter((c) => c.score >= 0.8);
  const genders = new Set(close.map((c) => c.gender));
  const only = genders.size === 1 ? [...genders][0] : undefined;
  return {
    candidates: sorted.map(({ fandom, character, score, main }) => ({
      fandom,
      character,
      score,
      ...(main ? { main } : {}),
    })),
    gender: only === 'male' || only === 'female' ? only : 'unknown',
  };
}

/**
 * The canon characters both the first and the last word of a name reach, when the canon lists
 * no form of that name whole: "Danzo Shimura" for a canon that writes "Shimura Danzou" with the
 * aliases "Danzo" and "Shimura", or "Harry James Potter". Either word alone may be shared by many.
 */
function namedByEnds(words: string[], canon: CanonIndex): { fandom: CanonFandom; character: CanonCharacter }[] {
  if (words.length < 2) return [];
  const first = canon.charactersByAlias.get(words[0]!.toLowerCase()) ?? [];
  const last = canon.charactersByAlias.get(words.at(-1)!.toLowerCase()) ?? [];
  return first.filter((a) => last.some((b) => a.fandom === b.fandom && a.character === b.character));
}

/**
 * The canon characters a name reaches once the words before it are read as ranks or roles the
 * title list leaves out, being common nouns too ("Hokage Tsunade", "Deputy Parrish", "Headmaster
 * Dumbledore"). Only such words are passed over: "Mara Potter" is no Potter of the canon.
 */
function namedAfterRank(
  words: string[],
  canon: CanonIndex,
): readonly [string, { fandom: CanonFandom; character: CanonCharacter }[]] {
  for (let k = 1; k < words.length; k++) {
    if (!RANKS.has(foldKey(words[k - 1]!))) break;
    const tail = words.slice(k).join(' ').toLowerCase();
    const hits = canon.charactersByAlias.get(tail);
    if (hits?.length && !TITLES.has(tail)) return [tail, hits];
  }
  return ['', []];
}

/** Ranks and roles written before a name in fan works, beyond the titles of names.ts. */
const RANKS = new Set(
  (
    'hokage kazekage mizukage raikage tsuchikage deputy headmaster headmistress minister auror healer ' +
    'maester ser septa septon jedi padawan knight trooper private marshal chancellor ambassador director ' +
    'councilor councillor dean warden pilot ranger commissioner sensei shinobi'
  ).split(' '),
);

/**
 * The named people of a story, most mentioned first. Pure and deterministic. `canon` (when given)
 * adds canon candidates and lets canon names count as evidence of a person.
 */
export function findPeople(text: string, canon: CanonIndex | null): PersonMention[] {
  return detect(text, canon)
    .filter((p) => p.score >= PERSON_THRESHOLD)
    .map(({ score, why, ...rest }) => {
      void score;
      void why;
      return rest;
    });
}

/** Every name cluster with its person score, kept or not: for tuning and `--explain` output. */
export function explainPeople(
  text: string,
  canon: CanonIndex | null,
): (PersonMention & { score: number; why: string })[] {
  return detect(text, canon);
}

function detect(text: string, canon: CanonIndex | null): (PersonMention & { score: number; why: string })[] {
  const tok = tokenize(text);
  const scan = scanCandidates(text, tok);
  const keep = scan.mentions.map((m) => {
    if (m.title) return true;
    if (m.words.length >= 2) return !m.untrusted || m.words.slice(1).some((w) => HAS_LOWER.test(w));
    return wordIsNamey(scan, m.words[0]!, m.untrusted, canon);
  });
  const { forms } = groupForms(scan, keep);
  addGenderVotes(scan, forms);
  const roots = clusterForms(forms);
  const people = scorePeople(scan, forms, roots, canon, text);

  const out = people.map((p): PersonMention & { _order: number; score: number; why: string } => {
    // The fullest form names the person: most words, then a title, then most used. In a long text
    // a form used once may be a slip of the source ("at Houndsley Fred Vincy"), so there the
    // fullest form used twice wins.
    const byFullness = [...p.forms].sort(
      (a, b) =>
        forms[b]!.words.length - forms[a]!.words.length ||
        (forms[b]!.title ? 1 : 0) - (forms[a]!.title ? 1 : 0) ||
        forms[b]!.mentions.length - forms[a]!.mentions.length ||
        a - b,
    );
    const repeated = p.mentions.length >= 20 ? byFullness.find((f) => forms[f]!.mentions.length >= 2) : undefined;
    const name = formName(forms[repeated ?? byFullness[0]!]!);
    const aliases = [...new Set(byFullness.map((f) => formName(forms[f]!)))].filter((a) => a !== name);
    const evidence: Evidence[] = [];
    const seen = new Set<string>();
    for (const e of [...p.evidence].sort((a, b) => b.priority - a.priority || a.start - b.start)) {
      if (evidence.length >= 3) break;
      const k = `${e.start}:${e.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push({ quote: text.slice(e.start, e.end), start: e.start, end: e.end });
    }
    const match = canonMatch(p, forms, canon);
    // "Akatsuki", "Ichiraku Ramen", "Starkiller Base": what a canon lists as its places, groups and
    // things is nobody, unless some canon also has a character of that name (see resolveCharacters).
    // Whoever speaks is somebody, whatever a canon calls the word.
    const termIn =
      canon && p.speaks === 0
        ? termFandoms(
            canon,
            p.forms.map((f) => formName(forms[f]!)),
          )
        : [];
    const term = termIn.length > 0 && match.candidates.length === 0;
    // Spoken to is as good as present ("Anakin, hold the line!"), and so is being talked about
    // throughout: a father whose memory fills the chapter is in the story writers tag.
    const onPage = p.speaks > 0 || p.intro || p.actions >= 1 || p.vocative >= 1 || p.mentions.length >= TALKED_ABOUT;
    return {
      name,
      aliases,
      mentions: p.mentions.length,
      speaks: p.speaks,
      // the text's pronouns and titles first (a genderbent story keeps them), then the canon's
      gender: p.gender !== 'unknown' ? p.gender : match.gender,
      onPage,
      evidence,
      candidates: match.candidates,
      ...(termIn.length ? { termIn } : {}),
      score: term ? 0 : Math.round(p.score * 100) / 100,
      why: term ? 'a term of a canon' : p.why,
      _order: p.mentions[0]!,
    };
  });
  out.sort((a, b) => b.mentions - a.mentions || a._order - b._order);
  return out.map(({ _order, ...rest }) => {
    void _order;
    return rest;
  });
}

/** Mentions from which a character no scene shows is still part of the story. */
const TALKED_ABOUT = 5;

/** The fandoms that list every one of these names as a term (a place, a group, a thing). */
function termFandoms(canon: CanonIndex, names: string[]): string[] {
  const listing = (name: string) => (canon.fandomsByTerm.get(name.toLowerCase()) ?? []).map((f) => f.name);
  const [first, ...rest] = names;
  if (first === undefined) return [];
  return rest.reduce((common, name) => common.filter((f) => listing(name).includes(f)), listing(first));
}

/**
 * People named after the canon of the chosen fandoms (canonical names, best first; `sameStory`
 * says which of them tell one story, whose namesakes are one person). A person whose
 * best candidate in those fandoms is one character takes that character's name; people who share
 * a character are merged; others keep the text's name with `canonical: null`. People named once,
 * who never speak and match no canon character, are dropped as noise.
 */
export function resolveCharacters(
  people: PersonMention[],
  fandoms: string[],
  sameStory: (a: string, b: string) => boolean = () => false,
): CharacterProposal[] {
  const rank = new Map(fandoms.map((f, i) => [f, i]));
  const options = people.map((p) =>
    p.candidates
      .filter((c) => rank.has(c.fandom) && c.score >= MIN_CANDIDATE)
      .sort((a, b) => b.score - a.score || rank.get(a.fandom)! - rank.get(b.fandom)!),
  );
  // 1. A best candidate no other character ties, except the same person as tagged in a related
  // fandom ("Arthur Pendragon (Merlin)" beside the legends' "Arthur Pendragon (Arthurian)"): the
  // surer fandom's, ranked first, is taken.
  const choice = options.map((opts) => {
    const top = opts[0];
    if (!top) return null;
    const retold = (c: (typeof opts)[number]) => c.fandom !== top.fandom && sameStory(c.fandom, top.fandom);
    return opts.some((c) => c.character !== top.character && c.score >= top.score && !retold(c)) ? null : top;
  });
  // 2. A name shared by several ("General Skywalker") goes to the one of them the story has.
  const present = new Set(choice.flatMap((c) => (c ? [c.character] : [])));
  options.forEach((opts, i) => {
    if (choice[i] || !opts.length) return;
    const tied = opts.filter((c) => c.score >= opts[0]!.score);
    const here = [...new Set(tied.map((c) => c.character).filter((c) => present.has(c)))];
    if (here.length === 1) choice[i] = tied.find((c) => c.character === here[0])!;
  });
  // 3. A name the chosen canons give different characters ("Scott" in a crossover) goes to the one
  // of them who leads their canon's cast, when only one does: writers use a lead's bare name.
  options.forEach((opts, i) => {
    if (choice[i] || !opts.length) return;
    const tied = opts.filter((c) => c.score >= opts[0]!.score);
    const leads = [...new Set(tied.filter((c) => c.main).map((c) => c.character))];
    if (leads.length === 1) choice[i] = tied.find((c) => c.character === leads[0])!;
  });

  const byCharacter = new Map<string, CharacterProposal>();
  const out: CharacterProposal[] = [];
  people.forEach((p, i) => {
    const match = choice[i];
    if (!match && p.mentions < 2 && p.speaks === 0) return;
    // A chosen fandom's own term, matched to no character of the chosen fandoms, is nobody.
    if (!match && p.termIn?.some((f) => rank.has(f))) return;
    const confidence = Math.min(
      0.98,
      0.25 +
        Math.min(p.mentions, 8) * 0.06 +
        (p.speaks > 0 ? 0.15 : 0) +
        (p.onPage ? 0.05 : 0) +
        (match ? 0.2 * match.score : 0),
    );
    const proposal: CharacterProposal = {
      name: match ? match.character : p.name,
      aliases: match ? [p.name, ...p.aliases].filter((a) => a !== match.character) : [...p.aliases],
      mentions: p.mentions,
      speaks: p.speaks,
      canonical: match ? match.fandom : null,
      gender: p.gender,
      onPage: p.onPage,
      confidence: round2(confidence),
      evidence: [...p.evidence],
    };
    if (match) {
      const prev = byCharacter.get(match.character);
      if (prev) {
        prev.mentions += p.mentions;
        prev.speaks += p.speaks;
        prev.onPage ||= p.onPage;
        prev.aliases = [...new Set([...prev.aliases, ...proposal.aliases])];
        prev.evidence = [...prev.evidence, ...proposal.evidence].slice(0, 3);
        prev.confidence = Math.max(prev.confidence, proposal.confidence);
        if (prev.gender === 'unknown') prev.gender = proposal.gender;
        return;
      }
      byCharacter.set(match.character, proposal);
    }
    out.push(proposal);
  });
  out.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
  return withProminence(out);
}

/**
 * Writers tag the characters a story is about, not everyone it names: on real works a character
 * named under a tenth as often as the lead is in the author's tags about one time in seven, one
 * named a tenth to a fifth as often about one time in four, and from there the chance climbs
 * towards a lead's. Confidence is capped by the character's share of the lead's mentions along
 * that line, so that the minor ones are offered, or not at all, rather than applied.
 */
function withProminence(chars: CharacterProposal[]): CharacterProposal[] {
  const lead = Math.max(1, ...chars.map((c) => c.mentions));
  return chars.map((c) => {
    const share = c.mentions / lead;
    if (share >= MAJOR_SHARE) return c;
    const cap = share < MINOR_SHARE ? 0.15 + share : 0.25 + (share - MINOR_SHARE) * 1.6;
    return c.confidence > cap ? { ...c, confidence: round2(cap) } : c;
  });
}

/** Shares of the lead's mentions below which a character is minor, and from which one is major. */
const MINOR_SHARE = 0.1;
const MAJOR_SHARE = 0.35;

/** Below this a candidate is not taken: shared names of minor characters, introduced originals. */
const MIN_CANDIDATE = 0.45;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * AO3's tags for the original characters of a fan work: "Original Female Character(s)" and
 * "Original Male Character(s)", for non-canon people who are on the page, named at least twice and
 * of clear gender. In original fiction every character is original, so nothing is tagged: when
 * `fandoms` is given and empty, or when no character was matched to a canon.
 */
export function originalCharacterTags(chars: CharacterProposal[], fandoms?: readonly string[]): string[] {
  if (fandoms ? fandoms.length === 0 : !chars.some((c) => c.canonical !== null)) return [];
  const tags = new Set<string>();
  for (const c of chars) {
    if (c.canonical !== null || !c.onPage || c.mentions < 2) continue;
    if (c.gender === 'female') tags.add('Original Female Character(s)');
    if (c.gender === 'male') tags.add('Original Male Character(s)');
  }
  return ['Original Female Character(s)', 'Original Male Character(s)'].filter((t) => tags.has(t));
}

/**
 * AO3's "Original Female Character(s)" / "Original Male Character(s)" as character entries of
 * their own, each gathering the on-page people of that gender no canon knows (their names as
 * aliases). Reported beside those people, and only in fan works, as originalCharacterTags says.
 */
export function originalCharacterEntries(chars: CharacterProposal[], fandoms: readonly string[]): CharacterProposal[] {
  return originalCharacterTags(chars, fandoms).map((tag) => {
    const gender = tag.startsWith('Original Female') ? 'female' : 'male';
    const people = chars.filter((c) => c.canonical === null && c.onPage && c.gender === gender && c.mentions >= 2);
    return {
      name: tag,
      aliases: people.flatMap((p) => [p.name, ...p.aliases]),
      mentions: people.reduce((n, p) => n + p.mentions, 0),
      speaks: people.reduce((n, p) => n + p.speaks, 0),
      canonical: null,
      gender,
      onPage: true,
      confidence: Math.min(ORIGINAL_AT_MOST, Math.max(...people.map((p) => p.confidence))),
      evidence: people.flatMap((p) => p.evidence).slice(0, 3),
    };
  });
}

/**
 * How sure an original-character tag can be. It says the person is nobody's in canon, which the
 * canon data cannot confirm: it lists a fandom's main cast, not everyone, and on real works most
 * such people turn out to be canon characters it lacks. So the tag is offered, never applied alone.
 */
const ORIGINAL_AT_MOST = 0.5;

// Which canon a story belongs to, from the canon characters it names and the canon's distinctive
// terms. One shared first name says little ("Harry" and "Sally" are not Harry Potter); several
// distinct characters of one canon together, full names, rare names and canon terms say a lot.
// The fandom's own name is never needed: stories rarely say what they are fan fiction of.

import type { CanonFandom, CanonIndex } from './canon-types.ts';
import type { Evidence, PersonMention, Proposal } from './types.ts';
import { clamp01, exact, pickEvidence, quoteAround, saturate, tokenize, type Token } from './evidence.ts';
import { derive, type Derived, type TermEntry } from './fandom-index.ts';
import { GIVEN_NAME_GENDER } from './names.ts';

/** Below this a fandom is not proposed: the story reads as original work. */
export const FANDOM_THRESHOLD = 0.5;
/** A related fandom (The Originals beside The Vampire Diaries) needs only this, with evidence of its own. */
const RELATED_THRESHOLD = 0.3;
/** How many of the most-mentioned people coverage looks at. */
const COVERAGE_PEOPLE = 12;
/** Coverage from which a fandom's characters count in full; below it they count in proportion. */
const FULL_COVERAGE = 0.35;

export interface FandomScore {
  fandom: CanonFandom;
  score: number;
  confidence: number;
  /** Canonical character names matched, with their weights. */
  characters: Map<string, number>;
  /**
   * The canon's leads among the story's leading people, each named more than once: true for one
   * met by a full name or a name few canons have.
   */
  leads: Map<string, boolean>;
  /** Distinct terms matched. */
  terms: Map<string, number>;
  evidence: { ev: Evidence; weight: number; kind: 'character' | 'term' | 'name' }[];
}

// ---------------------------------------------------------------------------------------------

/** How much a person's mention count says: one passing mention little, a dozen or more fully. */
function mentionFactor(mentions: number): number {
  return Math.min(1, 0.35 + (0.65 * Math.log2(1 + Math.max(0, mentions))) / Math.log2(13));
}

/**
 * `text`: the story (notes and summary blanked); `people`: findPeople's output for it;
 * `full`: the text as posted, whose notes may name the fandom outright (a bonus, never required).
 */
export function scoreFandoms(
  text: string,
  people: PersonMention[],
  canon: CanonIndex | null,
  full: string = text,
): FandomScore[] {
  if (!canon || canon.canon.fandoms.length === 0) return [];
  // A first name many canons share ("Derek", "Scott") is split evenly among them at first; once
  // the text's other evidence has spoken (a "Stiles" only one canon has), it goes mostly to the
  // canons that evidence favours. With hundreds of canons, an even split would drown every name
  // that is not unique.
  // Two names that are each common ("Sam", "Dean") point together at the one canon that has both;
  // a few rounds let that agreement grow.
  const d = derive(canon);
  const words = matchWords(text, full, d);
  let scores = scoreFandomsWith(people, canon, words, null);
  for (let round = 0; round < PRIOR_ROUNDS; round++) {
    const prior = new Map<string, number>();
    for (const s of scores) {
      const g = d.group.get(s.fandom) ?? s.fandom.name;
      prior.set(g, Math.max(prior.get(g) ?? 0, s.score));
    }
    if (prior.size < 2) break;
    scores = scoreFandomsWith(people, canon, words, prior);
  }
  return scores;
}

/** How much of an ambiguous name goes to a canon with no support from the rest of the text. */
const PRIOR_FLOOR = 0.02;
const PRIOR_ROUNDS = 3;

function scoreFandomsWith(
  people: PersonMention[],
  canon: CanonIndex,
  words: WordMatch[],
  prior: Map<string, number> | null,
): FandomScore[] {
  const scores = new Map<CanonFandom, FandomScore>();
  const entry = (f: CanonFandom): FandomScore => {
    let s = scores.get(f);
    if (!s) {
      s = {
        fandom: f,
        score: 0,
        confidence: 0,
        characters: new Map(),
        leads: new Map(),
        terms: new Map(),
        evidence: [],
      };
      scores.set(f, s);
    }
    return s;
  };
  const { common, coverage } = addCharacterEvidence(people, canon, prior, entry);
  addWordEvidence(words, entry);
  for (const s of scores.values()) scoreOne(s, common.get(s.fandom), coverage(s.fandom));
  return [...scores.values()].sort((a, b) => b.score - a.score || a.fandom.name.localeCompare(b.fandom.name));
}

/**
 * Characters. A person counts for each canon character they could be, weighted by the
 * candidate's score, how often the text names them, and how specific the name is. Returns, per
 * fandom, whether only everyday first names matched it, and the share of the story's leading
 * people it accounts for.
 */
function addCharacterEvidence(
  people: PersonMention[],
  canon: CanonIndex,
  prior: Map<string, number> | null,
  entry: (f: CanonFandom) => FandomScore,
): { common: Map<CanonFandom, boolean>; coverage: (f: CanonFandom) => number } {
  const d = derive(canon);
  const common = new Map<CanonFandom, boolean>();
  // Coverage: the share of the story's leading people (by mentions) that a fandom accounts
  // for. A fan work is mostly about canon characters; a novel that happens to have an Esther
  // and a Jenny among its seventy people is not.
  const named = people.filter((p) => /\p{L}{2}/u.test(p.name) && !ROMAN.test(p.name));
  const topMentions = Math.max(1, ...named.map((p) => p.mentions));
  const leading = [...named].sort((a, b) => b.mentions - a.mentions).slice(0, COVERAGE_PEOPLE);
  const leadingMentions = leading.reduce((sum, p) => sum + p.mentions, 0);
  const leadingSet = new Set(leading);
  const covered = new Map<CanonFandom, number>();
  for (const p of leading) {
    for (const name of new Set(p.candidates.map((c) => c.fandom))) {
      const f = canon.fandomsByName.get(name.toLowerCase());
      if (f) covered.set(f, (covered.get(f) ?? 0) + p.mentions);
    }
  }
  for (const p of named) {
    if (!p.candidates.length) continue;
    const forms = [p.name, ...p.aliases].map((n) => n.toLowerCase());
    const groups = new Set(p.candidates.map((c) => fandomGroup(canon, d, c.fandom)));
    // One person is one character: in each fandom only their best candidate counts ("Wayne"
    // must not count as four Waynes of Gotham).
    const bestPerFandom = new Map<string, PersonMention['candidates'][number]>();
    for (const c of p.candidates) {
      const prev = bestPerFandom.get(c.fandom);
      if (!prev || c.score > prev.score) bestPerFandom.set(c.fandom, c);
    }
    for (const c of bestPerFandom.values()) {
      const fandom = canon.fandomsByName.get(c.fandom.toLowerCase());
      if (!fandom) continue;
      const charName = c.character.toLowerCase();
      const bare = charName.replace(/\s*\([^()]*\)$/, '');
      const full = forms.some((f) => f === charName || (f === bare && bare.includes(' ')));
      // A first name shared with everyday English names ("Matt", "Caroline") is weaker evidence
      // than a rare one ("Elijah", "Hermione") or a full name.
      const isCommon =
        !full && forms.every((f) => GIVEN_NAME_GENDER.has(f) || !canon.charactersByAlias.has(f) || f.length <= 3);
      const group = fandomGroup(canon, d, c.fandom);
      const share = prior
        ? ((prior.get(group) ?? 0) + PRIOR_FLOOR) /
          [...groups].reduce((sum, g) => sum + (prior.get(g) ?? 0) + PRIOR_FLOOR, 0)
        : 1 / groups.size;
      const specificity = full ? 1 : share * (isCommon ? 0.6 : 1);
      // "William Buffy" is not Buffy Summers: a fuller name that contradicts the canon's.
      const conflict = !full && nameConflict(p.name, c.character) ? 0.2 : 1;
      // A character the story barely mentions beside its lead is weak evidence in a long text.
      const prominence = Math.min(1, Math.sqrt(p.mentions / (0.1 * topMentions)));
      const w = clamp01(
        Math.min(1, Math.max(0, c.score)) * mentionFactor(p.mentions) * specificity * conflict * prominence,
      );
      if (w <= 0) continue;
      const s = entry(fandom);
      const prev = s.characters.get(c.character) ?? 0;
      if (w > prev) s.characters.set(c.character, w);
      if (p.mentions >= 2 && leadingSet.has(p) && c.score >= LEAD_CANDIDATE && leadOf(fandom, c.character))
        s.leads.set(c.character, (s.leads.get(c.character) ?? false) || full || fewCanonsHave(canon, forms));
      if (!isCommon) common.set(fandom, false);
      else if (!common.has(fandom)) common.set(fandom, true);
      const ev = p.evidence[0];
      if (ev) s.evidence.push({ ev, weight: w, kind: 'character' });
    }
  }
  return { common, coverage: (f) => (leadingMentions ? (covered.get(f) ?? 0) / leadingMentions : 0) };
}

/** Terms and fandom names, matched once for every round. */
function addWordEvidence(words: WordMatch[], entry: (f: CanonFandom) => FandomScore): void {
  for (const m of words) {
    const s = entry(m.fandom);
    if (m.kind === 'name') {
      if (s.terms.has('@name')) continue;
      s.terms.set('@name', m.weight);
      s.evidence.push({ ev: m.ev, weight: m.weight, kind: 'name' });
      continue;
    }
    s.terms.set(m.key, Math.max(s.terms.get(m.key) ?? 0, m.weight));
    if (s.evidence.filter((e) => e.kind === 'term').length < 6)
      s.evidence.push({ ev: m.ev, weight: m.weight, kind: 'term' });
  }
}

/** A fandom's score and confidence from its characters and terms. */
function scoreOne(s: FandomScore, onlyCommonNames: boolean | undefined, coverage: number): void {
  const weights = [...s.characters.values()].sort((a, b) => b - a);
  const n = weights.filter((w) => w >= 0.15).length;
  const charScore = weights.slice(0, 8).reduce((a, b) => a + b, 0);
  // Several distinct characters of one canon together weigh far more than one.
  let chars = charScore * (n >= 2 ? 1 + 0.35 * (Math.min(n, 6) - 1) : 0.5);
  const termScore = Math.min(
    2.5,
    [...s.terms.values()].reduce((a, b) => a + b, 0),
  );
  const distinctTerms = [...s.terms.keys()].filter((k) => k !== '@name').length;
  // Only everyday first names, nothing else from the canon: most likely an original story.
  if (onlyCommonNames === true && termScore === 0) chars *= 0.5;
  chars *= Math.min(1, coverage / FULL_COVERAGE);
  // Terms alone need several distinct ones.
  const terms = n === 0 && distinctTerms < 3 && !s.terms.has('@name') ? termScore * 0.5 : termScore;
  // Three or more of the canon's leads together, one of them by a name few people have ("Harry",
  // "Ron" and "Hermione"): a chance meeting of a canon's cast is rare outside its fan works, while
  // a novel's Will, Elizabeth and James are everyone's.
  const rare = [...s.leads.values()].some((r) => r);
  const cast = s.leads.size >= 3 && rare ? LEAD_WEIGHT * s.leads.size * Math.min(1, coverage / FULL_COVERAGE) : 0;
  s.score = Math.max(chars, cast) + terms;
  s.confidence = clamp01(saturate(s.score, 1.2));
}

/** How many characters at the head of a canon file are its leads (files list them first). */
const LEADS = 10;
/** A lead counts when the person's best candidate in the canon scores at least this. */
const LEAD_CANDIDATE = 0.45;
/** What each lead met adds, once three are: three alone clear the fandom threshold. */
const LEAD_WEIGHT = 0.3;

/** A name (of more than three letters) that at most two canons give a character. */
function fewCanonsHave(canon: CanonIndex, forms: string[]): boolean {
  return forms.some((f) => {
    if (f.length <= 3) return false;
    const hits = canon.charactersByAlias.get(f);
    return !!hits && new Set(hits.map((h) => h.fandom)).size <= 2;
  });
}

function leadOf(fandom: CanonFandom, character: string): boolean {
  const at = fandom.characters.findIndex((c) => c.name === character);
  return at >= 0 && at < LEADS;
}

interface WordMatch {
  fandom: CanonFandom;
  /** The term, lower case; '@name' for the fandom's own name in a note. */
  key: string;
  weight: number;
  ev: Evidence;
  kind: 'term' | 'name';
}

/**
 * The canon terms the story uses and the fandom names its notes use. Terms are token sequences,
 * case-insensitive except where the canon capitalises a word (a place name "Mystic Falls" must be
 * written so; "vervain" may be written any way); a note that names the fandom ("my first TVD fic")
 * counts only in the parts the story text blanked.
 */
function matchWords(text: string, full: string, d: Derived): WordMatch[] {
  const out: WordMatch[] = [];
  const tokens = tokenize(text);
  const matchAt = (i: number, list: TermEntry[] | undefined) => {
    if (!list) return;
    for (const t of list) {
      if (!matchesTerm(text, tokens, i, t)) continue;
      const end = tokens[i + t.words.length - 1]!.end;
      const share =
        0.6 / t.fandoms.length + (t.fandoms.length > 1 && sameGroup(d, t.fandoms) ? 0.6 - 0.6 / t.fandoms.length : 0);
      const ev = quoteAround(text, tokens[i]!.start, end);
      for (const fandom of t.fandoms) out.push({ fandom, key: t.term.toLowerCase(), weight: share, ev, kind: 'term' });
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const at = d.terms.get(tokens[i]!.lower);
    if (!at) continue;
    matchAt(i, at.single);
    const next = tokens[i + 1];
    if (next) matchAt(i, at.bySecond.get(next.lower));
  }
  if (full !== text) {
    const fullTokens = tokenize(full);
    for (let i = 0; i < fullTokens.length; i++) {
      const tok = fullTokens[i]!;
      if (text.slice(tok.start, tok.end) === tok.text) continue;
      for (const n of d.names.get(tok.lower) ?? []) {
        if (!n.words.every((w, k) => fullTokens[i + k]?.lower === w)) continue;
        if (n.exact !== null && tok.text !== n.exact && tok.text !== n.exact.toUpperCase()) continue;
        const last = fullTokens[i + n.words.length - 1]!;
        out.push({ fandom: n.fandom, key: '@name', weight: 1.2, ev: exact(full, tok.start, last.end), kind: 'name' });
      }
    }
  }
  return out;
}

// Titles and honorifics, left out when comparing a text's name with a canon name.
const TITLES = new Set(
  'mr mrs miss ms mx dr sir dame lady lord right honourable honorable rev reverend captain capt professor prof aunt uncle master mistress madam madame the'.split(
    ' ',
  ),
);
const ROMAN = /^(?:[IVXLC]+|[IVXLC][ivxlc]+)$/;

/** Whether the text's fullest name and the canon name are two different people's. */
function nameConflict(textName: string, canonName: string): boolean {
  const words = (n: string) =>
    (
      n
        .replace(/\s*\([^()]*\)$/, '')
        .toLowerCase()
        .match(/\p{L}+/gu) ?? []
    ).filter((w) => !TITLES.has(w));
  const mine = words(textName);
  const theirs = words(canonName);
  if (mine.length < 2 || theirs.length < 2) return false;
  const shared = mine.filter((w) => theirs.includes(w)).length;
  return shared < Math.min(2, mine.length);
}

function matchesTerm(text: string, tokens: Token[], i: number, t: TermEntry): boolean {
  for (let k = 0; k < t.words.length; k++) {
    const tok = tokens[i + k];
    const w = t.words[k]!;
    if (!tok || tok.lower !== w.lower) return false;
    if (w.capital && !/^\p{Lu}/u.test(tok.text)) return false;
    if (k > 0 && !/^['’]?[\s-]+$/.test(text.slice(tokens[i + k - 1]!.end, tok.start))) return false;
  }
  return true;
}

function fandomGroup(canon: CanonIndex, d: Derived, name: string): string {
  const f = canon.fandomsByName.get(name.toLowerCase());
  return f ? (d.group.get(f) ?? f.name) : name;
}

function sameGroup(d: Derived, fandoms: CanonFandom[]): boolean {
  const g = d.group.get(fandoms[0]!);
  return fandoms.every((f) => d.group.get(f) === g);
}

/** Up to n quotes: the strongest characters and terms both get a say, then the rest by weight. */
function fandomEvidence(s: FandomScore, n: number): Evidence[] {
  const chars = pickEvidence(
    s.evidence.filter((e) => e.kind === 'character'),
    2,
  );
  const terms = pickEvidence(
    s.evidence.filter((e) => e.kind !== 'character'),
    2,
  );
  const chosen: Evidence[] = [];
  for (const ev of [...terms, ...chars, ...pickEvidence(s.evidence, n)]) {
    if (chosen.length >= n) break;
    if (!chosen.some((o) => ev.start < o.end && o.start < ev.end)) chosen.push(ev);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Whether a fandom matched a character or term the other did not. */
function ownEvidence(s: FandomScore, other: FandomScore | undefined): boolean {
  // A passing mention of one of its people is not enough: the story must be about the part.
  let own = 0;
  for (const [c, w] of s.characters) if (!other?.characters.has(c)) own += w;
  for (const [t, w] of s.terms) if (!other?.terms.has(t)) own += w;
  return own >= OWN_EVIDENCE;
}

/** Weight of characters and terms a related fandom must have beyond the leader to be proposed too. */
const OWN_EVIDENCE = 0.5;

/**
 * Fandom proposals. Within each group of related fandoms the best-scoring one is proposed when it
 * clears the threshold; the others of its group only with evidence of their own (a character or
 * term the leader lacks), at most 0.8 of its confidence, and never a version of the leader. Unrelated fandoms (a crossover) are
 * judged each on their own.
 */
export function detectFandoms(
  text: string,
  people: PersonMention[],
  canon: CanonIndex | null,
  full: string = text,
): Proposal[] {
  const scored = scoreFandoms(text, people, canon, full);
  if (!canon) return [];
  const d = derive(canon);
  const leaders = new Map<string, FandomScore>();
  for (const s of scored) {
    const g = d.group.get(s.fandom) ?? s.fandom.name;
    if (!leaders.has(g)) leaders.set(g, s); // scored is best first
  }
  const out: Proposal[] = [];
  const byFandom = new Map(scored.map((s) => [s.fandom, s]));
  // One part of a franchise at most beside its umbrella: the best-supported one.
  const partProposed = new Set<string>();
  for (const s of scored) {
    const leader = leaders.get(d.group.get(s.fandom) ?? s.fandom.name)!;
    if (leader.confidence < FANDOM_THRESHOLD) continue;
    if (s === leader) {
      const umbrella = s.fandom.parent ? canon.fandomsByName.get(s.fandom.parent.toLowerCase()) : undefined;
      if (!umbrella) {
        out.push({ name: s.fandom.name, confidence: s.confidence, evidence: fandomEvidence(s, 4) });
        continue;
      }
      // A franchise's part shares most of its people with the umbrella: writers tag the umbrella,
      // and the part as well when the story has something only the part has.
      const whole = byFandom.get(umbrella);
      out.push({ name: umbrella.name, confidence: s.confidence, evidence: fandomEvidence(whole ?? s, 4) });
      if (ownEvidence(s, whole)) {
        out.push({ name: s.fandom.name, confidence: clamp01(s.confidence * 0.9), evidence: fandomEvidence(s, 3) });
        partProposed.add(umbrella.name);
      }
      continue;
    }
    if (s.fandom === (leader.fandom.parent && canon.fandomsByName.get(leader.fandom.parent.toLowerCase()))) continue;
    if (s.confidence < RELATED_THRESHOLD) continue;
    if (d.versions.get(leader.fandom)?.has(s.fandom)) continue;
    if (s.fandom.parent && partProposed.has(s.fandom.parent)) continue;
    if (!ownEvidence(s, leader)) continue;
    if (s.fandom.parent) partProposed.add(s.fandom.parent);
    out.push({
      name: s.fandom.name,
      confidence: clamp01(Math.min(s.confidence, leader.confidence * 0.8)),
      evidence: fandomEvidence(s, 3),
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
}

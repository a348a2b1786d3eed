// Synthetic works whose shape resembles AO3's, for measuring search at archive scale
// (`quire dev corpus`). Pure: a seeded PRNG, the distributions, plain objects out; the SQL that
// stores them is in corpus.repo.ts. Work i depends only on (seed, i, options, canon), so a corpus
// is the same on every machine and every run.
//
// The shares below imitate AO3 as its public statistics show it (the OTW's own posts and the
// "AO3 Ship Stats" / "toastystats" data dumps of 2013-2024); each constant names what it imitates.
import { CATEGORY_TAGS, RATING_TAGS, type TagType, WARNING_TAGS } from '../tags/tag-types.ts';
import {
  CANON_POPULARITY,
  CATEGORIES,
  type Category,
  character,
  type Character,
  CHARACTER_COUNTS,
  CHARACTER_ZIPF_S,
  CROSSOVER_SHARE,
  type Fandom,
  FANDOM_ZIPF,
  FREEFORM_COUNTS,
  GENERATED_FANDOMS,
  generatedFandom,
  LANGUAGES,
  metaName,
  RATINGS,
  RELATIONSHIP_COUNTS,
  sampleWarnings,
} from './corpus-tags.ts';
import { hashSeed, Rng, Weighted, zipf } from './random.ts';
import {
  buildPseudPool,
  CHINESE_CHARS,
  NAME_TOKEN_SHARE,
  OTHER_HEAD,
  RARE_SPACE,
  RARE_TOKEN_SHARE,
  rareWord,
  slugify,
  SUMMARY_TEMPLATES,
  SUMMARY_WORDS,
  SUMMARY_WORDS_FROM,
  TITLE_ADJECTIVES,
  TITLE_NOUNS,
  TITLE_VERBS,
  VOCABULARY,
} from './corpus-words.ts';
import { FREEFORM_SYNONYMS, FREEFORM_ZIPF_S, FREEFORMS, SYNONYM_SHARE } from './corpus-freeforms.ts';
import type { Canon, CanonCharacter, CanonFandom } from '../analysis/canon-types.ts';
import { inAo3Order } from '../analysis/relationship-names.ts';
import { chaptersFor, CORPUS_END_MS, START_MS, statsFor, updatedFor, YEARLY_GROWTH } from './corpus-shape.ts';

/** A minority of AO3 works are restricted to signed-in readers ("archive-locked"). */
const RESTRICTED_SHARE = 0.05;

// ---- works ----------------------------------------------------------------------------------

export interface CorpusTag {
  type: TagType;
  name: string;
  /** For a synonym: the canonical tag it is wrangled to. */
  synonymOf?: string;
  /** Tags above it: same-type meta tags (filters) and, for characters, their fandom (common tagging). */
  parents?: { type: TagType; name: string }[];
}

export interface CorpusWork {
  /** 0-based position in the corpus. */
  index: number;
  title: string;
  summary: string;
  language: string;
  /** The claimed word count; the stored body is a short stand-in (see CorpusOptions.bodyWords). */
  words: number;
  chapterCount: number;
  expectedChapters: number | null;
  complete: boolean;
  postedAt: string;
  updatedAt: string;
  kudos: number;
  hits: number;
  comments: number;
  bookmarks: number;
  /** Only signed-in readers may see it. */
  restricted: boolean;
  /** Indexes into the generator's pseud pool, first creator first. */
  creators: number[];
  /** Applied tags in AO3's blurb order, each once. */
  tags: CorpusTag[];
  /** The stored chapter as HTML paragraphs, and the same as plain text for the full-text index. */
  html: string;
  text: string;
}

export interface CorpusOptions {
  works: number;
  seed: string;
  /** Words in each work's one stored chapter (the claimed `words` is separate). */
  bodyWords: number;
}

export class CorpusGenerator {
  readonly fandoms: Fandom[];
  /** Creator pseud names; works point into this list. ~N/5 of them, as AO3 has ~1 creator per 5 works. */
  readonly pseuds: string[];
  private readonly fandomTable: Weighted;
  private readonly characterTables = new Map<Fandom, Weighted>();
  private readonly pseudTable: Weighted;
  private readonly wordTable = zipf(VOCABULARY.length, 1);
  private readonly freeformTable = zipf(FREEFORMS.length, FREEFORM_ZIPF_S);
  private readonly otherWordTables = new Map<string, Weighted>();
  private readonly characterByName = new Map<string, Character>();
  private readonly years: Weighted;
  private readonly shipsByCategory = new Map<Fandom, Map<Category, string[]>>();
  private readonly relationshipTags = new Map<string, CorpusTag>();
  // Hot loops reuse these tag objects: the closed vocabularies and the additional tags.
  private readonly ratingTags = new Map(RATING_TAGS.map((name) => [name, { type: 'rating', name } as CorpusTag]));
  private readonly warningTags = new Map(WARNING_TAGS.map((name) => [name, { type: 'warning', name } as CorpusTag]));
  private readonly categoryTags = new Map(CATEGORY_TAGS.map((name) => [name, { type: 'category', name } as CorpusTag]));
  private readonly freeformTags = FREEFORMS.map((name): CorpusTag => ({ type: 'freeform', name }));
  private readonly synonymTags = new Map(
    Object.entries(FREEFORM_SYNONYMS).map(([target, names]) => [
      target,
      names.map((name): CorpusTag => ({ type: 'freeform', name, synonymOf: target })),
    ]),
  );

  constructor(
    canon: Canon,
    readonly options: CorpusOptions,
  ) {
    const byName = new Map(canon.fandoms.map((f) => [f.name, f]));
    // canon/ files are named by a slug of the fandom's name: the longest popularity entry that a
    // slug of the name or an alias starts with ("sherlock-tv" is Sherlock, not the ACD canon).
    const rank = (f: CanonFandom) => {
      const slugs = [f.name, ...f.aliases].map(slugify);
      let best = -1;
      CANON_POPULARITY.forEach((s, i) => {
        const fits = slugs.some((g) => g === s || g.startsWith(`${s}-`));
        if (fits && (best < 0 || s.length > CANON_POPULARITY[best]!.length)) best = i;
      });
      return best >= 0 ? best : CANON_POPULARITY.length;
    };
    const canonSorted = [...canon.fandoms].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    const canonFandoms = canonSorted.map((f): Fandom => {
      const meta = metaName(f, byName);
      return {
        name: f.name,
        // A character canon shares between fandoms (Jon Snow) is one tag, under the first fandom.
        characters: f.characters.map((c) => {
          let ch = this.characterByName.get(c.name);
          if (!ch) this.characterByName.set(c.name, (ch = character(c.name, c.gender, f.name)));
          return ch;
        }),
        relationships: f.relationships,
        ...(f.familyNameFirst ? { familyNameFirst: true } : {}),
        tag: { type: 'fandom', name: f.name, ...(meta ? { parents: [{ type: 'fandom' as const, name: meta }] } : {}) },
      };
    });
    this.fandoms = [...canonFandoms, ...Array.from({ length: GENERATED_FANDOMS }, (_, i) => generatedFandom(i))];
    for (const f of this.fandoms)
      for (const c of f.characters) if (!this.characterByName.has(c.name)) this.characterByName.set(c.name, c);
    this.fandomTable = zipf(this.fandoms.length, FANDOM_ZIPF.s, FANDOM_ZIPF.q);
    this.pseuds = buildPseudPool(options.seed, Math.max(10, Math.round(options.works / 5)));
    /** Creators' output is Zipf (s = 0.6): a few write hundreds of works, most write one or two. */
    this.pseudTable = zipf(this.pseuds.length, 0.6);
    const lastYear = new Date(CORPUS_END_MS).getUTCFullYear();
    const yearWeights: number[] = [];
    for (let y = 2009; y <= lastYear; y++) {
      const from = Math.max(START_MS, Date.UTC(y, 0, 1));
      const to = Math.min(CORPUS_END_MS, Date.UTC(y + 1, 0, 1));
      yearWeights.push(YEARLY_GROWTH ** (y - 2009) * Math.max(0, to - from));
    }
    this.years = new Weighted(yearWeights);
    for (const [lang, words] of Object.entries(OTHER_HEAD)) this.otherWordTables.set(lang, zipf(words.length, 1));
  }

  /** Work i of the corpus; the same (seed, i) always gives the same work. */
  work(index: number): CorpusWork {
    const rng = new Rng(hashSeed(this.options.seed, index));
    const rating = RATINGS.sample(rng);
    const warnings = sampleWarnings(rng, rating);

    const fandom = this.fandoms[this.fandomTable.sample(rng)]!;
    const fandoms = [fandom];
    if (rng.chance(CROSSOVER_SHARE)) {
      for (let tries = 0; tries < 10 && fandoms.length < 2; tries++) {
        const other = this.fandoms[this.fandomTable.sample(rng)]!;
        if (other !== fandom) fandoms.push(other);
      }
    }

    const category = CATEGORIES.sample(rng);
    const categories: Category[] = category ? [category] : [];
    const characters: Character[] = [];
    const relationships = this.relationshipsFor(rng, fandoms, category, characters);
    // AO3 works often carry two categories when they have pairings of two kinds.
    if (category && category !== 'Gen' && relationships.length >= 2 && rng.chance(0.25)) {
      const second = rng.pick(SECOND_CATEGORIES);
      if (second !== category) categories.push(second);
    }
    const wantCharacters = Math.min(8, Math.max(CHARACTER_COUNTS.sample(rng), characters.length));
    for (let tries = 0; characters.length < wantCharacters && tries < 40; tries++) {
      // A crossover's characters come mostly from its first fandom.
      const c = this.character(rng, fandoms.length > 1 && rng.chance(0.35) ? fandoms[1]! : fandom);
      if (!characters.includes(c)) characters.push(c);
    }
    if (characters.length > 8) characters.length = 8;

    const tags: CorpusTag[] = [this.ratingTags.get(rating)!];
    for (const w of warnings) tags.push(this.warningTags.get(w)!);
    for (const c of categories) tags.push(this.categoryTags.get(c)!);
    for (const f of fandoms) tags.push(f.tag);
    for (const r of relationships) tags.push(r);
    for (const c of characters) tags.push(c.tag);
    const wantFreeforms = FREEFORM_COUNTS.sample(rng);
    const firstFreeform = tags.length;
    for (let tries = 0; tags.length - firstFreeform < wantFreeforms && tries < 40; tries++) {
      const tag = this.freeformTags[this.freeformTable.sample(rng)]!;
      let dup = false;
      for (let k = firstFreeform; k < tags.length && !dup; k++)
        dup = tags[k] === tag || tags[k]!.synonymOf === tag.name;
      if (dup) continue;
      const synonyms = this.synonymTags.get(tag.name);
      tags.push(synonyms && rng.chance(SYNONYM_SHARE) ? rng.pick(synonyms) : tag);
    }

    const language = LANGUAGES.sample(rng);
    // AO3 word counts: median ~3,000, a long tail of novels (mean ~7,500 here, 1% over ~70,000);
    // log-normal, clamped to 100..500,000 (a few AO3 works are longer; they change no search).
    const words = Math.round(Math.min(500_000, Math.max(100, rng.logNormal(3000, 1.35))));
    const { chapterCount, expectedChapters, complete } = chaptersFor(rng, words);
    const postedMs = this.postedMs(rng);
    const updatedMs = updatedFor(rng, postedMs, chapterCount);
    const stats = statsFor(rng, postedMs, words, chapterCount);

    const creators = [this.pseudTable.sample(rng)];
    // ~3% of AO3 works are co-created.
    if (rng.chance(0.03)) {
      const other = this.pseudTable.sample(rng);
      if (other !== creators[0]) creators.push(other);
    }

    const cast = characters.length ? characters : fandom.characters.slice(0, 1);
    const title = this.title(rng, cast);
    const summary = this.summary(rng, cast);
    const { html, text } = this.body(rng, language, cast);
    const restricted = rng.chance(RESTRICTED_SHARE);
    return {
      index,
      title,
      summary,
      language,
      words,
      chapterCount,
      expectedChapters,
      complete,
      postedAt: new Date(postedMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
      hits: stats.hits,
      kudos: stats.kudos,
      bookmarks: stats.bookmarks,
      comments: stats.comments,
      restricted,
      creators,
      tags,
      html,
      text,
    };
  }

  private character(rng: Rng, fandom: Fandom): Character {
    let table = this.characterTables.get(fandom);
    if (!table) {
      table = zipf(fandom.characters.length, CHARACTER_ZIPF_S);
      this.characterTables.set(fandom, table);
    }
    return fandom.characters[table.sample(rng)]!;
  }

  /**
   * Relationship tags that fit the category: a canon pairing of the right genders half the time
   * (AO3's big ships), else a pair of the fandom's characters — "A/B" romantic, "A & B" platonic,
   * names in the order AO3's wranglers write canonical relationship tags (by family name). Their characters join the
   * work's character tags, as writers tag them.
   */
  private relationshipsFor(
    rng: Rng,
    fandoms: Fandom[],
    category: Category | null,
    characters: Character[],
  ): CorpusTag[] {
    const count =
      category === 'Gen'
        ? rng.chance(0.6)
          ? 0
          : 1 + rng.int(2)
        : category === 'Multi'
          ? 2 + rng.int(2)
          : RELATIONSHIP_COUNTS.sample(rng);
    const out: CorpusTag[] = [];
    for (let tries = 0; out.length < count && tries < 12; tries++) {
      const fandom = fandoms.length > 1 && rng.chance(0.3) ? fandoms[1]! : fandoms[0]!;
      const platonic = category === 'Gen' || rng.chance(0.15);
      const wanted: Category | null = platonic
        ? null
        : category === 'Multi' || category === null
          ? rng.pick(ROMANTIC_CATEGORIES)
          : category;
      let name: string | undefined;
      if (!platonic && wanted && fandom.relationships.length && rng.chance(0.5)) {
        const fits = this.canonShips(fandom).get(wanted);
        // Skewed to the head of the canon's list, which names the biggest ships first.
        if (fits?.length) name = fits[Math.floor(fits.length * rng.next() * rng.next())];
      }
      if (!name) {
        const a = this.character(rng, fandom);
        let b: Character | undefined;
        for (let k = 0; k < 12 && !b; k++) {
          const c = this.character(rng, fandom);
          if (c !== a && (wanted === null || pairCategory(a.gender, c.gender) === wanted)) b = c;
        }
        if (!b) continue;
        const [x, y] = inAo3Order([a.name, b.name], () => fandom.familyNameFirst === true);
        name = platonic ? `${x} & ${y}` : `${x}/${y}`;
      }
      let tag = this.relationshipTags.get(name);
      if (!tag) {
        tag = { type: 'relationship', name };
        this.relationshipTags.set(name, tag);
      }
      if (out.includes(tag)) continue;
      out.push(tag);
      for (const part of name.split(RELATIONSHIP_SEPARATOR)) {
        const c = this.characterByName.get(part);
        if (c && !characters.includes(c)) characters.push(c);
      }
    }
    return out;
  }

  private canonShips(fandom: Fandom): Map<Category, string[]> {
    let ships = this.shipsByCategory.get(fandom);
    if (!ships) {
      ships = new Map();
      for (const r of fandom.relationships) {
        const names = r.split('/');
        if (names.length !== 2) continue;
        const [a, b] = names.map((n) => this.characterByName.get(n)?.gender ?? 'unknown');
        const c = pairCategory(a!, b!);
        ships.set(c, [...(ships.get(c) ?? []), r]);
      }
      this.shipsByCategory.set(fandom, ships);
    }
    return ships;
  }

  private postedMs(rng: Rng): number {
    const year = 2009 + this.years.sample(rng);
    const from = Math.max(START_MS, Date.UTC(year, 0, 1));
    const to = Math.min(CORPUS_END_MS, Date.UTC(year + 1, 0, 1));
    return Math.floor((from + rng.next() * (to - from)) / 1000) * 1000;
  }

  private title(rng: Rng, cast: Character[]): string {
    const noun = () => rng.pick(TITLE_NOUNS);
    const adj = () => rng.pick(TITLE_ADJECTIVES);
    switch (rng.int(9)) {
      case 0:
        return `${adj()} ${noun()}`;
      case 1:
        return `The ${noun()} of ${noun()}`;
      case 2:
        return noun();
      case 3:
        return `${noun()} and ${noun()}`;
      case 4:
        return `A ${adj()} ${noun().toLowerCase()}`;
      // Lower-case lyric titles are an AO3 staple.
      case 5:
        return `where the ${noun().toLowerCase()} ${rng.pick(TITLE_VERBS)}`;
      case 6:
        return `${callName(rng.pick(cast))} and the ${adj()} ${noun()}`;
      case 7:
        return `${adj()} ${noun()}, ${adj()} ${noun()}`;
      default:
        return `The ${adj()} ${noun()}`;
    }
  }

  private summary(rng: Rng, cast: Character[]): string {
    const a = callName(cast[0]!);
    const b = callName(cast[1] ?? cast[0]!);
    const sentences = 1 + rng.int(2);
    let out = '';
    for (let i = 0; i < sentences; i++) {
      const template = rng.pick(SUMMARY_TEMPLATES);
      let sentence = '';
      for (const piece of template.split(TEMPLATE_SLOT)) {
        sentence +=
          piece === '{A}'
            ? a
            : piece === '{B}'
              ? b
              : piece === '{w}'
                ? VOCABULARY[SUMMARY_WORDS_FROM + rng.int(SUMMARY_WORDS)]!
                : piece;
      }
      out += (i ? ' ' : '') + sentence;
    }
    return out;
  }

  /** One stored chapter: Zipf words, the characters' names, rare words; sentences and paragraphs. */
  private body(rng: Rng, language: string, cast: Character[]): { html: string; text: string } {
    const names: string[] = [];
    for (const c of cast) for (const p of c.parts) names.push(p);
    const paragraphs: string[] = [];
    const n = Math.max(1, this.options.bodyWords);
    if (language === 'zh') {
      let para = '';
      for (let i = 0; i < n; i++) {
        para +=
          rng.chance(NAME_TOKEN_SHARE) && names.length
            ? rng.pick(names)
            : CHINESE_CHARS[Math.floor(CHINESE_CHARS.length * rng.next() * rng.next())]!;
        if (rng.chance(0.12)) para += rng.chance(0.4) ? '。' : '，';
        if (para.length > 120) {
          paragraphs.push(para + '。');
          para = '';
        }
      }
      if (para) paragraphs.push(para + '。');
    } else {
      const other = OTHER_HEAD[language];
      const otherTable = this.otherWordTables.get(language);
      let para = '';
      let inSentence = 0;
      for (let i = 0; i < n; i++) {
        const u = rng.next();
        let w: string;
        if (u < NAME_TOKEN_SHARE && names.length) w = names[rng.int(names.length)]!;
        else if (u < NAME_TOKEN_SHARE + RARE_TOKEN_SHARE) w = rareWord(rng.int(RARE_SPACE));
        else if (other && otherTable && rng.next() < 0.7) w = other[otherTable.sample(rng)]!;
        else w = VOCABULARY[this.wordTable.sample(rng)]!;
        if (inSentence === 0) para += (para ? ' ' : '') + w.charAt(0).toUpperCase() + w.slice(1);
        else para += ' ' + w;
        inSentence++;
        if (inSentence >= 6 && rng.next() < 0.12) {
          para += rng.next() < 0.15 ? '?' : '.';
          inSentence = 0;
          if (rng.next() < 0.25) {
            paragraphs.push(para);
            para = '';
          }
        }
      }
      if (inSentence) para += '.';
      if (para) paragraphs.push(para);
    }
    // Every token is letters (names were cleaned of markup characters), so nothing needs escaping.
    return { html: `<p>${paragraphs.join('</p>\n<p>')}</p>`, text: paragraphs.join('\n\n') };
  }
}

const SECOND_CATEGORIES = ['F/M', 'M/M', 'F/F', 'Gen'] as const;
const ROMANTIC_CATEGORIES = ['M/M', 'F/M', 'F/F'] as const;
const RELATIONSHIP_SEPARATOR = /\/| & /;
const TEMPLATE_SLOT = /(\{[ABw]\})/;

function pairCategory(a: CanonCharacter['gender'], b: CanonCharacter['gender']): Category {
  if ((a !== 'male' && a !== 'female') || (b !== 'male' && b !== 'female')) return 'Other';
  return a === b ? (a === 'male' ? 'M/M' : 'F/F') : 'F/M';
}

/** What a summary calls a character: the nickname in quotes, else the first name. */
function callName(c: Character): string {
  const clean = c.name.replace(/\s*\(.*\)$/, '');
  const nick = /"([^"]+)"/.exec(clean);
  return nick ? nick[1]! : clean.split(/\s+/)[0]!;
}

// Synthetic works whose shape resembles AO3's, for measuring search at archive scale
// (`quire dev corpus`). Pure: a seeded PRNG, the distributions, plain objects out; the SQL that
// stores them is in corpus.repo.ts. Work i depends only on (seed, i, options, canon), so a corpus
// is the same on every machine and every run.
//
// The shares below imitate AO3 as its public statistics show it (the OTW's own posts and the
// "AO3 Ship Stats" / "toastystats" data dumps of 2013-2024); each constant names what it imitates.
import type { Canon, CanonCharacter, CanonFandom } from '../analysis/canon-types.ts';
import { CATEGORY_TAGS, RATING_TAGS, WARNING_TAGS, type TagType } from '../tags/tag-types.ts';

// ---- seeded randomness ------------------------------------------------------------------------

/** sfc32: small, fast, and good enough for sampling; seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and sigma of the underlying normal. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/** A 32-bit hash of a seed string and stream numbers (FNV-1a, then a final mix). */
export function hashSeed(seed: string, ...streams: number[]): number {
  let h = 0x811c9dc5;
  const text = `${seed}|${streams.join('|')}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/** Walker/Vose alias table: O(1) draws from any discrete distribution (vocabularies of thousands). */
export class Weighted {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('Weighted needs at least one weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

/** Zipf(-Mandelbrot) weights: rank r (from 0) weighs 1 / (r + 1 + q)^s. */
export function zipfWeights(n: number, s: number, q = 0): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = 1 / (r + 1 + q) ** s;
  return w;
}

export function zipf(n: number, s: number, q = 0): Weighted {
  return new Weighted(zipfWeights(n, s, q));
}

/** A categorical draw over labelled shares (the shares need not sum to 1). */
class Shares<T> {
  private readonly table: Weighted;
  constructor(private readonly items: readonly (readonly [T, number])[]) {
    this.table = new Weighted(items.map(([, w]) => w));
  }
  sample(rng: Rng): T {
    return this.items[this.table.sample(rng)]![0];
  }
}

// ---- AO3's closed vocabularies and their mixes -------------------------------------------------

type Rating = (typeof RATING_TAGS)[number];
type Warning = (typeof WARNING_TAGS)[number];
type Category = (typeof CATEGORY_TAGS)[number];

/** AO3's rating mix across all works (General ~20%, Teen ~30%, Mature ~15%, Explicit ~20%, Not Rated ~15%). */
const RATINGS = new Shares<Rating>([
  ['General Audiences', 20],
  ['Teen And Up Audiences', 30],
  ['Mature', 15],
  ['Explicit', 20],
  ['Not Rated', 15],
]);

/**
 * AO3's archive warnings: most works say No Archive Warnings Apply (~60%) or Creator Chose Not To
 * Use (~25%); the rest name one or more specific warnings, Graphic Violence the most common
 * (~10% of all works), then Major Character Death (~5%), and a little Rape/Non-Con and Underage
 * (~1% each, on adult-rated works). AO3 lets a work carry several specific warnings, never with
 * "No Archive Warnings Apply".
 */
function sampleWarnings(rng: Rng, rating: Rating): Warning[] {
  const u = rng.next();
  if (u < 0.6) return ['No Archive Warnings Apply'];
  if (u < 0.85) return ['Creator Chose Not To Use Archive Warnings'];
  const adult = rating !== 'General Audiences' && rating !== 'Teen And Up Audiences';
  let first = SPECIFIC_WARNINGS.sample(rng);
  if (!adult && (first === 'Rape/Non-Con' || first === 'Underage Sex')) first = 'Graphic Depictions Of Violence';
  const out: Warning[] = [first];
  if (first !== 'Graphic Depictions Of Violence' && rng.chance(0.2)) out.push('Graphic Depictions Of Violence');
  if (first !== 'Major Character Death' && rng.chance(0.1)) out.push('Major Character Death');
  return out;
}
const SPECIFIC_WARNINGS = new Shares<Warning>([
  ['Graphic Depictions Of Violence', 50],
  ['Major Character Death', 28],
  ['Rape/Non-Con', 13],
  ['Underage Sex', 9],
]);

/** AO3's category shares (ship stats 2023: M/M ~40%, F/M ~22%, Gen ~20%, F/F ~7%, Multi ~6%, Other ~3%; ~2% leave it empty). */
const CATEGORIES = new Shares<Category | null>([
  ['M/M', 40],
  ['F/M', 22],
  ['Gen', 20],
  ['F/F', 7],
  ['Multi', 6],
  ['Other', 3],
  [null, 2],
]);

/** AO3 is ~92% English; then Chinese, Russian, Spanish, French, German, Portuguese, Italian in about that order. */
const LANGUAGES = new Shares<string>([
  ['en', 92],
  ['zh', 2.2],
  ['ru', 1.6],
  ['es', 1.6],
  ['fr', 0.9],
  ['de', 0.6],
  ['pt', 0.6],
  ['it', 0.5],
]);

/** Characters tagged per work: AO3 works tag a handful, median ~3-4, few beyond eight. */
const CHARACTER_COUNTS = new Shares<number>([
  [1, 12],
  [2, 18],
  [3, 18],
  [4, 15],
  [5, 11],
  [6, 9],
  [7, 8],
  [8, 9],
]);
/** Relationship tags per work: most works tag one pairing, many none, some two or three. */
const RELATIONSHIP_COUNTS = new Shares<number>([
  [0, 22],
  [1, 48],
  [2, 18],
  [3, 12],
]);
/** Additional tags per work: 2-10, median ~5 (AO3 blurbs show a handful, some a long list). */
const FREEFORM_COUNTS = new Shares<number>([
  [2, 10],
  [3, 15],
  [4, 17],
  [5, 16],
  [6, 13],
  [7, 10],
  [8, 8],
  [9, 6],
  [10, 5],
]);

// ---- fandoms --------------------------------------------------------------------------------

/**
 * The canon fandoms (by file name) in roughly AO3's order of works per fandom (MCU, Harry Potter,
 * Supernatural, Sherlock and the K-pop and anime giants on top). Fandoms not listed follow.
 */
const CANON_POPULARITY = [
  'marvel-cinematic-universe',
  'harry-potter',
  'supernatural',
  'sherlock',
  'bts',
  'my-hero-academia',
  'one-direction',
  'teen-wolf',
  'haikyuu',
  'star-wars',
  'genshin-impact',
  'naruto',
  'dcu',
  'dream-smp',
  'star-trek',
  'doctor-who',
  'hetalia',
  'voltron',
  'attack-on-titan',
  'good-omens',
  'jujutsu-kaisen',
  'hockey-rpf',
  'homestuck',
  'batman',
  'critical-role',
  'the-witcher',
  'dragon-age',
  'mo-dao-zu-shi',
  'stranger-things',
  'merlin',
  'hannibal',
  'percy-jackson',
  'the-lord-of-the-rings',
  'the-hobbit',
  'once-upon-a-time',
  'game-of-thrones',
  'a-song-of-ice-and-fire',
  'criminal-minds',
  '9-1-1',
  'buffy-the-vampire-slayer',
  'glee',
  'twilight',
  'avatar-the-last-airbender',
  'miraculous-ladybug',
  'pokemon',
  'mass-effect',
  'hunger-games',
  'danganronpa',
  'one-piece',
  'demon-slayer',
  'hazbin-hotel',
  'the-vampire-diaries',
  'the-originals',
  'sherlock-holmes-arthur-conan-doyle',
];

/** AO3 has ~60k fandoms, most tiny: a few thousand generated ones stand in for the long tail. */
export const GENERATED_FANDOMS = 3000;
/**
 * Works per fandom by popularity rank follow Zipf-Mandelbrot (s = 1, q = 2): the biggest fandom
 * holds ~4.5% of works (MCU's share on AO3), the canon's few hundred together ~70%, the tail the rest.
 */
const FANDOM_ZIPF = { s: 1, q: 2 };
/** ~8% of AO3 works are crossovers; nearly all of those name two fandoms. */
const CROSSOVER_SHARE = 0.08;
/** Within a fandom, a few leads are in most works: Zipf over the canon's (prominence-ordered) list. */
const CHARACTER_ZIPF_S = 1.1;

export interface Character {
  name: string;
  gender: CanonCharacter['gender'];
  /** The words a story calls them by: "Evan \"Buck\" Buckley" -> Evan, Buck, Buckley. */
  parts: string[];
  /** Its tag, with its fandom above it (AO3's common tagging: a character's fandom is not a filter). */
  tag: CorpusTag;
}

export interface Fandom {
  name: string;
  characters: Character[];
  /** Canon pairings, as AO3 writes them. */
  relationships: string[];
  /** Its tag, with the meta fandom it sits under ("... & Related Fandoms"), if any. */
  tag: CorpusTag;
}

/**
 * AO3's wranglers file each character under its fandom ("common tagging": not a search filter).
 * Off for now: filters.repo's fandom count takes any child tag for a sub-fandom, so every work
 * tagged with a character of its fandom would count 0 fandoms and no crossover would be found.
 */
const COMMON_TAGGING = false;

function character(name: string, gender: CanonCharacter['gender'], fandom: string): Character {
  const parts = name
    .replace(/\s*\(.*\)$/, '')
    .replace(/[&<>"]/g, ' ')
    .split(/\s+/)
    .filter((p) => p.length > 1);
  const tag: CorpusTag = COMMON_TAGGING
    ? { type: 'character', name, parents: [{ type: 'fandom', name: fandom }] }
    : { type: 'character', name };
  return { name, gender, parts, tag };
}

const FIRST_NAMES = [
  'Aiden',
  'Alba',
  'Anselm',
  'Ari',
  'Beatrix',
  'Bram',
  'Cass',
  'Cedric',
  'Corin',
  'Dara',
  'Delphine',
  'Emrys',
  'Esme',
  'Faye',
  'Felix',
  'Gideon',
  'Greta',
  'Hale',
  'Ines',
  'Isolde',
  'Jory',
  'Juniper',
  'Kael',
  'Kestrel',
  'Lark',
  'Lenore',
  'Lio',
  'Mara',
  'Marius',
  'Mira',
  'Nell',
  'Noor',
  'Oren',
  'Orla',
  'Pax',
  'Petra',
  'Quill',
  'Rhea',
  'Rowan',
  'Sable',
  'Silas',
  'Soren',
  'Tamsin',
  'Theo',
  'Ulla',
  'Vale',
  'Vesper',
  'Wren',
  'Xavi',
  'Yara',
  'Ysolde',
  'Zev',
  'Zora',
  'Anwen',
  'Caspian',
  'Elio',
];
const LAST_NAMES = [
  'Ashdown',
  'Blackwood',
  'Castellan',
  'Dunmore',
  'Everhart',
  'Fairweather',
  'Greymoor',
  'Hollis',
  'Ironside',
  'Jessamy',
  'Kingsley',
  'Lockhart',
  'Marlowe',
  'Nightingale',
  'Oakheart',
  'Pendragon',
  'Quartermaine',
  'Ravensworth',
  'Sterling',
  'Thornfield',
  'Underhill',
  'Vance',
  'Winterbourne',
  'Yardley',
  'Zeller',
  'Arden',
  'Bellamy',
  'Crane',
  'Devereux',
  'Ellory',
  'Fenwick',
  'Galloway',
  'Hartigan',
  'Ilves',
  'Kerrigan',
  'Lindqvist',
  'Morrow',
  'Novak',
  'Okafor',
  'Park',
  'Reyes',
  'Sato',
];

function generatedFandom(i: number): Fandom {
  const rng = new Rng(hashSeed('generated-fandom', i));
  const label = String(i + 1).padStart(4, '0');
  const name = `Generated Fandom ${label}`;
  const n = 6 + rng.int(15);
  const characters: Character[] = [];
  const used = new Set<string>();
  while (characters.length < n) {
    const first = rng.pick(FIRST_NAMES);
    if (used.has(first)) continue;
    used.add(first);
    // AO3 disambiguates a shared character name with its fandom, as here: "Mira Castellan (GF 0413)".
    const full = rng.chance(0.75) ? `${first} ${rng.pick(LAST_NAMES)} (GF ${label})` : `${first} (GF ${label})`;
    const g = rng.next();
    characters.push(character(full, g < 0.48 ? 'male' : g < 0.96 ? 'female' : 'nonbinary', name));
  }
  return { name, characters, relationships: [], tag: { type: 'fandom', name } };
}

/** Canon fandoms that share characters get AO3's meta tag above them ("Tolkien & Related Fandoms"). */
function metaName(f: CanonFandom, byName: Map<string, CanonFandom>): string | null {
  const related = f.related.map((r) => byName.get(r)).filter((r): r is CanonFandom => r !== undefined);
  if (related.length === 0) return null;
  const group = [f, ...related].map((x) => x.name).sort();
  return `${group[0]} & Related Fandoms`;
}

// ---- words --------------------------------------------------------------------------------

/** The most frequent words of English fiction, roughly in frequency order (the Zipf head). */
const ENGLISH_HEAD = (
  'the and to a of he was she in his her it that you i had with as for but at on not they be him said were is from so ' +
  'all what there out up one back into could would like just know about then me do we no if have been them an their my ' +
  'this when over down eyes time hand face looked head even still more before something thought room only again too away ' +
  'door through now how around did can way felt made going right want little off never got think against voice night long ' +
  'where other first smile turned things moment hair left each while light heart some who because why here told asked under ' +
  'last enough always anything nothing feel let tell see take come look good well which after small breath those should ' +
  'might mouth fingers quiet softly slowly both maybe really sure much own already behind world nothing almost home hands ' +
  'stood knew words another better very same every morning without table shoulder body himself herself across kind love ' +
  'together wanted fire water sky window bed floor wall coffee tea rain snow sun moon stars blood sword ship car city street ' +
  'house kitchen garden book letter phone school work war king queen magic dark cold warm soft quietly later years days ' +
  'sleep dream laugh laughed cried whispered shouted smiled nodded sighed grinned frowned shrugged leaned reached pulled ' +
  'pushed held kissed touched watched waited walked ran fell sat stayed left found lost broke kept gave took brought ' +
  'remember forget believe promise sorry please thank okay yes maybe tomorrow tonight yesterday forever never always'
).split(' ');

/** Other languages' everyday words, so language filters meet text in that language. */
const OTHER_HEAD: Record<string, string[]> = {
  es: 'el la de que y en los se del las un por con no una su para es al lo como más pero sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos noche corazón ojos mano casa tiempo'.split(
    ' ',
  ),
  fr: 'le de la et les des en un du une que est pour qui dans par plus pas au sur ne se il elle ce avec sont son mais comme nous vous je tu sa leurs ou cette aussi bien tout nuit coeur yeux main maison temps toujours jamais encore soudain regard sourire'.split(
    ' ',
  ),
  de: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an er sie hat aus bei wird sind noch wie einem über einen so zum war haben nur oder aber nacht herz augen hand haus zeit immer nie wieder plötzlich lächeln'.split(
    ' ',
  ),
  pt: 'de a o que e do da em um para com não uma os no se na por mais as dos como mas ao ele ela das seu sua ou quando muito nos já eu também só pelo noite coração olhos mão casa tempo sempre nunca ainda sorriso'.split(
    ' ',
  ),
  it: 'di e il la che a per un in è non una si con sono da le del della ma lo come più al anche se ci lui lei questo quando molto notte cuore occhi mano casa tempo sempre mai ancora sorriso'.split(
    ' ',
  ),
  ru: 'и в не на я что он с она как а то все это так его но да ты к у же вы за бы по только её мне было вот от меня ещё нет о из ему теперь когда даже ну вдруг ли если уже или ночь сердце глаза рука дом время всегда никогда улыбка'.split(
    ' ',
  ),
};
/** Chinese: common characters; written without spaces, clauses broken by punctuation, as in real text. */
const CHINESE_CHARS =
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域读'.split(
    '',
  );

const SYLLABLE_ONSETS = 'b d f g k l m n p r s t v z h j'.split(' ');
const SYLLABLE_VOWELS = 'a e i o u'.split(' ');
const SYLLABLES = SYLLABLE_ONSETS.flatMap((c) => SYLLABLE_VOWELS.map((v) => c + v));

/**
 * Made-up words stand in for the middle and tail of the vocabulary: 2-3 syllables (4-7 letters),
 * fixed for every seed so a benchmark can name a mid-frequency or rare word. The very rare words
 * (RARE_SPACE, 4 syllables and 8+ letters) cannot collide with them.
 */
function buildVocabulary(size: number): string[] {
  const rng = new Rng(hashSeed('vocabulary'));
  const seen = new Set(ENGLISH_HEAD);
  const words = [...seen];
  while (words.length < size) {
    const n = 2 + (rng.chance(0.45) ? 1 : 0);
    let w = '';
    for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
    if (rng.chance(0.3)) w += rng.pick(['n', 'r', 's', 'l', 'th']);
    if (seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  return words;
}

/** Body vocabulary: a real head, then made-up words, Zipf-ranked (s = 1, as word frequencies are). */
export const VOCABULARY = buildVocabulary(5000);
/** Distinct very rare words: each appears in a handful of works even at a million. */
export const RARE_SPACE = 200_000;
/** The share of body tokens drawn from the rare space: hapaxes and typos of real text. */
const RARE_TOKEN_SHARE = 0.005;
/** The share of body tokens that name one of the work's characters. */
const NAME_TOKEN_SHARE = 0.04;

/** The i-th very rare word: 4 syllables, spread over the syllable space by a multiplicative hash. */
export function rareWord(i: number): string {
  let x = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  let w = '';
  for (let k = 0; k < 4; k++) {
    w += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  }
  return w + 'a';
}

// ---- additional tags ------------------------------------------------------------------------

const AU_SETTINGS = [
  'Coffee Shops & Cafés',
  'Modern Setting',
  'High School',
  'College/University',
  'Canon Divergence',
  'Soulmates',
  'Royalty',
  'Human',
  'Hogwarts',
  'Fantasy',
  'Pirates',
  'Space',
  'Mafia',
  'Vampires',
  'Werewolves',
  'Fae & Fairies',
  'Office Workers',
  'Actors',
  'Musicians',
  'Hockey',
  'Figure Skating',
  'Pokemon Setting',
  'Zombie Apocalypse',
  'Post-Apocalypse',
  'Time Travel',
  'Regency',
  'Victorian',
  'Western',
  'Cyberpunk',
  'Superheroes',
  'No Powers',
  'Reincarnation',
  'Hanahaki Disease',
  'Omegaverse',
  'Mermaids',
  'Dragons',
  'Bakery',
  'Flower Shop',
  'Tattoo Artist',
  'Florist',
  'Hospital',
  'Police',
  'Firefighters',
  'Roommates/Housemates',
  'Neighbors',
  'Summer Camp',
  'Road Trip',
  'Wedding Planner',
  'Witches',
  'Gods & Goddesses',
  'Dystopia',
  'Historical',
  'Medieval',
  'Magic',
  'Ghosts',
  'Demons',
  'Angels',
  'Assassins',
  'Spies',
];

/** AO3's most used additional tags, most used first (Fluff, Angst, Hurt/Comfort head the list). */
const FREEFORM_HEAD = [
  'Fluff',
  'Angst',
  'Hurt/Comfort',
  'Romance',
  'Humor',
  'Established Relationship',
  'Friendship',
  'Smut',
  'Alternate Universe',
  'Family',
  'Angst with a Happy Ending',
  'Alternate Universe - Canon Divergence',
  'Slow Burn',
  'Drama',
  'Friends to Lovers',
  'Fluff and Angst',
  'Violence',
  'Love',
  'Canon Compliant',
  'Alternate Universe - Modern Setting',
  'Sexual Content',
  'Oral Sex',
  'Crack',
  'First Kiss',
  'Anal Sex',
  'Missing Scene',
  'Post-Canon',
  'Pre-Canon',
  'Mutual Pining',
  'Pining',
  'Minor Character Death',
  'Kissing',
  'Fix-It',
  'Hurt No Comfort',
  'Domestic Fluff',
  'Blood and Injury',
  'Emotional Hurt/Comfort',
  'Fluff and Smut',
  'Happy Ending',
  'Adventure',
  'Mystery',
  'Character Study',
  'Introspection',
  'Enemies to Lovers',
  'Mental Health Issues',
  'Depression',
  'Anxiety',
  'Panic Attacks',
  'Nightmares',
  'Christmas',
  'Halloween',
  "Valentine's Day",
  'Birthday',
  'Getting Together',
  'Humor and Fluff',
  'Light Angst',
  'Heavy Angst',
  'Whump',
  'Protective',
  'Jealousy',
  'Misunderstandings',
  'Miscommunication',
  'Idiots in Love',
  'Soft',
  'Cuddling & Snuggling',
  'Dancing',
  'Cooking',
  'Baking',
  'Sick Fic',
  'Caretaking',
  'Found Family',
  'Parent-Child Relationship',
  'Sibling Bonding',
  'Childhood Friends',
  'Enemies to Friends to Lovers',
  'Rivals to Lovers',
  'Strangers to Lovers',
  'Fake/Pretend Relationship',
  'Marriage of Convenience',
  'Arranged Marriage',
  'Secret Relationship',
  'Love Confessions',
  'Confessions',
  'Unrequited Love',
  'Requited Love',
  'Pining',
  'Eventual Romance',
  'Implied Sexual Content',
  'Praise Kink',
  'Dirty Talk',
  'Rough Sex',
  'Porn With Plot',
  'Porn Without Plot',
  'PWP',
  'Plot What Plot/Porn Without Plot',
  'Dom/sub',
  'Bottom',
  'Top',
  'Switching',
  'Aftercare',
  'Consent',
  'First Time',
  'Loss of Virginity',
  'Morning Sex',
  'Shower Sex',
  'Alpha/Beta/Omega Dynamics',
  'Omega Verse',
  'Heat Cycles',
  'Mating Bites',
  'Soulmate-Identifying Marks',
  'Soulmate AU',
  'Time Travel',
  'Time Loop',
  'Body Swap',
  'De-Aged Character(s)',
  'Magic',
  'Magical Realism',
  'Supernatural Elements',
  'Ghosts',
  'Vampires',
  'Werewolves',
  'Witches',
  'Demons',
  'Angels',
  'Dragons',
  'Mythology - Freeform',
  'Fairy Tale Retellings',
  'Folklore',
  'Worldbuilding',
  'Politics',
  'War',
  'Battle',
  'Torture',
  'Kidnapping',
  'Captivity',
  'Trauma',
  'Recovery',
  'Healing',
  'Grief/Mourning',
  'Loss',
  'Death',
  'Suicidal Thoughts',
  'Self-Harm',
  'Eating Disorders',
  'Alcohol',
  'Drug Use',
  'Addiction',
  'Abuse',
  'Child Abuse',
  'Emotional Abuse',
  'Gaslighting',
  'Manipulation',
  'Dark',
  'Dark Character',
  'Villain',
  'Morally Grey Character',
  'Redemption',
  'Forgiveness',
  'Apologies',
  'Emotional Constipation',
  'Feelings Realization',
  'Self-Esteem Issues',
  'Insecurity',
  'Identity Issues',
  'Coming Out',
  'Queer Themes',
  'Trans Character',
  'Nonbinary Character',
  'Bisexual Character',
  'Lesbian Character',
  'Gay Character',
  'Asexual Character',
  'Aromantic Character',
  'Demisexuality',
  'Polyamory',
  'Threesome - M/M/M',
  'Threesome - F/M/M',
  'Open Relationships',
  'Canon Gay Relationship',
  'Canon Het Relationship',
  'Rare Pairings',
  'Crack Pairing',
  'Crack Treated Seriously',
  'Parody',
  'Satire',
  'Fanfiction',
  'Self-Insert',
  'Reader-Insert',
  'Second Person',
  'First Person',
  'Epistolary',
  'Texting',
  'Social Media',
  'Chatting & Messaging',
  'Chatlogs',
  'Poetry',
  'Drabble',
  'Drabble Collection',
  'Ficlet',
  'One Shot',
  'Short One Shot',
  'Prompt Fill',
  'Tumblr Prompt',
  'Writing Prompt',
  'Inktober',
  'Whumptober',
  'Kinktober',
  'Flufftober',
  'Secret Santa',
  'Gift Exchange',
  'Fic Exchange',
  'Podfic Welcome',
  'Translation',
  'Work In Progress',
  'Unfinished',
  'Not Beta Read',
  'We Die Like Men',
  'Beta Read',
  'Author Is Sleep Deprived',
  'Author Regrets Nothing',
  'I Wrote This Instead of Sleeping',
  'Tags May Change',
  'More tags to be added',
  'Not Canon Compliant',
  'Canon? What Canon?',
  'Spoilers',
  'Post-Finale',
  'Episode Related',
  'Episode Tag',
  'Season/Series 01',
  'Season/Series 02',
  'Canon Timeline',
  'Canon Universe',
  'Pre-Series',
  'Post-Series',
  'Road Trips',
  'Camping',
  'Beach Holiday',
  'Snow',
  'Rain',
  'Autumn',
  'Summer',
  'Winter',
  'Spring',
  'Stargazing',
  'Picnics',
  'Cats',
  'Dogs',
  'Animals',
  'Pets',
  'Food',
  'Coffee',
  'Tea',
  'Books',
  'Libraries',
  'Music',
  'Singing',
  'Art',
  'Painting',
  'Sports',
  'Hockey',
  'Football',
  'Swimming',
  'Gym',
  'Sparring',
  'Training',
  'Military',
  'Police Procedural',
  'Case Fic',
  'Detectives',
  'Murder Mystery',
  'Horror',
  'Psychological Horror',
  'Body Horror',
  'Gore',
  'Graphic Violence',
  'Canon-Typical Violence',
  'Blood',
  'Injury',
  'Hospitalization',
  'Medical Procedures',
  'Poisoning',
  'Amnesia',
  'Memory Loss',
  'Nightmares',
  'Insomnia',
  'Sleepy Cuddles',
  'Bed Sharing',
  'There Was Only One Bed',
  'Hand Holding',
  'Forehead Kisses',
  'Mutual Pining',
  'Tension',
  'Sexual Tension',
  'Unresolved Sexual Tension',
  'Flirting',
  'Dating',
  'First Dates',
  'Weddings',
  'Proposals',
  'Marriage',
  'Domesticity',
  'Domestic',
  'Kid Fic',
  'Pregnancy',
  'Babies',
  'Teenagers',
  'Coming of Age',
  ...AU_SETTINGS.map((s) => `Alternate Universe - ${s}`),
];
/** The additional tag vocabulary, de-duplicated, most used first. */
export const FREEFORMS = [...new Set(FREEFORM_HEAD)];
/** Additional tags per rank follow Zipf (s = 0.9): Fluff and Angst are on a large share of works. */
const FREEFORM_ZIPF_S = 0.9;
/**
 * A few popular tags are often written another way; AO3's wranglers make those synonyms of the
 * canonical tag (a work tagged "Fluffy" is found under Fluff). ~10% of their uses take the synonym.
 */
const FREEFORM_SYNONYMS: Record<string, string[]> = {
  Fluff: ['Fluffy', 'so much fluff', 'Tooth-Rotting Fluff'],
  Angst: ['angsty', 'Angst and Feels'],
  'Hurt/Comfort': ['hurt and comfort', 'Hurt & Comfort'],
  'Alternate Universe': ['AU', 'Alternative Universe'],
  'Slow Burn': ['slowburn', 'very slow burn'],
  'Friends to Lovers': ['friends-to-lovers'],
};
const SYNONYM_SHARE = 0.1;
/** A minority of AO3 works are restricted to signed-in readers ("archive-locked"). */
const RESTRICTED_SHARE = 0.05;

// ---- titles and summaries -------------------------------------------------------------------

const TITLE_NOUNS = [
  'Light',
  'Shadows',
  'Home',
  'Stars',
  'Sea',
  'Storm',
  'Silence',
  'Fire',
  'Ashes',
  'Bones',
  'Hearts',
  'Ghosts',
  'Wolves',
  'Roses',
  'Thorns',
  'Gold',
  'Glass',
  'Salt',
  'Honey',
  'Smoke',
  'Winter',
  'Summer',
  'Rain',
  'Thunder',
  'Moon',
  'Sun',
  'Dawn',
  'Dusk',
  'Midnight',
  'River',
  'Ocean',
  'Garden',
  'Crown',
  'Blade',
  'Promise',
  'Secrets',
  'Lies',
  'Echoes',
  'Wings',
  'Feathers',
  'Ink',
  'Paper',
  'Letters',
  'Songs',
  'Dreams',
  'Nightmares',
  'Memories',
  'Distance',
  'Gravity',
  'Orbit',
  'Constellations',
  'Kingdoms',
  'Empires',
  'Ruins',
  'Harbor',
  'Lighthouse',
  'Compass',
  'Maps',
  'Threads',
  'Knots',
  'Scars',
  'Tides',
  'Sparks',
  'Embers',
  'Frost',
  'Snowfall',
  'Wildfire',
  'Heartbeat',
  'Breath',
  'Whispers',
  'Rooftops',
  'Streetlights',
];
const TITLE_ADJECTIVES = [
  'Quiet',
  'Broken',
  'Golden',
  'Silent',
  'Burning',
  'Falling',
  'Hollow',
  'Gentle',
  'Wild',
  'Bitter',
  'Sweet',
  'Lost',
  'Last',
  'First',
  'Endless',
  'Fragile',
  'Restless',
  'Distant',
  'Borrowed',
  'Stolen',
  'Crimson',
  'Silver',
  'Velvet',
  'Electric',
  'Lonely',
  'Secret',
  'Tender',
  'Heavy',
  'Bright',
  'Dark',
  'Little',
  'Strange',
  'Small',
  'Honest',
  'Impossible',
];
const TITLE_VERBS = [
  'fall',
  'stay',
  'burn',
  'stay',
  'breathe',
  'run',
  'wait',
  'bloom',
  'sink',
  'drift',
  'break',
  'sing',
  'remember',
  'forget',
  'hold on',
];

/** Summaries fill their blanks from the vocabulary's content words (past the function-word head). */
const SUMMARY_WORDS_FROM = 150;
const SUMMARY_WORDS = 1500;
const SUMMARY_TEMPLATES = [
  '{A} has never been good at {w}. Then {B} happens.',
  'Five times {A} almost said it, and one time {A} did.',
  'In which {A} and {B} {w} {w}, and nobody is surprised.',
  '{A} just wanted a quiet {w}. {B} had other plans.',
  'After the {w}, {A} finds {B} on the {w} and neither of them knows what to say.',
  '{A} is fine. Really. {B} would beg to differ.',
  'Or: the one where {A} learns how to {w}.',
  'A collection of moments between {A} and {B}.',
  "{B} doesn't believe in {w}. {A} is going to change that.",
  "It starts with a {w} and ends with {A} in {B}'s kitchen at three in the morning.",
  '{A} wakes up {w} years in the past. {B} is the only one who notices.',
  'Summary to come. Please read the tags.',
  'The {w} was supposed to be simple. It was not.',
  '{A} and {B} are not friends. They are absolutely not friends.',
];

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

/** Dates: AO3 opened to the public in late 2009; the corpus ends on a fixed day, not "now". */
const START_MS = Date.UTC(2009, 10, 14);
export const CORPUS_END_MS = Date.UTC(2026, 10, 1);
/** New works per year on AO3 grew ~22% a year on average over 2009-2024. */
const YEARLY_GROWTH = 1.22;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

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
   * names sorted as AO3's wranglers write canonical relationship tags. Their characters join the
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
        const [x, y] = a.name < b.name ? [a.name, b.name] : [b.name, a.name];
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

/**
 * Chapters grow with length: short works are one-shots (AO3: ~60% of works are single-chapter),
 * long ones are split into chapters of ~3,500 words; one-shots are almost always complete, under
 * a third of multi-chapter works are (AO3 is full of works in progress): ~70% complete overall.
 */
function chaptersFor(
  rng: Rng,
  words: number,
): { chapterCount: number; expectedChapters: number | null; complete: boolean } {
  const oneShot = words < 1000 || rng.chance(1 / (1 + (words / 4500) ** 1.8));
  if (oneShot) {
    const complete = rng.chance(0.97);
    return { chapterCount: 1, expectedChapters: complete ? 1 : rng.chance(0.5) ? null : 2 + rng.int(4), complete };
  }
  const perChapter = rng.logNormal(3500, 0.5);
  const chapterCount = Math.min(100, Math.max(2, Math.round(words / perChapter)));
  const complete = rng.chance(0.3);
  if (complete) return { chapterCount, expectedChapters: chapterCount, complete };
  return { chapterCount, expectedChapters: rng.chance(0.5) ? null : chapterCount + 1 + rng.int(10), complete };
}

/** Updated on or after posting: one-shots mostly never, serials over weeks per chapter. */
function updatedFor(rng: Rng, postedMs: number, chapters: number): number {
  let span: number;
  if (chapters === 1) span = rng.chance(0.85) ? 0 : rng.logNormal(5, 1.5) * DAY_MS;
  else span = (chapters - 1) * rng.logNormal(9, 0.9) * DAY_MS;
  return Math.min(CORPUS_END_MS, Math.max(postedMs, Math.floor((postedMs + span) / 1000) * 1000));
}

/**
 * Long tails, hits >> kudos >> bookmarks > comments, as AO3's blurbs show: hits log-normal around a
 * few hundred, more for older and longer works; kudos ~6% of hits, bookmarks ~12% of kudos,
 * comment threads ~7% of kudos and more on multi-chapter works.
 */
function statsFor(
  rng: Rng,
  postedMs: number,
  words: number,
  chapters: number,
): { hits: number; kudos: number; bookmarks: number; comments: number } {
  const ageYears = Math.max(0, (CORPUS_END_MS - postedMs) / YEAR_MS);
  const round = (x: number) => Math.floor(x + rng.next());
  const hits = round(rng.logNormal(350, 1.2) * Math.sqrt(1 + ageYears) * (words / 3000) ** 0.35);
  const kudos = Math.min(hits, round(hits * Math.min(0.5, rng.logNormal(0.06, 0.5))));
  const bookmarks = Math.min(kudos, round(kudos * rng.logNormal(0.12, 0.6)));
  const comments = round(kudos * rng.logNormal(0.05, 0.8) * chapters ** 0.3);
  return { hits, kudos, bookmarks, comments };
}

const PSEUD_ADJECTIVES = [
  'moonlit',
  'starry',
  'quiet',
  'velvet',
  'wandering',
  'sleepy',
  'golden',
  'silver',
  'midnight',
  'paper',
  'ink',
  'honey',
  'stormy',
  'lazy',
  'tiny',
  'feral',
  'soft',
  'lost',
  'cosmic',
  'crimson',
  'electric',
  'gentle',
  'hollow',
  'little',
  'lucky',
  'mossy',
  'neon',
  'rainy',
  'rusty',
  'salty',
  'shy',
  'spooky',
  'sunny',
  'wild',
  'witchy',
  'blue',
  'green',
  'violet',
  'amber',
];
const PSEUD_NOUNS = [
  'quill',
  'archivist',
  'fox',
  'raven',
  'moth',
  'owl',
  'teacup',
  'lantern',
  'comet',
  'fern',
  'tide',
  'ghost',
  'wolf',
  'cat',
  'dragon',
  'pigeon',
  'crow',
  'bee',
  'frog',
  'otter',
  'writer',
  'reader',
  'scribe',
  'dreamer',
  'wanderer',
  'gremlin',
  'goblin',
  'fairy',
  'kraken',
  'heron',
  'sparrow',
  'wren',
  'willow',
  'thistle',
  'clover',
  'ember',
  'pebble',
  'cloud',
];

/** Pseud names like AO3's: "moonlit_quill", "ink-and-embers42", unique within the pool. */
function buildPseudPool(seed: string, size: number): string[] {
  const rng = new Rng(hashSeed(seed, -1));
  const used = new Set<string>();
  const out: string[] = [];
  while (out.length < size) {
    const a = rng.pick(PSEUD_ADJECTIVES);
    const b = rng.pick(PSEUD_NOUNS);
    const style = rng.int(4);
    let name =
      style === 0
        ? `${a}_${b}`
        : style === 1
          ? `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}`
          : style === 2
            ? `${a}-and-${b}s`
            : `${a}${b}`;
    if (used.has(name.toLowerCase()) || rng.chance(0.4)) name += String(1 + rng.int(9999));
    // Account names are unique whatever their case ("moonlitQuill" and "moonlitquill" are one).
    if (used.has(name.toLowerCase())) continue;
    used.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

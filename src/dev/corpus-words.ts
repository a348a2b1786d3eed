// The synthetic corpus's words (corpus.ts): the body vocabulary in several languages, the words
// titles and summaries are made of, and pseud names.

import { hashSeed, Rng } from './random.ts';

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
export const OTHER_HEAD: Record<string, string[]> = {
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
export const CHINESE_CHARS =
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
export const RARE_TOKEN_SHARE = 0.005;
/** The share of body tokens that name one of the work's characters. */
export const NAME_TOKEN_SHARE = 0.04;

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
// ---- titles and summaries -------------------------------------------------------------------

export const TITLE_NOUNS = [
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
export const TITLE_ADJECTIVES = [
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
export const TITLE_VERBS = [
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
export const SUMMARY_WORDS_FROM = 150;
export const SUMMARY_WORDS = 1500;
export const SUMMARY_TEMPLATES = [
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
export function buildPseudPool(seed: string, size: number): string[] {
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

export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

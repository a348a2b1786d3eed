// Line- and paragraph-level tests the structure splitter is built from: chapter headings,
// scene-break lines, note labels, and how much a paragraph talks about the writing rather than
// telling the story. Pure string functions; the thresholds that combine them live in structure.ts.

// ---------------------------------------------------------------------------------------------
// Chapter headings

// English number words, and one to ten in the languages Quire's users write most after English.
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final' +
  '|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|um|dois|três|quatro|sete|oito|nove|dez|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|due|tre|quattro|sei|sette|otto|dieci)';
const NUMBER = `(?:\\d{1,4}|[ivxlcdm]{1,8}|${NUMBER_WORD}(?:[\\s-]+(?:and[\\s-]+)?${NUMBER_WORD})*)`;
const TITLE_SEP = '\\s*(?:[:.|]|\\s[-–—~]+|[-–—~]+\\s|[-–—]+)\\s*';
// "Chapter", "Part" and their equivalents in Spanish/Portuguese, French, German, Italian, Polish,
// Russian, Dutch.
const NUMBERED_WORDS =
  'chapter|chap\\.?|ch\\.?|part|book|volume|vol\\.|act|capítulo|capitulo|cap\\.|chapitre|kapitel|capitolo|rozdział|rozdzial|глава|hoofdstuk|parte|partie|teil|część|czesc|часть|deel|libro|livre|tome|tomo';
const NAMED_WORDS =
  'prologue|epilogue|interlude|preface|foreword|afterword|coda|intermission|prólogo|prologo|epílogo|epilogo|interludio|épilogue|prolog|epilog|vorwort|nachwort|proloog|epiloog|пролог|эпилог';
const NUMBERED = new RegExp(`^(${NUMBERED_WORDS})\\s*#?\\s*(${NUMBER})(?:${TITLE_SEP}(.+?)|\\s+(.+?))?$`, 'i');
const NAMED = new RegExp(`^(${NAMED_WORDS})(?:\\s+(${NUMBER}))?(?:${TITLE_SEP}(.+?))?$`, 'i');
// 第1章, 第十二章 (Chinese, Japanese), 제1장 (Korean), with an optional title after.
const CJK_NUMBERED =
  /^(?:第\s*[0-9０-９一二三四五六七八九十百千零〇两]+\s*[章話话回節节部幕]|제\s*[0-9]+\s*[장화부])(?:\s*[:：.\-–—]?\s*(.{1,40}))?$/u;
const ROMAN = /^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i;

/** Decoration writers put around headings: "**Chapter 1**", "~ Chapter 1 ~", "# Chapter 1", "[Part II]". */
function undecorate(line: string): string {
  return line
    .trim()
    .replace(/^#{1,6}\s+/, '')
    .replace(/^[*_~=\-–—[\](){}<>\s]+/, '')
    .replace(/[*_~=\-–—[\](){}<>\s]+$/, '')
    .replace(/[.:]+$/, '')
    .trim();
}

/**
 * The heading as it should be shown ("Chapter 12: The Lake") when `line` is a chapter heading on
 * its own, else null. Sentences that merely start with "Chapter" or "Part" are not headings.
 */
export function matchChapterHeading(line: string): string | null {
  if (line.length > 200 || line.includes('\n')) return null;
  const cleaned = undecorate(line);
  if (!cleaned || cleaned.length > 100) return null;
  const numbered = NUMBERED.exec(cleaned);
  if (numbered) {
    const [, word, num, sepTitle, bareTitle] = numbered;
    if (!num || !isNumber(num)) return null;
    // "Chapter one was long." has no separator after the number: a sentence, not a heading.
    if (bareTitle !== undefined && !isBareTitle(bareTitle)) return null;
    if (/^(?:ch|chap|cap)\.?$/i.test(word ?? '') && !/^\d/.test(num) && !ROMAN.test(num)) return null;
    // Only chapter and part words take a title without a separator ("Chapter 3 The Lake").
    if (
      bareTitle !== undefined &&
      !/^(?:chapter|chap\.?|ch\.?|part|capítulo|capitulo|chapitre|kapitel|capitolo|parte|partie|teil|rozdział|глава|часть)$/i.test(
        word ?? '',
      )
    )
      return null;
    const title = sepTitle ?? bareTitle;
    if (title !== undefined && countWordsIn(title) > 14) return null;
    return cleaned;
  }
  if (CJK_NUMBERED.test(cleaned)) return cleaned;
  const named = NAMED.exec(cleaned);
  if (named) {
    const [, , num, title] = named;
    if (num && !isNumber(num)) return null;
    if (title !== undefined && countWordsIn(title) > 14) return null;
    return cleaned;
  }
  return null;
}

function isNumber(s: string): boolean {
  if (/^\d+$/.test(s)) return true;
  if (/^[ivxlcdm]+$/i.test(s)) return ROMAN.test(s);
  return new RegExp(`^${NUMBER}$`, 'i').test(s);
}

/** A title written after the number with no separator: short, capitalised, not a sentence. */
function isBareTitle(s: string): boolean {
  return countWordsIn(s) <= 8 && /^["“'‘(]?[\p{Lu}\d]/u.test(s) && !/[.,;!?…]["”']?$/.test(s);
}

// ---------------------------------------------------------------------------------------------
// Scene breaks

const BREAK_CHARS = /^[*\-~=_#•·+—–◇◆○●§◦∞❦❧✦✧★☆♦♥]{3,}$/u;
const SINGLE_BREAK = /^[#§*◇◆❦❧✦★]$/u;
const PATTERNED = /^(?:o(?:O+o)+|O(?:o+O)+|x(?:X+x)+|X(?:x+X)+|(?:oOo|xXx)+|0o0|o0o)$/;

/** "***", "* * *", "---", "~~~", "oOo", "xXx", "-x-", "~*~", "§": a line that only marks a break. */
export function isSeparatorLine(line: string): boolean {
  if (line.length > 200) return false;
  const compact = line.trim().replace(/\s+/g, '');
  if (!compact || compact.length > 40) return false;
  if (SINGLE_BREAK.test(compact)) return true;
  if (BREAK_CHARS.test(compact)) return true;
  const core = compact.replace(/^[*\-~=_+•·:.]+|[*\-~=_+•·:.]+$/g, '');
  if (core !== compact && /^[xXoO0*~+]$/.test(core)) return true; // "-x-", "~o~", "=*="
  return PATTERNED.test(core);
}

// ---------------------------------------------------------------------------------------------
// Labels

export type LabelKind = 'note' | 'summary';

export interface Label {
  kind: LabelKind;
  /** The leading text to remove, decoration and separator included ("**A/N:** "). */
  prefix: string;
  /** A closing bracket to remove from the end when the label opened one ("(A/N: ...)"). */
  suffix: string;
}

// Labels that cannot start a story sentence: they may be followed by the note directly.
// English, then the Spanish/Portuguese/French/Italian/German forms ("N/A" is Spanish for A/N).
const FREE_LABELS =
  "a\\s?/\\s?n|n\\s?/\\s?a|t\\s?/\\s?n|authors?['’]?\\s*notes?|author['’]s\\s*notes?|translator['’]?s?['’]?\\s*notes?|disclaimers?" +
  "|n\\.?\\s?d\\.?\\s?(?:[lt]\\.?\\s?)?a\\.?|nota\\s+d[aeo]l?\\s+(?:la\\s+)?autor[ae]?|nota\\s+dell['’]\\s?autr(?:ice|ore)|notes?\\s+de\\s+l['’]\\s?auteur(?:e|rice)?|anmerkung(?:en)?\\s+de[rs]\\s+autor(?:in)?";
// Labels that are ordinary words: only a label when a colon, dash or bracket follows.
const SEPARATED_LABELS =
  "notes?|summary|beginning\\s+notes?|end\\s+notes?|chapter\\s+(?:end\\s+)?notes?|story\\s+notes?|warnings?|content\\s+warnings?|trigger\\s+warnings?|tw|cw|dedication|dedicated\\s+to|prompt|spoilers?|beta(?:['’]?d)?(?:\\s+by)?|edit(?:ed)?|update|p\\.?\\s?s\\.?|timeline|setting|rating|pairings?" +
  '|resumen|resumo|résumé|resume|riassunto|zusammenfassung|sinopsis|sinopse|notas?|anmerkung(?:en)?|remarque|aviso|advertencia|avertissement|warnung|descargo(?:\\s+de\\s+responsabilidad)?';
const SUMMARY_LABEL = /^(?:summary|resumen|resumo|résumé|resume|riassunto|zusammenfassung|sinopsis|sinopse)$/i;

const FREE_RE = new RegExp(`^(?:${FREE_LABELS})$`, 'i');
const LABEL_RE = new RegExp(
  `^(?<open>[*_\\[(~=<]{0,3})\\s*(?<name>${FREE_LABELS}|${SEPARATED_LABELS})(?<close>\\s*[.:\\-–—]*\\s*[*_\\])~=>]{0,3}(?:\\s*[:\\-–—])?)(?<rest>[\\s\\S]*)$`,
  'i',
);
// "AN:" in capitals only: "An hour later" must stay story.
const AN_RE =
  /^(?<open>[*_[(~=<]{0,3})\s*(?<name>AN)(?<close>\s*[:\-–—][*_\])~=>]{0,3}|[*_\])~=>]{1,3}\s*[:\-–—]?)(?<rest>[\s\S]*)$/;

export function matchLabel(full: string): Label | null {
  // Labels sit in the first few characters; a bounded head keeps the regexes linear.
  const text = full.slice(0, 300);
  const trimmed = text.replace(/^\s+/, '');
  const m = AN_RE.exec(trimmed) ?? LABEL_RE.exec(trimmed);
  if (!m?.groups) return null;
  const { open = '', name = '', close = '', rest = '' } = m.groups;
  const separated = /[:\-–—)\]>*_~=]/.test(close);
  if (!separated) {
    if (close === '' && /^[\p{L}\p{N}'’]/u.test(rest)) return null; // "Notebook", "Twilight"
    const endsLine = close.includes('\n') || /^\s*(?:\n|$)/.test(rest);
    const free = FREE_RE.test(name);
    // "Note that...", "Summary of...", "Warning, the bridge": ordinary words, not labels.
    if (!free && !endsLine) return null;
  }
  const kind: LabelKind = SUMMARY_LABEL.test(name) ? 'summary' : 'note';
  const restStart = text.length - rest.length;
  const prefixEnd = restStart + (rest.length - rest.replace(/^\s+/, '').length);
  let suffix = '';
  const end = full.slice(-50);
  if (open.includes('(') && /\)\s*$/.test(end)) suffix = ')';
  else if (open.includes('[') && /\]\s*$/.test(end)) suffix = ']';
  return { kind, prefix: text.slice(0, prefixEnd), suffix };
}

/** The text with the label removed (and its closing bracket, if it opened one). */
export function stripLabel(text: string, label: Label): string {
  let out = text.slice(label.prefix.length);
  if (label.suffix) out = out.replace(/\s*[)\]]\s*$/, '');
  return out.trim();
}

// ---------------------------------------------------------------------------------------------
// Meta-talk: how much a paragraph is about the writing rather than the story

interface Signal {
  re: RegExp;
  weight: 1 | 2 | 3;
}

// Weight 3: phrases only a writer talking to readers uses; one is enough for a note.
// Weight 2: strong evidence that needs one more signal. Weight 1: words a story may use too,
// which only count alongside stronger ones.
const SIGNALS: Signal[] = [
  {
    re: /\b(?:(?:i|we) (?:don['’]?t|do not|didn['’]?t) own (?:anything|any(?: of)?|the|these|this|them|it|[A-Z])|owns? nothing|own none|no copyright|no infringement|no profit|(?:characters?|they|everything) (?:belongs?|are owned) to|belongs? to (?:their|its|the) (?:respective|rightful|original)|disclaimer)\b/i,
    weight: 3,
  },
  { re: /\b(?:trigger|content) warnings?\b/i, weight: 3 },
  { re: /\b(?:TW|CW)\s*[:/-]/, weight: 3 },
  {
    re: /\bthanks? (?:you )?(?:so much )?for (?:reading|all the|the (?:reviews|kudos|comments|support|lovely))\b/i,
    weight: 3,
  },
  {
    re: /\b(?:please review(?! (?:the|this|that|it|my|your|his|her|their|our|a|an)\b)|reviews? (?:are|is|would be|make)|leave (?:a )?(?:review|comment|kudos)|comments? (?:and|&) kudos|kudos (?:and|&) comments)\b/i,
    weight: 3,
  },
  {
    re: /\b(?:my beta|beta[- ]?read(?:er|ing)?|beta['’]?d|betaed|unbeta['’]?d|not beta['’]?d|no beta|for the beta|(?:thanks?|thank you|grateful) (?:so much )?to \S+(?: \S+)? for)\b/i,
    weight: 3,
  },
  {
    re: /\b(?:this (?:fic|one-?shot|drabble|ficlet)|my (?:first|second|last|new|other) (?:fic|story|one-?shot)|(?:written|posted) for (?:the|a|my)|i (?:wrote|started writing|finally wrote|am writing) (?:this|it)\b)/i,
    weight: 3,
  },
  {
    re: /\b(?:prompt(?:ed|s)?|fic(?:s|let|lets)?|fanfic(?:tion)?s?|fan ?fiction|one-?shots?|drabbles?|ficlets?)\b/i,
    weight: 2,
  },
  { re: /\bAUs?\b|\balternate universe\b/, weight: 2 },
  { re: /\b(?:canon(?:ically|-compliant|-divergent)?|non-?canon|OOC|OTP|OC)\b/, weight: 2 },
  { re: /\bspoilers?\b/i, weight: 2 },
  { re: /\b(?:reviewers?|kudos)\b/i, weight: 2 },
  {
    re: /\b(?:tumblr|ao3|archive of our own|ff\.?net|fanfiction\.net|wattpad|livejournal|discord|twitter)\b/i,
    weight: 2,
  },
  { re: /\bhope (?:you|y['’]all|everyone|u) (?:all )?(?:like|enjoy|liked|enjoyed|love)\b/i, weight: 2 },
  { re: /\benjoy(?: reading)?[!.]*\s*(?:[:;]-?[)D]|<3)?\s*$/i, weight: 2 },
  { re: /\bnot mine\b/i, weight: 2 },
  { re: /\b\d{1,2}x\d{1,2}\b|\bs\d{1,2}\s?e\d{1,2}\b/i, weight: 2 },
  {
    re: /\b(?:seasons?|series) (?:\d+[a-z]?|one|two|three|four|five|six|seven|eight|nine|ten|finale|premiere)\b|\b(?:season|series|mid-season) finale\b|\b(?:the )?(?:first|last|final|next|previous) season\b/i,
    weight: 2,
  },
  { re: /\bpost[- ](?:season|series|episode|finale|canon|movie|war|book|s\d)|\b(?:post|pre)-[A-Z]/i, weight: 2 },
  {
    re: /\b(?:next|this|last|first|previous|new|the final) (?:chapter|update|installment|instalment)\b(?! of)/i,
    weight: 2,
  },
  {
    re: /\b(?:written for|inspired by|based on (?:a|the|an|this) (?:prompt|song|post|episode|scene|quote|request))\b/i,
    weight: 2,
  },
  {
    re: /\b(?:cross-?posted|sequel|prequel|multi-?chap(?:ter|ters)?|wip|on hiatus|word count|\d[\d,]* words|(?:this|the) (?:story|chapter|piece|work) (?:is|was|will|has|takes|came))\b/i,
    weight: 2,
  },
  { re: /\bfandom\b|\bsmut\b|\bcrack ?fic\b|\bslow ?burn\b|\bhurt\/comfort\b/i, weight: 2 },
  {
    re: /\blet me know (?:what you think|if you|your thoughts|in the)|\b(?:see you|until) next (?:time|week|chapter|update)\b|^\W*(?:to be continued|tbc)(?:[.…!?\s]*$|[.…!]{1,3}\s)|\bmore (?:to come|soon)\b/i,
    weight: 2,
  },
  // "Set after the finale": weight 2 only with a word about the canon nearby.
  {
    re: /\b(?:set|takes place|happens) (?:sometime |somewhere |vaguely |right |just |shortly )?(?:during|after|before|between|post|pre|in|around)\b[^.]{0,60}\b(?:seasons?|series|episodes?|books?|movies?|films?|canon|finale|arc|time ?(?:skip|jump)|events of|war|year)\b/i,
    weight: 2,
  },
  {
    re: /\b(?:set|takes place|happens) (?:sometime |somewhere |vaguely |right |just |shortly )?(?:during|after|before|between|post|pre|in season|in the (?:middle|aftermath))\b/i,
    weight: 1,
  },
  // The same in Spanish, Portuguese, French, German and Italian.
  {
    re: /\b(?:gracias por leer|obrigad[oa] por ler|merci (?:d['’]avoir lu|de m['’]avoir lue?)|danke fürs lesen|grazie per (?:aver|la) lett|no me pertenece|(?:los )?personajes (?:no son míos|pertenecen)|ne m['’]appartien|gehören nicht mir|não me pertence|escrit[oa] para (?:el|la|un|una|o|a) (?:reto|desafío|desafio|concurso|intercambio)|écrit pour (?:le|un) défi)/i,
    weight: 3,
  },
  {
    re: /\b(?:continuará|continuara|à suivre|fortsetzung folgt|reto|consigna|desafío|défi|espero que (?:les|os|te|vocês) guste|j['’]espère que (?:ça|vous)|ich hoffe,? (?:es|ihr)|comentarios|reseñas|commentaires|kommentare|capítulos?|chapitres?|kapitel)\b/i,
    weight: 2,
  },
  {
    re: /\b(?:historia|história|histoire|geschichte|relato|personajes|personnages|gracias a|merci à|danke an)\b/i,
    weight: 1,
  },
  {
    re: /\b(?:episodes?|seasons?|chapters?|story|stories|plot|readers?|writing|wrote|author|updates?|updated|feedback|comments?|characters?|inspired|inspiration|review)\b/i,
    weight: 1,
  },
  { re: /\benjoy\b/i, weight: 1 },
  { re: /(?:^|\s)(?:[:;]-?[)D(P]|<3|xD|lol)(?:\s|$)/i, weight: 1 },
];

const FIRST_PERSON = /\b(?:I|I['’]m|I['’]ve|I['’]ll|I['’]d|my|me|mine)\b/;

export interface MetaScore {
  score: number;
  /** How many signals of weight 2 or 3 matched. */
  strong: number;
}

// Notes are short: past this many characters a paragraph is scored on its start (and marked
// down for its length), which also keeps every pattern here linear on hostile input.
const SCORED_CHARS = 2000;

export function metaScore(full: string): MetaScore {
  const text = full.length > SCORED_CHARS ? full.slice(0, SCORED_CHARS) : full;
  let score = 0;
  let strong = 0;
  for (const { re, weight } of SIGNALS) {
    if (re.test(text)) {
      score += weight;
      if (weight >= 2) strong += 1;
    }
  }
  // First person is meta only once the paragraph is already talking about the writing:
  // a first-person story's narration is not.
  if (strong > 0 && FIRST_PERSON.test(text)) score += 1;
  if (startsWithDialogue(text)) score -= 4;
  else if (hasAttributedSpeech(text)) score -= 2;
  if (full.length > SCORED_CHARS || countWordsIn(text) > 150) score -= 2;
  return { score, strong };
}

/** A paragraph that reads as an author's note on its own. */
export function isNoteish(text: string): boolean {
  const { score, strong } = metaScore(text);
  return strong >= 1 && score >= 3;
}

/** A short closing line that reads as a note ("Please review", "To be continued..."). */
export function isClosingNoteish(text: string): boolean {
  const { score, strong } = metaScore(text);
  return strong >= 1 && score >= 2 && countWordsIn(text) <= 80;
}

export function startsWithDialogue(full: string): boolean {
  const text = full.slice(0, 200);
  return /^\s*["“”„«»‹'‘]|^\s*[—―]\s*\p{L}/u.test(text) && !/^\s*['‘](?:tis|twas|cause|em)\b/i.test(text);
}

function hasAttributedSpeech(text: string): boolean {
  return /["“][^"”]{2,}[,!?.…]["”]\s+(?:\w+\s+){0,2}(?:said|asked|replied|whispered|shouted|yelled|muttered|murmured|answered|called|cried|says|asks)\b/i.test(
    text,
  );
}

export function countWordsIn(text: string): number {
  return text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

export function isFirstPerson(text: string): boolean {
  return FIRST_PERSON.test(text);
}

/** Sentences in a line: ends of ., !, ?, … followed by a space and a new sentence. */
export function countSentences(text: string): number {
  const t = text.trim();
  if (!t) return 0;
  return 1 + (t.match(/[.!?…]+["”'’)]*\s+(?=["“'‘(]?[\p{Lu}\d])/gu)?.length ?? 0);
}

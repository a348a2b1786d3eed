// Line- and paragraph-level tests the structure splitter is built from: chapter headings,
// scene-break lines, note labels, and how much a paragraph talks about the writing rather than
// telling the story. Pure string functions; the thresholds that combine them live in structure.ts.

// ---------------------------------------------------------------------------------------------
// Chapter headings

const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)';
const NUMBER = `(?:\\d{1,4}|[ivxlcdm]{1,8}|${NUMBER_WORD}(?:[\\s-]+(?:and[\\s-]+)?${NUMBER_WORD})*)`;
const TITLE_SEP = '\\s*(?:[:.|]|\\s[-–—~]+|[-–—~]+\\s|[-–—]+)\\s*';
const NUMBERED = new RegExp(
  `^(chapter|chap\\.?|ch\\.?|part|book|volume|vol\\.|act)\\s*#?\\s*(${NUMBER})(?:${TITLE_SEP}(.+?)|\\s+(.+?))?$`,
  'i',
);
const NAMED = new RegExp(
  `^(prologue|epilogue|interlude|preface|foreword|afterword|coda|intermission)(?:\\s+(${NUMBER}))?(?:${TITLE_SEP}(.+?))?$`,
  'i',
);
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
  if (line.includes('\n')) return null;
  const cleaned = undecorate(line);
  if (!cleaned || cleaned.length > 100) return null;
  const numbered = NUMBERED.exec(cleaned);
  if (numbered) {
    const [, word, num, sepTitle, bareTitle] = numbered;
    if (!num || !isNumber(num)) return null;
    // "Chapter one was long." has no separator after the number: a sentence, not a heading.
    if (bareTitle !== undefined && !isBareTitle(bareTitle)) return null;
    if (/^ch\.?$|^chap\.?$/i.test(word ?? '') && !/^\d/.test(num) && !ROMAN.test(num)) return null;
    if (/^(book|volume|vol\.|act)$/i.test(word ?? '') && bareTitle !== undefined) return null;
    const title = sepTitle ?? bareTitle;
    if (title !== undefined && countWordsIn(title) > 14) return null;
    return cleaned;
  }
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
const FREE_LABELS =
  "a\\s?/\\s?n|n\\s?/\\s?a|t\\s?/\\s?n|authors?['’]?\\s*notes?|author['’]s\\s*notes?|translator['’]?s?['’]?\\s*notes?|disclaimers?";
// Labels that are ordinary words: only a label when a colon, dash or bracket follows.
const SEPARATED_LABELS =
  'notes?|summary|beginning\\s+notes?|end\\s+notes?|chapter\\s+(?:end\\s+)?notes?|story\\s+notes?|warnings?|content\\s+warnings?|trigger\\s+warnings?|tw|cw|dedication|dedicated\\s+to|prompt|spoilers?|beta(?:[\'’]?d)?(?:\\s+by)?|edit(?:ed)?|update|p\\.?\\s?s\\.?|timeline|setting|rating|pairings?';

const FREE_RE = new RegExp(`^(?:${FREE_LABELS})$`, 'i');
const LABEL_RE = new RegExp(
  `^(?<open>[*_\\[(~=<]{0,3})\\s*(?<name>${FREE_LABELS}|${SEPARATED_LABELS})(?<close>\\s*[.:\\-–—]*\\s*[*_\\])~=>]{0,3}(?:\\s*[:\\-–—])?)(?<rest>[\\s\\S]*)$`,
  'i',
);
// "AN:" in capitals only: "An hour later" must stay story.
const AN_RE = /^(?<open>[*_[(~=<]{0,3})\s*(?<name>AN)(?<close>\s*[:\-–—][*_\])~=>]{0,3}|[*_\])~=>]{1,3}\s*[:\-–—]?)(?<rest>[\s\S]*)$/;

export function matchLabel(text: string): Label | null {
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
  const kind: LabelKind = /^summary$/i.test(name) ? 'summary' : 'note';
  const restStart = text.length - rest.length;
  const prefixEnd = restStart + (rest.length - rest.replace(/^\s+/, '').length);
  let suffix = '';
  if (open.includes('(') && /\)\s*$/.test(rest)) suffix = ')';
  else if (open.includes('[') && /\]\s*$/.test(rest)) suffix = ']';
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
  weight: 1 | 2;
}

// Weight 2: phrases that almost never occur in narration. Weight 1: words a story may use too,
// which only count alongside a weight-2 signal or each other.
const SIGNALS: Signal[] = [
  { re: /\b(?:prompt(?:ed|s)?|fic(?:s|let|lets)?|fanfic(?:tion)?s?|fan ?fiction|one-?shots?|drabbles?|ficlets?)\b/i, weight: 2 },
  { re: /\bAUs?\b|\balternate universe\b/, weight: 2 },
  { re: /\b(?:canon(?:ically|-compliant|-divergent)?|non-?canon|OOC|OTP|OC)\b/, weight: 2 },
  { re: /\bspoilers?\b/i, weight: 2 },
  { re: /\b(?:my beta|beta[- ]?read(?:er|ing)?|beta['’]?d|betaed|unbeta['’]?d|not beta['’]?d|no beta)\b/i, weight: 2 },
  { re: /\b(?:please review|reviews? (?:are|is|would be|make)|leave (?:a )?(?:review|comment|kudos)|reviewers?|kudos|comments? (?:are|and kudos))\b/i, weight: 2 },
  { re: /\b(?:tumblr|ao3|archive of our own|ff\.?net|fanfiction\.net|wattpad|livejournal|discord|twitter)\b/i, weight: 2 },
  { re: /\bthanks? (?:you )?(?:so much )?for (?:reading|all the|the (?:reviews|kudos|comments|support))\b/i, weight: 2 },
  { re: /\bhope (?:you|y['’]all|everyone|u) (?:all )?(?:like|enjoy|liked|enjoyed|love)\b/i, weight: 2 },
  { re: /\benjoy(?: reading)?[!.]*\s*(?:[:;]-?[)D]|<3)?\s*$/i, weight: 2 },
  { re: /\b(?:(?:i|we) (?:don['’]?t|do not|didn['’]?t) own|owns? nothing|own none|not mine|no copyright|no infringement|no profit)\b/i, weight: 2 },
  { re: /\b(?:belongs?|belonged) to\b.*\b(?:[A-Z][\w.]+|network|author|creators?|studios?|respective)\b|\bcharacters? (?:belong|are owned)\b/, weight: 2 },
  { re: /\bdisclaimer\b/i, weight: 2 },
  { re: /\b\d{1,2}x\d{1,2}\b|\bs\d{1,2}\s?e\d{1,2}\b/i, weight: 2 },
  { re: /\b(?:season|series) (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|finale|premiere)\b|\b(?:season|series|mid-season) finale\b/i, weight: 2 },
  { re: /\bpost[- ](?:season|series|episode|finale|canon|movie|war|book|s\d)/i, weight: 2 },
  // "the next chapter of her life" is narration; "the next chapter" alone is the writer.
  { re: /\b(?:next|this|last|first|previous|new|the final) (?:chapter|update|installment|instalment)\b(?! of)/i, weight: 2 },
  { re: /\b(?:written for|inspired by|based on (?:a|the|an|this) (?:prompt|song|post|episode|scene|quote|request))\b/i, weight: 2 },
  { re: /\b(?:cross-?posted|sequel|prequel|multi-?chap(?:ter|ters)?|wip|on hiatus|word count|(?:this|the) (?:story|fic|one-?shot|chapter|piece|work) (?:is|was|will|has|takes|came)|i (?:wrote|write|started writing|am writing|finally wrote))\b/i, weight: 2 },
  { re: /\b(?:trigger|content) warnings?\b|\b(?:TW|CW)\b/, weight: 2 },
  { re: /\bfandom\b|\bsmut\b|\bcrack ?fic\b/i, weight: 2 },
  { re: /\blet me know (?:what you think|if you|your thoughts|in the)|\b(?:see you|until) next (?:time|week|chapter|update)\b|\bto be continued\b|^\s*tbc\b|\bmore (?:to come|soon)\b/i, weight: 2 },
  { re: /\bset (?:during|after|before|between|post|pre|in season|in the (?:middle|aftermath))\b|\btakes place\b/i, weight: 1 },
  { re: /\b(?:episodes?|seasons?|chapters?|story|stories|plot|readers?|writing|wrote|write|author|updates?|updated|feedback|comments?|characters?|inspired|inspiration|review)\b/i, weight: 1 },
  { re: /\benjoy\b/i, weight: 1 },
  { re: /(?:^|\s)(?:[:;]-?[)D(P]|<3|xD|lol)(?:\s|$)/i, weight: 1 },
];

const FIRST_PERSON = /\b(?:I|I['’]m|I['’]ve|I['’]ll|I['’]d|my|me|mine)\b/;

export interface MetaScore {
  score: number;
  /** How many weight-2 signals matched. */
  strong: number;
}

export function metaScore(text: string): MetaScore {
  let score = 0;
  let strong = 0;
  for (const { re, weight } of SIGNALS) {
    if (re.test(text)) {
      score += weight;
      if (weight === 2) strong += 1;
    }
  }
  // First person is meta only once the paragraph is already talking about the writing:
  // a first-person story's narration is not.
  if (strong > 0 && FIRST_PERSON.test(text)) score += 1;
  if (startsWithDialogue(text)) score -= 4;
  else if (hasAttributedSpeech(text)) score -= 2;
  const words = countWordsIn(text);
  if (words > 150) score -= 2;
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

export function startsWithDialogue(text: string): boolean {
  return /^\s*["“”„«»‹'‘]|^\s*[—―]\s*\p{L}/u.test(text) && !/^\s*['‘](?:tis|twas|cause|em)\b/i.test(text);
}

function hasAttributedSpeech(text: string): boolean {
  return /["“][^"”]{2,}[,!?.…]["”]\s+(?:\w+\s+){0,2}(?:said|asked|replied|whispered|shouted|yelled|muttered|murmured|answered|called|cried|says|asks)\b/i.test(text);
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

// AO3's word count: HTML stripped, whitespace-separated tokens that hold at least one letter or
// digit (a lone "—" or "***" is not a word), and CJK text counted per character, as AO3 does
// because those scripts do not separate words with spaces.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    if (CJK.test(token)) {
      const cjk = token.match(CJK_ALL)?.length ?? 0;
      // Non-CJK runs inside the token ("iPhone在") still count as words of their own.
      const rest = token
        .replace(CJK_ALL, ' ')
        .split(/\s+/)
        .filter((t) => WORDLIKE.test(t)).length;
      words += cjk + rest;
    } else if (WORDLIKE.test(token)) {
      words += 1;
    }
  }
  return words;
}

/** Plain text of an HTML fragment: tags dropped, block ends kept as spaces, entities decoded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|blockquote|tr)>/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

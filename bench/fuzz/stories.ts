// Stories a writer might bring, as .txt, .md and .html (plain, or laid out as AO3's downloads are),
// with odd text mixed in, and the bytes of a text in assorted encodings.
import { list, type Rng } from './rng.ts';

export interface Story {
  title: string;
  author: string;
  summary: string;
  fandom: string;
  rating: string;
  tags: string[];
  notes: string;
  chapters: { title: string; paras: string[] }[];
}

const WORDS = list(
  'the|lamp|was|dark|for|nine|nights|and|she|kept|it|anyway|because|the|harbour|needed|light|when|ice|let|go|of|stone|under|a|cold|sky|he|said|nothing|then|laughed|softly|before|the|door|opened|again|into|winter|rain',
);
const NAMES = list(
  'Wren|Ada Harlow|Harry Potter|Hermione Granger|Draco Malfoy|Sherlock Holmes|John Watson|Geralt|Jaskier|Aziraphale|Crowley',
);
const FANDOMS = list('Harry Potter - J. K. Rowling|Sherlock (TV)|The Witcher (TV)|Good Omens (TV)|Original Work');
const RATINGS = list('General Audiences|Teen And Up Audiences|Mature|Explicit|Not Rated|Ratingless?');
/** Text that has broken readers somewhere: scripts, marks, controls, lone surrogates, markup. */
export const ODD = list(
  'naïve café|Ελληνικά γράμματα|русский текст|日本語の文章です。|中文字符|العربية|עִבְרִית|👩‍👩‍👧🏳️‍🌈|Z̷̢̛a̶l̷g̸o̷|\u200b\u200d\u2060\u202e|\u2028\u2029|\ufeff|\u0000|\u0007\u001b[31m|\ud800|&amp; &lt;b&gt; <b>|*_~`[]|$& $1|%s %n %x|\\\\|"\'|\t|<script>alert(1)</script>|<img src=x onerror=alert(1)>|Chapter 1|Summary:|A/N:',
);

export function sentence(rng: Rng, odd = 0.05): string {
  const words = Array.from({ length: rng.range(3, 18) }, () =>
    rng.chance(odd) ? rng.pick(ODD) : rng.chance(0.08) ? rng.pick(NAMES) : rng.pick(WORDS),
  ).join(' ');
  const text = words.charAt(0).toUpperCase() + words.slice(1) + rng.pick(['.', '.', '!', '?', '…', '']);
  return rng.chance(0.15) ? `“${text}” ${rng.pick(NAMES)} said.` : text;
}

export function story(rng: Rng): Story {
  const chapterCount = rng.weighted([
    [6, 1],
    [3, rng.range(2, 5)],
    [1, rng.range(6, 40)],
  ]);
  const paragraph = () => Array.from({ length: rng.range(1, 5) }, () => sentence(rng)).join(' ');
  return {
    title: sentence(rng, 0.1).slice(0, rng.chance(0.05) ? 5000 : 80),
    author: rng.pick(NAMES).replace(' ', '_'),
    summary: sentence(rng),
    fandom: rng.pick(FANDOMS),
    rating: rng.pick(RATINGS),
    tags: Array.from({ length: rng.int(6) }, () => sentence(rng).slice(0, 40)),
    notes: rng.chance(0.5) ? sentence(rng) : '',
    chapters: Array.from({ length: chapterCount }, (_, i) => ({
      title: rng.chance(0.5) ? `Chapter ${i + 1}` : `Chapter ${i + 1}: ${sentence(rng)}`,
      paras: Array.from({ length: rng.range(1, 12) }, paragraph),
    })),
  };
}

export function storyTxt(rng: Rng, s: Story): string {
  const head = rng.chance(0.6)
    ? `Title: ${s.title}\nAuthor: ${s.author}\nFandom: ${s.fandom}\nRating: ${s.rating}\nAdditional Tags: ${s.tags.join(', ')}\nSummary: ${s.summary}\n${s.notes ? `Notes: ${s.notes}\n` : ''}\n`
    : '';
  const sep = rng.pick(['\n\n', '\n\n***\n\n', '\n\n~~~\n\n', '\n\n']);
  const body = s.chapters.map((c) => (s.chapters.length > 1 ? `${c.title}\n\n` : '') + c.paras.join('\n\n')).join(sep);
  const text = head + body + (rng.chance(0.3) ? `\n\nA/N: ${sentence(rng)}\n` : '\n');
  return rng.chance(0.1) ? text.replace(/\n/g, rng.pick(['\r\n', '\r'])) : text;
}

export function storyMd(rng: Rng, s: Story): string {
  const front = rng.chance(0.3)
    ? `---\ntitle: "${s.title}"\nauthor: ${s.author}\nfandom: ${s.fandom}\nrating: ${s.rating}\ntags: [${s.tags.join(', ')}]\nsummary: ${s.summary}\n---\n\n`
    : `# ${s.title}\n\n`;
  const decorate = (p: string) =>
    rng.weighted([
      [6, p],
      [1, `*${p}*`],
      [1, `> ${p}`],
      [1, `- ${p}\n- [link](http://example.org/${rng.int(99)})`],
      [1, `**${p}** \`code\` ~~gone~~`],
      [1, `1. ${p}\n   1. nested\n      - deeper`],
      [1, `| a | b |\n|---|---|\n| ${p} | x |`],
      [1, `\`\`\`\n${p}\n\`\`\``],
      [1, `<em>${p}</em>`],
    ]);
  const chapters = s.chapters.map((c) => `## ${c.title}\n\n${c.paras.map(decorate).join('\n\n')}`);
  return `${front}${chapters.join('\n\n---\n\n')}\n`;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function storyHtml(rng: Rng, s: Story, charset = 'utf-8'): string {
  const paras = (c: Story['chapters'][number]) => c.paras.map((p) => `<p>${esc(p)}</p>`).join('\n');
  const meta = rng.pick([
    `<meta charset="${charset}">`,
    `<meta http-equiv="Content-Type" content="text/html; charset=${charset}">`,
    '',
  ]);
  const ao3 = rng.chance(0.3);
  const tags = s.tags.map((t) => `<a>${esc(t)}</a>`).join(', ');
  const preface = ao3
    ? `<div class="preface"><h1>${esc(s.title)}</h1><div class="byline">by <a rel="author">${s.author}</a></div><dl class="tags"><dt>Rating:</dt><dd>${s.rating}</dd><dt>Fandom:</dt><dd><a>${esc(s.fandom)}</a></dd><dt>Additional Tags:</dt><dd>${tags}</dd></dl><p>Summary</p><blockquote class="userstuff">${esc(s.summary)}</blockquote></div>`
    : `<h1>${esc(s.title)}</h1><p>by ${s.author}</p>`;
  const chapter = (c: Story['chapters'][number]) =>
    ao3
      ? `<div class="chapter"><h2 class="heading">${esc(c.title)}</h2><div class="userstuff">${paras(c)}</div></div>`
      : `<h2>${esc(c.title)}</h2>${paras(c)}`;
  return `<!DOCTYPE html>\n<html><head>${meta}<title>${esc(s.title)}</title></head><body>${preface}${s.chapters.map(chapter).join('\n')}</body></html>\n`;
}

/** Charsets an HTML file may declare, some of them lies about its bytes or not charsets at all. */
export const CHARSETS = list(
  'utf-8|windows-1252|iso-8859-1|shift_jis|euc-kr|gb18030|utf-16|koi8-r|x-user-defined|bogus|utf-8"><x y="|big5',
);

/** The text as bytes: mostly UTF-8, sometimes with a BOM, UTF-16 either way round, Latin-1 or broken. */
export function encode(rng: Rng, text: string): [string, Buffer] {
  const kind = rng.weighted([
    [70, 'utf8'],
    [6, 'utf8-bom'],
    [6, 'utf16le'],
    [4, 'utf16be'],
    [2, 'utf16le-no-bom'],
    [6, 'latin1'],
    [3, 'cp1252-high'],
    [3, 'bad-utf8'],
  ] as const);
  const le = () => Buffer.from(text, 'utf16le');
  switch (kind) {
    case 'utf8':
      return [kind, Buffer.from(text, 'utf8')];
    case 'utf8-bom':
      return [kind, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])];
    case 'utf16le':
      return [kind, Buffer.concat([Buffer.from([0xff, 0xfe]), le()])];
    case 'utf16be':
      return [kind, Buffer.concat([Buffer.from([0xfe, 0xff]), le().swap16()])];
    case 'utf16le-no-bom':
      return [kind, le()];
    case 'latin1':
      return [kind, Buffer.from(text, 'latin1')];
    case 'cp1252-high':
      // Word's curly quotes and dashes live at 0x80–0x9F in windows-1252.
      return [
        kind,
        Buffer.from(
          text.replace(/ /g, () => (rng.chance(0.05) ? String.fromCharCode(0x80 + rng.int(32)) : ' ')),
          'latin1',
        ),
      ];
    case 'bad-utf8': {
      const b = Buffer.from(text, 'utf8');
      for (let i = rng.range(1, 5); i > 0 && b.length; i--)
        b[rng.int(b.length)] = rng.pick([0xc0, 0xff, 0xed, 0x80, 0xf8]);
      return [kind, b];
    }
  }
}

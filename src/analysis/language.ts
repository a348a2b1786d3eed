// The language of a text, as ISO 639-1. Scripts decide first (Cyrillic, Greek, CJK, Hangul,
// Arabic, Hebrew, Thai); Latin-script texts are told apart by their most frequent function words,
// which make up a large share of any running text and differ between languages.

import type { Evidence } from './types.ts';
import { exact } from './evidence.ts';

export interface LanguageGuess {
  language: string;
  confidence: number;
  evidence: Evidence[];
}

// The 30-odd commonest function words of each language, minus words that are just as common in
// a neighbour ("a", "de", "en", "la" are shared by several Romance languages; kept where they
// still help). Order does not matter.
const STOP_WORDS: Record<string, string> = {
  en: 'the and of to a in that is was he she it for with as his her on at by this had not but from they you i be have are were which or one all would there their what so if about out up into could them him me my when then no',
  es: 'el la de que y en los se del las un por con una su para es al lo como más pero sus le ya o fue este ha sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante uno ni contra ese eso había estaba yo',
  fr: 'le la les de des et un une du que qui dans pour pas sur au avec il elle est son sa ne se ce en plus mais ou par ses je vous nous était avait lui comme tout bien cette été leur',
  de: 'der die das und ist nicht sie er ein eine zu den mit sich auf für dem des von im auch es an war aber als wie noch nach so wenn nur ich hat wir was hatte ihr ihm ihn',
  it: 'il di che e la le un una per non è con sono gli del della si da lo ma come anche più al nel alla ha questo ci era mi io lei lui aveva ancora perché quando',
  pt: 'o a os as de do da dos das e que em um uma para com não se na no por mais como mas foi ao ele ela seu sua ou quando muito já eu também só pelo pela até isso ser tinha estava você',
  nl: 'de het een en van in is dat op te zijn met voor niet aan er maar om hij zij ze ook als bij nog wel naar kan dan dit was wat heeft hem haar ik je zich uit geen',
  id: 'yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga ada adalah saya kamu dia mereka kami kita sudah bisa atau karena tapi seperti hanya lebih apa begitu sangat',
  pl: 'i w nie na się z do to że jest jak co ale o za od tak po jego jej już tylko czy by było był była mu go mnie ja ty on ona oni przez może bardzo gdy jeszcze',
  tr: 've bir bu da de için ile o ne gibi daha çok ama ben sen var yok kadar sonra her şey mi mı diye olan olarak değil onu ona bana beni benim en',
  sv: 'och i att det som en på är av för med till den har de inte om ett han hon men var jag sig från vi så kan man när hade',
  da: 'og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi min havde hun nu',
  no: 'og i det på som er en til å han av for ikke med har de var jeg men om hun seg et så vi',
  ro: 'și în de la a că cu nu se pe o un din mai este care pentru sa ce sunt dar fost el ea',
  cs: 'a se na je že v to s z do jsem ale jako o by tak jen když už jeho její nebo pro',
};

// Script -> language for scripts that mostly belong to one language. Kana wins over Han for
// Japanese, which mixes both; Han alone reads as Chinese.
const SCRIPTS: [RegExp, string][] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Thai}/gu, 'th'],
];

const PROFILES = new Map<string, Set<string>>(
  Object.entries(STOP_WORDS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

// Letters Ukrainian writes and Russian does not.
const UKRAINIAN = /[іїєґ]/giu;

/** How much text is enough: the first 20,000 characters decide as well as the whole book. */
const SAMPLE = 20_000;

export function detectLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, SAMPLE);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return { language: 'en', confidence: 0, evidence: [] };

  for (const [re, lang] of SCRIPTS) {
    const n = sample.match(re)?.length ?? 0;
    // Japanese needs only some kana among its kanji; the others need to be most of the letters.
    const share = n / letters;
    if ((lang === 'ja' && share > 0.05) || share > 0.3) {
      let language = lang;
      if (lang === 'ru' && (sample.match(UKRAINIAN)?.length ?? 0) > n * 0.01) language = 'uk';
      const first = sample.search(re);
      re.lastIndex = 0;
      return {
        language,
        confidence: Math.min(1, 0.5 + share),
        evidence: first >= 0 ? [exact(text, first, Math.min(text.length, first + 40))] : [],
      };
    }
  }

  const counts = new Map<string, number>();
  let total = 0;
  const words = sample.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  for (const w of words) {
    total++;
    for (const [lang, set] of PROFILES) if (set.has(w)) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [best, second] = ranked;
  if (!best || total === 0) return { language: 'en', confidence: 0, evidence: [] };
  const share = best[1] / total;
  const margin = second ? (best[1] - second[1]) / best[1] : 1;
  const confidence = Math.round(Math.min(1, share * 2) * Math.min(1, 0.3 + margin) * 1000) / 1000;
  const firstLine = text.search(/\S/);
  const evidence = firstLine >= 0 ? [exact(text, firstLine, Math.min(text.length, firstLine + 60))] : [];
  return { language: best[0], confidence, evidence };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from './language.ts';

const SAMPLES: Record<string, string> = {
  en: 'The lighthouse keeper had not slept for two nights, and when the boat came in with the tide she was already at the door.',
  es: 'La guardiana del faro no había dormido en dos noches, y cuando el barco llegó con la marea ya estaba en la puerta de la casa.',
  fr: "La gardienne du phare n'avait pas dormi depuis deux nuits, et quand le bateau est arrivé avec la marée, elle était déjà à la porte.",
  de: 'Die Leuchtturmwärterin hatte seit zwei Nächten nicht geschlafen, und als das Boot mit der Flut kam, war sie schon an der Tür.',
  it: 'La guardiana del faro non dormiva da due notti, e quando la barca arrivò con la marea lei era già alla porta della casa.',
  pt: 'A guardiã do farol não dormia havia duas noites, e quando o barco chegou com a maré ela já estava na porta de casa.',
  nl: 'De vuurtorenwachter had al twee nachten niet geslapen, en toen de boot met het tij binnenkwam stond zij al bij de deur.',
  id: 'Penjaga mercusuar itu tidak tidur selama dua malam, dan ketika perahu datang dengan air pasang dia sudah ada di pintu.',
  pl: 'Latarniczka nie spała od dwóch nocy, i kiedy łódź przypłynęła z przypływem, ona już była przy drzwiach, jak zawsze.',
  tr: 'Deniz feneri bekçisi iki gecedir uyumamıştı ve tekne gelgitle geldiğinde o zaten kapıdaydı, her zaman olduğu gibi bu da.',
  ru: 'Смотритель маяка не спал две ночи, и когда лодка пришла с приливом, она уже стояла у двери.',
  zh: '灯塔看守人已经两夜没有睡觉了，当船随着潮水进来时，她已经在门口了。',
  ja: '灯台守は二晩眠っていなかった。潮とともに船が入ってきたとき、彼女はもう戸口にいた。',
  ko: '등대지기는 이틀 밤을 자지 못했고, 배가 밀물과 함께 들어왔을 때 그녀는 이미 문 앞에 있었다.',
};

for (const [lang, text] of Object.entries(SAMPLES)) {
  test(`detects ${lang}`, () => {
    const guess = detectLanguage(text);
    assert.equal(guess.language, lang);
    assert.ok(guess.confidence > 0 && guess.confidence <= 1);
    for (const e of guess.evidence) assert.equal(text.slice(e.start, e.end), e.quote);
  });
}

test('empty or letterless text falls back to English with no confidence', () => {
  assert.deepEqual(detectLanguage('*** 123 ***'), { language: 'en', confidence: 0, evidence: [] });
});

test('deterministic', () => {
  assert.deepEqual(detectLanguage(SAMPLES.fr!), detectLanguage(SAMPLES.fr!));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inAo3Order, memberSortKey, relationshipKey } from './relationship-names.ts';

// Invented characters throughout: the rule, not any canon, is under test.
const given = () => false;
const family = () => true;
const tag = (names: string[], familyNameFirst: (n: string) => boolean = given, sep = '/') =>
  inAo3Order(names, familyNameFirst).join(sep);

test('given-first names sort by family name, then given name', () => {
  assert.equal(tag(['Wren Abernathy', 'Colm Zabriskie']), 'Wren Abernathy/Colm Zabriskie');
  assert.equal(tag(['Colm Zabriskie', 'Wren Abernathy']), 'Wren Abernathy/Colm Zabriskie');
  // First names alone would put Ada first; the family names put Quill first.
  assert.equal(tag(['Ada Vessey', 'Marlo Quill']), 'Marlo Quill/Ada Vessey');
  assert.equal(memberSortKey('Ada Vessey'), 'Vessey Ada');
});

test('shared family names fall back to the given name', () => {
  assert.equal(tag(['Tobin Harrowgate', 'Ilse Harrowgate']), 'Ilse Harrowgate/Tobin Harrowgate');
});

test('a single name sorts by itself among family names', () => {
  assert.equal(tag(['Orrin Pell', 'Mabyn']), 'Mabyn/Orrin Pell');
  assert.equal(tag(['Orrin Castellane', 'Mabyn']), 'Orrin Castellane/Mabyn');
});

test('given names with an epithet and no family name sort by the first given name', () => {
  assert.equal(tag(['Tamsin of Greyholt', 'Edric Hollowmere']), 'Edric Hollowmere/Tamsin of Greyholt');
  assert.equal(tag(['Rook the Quiet', 'Bran Sallow']), 'Rook the Quiet/Bran Sallow');
});

test('suffixes and particles: Jr. is no family name, a lower-case particle opens one', () => {
  assert.equal(memberSortKey('Lyle Penrose Jr.'), 'Penrose Lyle Jr.');
  assert.equal(tag(['Osric Penrose Jr.', 'Dalia Orme']), 'Dalia Orme/Osric Penrose Jr.');
  assert.equal(memberSortKey('Hesper van Dorne'), 'van Dorne Hesper');
});

test('a family-first fandom sorts names as written', () => {
  assert.equal(tag(['Tanabe Kouji', 'Arakawa Mei'], family), 'Arakawa Mei/Tanabe Kouji');
  // Read given-first, "Mei" < "Kouji" would not hold; family first, Arakawa < Tanabe does.
  assert.equal(tag(['Tanabe Kouji', 'Arakawa Mei'], given), 'Tanabe Kouji/Arakawa Mei');
  assert.equal(tag(['Sora Hinode', 'Hinode Aki'], family), 'Hinode Aki/Sora Hinode');
});

test('a piped character tag stays whole and sorts by its first name', () => {
  assert.equal(tag(['Xu Lan | Xu Qingwen', 'Bai Mo | Bai Yunzhi'], family), 'Bai Mo | Bai Yunzhi/Xu Lan | Xu Qingwen');
  assert.equal(tag(['VK-7781 | Harrow', 'Dessa Quint']), 'Dessa Quint/VK-7781 | Harrow');
  assert.equal(tag(['Kaito | Ren Aldous', 'Peri Lomax']), 'Kaito | Ren Aldous/Peri Lomax');
});

test('a "(Fandom)" disambiguator does not count for the order', () => {
  assert.equal(tag(['Zephyr (Tidewatch)', 'Ysolde Marr']), 'Ysolde Marr/Zephyr (Tidewatch)');
  assert.equal(tag(['Ysolde Marr', 'Anselm (Tidewatch)']), 'Anselm (Tidewatch)/Ysolde Marr');
});

test('three or more names, and platonic tags, follow the same order', () => {
  assert.equal(
    tag(['Pia Renwick', 'Gideon Abel', 'Odo Fairweather'], given, ' & '),
    'Gideon Abel & Odo Fairweather & Pia Renwick',
  );
  assert.equal(tag(['Corra Vint', 'Ambrose Loy', 'Nell'], given), 'Ambrose Loy/Nell/Corra Vint');
});

test('per name, each character follows the way its own fandom writes names', () => {
  const familyFirst = (n: string) => n === 'Morita Sei';
  // Morita < Nolan by family names, though "Sei" would sort after "Nolan".
  assert.equal(tag(['Lucan Nolan', 'Morita Sei'], familyFirst), 'Morita Sei/Lucan Nolan');
});

test('original characters and the reader come after the canon characters', () => {
  assert.equal(tag(['Original Female Character(s)', 'Thane Yardley']), 'Thane Yardley/Original Female Character(s)');
  assert.equal(tag(['Reader', 'Ulric Zane']), 'Ulric Zane/Reader');
});

test('the relationship key stays order-free', () => {
  assert.equal(relationshipKey('Ada Vessey/Marlo Quill'), relationshipKey('Marlo Quill/Ada Vessey'));
});

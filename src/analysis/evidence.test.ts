import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lexicon, MAX_QUOTE, narration, pickEvidence, quoteAround, speechRanges, tokenize } from './evidence.ts';

test('tokenize keeps inner apostrophes and hyphens, with offsets', () => {
  const text = "Mara's half-built boat didn't float.";
  const toks = tokenize(text);
  assert.deepEqual(
    toks.map((t) => t.text),
    ["Mara's", 'half-built', 'boat', "didn't", 'float'],
  );
  for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
});

test('speech ranges pair quotes within a paragraph and blank them in narration', () => {
  const text = 'He said, "I will go." Then she left.\n\n"Unclosed speech runs on\n\nNarration.';
  const plain = narration(text);
  assert.equal(plain.length, text.length);
  assert.ok(!plain.includes('I will go'));
  assert.ok(plain.includes('Then she left.'));
  assert.ok(!plain.includes('Unclosed'));
  assert.ok(plain.includes('Narration.'));
  assert.equal(speechRanges(text).length, 2);
});

test('curly single quotes open speech only at word starts; apostrophes do not close it', () => {
  const text = 'She smiled. ‘I don’t know,’ she said. It’s late.';
  const [r] = speechRanges(text);
  assert.ok(r);
  assert.equal(text.slice(r[0], r[1]), '‘I don’t know,’');
});

test('quoteAround returns the sentence, exact offsets and at most MAX_QUOTE characters', () => {
  const text = 'First one. The gull dropped the shell on the rocks. Last one.';
  const at = text.indexOf('shell');
  const ev = quoteAround(text, at, at + 5);
  assert.equal(ev.quote, 'The gull dropped the shell on the rocks.');
  assert.equal(text.slice(ev.start, ev.end), ev.quote);
  const long = 'word '.repeat(200) + 'needle ' + 'word '.repeat(200);
  const i = long.indexOf('needle');
  const ev2 = quoteAround(long, i, i + 6);
  assert.ok(ev2.quote.length <= MAX_QUOTE);
  assert.ok(ev2.quote.includes('needle'));
  assert.equal(long.slice(ev2.start, ev2.end), ev2.quote);
});

test('pickEvidence keeps the heaviest non-overlapping spans in text order', () => {
  const ev = (start: number, end: number) => ({ quote: 'x'.repeat(end - start), start, end });
  const picked = pickEvidence(
    [
      { ev: ev(0, 10), weight: 1 },
      { ev: ev(5, 15), weight: 3 },
      { ev: ev(20, 30), weight: 2 },
      { ev: ev(40, 50), weight: 0.5 },
    ],
    2,
  );
  assert.deepEqual(
    picked.map((e) => e.start),
    [5, 20],
  );
});

test('Lexicon matches words, stems and phrases on whole tokens', () => {
  const lex = new Lexicon({ a: { 'kiss*': 1, 'made love': 2, hell: 1 } });
  const text = 'They kissed. They made  love. Shell and hello do not count; hell does.';
  const hits = lex.scan(text);
  assert.deepEqual(
    hits.map((h) => text.slice(h.start, h.end)),
    ['kissed', 'made  love', 'hell'],
  );
});

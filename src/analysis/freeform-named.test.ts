import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFreeforms } from './freeforms.ts';

/** The story with its opening note blanked, as analyze.ts hands it over, and the text as posted. */
function withNote(note: string, story = 'Mara watered the tomatoes and waited for the ferry.') {
  return { story: `${' '.repeat(note.length)}\n\n${story}`, full: `${note}\n\n${story}` };
}

const named = (note: string) => {
  const { story, full } = withNote(note);
  return detectFreeforms(story, { full }).map((p) => p.name);
};

test("tags a note names come under AO3's canonical names", () => {
  const tags = named('Coffee shop AU, canon compliant up to the finale. Mutual pining, soulmates, happy ending!');
  for (const tag of [
    'Alternate Universe - Coffee Shops & Cafés',
    'Canon Compliant',
    'Mutual Pining',
    'Soulmates',
    'Happy Ending',
  ])
    assert.ok(tags.includes(tag), `${tag} in ${tags.join(', ')}`);
  assert.ok(!tags.includes('Pining'), 'mutual pining is not also plain Pining');
});

test('a tag the note says the story is not is left out', () => {
  const tags = named('No smut, not a fix-it, sorry. Just angst.');
  assert.ok(!tags.includes('Smut'));
  assert.ok(!tags.includes('Fix-It'));
  assert.ok(tags.includes('Angst'));
});

test('a named tag carries the note as its evidence and is proposed as the writer chose it', () => {
  const { story, full } = withNote('Warnings: whump.');
  const whump = detectFreeforms(story, { full }).find((p) => p.name === 'Whump');
  assert.ok(whump);
  assert.equal(whump.confidence, 0.8);
  for (const e of whump.evidence) assert.equal(full.slice(e.start, e.end), e.quote);
});

test('the same words in the story itself name nothing', () => {
  const story = 'She said it was a coffee shop AU of a life, all soulmates and happy endings.';
  assert.deepEqual(
    detectFreeforms(story, { full: story })
      .map((p) => p.name)
      .filter((n) => n.startsWith('Alternate')),
    [],
  );
});

test('AU variants, deaths and fix-its a note names, under their AO3 names', () => {
  const tags = named(
    'Canon divergent AU where everyone lives. Time travel fix-it. Warnings: minor character death, torture.',
  );
  for (const tag of [
    'Alternate Universe - Canon Divergence',
    'Everyone Lives',
    'Time Travel Fix-It',
    'Minor Character Death',
    'Torture',
  ])
    assert.ok(tags.includes(tag), `${tag} in ${tags.join(', ')}`);
  assert.ok(!tags.includes('Alternate Universe'), 'the parent tag is dropped beside a variant');
  assert.ok(!tags.includes('Fix-It') && !tags.includes('Time Travel'), tags.join(', '));
});

test('a bare AU is the parent tag; a modern or human AU is its variant', () => {
  assert.ok(named('A little AU I wrote on the train.').includes('Alternate Universe'));
  assert.ok(named('Modern AU, very silly.').includes('Alternate Universe - Modern Setting'));
  assert.ok(named('All-human AU.').includes('Alternate Universe - Human'));
  assert.ok(!named('Au revoir, said the note.').includes('Alternate Universe'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectRating, scanContent } from './rating.ts';

const GENERAL =
  'Pim baked three loaves before noon. His sister came by with apples, and they ate on the step and talked about the fair.';
const TEEN_SWEAR =
  'Pim dropped the tray. "Shit," he said, and then, "damn it all," as the loaves rolled under the stove.';
const TEEN_KISS =
  'She kissed him at the gate, and again by the well, and he kissed her back until the bell rang. Her lips tasted of apples. Later they made out in the hayloft, his hand on her thigh.';
const MATURE_GORE = `The raiders had left corpses in the square. One man's throat was ripped open; another lay in a pool of blood with his entrails spilling onto the stones.
Someone had been decapitated. Flies crawled over the mangled bodies, and the gore ran between the cobbles.`;
const EXPLICIT = `He pressed her into the sheets and she moaned as his cock slid against her. She came with a cry, the orgasm shaking her thighs; he thrust into her again,
his mouth on her nipple, until his own orgasm took him and his cock pulsed inside her. Her clit still throbbed.`;

test('nothing to flag: General Audiences', () => {
  const r = detectRating(GENERAL);
  assert.equal(r.name, 'General Audiences');
  assert.deepEqual(r.evidence, []);
});

test('a fight shown blow by blow is Mature without the gore words; the same told in speech is not', () => {
  const fight = `Hale hit the floor and Dagny was on him. She drove the knife into his thigh and blood poured over her hands. He clawed at her face; she felt her nose break, and the second blow left her scalp split open. Blood ran into her eyes. She slammed his head against the hearthstone, and the blade slid into his side, and blood dripped from the hilt onto the boards.`;
  const r = detectRating(fight);
  assert.equal(r.name, 'Mature');
  for (const e of r.evidence) assert.equal(fight.slice(e.start, e.end), e.quote);
  const told = `"She drove the knife into his thigh," said Dagny's brother, "and blood sprayed across the boards, and she stabbed him again."`;
  assert.notEqual(detectRating(told).name, 'Mature');
});

test('an injury shown on the page, short of graphic, is Teen', () => {
  const text =
    'The ball caught Remy square in the face. Blood dripped from his nose onto his shirt, and the coach walked him to the bench and tipped his head back. After the match they ate chips on the wall and argued about the referee.';
  assert.equal(detectRating(text).name, 'Teen And Up Audiences');
});

test('a quiet story that dwells on loss is Teen; one funeral in passing is not', () => {
  const loss =
    'Every Sunday Wren walked to the cemetery with a jar of daisies. The orphanage let her go alone now. She knelt at the two graves and told her parents about school, about the new teacher, about the boy who stole her pencil.';
  assert.equal(detectRating(loss).name, 'Teen And Up Audiences');
  const passing = 'After the funeral of a great-aunt nobody remembered, Wren baked scones and won the village quiz.';
  assert.equal(detectRating(passing).name, 'General Audiences');
});

test('swearing and kissing: Teen And Up Audiences', () => {
  assert.equal(detectRating(TEEN_SWEAR).name, 'Teen And Up Audiences');
  assert.equal(detectRating(TEEN_KISS).name, 'Teen And Up Audiences');
});

test('graphic gore: Mature, quoting the gore', () => {
  const r = detectRating(MATURE_GORE);
  assert.equal(r.name, 'Mature');
  assert.ok(r.evidence.length > 0 && r.evidence.length <= 3);
  for (const e of r.evidence) assert.equal(MATURE_GORE.slice(e.start, e.end), e.quote);
});

test('explicit sex: Explicit', () => {
  const r = detectRating(EXPLICIT);
  assert.equal(r.name, 'Explicit');
  assert.ok(r.confidence > 0.5 && r.confidence <= 1);
  for (const e of r.evidence) assert.equal(EXPLICIT.slice(e.start, e.end), e.quote);
});

test('a capitalised name is not a profanity', () => {
  assert.equal(scanContent('Dick Whittington walked to London with his cat.').scores.explicit, 0);
});

test('an author-stated rating in a blanked note wins', () => {
  const full = 'Rated M for later chapters.\n\n' + GENERAL;
  const story = ' '.repeat('Rated M for later chapters.'.length) + '\n\n' + GENERAL;
  const r = detectRating(story, full);
  assert.equal(r.name, 'Mature');
  assert.equal(full.slice(r.evidence[0]!.start, r.evidence[0]!.end), r.evidence[0]!.quote);
});

test('never proposes Not Rated; deterministic', () => {
  for (const t of [GENERAL, TEEN_SWEAR, MATURE_GORE, EXPLICIT, '']) {
    const a = detectRating(t);
    assert.notEqual(a.name, 'Not Rated');
    assert.deepEqual(a, detectRating(t));
  }
});

// Concerns add up: sexual content beside violence at Teen is what writers rate Mature.
test('kissing and a fight together: Mature', () => {
  const text = `${TEEN_KISS}\n\nThe raiders came at dawn. He fought them at the gate with a knife; one of them died there, and he killed another by the well. Blood ran into the mud, and the wounded screamed until noon.`;
  assert.equal(detectRating(text).name, 'Mature');
});

test('a brief death on the page is "some violence": Teen', () => {
  const text =
    'Pim found the old dog dead in the barn. A fox had killed the hens too; there was blood on the straw. He buried them all before supper.';
  assert.equal(detectRating(text).name, 'Teen And Up Audiences');
});

test('a war told in many kinds of violence, no scene graphic: Mature, with no graphic-violence warning', async () => {
  const { detectWarnings } = await import('./warnings.ts');
  const quiet = 'The camp was quiet that evening and the cooks argued about salt. '.repeat(60);
  const war = `${quiet} The battle had lasted three days. ${quiet} They buried the dead and counted the wounded. ${quiet} A sniper shot the captain; his rifle was never found. ${quiet} The murder of the envoy started it, and the first attack came at dawn. ${quiet} Men fought with a sword or a pistol or bare hands, and someone was stabbed by the well. ${quiet} An explosion took the bridge; a grenade took the tower. ${quiet} The prisoners were killed, and their victims' families screamed at the gates. ${quiet} Weapons were handed out to boys. ${quiet} By the end, nobody said how many had died.`;
  assert.equal(detectRating(war).name, 'Mature');
  assert.ok(!detectWarnings(war).some((w) => w.name === 'Graphic Depictions Of Violence'));
  // The same few words, told once each, are Teen at most.
  assert.notEqual(
    detectRating(`${quiet} The battle had lasted three days; they buried the dead. ${quiet}`).name,
    'Mature',
  );
});

test('sex named but not shown is Mature; shown, Explicit', () => {
  const named = `They talked about sex for an hour. She admitted she had been masturbating since the party, thinking of him, and he said the thought gave him an erection. Later, in bed, she had an orgasm so strong she laughed; he had another orgasm before midnight. They made out, naked, kissing, her thigh over his, until the sun came up and they kissed again and made out again.`;
  assert.equal(detectRating(named).name, 'Mature');
  assert.equal(detectRating(EXPLICIT).name, 'Explicit');
});

test('violence words in everyday phrases, and a skull on a shelf, are General', () => {
  const text = `Ada shot him a look over her tea. "Give it a shot," she said, "you're killing me with all this waiting." Tom was dead tired and dying to go home.
He fought the urge to yawn and stabbed a finger at the crossword. On the shelf above them a plaster skull grinned, a gift from a friend who studied anatomy; the cat slept in its shadow.
They talked until the rain stopped, and then he walked her to the station and went home to bed.`;
  const rating = detectRating(text);
  assert.equal(rating.name, 'General Audiences', JSON.stringify(rating.evidence.map((e) => e.quote)));
  const scan = scanContent(text);
  assert.deepEqual(
    scan.hits.filter((h) => h.category === 'violence').map((h) => h.cue),
    [],
    'no violence cue left in the idioms',
  );
});

test('words that only begin like violence, and "wound" as the past of "wind", are no cue', () => {
  const text = `The engineers kept the wormhole stable long enough to stabilise the rings. Ada wound up the old clock and wound her scarf around her neck;
she was tightly wound after a week of work, with three days to kill before the launch. "That was bloody stupid," Tom said of the punchline, and slapdash.
They walked home past the striped awnings.`;
  const scan = scanContent(text);
  assert.deepEqual(
    scan.hits
      .filter((h) => h.category === 'violence' || h.category === 'gore' || h.category === 'sensual')
      .map((h) => h.cue),
    [],
  );
  // The real words still count.
  const cues = scanContent(
    'He was stabbed twice; the stab wound bled, and someone punched the guard. It was time to kill him.',
  ).hits.map((h) => h.cue);
  for (const cue of ['stabbed', 'stab', 'wound*', 'punched', 'kill']) assert.ok(cues.includes(cue), cue);
});

test('sex a character talks of is not sex the page shows: Mature, not Explicit', () => {
  const spoken = `"I want your cock in me," she whispered across the table, and he choked on his wine. "Later I'll suck you off until you come, and you'll thrust into me until my clit throbs. I want to feel you pulse inside me, your mouth on my nipple, and I'll ride you until you come inside me," she went on. He paid the bill in a hurry. They kissed in the taxi, her hand on his thigh, her lips at his neck.`;
  assert.notEqual(detectRating(spoken).name, 'Explicit');
  const shown = `${spoken} At home he pressed her into the sheets and she moaned as his cock slid against her; she came with a cry, and he thrust into her again until his cock pulsed inside her.`;
  assert.equal(detectRating(shown).name, 'Explicit');
});

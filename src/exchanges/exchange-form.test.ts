// The sign-up form's rules without a database: the moderators' settings read from their fields,
// each sign-up problem naming its prompt and field, and the assignment mail escaping what
// participants typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignmentMail } from '../notices/assignment-mail.ts';
import { form, SETTINGS } from '../testing/gift-exchanges.ts';
import { checkPrompts, DEFAULT_FORM, parsePrompts, parseSettings, promptLines } from './exchange-form.ts';

test('the moderators’ settings: counts, "Any", requirements, eligible fandoms and matching rules', () => {
  const { form: f, rules } = parseSettings(form({ ...SETTINGS, match_character: 'all', request_rating_max: '1' }));
  assert.deepEqual([f.request.min, f.request.max], [1, 2]);
  assert.deepEqual(f.request.tags.character, { min: 0, max: 2, any: true });
  assert.deepEqual(f.request.tags.rating, { min: 0, max: 1, any: false });
  assert.equal(f.request.description, 'required');
  assert.equal(f.offer.description, 'none');
  assert.deepEqual(f.eligibleFandoms, ['Harbour Lights', 'Salt Roads', 'Tide Clock', 'Quiet Bay']);
  assert.deepEqual(rules, { matchNumber: { fandom: 1, character: 'all' }, requestsToMatch: 1 });
  assert.throws(
    () => parseSettings(form({ request_fandom_min: '3', request_fandom_max: '1' })),
    /Requests: Fandom: the most must be at least the least/,
  );
  assert.throws(() => parseSettings(form({ match_fandom: 'some' })), /Matching: Fandom must be a whole number/);
  assert.throws(() => parseSettings(form({ offer_url: 'maybe' })), /Offers: URL must be required, optional or none/);
});

test('a sign-up’s problems name their prompt and field; blank prompts are dropped', () => {
  const f = { ...DEFAULT_FORM, request: { ...DEFAULT_FORM.request, url: 'required' as const } };
  const fields = form({
    request_1_fandom: 'Salt Roads',
    request_1_rating: 'Spicy',
    request_1_category_any: '1',
    request_1_url: 'javascript:alert(1)',
    request_2_fandom: 'Tide Clock',
    request_2_character: 'Ana, Bo',
    request_2_character_any: '1',
    request_2_url: 'https://example.org/prompt',
  });
  const { kept, problems } = checkPrompts(f, 'request', parsePrompts(f, 'request', fields));
  assert.equal(kept.length, 2);
  assert.deepEqual(
    problems.map((p) => `${p.field}: ${p.message}`),
    [
      "request_1_rating: Request 1: Rating: 'Spicy' is not one of General Audiences, Teen And Up Audiences, Mature, Explicit, Not Rated",
      'request_1_url: Request 1: URL must be a web address starting with http:// or https://',
      'request_2_character: Request 2: Character: name tags or tick "Any", not both',
    ],
  );
  // The category field is not on this form: its "Any" is never read.
  assert.deepEqual(kept[0]!.any, {});
  assert.deepEqual(promptLines(kept[1]!), ['Fandom: Tide Clock', 'Characters: Any', 'https://example.org/prompt']);
  const none = checkPrompts(f, 'offer', parsePrompts(f, 'offer', form({})));
  assert.deepEqual(
    none.problems.map((p) => p.message),
    ['Offers: at least 1 required'],
  );
});

test('the assignment mail escapes what participants typed', () => {
  const mail = assignmentMail({
    to: 'w@example.org',
    writer: 'writer',
    exchangeTitle: 'Swap <b>',
    recipient: 'rec',
    pinchHit: false,
    dueAt: '2031-01-02T03:04:00.000Z',
    requests: [['Fandom: <script>alert(1)</script>']],
    link: 'https://archive.example/users/writer/assignments',
  });
  assert.equal(mail.subject, 'Swap <b>: your assignment for rec');
  assert.match(mail.text, /Due 2031-01-02 03:04 UTC\./);
  assert.ok(mail.html!.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!mail.html!.includes('<script>'));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignedIn } from '../accounts/accounts.service.ts';
import { describeEachDialect } from '../testing/databases.ts';
import { makeUser } from '../testing/users.ts';
import { makeWork } from '../testing/works.ts';
import { getVisibility } from '../works/works.repo.ts';
import { Mailer } from '../notices/mailer.ts';
import type { Mail } from '../accounts/mail.ts';
import * as collections from '../collections/collections.service.ts';
import type { PromptFields } from './prompt-rules.ts';
import { COLLECTION, MEME, meme, PROMPT } from './test-memes.ts';
import * as memes from './prompt-memes.service.ts';

const refusal = (kind: string) => (e: unknown) => (e as { kind?: string }).kind === kind;

describeEachDialect('prompt memes', (ctx) => {
  test('moderators switch a prompt meme on; its settings bound what a prompt may say', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const reader = await makeUser(ctx.database, 'reader');
    await collections.createCollection(ctx.database, mod, COLLECTION);
    await assert.rejects(memes.postPrompt(ctx.database, reader, 'kinkmeme', PROMPT), refusal('not_found'));
    await assert.rejects(memes.saveMemeSettings(ctx.database, reader, 'kinkmeme', MEME), refusal('forbidden'));
    await memes.saveMemeSettings(ctx.database, mod, 'kinkmeme', { ...MEME, fandoms: 'Original Work, Star Trek' });
    const no = (f: Partial<PromptFields>) =>
      assert.rejects(memes.postPrompt(ctx.database, reader, 'kinkmeme', { ...PROMPT, ...f }), refusal('invalid'));
    await no({ title: ' ' });
    await no({ tags: { fandom: 'Bleach' } });
    await no({ tags: { freeform: 'No fandom' } });
    await no({ tags: { fandom: 'Original Work', relationship: 'A/B' } });
    await memes.postPrompt(ctx.database, reader, 'kinkmeme', PROMPT);
    await memes.postPrompt(ctx.database, reader, 'kinkmeme', { ...PROMPT, tags: { fandom: 'star trek' } });
    await no({}); // two prompts per member
    await memes.saveMemeSettings(ctx.database, mod, 'kinkmeme', {
      ...MEME,
      anonymousAllowed: false,
      promptsOpen: false,
    });
    const other = await makeUser(ctx.database, 'other');
    await assert.rejects(memes.postPrompt(ctx.database, other, 'kinkmeme', PROMPT), refusal('invalid'));
    const { prompts } = await memes.listPrompts(ctx.database, 'kinkmeme', null, { fandom: 'STAR TREK' });
    assert.deepEqual(
      prompts.map((p) => [p.prompter, p.tags]),
      [['reader', [{ type: 'fandom', name: 'star trek' }]]],
    );
  });

  test('claim, fill, and the list by status; the prompter is told; only they edit, moderators remove', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const prompter = await makeUser(ctx.database, 'prompter');
    const writer = await makeUser(ctx.database, 'writer');
    const other = await makeUser(ctx.database, 'other');
    await meme(ctx.database, mod);
    const first = await memes.postPrompt(ctx.database, prompter, 'kinkmeme', PROMPT);
    const second = await memes.postPrompt(ctx.database, prompter, 'kinkmeme', { ...PROMPT, title: 'Second' });
    const status = async (s: memes.PromptStatus) =>
      (await memes.listPrompts(ctx.database, 'kinkmeme', null, { status: s })).prompts.map((p) => p.id);
    assert.deepEqual(await status('unclaimed'), [second, first]);
    await memes.claim(ctx.database, writer, first);
    await memes.claim(ctx.database, other, first);
    await memes.claim(ctx.database, other, second);
    await memes.dropClaim(ctx.database, other, second);
    await assert.rejects(memes.dropClaim(ctx.database, other, second), refusal('invalid'));
    assert.deepEqual(await status('claimed'), [first]);
    const { workId } = await makeWork(ctx.database, { creator: writer, title: 'Two Keepers' });
    await assert.rejects(memes.fill(ctx.database, other, first, workId), refusal('invalid'));
    await memes.fill(ctx.database, writer, first, workId);
    await memes.fill(ctx.database, writer, first, workId); // twice changes nothing
    assert.deepEqual(await status('filled'), [first]);
    const page = (await memes.promptPage(ctx.database, first, null)).prompt;
    assert.deepEqual(
      page.fills.map((w) => w.title),
      ['Two Keepers'],
    );
    assert.deepEqual(page.claims.names, ['writer', 'other']);
    assert.deepEqual(
      (await memes.promptsOfWork(ctx.database, workId)).map((p) => [p.id, p.prompter, p.collection]),
      [[first, 'prompter', 'kinkmeme']],
      'the work page names the prompt it answers',
    );
    const told = await ctx.database.db
      .selectFrom('inbox_items')
      .select(['user_id', 'kind', 'work_id'])
      .where('kind', '=', 'prompt_fill')
      .execute();
    assert.deepEqual(told, [{ user_id: prompter.id, kind: 'prompt_fill', work_id: workId }]);
    const mails = await ctx.database.db.selectFrom('mail_outbox').select(['user_id', 'event']).execute();
    assert.deepEqual(
      mails.filter((m) => m.event === 'prompt_fill'),
      [],
      'no address, no mail',
    );
    const mine = await memes.myClaims(ctx.database, writer);
    assert.deepEqual(
      mine.claims.map((c) => c.id),
      [first],
    );

    await assert.rejects(memes.editPrompt(ctx.database, mod, first, PROMPT), refusal('forbidden'));
    await memes.editPrompt(ctx.database, prompter, first, { ...PROMPT, title: 'Edited' });
    await assert.rejects(memes.deletePrompt(ctx.database, other, first), refusal('forbidden'));
    await memes.deletePrompt(ctx.database, mod, first);
    await memes.deletePrompt(ctx.database, prompter, second);
    assert.deepEqual(await status('filled'), []);
    assert.ok(await getVisibility(ctx.database.db, workId), 'the work stays');
  });

  test('an anonymous prompt names its prompter to themselves and the moderators only', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const prompter = await makeUser(ctx.database, 'shyprompter', { email: 'shy@example.org' });
    const writer = await makeUser(ctx.database, 'writer');
    await meme(ctx.database, mod);
    const id = await memes.postPrompt(ctx.database, prompter, 'kinkmeme', { ...PROMPT, anonymous: true });
    for (const [viewer, expected] of [
      [null, null],
      [writer, null],
      [prompter, null],
      [mod, 'shyprompter'],
    ] as const) {
      const { prompt } = await memes.promptPage(ctx.database, id, viewer);
      assert.equal(prompt.prompter, expected);
    }
    assert.equal((await memes.promptPage(ctx.database, id, prompter)).prompt.mine, true);
    const { workId } = await makeWork(ctx.database, { creator: writer });
    await memes.fill(ctx.database, writer, id, workId);
    const mails = await ctx.database.db
      .selectFrom('mail_outbox')
      .select(['user_id', 'event'])
      .where('event', '=', 'prompt_fill')
      .execute();
    assert.deepEqual(mails, [{ user_id: prompter.id, event: 'prompt_fill' }], 'still told');
    const sent: Mail[] = [];
    const mailer = new Mailer(ctx.database, { send: async (m) => void sent.push(m) }, { origin: 'https://a.example' });
    assert.equal((await mailer.runOnce()).sent, 1);
    assert.equal(sent[0]?.to, 'shy@example.org');
    assert.equal(sent[0]?.subject, 'A work fills your prompt: “Salt and Lantern Light”');
    assert.doesNotMatch(`${sent[0]?.text}${sent[0]?.html}`, /writer/, 'the mail names no filler');
  });

  test('fills respect restricted works, unrevealed collections and moderation', async () => {
    const mod = await makeUser(ctx.database, 'mod');
    const writer = await makeUser(ctx.database, 'writer');
    const reader = await makeUser(ctx.database, 'reader');
    await meme(ctx.database, mod, { moderated: true });
    const id = await memes.postPrompt(ctx.database, reader, 'kinkmeme', PROMPT);
    const locked = (await makeWork(ctx.database, { creator: writer, title: 'Locked', restricted: true })).workId;
    await memes.fill(ctx.database, writer, id, locked);
    const fills = async (v: SignedIn | null) =>
      (await memes.promptPage(ctx.database, id, v)).prompt.fills.map((w) => w.title);
    assert.deepEqual(await fills(reader), [], 'waiting for the moderators');
    assert.deepEqual(await fills(writer), ['Locked'], 'its creator sees it waiting');
    const [waiting] = (await collections.manageView(ctx.database, mod, 'kinkmeme')).awaiting;
    await collections.moderateItem(ctx.database, mod, waiting!.id, 'approve');
    assert.deepEqual(await fills(reader), ['Locked']);
    assert.deepEqual(await fills(null), [], 'guests see no restricted work');

    await collections.updateSettings(ctx.database, mod, 'kinkmeme', {
      ...COLLECTION,
      moderated: true,
      unrevealed: true,
      revealAt: '2199-01-01 00:00',
    });
    assert.deepEqual(await fills(reader), [], 'unrevealed');
    const { prompt } = await memes.promptPage(ctx.database, id, reader);
    assert.equal(prompt.claims.names, null, 'claimants are not named while creators are hidden');
  });
});

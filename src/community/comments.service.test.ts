import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDialect } from '../testing/databases.ts';
import { CommunityError } from './community-error.ts';
import {
  commentsView,
  deleteComment,
  editComment,
  freezeThread,
  GUEST_COMMENT_LIMIT,
  MAX_DEPTH,
  moderateComment,
  postComment,
  setCommentPolicy,
  type CommentNode,
  type CommentsView,
} from './comments.service.ts';
import { makeUser, relate } from '../testing/users.ts';
import { makeWork, chapterIds, workCounts } from '../testing/works.ts';
import { COMMENT_MAX_CHARS } from './user-text.ts';

const kind = (k: CommunityError['kind']) => (e: Error) => e instanceof CommunityError && e.kind === k;

function flat(view: CommentsView): CommentNode[] {
  const out: CommentNode[] = [];
  const walk = (nodes: CommentNode[]) =>
    nodes.forEach((n) => {
      out.push(n);
      walk(n.replies);
    });
  walk(view.threads);
  return out;
}

describeEachDialect('comments', (ctx) => {
  test('threads: replies nest under what they answer, on a work or a chapter; the count follows', async () => {
    const db = ctx.database;
    const [writer, wren, ada] = [await makeUser(db, 'writer'), await makeUser(db, 'wren'), await makeUser(db, 'ada')];
    const { workId } = await makeWork(db, { creator: writer });
    const [ch1, ch2] = await chapterIds(db, workId);
    const top = await postComment(
      db,
      { user: wren, address: 'a' },
      { workId, chapterId: ch2!, body: 'The thaw chapter!' },
    );
    assert.equal(top.status, 'visible');
    const reply = await postComment(
      db,
      { user: writer, address: 'b' },
      { workId, parentId: top.id, body: 'Thank you <3' },
    );
    await postComment(db, { user: ada, address: 'c' }, { workId, parentId: reply.id, body: 'Agreed' });
    await postComment(
      db,
      { user: null, address: 'd' },
      { workId, chapterId: ch1!, body: 'Guest here', guestName: '  Sea   Glass ' },
    );
    await postComment(db, { user: ada, address: 'c' }, { workId, body: 'On the whole work' });

    const all = await commentsView(db, { user: null, address: 'z' }, workId);
    assert.equal(all.shown, 5);
    assert.equal(all.threads.length, 3);
    assert.deepEqual(all.threads[0]!.author, { kind: 'user', pseud: 'wren', username: 'wren' });
    assert.equal(all.threads[0]!.chapterPosition, 2);
    assert.equal(all.threads[0]!.replies[0]!.replies[0]!.html, '<p>Agreed</p>');
    assert.equal(all.threads[0]!.replies[0]!.replies[0]!.chapterPosition, 2, 'a reply is on its parent’s chapter');
    assert.deepEqual(all.threads[1]!.author, { kind: 'guest', name: 'Sea Glass' });
    const chapter2 = await commentsView(db, { user: null, address: 'z' }, workId, { chapterId: ch2! });
    assert.equal(chapter2.shown, 3);
    assert.equal((await workCounts(db, workId)).comments_count, 5);

    await assert.rejects(
      postComment(db, { user: wren, address: 'a' }, { workId, parentId: 999_999, body: 'x' }),
      kind('not_found'),
    );
    const { workId: other } = await makeWork(db, { creator: writer });
    await assert.rejects(
      postComment(db, { user: wren, address: 'a' }, { workId: other, parentId: top.id, body: 'x' }),
      kind('not_found'),
      'a parent on another work',
    );
    await assert.rejects(
      postComment(db, { user: wren, address: 'a' }, { workId: other, chapterId: ch1!, body: 'x' }),
      kind('not_found'),
      'a chapter of another work',
    );
  });

  test('policies: open lets guests in with a name; registered and moderated need an account; closed refuses', async () => {
    const db = ctx.database;
    const [writer, wren] = [await makeUser(db, 'writer'), await makeUser(db, 'wren')];
    const { workId } = await makeWork(db, { creator: writer });
    const guest = { user: null, address: '10.1.1.1' };
    await assert.rejects(postComment(db, guest, { workId, body: 'Hello', guestName: '   ' }), /give a name/);
    await assert.rejects(postComment(db, guest, { workId, body: 'Hello', guestName: 'x'.repeat(101) }), /at most 100/);

    await assert.rejects(setCommentPolicy(db, wren, workId, 'closed'), kind('forbidden'));
    await assert.rejects(setCommentPolicy(db, writer, workId, 'whatever'), kind('invalid'));
    await setCommentPolicy(db, writer, workId, 'registered');
    await assert.rejects(postComment(db, guest, { workId, body: 'Hello', guestName: 'Sea' }), kind('sign_in'));
    assert.equal((await commentsView(db, guest, workId)).refusal?.signIn, true);
    await postComment(db, { user: wren, address: 'a' }, { workId, body: 'Signed in' });

    await setCommentPolicy(db, writer, workId, 'moderated');
    await assert.rejects(postComment(db, guest, { workId, body: 'Hello', guestName: 'Sea' }), kind('sign_in'));
    const held = await postComment(db, { user: wren, address: 'a' }, { workId, body: 'Please approve me' });
    assert.equal(held.status, 'pending');
    assert.equal(
      (await postComment(db, { user: writer, address: 'w' }, { workId, body: 'The creator is not held' })).status,
      'visible',
    );
    assert.equal((await workCounts(db, workId)).comments_count, 2);
    const stranger = await makeUser(db, 'stranger');
    assert.ok(
      !flat(await commentsView(db, { user: stranger, address: 's' }, workId)).some((c) => c.id === held.id),
      'others do not see held comments',
    );
    const own = flat(await commentsView(db, { user: wren, address: 'a' }, workId)).find((c) => c.id === held.id)!;
    assert.equal(own.pending, true, 'the author sees theirs, marked as awaiting approval');
    const mod = await commentsView(db, { user: writer, address: 'w' }, workId);
    assert.equal(mod.pending, 1);
    assert.equal(flat(mod).find((c) => c.id === held.id)!.canModerate, true);
    await assert.rejects(moderateComment(db, wren, held.id, 'approve'), kind('forbidden'));
    await moderateComment(db, writer, held.id, 'approve');
    await assert.rejects(moderateComment(db, writer, held.id, 'approve'), /not waiting for approval/);
    assert.equal((await workCounts(db, workId)).comments_count, 3);

    await setCommentPolicy(db, writer, workId, 'closed');
    await assert.rejects(
      postComment(db, { user: wren, address: 'a' }, { workId, body: 'Closed?' }),
      /Comments are closed/,
    );
    const closed = await commentsView(db, { user: wren, address: 'a' }, workId);
    assert.match(closed.refusal!.message, /closed/);
    assert.ok(flat(closed).every((c) => !c.canReply));
  });

  test('a reader blocked by a creator cannot comment there, nor reply to whoever blocked them', async () => {
    const db = ctx.database;
    const [writer, troll, friend] = [
      await makeUser(db, 'writer'),
      await makeUser(db, 'troll'),
      await makeUser(db, 'friend'),
    ];
    const { workId } = await makeWork(db, { creator: writer });
    await relate(db, writer, troll, 'block');
    await assert.rejects(
      postComment(db, { user: troll, address: 't' }, { workId, body: 'Hi' }),
      /blocked by one or more of this work's creators/,
    );
    assert.match((await commentsView(db, { user: troll, address: 't' }, workId)).refusal!.message, /blocked/);

    const { workId: elsewhere } = await makeWork(db, { creator: await makeUser(db, 'other_writer') });
    const byWriter = await postComment(
      db,
      { user: writer, address: 'w' },
      { workId: elsewhere, body: 'I am reading this too' },
    );
    const byFriend = await postComment(db, { user: friend, address: 'f' }, { workId: elsewhere, body: 'Me too' });
    await assert.rejects(
      postComment(db, { user: troll, address: 't' }, { workId: elsewhere, parentId: byWriter.id, body: 'Reply' }),
      /blocked by that user/,
    );
    await postComment(db, { user: troll, address: 't' }, { workId: elsewhere, parentId: byFriend.id, body: 'Reply' });
    const seen = flat(await commentsView(db, { user: troll, address: 't' }, elsewhere));
    assert.equal(seen.find((c) => c.id === byWriter.id)!.canReply, false);
    assert.equal(seen.find((c) => c.id === byFriend.id)!.canReply, true);
  });

  test("a reader who muted someone does not see that person's comments; replies keep their place", async () => {
    const db = ctx.database;
    const [me, loud, other] = [await makeUser(db, 'me'), await makeUser(db, 'loud'), await makeUser(db, 'other')];
    const { workId } = await makeWork(db);
    const noisy = await postComment(db, { user: loud, address: 'l' }, { workId, body: 'SECRET-LOUD-TEXT' });
    await postComment(db, { user: other, address: 'o' }, { workId, parentId: noisy.id, body: 'A calm reply' });
    await postComment(db, { user: loud, address: 'l' }, { workId, body: 'ANOTHER-LOUD-ONE' });
    await relate(db, me, loud, 'mute');
    const mine = await commentsView(db, { user: me, address: 'm' }, workId);
    assert.equal(mine.threads.length, 1, 'the muted leaf is gone');
    assert.equal(mine.threads[0]!.placeholder, 'muted');
    assert.equal(mine.threads[0]!.html, null);
    assert.equal(mine.threads[0]!.replies[0]!.html, '<p>A calm reply</p>');
    assert.doesNotMatch(JSON.stringify(mine), /LOUD/);
    assert.equal((await commentsView(db, { user: other, address: 'o' }, workId)).shown, 3, 'others still see them');
  });

  test('edit by the author only; delete by the author, creators or admins; deleted threads keep their shape', async () => {
    const db = ctx.database;
    const [writer, wren, ada, admin] = [
      await makeUser(db, 'writer'),
      await makeUser(db, 'wren'),
      await makeUser(db, 'ada'),
      await makeUser(db, 'boss', { role: 'admin' }),
    ];
    const { workId } = await makeWork(db, { creator: writer });
    const root = await postComment(db, { user: wren, address: 'a' }, { workId, body: 'First words' });
    const reply = await postComment(db, { user: ada, address: 'b' }, { workId, parentId: root.id, body: 'A reply' });
    const leaf = await postComment(db, { user: ada, address: 'b' }, { workId, body: 'Alone' });

    await assert.rejects(editComment(db, ada, root.id, 'Hijack'), kind('forbidden'));
    await assert.rejects(editComment(db, wren, root.id, ''), /cannot be empty/);
    await assert.rejects(
      editComment(db, wren, root.id, 'y'.repeat(COMMENT_MAX_CHARS + 1)),
      /at most 10,000 characters; yours has 10,001/,
    );
    await editComment(db, wren, root.id, 'Second thoughts');
    let view = await commentsView(db, { user: null, address: 'z' }, workId);
    assert.equal(view.threads[0]!.html, '<p>Second thoughts</p>');
    assert.ok(view.threads[0]!.editedAt);

    await assert.rejects(deleteComment(db, ada, root.id), kind('forbidden'));
    await deleteComment(db, wren, root.id);
    view = await commentsView(db, { user: null, address: 'z' }, workId);
    assert.equal(view.threads[0]!.placeholder, 'deleted');
    assert.equal(view.threads[0]!.replies[0]!.id, reply.id);
    const stored = await db.db
      .selectFrom('comments')
      .select(['status', 'html'])
      .where('id', '=', root.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'deleted', html: '' }, 'the words are gone, the place stays');
    await assert.rejects(editComment(db, wren, root.id, 'Back?'), kind('not_found'));
    assert.equal((await workCounts(db, workId)).comments_count, 2);

    await deleteComment(db, writer, reply.id);
    const left = await db.db.selectFrom('comments').select('id').where('work_id', '=', workId).execute();
    assert.deepEqual(
      left.map((r) => r.id),
      [leaf.id],
      'the last reply takes its placeholder with it',
    );
    await deleteComment(db, admin, leaf.id);
    assert.equal((await workCounts(db, workId)).comments_count, 0);
  });

  test('spam disappears, keeps its text for review, and stays a placeholder above replies', async () => {
    const db = ctx.database;
    const [writer, spammer, wren] = [
      await makeUser(db, 'writer'),
      await makeUser(db, 'spammer'),
      await makeUser(db, 'wren'),
    ];
    const { workId } = await makeWork(db, { creator: writer });
    const spam = await postComment(db, { user: spammer, address: 's' }, { workId, body: 'Buy things' });
    await postComment(db, { user: wren, address: 'w' }, { workId, parentId: spam.id, body: 'What?' });
    const spam2 = await postComment(db, { user: spammer, address: 's' }, { workId, body: 'More things' });
    await moderateComment(db, writer, spam.id, 'spam');
    await moderateComment(db, writer, spam2.id, 'spam');
    await assert.rejects(moderateComment(db, writer, spam2.id, 'spam'), /already marked as spam/);
    const view = await commentsView(db, { user: null, address: 'z' }, workId);
    assert.equal(view.threads.length, 1);
    assert.equal(view.threads[0]!.placeholder, 'deleted');
    assert.equal(view.shown, 1);
    assert.equal((await workCounts(db, workId)).comments_count, 1);
    const kept = await db.db.selectFrom('comments').select('html').where('id', '=', spam2.id).executeTakeFirstOrThrow();
    assert.equal(kept.html, '<p>More things</p>');
  });

  test('deep threads stop indenting and say whom a reply answers', async () => {
    const db = ctx.database;
    const wren = await makeUser(db, 'wren');
    const { workId } = await makeWork(db);
    let parentId: number | null = null;
    const ids: number[] = [];
    for (let i = 0; i < MAX_DEPTH + 3; i++) {
      const c: { id: number } = await postComment(
        db,
        { user: wren, address: 'a' },
        { workId, parentId, body: `Level ${i + 1}` },
      );
      ids.push(c.id);
      parentId = c.id;
    }
    const view = await commentsView(db, { user: null, address: 'z' }, workId);
    let depth = 0;
    for (let level: CommentNode[] = view.threads; level.length; level = level[0]!.replies) depth++;
    assert.equal(depth, MAX_DEPTH);
    const deepest = flat(view).find((c) => c.id === ids.at(-1))!;
    assert.equal(deepest.inReplyTo?.id, ids.at(-2));
    assert.equal(flat(view).length, MAX_DEPTH + 3);
  });

  test('the creator or an admin freezes a thread: it shows Frozen and takes no replies until unfrozen', async () => {
    const db = ctx.database;
    const [writer, wren, ada, admin] = [
      await makeUser(db, 'writer'),
      await makeUser(db, 'wren'),
      await makeUser(db, 'ada'),
      await makeUser(db, 'boss', { role: 'admin' }),
    ];
    const { workId } = await makeWork(db, { creator: writer });
    const top = await postComment(db, { user: wren, address: 'a' }, { workId, body: 'Heated words.' });
    const reply = await postComment(db, { user: ada, address: 'b' }, { workId, parentId: top.id, body: 'Hotter.' });
    const other = await postComment(db, { user: ada, address: 'b' }, { workId, body: 'A calm thread.' });

    await assert.rejects(freezeThread(db, wren, top.id, true), kind('forbidden'), 'the commenter may not');
    await assert.rejects(freezeThread(db, ada, top.id, true), kind('forbidden'));
    await assert.rejects(freezeThread(db, writer, reply.id, true), kind('invalid'), 'a thread, not one reply');
    await freezeThread(db, writer, top.id, true);

    const seen = flat(await commentsView(db, { user: ada, address: 'b' }, workId));
    const byId = new Map(seen.map((n) => [n.id, n]));
    assert.deepEqual(
      [top.id, reply.id, other.id].map((id) => [byId.get(id)!.frozen, byId.get(id)!.canReply]),
      [
        [true, false],
        [true, false],
        [false, true],
      ],
    );
    assert.equal(byId.get(top.id)!.canFreeze, false, 'a reader cannot unfreeze');
    const managed = flat(await commentsView(db, { user: writer, address: 'c' }, workId));
    assert.deepEqual(
      managed.map((n) => [n.id, n.canFreeze]),
      [
        [top.id, true],
        [reply.id, false],
        [other.id, true],
      ],
    );
    for (const parentId of [top.id, reply.id])
      await assert.rejects(
        postComment(db, { user: ada, address: 'b' }, { workId, parentId, body: 'Let me in.' }),
        (e: Error) => kind('forbidden')(e) && /frozen/.test(e.message),
      );
    await postComment(db, { user: ada, address: 'b' }, { workId, parentId: other.id, body: 'Still open.' });
    // A frozen thread stands as it is: its comments' authors may not edit them either.
    assert.equal(byId.get(reply.id)!.canEdit, false);
    assert.equal(byId.get(other.id)!.canEdit, true);
    await assert.rejects(
      editComment(db, ada, reply.id, 'Softer, now.'),
      (e: Error) => kind('forbidden')(e) && /frozen/.test(e.message),
    );
    await editComment(db, ada, other.id, 'A calmer thread.');

    await freezeThread(db, admin, top.id, false);
    await editComment(db, ada, reply.id, 'Softer, now.');
    await postComment(db, { user: ada, address: 'b' }, { workId, parentId: reply.id, body: 'Thawed.' });
    assert.equal(flat(await commentsView(db, { user: null, address: 'd' }, workId)).filter((n) => n.frozen).length, 0);
  });

  test('guests are limited to a few comments in a short time', async () => {
    const db = ctx.database;
    const { workId } = await makeWork(db);
    const guest = { user: null, address: '192.0.2.9' };
    for (let i = 0; i < GUEST_COMMENT_LIMIT; i++)
      await postComment(db, guest, { workId, body: `Comment ${i}`, guestName: 'Gull' });
    await assert.rejects(
      postComment(db, guest, { workId, body: 'One more', guestName: 'Gull' }),
      /wait a little, or sign in/,
    );
    await postComment(db, { user: null, address: '192.0.2.10' }, { workId, body: 'Another guest', guestName: 'Tern' });
  });
});

describeEachDialect('comment notifications', (ctx) => {
  test('creators hear of comments, the answered hear of replies, once each, never of their own', async () => {
    const db = ctx.database;
    const [writer, wren, ada] = [await makeUser(db, 'writer'), await makeUser(db, 'wren'), await makeUser(db, 'ada')];
    const { workId } = await makeWork(db, { creator: writer });
    const inbox = async (u: { id: number }) =>
      (
        await db.db
          .selectFrom('inbox_items')
          .select(['kind', 'comment_id', 'work_id'])
          .where('user_id', '=', u.id)
          .orderBy('id')
          .execute()
      ).map((r) => `${r.kind}:${r.comment_id}`);

    const top = await postComment(db, { user: wren, address: 'a' }, { workId, body: 'Lovely' });
    const answer = await postComment(db, { user: writer, address: 'w' }, { workId, parentId: top.id, body: 'Thanks!' });
    const aside = await postComment(
      db,
      { user: ada, address: 'b' },
      { workId, parentId: answer.id, body: 'Agreed with the writer' },
    );
    await postComment(db, { user: wren, address: 'a' }, { workId, parentId: top.id, body: 'Talking to myself' });
    assert.deepEqual(await inbox(writer), [`comment:${top.id}`, `reply:${aside.id}`, `comment:${top.id + 3}`]);
    assert.deepEqual(await inbox(wren), [`reply:${answer.id}`]);
    assert.deepEqual(await inbox(ada), []);

    await setCommentPolicy(db, writer, workId, 'moderated');
    const held = await postComment(db, { user: ada, address: 'b' }, { workId, parentId: top.id, body: 'Held reply' });
    assert.ok((await inbox(writer)).includes(`comment:${held.id}`), 'the creator hears of a held comment');
    assert.ok(!(await inbox(wren)).includes(`reply:${held.id}`), 'the answered reader waits for approval');
    await moderateComment(db, writer, held.id, 'approve');
    assert.ok((await inbox(wren)).includes(`reply:${held.id}`));
    const { workId: guestWork } = await makeWork(db);
    await postComment(
      db,
      { user: null, address: 'g' },
      { workId: guestWork, body: 'On an imported work', guestName: 'Gull' },
    );
    const systemItems = await db.db.selectFrom('inbox_items').select('id').where('work_id', '=', guestWork).execute();
    assert.equal(systemItems.length, 0, 'the importer account gets no inbox');
  });
});

// The rules about comments. Who may comment follows the work's comment_policy ('open' lets guests
// in with a name, 'registered' needs an account, 'moderated' holds comments from anyone but the
// work's creators for their approval, 'closed' refuses everyone). A reader blocked by one of a
// work's creators cannot comment there, nor reply to anyone who blocked them. A reader who muted
// someone never sees that person's comments. Threads keep their shape: a deleted comment that
// has replies stays as a placeholder, and placeholders go once their last reply does.
import { isAdmin, type SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import * as limits from '../web/rate-limits.repo.ts';
import { type WorkFacts, workFacts } from '../works/works.service.ts';
import { authorOf, maskedCreators, type CommentAuthor } from './comment-author.ts';
import { accessOrNotFound, type Actor } from './actor.ts';
import { CommunityError } from './community-error.ts';
import { guestKey } from './guest-key.ts';
import * as repo from './comments.repo.ts';
import { queueNotice } from '../notices/outbox.ts';
import { characterCount, COMMENT_MAX_CHARS, readerHtml, UserTextError } from './user-text.ts';
import type { SanitizedHtml } from '../markup/html.ts';

export const COMMENT_POLICIES = ['open', 'registered', 'moderated', 'closed'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

export const GUEST_NAME_MAX_CHARS = 100;
/** Guest comments per address in GUEST_WINDOW_MS: enough for a conversation, too few for a flood. */
export const GUEST_COMMENT_LIMIT = 10;
export const GUEST_WINDOW_MS = 10 * 60 * 1000;
/** Replies nest this deep; deeper ones line up under the last level, saying whom they answer. */
export const MAX_DEPTH = 8;

function asPolicy(raw: string | undefined): CommentPolicy {
  return (COMMENT_POLICIES as readonly string[]).includes(raw ?? '') ? (raw as CommentPolicy) : 'open';
}

interface WorkContext {
  workId: number;
  policy: CommentPolicy;
  creators: number[];
  /** The viewer is one of the work's creators or an admin: they moderate. */
  manages: boolean;
}

async function workContext(
  database: Database,
  workId: number,
  user: SignedIn | null,
  facts: WorkFacts = workFacts(database, workId),
): Promise<WorkContext> {
  // The policy is in the work's row and the creators in the memo the access check reads.
  const [, visibility, creators] = await Promise.all([
    accessOrNotFound(database, workId, user, facts),
    facts.visibility(),
    facts.creatorUserIds(),
  ]);
  return {
    workId,
    policy: asPolicy(visibility?.commentPolicy),
    creators,
    manages: user !== null && (isAdmin(user) || creators.includes(user.id)),
  };
}

/**
 * Why this viewer may not comment on the work, or null when they may. `blockers` is everyone who
 * blocked the viewer, when it has been read already.
 */
async function commentRefusal(
  database: Database,
  ctx: WorkContext,
  user: SignedIn | null,
  blockers?: ReadonlySet<number>,
): Promise<CommunityError | null> {
  if (ctx.policy === 'closed') return new CommunityError('forbidden', 'Comments are closed on this work.');
  if (!user) {
    return ctx.policy === 'open'
      ? null
      : new CommunityError(
          'sign_in',
          'you need to sign in to comment on this work; its creator allows comments from signed-in readers only',
        );
  }
  const others = ctx.creators.filter((id) => id !== user.id);
  if (blockers ? others.some((id) => blockers.has(id)) : await repo.isBlockedByAny(database.db, others, user.id)) {
    return new CommunityError('forbidden', "Sorry, you have been blocked by one or more of this work's creators.");
  }
  return null;
}

function cleanGuestName(raw: string | undefined): string {
  // Control characters and runs of spaces would only make a name hard to read or to moderate.
  const name = (raw ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) throw new CommunityError('invalid', 'Please give a name to comment as a guest.');
  if (characterCount(name) > GUEST_NAME_MAX_CHARS)
    throw new CommunityError('invalid', `A guest name can be at most ${GUEST_NAME_MAX_CHARS} characters.`);
  return name;
}

function commentHtml(body: string): string {
  try {
    return readerHtml(body, { what: 'a comment', maxChars: COMMENT_MAX_CHARS });
  } catch (e) {
    if (e instanceof UserTextError) throw new CommunityError('invalid', e.message);
    throw e;
  }
}

export interface NewCommentInput {
  workId: number;
  /** The chapter commented on; null for the work as a whole. A reply takes its parent's. */
  chapterId?: number | null;
  parentId?: number | null;
  body: string;
  /** Required of guests; ignored for signed-in readers, who comment as their default pseud. */
  guestName?: string;
}

export async function postComment(
  database: Database,
  actor: Actor,
  input: NewCommentInput,
): Promise<{ id: number; status: 'visible' | 'pending' }> {
  const { db } = database;
  const ctx = await workContext(database, input.workId, actor.user);
  const refusal = await commentRefusal(database, ctx, actor.user);
  if (refusal) throw refusal;

  let chapterId: number | null = null;
  let parentId: number | null = null;
  let parentAuthor: number | null = null;
  if (input.parentId) {
    const parent = await repo.getComment(db, input.parentId);
    if (!parent || parent.workId !== input.workId || parent.status !== 'visible') {
      throw new CommunityError('not_found', 'the comment you are replying to was not found (it may have been deleted)');
    }
    if (
      actor.user &&
      parent.userId !== null &&
      parent.userId !== actor.user.id &&
      (await repo.isBlockedByAny(db, [parent.userId], actor.user.id))
    ) {
      throw new CommunityError('forbidden', 'Sorry, you have been blocked by that user.');
    }
    if ((await threadRoot(database, parent)).frozen)
      throw new CommunityError('forbidden', 'This thread is frozen: it takes no new replies.');
    parentId = parent.id;
    chapterId = parent.chapterId;
    parentAuthor = parent.userId;
  } else if (input.chapterId) {
    const chapter = await repo.chapterOfWork(db, input.workId, input.chapterId);
    if (!chapter) throw new CommunityError('not_found', `that chapter of work ${input.workId} was not found`);
    chapterId = chapter.id;
  }

  const html = commentHtml(input.body);
  let guest: { name: string; key: string } | null = null;
  if (!actor.user) {
    guest = { name: cleanGuestName(input.guestName), key: guestKey(actor.address) };
    const { hits } = await limits.hit(db, `comment:guest:${guest.key.slice(0, 32)}`, GUEST_WINDOW_MS, new Date());
    if (hits > GUEST_COMMENT_LIMIT)
      throw new CommunityError(
        'invalid',
        'You have left many comments in the last few minutes; please wait a little, or sign in.',
      );
  }
  const status = ctx.policy === 'moderated' && !ctx.manages ? 'pending' : 'visible';
  const user = actor.user;
  const at = new Date().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const commentId = await repo.insertComment(trx, {
      workId: input.workId,
      chapterId,
      parentId,
      userId: user?.id ?? null,
      pseudId: user ? await repo.defaultPseudId(trx, user.id) : null,
      guestName: guest?.name ?? null,
      guestKey: guest?.key ?? null,
      html,
      status,
      at,
    });
    // The creators hear of every comment (held ones too: they approve them); whoever was answered
    // hears of the reply once it is visible. Nobody is told about their own words, or twice.
    const answered = status === 'visible' && parentAuthor !== null && parentAuthor !== user?.id ? parentAuthor : null;
    const item = { workId: input.workId, chapterId, commentId, at };
    const creators = ctx.creators.filter((c) => c !== user?.id && c !== answered);
    if (answered !== null) await repo.notify(trx, [answered], { kind: 'reply', ...item });
    await repo.notify(trx, creators, { kind: 'comment', ...item });
    // The same notices by e-mail, queued with the comment and sent later by the mailer.
    const mail = {
      actors: user ? [user.id] : [],
      actorId: user?.id ?? null,
      workId: input.workId,
      chapterId,
      commentId,
      at,
    };
    if (answered !== null) await queueNotice(trx, [answered], { event: 'reply', ...mail });
    await queueNotice(trx, creators, { event: 'comment', ...mail });
    return commentId;
  });
  return { id, status };
}

async function existing(database: Database, id: number, user: SignedIn | null): Promise<repo.CommentRow> {
  const comment = await repo.getComment(database.db, id);
  if (!comment || comment.status === 'deleted') throw new CommunityError('not_found', `comment ${id} was not found`);
  await accessOrNotFound(database, comment.workId, user);
  return comment;
}

/** The comment and its current text, for its author's edit form. */
export async function commentForEdit(database: Database, user: SignedIn, id: number): Promise<repo.CommentRow> {
  const comment = await existing(database, id, user);
  if (comment.userId !== user.id || (comment.status !== 'visible' && comment.status !== 'pending')) {
    throw new CommunityError('forbidden', 'only its author can edit a comment');
  }
  // As on AO3, a frozen thread is kept as it stands: no replies, and no edits either.
  if ((await threadRoot(database, comment)).frozen)
    throw new CommunityError('forbidden', 'This thread is frozen: its comments can no longer be edited.');
  return comment;
}

export async function editComment(
  database: Database,
  user: SignedIn,
  id: number,
  body: string,
): Promise<repo.CommentRow> {
  const comment = await commentForEdit(database, user, id);
  const html = commentHtml(body);
  if (!(await repo.updateText(database.db, id, html, new Date().toISOString())))
    throw new CommunityError('not_found', `comment ${id} was not found`);
  return comment;
}

/** Where a comment is, for links to it; not_found when the viewer may not see its work. */
export async function locateComment(database: Database, user: SignedIn | null, id: number): Promise<repo.CommentRow> {
  return existing(database, id, user);
}

/**
 * Deletes a comment: its author, the work's creators and admins may. One with replies stays as
 * "This comment has been deleted" (without its text); one without goes, and so do placeholders
 * above it that were only kept for it.
 */
export async function deleteComment(database: Database, user: SignedIn, id: number): Promise<repo.CommentRow> {
  const comment = await existing(database, id, user);
  const ctx = await workContext(database, comment.workId, user);
  if (comment.userId !== user.id && !ctx.manages)
    throw new CommunityError('forbidden', "only a comment's author, the work's creators and admins can delete it");
  await database.db.transaction().execute(async (trx) => {
    const gone = await repo.deleteLeaf(trx, id);
    if (!gone) {
      for (const from of ['visible', 'pending', 'spam'] as const)
        if (await repo.changeStatus(trx, id, from, 'deleted', true)) break;
      return;
    }
    let parentId = gone.parentId;
    while (parentId !== null) {
      const parent = await repo.getComment(trx, parentId);
      if (parent?.status !== 'deleted') break;
      const removed = await repo.deleteLeaf(trx, parent.id);
      parentId = removed ? removed.parentId : null;
    }
  });
  return comment;
}

export type ModerationAction = 'approve' | 'spam';

/** The work's creators and admins approve held comments and mark spam. */
export async function moderateComment(
  database: Database,
  user: SignedIn,
  id: number,
  action: ModerationAction,
): Promise<repo.CommentRow> {
  const comment = await existing(database, id, user);
  const ctx = await workContext(database, comment.workId, user);
  if (!ctx.manages)
    throw new CommunityError('forbidden', "only the work's creators and admins can moderate its comments");
  await database.db.transaction().execute(async (trx) => {
    if (action === 'approve') {
      if (!(await repo.changeStatus(trx, id, 'pending', 'visible')))
        throw new CommunityError('invalid', 'That comment is not waiting for approval.');
      const parent = comment.parentId !== null ? await repo.getComment(trx, comment.parentId) : undefined;
      // The creators heard of it when it was held; the one it answers hears of it now.
      if (parent?.userId != null && parent.userId !== comment.userId && !ctx.creators.includes(parent.userId)) {
        const item = {
          workId: comment.workId,
          chapterId: comment.chapterId,
          commentId: id,
          at: new Date().toISOString(),
        };
        await repo.notify(trx, [parent.userId], { kind: 'reply', ...item });
        const actors = comment.userId !== null ? [comment.userId] : [];
        await queueNotice(trx, [parent.userId], { event: 'reply', actors, actorId: comment.userId, ...item });
      }
    } else {
      // Spam keeps its text for the admins' review; it is never shown again.
      const done =
        (await repo.changeStatus(trx, id, 'visible', 'spam')) || (await repo.changeStatus(trx, id, 'pending', 'spam'));
      if (!done) throw new CommunityError('invalid', 'That comment is already marked as spam.');
    }
  });
  return comment;
}

/** The top-level comment of the thread a comment belongs to. */
async function threadRoot(database: Database, comment: repo.CommentRow): Promise<repo.CommentRow> {
  let at = comment;
  while (at.parentId !== null) {
    const parent = await repo.getComment(database.db, at.parentId);
    if (!parent) break;
    at = parent;
  }
  return at;
}

/**
 * The work's creators and admins freeze a thread (its top-level comment and every reply under
 * it): it stays readable and takes no new replies until they unfreeze it.
 */
export async function freezeThread(
  database: Database,
  user: SignedIn,
  id: number,
  frozen: boolean,
): Promise<repo.CommentRow> {
  const comment = await existing(database, id, user);
  const ctx = await workContext(database, comment.workId, user);
  if (!ctx.manages)
    throw new CommunityError('forbidden', "only the work's creators and admins can freeze its comment threads");
  if (comment.parentId !== null)
    throw new CommunityError('invalid', 'A reply is frozen with its thread: freeze the thread’s first comment.');
  await repo.setFrozen(database.db, id, frozen);
  return comment;
}

export async function setCommentPolicy(
  database: Database,
  user: SignedIn,
  workId: number,
  policy: string,
): Promise<void> {
  const access = await accessOrNotFound(database, workId, user);
  if (access !== 'edit') throw new CommunityError('forbidden', "only the work's creators can change who may comment");
  if (!(COMMENT_POLICIES as readonly string[]).includes(policy))
    throw new CommunityError('invalid', `'${policy}' is not a comment setting`);
  await repo.setCommentPolicy(database.db, workId, policy);
}

// ---- what a viewer sees ----------------------------------------------------------------------

export type { CommentAuthor } from './comment-author.ts';

export interface CommentNode {
  id: number;
  /** null when shown as a placeholder. */
  html: SanitizedHtml | null;
  placeholder: 'deleted' | 'muted' | null;
  author: CommentAuthor;
  pending: boolean;
  chapterPosition: number | null;
  createdAt: string;
  editedAt: string | null;
  /** Set when the reply sits lower in the nesting than the comment it answers. */
  inReplyTo: { id: number; author: CommentAuthor } | null;
  canEdit: boolean;
  canDelete: boolean;
  canModerate: boolean;
  canReply: boolean;
  /** Its thread is frozen: no replies. */
  frozen: boolean;
  /** A thread's first comment, and the viewer may freeze or unfreeze the thread. */
  canFreeze: boolean;
  replies: CommentNode[];
}

export interface CommentsView {
  workId: number;
  policy: CommentPolicy;
  /** The viewer may change the policy and moderate. */
  manages: boolean;
  signedIn: boolean;
  /** Why the viewer may not comment, or null. */
  refusal: { message: string; signIn: boolean } | null;
  threads: CommentNode[];
  /** Comments shown with their text. */
  shown: number;
  /** Held comments the viewer can see (their own, or all when they moderate). */
  pending: number;
}

/**
 * The comment threads of a work, or of one of its chapters, as this viewer may see them: muted
 * authors' comments are hidden, held ones appear to their author and the work's moderators, and
 * removed ones stay as placeholders only where replies hang from them.
 */
export async function commentsView(
  database: Database,
  actor: Actor,
  workId: number,
  opts: { chapterId?: number; facts?: WorkFacts } = {},
): Promise<CommentsView> {
  const user = actor.user;
  const facts = opts.facts ?? workFacts(database, workId);
  // The comments and blocks are read beside the access check: on PostgreSQL one wait, not two.
  // Nothing read is shown unless the check passes.
  const [ctx, rows, blockers, hidden] = await Promise.all([
    workContext(database, workId, user, facts),
    repo.listComments(database.db, workId, { chapterId: opts.chapterId, viewerId: user?.id ?? null }),
    user ? repo.blockersOf(database.db, user.id) : Promise.resolve([]),
    maskedCreators(database, user, facts),
  ]);
  const blockedBy = new Set(blockers);
  const refusal = await commentRefusal(database, ctx, user, blockedBy);

  // Replies always have larger ids than what they answer, so one pass from the newest decides
  // which placeholders still carry a visible reply.
  const shownOf = (r: repo.ListedComment) =>
    !r.muted &&
    (r.status === 'visible' || (r.status === 'pending' && (ctx.manages || (user !== null && r.userId === user.id))));
  const keptReplies = new Map<number, number>();
  const kept = new Set<number>();
  for (const r of [...rows].sort((a, b) => b.id - a.id)) {
    const placeholderWorthy = r.muted || r.status === 'deleted' || r.status === 'spam';
    if (shownOf(r) || (placeholderWorthy && (keptReplies.get(r.id) ?? 0) > 0)) {
      kept.add(r.id);
      if (r.parentId !== null) keptReplies.set(r.parentId, (keptReplies.get(r.parentId) ?? 0) + 1);
    }
  }

  const nodes = new Map<number, { node: CommentNode; depth: number; list: CommentNode[] }>();
  const threads: CommentNode[] = [];
  let shown = 0;
  let pending = 0;
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    if (!kept.has(r.id)) continue;
    const isShown = shownOf(r);
    if (isShown) shown++;
    if (isShown && r.status === 'pending') pending++;
    const author: CommentAuthor = isShown ? authorOf(r, hidden) : { kind: 'gone' };
    const mine = user !== null && r.userId === user.id;
    const parent = r.parentId !== null ? nodes.get(r.parentId) : undefined;
    const frozen = parent ? parent.node.frozen : r.frozen;
    const node: CommentNode = {
      id: r.id,
      html: isShown ? r.html : null,
      placeholder: isShown ? null : r.muted ? 'muted' : 'deleted',
      author,
      pending: r.status === 'pending',
      chapterPosition: r.chapterPosition,
      createdAt: r.createdAt,
      editedAt: r.editedAt,
      inReplyTo: null,
      canEdit: isShown && mine && !frozen,
      canDelete: isShown && (mine || ctx.manages),
      canModerate: isShown && ctx.manages,
      canReply:
        isShown &&
        !frozen &&
        r.status === 'visible' &&
        refusal === null &&
        !(r.userId !== null && blockedBy.has(r.userId)),
      frozen,
      canFreeze: ctx.manages && r.parentId === null,
      replies: [],
    };
    if (!parent) {
      threads.push(node);
      nodes.set(r.id, { node, depth: 1, list: threads });
      continue;
    }
    if (parent.depth < MAX_DEPTH) {
      parent.node.replies.push(node);
      nodes.set(r.id, { node, depth: parent.depth + 1, list: parent.node.replies });
    } else {
      // Too deep to indent again: it joins its parent's level and says whom it answers.
      node.inReplyTo = { id: parent.node.id, author: parent.node.author };
      parent.list.push(node);
      nodes.set(r.id, { node, depth: MAX_DEPTH, list: parent.list });
    }
  }
  return {
    workId,
    policy: ctx.policy,
    manages: ctx.manages,
    signedIn: user !== null,
    refusal: refusal ? { message: refusal.message, signIn: refusal.kind === 'sign_in' } : null,
    threads,
    shown,
    pending,
  };
}

// Prompt memes, as on AO3: a collection's moderators switch it on; signed-in readers post prompts
// (optionally anonymous: then only the prompter and the moderators ever see who asked), claim
// them (several claimants at once) and fill them with works of their own, which join the
// collection. The prompter is told of each fill, in their inbox and by e-mail.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { AppError } from '../app-error.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import { queueNotice } from '../notices/outbox.ts';
import { getVisibility, isCreatorOf } from '../works/works.repo.ts';
import { workAccessMany } from '../works/work-access.ts';
import { getWorkBlurbs, type WorkBlurb } from '../works/works.service.ts';
import { collectionById } from '../collections/collections.repo.ts';
import { addOwnWork, collectionView, moderates, type CollectionView } from '../collections/collections.service.ts';
import { checkMemeFields, checkPrompt, type MemeFields, type PromptFields } from './prompt-rules.ts';
import * as repo from './prompt-memes.repo.ts';
import { lockUser } from '../accounts/accounts.repo.ts';

export type { MemeRow, PromptStatus, PromptTag } from './prompt-memes.repo.ts';
export const PROMPT_PAGE = 50;
type Tx = Database['db'];

export interface MemeView {
  view: CollectionView;
  meme: repo.MemeRow;
  moderates: boolean;
}

/** The collection and its prompt meme; not found when it is not one. */
export async function memeView(database: Database, name: string, viewer: SignedIn | null): Promise<MemeView> {
  const view = await collectionView(database, name, viewer);
  const meme = await repo.memeOf(database.db, view.collection.id);
  if (!meme) throw new AppError('not_found', `the collection '${view.collection.name}' is not a prompt meme`);
  return { view, meme, moderates: moderates(view) };
}

/** The settings form's values: the meme's, or the defaults for a collection that is not one yet. */
export async function memeSettings(database: Database, name: string, viewer: SignedIn) {
  const view = await collectionView(database, name, viewer);
  if (!moderates(view)) throw new AppError('forbidden', 'only the collection’s moderators can do that');
  const meme = await repo.memeOf(database.db, view.collection.id);
  return { view, meme };
}

/** Moderators switch the prompt meme on (with its settings) or off. */
export async function saveMemeSettings(
  database: Database,
  viewer: SignedIn,
  name: string,
  f: MemeFields | 'off',
): Promise<void> {
  const { view } = await memeSettings(database, name, viewer);
  const id = view.collection.id;
  if (f === 'off') return repo.deleteMeme(database.db, id);
  await repo.saveMeme(database.db, checkMemeFields(id, f), new Date().toISOString());
}

// ---- prompts --------------------------------------------------------------------------------

export async function postPrompt(database: Database, viewer: SignedIn, name: string, f: PromptFields): Promise<number> {
  const m = await memeView(database, name, viewer);
  const values = checkPrompt(m.meme, f);
  if (!m.meme.promptsOpen && !m.moderates) throw new AppError('invalid', 'this prompt meme takes no new prompts now');
  return retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      // Two prompts posted at once by one reader: the second counts after the first is in.
      if (database.dialect === 'postgres') await lockUser(trx, viewer.id);
      if ((await repo.countPrompts(trx, m.view.collection.id, viewer.id)) >= m.meme.promptsPerMember)
        throw new AppError('invalid', `a member posts at most ${m.meme.promptsPerMember} prompts here`);
      return repo.insertPrompt(trx, m.view.collection.id, viewer.id, values, new Date().toISOString());
    }),
  );
}

/** The prompt with its meme; not found when its collection is no longer a prompt meme. */
async function promptAndMeme(database: Database, id: number, viewer: SignedIn | null) {
  const prompt = await repo.getPrompt(database.db, id);
  const meme = prompt && (await repo.memeOf(database.db, prompt.collectionId));
  if (!prompt || !meme) throw new AppError('not_found', `prompt ${id} was not found`);
  const c = await collectionNameOf(database, prompt.collectionId);
  return { prompt, m: await memeView(database, c, viewer) };
}

async function collectionNameOf(database: Database, collectionId: number): Promise<string> {
  return (await collectionById(database.db, collectionId))?.name ?? '';
}

function mustOwnOrModerate(prompt: repo.PromptRow, m: MemeView, viewer: SignedIn, moderatorsToo: boolean) {
  if (prompt.userId === viewer.id || (moderatorsToo && m.moderates)) return;
  throw new AppError(
    'forbidden',
    moderatorsToo ? 'only its prompter or a moderator can do that' : 'only its prompter can edit a prompt',
  );
}

/** The prompter edits their prompt. */
export async function editPrompt(database: Database, viewer: SignedIn, id: number, f: PromptFields): Promise<void> {
  const { prompt, m } = await promptAndMeme(database, id, viewer);
  mustOwnOrModerate(prompt, m, viewer, false);
  await retryingConflicts(() =>
    database.db
      .transaction()
      .execute((trx) => repo.updatePrompt(trx, id, checkPrompt(m.meme, f), new Date().toISOString())),
  );
}

/** The prompter deletes their prompt, or a moderator removes any; its claims and fills go with it. */
export async function deletePrompt(database: Database, viewer: SignedIn, id: number): Promise<string> {
  const { prompt, m } = await promptAndMeme(database, id, viewer);
  mustOwnOrModerate(prompt, m, viewer, true);
  await repo.deletePrompt(database.db, id);
  return m.view.collection.name;
}

// ---- claims and fills -----------------------------------------------------------------------

export async function claim(database: Database, viewer: SignedIn, id: number): Promise<void> {
  await promptAndMeme(database, id, viewer);
  await repo.insertClaim(database.db, id, viewer.id, new Date().toISOString());
}

export async function dropClaim(database: Database, viewer: SignedIn, id: number): Promise<void> {
  await promptAndMeme(database, id, viewer);
  if (!(await repo.deleteClaim(database.db, id, viewer.id)))
    throw new AppError('invalid', 'you have no claim on this prompt');
}

/**
 * A creator fills the prompt with a posted work of theirs: the work joins the collection (as its
 * creator adding it would: a moderated one waits for approval), the fill is recorded, and the
 * prompter is told, never naming them to the filler nor the filler beyond what the work shows.
 */
export async function fill(database: Database, viewer: SignedIn, id: number, workId: number): Promise<void> {
  const { prompt, m } = await promptAndMeme(database, id, viewer);
  await retryingConflicts(() =>
    database.db.transaction().execute((trx) => fillIn(trx, viewer, prompt, m.view.collection.name, workId)),
  );
}

/** The work form's "fills this prompt", in the form's transaction once the work is posted. */
export async function fillFromWorkForm(trx: Tx, viewer: SignedIn, promptId: number, workId: number): Promise<void> {
  const prompt = await repo.getPrompt(trx, promptId);
  const c = prompt && (await repo.memeOf(trx, prompt.collectionId)) && (await collectionById(trx, prompt.collectionId));
  if (!prompt || !c) throw new AppError('invalid', `prompt ${promptId} is not open to fills`);
  await fillIn(trx, viewer, prompt, c.name, workId);
}

async function fillIn(trx: Tx, viewer: SignedIn, prompt: repo.PromptRow, collection: string, workId: number) {
  const v = await getVisibility(trx, workId);
  if (!v || !(await isCreatorOf(trx, workId, viewer.id)))
    throw new AppError('invalid', `work ${workId} is not a work of yours`);
  if (v.draft) throw new AppError('invalid', 'post the work before it fills a prompt');
  await addOwnWork(trx, viewer, collection, workId);
  const at = new Date().toISOString();
  if (!(await repo.insertFill(trx, prompt.id, workId, viewer.id, at))) return;
  if (prompt.userId === viewer.id) return;
  await repo.notifyPrompter(trx, prompt.userId, workId, at);
  await queueNotice(trx, [prompt.userId], { event: 'prompt_fill', actors: [viewer.id], workId, at });
}

/** The prompt a new work is written for, as the work form names it; undefined when there is none. */
export async function promptForPosting(
  database: Database,
  id: number,
): Promise<{ id: number; title: string; collection: string } | undefined> {
  const prompt = await repo.getPrompt(database.db, id);
  const meme = prompt && (await repo.memeOf(database.db, prompt.collectionId));
  const c = meme && (await collectionById(database.db, prompt.collectionId));
  return c ? { id, title: prompt.title, collection: c.name } : undefined;
}

// ---- reading --------------------------------------------------------------------------------

export interface PromptShown {
  id: number;
  collection: string;
  title: string;
  description: string;
  anonymous: boolean;
  /** The prompter's username, or null where it is withheld (an anonymous prompt). */
  prompter: string | null;
  mine: boolean;
  /** What the viewer may do with it. */
  may: { edit: boolean; remove: boolean };
  tags: repo.PromptTag[];
  claims: { count: number; mine: boolean; names: string[] | null };
  fills: WorkBlurb[];
  createdAt: string;
}

/**
 * Prompts as this viewer may see them: an anonymous prompt's prompter named to the moderators
 * alone (the prompter sees it as readers do, marked as theirs by `mine`); claimants by name
 * unless the collection hides its creators; fills the viewer may read (guests no restricted
 * work, nobody an unrevealed one but its creators and the moderators), masked as everywhere else.
 */
async function shown(database: Database, m: MemeView, viewer: SignedIn | null, rows: repo.PromptRow[]) {
  const ids = rows.map((r) => r.id);
  const [tags, claims, fills] = await Promise.all([
    repo.tagsOfPrompts(database.db, ids),
    repo.claimsOfPrompts(database.db, ids),
    repo.fillsOfPrompts(database.db, ids),
  ]);
  const hiding = m.view.hiding.anonymous || m.view.hiding.unrevealed;
  const visible = new Map<number, number[]>();
  const accessOf = await workAccessMany(
    database,
    fills.map((f) => f.workId),
    viewer,
  );
  for (const f of fills) {
    const access = accessOf.get(f.workId) ?? 'none';
    if (access === 'none' || (!f.approved && access !== 'edit' && !m.moderates)) continue;
    visible.set(f.promptId, [...(visible.get(f.promptId) ?? []), f.workId]);
  }
  const blurbs = new Map((await getWorkBlurbs(database, [...visible.values()].flat())).map((b) => [b.id, b]));
  return rows.map((p): PromptShown => {
    const mine = viewer?.id === p.userId;
    const cs = claims.filter((c) => c.promptId === p.id);
    return {
      id: p.id,
      collection: m.view.collection.name,
      title: p.title,
      description: p.description,
      anonymous: p.anonymous,
      prompter: !p.anonymous || m.moderates ? p.username : null,
      mine,
      may: { edit: mine, remove: mine || m.moderates },
      tags: tags.get(p.id) ?? [],
      claims: {
        count: cs.length,
        mine: cs.some((c) => c.userId === viewer?.id),
        names: hiding && !m.moderates ? null : cs.map((c) => c.username),
      },
      fills: (visible.get(p.id) ?? []).flatMap((w) => blurbs.get(w) ?? []),
      createdAt: p.createdAt,
    };
  });
}

export async function listPrompts(
  database: Database,
  name: string,
  viewer: SignedIn | null,
  filter: Omit<repo.PromptFilter, 'limit'>,
): Promise<{ m: MemeView; prompts: PromptShown[]; next: number | null }> {
  const m = await memeView(database, name, viewer);
  const rows = await repo.listPrompts(database.db, m.view.collection.id, { ...filter, limit: PROMPT_PAGE + 1 });
  const page = rows.slice(0, PROMPT_PAGE);
  return {
    m,
    prompts: await shown(database, m, viewer, page),
    next: rows.length > PROMPT_PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function promptPage(
  database: Database,
  id: number,
  viewer: SignedIn | null,
): Promise<{ m: MemeView; prompt: PromptShown }> {
  const { prompt, m } = await promptAndMeme(database, id, viewer);
  const [p] = await shown(database, m, viewer, [prompt]);
  return { m, prompt: p! };
}

/** The viewer's claims and their own prompts (anonymous ones too: they are the prompter). */
export async function myClaims(database: Database, viewer: SignedIn) {
  const claimed = await repo.promptsByIds(database.db, await repo.claimedPromptIds(database.db, viewer.id));
  const byCollection = new Map<number, repo.PromptRow[]>();
  for (const p of claimed) byCollection.set(p.collectionId, [...(byCollection.get(p.collectionId) ?? []), p]);
  const claims: PromptShown[] = [];
  for (const [collectionId, rows] of byCollection) {
    const meme = await repo.memeOf(database.db, collectionId);
    if (!meme) continue;
    const m = await memeView(database, await collectionNameOf(database, collectionId), viewer);
    claims.push(...(await shown(database, m, viewer, rows)));
  }
  const order = new Map(claimed.map((p, i) => [p.id, i]));
  claims.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const prompts = (await repo.promptsOfUser(database.db, viewer.id)).map((p) => ({
    id: p.id,
    title: p.title,
    collection: p.collection,
    anonymous: p.anonymous,
  }));
  return { claims, prompts };
}

/** The viewer's posted works, to fill a prompt with. */
export async function worksToFillWith(database: Database, viewer: SignedIn | null) {
  return viewer ? repo.postedWorksOf(database.db, viewer.id) : [];
}

/** Whether the collection is a prompt meme (for its tabs). */
export async function isPromptMeme(database: Database, collectionId: number): Promise<boolean> {
  return (await repo.memeOf(database.db, collectionId)) !== undefined;
}

/**
 * The prompts a work fills, for its page's "In response to" line. An anonymous prompt's prompter
 * is withheld for everyone here: guests' work pages are cached whole, for every viewer alike.
 */
export async function promptsOfWork(database: Database, workId: number) {
  return (await repo.promptsFilledBy(database.db, workId)).map((r) => ({
    id: r.id,
    title: r.title,
    prompter: r.anonymous === 1 ? null : r.username,
    collection: r.collection,
    collectionTitle: r.collection_title,
  }));
}

// All SQL about prompt memes: a collection's prompt meme settings, its prompts with their tags,
// the claims on them and the works that fill them.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface MemeRow {
  collectionId: number;
  promptsOpen: boolean;
  anonymousAllowed: boolean;
  promptsPerMember: number;
  tagTypes: string[];
  /** The fandoms prompts are restricted to; empty: any fandom. */
  fandoms: string[];
}

const list = (s: string) => s.split(',').filter(Boolean);

export async function memeOf(db: Db, collectionId: number): Promise<MemeRow | undefined> {
  const r = await db
    .selectFrom('prompt_memes')
    .selectAll()
    .where('collection_id', '=', collectionId)
    .executeTakeFirst();
  return (
    r && {
      collectionId: r.collection_id,
      promptsOpen: r.prompts_open === 1,
      anonymousAllowed: r.anonymous_allowed === 1,
      promptsPerMember: r.prompts_per_member,
      tagTypes: list(r.tag_types),
      fandoms: list(r.fandoms),
    }
  );
}

export async function saveMeme(db: Db, m: MemeRow, at: string): Promise<void> {
  const values = {
    prompts_open: m.promptsOpen ? 1 : 0,
    anonymous_allowed: m.anonymousAllowed ? 1 : 0,
    prompts_per_member: m.promptsPerMember,
    tag_types: m.tagTypes.join(','),
    fandoms: m.fandoms.join(','),
    updated_at: at,
  } as const;
  await db
    .insertInto('prompt_memes')
    .values({ ...values, collection_id: m.collectionId, created_at: at })
    .onConflict((oc) => oc.column('collection_id').doUpdateSet(values))
    .execute();
}

/** Switches the prompt meme off; its prompts stay, unseen, until it is switched on again. */
export async function deleteMeme(db: Db, collectionId: number): Promise<void> {
  await db.deleteFrom('prompt_memes').where('collection_id', '=', collectionId).execute();
}

// ---- prompts --------------------------------------------------------------------------------

export interface PromptRow {
  id: number;
  collectionId: number;
  userId: number;
  /** The prompter's username: for the service to show or withhold, never a page directly. */
  username: string;
  anonymous: boolean;
  title: string;
  description: string;
  createdAt: string;
}

export interface PromptTag {
  type: string;
  name: string;
}

function promptsQuery(db: Db) {
  return db
    .selectFrom('prompts as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.id',
      'p.collection_id',
      'p.user_id',
      'u.username',
      'p.anonymous',
      'p.title',
      'p.description',
      'p.created_at',
    ]);
}

type RawPrompt = {
  id: number;
  collection_id: number;
  user_id: number;
  username: string;
  anonymous: number;
  title: string;
  description: string;
  created_at: string;
};

const toPrompt = (r: RawPrompt): PromptRow => ({
  id: r.id,
  collectionId: r.collection_id,
  userId: r.user_id,
  username: r.username,
  anonymous: r.anonymous === 1,
  title: r.title,
  description: r.description,
  createdAt: r.created_at,
});

export async function getPrompt(db: Db, id: number): Promise<PromptRow | undefined> {
  const r = await promptsQuery(db).where('p.id', '=', id).executeTakeFirst();
  return r && toPrompt(r);
}

export interface PromptValues {
  title: string;
  description: string;
  anonymous: boolean;
  tags: PromptTag[];
}

export async function insertPrompt(
  db: Db,
  collectionId: number,
  userId: number,
  v: PromptValues,
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('prompts')
    .values({
      collection_id: collectionId,
      user_id: userId,
      anonymous: v.anonymous ? 1 : 0,
      title: v.title,
      description: v.description,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setTags(db, row.id, v.tags);
  return row.id;
}

export async function updatePrompt(db: Db, id: number, v: PromptValues, at: string): Promise<void> {
  await db
    .updateTable('prompts')
    .set({ title: v.title, description: v.description, anonymous: v.anonymous ? 1 : 0, updated_at: at })
    .where('id', '=', id)
    .execute();
  await setTags(db, id, v.tags);
}

async function setTags(db: Db, promptId: number, tags: PromptTag[]): Promise<void> {
  await db.deleteFrom('prompt_tags').where('prompt_id', '=', promptId).execute();
  if (tags.length === 0) return;
  await db
    .insertInto('prompt_tags')
    .values(tags.map((t) => ({ prompt_id: promptId, type: t.type, name: t.name, name_key: t.name.toLowerCase() })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deletePrompt(db: Db, id: number): Promise<void> {
  await db.deleteFrom('prompts').where('id', '=', id).execute();
}

export async function countPrompts(db: Db, collectionId: number, userId: number): Promise<number> {
  const r = await db
    .selectFrom('prompts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', collectionId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function tagsOfPrompts(db: Db, ids: number[]): Promise<Map<number, PromptTag[]>> {
  const map = new Map<number, PromptTag[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('prompt_tags')
    .select(['prompt_id', 'type', 'name'])
    .where('prompt_id', 'in', ids)
    .orderBy('prompt_id')
    .orderBy('type')
    .orderBy('name_key')
    .execute();
  for (const r of rows) map.get(r.prompt_id)?.push({ type: r.type, name: r.name });
  return map;
}

/** A fill counts once its work is posted, not hidden by an admin, and in the collection on both sides. */
const liveFill = sql<boolean>`EXISTS (SELECT 1 FROM prompt_fills f
  JOIN collection_items i ON i.work_id = f.work_id AND i.collection_id = p.collection_id
   AND i.creator_approved = 1 AND i.collection_approved = 1
  JOIN works w ON w.id = f.work_id AND w.draft = 0 AND w.hidden_by_admin = 0
  WHERE f.prompt_id = p.id)`;
const anyClaim = sql<boolean>`EXISTS (SELECT 1 FROM prompt_claims c WHERE c.prompt_id = p.id)`;

export type PromptStatus = 'claimed' | 'unclaimed' | 'filled';

export interface PromptFilter {
  fandom?: string;
  tag?: string;
  status?: PromptStatus;
  /** The last id of the page before (newest first). */
  before?: number;
  limit: number;
}

export async function listPrompts(db: Db, collectionId: number, f: PromptFilter): Promise<PromptRow[]> {
  let q = promptsQuery(db).where('p.collection_id', '=', collectionId);
  const tagged = (name: string, type?: string) =>
    sql<boolean>`EXISTS (SELECT 1 FROM prompt_tags t WHERE t.prompt_id = p.id AND t.name_key = ${name.toLowerCase()}
      ${type ? sql`AND t.type = ${type}` : sql``})`;
  if (f.fandom) q = q.where(tagged(f.fandom, 'fandom'));
  if (f.tag) q = q.where(tagged(f.tag));
  if (f.status === 'filled') q = q.where(liveFill);
  else if (f.status === 'claimed') q = q.where(sql<boolean>`(${anyClaim} AND NOT ${liveFill})`);
  else if (f.status === 'unclaimed') q = q.where(sql<boolean>`(NOT ${anyClaim} AND NOT ${liveFill})`);
  if (f.before !== undefined) q = q.where('p.id', '<', f.before);
  return (await q.orderBy('p.id', 'desc').limit(f.limit).execute()).map(toPrompt);
}

/** The user's own prompts in every collection, newest first, with the collection's name. */
export async function promptsOfUser(db: Db, userId: number): Promise<(PromptRow & { collection: string })[]> {
  const rows = await promptsQuery(db)
    .innerJoin('collections as c', 'c.id', 'p.collection_id')
    .select('c.name as collection')
    .where('p.user_id', '=', userId)
    .orderBy('p.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...toPrompt(r), collection: r.collection }));
}

// ---- claims ---------------------------------------------------------------------------------

export interface ClaimRow {
  id: number;
  promptId: number;
  userId: number;
  username: string;
  createdAt: string;
}

export async function insertClaim(db: Db, promptId: number, userId: number, at: string): Promise<void> {
  await db
    .insertInto('prompt_claims')
    .values({ prompt_id: promptId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['prompt_id', 'user_id']).doNothing())
    .execute();
}

export async function deleteClaim(db: Db, promptId: number, userId: number): Promise<boolean> {
  const r = await db
    .deleteFrom('prompt_claims')
    .where('prompt_id', '=', promptId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function claimsOfPrompts(db: Db, ids: number[]): Promise<ClaimRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('prompt_claims as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.prompt_id', 'c.user_id', 'u.username', 'c.created_at'])
    .where('c.prompt_id', 'in', ids)
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    promptId: r.prompt_id,
    userId: r.user_id,
    username: r.username,
    createdAt: r.created_at,
  }));
}

/** The prompts the user claimed, newest claim first. */
export async function claimedPromptIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('prompt_claims')
    .select('prompt_id')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => r.prompt_id);
}

export async function promptsByIds(db: Db, ids: number[]): Promise<PromptRow[]> {
  if (ids.length === 0) return [];
  const rows = await promptsQuery(db).where('p.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, toPrompt(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

// ---- fills ----------------------------------------------------------------------------------

export interface FillRow {
  promptId: number;
  workId: number;
  /** Whether the work is in the collection on both sides. */
  approved: boolean;
}

/** Records the fill; false when the work already filled this prompt. */
export async function insertFill(db: Db, promptId: number, workId: number, userId: number, at: string) {
  const r = await db
    .insertInto('prompt_fills')
    .values({ prompt_id: promptId, work_id: workId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['prompt_id', 'work_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function fillsOfPrompts(db: Db, ids: number[]): Promise<FillRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('prompt_fills as f')
    .innerJoin('prompts as p', 'p.id', 'f.prompt_id')
    .leftJoin('collection_items as i', (j) =>
      j.onRef('i.work_id', '=', 'f.work_id').onRef('i.collection_id', '=', 'p.collection_id'),
    )
    .select(['f.prompt_id', 'f.work_id', 'i.creator_approved', 'i.collection_approved'])
    .where('f.prompt_id', 'in', ids)
    .orderBy('f.id')
    .execute();
  return rows.map((r) => ({
    promptId: r.prompt_id,
    workId: r.work_id,
    approved: r.creator_approved === 1 && r.collection_approved === 1,
  }));
}

/** Tells the prompter in their inbox (shown once the work is one they may find). */
export async function notifyPrompter(db: Db, userId: number, workId: number, at: string): Promise<void> {
  await sql`INSERT INTO inbox_items (user_id, kind, work_id, created_at)
    SELECT CAST(${userId} AS INTEGER), 'prompt_fill', CAST(${workId} AS INTEGER), CAST(${at} AS TEXT)
     WHERE NOT EXISTS (SELECT 1 FROM inbox_items WHERE user_id = ${userId} AND work_id = ${workId} AND kind = 'prompt_fill')`.execute(
    db,
  );
}

/** The user's posted works, newest first: what they may fill a prompt with. */
export async function postedWorksOf(db: Db, userId: number): Promise<{ id: number; title: string }[]> {
  return db
    .selectFrom('works as w')
    .select(['w.id', 'w.title'])
    .where('w.draft', '=', 0)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('work_creators as wc')
          .innerJoin('pseuds as ps', 'ps.id', 'wc.pseud_id')
          .select('wc.work_id')
          .whereRef('wc.work_id', '=', 'w.id')
          .where('ps.user_id', '=', userId),
      ),
    )
    .orderBy('w.id', 'desc')
    .limit(200)
    .execute();
}

/** The prompts a work fills in collections that are prompt memes, with their prompter and collection. */
export async function promptsFilledBy(db: Db, workId: number) {
  return promptsQuery(db)
    .innerJoin('prompt_fills as f', 'f.prompt_id', 'p.id')
    .innerJoin('prompt_memes as m', 'm.collection_id', 'p.collection_id')
    .innerJoin('collections as c', 'c.id', 'p.collection_id')
    .select(['c.name as collection', 'c.title as collection_title'])
    .where('f.work_id', '=', workId)
    .orderBy('p.id')
    .execute();
}

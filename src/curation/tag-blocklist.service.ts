// A reader's tag blocklist: works carrying a blocked tag, one of its synonyms, or a tag under it
// (a meta tag's sub-tags) vanish from every listing and search they open. Filters match canonical
// tags, so a synonym is stored as the canonical tag it points to.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { findTagById, findTagByName } from '../tags/tags.repo.ts';
import { CurationError } from './curation-error.ts';
import * as repo from './tag-blocklist.repo.ts';

export type { BlockedTag } from './tag-blocklist.repo.ts';

/** Each blocked tag is probed for every work a listing considers; the cap keeps that bounded. */
export const MAX_BLOCKED_TAGS = 200;

export interface BlockedTagResult {
  tag: repo.BlockedTag;
  /** The tag the reader typed, when it was a synonym of `tag`. */
  synonym: { id: number; name: string } | null;
  created: boolean;
}

export async function blockTag(
  database: Database,
  viewer: SignedIn,
  rawName: string | undefined,
): Promise<BlockedTagResult> {
  const name = (rawName ?? '').trim();
  if (!name) throw new CurationError('enter the name of a tag to block');
  const found = await findTagByName(database.db, name);
  if (!found) throw new CurationError(`there is no tag named '${name}'; only tags the archive has can be blocked`);
  const canonical = found.synonymOf !== null ? await findTagById(database.db, found.synonymOf) : found;
  if (!canonical) throw new CurationError(`there is no tag named '${name}'; only tags the archive has can be blocked`);
  if ((await repo.countBlockedTags(database.db, viewer.id)) >= MAX_BLOCKED_TAGS) {
    throw new CurationError(`your blocklist has ${MAX_BLOCKED_TAGS} tags, the most it can hold; remove some first`);
  }
  const created = await repo.insertBlockedTag(database.db, viewer.id, canonical.id);
  return {
    tag: { id: canonical.id, name: canonical.name, type: canonical.type, synonymOf: null },
    synonym: canonical.id === found.id ? null : { id: found.id, name: found.name },
    created,
  };
}

export async function unblockTag(database: Database, viewer: SignedIn, tagId: number): Promise<boolean> {
  return repo.deleteBlockedTag(database.db, viewer.id, tagId);
}

export async function blockedTagsOf(database: Database, viewer: SignedIn): Promise<repo.BlockedTag[]> {
  return repo.listBlockedTags(database.db, viewer.id);
}

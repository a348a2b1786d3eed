// Tag wrangling as AO3 does it: canonical tags, synonyms that point to one, and parent links
// (meta tags of the same type; a character's or relationship's fandom). Every change rebuilds
// the filters of the works it can move, in the same transaction.
import { createHash } from 'node:crypto';
import type { WrangledChild } from './wrangling.repo.ts';
import type { Database } from '../db/database.ts';
import { reindexWorks } from '../search/indexing.service.ts';
import { worksTouchedByTags } from './filters.repo.ts';
import { findTagByName, type TagRow } from './tags.repo.ts';
import * as wrangling from './wrangling.repo.ts';
import { mediaNamed, type Media } from './media.ts';
import { setTagMedia, tagMedia } from './media.repo.ts';
import { fandomMedia, type MediaSource } from './media.service.ts';
import { jobQueue } from '../jobs/queue.ts';

export class WranglingError extends Error {}

async function mustFind(db: Database['db'], name: string): Promise<TagRow> {
  const tag = await findTagByName(db, name);
  if (!tag) throw new WranglingError(`there is no tag named '${name}'`);
  return tag;
}

export interface WrangleResult {
  message: string;
  /** Works whose filters were rebuilt. */
  works: number;
}

/**
 * Makes `synonymName` a synonym of `canonicalName` (AO3's "merge"): works tagged with the synonym
 * match the canonical tag in every filter, and the synonym's own synonyms follow it.
 */
export async function makeSynonym(
  database: Database,
  synonymName: string,
  canonicalName: string,
): Promise<WrangleResult> {
  return database.db.transaction().execute(async (trx) => {
    const synonym = await mustFind(trx, synonymName);
    const canonical = await mustFind(trx, canonicalName);
    if (synonym.id === canonical.id)
      throw new WranglingError(`a tag cannot be a synonym of itself ('${synonym.name}')`);
    if (!canonical.canonical)
      throw new WranglingError(`'${canonical.name}' is not canonical; make it canonical first (quire tags canonical)`);
    if (synonym.type !== canonical.type) {
      throw new WranglingError(
        `'${synonym.name}' is a ${synonym.type} tag and '${canonical.name}' a ${canonical.type} tag; synonyms must share a type`,
      );
    }
    const touched = await worksTouchedByTags(trx, [synonym.id, canonical.id]);
    await wrangling.pointSynonyms(trx, synonym.id, canonical.id);
    await reindexWorks({ db: trx, dialect: database.dialect }, touched);
    return { message: `'${synonym.name}' is now a synonym of '${canonical.name}'`, works: touched.length };
  });
}

export async function setCanonical(database: Database, name: string, canonical: boolean): Promise<WrangleResult> {
  return database.db.transaction().execute(async (trx) => {
    const tag = await mustFind(trx, name);
    if (canonical && tag.synonymOf !== null)
      throw new WranglingError(`'${tag.name}' is a synonym; a synonym cannot be canonical`);
    if (!canonical && (await wrangling.synonymCount(trx, tag.id)) > 0) {
      throw new WranglingError(`'${tag.name}' has synonyms; point them at another canonical tag first`);
    }
    await wrangling.setCanonicalFlag(trx, tag.id, canonical);
    return { message: `'${tag.name}' is ${canonical ? 'now' : 'no longer'} canonical`, works: 0 };
  });
}

/** Which parent links make sense: a meta tag of the same type, or a character's/relationship's fandom. */
function parentAllowed(child: TagRow, parent: TagRow): boolean {
  if (child.type === parent.type) return true;
  if (parent.type === 'fandom')
    return child.type === 'character' || child.type === 'relationship' || child.type === 'freeform';
  return parent.type === 'character' && child.type === 'relationship';
}

export async function setParent(
  database: Database,
  childName: string,
  parentName: string,
  link: boolean,
): Promise<WrangleResult> {
  const queue = await jobQueue(database);
  return database.db.transaction().execute(async (trx) => {
    const child = await mustFind(trx, childName);
    const parent = await mustFind(trx, parentName);
    if (link) {
      if (child.id === parent.id) throw new WranglingError(`'${child.name}' cannot be its own parent`);
      if (!parentAllowed(child, parent))
        throw new WranglingError(`a ${parent.type} tag cannot be the parent of a ${child.type} tag`);
      if (!parent.canonical)
        throw new WranglingError(`'${parent.name}' is not canonical; only canonical tags can be parents`);
      if (await wrangling.isAncestor(trx, child.id, parent.id)) {
        throw new WranglingError(`'${child.name}' is already above '${parent.name}'; the link would make a loop`);
      }
    }
    const touched = await worksTouchedByTags(trx, [child.id]);
    if (link) await wrangling.addParent(trx, parent.id, child.id);
    else await wrangling.removeParent(trx, parent.id, child.id);
    await reindexWorks({ db: trx, dialect: database.dialect }, touched);
    // A character or pairing placed under (or taken from) a fandom changes what the analysis
    // knows of it (archiveCanon): the fandom's works are read again, by a job, once this commits.
    if (parent.type === 'fandom' && parent.canonical && (child.type === 'character' || child.type === 'relationship'))
      await queue.enqueue('tags.reanalyse', { tagIds: [parent.id] }, { trx });
    const verb = link ? 'is now under' : 'is no longer under';
    return { message: `'${child.name}' ${verb} '${parent.name}'`, works: touched.length };
  });
}

export interface TagDetails {
  tag: TagRow;
  synonymOf: string | null;
  synonyms: string[];
  parents: { name: string; type: string }[];
  children: { name: string; type: string }[];
  filterCount: number;
  /** A fandom's media and where it comes from; null for other tags. */
  media: { media: Media; source: MediaSource } | null;
}

export async function tagDetails(database: Database, name: string): Promise<TagDetails> {
  const tag = await mustFind(database.db, name);
  const media =
    tag.type === 'fandom' ? fandomMedia({ name: tag.name, media: await tagMedia(database.db, tag.id) }) : null;
  return { tag, ...(await wrangling.relations(database.db, tag)), media };
}

/**
 * Files a fandom under one of AO3's media categories; an empty choice takes the wrangler's
 * choice back, so the bundled canon's media (or Uncategorized Fandoms) counts again.
 */
export async function setFandomMedia(database: Database, name: string, choice: string): Promise<WrangleResult> {
  return database.db.transaction().execute(async (trx) => {
    const tag = await mustFind(trx, name);
    if (tag.type !== 'fandom')
      throw new WranglingError(`'${tag.name}' is a ${tag.type} tag; only fandoms have a media`);
    if (tag.synonymOf !== null)
      throw new WranglingError(`'${tag.name}' is a synonym; set the media of its canonical tag`);
    const media = choice.trim() === '' ? null : mediaNamed(choice.trim());
    if (media === undefined) throw new WranglingError(`'${choice}' is not one of AO3's media categories`);
    await setTagMedia(trx, tag.id, media);
    const now = fandomMedia({ name: tag.name, media });
    return {
      message:
        media === null
          ? `'${tag.name}' is filed by default again, under ${now.media}`
          : `'${tag.name}' is now filed under ${media}`,
      works: 0,
    };
  });
}

/** What the archive's wrangling adds to the bundled canon, with a version that changes with it. */
export interface ArchiveCanon {
  version: string;
  children: WrangledChild[];
}

/** Read on each analysis (a post or an import, never a page view): a wrangling counts at once. */
export async function archiveCanon(database: Database): Promise<ArchiveCanon> {
  const children = await wrangling.wrangledChildren(database.db);
  const version = createHash('sha1').update(JSON.stringify(children)).digest('base64url');
  return { version, children };
}

// Finding tags (AO3's tag search): by words in the name, type, canonical tags alone, and the
// fandom a character's or relationship's tag belongs to. Each tag comes with its type, whether it
// is canonical and the works it filters to, from the counts the filters keep (a guest's leave out
// restricted works), so a search costs no count of works.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import { findTagByName, type FoundTag, searchTags as findTags, countTagSearch } from './tags.repo.ts';
import { TAG_TYPES, type TagType } from './tag-types.ts';

export const TAGS_PAGE = 50;
export const TAG_QUERY_MAX = 150;

export interface TagSearchInput {
  text?: string;
  type?: string;
  canonicalOnly?: boolean;
  fandom?: string;
  page?: number;
}

export interface TagResults {
  asked: boolean;
  total: number;
  page: number;
  tags: FoundTag[];
  hasNext: boolean;
  notices: string[];
}

export function isTagType(type: string | undefined): type is TagType {
  return (TAG_TYPES as readonly string[]).includes(type ?? '');
}

export async function searchTags(
  database: Database,
  viewer: SignedIn | null,
  input: TagSearchInput,
): Promise<TagResults> {
  const text = input.text?.trim().slice(0, TAG_QUERY_MAX) ?? '';
  const type = isTagType(input.type) ? input.type : undefined;
  const fandomName = input.fandom?.trim().slice(0, TAG_QUERY_MAX) ?? '';
  const page = input.page ?? 1;
  const asked = !!text || !!type || input.canonicalOnly === true || !!fandomName;
  const none: TagResults = { asked, total: 0, page, tags: [], hasNext: false, notices: [] };
  if (!asked) return none;
  let fandomId: number | undefined;
  if (fandomName) {
    const fandom = await findTagByName(database.db, fandomName);
    if (fandom?.type !== 'fandom') return { ...none, notices: [`no fandom is named '${fandomName}' in this archive`] };
    fandomId = fandom.synonymOf ?? fandom.id;
  }
  const spec = { text, type, canonicalOnly: input.canonicalOnly === true, fandomId, guest: viewer === null };
  const [rows, total] = await Promise.all([
    findTags(database.db, spec, { offset: (page - 1) * TAGS_PAGE, limit: TAGS_PAGE + 1 }),
    countTagSearch(database.db, spec),
  ]);
  return { ...none, total, tags: rows.slice(0, TAGS_PAGE), hasNext: rows.length > TAGS_PAGE };
}

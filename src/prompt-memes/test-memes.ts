// Fixtures for prompt meme tests: a collection, its prompt meme settings and a prompt.
import type { SignedIn } from '../accounts/accounts.service.ts';
import type { Database } from '../db/database.ts';
import type { CollectionFields } from '../collections/collection-rules.ts';
import * as collections from '../collections/collections.service.ts';
import type { MemeFields, PromptFields } from './prompt-rules.ts';
import * as memes from './prompt-memes.service.ts';

export const COLLECTION: CollectionFields = {
  ...{ name: 'kinkmeme', title: 'A kink meme', description: '', parent: '' },
  ...{ open: true, moderated: false, unrevealed: false, anonymous: false, revealAt: '' },
};
export const MEME: MemeFields = {
  promptsOpen: true,
  anonymousAllowed: true,
  promptsPerMember: '2',
  tagTypes: ['fandom', 'character', 'freeform'],
  fandoms: '',
};
export const PROMPT: PromptFields = {
  title: 'Lighthouse keepers in love',
  description: 'Slow burn, please.',
  anonymous: false,
  tags: { fandom: 'Original Work', freeform: 'Slow Burn' },
};
export async function meme(database: Database, mod: SignedIn, over: Partial<CollectionFields> = {}) {
  await collections.createCollection(database, mod, { ...COLLECTION, ...over });
  await memes.saveMemeSettings(database, mod, over.name ?? COLLECTION.name, MEME);
}

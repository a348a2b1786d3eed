// The JSON API's prompt schemas, in the plain JSON Schema that src/api/schemas.ts writes (nullable
// values as `type: [T, 'null']`), kept here beside the prompts they describe.
import { BLURB } from '../api/schemas.ts';

const str = (description?: string) => ({ type: 'string', ...(description ? { description } : {}) });
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});

export const PROMPT = object({
  id: { type: 'integer' },
  collection: str('the collection name'),
  title: str(),
  description: str(),
  anonymous: { type: 'boolean', description: 'posted anonymously' },
  prompter: { type: ['string', 'null'], description: "the prompter's username; null when anonymous to the caller" },
  tags: { type: 'array', items: object({ type: str('fandom, character, relationship or freeform'), name: str() }) },
  claims: { type: 'integer', description: 'how many readers claimed it' },
  claimants: {
    type: ['array', 'null'],
    items: str(),
    description: "the claimants' usernames; null while the collection hides its creators",
  },
  fills: { type: 'array', items: BLURB, description: 'works filling it that the caller may read' },
  createdAt: str(),
  url: str(),
});

export const PROMPT_LIST = object({
  collection: str(),
  promptsOpen: { type: 'boolean' },
  prompts: { type: 'array', items: PROMPT, description: 'newest first' },
  next: { type: ['string', 'null'] },
});

export const PROMPT_LIST_QUERY = object(
  {
    fandom: str('prompts naming this fandom'),
    tag: str('prompts carrying this tag'),
    status: { type: 'string', enum: ['claimed', 'unclaimed', 'filled', ''] },
    before: str('cursor from the previous page'),
  },
  [],
);

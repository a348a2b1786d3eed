// Gift exchanges, as on AO3's challenges: a collection's moderators turn it into an exchange with
// a sign-up form, matching rules and dates; signed-in readers sign up (requests and offers checked
// against the form), edit and withdraw until sign-ups close, which the recurring job
// `exchanges.close` does on time. Matching and assignments are in assignments.service.ts.
import type { SignedIn } from '../accounts/accounts.service.ts';
import { defaultPseudOf } from '../accounts/accounts.repo.ts';
import { AppError } from '../app-error.ts';
import type { MatchRules } from '../challenges/exchange.ts';
import { revealTime } from '../collections/collection-rules.ts';
import * as collections from '../collections/collections.repo.ts';
import { syncWorks } from '../collections/collections.service.ts';
import { retryingConflicts, type Database } from '../db/database.ts';
import {
  checkPrompts,
  DEFAULT_FORM,
  DEFAULT_RULES,
  parsePrompts,
  parseSettings,
  type Problem,
  type Prompt,
  readPrompts,
  type SignupForm,
} from './exchange-form.ts';
import * as repo from './exchanges.repo.ts';

export type Tx = Database['db'];
type Get = (name: string) => string | undefined;

/** A sign-up with problems: the form is shown again with each of them by its field. */
export class SignupError extends AppError {
  constructor(readonly problems: Problem[]) {
    super('invalid', problems.map((p) => p.message).join('; '));
  }
}

export interface Exchange {
  collection: collections.CollectionRow;
  row: repo.ExchangeRow;
  form: SignupForm;
  rules: MatchRules;
}

export async function collectionNamed(db: Tx, name: string): Promise<collections.CollectionRow> {
  const c = await collections.collectionByName(db, name);
  if (!c) throw new AppError('not_found', `collection '${name}' was not found`);
  return c;
}

/** Whether the viewer runs the collection: its owners and moderators, and admins. */
export async function runs(db: Tx, collectionId: number, viewer: SignedIn | null): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  const role = await collections.roleOf(db, collectionId, viewer.id);
  return role === 'owner' || role === 'moderator';
}

export async function mustRun(db: Tx, collectionId: number, viewer: SignedIn): Promise<void> {
  if (!(await runs(db, collectionId, viewer)))
    throw new AppError('forbidden', 'only the collection’s moderators can do that');
}

function parsed(c: collections.CollectionRow, row: repo.ExchangeRow): Exchange {
  const read = <T>(json: string, fallback: T): T => {
    try {
      return JSON.parse(json) as T;
    } catch {
      return fallback;
    }
  };
  return { collection: c, row, form: read(row.form, DEFAULT_FORM), rules: read(row.rules, DEFAULT_RULES) };
}

/** The collection's exchange, or undefined when it is not one. */
export async function findExchange(db: Tx, name: string): Promise<Exchange | undefined> {
  const c = await collectionNamed(db, name);
  const row = await repo.exchangeOf(db, c.id);
  return row && parsed(c, row);
}

export async function mustFindExchange(db: Tx, name: string): Promise<Exchange> {
  const x = await findExchange(db, name);
  if (!x) throw new AppError('not_found', `the collection '${name}' is not a gift exchange`);
  return x;
}

export async function isExchange(database: Database, collectionId: number): Promise<boolean> {
  return (await repo.exchangeOf(database.db, collectionId)) !== undefined;
}

/** Whether sign-ups take changes now. */
export function signupsOpen(x: Exchange, now = new Date()): boolean {
  return x.row.signups_open === 1 && (x.row.signups_close_at === null || x.row.signups_close_at > now.toISOString());
}

function time(raw: string | undefined, what: string): string | null {
  try {
    return revealTime(raw ?? '');
  } catch {
    throw new AppError('invalid', `${what}: '${(raw ?? '').slice(0, 40)}' is not a time (YYYY-MM-DD HH:MM, UTC)`);
  }
}

/**
 * The moderators make the collection a gift exchange or change its settings: the sign-up form,
 * the matching rules, whether sign-ups are open and the dates. A works reveal date makes the
 * collection unrevealed and anonymous until then (the reveal job shows them).
 */
export async function saveExchange(database: Database, viewer: SignedIn, name: string, get: Get): Promise<void> {
  const { form, rules } = parseSettings(get);
  const closeAt = time(get('signups_close_at'), 'Sign-ups close');
  const dueAt = time(get('assignments_due_at'), 'Assignments due');
  const revealAt = time(get('reveal_at'), 'Works revealed');
  const open = ['1', 'on'].includes(get('signups_open') ?? '');
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const c = await collectionNamed(trx, name);
      await mustRun(trx, c.id, viewer);
      const now = new Date().toISOString();
      const before = await repo.exchangeOf(trx, c.id);
      await repo.saveExchange(
        trx,
        c.id,
        {
          form: JSON.stringify(form),
          rules: JSON.stringify(rules),
          signups_open: open ? 1 : 0,
          signups_close_at: closeAt,
          assignments_due_at: dueAt,
        },
        now,
      );
      if (open && before?.sent_at)
        throw new AppError('invalid', 'the assignments were sent: sign-ups cannot open again');
      if (open && before?.signups_closed_at) await repo.setClosed(trx, c.id, null);
      // Sign-ups open again: a matching of the old ones is no answer for the new.
      if (open && before && before.matching !== 'none') {
        await repo.deleteDrafts(trx, c.id);
        await repo.setMatching(trx, c.id, 'none', null);
      }
      if (revealAt !== null || before === undefined) {
        await repo.hideUntil(trx, c.id, revealAt, now);
        await collections.setRevealed(trx, c.id, revealAt !== null && revealAt <= now ? now : null);
        await syncWorks(trx, await collections.workIdsOfCollection(trx, c.id));
      }
    }),
  );
}

/** A reader signs up, or changes their sign-up, while sign-ups are open. */
export async function saveSignup(database: Database, viewer: SignedIn, name: string, get: Get): Promise<void> {
  const x = await mustFindExchange(database.db, name);
  if (!signupsOpen(x)) throw new AppError('invalid', 'sign-ups for this exchange are closed');
  const requests = checkPrompts(x.form, 'request', parsePrompts(x.form, 'request', get));
  const offers = checkPrompts(x.form, 'offer', parsePrompts(x.form, 'offer', get));
  const problems = [...requests.problems, ...offers.problems];
  if (problems.length) throw new SignupError(problems);
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      await repo.saveSignup(
        trx,
        {
          collectionId: x.collection.id,
          userId: viewer.id,
          pseudId: await defaultPseudOf(trx, viewer.id),
          requests: JSON.stringify(requests.kept),
          offers: JSON.stringify(offers.kept),
        },
        new Date().toISOString(),
      );
    }),
  );
}

export async function withdrawSignup(database: Database, viewer: SignedIn, name: string): Promise<void> {
  const x = await mustFindExchange(database.db, name);
  if (!signupsOpen(x)) throw new AppError('invalid', 'sign-ups are closed: ask the moderators to take you off');
  if (!(await repo.deleteSignup(database.db, x.collection.id, { userId: viewer.id })))
    throw new AppError('not_found', 'you have not signed up for this exchange');
}

/**
 * A moderator takes a participant off the exchange, at any time before the assignments go out
 * (after, defaulting and pinch hits are the way). A matching made with them is dropped: it has to
 * be run again without them.
 */
export async function removeSignup(database: Database, viewer: SignedIn, name: string, id: number): Promise<void> {
  await retryingConflicts(() =>
    database.db.transaction().execute(async (trx) => {
      const x = await mustFindExchange(trx, name);
      await mustRun(trx, x.collection.id, viewer);
      if (x.row.sent_at)
        throw new AppError('invalid', 'the assignments were sent: default or reassign the assignment instead');
      if (!(await repo.deleteSignup(trx, x.collection.id, { id })))
        throw new AppError('not_found', `sign-up ${id} is not in this exchange`);
      if (x.row.matching !== 'none') {
        await repo.deleteDrafts(trx, x.collection.id);
        await repo.setMatching(trx, x.collection.id, 'none', null);
      }
    }),
  );
}

export interface Signup {
  id: number;
  userId: number;
  username: string;
  pseud: string;
  requests: Prompt[];
  offers: Prompt[];
}

export const readSignup = (s: repo.SignupRow): Signup => ({
  id: s.id,
  userId: s.userId,
  username: s.username,
  pseud: s.pseud,
  requests: readPrompts(s.requests),
  offers: readPrompts(s.offers),
});

export async function mySignup(database: Database, viewer: SignedIn, x: Exchange): Promise<Signup | undefined> {
  const row = await repo.signupOf(database.db, x.collection.id, viewer.id);
  return row && readSignup(row);
}

export interface FandomCount {
  fandom: string;
  requested: number;
  offered: number;
}

/** How many sign-ups the summary's table shows at once: a large exchange has thousands. */
export const SIGNUPS_PER_PAGE = 100;

/** How many have signed up, for the exchange's moderators. */
export async function signupCount(database: Database, viewer: SignedIn, x: Exchange): Promise<number> {
  await mustRun(database.db, x.collection.id, viewer);
  return repo.countSignups(database.db, x.collection.id);
}

/**
 * The moderators' sign-up summary: per fandom how many request and offer it (over every
 * sign-up), and one page of the sign-ups, those after id `after` in the order they came.
 */
export async function signupSummary(
  database: Database,
  viewer: SignedIn,
  name: string,
  after = 0,
  perPage = SIGNUPS_PER_PAGE,
) {
  const x = await mustFindExchange(database.db, name);
  await mustRun(database.db, x.collection.id, viewer);
  // The counts need every sign-up's prompts; the table needs one page of whole sign-ups.
  const [promptRows, page] = await Promise.all([
    repo.signupPrompts(database.db, x.collection.id),
    repo.signupsAfter(database.db, x.collection.id, after, perPage + 1),
  ]);
  const counts = new Map<string, FandomCount>();
  const add = (prompts: Prompt[], key: 'requested' | 'offered') => {
    const seen = new Set<string>();
    for (const p of prompts)
      for (const f of p.tags.fandom ?? []) {
        const k = f.toLowerCase();
        if (seen.has(k)) continue;
        seen.add(k);
        const c = counts.get(k) ?? { fandom: f, requested: 0, offered: 0 };
        c[key]++;
        counts.set(k, c);
      }
  };
  for (const r of promptRows) add(readPrompts(r.requests), 'requested'), add(readPrompts(r.offers), 'offered');
  const fandoms = [...counts.values()].sort((a, b) => a.fandom.localeCompare(b.fandom));
  const signups = page.slice(0, perPage).map(readSignup);
  const next = page.length > perPage ? signups[signups.length - 1]!.id : null;
  return { exchange: x, total: promptRows.length, signups, next, fandoms };
}

/**
 * Closes the sign-ups of every exchange whose close time has come. Safe in any number of
 * processes at once (each close is one conditional update); the recurring job runs it.
 */
export async function closeDue(database: Database, now: Date = new Date()): Promise<number> {
  let closed = 0;
  for (const id of await repo.dueCloses(database.db, now.toISOString()))
    if (await repo.closeSignups(database.db, id, now.toISOString())) closed++;
  return closed;
}

// What a guest's work page reads for each request (guest-facts.repo.ts). On SQLite that is a call
// into this process. On PostgreSQL each statement is a round trip that costs both processes more
// than the lookup itself, so guests asking at once share one: the requests that arrive in one turn
// of the event loop, or while reads are under way, are read together by the next statement. Every request's
// read still starts after it arrived, so it sees every change committed before it, as its own
// statement would.
import type { Database } from '../db/database.ts';
import { guestKey } from '../community/guest-key.ts';
import { type GuestPageFacts, guestPageFacts, guestPageFactsOfMany } from './guest-facts.repo.ts';

export type { GuestPageFacts } from './guest-facts.repo.ts';

interface Asked {
  workId: number;
  guestKey: string;
  resolve(facts: GuestPageFacts | null): void;
  reject(error: unknown): void;
}

/** Past this many, a batch's statement is split: a statement's parameters stay small. */
const MOST_AT_ONCE = 500;

/**
 * Reads under way at once at most: the next batch is sent while one is answered, so that the
 * process has requests to answer meanwhile, not one round trip's wait after each batch.
 */
const READS_AT_ONCE = 2;

class FactsBatches {
  private waiting: Asked[] = [];
  private reading = 0;
  private scheduled = false;

  constructor(private readonly database: Database) {}

  read(workId: number, key: string): Promise<GuestPageFacts | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ workId, guestKey: key, resolve, reject });
      this.schedule();
    });
  }

  /** Sends what waits once this turn of the event loop has taken every request it parsed. */
  private schedule(): void {
    if (this.scheduled || this.reading >= READS_AT_ONCE || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    if (this.reading >= READS_AT_ONCE || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, MOST_AT_ONCE);
    this.reading++;
    guestPageFactsOfMany(this.database.db, batch)
      .then(
        (rows) => {
          for (const [i, asked] of batch.entries()) asked.resolve(rows[i] ?? null);
        },
        (e: unknown) => {
          for (const asked of batch) asked.reject(e);
        },
      )
      .finally(() => {
        this.reading--;
        this.schedule();
      });
  }
}

const batches = new WeakMap<Database, FactsBatches>();

/** The content versions, the work's hits and this guest's kudos, for a guest's page. */
export function readGuestPageFacts(
  database: Database,
  workId: number,
  address: string,
): Promise<GuestPageFacts | null> {
  const key = guestKey(address);
  if (database.dialect === 'sqlite') return guestPageFacts(database.db, workId, key);
  let batch = batches.get(database);
  if (!batch) {
    batch = new FactsBatches(database);
    batches.set(database, batch);
  }
  return batch.read(workId, key);
}

// The one read a guest's work page costs (works/guest-facts.ts): the archive's content version
// (migration 17), the work's own (migration 21), the work's hits, and whether this guest (by key)
// left kudos on it. One guest at a time on SQLite, many at once on PostgreSQL.
import { CompiledQuery, type Kysely } from 'kysely';
import { keepPrepared } from '../db/prepared.ts';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export interface GuestPageFacts {
  version: number;
  workVersion: number;
  hits: number | null;
  kudosGiven: boolean;
}

/** Stand-ins for a request's values in the compiled facts query. */
const FACTS_WORK = -1_000_000_007;
const FACTS_KEY = '\u0000guest-key';

function guestPageFactsQuery(db: Db, workId: number, guestKey: string) {
  return db
    .selectFrom('content_version')
    .select((eb) => [
      'version',
      eb.selectFrom('work_versions').select('version').where('work_id', '=', workId).as('work_version'),
      eb.selectFrom('works').select('hits').where('id', '=', workId).as('hits'),
      eb
        .case()
        .when(
          eb.exists(
            eb.selectFrom('kudos').select('id').where('work_id', '=', workId).where('guest_key', '=', guestKey),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('given'),
    ])
    .where('id', '=', 1);
}

type FactsRow = Awaited<ReturnType<ReturnType<typeof guestPageFactsQuery>['executeTakeFirstOrThrow']>>;
const factsQueries = new WeakMap<Db, CompiledQuery<FactsRow>>();

function facts(row: { version: unknown; work_version: unknown; hits: unknown; given: unknown }): GuestPageFacts | null {
  if (row.version === null) return null;
  return {
    version: Number(row.version),
    workVersion: Number(row.work_version ?? 0),
    hits: row.hits === null ? null : Number(row.hits),
    kudosGiven: Number(row.given) === 1,
  };
}

/**
 * One guest's facts in one statement. Read before the page's rows, never after: a change between
 * the two then only makes the page look older than it is. Null if the archive's version row is
 * missing (then no page may claim a version).
 */
export async function guestPageFacts(db: Db, workId: number, guestKey: string): Promise<GuestPageFacts | null> {
  // Built and compiled once per handle, then run with this request's values: it runs for every
  // guest's view, where building the query would cost more than running it.
  let compiled = factsQueries.get(db);
  if (!compiled) {
    compiled = guestPageFactsQuery(db, FACTS_WORK, FACTS_KEY).compile();
    keepPrepared(compiled.sql);
    factsQueries.set(db, compiled);
  }
  const parameters = compiled.parameters.map((p) => (p === FACTS_WORK ? workId : p === FACTS_KEY ? guestKey : p));
  const [row] = (await db.executeQuery<FactsRow>({ ...compiled, parameters })).rows;
  return row ? facts(row) : null;
}

/**
 * PostgreSQL: many guests' facts in one statement, in the order asked, all from one snapshot.
 * Each lookup is a subquery per pair, so that the plan PostgreSQL keeps for the named statement
 * walks the same indexes whatever the number of pairs.
 */
const MANY_FACTS = `SELECT
  (SELECT version FROM content_version WHERE id = 1) AS version,
  (SELECT version FROM work_versions WHERE work_id = r.work_id) AS work_version,
  (SELECT hits FROM works WHERE id = r.work_id) AS hits,
  CASE WHEN EXISTS (SELECT 1 FROM kudos WHERE work_id = r.work_id AND guest_key = r.guest_key) THEN 1 ELSE 0 END AS given
FROM unnest($1::int[], $2::text[]) WITH ORDINALITY AS r(work_id, guest_key, i)
ORDER BY r.i`;
keepPrepared(MANY_FACTS);

export async function guestPageFactsOfMany(
  db: Db,
  asked: readonly { workId: number; guestKey: string }[],
): Promise<(GuestPageFacts | null)[]> {
  const query = CompiledQuery.raw(MANY_FACTS, [asked.map((a) => a.workId), asked.map((a) => a.guestKey)]);
  const { rows } = await db.executeQuery<FactsRow>(query);
  return rows.map(facts);
}

// The SQL the PostgreSQL queue runs itself: pg-boss's own statements pass through here to our
// pool (so an enqueue can join the caller's transaction), and the reads pg-boss has no call for
// (the dead-letter list, counts for the metrics) look at its job table, `pgboss.job`.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Schema } from '../db/schema.ts';

type Db = Kysely<Schema>;

export const PG_BOSS_SCHEMA = 'pgboss';

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** pg-boss's way to run SQL, over a Kysely connection or transaction. */
export function executor(db: Db): SqlExecutor {
  return {
    async executeSql(text, values) {
      const query = CompiledQuery.raw(text, values ?? []);
      // In the caller's transaction a failure is the caller's to roll back.
      if (db.isTransaction) return { rows: (await db.executeQuery(query)).rows ?? [] };
      return db.connection().execute(async (conn) => {
        try {
          return { rows: (await conn.executeQuery(query)).rows ?? [] };
        } catch (e) {
          // pg-boss sends some commands as one text with its own BEGIN and COMMIT; one that fails
          // midway leaves its connection in the aborted transaction, which must not go back to the
          // pool (every later query on it would fail). Outside a transaction this does nothing.
          await conn.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
          throw e;
        }
      });
    },
  };
}

/** Holds queue set-up to one process at a time until the caller's transaction ends. */
export async function lockQueueSetUp(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('quire.pgboss.queue-setup'))`.execute(trx);
}

export interface BossJobRow {
  id: string;
  name: string;
  data: Record<string, unknown> | null;
  state: string;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: { message?: string; value?: { message?: string } } | null;
}

const job = sql.table(`${PG_BOSS_SCHEMA}.job`);

export async function failedJobs(db: Db, names: readonly string[], limit: number): Promise<BossJobRow[]> {
  if (names.length === 0) return [];
  const r = await sql<BossJobRow>`
    SELECT id::text AS id, name, data, state::text AS state, retry_count, retry_limit, start_after, started_on, completed_on, output
      FROM ${job}
     WHERE state = 'failed' AND name IN (${sql.join(names)})
     ORDER BY completed_on DESC, id
     LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function jobById(db: Db, id: string): Promise<BossJobRow | undefined> {
  const r = await sql<BossJobRow>`
    SELECT id::text AS id, name, data, state::text AS state, retry_count, retry_limit, start_after, started_on, completed_on, output
      FROM ${job} WHERE id = CAST(${id} AS uuid)`.execute(db);
  return r.rows[0];
}

/**
 * A running job back to waiting, due now, its try not counted: pg-boss counts a try when it
 * fetches a job that has started before, so the start is forgotten.
 */
export async function releaseJob(db: Db, name: string, id: string): Promise<void> {
  await sql`
    UPDATE ${job}
       SET state = CASE WHEN retry_count > 0 THEN 'retry' ELSE 'created' END::${sql.raw(PG_BOSS_SCHEMA)}.job_state,
           started_on = NULL, start_after = now()
     WHERE name = ${name} AND id = CAST(${id} AS uuid) AND state = 'active'`.execute(db);
}

export async function counts(
  db: Db,
  names: readonly string[],
): Promise<{ waiting: number; scheduled: number; running: number; dead: number; oldest_seconds: number }> {
  const r = await sql<{ waiting: string; scheduled: string; running: string; dead: string; oldest_seconds: string }>`
    SELECT count(*) FILTER (WHERE state < 'active' AND start_after <= now()) AS waiting,
           count(*) FILTER (WHERE state < 'active' AND start_after > now()) AS scheduled,
           count(*) FILTER (WHERE state = 'active') AS running,
           count(*) FILTER (WHERE state = 'failed') AS dead,
           COALESCE(EXTRACT(epoch FROM now() - min(start_after) FILTER (WHERE state < 'active' AND start_after <= now())), 0) AS oldest_seconds
      FROM ${job}
     WHERE name IN (${sql.join(names)}) AND state IN ('created', 'retry', 'active', 'failed')`.execute(db);
  const row = r.rows[0]!;
  return {
    waiting: Number(row.waiting),
    scheduled: Number(row.scheduled),
    running: Number(row.running),
    dead: Number(row.dead),
    oldest_seconds: Number(row.oldest_seconds),
  };
}
